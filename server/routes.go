package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/ast"
)

// routes lists every route of the service.
func routes(r *gin.Engine, svc Services, gql http.Handler, schema *ast.Schema, opts Options) {
	graphql := gin.WrapH(gql)
	authn := authenticate(opts)
	// GraphQL over HTTP (server/graphqlhttp.go): GET and POST are served,
	// OPTIONS answers what is allowed, every other method 405.
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead} {
		r.Handle(m, "/graphql", graphQLProtocol(), retryAfter(), idempotencyHeader(), authn, withLoaders(svc), graphql)
	}
	r.OPTIONS("/graphql", graphql)
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", readyz(svc))
	r.GET("/reports/units/:id", authn, guardRoutes(), reportHandler(svc))
	r.GET("/reports/summary", authn, guardRoutes(), summaryHandler(svc))
	r.GET("/analytics/cooperation.csv", authn, guardRoutes(), matrixCSV(svc))
	r.POST(exportPath, authn, guardRoutes(), exportHandler(gql, schema, svc, opts)) // a query's connection as CSV or XLSX (server/export.go)
	importRoutes(r, svc, authn)                                                     // importing a workbook from the page (server/importer.go)
	r.GET("/calendar/:file", calendarFeed(svc))                                     // the secret in the URL is the credential (server/calendar.go)
	if opts.DemoTokens != nil {
		r.GET("/auth/demo-tokens", demoTokens(opts.DemoTokens))
	}
	webRoutes(r, opts) // the explorer page at /, GraphiQL at /graphiql, /assets/ (server/web.go)
}

// readyz answers 200 while Neo4j answers, 503 otherwise.
func readyz(svc Services) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		if err := svc.Ping(ctx); err != nil {
			c.Header("Retry-After", strconv.Itoa(RetryAfterSeconds))
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "neo4j": graph.ErrorMessage(err)})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}
