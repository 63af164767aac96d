package neo4jdb_test

import (
	"context"
	"testing"

	"github.com/liaison/liaison/graph"
)

// TestViewerClosedByDefault: a context without a viewer sees no
// undiscoverable person — by id, in lists and counts, as a relationship's
// far end, in search — the person themselves does, and so does SeeAll.
func TestViewerClosedByDefault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.unit("视角单位", graph.UnitLocalGovernment)
	seen := f.person("视角公开")
	hidden := f.person("视角隐身", func(in *graph.CreatePersonInput) { in.Discoverable = ptr(false) })
	for _, p := range []*graph.Person{seen, hidden} {
		f.must(f.db.AddMembership(f.ctx, graph.AddMembershipInput{PersonID: p.ID, UnitID: u.ID}))
	}
	for _, c := range []struct {
		name string
		ctx  context.Context
		sees bool
	}{
		{"no viewer", context.Background(), false},
		{"another person", graph.WithViewer(context.Background(), graph.Viewer{Self: seen.ID}), false},
		{"themselves", graph.WithViewer(context.Background(), graph.Viewer{Self: hidden.ID}), true},
		{"everyone", graph.SeeAll(context.Background()), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.db.FindPersonByID(c.ctx, hidden.ID)
			if (err == nil) != c.sees || (err != nil && graph.ErrorCode(err) != graph.CodeNotFound) {
				t.Errorf("FindPersonByID: %v", err)
			}
			nodes, err := f.db.FindNodes(c.ctx, []string{hidden.ID, seen.ID})
			if err != nil || (nodes[hidden.ID] != nil) != c.sees || nodes[seen.ID] == nil {
				t.Errorf("FindNodes: %v %v", nodes, err)
			}
			want := 1
			if c.sees {
				want = 2
			}
			l, err := f.db.FindPeople(c.ctx, graph.PersonWhere{NameContains: ptr(f.tag)}, nil, graph.Page{Limit: 10})
			if err != nil || l.TotalCount != want || len(l.Items) != want {
				t.Errorf("FindPeople: %+v %v, want %d", l, err, want)
			}
			agg, err := f.db.AggregatePeople(c.ctx, graph.PersonWhere{NameContains: ptr(f.tag)})
			if err != nil || agg.Count != want {
				t.Errorf("AggregatePeople: %+v %v, want %d", agg, err, want)
			}
			rel, err := f.db.FindRelated(c.ctx, graph.FieldUnitMembers, []string{u.ID}, graph.RelFilter{}, graph.Page{Limit: 10})
			if err != nil || rel[u.ID].TotalCount != want {
				t.Errorf("members: %+v %v, want %d", rel[u.ID], err, want)
			}
			hits, err := f.db.Search(c.ctx, "视角隐身"+f.tag, []graph.Kind{graph.KindPerson}, 10)
			found := false
			for _, h := range hits {
				found = found || h.Node.NodeID() == hidden.ID
			}
			if err != nil || found != c.sees {
				t.Errorf("search: found %v, %v", found, err)
			}
		})
	}
}
