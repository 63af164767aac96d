package graph_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/liaison/liaison/graph"
)

func mustID(t *testing.T, k graph.Kind, s string) string {
	t.Helper()
	id, err := graph.MakeID(k, s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestIntroducerPaths: from a unit to a company through three people, one
// of them behind another.
func TestIntroducerPaths(t *testing.T) {
	from, target := mustID(t, graph.KindUnit, "f"), mustID(t, graph.KindCompany, "t")
	a, b, c := mustID(t, graph.KindPerson, "a"), mustID(t, graph.KindPerson, "b"), mustID(t, graph.KindPerson, "c")
	sg := graph.NewSubgraph()
	sg.AddEdge("r1", from, a, 0.9)
	sg.AddEdge("r2", a, target, 0.9)
	sg.AddEdge("r3", from, b, 0.5)
	sg.AddEdge("r4", b, target, 0.5)
	sg.AddEdge("r5", b, c, 1) // c is reached only through b
	sg.AddEdge("r6", c, target, 0.6)

	nodes := func(raws []graph.RawPath) [][]string {
		var out [][]string
		for _, r := range raws {
			out = append(out, r.Nodes)
		}
		return out
	}
	q := graph.IntroducerQuery{Target: target, From: &from, First: 5, MaxHops: 4}
	got := graph.IntroducerPaths(sg, q)
	// a's best path (0.81), then b's (0.5·1·0.6 = 0.3 through c beats 0.25
	// without it); c is never first after from.
	if want := [][]string{{from, a, target}, {from, b, c, target}}; !reflect.DeepEqual(nodes(got), want) {
		t.Errorf("from a unit: %v, want %v", nodes(got), want)
	}
	if math.Abs(got[0].Strength-0.81) > 1e-9 || math.Abs(got[1].Strength-0.3) > 1e-9 {
		t.Errorf("strengths %v, %v", got[0].Strength, got[1].Strength)
	}
	q.First = 1
	if got := graph.IntroducerPaths(sg, q); !reflect.DeepEqual(nodes(got), [][]string{{from, a, target}}) {
		t.Errorf("first 1: %v", nodes(got))
	}

	// Without from: every person near the target, each path running from
	// them to the target; b's (1·0.6) and c's (0.6) tie, ordered by ids.
	q = graph.IntroducerQuery{Target: target, First: 5, MaxHops: 2}
	got = graph.IntroducerPaths(sg, q)
	if want := [][]string{{a, target}, {b, c, target}, {c, target}}; !reflect.DeepEqual(nodes(got), want) {
		t.Errorf("without from: %v, want %v", nodes(got), want)
	}
}

func TestRankIntroducers(t *testing.T) {
	me := &graph.Person{ID: "per_me", Discoverable: true}
	a := &graph.Person{ID: "per_a", Discoverable: true}
	hidden := &graph.Person{ID: "per_h", Discoverable: false}
	b := &graph.Person{ID: "per_b", Discoverable: true}
	unit := &graph.Unit{ID: "unt_u"}
	target := &graph.Company{ID: "cmp_t"}
	paths := []*graph.Path{
		{Nodes: []graph.Node{me, a, target}, Strength: 0.9},
		{Nodes: []graph.Node{me, hidden, target}, Strength: 0.8},
		{Nodes: []graph.Node{me, target}, Strength: 0.7}, // no one between
		{Nodes: []graph.Node{me, unit, b, target}, Strength: 0.6},
	}
	from := me.ID
	var got []string
	for _, in := range graph.RankIntroducers(paths, &from, 5) {
		got = append(got, in.Person.ID)
		if in.Strength != in.Path.Strength {
			t.Errorf("%s: strength %v, path %v", in.Person.ID, in.Strength, in.Path.Strength)
		}
	}
	if want := []string{"per_a", "per_b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("introducers %v, want %v", got, want)
	}
	if got := graph.RankIntroducers(paths, &from, 1); len(got) != 1 || got[0].Person != a {
		t.Errorf("first 1: %v", got)
	}
	// Without from, the first person of the path is the introducer.
	if got := graph.RankIntroducers(paths[:1], nil, 5); len(got) != 1 || got[0].Person != me {
		t.Errorf("without from: %v", got)
	}
}
