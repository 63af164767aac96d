// Package resolvers holds the GraphQL resolvers: thin functions that turn
// arguments into service calls. They never build Cypher; nested fields go
// through the request's loaders so that they are batched.
package resolvers

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/loaders"
	"github.com/liaison/liaison/server/model"
)

// Resolver is the dependency injection point: it holds the services.
type Resolver struct {
	PersonService       graph.PersonService
	UnitService         graph.UnitService
	RegionService       graph.RegionService
	CompanyService      graph.CompanyService
	ProjectService      graph.ProjectService
	NodeService         graph.NodeService
	RelService          graph.RelationshipService
	SearchService       graph.SearchService
	InteractionService  graph.InteractionService
	TieService          graph.TieService
	PathService         graph.PathService
	NetworkService      graph.NetworkService
	NeighborhoodService graph.NeighborhoodService
	ReportService       graph.ReportService
	AuditService        auth.AuditService
	AggregateService    graph.AggregateService
	ReminderService     graph.ReminderService
	ContributionService graph.ContributionService
	AnalyticsService    graph.NetworkAnalysisService
}

// wantsField reports whether the query selects the field on the object the
// current resolver returns (the entity lists count their rows only when
// totalCount is asked for).
func wantsField(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

func page(first *int, after *string) (graph.Page, error) {
	return graph.ParsePage(first, after, graph.DefaultPageSize, graph.MaxPageSize)
}

func orders(in []*graph.Order) []graph.Order {
	out := make([]graph.Order, 0, len(in))
	for _, o := range in {
		if o != nil {
			d := o.Direction
			if d == "" {
				d = graph.Asc
			}
			out = append(out, graph.Order{Field: o.Field, Direction: d})
		}
	}
	return out
}

// relatedList resolves a relationship field through the request's loader;
// the list is counted only when totalCount is asked for (the prefetcher
// decides the same way, loaders.selects, so that it primes this loader).
func relatedList(ctx context.Context, field graph.RelField, parent string, f graph.RelFilter, first *int, after *string) (*graph.RelList, error) {
	p, err := graph.ParseKeysetPage(first, after)
	if err != nil {
		return nil, err
	}
	p.NoTotal = !wantsField(ctx, "totalCount")
	return loaders.For(ctx).Related(ctx, field, parent, f, p)
}

// relatedConn resolves a relationship field whose answer is the nodes at
// the far end (subUnits, companies...), far being the filter on them.
func relatedConn[T graph.Node, C any](ctx context.Context, field graph.RelField, parent string, far any, first *int, after *string, conn func(*graph.List[T]) C) (C, error) {
	l, err := relatedList(ctx, field, parent, graph.RelFilter{Far: far}, first, after)
	if err != nil {
		var zero C
		return zero, err
	}
	return conn(otherEnds[T](l, parent)), nil
}

// entityConn resolves a top-level entity list (Query.people, ...): one
// keyset page through find, counted only when totalCount is asked for.
func entityConn[W, T, C any](ctx context.Context, find func(context.Context, W, []graph.Order, graph.Page) (*graph.List[T], error), where *W, orderBy []*graph.Order, first *int, after *string, conn func(*graph.List[T]) C) (C, error) {
	p, err := graph.ParseKeysetPage(first, after)
	if err != nil {
		var zero C
		return zero, err
	}
	p.NoTotal = !wantsField(ctx, "totalCount")
	return connOf(conn)(find(ctx, orEmpty(where), orders(orderBy), p))
}

// offsetConn resolves a list of one key (a person's ties, an audit
// filter...) paged by offset through find.
func offsetConn[K, T, C any](ctx context.Context, find func(context.Context, K, graph.Page) (*graph.List[T], error), key K, first *int, after *string, conn func(*graph.List[T]) C) (C, error) {
	p, err := page(first, after)
	if err != nil {
		var zero C
		return zero, err
	}
	return connOf(conn)(find(ctx, key, p))
}

// connOf turns conn, which makes a connection of a page, into a function
// of a page and the error that came with it.
func connOf[T, C any](conn func(*graph.List[T]) C) func(*graph.List[T], error) (C, error) {
	return func(l *graph.List[T], err error) (C, error) {
		if err != nil {
			var zero C
			return zero, err
		}
		return conn(l), nil
	}
}

// deleted answers a delete mutation: the id, once the deletion succeeded.
func deleted(id string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return id, nil
}

func relConnection(ctx context.Context, field graph.RelField, parent string, f graph.RelFilter, first *int, after *string) (*model.RelConnection, error) {
	l, err := relatedList(ctx, field, parent, f, first, after)
	if err != nil {
		return nil, err
	}
	c := model.NewRelConnection(l)
	c.Field, c.Parent, c.Filter = field, parent, f
	return c, nil
}

// otherEnds turns a page of relationships into a page of the nodes at
// their other end from parent, for fields such as subUnits.
func otherEnds[T graph.Node](l *graph.RelList, parent string) *graph.List[T] {
	out := &graph.List[T]{TotalCount: l.TotalCount, HasNext: l.HasNext, HasPrevious: l.HasPrevious, Cursors: []string{}}
	for i, r := range l.Items {
		if n, ok := r.Other(parent).(T); ok {
			out.Items = append(out.Items, n)
			if i < len(l.Cursors) {
				out.Cursors = append(out.Cursors, l.Cursors[i])
			}
		}
	}
	return out
}

// load returns the entity id names, typed, or nil.
func load[T graph.Node](ctx context.Context, id string) (T, error) {
	var zero T
	n, err := loaders.For(ctx).Node(ctx, id)
	if err != nil || n == nil {
		return zero, err
	}
	t, _ := n.(T)
	return t, nil
}

// end returns the node of a relationship end, from the relationship if the
// query brought it, else through the loader.
func end[T graph.Node](ctx context.Context, n graph.Node, id string) (T, error) {
	if t, ok := n.(T); ok {
		return t, nil
	}
	return load[T](ctx, id)
}

func personConn(l *graph.List[*graph.Person]) *model.PersonConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Person) *model.PersonEdge { return &model.PersonEdge{Cursor: c, Node: n} })
	return &model.PersonConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func unitConn(l *graph.List[*graph.Unit]) *model.UnitConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Unit) *model.UnitEdge { return &model.UnitEdge{Cursor: c, Node: n} })
	return &model.UnitConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func regionConn(l *graph.List[*graph.Region]) *model.RegionConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Region) *model.RegionEdge { return &model.RegionEdge{Cursor: c, Node: n} })
	return &model.RegionConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func companyConn(l *graph.List[*graph.Company]) *model.CompanyConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Company) *model.CompanyEdge { return &model.CompanyEdge{Cursor: c, Node: n} })
	return &model.CompanyConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func projectConn(l *graph.List[*graph.Project]) *model.ProjectConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Project) *model.ProjectEdge { return &model.ProjectEdge{Cursor: c, Node: n} })
	return &model.ProjectConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func orEmpty[T any](p *T) T {
	var zero T
	return orDefault(p, zero)
}

// orDefault is *p, or def when the optional argument p is absent.
func orDefault[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func tieConn(l *graph.List[*graph.Tie]) *model.TieConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Tie) *model.TieEdge { return &model.TieEdge{Cursor: c, Node: n} })
	return &model.TieConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func interactionConn(l *graph.List[*graph.Interaction]) *model.InteractionConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Interaction) *model.InteractionEdge {
		return &model.InteractionEdge{Cursor: c, Node: n}
	})
	return &model.InteractionConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

// loadAll loads entities by id through the loader, skipping missing ones.
func loadAll[T graph.Node](ctx context.Context, ids []string) ([]T, error) {
	nodes, err := loaders.For(ctx).Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

func cohortConn(l *graph.List[*graph.CohortMember]) *model.CohortConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.CohortMember) *model.CohortEdge { return &model.CohortEdge{Cursor: c, Node: n} })
	return &model.CohortConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

// reportPeriod applies the report defaults (1 January of this year to
// today) to the optional arguments.
func reportPeriod(from, to *time.Time) (graph.ReportPeriod, error) {
	p := graph.DefaultReportPeriod(time.Now())
	if from != nil {
		p.From = *from
	}
	if to != nil {
		p.To = *to
	}
	return graph.NewReportPeriod(p.From, p.To)
}

// topLevelWhere returns the where argument of the top-level list field
// (Query.people, ...) whose connection's aggregate is being resolved; ok
// is false for a connection of a nested field, whose aggregate is its
// count alone.
func topLevelWhere[W any](ctx context.Context, field string) (W, bool) {
	var zero W
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil || fc.Parent.Field.Field == nil {
		return zero, false
	}
	p := fc.Parent
	if p.Object != "Query" || p.Field.Name != field {
		return zero, false
	}
	if w, ok := p.Args["where"].(*W); ok && w != nil {
		return *w, true
	}
	return zero, true
}

// entityAggregate summarizes the whole list a top-level entity connection
// (Query.<field>) is a page of, through all; the aggregate of a nested
// field's connection is count, its count alone.
func entityAggregate[W, A any](ctx context.Context, field string, all func(context.Context, W) (A, error), count A) (A, error) {
	w, ok := topLevelWhere[W](ctx, field)
	if !ok {
		return count, nil
	}
	return all(ctx, w)
}

// relAggregate summarizes the whole list a relationship connection is a
// page of.
func (r *Resolver) relAggregate(ctx context.Context, c *model.RelConnection) (*graph.RelAggregate, error) {
	if c.Field == "" {
		return &graph.RelAggregate{Count: c.TotalCount}, nil
	}
	return loaders.For(ctx).Aggregate(ctx, c.Field, c.Parent, c.Filter)
}

// emptyToNil answers an optional string that has no value as null, not "".
func emptyToNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func contributionConn(l *graph.List[*graph.Contribution]) *model.ContributionConnection {
	edges, pi := model.Connection(l, func(c string, n *graph.Contribution) *model.ContributionEdge {
		return &model.ContributionEdge{Cursor: c, Node: n}
	})
	return &model.ContributionConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

func auditConn(l *graph.List[*auth.AuditEntry]) *model.AuditConnection {
	edges, pi := model.Connection(l, func(c string, n *auth.AuditEntry) *model.AuditEdge { return &model.AuditEdge{Cursor: c, Node: n} })
	return &model.AuditConnection{Edges: edges, PageInfo: pi, TotalCount: l.TotalCount}
}

// loadOne loads one entity through the loader's list lookup; ok is false
// when it is absent (or not visible).
func loadOne[T graph.Node](ctx context.Context, id string) (t T, ok bool, err error) {
	ts, err := loadAll[T](ctx, []string{id})
	if err != nil || len(ts) == 0 {
		return t, false, err
	}
	return ts[0], true, nil
}

// loadPerson loads one person through the loader; NOT_FOUND when absent
// (or not visible).
func loadPerson(ctx context.Context, id string) (*graph.Person, error) {
	p, ok, err := loadOne[*graph.Person](ctx, id)
	if err == nil && !ok {
		return nil, graph.NotFound(graph.KindPerson, id)
	}
	return p, err
}

// contributionNode is node(id) of a contribution: null when there is none
// the caller may see.
func contributionNode(ctx context.Context, svc graph.ContributionService, id string) (graph.Node, error) {
	c, err := svc.FindContribution(ctx, id)
	if graph.ErrorCode(err) == graph.CodeNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}
