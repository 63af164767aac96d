package main

import (
	"context"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestRawRunner: the raw Cypher line, replaying the statements of
// DB.PathStatements with a driver of its own, finds as many paths as the
// service's paths(orderBy: HOPS), of the same first length, in 3 round
// trips (2 where there is no path).
func TestRawRunner(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	cfg := neo4jtest.Config(t)
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Cleanup(func() { drv.Close(ctx) })
	tag := neo4jtest.Tag()
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	person := func(name string) string { return neo4jtest.Person(t, db, &ids, name+tag) }
	a, b, c, d, x, lone := person("甲"), person("乙"), person("丙"), person("丁"), person("戊"), person("己")
	for _, e := range [][2]string{{a, b}, {b, c}, {c, d}, {a, x}, {x, d}} {
		if _, err := db.AddAcquaintance(ctx, graph.AddAcquaintanceInput{PersonID: e[0], OtherID: e[1]}); err != nil {
			t.Fatal(err)
		}
	}
	raw := newRawRunner(drv, db, 4, 5)
	for _, tc := range []struct {
		from, to             string
		count, first, rounds int
	}{
		{a, d, 2, 2, 3},
		{a, c, 2, 2, 3},
		{a, lone, 0, 0, 2},
	} {
		got, err := raw.paths(ctx, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		q := graph.PathQuery{From: tc.from, To: tc.to, MaxHops: 4, First: 5, OrderBy: graph.ByHops,
			RelTypes: graph.DefaultPathRelTypes(graph.KindPerson, graph.KindPerson)}
		want, err := db.Paths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.count != len(want) || got.count != tc.count || got.firstLen != tc.first || got.roundTrips != tc.rounds {
			t.Errorf("%s to %s: raw %+v, service %d paths, want %d paths, first of %d, %d round trips",
				tc.from, tc.to, got, len(want), tc.count, tc.first, tc.rounds)
		}
	}
}
