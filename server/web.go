package server

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/web"
)

// The pages load only what the binary serves: scripts and styles from
// /assets/, data from /graphql (and /reports/ for downloads).
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// hashed matches the content-hashed names of built scripts and styles.
var hashed = regexp.MustCompile(`-[A-Z0-9]{8,}\.(js|css)$`)

// webRoutes serves the explorer page at /, GraphiQL at /graphiql and their
// assets at /assets/, all from the front end embedded in the binary.
func webRoutes(r *gin.Engine, opts Options) {
	webRoutesFS(r, web.Dist(), authMode(opts))
}

// authMode tells the pages how to authenticate: "none" (no
// authentication), "demo" (take a token from /auth/demo-tokens) or
// "token" (the user pastes one).
func authMode(opts Options) string {
	switch {
	case opts.Auth == nil:
		return "none"
	case opts.DemoTokens != nil:
		return "demo"
	default:
		return "token"
	}
}

func webRoutesFS(r *gin.Engine, files fs.FS, mode string) {
	r.GET("/", page(files, "index.html", mode))
	r.HEAD("/", page(files, "index.html", mode))
	r.GET("/graphiql", page(files, "graphiql.html", mode))
	r.HEAD("/graphiql", page(files, "graphiql.html", mode))
	r.GET("/assets/*file", asset(files))
	r.HEAD("/assets/*file", asset(files))
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/assets/favicon.svg") })
}

// notBuilt answers when the binary was built without `make web`.
const notBuilt = `<!doctype html><meta charset="utf-8"><title>Liaison</title>
<p>The explorer page was not built into this binary. Run <code>make web</code> (or <code>make build</code>) and rebuild.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`

// authMeta is the tag of the built pages that page fills with the mode.
const authMeta = `<meta name="liaison-auth" content="">`

func page(files fs.FS, name, mode string) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, err := fs.ReadFile(files, name)
		if err == nil {
			body = bytes.Replace(body, []byte(authMeta), []byte(`<meta name="liaison-auth" content="`+mode+`">`), 1)
		}
		h := c.Writer.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if err != nil {
			c.Data(http.StatusServiceUnavailable, "text/html; charset=utf-8", []byte(notBuilt))
			return
		}
		h.Set("Content-Security-Policy", pageCSP)
		http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(body))
	}
}

func asset(files fs.FS) gin.HandlerFunc {
	return func(c *gin.Context) {
		name := path.Clean("/" + c.Param("file"))
		if name == "/" || strings.HasSuffix(name, ".gz") {
			c.Status(http.StatusNotFound)
			return
		}
		name = "assets" + name
		body, err := fs.ReadFile(files, name)
		if err != nil {
			c.Status(http.StatusNotFound)
			return
		}
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if hashed.MatchString(name) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=3600")
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		// Scripts and styles are stored gzipped beside themselves too.
		if gz, err := fs.ReadFile(files, name+".gz"); err == nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(c.Request) && c.Request.Header.Get("Range") == "" {
				h.Set("Content-Encoding", "gzip")
				body = gz
			}
		}
		http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(body))
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
