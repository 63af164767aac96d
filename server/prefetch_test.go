package server_test

import (
	"context"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// TestPrefetchLevels checks that a nested query costs one statement per
// field and level in every run, not only in the best of a few: the
// prefetcher fetches each level for all its parents before the resolvers
// of that level run, so the count does not depend on how the resolvers'
// goroutines happen to be scheduled. Fields asked twice under aliases with
// different arguments are two lists, each fetched once.
func TestPrefetchLevels(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	base := startServer(t, db, server.Options{})
	tag := neo4jtest.Tag()
	cadreNetwork(t, db, tag, 3, 2, &ids)
	ctx := context.Background()
	// The first cadre knows every other cadre.
	d := mustQuery(t, base, `query($t: String) { people(where: {nameContains: $t}, first: 10, orderBy: [{field: NAME}]) { edges { node { id } } } }`,
		map[string]any{"t": tag})
	people := getList(d, "people.edges")
	if len(people) != 6 {
		t.Fatalf("%d cadres, want 6", len(people))
	}
	first := getStr(people[0], "node.id")
	for _, p := range people[1:] {
		if _, err := db.AddAcquaintance(ctx, graph.AddAcquaintanceInput{PersonID: first, OtherID: getStr(p, "node.id")}); err != nil {
			t.Fatal(err)
		}
	}
	const q = `query($id: ID!) { node(id: $id) { ... on Person { name
		postings(first: 5) { totalCount edges { node { title hostUnit { name } dispatchingUnit { name } } } }
		current: postings(current: true) { edges { node { title } } }
		memberships { edges { node { unit { name region { name } } } } }
		acquaintances(first: 10) { totalCount edges { node { person { name memberships { edges { node { unit { name } } } } } } } } } } }`
	// node; postings, postings(current), memberships, acquaintances;
	// the postings' dispatching units; the acquaintances' memberships.
	// (No unit has a region: region asks for nothing.)
	const want = 1 + 4 + 1 + 1
	for run := range 3 {
		before := db.RoundTrips()
		d := mustQuery(t, base, q, map[string]any{"id": first})
		if n := db.RoundTrips() - before; n != want {
			t.Errorf("run %d: %d statements, want %d", run, n, want)
		}
		if getStr(d, "node.postings.edges.0.node.dispatchingUnit.name") == "" || getStr(d, "node.postings.edges.0.node.hostUnit.name") != "接收单位"+tag ||
			len(getList(d, "node.current.edges")) != 1 || len(getList(d, "node.memberships.edges")) != 1 {
			t.Fatalf("run %d: %s", run, dump(d))
		}
		acq := getList(d, "node.acquaintances.edges")
		if len(acq) != 5 || getNum(d, "node.acquaintances.totalCount") != 5 {
			t.Fatalf("run %d: %d acquaintances, want 5: %s", run, len(acq), dump(d))
		}
		for _, a := range acq {
			if len(getList(a, "node.person.memberships.edges")) != 1 {
				t.Errorf("run %d: acquaintance without their membership: %s", run, dump(a))
			}
		}
	}
}
