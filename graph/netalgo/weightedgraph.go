package netalgo

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
)

// WeightedGraph is an undirected graph with edge weights in (0, 1] in
// compressed form: node i's neighbours are Adj[Off[i]:Off[i+1]]. Nodes are
// numbered in the order of their sorted ids.
type WeightedGraph struct {
	IDs []string
	Off []int32
	Adj []int32
	W   []float64
}

// Len is the number of nodes.
func (g *WeightedGraph) Len() int { return len(g.IDs) }

// Edges is the number of undirected edges.
func (g *WeightedGraph) Edges() int { return len(g.Adj) / 2 }

// Index returns the node number of id.
func (g *WeightedGraph) Index(id string) (int, bool) {
	i := sort.SearchStrings(g.IDs, id)
	return i, i < len(g.IDs) && g.IDs[i] == id
}

// Degree is the number of neighbours of node i.
func (g *WeightedGraph) Degree(i int) int { return int(g.Off[i+1] - g.Off[i]) }

// Neighbors returns node i's neighbours and the weights of the edges.
func (g *WeightedGraph) Neighbors(i int) ([]int32, []float64) {
	return g.Adj[g.Off[i]:g.Off[i+1]], g.W[g.Off[i]:g.Off[i+1]]
}

// GraphBuilder collects nodes and edges; Build turns them into a
// WeightedGraph. Parallel edges merge keeping the greatest weight;
// self-loops and weights ≤ 0 are dropped, weights above 1 count as 1.
type GraphBuilder struct {
	index map[string]int32
	ids   []string
	edges []rawEdge
}

type rawEdge struct {
	a, b int32
	w    float64
}

// NewGraphBuilder returns an empty builder.
func NewGraphBuilder() *GraphBuilder { return &GraphBuilder{index: map[string]int32{}} }

// Grow makes room for that many more nodes and edges.
func (b *GraphBuilder) Grow(nodes, edges int) {
	if len(b.ids) == 0 {
		b.index = make(map[string]int32, nodes)
	}
	b.ids = slices.Grow(b.ids, nodes)
	b.edges = slices.Grow(b.edges, edges)
}

// AddNode adds a node without edges (it may get some later).
func (b *GraphBuilder) AddNode(id string) int32 {
	if i, ok := b.index[id]; ok {
		return i
	}
	i := int32(len(b.ids))
	b.index[id] = i
	b.ids = append(b.ids, id)
	return i
}

// AddEdge adds an undirected edge, adding its nodes.
func (b *GraphBuilder) AddEdge(x, y string, w float64) {
	if x == y || !(w > 0) {
		return
	}
	b.AddEdgeAt(b.AddNode(x), b.AddNode(y), w)
}

// AddEdgeAt adds an undirected edge between nodes that AddNode numbered.
func (b *GraphBuilder) AddEdgeAt(i, j int32, w float64) {
	if i == j || !(w > 0) {
		return
	}
	b.edges = append(b.edges, rawEdge{i, j, math.Min(w, 1)})
}

// Build returns the graph.
func (b *GraphBuilder) Build() *WeightedGraph {
	n := len(b.ids)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.ids[x], b.ids[y]) })
	remap := make([]int32, n)
	g := &WeightedGraph{IDs: make([]string, n), Off: make([]int32, n+1)}
	for newI, oldI := range order {
		remap[oldI] = int32(newI)
		g.IDs[newI] = b.ids[oldI]
	}
	// The edges (a, b) with a < b, sorted: counted by a, placed, then each
	// a's sorted by b.
	ends := func(e rawEdge) (int32, int32) {
		a, c := remap[e.a], remap[e.b]
		return min(a, c), max(a, c)
	}
	start := make([]int32, n+1)
	for _, e := range b.edges {
		a, _ := ends(e)
		start[a+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	es := make([]rawEdge, len(b.edges))
	next := slices.Clone(start[:n])
	for _, e := range b.edges {
		a, c := ends(e)
		es[next[a]] = rawEdge{a, c, e.w}
		next[a]++
	}
	for i := 0; i < n; i++ {
		if s := es[start[i]:start[i+1]]; len(s) > 1 {
			slices.SortFunc(s, func(x, y rawEdge) int { return cmp.Compare(x.b, y.b) })
		}
	}
	uniq := es[:0]
	for _, e := range es {
		if k := len(uniq); k > 0 && uniq[k-1].a == e.a && uniq[k-1].b == e.b {
			uniq[k-1].w = math.Max(uniq[k-1].w, e.w)
			continue
		}
		uniq = append(uniq, e)
	}
	deg := make([]int32, n)
	for _, e := range uniq {
		deg[e.a]++
		deg[e.b]++
	}
	for i := 0; i < n; i++ {
		g.Off[i+1] = g.Off[i] + deg[i]
	}
	g.Adj = make([]int32, 2*len(uniq))
	g.W = make([]float64, 2*len(uniq))
	pos := append([]int32(nil), g.Off[:n]...)
	// Edges are sorted by (a, b) with a < b: filling each node's smaller
	// neighbours first, then its larger ones, leaves every list sorted.
	for _, e := range uniq {
		g.Adj[pos[e.b]], g.W[pos[e.b]] = e.a, e.w
		pos[e.b]++
	}
	for _, e := range uniq {
		g.Adj[pos[e.a]], g.W[pos[e.a]] = e.b, e.w
		pos[e.a]++
	}
	return g
}
