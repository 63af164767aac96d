// Package model holds the GraphQL-only types: connections and edges, the
// Date scalar, and the models gqlgen generates (models_gen.go).
package model

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
)

// RelEdge is an edge of every relationship connection.
type RelEdge struct {
	Cursor string
	Node   *graph.Relationship
}

// RelConnection is a page of relationships (postings, memberships...).
type RelConnection struct {
	Edges      []*RelEdge
	PageInfo   *PageInfo
	TotalCount int
	// Field, Parent and Filter say which list this is a page of, for its
	// aggregate.
	Field  graph.RelField
	Parent string
	Filter graph.RelFilter
}

// NewPageInfo describes a page that starts at offset and holds n items.
func NewPageInfo(offset, n int, hasNext bool) *PageInfo {
	pi := &PageInfo{HasNextPage: hasNext, HasPreviousPage: offset > 0}
	if n > 0 {
		s, e := graph.EncodeCursor(offset), graph.EncodeCursor(offset+n-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// NewRelConnection turns a page of relationships into a connection.
func NewRelConnection(l *graph.RelList) *RelConnection {
	c := &RelConnection{TotalCount: l.TotalCount}
	c.Edges, c.PageInfo = Connection(&graph.List[*graph.Relationship]{Items: l.Items, Cursors: cursorsOf(l), HasNext: l.HasNext, HasPrevious: l.HasPrevious},
		func(cursor string, r *graph.Relationship) *RelEdge { return &RelEdge{Cursor: cursor, Node: r} })
	return c
}

// cursorsOf is the cursors of a relationship page (never nil: the page is
// one of keyset cursors even when empty).
func cursorsOf(l *graph.RelList) []string {
	if l.Cursors == nil {
		return []string{}
	}
	return l.Cursors
}

// Connection turns a page of entities into edges and page info; mk builds
// one edge. A list with keyset cursors (l.Cursors) answers those.
func Connection[T any, E any](l *graph.List[T], mk func(cursor string, node T) E) ([]E, *PageInfo) {
	edges := make([]E, len(l.Items))
	if l.Cursors != nil {
		pi := &PageInfo{HasNextPage: l.HasNext, HasPreviousPage: l.HasPrevious}
		for i, n := range l.Items {
			edges[i] = mk(l.Cursors[i], n)
		}
		if n := len(l.Cursors); n > 0 {
			pi.StartCursor, pi.EndCursor = &l.Cursors[0], &l.Cursors[n-1]
		}
		return edges, pi
	}
	for i, n := range l.Items {
		edges[i] = mk(graph.EncodeCursor(l.Offset+i), n)
	}
	return edges, NewPageInfo(l.Offset, len(l.Items), l.HasNext)
}

// MarshalDate writes a calendar date as YYYY-MM-DD.
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads a YYYY-MM-DD calendar date.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, graph.Errorf(graph.CodeInvalidInput, "a Date must be a string of the form YYYY-MM-DD")
	}
	t, err := graph.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
}
