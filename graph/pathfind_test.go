package graph_test

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"github.com/liaison/liaison/graph"
)

type bfEdge struct {
	id   string
	a, b int
	s    float64
}

// allSimplePaths enumerates every simple path from s to t of at most
// maxHops edges by depth-first search: lengths and strengths.
func allSimplePaths(n int, edges []bfEdge, s, t, maxHops int, pass func(int) bool) (lens []int, strengths []float64) {
	adj := make([][]int, n)
	for i, e := range edges {
		adj[e.a] = append(adj[e.a], i)
		adj[e.b] = append(adj[e.b], i)
	}
	on := make([]bool, n)
	var walk func(u, hops int, str float64)
	walk = func(u, hops int, str float64) {
		if u == t {
			lens, strengths = append(lens, hops), append(strengths, str)
			return
		}
		if hops == maxHops || (u != s && !pass(u)) {
			return
		}
		on[u] = true
		for _, i := range adj[u] {
			e := edges[i]
			v := e.a
			if v == u {
				v = e.b
			}
			if !on[v] {
				walk(v, hops+1, str*e.s)
			}
		}
		on[u] = false
	}
	walk(s, 0, 1)
	return lens, strengths
}

// TestKBestAgainstBruteForce compares both orders with every simple path
// of random multigraphs with parallel edges and triangles at the ends.
func TestKBestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 300; round++ {
		n := 6 + rng.Intn(10)
		var edges []bfEdge
		add := func(a, b int) {
			if a != b {
				edges = append(edges, bfEdge{fmt.Sprint("r", len(edges)), a, b, []float64{1, 0.9, 0.7, 0.42, 0.5, 0.3, 0.18}[rng.Intn(7)] * (0.5 + rng.Float64()/2)})
			}
		}
		for i := 0; i < n*2; i++ {
			add(rng.Intn(n), rng.Intn(n))
		}
		for i := 0; i < 6; i++ { // parallel edges
			if len(edges) > 0 {
				e := edges[rng.Intn(len(edges))]
				add(e.a, e.b)
			}
		}
		s, tt := 0, 1
		for _, end := range []int{s, tt} { // triangles at the ends
			for i := 0; i < 2; i++ {
				x, y := rng.Intn(n), rng.Intn(n)
				add(end, x)
				add(x, y)
				add(y, end)
			}
		}
		hidden := 2 + rng.Intn(n-2)
		pass := func(i int) bool { return i != hidden }
		g := graph.NewSubgraph()
		for _, e := range edges {
			g.AddEdge(e.id, fmt.Sprint("n", e.a), fmt.Sprint("n", e.b), e.s)
		}
		gpass := func(id string) bool { return id != fmt.Sprint("n", hidden) }
		maxHops := 2 + rng.Intn(5)
		lens, strs := allSimplePaths(n, edges, s, tt, maxHops, pass)
		for _, k := range []int{1, 3, 10, 50} {
			wantS := append([]float64{}, strs...)
			sort.Sort(sort.Reverse(sort.Float64Slice(wantS)))
			wantL := append([]int{}, lens...)
			sort.Ints(wantL)
			got := g.KStrongest("n0", "n1", maxHops, k, gpass)
			if len(got) != min(k, len(strs)) {
				t.Fatalf("round %d k %d: STRENGTH gave %d paths of %d", round, k, len(got), len(strs))
			}
			for i, p := range got {
				if math.Abs(p.Strength-wantS[i]) > 1e-9 {
					t.Fatalf("round %d k %d: strength %d = %v, want %v", round, k, i, p.Strength, wantS[i])
				}
			}
			got = g.KShortest("n0", "n1", maxHops, k, gpass)
			if len(got) != min(k, len(lens)) {
				t.Fatalf("round %d k %d: HOPS gave %d paths of %d", round, k, len(got), len(lens))
			}
			for i, p := range got {
				if len(p.Rels) != wantL[i] {
					t.Fatalf("round %d k %d: length %d = %d, want %d", round, k, i, len(p.Rels), wantL[i])
				}
				if i > 0 && len(p.Rels) == len(got[i-1].Rels) && p.Strength > got[i-1].Strength+1e-12 {
					t.Fatalf("round %d: HOPS ties not strongest first", round)
				}
			}
		}
	}
}

// TestKStrongestParallel is the second case: four paths over the
// same people, distinct by their relationships.
func TestKStrongestParallel(t *testing.T) {
	g := graph.NewSubgraph()
	g.AddEdge("p1", "S", "U", 0.42) // ended posting
	g.AddEdge("p2", "S", "U", 0.7)
	g.AddEdge("p3", "M", "U", 0.7)
	g.AddEdge("k1", "M", "T", 0.3) // ended acquaintance
	g.AddEdge("k2", "M", "T", 0.6)
	for _, order := range []graph.PathOrder{graph.ByStrength, graph.ByHops} {
		ps := g.KBest("S", "T", 4, 20, order, nil)
		if len(ps) != 4 {
			t.Errorf("%s: %d paths, want 4", order, len(ps))
		}
	}
}

// TestNodeIDs: every node of the paths once, in the order of first
// appearance (the hydration statement's ids).
func TestNodeIDs(t *testing.T) {
	got := graph.NodeIDs([]graph.RawPath{{Nodes: []string{"a", "b", "c"}}, {Nodes: []string{"a", "d", "c"}}, {}})
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(got, want) {
		t.Fatalf("NodeIDs = %v, want %v", got, want)
	}
	if got := graph.NodeIDs(nil); len(got) != 0 {
		t.Fatalf("NodeIDs(nil) = %v, want none", got)
	}
}
