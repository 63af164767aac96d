package server_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// relCalls records, for each relationship list the server reads, whether
// it was filtered and the GraphQL field it was read under: the root field
// (Query.units) when the prefetcher read it, the list field itself when a
// resolver's loader did.
type relCalls struct {
	*neo4jdb.DB
	mu    sync.Mutex
	calls []relCall
}

type relCall struct {
	field    graph.RelField
	filtered bool
	under    string
}

func (r *relCalls) FindRelated(ctx context.Context, field graph.RelField, parents []string, f graph.RelFilter, page graph.Page) (map[string]*graph.RelList, error) {
	under := ""
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		under = fc.Object + "." + fc.Field.Name
	}
	r.mu.Lock()
	r.calls = append(r.calls, relCall{field: field, filtered: f.Where != nil || f.Far != nil, under: under})
	r.mu.Unlock()
	return r.DB.FindRelated(ctx, field, parents, f, page)
}

func (r *relCalls) take() []relCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

// TestPrefetchWhere checks that nested lists with a where (a variable and
// a literal, on relationships and on a far end named by id) are prefetched
// like the others: every list is read once, by the prefetcher under the
// root field, the statement count is the same in every run, and each
// filtered list answers what the unfiltered list, filtered here, holds.
func TestPrefetchWhere(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	svc := &relCalls{DB: db}
	base := startServer(t, svc, server.Options{})
	tag := neo4jtest.Tag()
	cadreNetwork(t, db, tag, 3, 2, &ids)
	ctx := context.Background()
	// The second cadre of each unit also serves at another host unit.
	other, err := db.CreateUnit(ctx, graph.CreateUnitInput{Name: "另一接收单位" + tag, Kind: graph.UnitLocalGovernment})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, other.ID)
	d := mustQuery(t, base, `query($t: String) { units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}) { edges { node { id
		members { edges { node { person { id name } } } } } } } }`, map[string]any{"t": tag})
	seconds := 0
	for _, u := range getList(d, "units.edges") {
		for _, m := range getList(u, "node.members.edges") {
			if !strings.Contains(getStr(m, "node.person.name"), "之1") {
				continue
			}
			seconds++
			if _, err := db.AddPosting(ctx, graph.AddPostingInput{PersonID: getStr(m, "node.person.id"), HostUnitID: other.ID,
				DispatchingUnitID: getStr(u, "node.id"), Title: "挂职副局长", From: time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if seconds != 3 {
		t.Fatalf("%d second cadres, want 3: %s", seconds, dump(d))
	}
	_ = svc.take()

	const q = `query($t: String, $w: PostingWhere) { units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}, first: 5, orderBy: [{field: NAME}]) { edges { node { name
		all: dispatchedCadres(first: 5) { totalCount edges { node { title hostUnit { id } person { name } } } }
		some: dispatchedCadres(where: $w, first: 5) { totalCount edges { node { title hostUnit { id } person { name memberships(first: 2) { edges { node { unit { name } } } } } } } }
		allMembers: members(first: 5) { edges { node { person { name } } } }
		members(where: {person: {nameContains: "之1"}}, first: 5) { totalCount edges { node { person { name } } } } } } } }`
	vars := map[string]any{"t": tag, "w": map[string]any{"hostUnit": map[string]any{"ids": []string{other.ID}}}}
	// units; all and some; the memberships of some's people; allMembers
	// and members.
	const want = 1 + 2 + 1 + 2
	for run := range 3 {
		before := db.RoundTrips()
		d := mustQuery(t, base, q, vars)
		if n := db.RoundTrips() - before; n != want {
			t.Errorf("run %d: %d statements, want %d", run, n, want)
		}
		calls := svc.take()
		filtered := 0
		for _, c := range calls {
			if c.under != "Query.units" {
				t.Errorf("run %d: %s read under %q, not prefetched under Query.units", run, c.field, c.under)
			}
			if c.filtered {
				filtered++
			}
		}
		if len(calls) != want-1 || filtered != 2 {
			t.Errorf("run %d: %d relationship lists read (%d filtered), want %d (2): %+v", run, len(calls), filtered, want-1, calls)
		}
		units := getList(d, "units.edges")
		if len(units) != 3 {
			t.Fatalf("run %d: %d units, want 3: %s", run, len(units), dump(d))
		}
		for _, u := range units {
			var wantSome []string
			for _, e := range getList(u, "node.all.edges") {
				if getStr(e, "node.hostUnit.id") == other.ID {
					wantSome = append(wantSome, getStr(e, "node.title")+" "+getStr(e, "node.person.name"))
				}
			}
			var gotSome []string
			for _, e := range getList(u, "node.some.edges") {
				gotSome = append(gotSome, getStr(e, "node.title")+" "+getStr(e, "node.person.name"))
				if len(getList(e, "node.person.memberships.edges")) != 1 {
					t.Errorf("run %d: a cadre without their membership: %s", run, dump(e))
				}
			}
			if len(wantSome) != 1 || !slices.Equal(gotSome, wantSome) || getNum(u, "node.some.totalCount") != float64(len(wantSome)) {
				t.Errorf("run %d: %s: filtered postings %v (total %v), want %v", run, getStr(u, "node.name"), gotSome, getNum(u, "node.some.totalCount"), wantSome)
			}
			var wantMembers []string
			for _, n := range names(getList(u, "node.allMembers.edges"), "node.person.name") {
				if strings.Contains(n, "之1") {
					wantMembers = append(wantMembers, n)
				}
			}
			gotMembers := names(getList(u, "node.members.edges"), "node.person.name")
			if len(wantMembers) != 1 || !slices.Equal(gotMembers, wantMembers) || getNum(u, "node.members.totalCount") != 1 {
				t.Errorf("run %d: %s: filtered members %v, want %v", run, getStr(u, "node.name"), gotMembers, wantMembers)
			}
		}
	}
}
