package netalgo_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph/netalgo"
)

// build makes a graph from "a-b" pairs of weight 1, or "a-b:0.5".
func build(edges ...string) *netalgo.WeightedGraph {
	b := netalgo.NewGraphBuilder()
	for _, e := range edges {
		w := 1.0
		if i := strings.IndexByte(e, ':'); i >= 0 {
			fmt.Sscanf(e[i+1:], "%g", &w)
			e = e[:i]
		}
		ab := strings.SplitN(e, "-", 2)
		b.AddEdge(ab[0], ab[1], w)
	}
	return b.Build()
}

func scores(t *testing.T, g *netalgo.WeightedGraph, opt netalgo.BetweennessOptions) map[string]float64 {
	t.Helper()
	r, err := g.Betweenness(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for i, s := range r.Scores {
		out[g.IDs[i]] = s
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantScores(t *testing.T, got, want map[string]float64, tol float64) {
	t.Helper()
	for id, w := range want {
		if math.Abs(got[id]-w) > tol {
			t.Errorf("betweenness of %s = %.6f, want %.6f", id, got[id], w)
		}
	}
}

func TestBetweennessPath(t *testing.T) {
	g := build("a-b", "b-c", "c-d", "d-e")
	// Node i of a path of n lies on i·(n−1−i) of the (n−1)(n−2)/2 pairs.
	want := map[string]float64{"a": 0, "b": 3.0 / 6, "c": 4.0 / 6, "d": 3.0 / 6, "e": 0}
	for _, weighted := range []bool{false, true} {
		wantScores(t, scores(t, g, netalgo.BetweennessOptions{Weighted: weighted}), want, 1e-12)
	}
}

func TestBetweennessStar(t *testing.T) {
	g := build("hub-a", "hub-b", "hub-c", "hub-d")
	wantScores(t, scores(t, g, netalgo.BetweennessOptions{}), map[string]float64{"hub": 1, "a": 0, "b": 0, "c": 0, "d": 0}, 1e-12)
}

func TestBetweennessSquareWeighted(t *testing.T) {
	// a–b–c strong, a–d–c weak: the strongest way from a to c is through b.
	g := build("a-b:0.9", "b-c:0.9", "a-d:0.1", "d-c:0.1")
	wantScores(t, scores(t, g, netalgo.BetweennessOptions{}), map[string]float64{"a": 1.0 / 6, "b": 1.0 / 6, "c": 1.0 / 6, "d": 1.0 / 6}, 1e-12)
	// b and d: two equally strong ways, through a and through c.
	wantScores(t, scores(t, g, netalgo.BetweennessOptions{Weighted: true}), map[string]float64{"a": 1.0 / 6, "b": 1.0 / 3, "c": 1.0 / 6, "d": 0}, 1e-12)
}

// karate is Zachary's karate club (34 members, 78 friendships).
func karate() *netalgo.WeightedGraph {
	b := netalgo.NewGraphBuilder()
	for _, p := range netalgo.KarateClub() {
		b.AddEdge(fmt.Sprintf("k%02d", p[0]), fmt.Sprintf("k%02d", p[1]), 1)
	}
	return b.Build()
}

func TestBetweennessKarate(t *testing.T) {
	g := karate()
	if g.Len() != 34 || g.Edges() != 78 {
		t.Fatalf("karate: %d nodes, %d edges", g.Len(), g.Edges())
	}
	// Published values (e.g. networkx betweenness_centrality, normalized).
	want := map[string]float64{"k00": 0.437635, "k33": 0.304075, "k32": 0.145247, "k02": 0.143657, "k31": 0.138276, "k11": 0}
	wantScores(t, scores(t, g, netalgo.BetweennessOptions{Workers: 3}), want, 1e-6)
	wantScores(t, scores(t, g, netalgo.BetweennessOptions{Weighted: true, Workers: 1}), want, 1e-6)

	// A sample is deterministic, scaled to the exact values' size, and
	// finds the two leaders.
	opt := netalgo.BetweennessOptions{Sources: 12, Seed: 7}
	r1, err := g.Betweenness(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := g.Betweenness(context.Background(), opt)
	if !r1.Sampled || r1.Sources != 12 {
		t.Errorf("sampled = %v, sources = %d", r1.Sampled, r1.Sources)
	}
	for i := range r1.Scores {
		if r1.Scores[i] != r2.Scores[i] {
			t.Fatalf("the same seed gave different scores at %s", g.IDs[i])
		}
	}
	top := 0
	for i, s := range r1.Scores {
		if s > r1.Scores[top] {
			top = i
		}
	}
	if g.IDs[top] != "k00" && g.IDs[top] != "k33" {
		t.Errorf("sampled top broker %s", g.IDs[top])
	}
	if exact, _ := g.Betweenness(context.Background(), netalgo.BetweennessOptions{Sources: 34}); exact.Sampled {
		t.Errorf("as many sources as nodes is exact")
	}
}

// twoCliques is two cliques of five joined through one bridge person who
// knows one member of each.
func twoCliques() *netalgo.WeightedGraph {
	var edges []string
	for _, side := range []string{"a", "b"} {
		for i := 1; i <= 5; i++ {
			for j := i + 1; j <= 5; j++ {
				edges = append(edges, fmt.Sprintf("%s%d-%s%d:0.8", side, i, side, j))
			}
		}
	}
	return build(append(edges, "a1-x:0.5", "x-b1:0.5")...)
}

func TestBridgeIsTopBroker(t *testing.T) {
	g := twoCliques()
	for _, opt := range []netalgo.BetweennessOptions{{}, {Weighted: true}, {Weighted: true, Sources: 6, Seed: 1}} {
		s := scores(t, g, opt)
		if opt.Sources == 0 {
			// x lies on the paths between the 5 + 5 members: 25 of the 45
			// pairs of others; a1 on those between a2…a5 and the 6 beyond.
			wantScores(t, s, map[string]float64{"x": 25.0 / 45, "a1": 24.0 / 45, "b1": 24.0 / 45, "a2": 0}, 1e-12)
		}
		if s["x"] <= s["a2"] || s["x"] <= s["b2"] {
			t.Errorf("%+v: x %.3f, a1 %.3f, a2 %.3f", opt, s["x"], s["a1"], s["a2"])
		}
	}
}

func TestLouvainTwoCliques(t *testing.T) {
	g := twoCliques()
	r, err := g.Louvain(context.Background(), netalgo.LouvainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Communities != 2 {
		t.Fatalf("%d communities: %v", r.Communities, r.Membership)
	}
	comm := func(id string) int { i, _ := g.Index(id); return r.Membership[i] }
	for i := 2; i <= 5; i++ {
		if comm(fmt.Sprintf("a%d", i)) != comm("a1") || comm(fmt.Sprintf("b%d", i)) != comm("b1") {
			t.Errorf("clique split: %v", r.Membership)
		}
	}
	if comm("a1") == comm("b1") {
		t.Errorf("the cliques merged")
	}
	if r.Modularity < 0.4 || !near(r.Modularity, g.Modularity(r.Membership, 1)) {
		t.Errorf("modularity %.4f", r.Modularity)
	}
}

func TestLouvainRingOfCliques(t *testing.T) {
	// Six cliques of four in a ring, joined by single edges: the classic
	// case where modularity finds every clique.
	var edges []string
	for c := 0; c < 6; c++ {
		for i := 0; i < 4; i++ {
			for j := i + 1; j < 4; j++ {
				edges = append(edges, fmt.Sprintf("c%d%d-c%d%d", c, i, c, j))
			}
		}
		edges = append(edges, fmt.Sprintf("c%d3-c%d0", c, (c+1)%6))
	}
	g := build(edges...)
	r, err := g.Louvain(context.Background(), netalgo.LouvainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Communities != 6 {
		t.Fatalf("%d communities: %v", r.Communities, r.Membership)
	}
	for i, id := range g.IDs {
		j, _ := g.Index(id[:2] + "0")
		if r.Membership[i] != r.Membership[j] {
			t.Errorf("%s is not with its clique", id)
		}
	}
}

func TestLouvainKarate(t *testing.T) {
	g := karate()
	r, err := g.Louvain(context.Background(), netalgo.LouvainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The best partition has modularity 0.4198 (4 communities); plain
	// Louvain stops at 0.4156 from this order, the refinement of the
	// original nodes reaches the best one, as GDS's Louvain does.
	t.Logf("karate: %d communities, modularity %.6f, levels %d", r.Communities, r.Modularity, r.Levels)
	if math.Abs(r.Modularity-0.41979) > 1e-4 || r.Communities != 4 {
		t.Errorf("karate: %d communities, modularity %.4f", r.Communities, r.Modularity)
	}
	r2, _ := g.Louvain(context.Background(), netalgo.LouvainOptions{})
	for i := range r.Membership {
		if r.Membership[i] != r2.Membership[i] {
			t.Fatalf("not deterministic")
		}
	}
}

// TestLouvainKarateAnyOrder: whatever the ids (so the node order), Louvain
// finds the best partition of the karate club; and Refine leaves it as it
// is and improves a worse one to it.
func TestLouvainKarateAnyOrder(t *testing.T) {
	k := karate()
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		names := rng.Perm(k.Len())
		b := netalgo.NewGraphBuilder()
		for i := 0; i < k.Len(); i++ {
			adj, ws := k.Neighbors(i)
			for e, j := range adj {
				b.AddEdge(fmt.Sprintf("m%03d", names[i]), fmt.Sprintf("m%03d", names[j]), ws[e])
			}
		}
		g := b.Build()
		r, err := g.Louvain(context.Background(), netalgo.LouvainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.Modularity-0.41979) > 1e-4 || r.Communities != 4 {
			t.Errorf("ids of seed %d: %d communities, modularity %.6f", seed, r.Communities, r.Modularity)
		}
		same, err := g.Refine(context.Background(), r.Membership, netalgo.LouvainOptions{})
		if err != nil || fmt.Sprint(same.Membership) != fmt.Sprint(r.Membership) {
			t.Errorf("Refine changed Louvain's partition: %v", err)
		}
		// One node moved to another community: Refine takes it back.
		worse := append([]int(nil), r.Membership...)
		worse[0] = (worse[0] + 1) % r.Communities
		if g.Modularity(worse, 1) >= r.Modularity {
			continue
		}
		better, err := g.Refine(context.Background(), worse, netalgo.LouvainOptions{})
		if err != nil || better.Modularity < r.Modularity-1e-12 {
			t.Errorf("Refine of a worse partition: modularity %.6f, want %.6f", better.Modularity, r.Modularity)
		}
	}
}

func TestLouvainNoEdges(t *testing.T) {
	b := netalgo.NewGraphBuilder()
	b.AddNode("a")
	b.AddNode("b")
	r, err := b.Build().Louvain(context.Background(), netalgo.LouvainOptions{})
	if err != nil || r.Communities != 2 || r.Modularity != 0 {
		t.Errorf("%+v, %v", r, err)
	}
	e, err := netalgo.NewGraphBuilder().Build().Betweenness(context.Background(), netalgo.BetweennessOptions{})
	if err != nil || len(e.Scores) != 0 {
		t.Errorf("empty graph: %+v, %v", e, err)
	}
}

func TestGraphBuilder(t *testing.T) {
	g := build("b-a:0.2", "a-b:0.7", "a-a", "c-a:2", "d-e:0", "f-g:0.5")
	if g.Len() != 5 || g.Edges() != 3 {
		t.Fatalf("%d nodes %v, %d edges", g.Len(), g.IDs, g.Edges())
	}
	a, _ := g.Index("a")
	adj, w := g.Neighbors(a)
	if len(adj) != 2 || g.IDs[adj[0]] != "b" || w[0] != 0.7 || g.IDs[adj[1]] != "c" || w[1] != 1 {
		t.Errorf("neighbours of a: %v %v", adj, w)
	}
	if _, ok := g.Index("d"); ok {
		t.Errorf("an edge of weight 0 adds no node")
	}
	r := randomGraph(500, 6)
	for i := 0; i < r.Len(); i++ {
		adj, _ := r.Neighbors(i)
		for k := 1; k < len(adj); k++ {
			if adj[k-1] >= adj[k] {
				t.Fatalf("neighbours of %d not sorted or repeated: %v", i, adj)
			}
		}
	}
}

func TestBetweennessCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := karate().Betweenness(ctx, netalgo.BetweennessOptions{}); err == nil {
		t.Errorf("a cancelled context should stop the computation")
	}
	if _, err := karate().Louvain(ctx, netalgo.LouvainOptions{}); err == nil {
		t.Errorf("a cancelled context should stop Louvain")
	}
}

// randomGraph is a sparse random graph of n nodes and about n·deg/2 edges
// with random strengths, from a fixed seed.
func randomGraph(n, deg int) *netalgo.WeightedGraph {
	b := netalgo.NewGraphBuilder()
	x := uint64(12345)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	for i := 0; i < n*deg/2; i++ {
		a, c := next()%uint64(n), next()%uint64(n)
		b.AddEdge(fmt.Sprintf("p%07d", a), fmt.Sprintf("p%07d", c), float64(next()%1000+1)/1000)
	}
	return b.Build()
}

func BenchmarkBetweenness(b *testing.B) {
	g := randomGraph(20000, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := g.Betweenness(context.Background(), netalgo.BetweennessOptions{Sources: 50, Weighted: true, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLouvain(b *testing.B) {
	g := randomGraph(20000, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := g.Louvain(context.Background(), netalgo.LouvainOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// bruteBetweenness computes normalized betweenness from all-pairs shortest
// path lengths and counts (Floyd–Warshall), with the integer edge costs of
// Betweenness.
func bruteBetweenness(g *netalgo.WeightedGraph, weighted bool) []float64 {
	n := g.Len()
	const inf = math.MaxInt64 / 4
	d := make([][]int64, n)
	for i := range d {
		d[i] = make([]int64, n)
		for j := range d[i] {
			if i != j {
				d[i][j] = inf
			}
		}
		adj, ws := g.Neighbors(i)
		for k, j := range adj {
			d[i][j] = 1
			if weighted {
				d[i][j] = netalgo.EdgeCost(ws[k])
			}
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if d[i][k]+d[k][j] < d[i][j] {
					d[i][j] = d[i][k] + d[k][j]
				}
			}
		}
	}
	// sigma[s][t]: shortest paths from s to t, counted over nodes by
	// increasing distance from s.
	sigma := make([][]float64, n)
	for s := 0; s < n; s++ {
		sigma[s] = make([]float64, n)
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		sortBy(order, func(a, b int) bool { return d[s][a] < d[s][b] })
		sigma[s][s] = 1
		for _, t := range order {
			if t == s || d[s][t] >= inf {
				continue
			}
			adj, ws := g.Neighbors(t)
			for k, u := range adj {
				c := int64(1)
				if weighted {
					c = netalgo.EdgeCost(ws[k])
				}
				if d[s][u]+c == d[s][t] {
					sigma[s][t] += sigma[s][u]
				}
			}
		}
	}
	bc := make([]float64, n)
	for v := 0; v < n; v++ {
		for s := 0; s < n; s++ {
			for t := 0; t < n; t++ {
				if s == v || t == v || s == t || d[s][t] >= inf {
					continue
				}
				if d[s][v]+d[v][t] == d[s][t] {
					bc[v] += sigma[s][v] * sigma[v][t] / sigma[s][t]
				}
			}
		}
		if n > 2 {
			bc[v] /= float64((n - 1) * (n - 2))
		}
	}
	return bc
}

func sortBy(xs []int, less func(a, b int) bool) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && less(xs[j], xs[j-1]); j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

func TestBetweennessAgainstBruteForce(t *testing.T) {
	x := uint64(99)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	strengths := []float64{0.2, 0.5, 0.5, 1}
	for trial := 0; trial < 30; trial++ {
		b := netalgo.NewGraphBuilder()
		n := 5 + int(next()%10)
		for i := 0; i < n*2; i++ {
			b.AddEdge(fmt.Sprintf("n%02d", next()%uint64(n)), fmt.Sprintf("n%02d", next()%uint64(n)), strengths[next()%4])
		}
		g := b.Build()
		for _, weighted := range []bool{false, true} {
			want := bruteBetweenness(g, weighted)
			r, err := g.Betweenness(context.Background(), netalgo.BetweennessOptions{Weighted: weighted, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if math.Abs(r.Scores[i]-want[i]) > 1e-9 {
					t.Fatalf("trial %d (weighted %v): %s = %.6f, brute force %.6f", trial, weighted, g.IDs[i], r.Scores[i], want[i])
				}
			}
		}
	}
}

func BenchmarkBetweenness100k(b *testing.B) {
	g := randomGraph(100000, 8)
	for _, weighted := range []bool{false, true} {
		b.Run(fmt.Sprint("weighted=", weighted), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := g.Betweenness(context.Background(), netalgo.BetweennessOptions{Sources: 20, Weighted: weighted, Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLouvainLargePlanted: on a graph larger than the blocks that restarts
// shuffle, Louvain finds 50 planted groups of 200 people (each with 8
// strong ties inside its group and one weak tie outside), and its answer
// does not depend on how many restarts run at once.
func TestLouvainLargePlanted(t *testing.T) {
	const groups, size = 50, 200
	x := uint64(7)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	b := netalgo.NewGraphBuilder()
	// Ids interleave the groups, so that node order is not group order.
	id := func(g, i int) string { return fmt.Sprintf("p%03d-%02d", i, g) }
	for g := 0; g < groups; g++ {
		for i := 0; i < size; i++ {
			for k := 0; k < 4; k++ {
				b.AddEdge(id(g, i), id(g, int(next()%size)), 0.8)
			}
			b.AddEdge(id(g, i), id(int(next()%groups), int(next()%size)), 0.05)
		}
	}
	gr := b.Build()
	var first *netalgo.LouvainResult
	for _, workers := range []int{1, 2, 4} {
		r, err := gr.Louvain(context.Background(), netalgo.LouvainOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			if r.Communities != groups {
				t.Fatalf("%d communities, want %d (modularity %.4f)", r.Communities, groups, r.Modularity)
			}
			community := map[string]int{}
			for i, name := range gr.IDs {
				g := name[len(name)-2:]
				if c, ok := community[g]; ok && c != r.Membership[i] {
					t.Fatalf("group %s split between communities %d and %d", g, c, r.Membership[i])
				}
				community[g] = r.Membership[i]
			}
			continue
		}
		if fmt.Sprint(r.Membership) != fmt.Sprint(first.Membership) || r.Modularity != first.Modularity {
			t.Errorf("%d workers: another partition (modularity %.6f, %.6f with 1)", workers, r.Modularity, first.Modularity)
		}
	}
}
