// Package server is Liaison's HTTP side: the gin router, its middleware,
// the GraphQL handler and the health endpoints.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/gql"
	"github.com/liaison/liaison/server/loaders"
	"github.com/liaison/liaison/server/resolvers"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Services are what the server serves; graph/neo4jdb's DB provides them all.
type Services interface {
	graph.PersonService
	graph.UnitService
	graph.RegionService
	graph.CompanyService
	graph.ProjectService
	graph.NodeService
	graph.RelationshipService
	graph.SearchService
	graph.InteractionService
	graph.TieService
	graph.PathService
	graph.NetworkService
	graph.NeighborhoodService
	graph.ReportService
	graph.AggregateService
	graph.ReminderService
	graph.ContributionService
	graph.RoleReportService
	graph.ImportService
	auth.AuditService
	// Ping tells whether the database answers (for /readyz).
	Ping(ctx context.Context) error
}

// Options tune the server.
type Options struct {
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; 0 means 1 MiB.
	MaxBodyBytes int64
	// MaxComplexity bounds a query's complexity (every field counts 1,
	// lists count their page size); 0 means 5000.
	MaxComplexity int
	// RequestTimeout bounds one request; 0 means 30 s.
	RequestTimeout time.Duration
	// Introspection allows schema introspection.
	Introspection bool
	// Auth verifies the bearer token of every /graphql and /reports
	// request. nil means no authentication at all: every request is an
	// admin (auth.Anonymous), with no rate limit. That is for tests and
	// embedding only; `liaison serve` always sets it.
	Auth *bearer.Verifier
	// Analytics computes brokers and communities (graph/neo4jdb's
	// Analytics, with its cache); nil answers those fields UNAVAILABLE.
	Analytics graph.NetworkAnalysisService
	// DemoTokens, when set (demo mode only), are served at
	// GET /auth/demo-tokens as {role: token}.
	DemoTokens map[auth.Role]string
	// RateLimit is the sustained requests per second allowed per token
	// subject (with Auth only); 0 means 20, negative means no limit.
	RateLimit float64
	// RateBurst is how many requests a token may send at once; 0 means 40.
	RateBurst int
	// MaxDepth bounds how deeply a query nests fields; 0 means 12.
	MaxDepth int
	// ExportRowLimit bounds the rows of one POST /export (server/export.go);
	// 0 means DefaultExportRowLimit.
	ExportRowLimit int
	// ExportTimeout bounds one POST /export, all its pages (each page has
	// RequestTimeout); 0 means DefaultExportTimeout.
	ExportTimeout time.Duration
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxComplexity <= 0 {
		o.MaxComplexity = 5000
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.RateLimit == 0 {
		o.RateLimit = DefaultRateLimit
	}
	if o.RateBurst <= 0 {
		o.RateBurst = DefaultRateBurst
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.ExportRowLimit <= 0 {
		o.ExportRowLimit = DefaultExportRowLimit
	}
	if o.ExportTimeout <= 0 {
		o.ExportTimeout = DefaultExportTimeout
	}
}

// New returns the HTTP handler with every route. The services are wrapped
// in Authorized, and that one value serves the resolvers, the loaders and
// the other routes.
func New(svc Services, opts Options) http.Handler {
	opts.defaults()
	svc = Authorize(roleReports(svc))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(requestID(opts.Logger), recoverer(), requestLog(opts.Logger), bodyLimit(opts.MaxBodyBytes), timeout(opts.RequestTimeout, opts.ExportTimeout), guardRoutes())
	gqlh, schema := newGraphQL(svc, opts)
	routes(r, svc, gqlh, schema, opts)
	return r
}

// newGraphQL builds the gqlgen handler: the GET and POST transport, the
// complexity limit, one error presenter and one panic handler; and returns
// the schema it serves.
func newGraphQL(svc Services, opts Options) (http.Handler, *ast.Schema) {
	es := gql.NewExecutableSchema(gql.Config{Resolvers: &resolvers.Resolver{
		PersonService: svc, UnitService: svc, RegionService: svc, CompanyService: svc, ProjectService: svc,
		NodeService: svc, RelService: svc, SearchService: svc, InteractionService: svc, TieService: svc, PathService: svc,
		NetworkService: svc, NeighborhoodService: svc, ReportService: svc, AuditService: svc,
		AggregateService: svc, ReminderService: svc, ContributionService: svc, AnalyticsService: analytics(opts.Analytics),
	}, Complexity: complexity()})
	h := handler.New(es)
	h.AddTransport(transport.Options{})
	h.AddTransport(graphQLTransport{}) // GET and POST, per the GraphQL-over-HTTP specification
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		h.Use(extension.Introspection{})
	}
	h.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	h.Use(depthLimit{max: opts.MaxDepth})
	h.AroundFields(guardFields)
	h.Use(&extension.ComplexityLimit{Func: func(ctx context.Context, rc *graphql.OperationContext) int { return opts.MaxComplexity }})
	h.AroundFields(idempotentFields)
	h.AroundFields(prefetchFields)
	h.SetErrorPresenter(presentError(opts.Logger))
	h.SetRecoverFunc(func(ctx context.Context, p any) error {
		logFor(ctx, opts.Logger).Error("panic in resolver", "panic", p)
		return graph.Errorf(graph.CodeInternal, "internal error")
	})
	return h, es.Schema()
}

// presentError puts the code of every error into extensions.code; the
// message of an internal error never leaves the server: it is logged with
// the request id.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var ge *graph.Error
		switch {
		case errors.As(err, &ge):
			gerr.Message = ge.Message
			switch ge.Code {
			case graph.CodeInternal:
				logFor(ctx, log).Error("internal error", "err", err, "path", gerr.Path.String())
				gerr.Message = "internal error"
			case graph.CodeUnavailable:
				hintUnavailable(ctx)
			}
			setCode(gerr, ge.Code)
			if f := errorField(ge); f != "" {
				gerr.Extensions["field"] = f
			}
		case gerr.Extensions != nil && gerr.Extensions["code"] != nil:
			// gqlgen's own: parse and validation failures, complexity.
			switch gerr.Extensions["code"] {
			case "COMPLEXITY_LIMIT_EXCEEDED":
				setCode(gerr, graph.CodeTooComplex)
			case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED":
				gerr.Extensions["reason"] = gerr.Extensions["code"]
				setCode(gerr, graph.CodeInvalidInput)
			}
		default:
			var gqe *gqlerror.Error
			if errors.As(err, &gqe) && (gqe.Rule != "" || gqe.Err == nil && gqe.Path == nil) {
				setCode(gerr, graph.CodeInvalidInput)
				break
			}
			logFor(ctx, log).Error("internal error", "err", err, "path", gerr.Path.String())
			gerr.Message = "internal error"
			setCode(gerr, graph.CodeInternal)
		}
		return gerr
	}
}

// fieldPrefix is the field path that begins a validation message
// ("input.at: must not lie in the future").
var fieldPrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*): `)

// errorField is the input field an INVALID_INPUT error (or a FORBIDDEN one
// about an input field) names, for extensions.field: forms show the
// message beside it.
func errorField(ge *graph.Error) string {
	m := fieldPrefix.FindStringSubmatch(ge.Message)
	if m == nil {
		return ""
	}
	switch {
	case ge.Code == graph.CodeInvalidInput, ge.Code == graph.CodeForbidden && strings.HasPrefix(m[1], "input."):
		return m[1]
	}
	return ""
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// complexity makes list fields cost their page size, so that a query
// asking for 100 people with 100 postings each is seen as 10,000, and
// their filters cost their conditions and quantifiers by depth
// (graph.FilterShape).
func complexity() gql.ComplexityRoot {
	var c gql.ComplexityRoot
	c.Query.People = func(child int, w *graph.PersonWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(w)
	}
	c.Query.Units = func(child int, w *graph.UnitWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(w)
	}
	c.Query.Regions = func(child int, w *graph.RegionWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(w)
	}
	c.Query.Companies = func(child int, w *graph.CompanyWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(w)
	}
	c.Query.Projects = func(child int, w *graph.ProjectWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(w)
	}
	c.Query.Search = func(child int, _ string, _ []graph.Kind, first *int) int { return pageCost(child, first) }
	relLists(&c, func(child int, f graph.RelFilter, first *int, _ *string) int {
		return pageCost(child, first) + filterCost(f.Where) + filterCost(f.Far)
	})
	plain := func(child int, first *int, _ *string) int { return pageCost(child, first) }
	c.Person.Ties, c.Person.Interactions = plain, plain
	sized := func(child int, first *int, def int) int {
		n := def
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*child
	}
	// A path holds up to MaxMaxHops steps: its nodes and relationships count
	// that many times.
	c.Query.Paths = func(child int, _, _ string, maxHops *int, first *int, _ []graph.RelType, _ []graph.Kind, _ *time.Time, _ *graph.DateRange, _ *graph.PathOrder) int {
		return sized(child, first, graph.DefaultPathCount) * 2
	}
	c.Query.Introducers = func(child int, _ string, _ *string, first *int, _ *int) int {
		return sized(child, first, graph.DefaultPathCount) * 2
	}
	c.Query.Neighborhood = func(child int, _ string, depth *int, first *int, _ *int, _ []graph.RelType, _ *time.Time) int {
		d := 1
		if depth != nil && *depth > 1 {
			d = *depth
		}
		return sized(child, first, 25) * d
	}
	c.Query.Cohort = func(child int, _ string, first *int, _ *string) int {
		return sized(child, first, graph.DefaultPageSize)
	}
	c.Query.ReconnectSuggestions = func(child int, _ string, first *int) int { return sized(child, first, 10) }
	c.Query.PossibleDuplicates = func(child int, first *int) int { return sized(child, first, 20) }
	c.Query.AuditLog = func(child int, _ *auth.AuditFilter, first *int, _ *string) int { return pageCost(child, first) }
	c.Person.Contributions = func(child int, _ []graph.ContributionReview, _ *graph.ContributionKind, _ *graph.DateRange, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.ContributionQueue = func(child int, _ []graph.ContributionReview, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Reminders = func(child int, _ string, _ *int, first *int) int { return sized(child, first, 20) }
	c.Query.Brokers = func(child int, first *int, _, _ *graph.PersonWhere, _ *int, _ *bool) int {
		return sized(child, first, 20)
	}
	c.Query.Communities = func(child int, first *int, _ *int, _ *graph.PersonWhere, _ *bool) int { return sized(child, first, 20) }
	return c
}

// pageCost is the complexity of a page of a list: its size times what
// each item selects.
func pageCost(child int, first *int) int {
	n := graph.DefaultPageSize
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + n*child
}

// filterCost is the complexity of a filter: each condition weighs its
// depth, each some/none/all graph.QuantifierCost times its depth.
func filterCost(w any) int {
	_, _, c := graph.FilterShape(w)
	return c
}

// withLoaders gives every GraphQL request its own loaders.
func withLoaders(svc Services) gin.HandlerFunc {
	return func(c *gin.Context) {
		l := loaders.New(svc, readRelArgs)
		c.Request = c.Request.WithContext(loaders.With(c.Request.Context(), l))
		c.Next()
	}
}

// analytics guards the analytics service, or stands in for a missing one.
func analytics(a graph.NetworkAnalysisService) graph.NetworkAnalysisService {
	if a == nil {
		return noAnalytics{}
	}
	return AuthorizedAnalytics{a}
}

type noAnalytics struct{}

func (noAnalytics) Brokers(context.Context, graph.BrokerQuery) (*graph.BrokerResult, error) {
	return nil, graph.Errorf(graph.CodeUnavailable, "network analysis is not configured on this server")
}

func (noAnalytics) Communities(context.Context, graph.CommunityQuery) (*graph.CommunityResult, error) {
	return nil, graph.Errorf(graph.CodeUnavailable, "network analysis is not configured on this server")
}
