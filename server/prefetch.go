package server

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/loaders"
	"github.com/liaison/liaison/server/model"
)

// prefetchFields runs after each root query field: it hands the field's
// objects and their selection set to the loaders' prefetcher, which
// fetches every nested level (one statement per field and level) before
// the nested resolvers run, so that none of them waits for a batching
// window. See docs/nested-queries.md.
func prefetchFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Query" || fc.Field.Field == nil || len(fc.Field.Selections) == 0 {
		return next(ctx)
	}
	l := loaders.For(ctx)
	if typ := nodeType(fc); typ != "" {
		// node(id): its lists need only the id, so they are fetched
		// beside the node's own statement instead of after it.
		done := make(chan struct{})
		go func() {
			defer close(done)
			l.PrefetchLists(ctx, fc.Args["id"].(string), typ, fc.Field.Selections)
		}()
		res, err := next(ctx)
		<-done
		if objs, _, _ := rootObjects(res); err == nil && len(objs) > 0 {
			l.PrefetchRest(ctx, objs, typ, fc.Field.Selections)
		}
		return res, err
	}
	res, err := next(ctx)
	if err != nil {
		return res, err
	}
	objs, typ, conn := rootObjects(res)
	if typ == "" && !conn && len(objs) == 0 {
		// Any other field: its objects (search hits, paths, the
		// neighbourhood, a report, ...) hold the entities (loaders.heldSteps).
		objs, typ = heldObjects(res), fc.Field.Definition.Type.Name()
	}
	if len(objs) == 0 {
		return res, err
	}
	if !conn {
		l.Prefetch(ctx, objs, typ, fc.Field.Selections)
		return res, err
	}
	for _, sel := range loaders.NodeSelections(ctx, fc.Field.Selections) {
		l.Prefetch(ctx, objs, typ, sel)
	}
	return res, err
}

// nodeType is the GraphQL type of the entity a node(id) field names by
// its id ("" for any other field, and for an id that is not an entity's).
func nodeType(fc *graphql.FieldContext) string {
	if fc.Field.Name != "node" {
		return ""
	}
	id, ok := fc.Args["id"].(string)
	if !ok {
		return ""
	}
	k, err := graph.ParseID(id)
	if err != nil {
		return ""
	}
	return k.Label()
}

// rootObjects returns the entities a root field answered, their GraphQL
// type ("" when it varies) and whether they came as a connection.
func rootObjects(res any) ([]any, string, bool) {
	switch r := res.(type) {
	case *model.PersonConnection:
		return edgeNodes(r.Edges, func(e *model.PersonEdge) any { return e.Node }), "Person", true
	case *model.UnitConnection:
		return edgeNodes(r.Edges, func(e *model.UnitEdge) any { return e.Node }), "Unit", true
	case *model.RegionConnection:
		return edgeNodes(r.Edges, func(e *model.RegionEdge) any { return e.Node }), "Region", true
	case *model.CompanyConnection:
		return edgeNodes(r.Edges, func(e *model.CompanyEdge) any { return e.Node }), "Company", true
	case *model.ProjectConnection:
		return edgeNodes(r.Edges, func(e *model.ProjectEdge) any { return e.Node }), "Project", true
	case *model.CohortConnection:
		return edgeNodes(r.Edges, func(e *model.CohortEdge) any { return e.Node }), "CohortMember", true
	case *model.ContributionConnection:
		return edgeNodes(r.Edges, func(e *model.ContributionEdge) any { return e.Node }), "Contribution", true
	case graph.Node:
		if r != nil {
			return []any{r}, "", false
		}
	case []graph.Node:
		out := make([]any, 0, len(r))
		for _, n := range r {
			if n != nil {
				out = append(out, n)
			}
		}
		return out, "", false
	}
	return nil, "", false
}

// heldObjects returns the objects of any other root field's answer: the
// elements of a list, or the object itself.
func heldObjects(res any) []any {
	v := reflect.ValueOf(res)
	switch {
	case !v.IsValid():
		return nil
	case v.Kind() == reflect.Slice:
		out := make([]any, 0, v.Len())
		for i := range v.Len() {
			if e := v.Index(i); !(e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface) || !e.IsNil() {
				out = append(out, e.Interface())
			}
		}
		return out
	case v.Kind() == reflect.Pointer && v.IsNil():
		return nil
	}
	return []any{res}
}

func edgeNodes[E any](edges []E, node func(E) any) []any {
	out := make([]any, 0, len(edges))
	for _, e := range edges {
		out = append(out, node(e))
	}
	return out
}
