package server

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/loaders"
)

// prefetchFields runs after each root field, of a query or a mutation:
// it hands the field's objects and their selection set to the loaders'
// prefetcher, which fetches every nested level (one statement per field
// and level) before the nested resolvers run, so that none of them waits
// for a batching window. A mutation's answer is read after its write has
// been committed, as its resolvers read it. See docs/nested-queries.md.
func prefetchFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (fc.Object != "Query" && fc.Object != "Mutation") || fc.Field.Field == nil || len(fc.Field.Selections) == 0 {
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
		if objs := heldObjects(res); err == nil && len(objs) > 0 {
			l.PrefetchRest(ctx, objs, typ, fc.Field.Selections)
		}
		return res, err
	}
	res, err := next(ctx)
	if err != nil {
		return res, err
	}
	if nodes, ok := edgeNodes(res); ok {
		// A connection (people, units, ..., cohort): its edges' nodes,
		// with what edges.node asks of them.
		typ, sels := loaders.NodeSelections(ctx, fc.Field.Selections)
		for _, sel := range sels {
			l.Prefetch(ctx, nodes, typ, sel)
		}
		return res, err
	}
	// Any other field: its entities (node, nodes) or the objects that hold
	// them (search hits, paths, the neighbourhood, a report, ...:
	// loaders.heldSteps).
	l.Prefetch(ctx, heldObjects(res), fc.Field.Definition.Type.Name(), fc.Field.Selections)
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

// heldObjects returns the objects of a root field's answer: the elements
// of a list that are not nil, or the answer itself.
func heldObjects(res any) []any {
	v := reflect.ValueOf(res)
	switch {
	case !v.IsValid():
		return nil
	case v.Kind() == reflect.Slice:
		out := make([]any, 0, v.Len())
		for i := range v.Len() {
			if e := v.Index(i); !isNil(e) {
				out = append(out, e.Interface())
			}
		}
		return out
	case isNil(v):
		return nil
	}
	return []any{res}
}

// edgeNodes returns the nodes of a connection's edges (a pointer to a
// struct whose Edges hold a Node each); ok is false for anything else.
func edgeNodes(res any) (nodes []any, ok bool) {
	v := reflect.ValueOf(res)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	edges := v.Elem().FieldByName("Edges")
	if !edges.IsValid() || edges.Kind() != reflect.Slice {
		return nil, false
	}
	for i := range edges.Len() {
		e := edges.Index(i)
		if isNil(e) || e.Elem().Kind() != reflect.Struct {
			continue
		}
		if n := e.Elem().FieldByName("Node"); n.IsValid() && !isNil(n) {
			nodes = append(nodes, n.Interface())
		}
	}
	return nodes, true
}

// isNil reports whether v is a nil pointer or interface.
func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return false
}
