package netalgo_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/liaison/liaison/graph/netalgo"
)

// AddEdgeAt (after Grow) builds the same graph as AddEdge: nodes in sorted-id order,
// parallel edges merged to their greatest weight, self-loops and weights
// ≤ 0 dropped, weights above 1 capped, whatever the order of the edges.
func TestGraphBuilderAddEdgeAt(t *testing.T) {
	type edge struct {
		x, y string
		w    float64
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var edges []edge
	for range 3000 {
		x, y := fmt.Sprintf("p%03d", rng.IntN(300)), fmt.Sprintf("p%03d", rng.IntN(300))
		edges = append(edges, edge{x, y, []float64{-0.5, 0, 0.1, 0.3, 0.9, 1, 1.5}[rng.IntN(7)]})
	}
	want := map[[2]string]float64{}
	for _, e := range edges {
		if e.x == e.y || e.w <= 0 {
			continue
		}
		k := [2]string{min(e.x, e.y), max(e.x, e.y)}
		want[k] = max(want[k], min(e.w, 1))
	}
	byName := netalgo.NewGraphBuilder()
	for _, e := range edges {
		byName.AddEdge(e.x, e.y, e.w)
	}
	byNumber := netalgo.NewGraphBuilder()
	byNumber.Grow(300, len(edges))
	for _, i := range rng.Perm(len(edges)) {
		e := edges[i]
		if e.x == e.y || e.w <= 0 {
			continue // AddNode would add the nodes
		}
		i, j := byNumber.AddNode(e.x), byNumber.AddNode(e.y)
		byNumber.AddEdgeAt(i, j, e.w)
		// Dropped.
		byNumber.AddEdgeAt(i, i, 1)
		byNumber.AddEdgeAt(i, j, 0)
		byNumber.AddEdgeAt(j, i, -1)
	}
	g, h := byName.Build(), byNumber.Build()
	if !slices.Equal(g.IDs, h.IDs) || !slices.Equal(g.Off, h.Off) || !slices.Equal(g.Adj, h.Adj) || !slices.Equal(g.W, h.W) {
		t.Fatalf("AddEdge and AddEdgeAt built different graphs")
	}
	if !slices.IsSorted(g.IDs) {
		t.Errorf("nodes not in id order")
	}
	got := map[[2]string]float64{}
	for i := range g.Len() {
		adj, ws := g.Neighbors(i)
		if !slices.IsSorted(adj) {
			t.Errorf("neighbours of %s not sorted", g.IDs[i])
		}
		for k, j := range adj {
			if g.IDs[i] < g.IDs[j] {
				got[[2]string{g.IDs[i], g.IDs[j]}] = ws[k]
			}
		}
	}
	if len(got) != len(want) || g.Edges() != len(want) {
		t.Fatalf("%d edges, want %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%v: weight %v, want %v", k, got[k], w)
		}
	}
}
