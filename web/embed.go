// Package web holds Liaison's front end: the explorer page and GraphiQL,
// built by `make web` (esbuild, from web/src) into web/dist and embedded
// here. A fresh clone has only dist/.placeholder, so `go build` works
// before the first front-end build; the server then answers that the page
// is not built.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built front end: index.html, graphiql.html and assets/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees dist exists
	}
	return sub
}
