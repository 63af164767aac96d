// Package server is Liaison's HTTP side: the gin router, its middleware,
// the GraphQL handler and the health endpoints.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gin-gonic/gin"
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
}

// New returns the HTTP handler with every route.
func New(svc Services, opts Options) http.Handler {
	opts.defaults()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(recoverer(opts.Logger), requestLog(opts.Logger), bodyLimit(opts.MaxBodyBytes), timeout(opts.RequestTimeout))
	routes(r, svc, newGraphQL(svc, opts), opts)
	return r
}

// newGraphQL builds the gqlgen handler: POST and GET transports, the
// complexity limit, one error presenter and one panic handler.
func newGraphQL(svc Services, opts Options) http.Handler {
	es := gql.NewExecutableSchema(gql.Config{Resolvers: &resolvers.Resolver{
		PersonService: svc, UnitService: svc, RegionService: svc, CompanyService: svc, ProjectService: svc,
		NodeService: svc, RelService: svc, SearchService: svc, InteractionService: svc, TieService: svc, PathService: svc,
		NetworkService: svc, NeighborhoodService: svc,
	}, Complexity: complexity()})
	h := handler.New(es)
	h.AddTransport(transport.Options{})
	h.AddTransport(transport.GET{})
	h.AddTransport(transport.POST{})
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		h.Use(extension.Introspection{})
	}
	h.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	h.Use(&extension.ComplexityLimit{Func: func(ctx context.Context, rc *graphql.OperationContext) int { return opts.MaxComplexity }})
	h.SetErrorPresenter(presentError(opts.Logger))
	h.SetRecoverFunc(func(ctx context.Context, p any) error {
		opts.Logger.Error("panic in resolver", "panic", p)
		return graph.Errorf(graph.CodeInternal, "internal error")
	})
	return h
}

// presentError puts the code of every error into extensions.code; the
// message of an internal error never leaves the server.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var ge *graph.Error
		switch {
		case errors.As(err, &ge):
			gerr.Message = ge.Message
			if ge.Code == graph.CodeInternal {
				gerr.Message = "internal error"
			}
			setCode(gerr, ge.Code)
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
			log.Error("unexpected error", "err", err)
			gerr.Message = "internal error"
			setCode(gerr, graph.CodeInternal)
		}
		return gerr
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// complexity makes list fields cost their page size, so that a query
// asking for 100 people with 100 postings each is seen as 10,000.
func complexity() gql.ComplexityRoot {
	var c gql.ComplexityRoot
	pageCost := func(child int, first *int) int {
		n := graph.DefaultPageSize
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*child
	}
	c.Query.People = func(child int, _ *graph.PersonWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Units = func(child int, _ *graph.UnitWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Regions = func(child int, _ *graph.RegionWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Companies = func(child int, _ *graph.CompanyWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Projects = func(child int, _ *graph.ProjectWhere, _ []*graph.Order, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Search = func(child int, _ string, _ []graph.Kind, first *int) int { return pageCost(child, first) }
	rel := func(child int, _ *bool, _ *time.Time, first *int, _ *string) int { return pageCost(child, first) }
	plain := func(child int, first *int, _ *string) int { return pageCost(child, first) }
	c.Person.Postings, c.Person.Memberships, c.Person.Employments, c.Person.Acquaintances, c.Person.Locations = rel, rel, rel, rel, rel
	c.Person.Projects = plain
	c.Unit.DispatchedCadres, c.Unit.HostedCadres, c.Unit.Members = rel, rel, rel
	c.Unit.SubUnits, c.Unit.Supports = plain, plain
	c.Region.SubRegions, c.Region.Units, c.Region.Companies, c.Region.Projects = plain, plain, plain, plain
	c.Region.People = rel
	c.Company.Employees = rel
	c.Company.Subsidiaries, c.Company.Investments = plain, plain
	c.Project.People, c.Project.Investors, c.Project.Supporters = plain, plain, plain
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
	return c
}

// withLoaders gives every GraphQL request its own loaders.
func withLoaders(svc Services) gin.HandlerFunc {
	return func(c *gin.Context) {
		l := loaders.New(svc)
		c.Request = c.Request.WithContext(loaders.With(c.Request.Context(), l))
		c.Next()
	}
}
