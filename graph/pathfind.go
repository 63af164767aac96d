package graph

import (
	"container/heap"
	"math"
	"sort"
)

// Subgraph is a weighted, undirected graph of entity ids, the part of the
// database a path search has fetched. Link strengths lie in (0, 1]; the
// strongest path is the one with the greatest product of strengths, found
// as the shortest path under cost −log(strength).
type Subgraph struct {
	ids   []string
	index map[string]int
	adj   [][]halfEdge
	edges []SubEdge
	seen  map[string]bool
}

// SubEdge is one fetched relationship.
type SubEdge struct {
	RelID    string
	A, B     int
	Strength float64
}

type halfEdge struct {
	to   int
	edge int
	cost float64
}

// hopCost keeps every step's cost positive, so that among equally strong
// paths the shorter wins and no zero-cost cycle exists.
const hopCost = 1e-9

// NewSubgraph returns an empty subgraph.
func NewSubgraph() *Subgraph {
	return &Subgraph{index: map[string]int{}, seen: map[string]bool{}}
}

func (g *Subgraph) node(id string) int {
	if i, ok := g.index[id]; ok {
		return i
	}
	g.index[id] = len(g.ids)
	g.ids = append(g.ids, id)
	g.adj = append(g.adj, nil)
	return len(g.ids) - 1
}

// AddEdge adds a relationship once; later additions of the same id are
// ignored.
func (g *Subgraph) AddEdge(relID, a, b string, strength float64) {
	if g.seen[relID] || a == b || strength <= 0 {
		return
	}
	g.seen[relID] = true
	ia, ib := g.node(a), g.node(b)
	strength = math.Min(strength, 1)
	e := len(g.edges)
	g.edges = append(g.edges, SubEdge{RelID: relID, A: ia, B: ib, Strength: strength})
	c := -math.Log(strength) + hopCost
	g.adj[ia] = append(g.adj[ia], halfEdge{ib, e, c})
	g.adj[ib] = append(g.adj[ib], halfEdge{ia, e, c})
}

// Len is the number of nodes.
func (g *Subgraph) Len() int { return len(g.ids) }

// RawPath is a path of the subgraph: node ids, relationship ids and the
// product of the strengths.
type RawPath struct {
	Nodes    []string
	Rels     []string
	Strength float64
}

type state struct {
	node, hops int
}

// back is how a search reached a state: from prev over edge.
type back struct {
	prev state
	edge int
}

// trace walks the back pointers from st to start and returns the node and
// edge indexes of the path, start first.
func trace(from map[state]back, start, st state) (nodes, edges []int) {
	for x := st; ; {
		nodes = append(nodes, x.node)
		if x == start {
			break
		}
		b := from[x]
		edges = append(edges, b.edge)
		x = b.prev
	}
	reverse(nodes)
	reverse(edges)
	return nodes, edges
}

type pqItem struct {
	s    state
	cost float64
}

type pq []pqItem

func (q pq) Len() int                 { return len(q) }
func (q pq) Less(i, j int) bool       { return q[i].cost < q[j].cost }
func (q pq) Swap(i, j int)            { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)              { *q = append(*q, x.(pqItem)) }
func (q *pq) Pop() any                { old := *q; it := old[len(old)-1]; *q = old[:len(old)-1]; return it }
func (g *Subgraph) idOf(i int) string { return g.ids[i] }

// search is Dijkstra over (node, hops) states from src, at most maxHops
// steps, avoiding blocked nodes and edges; it returns the cheapest path to
// dst as node and edge indexes.
func (g *Subgraph) search(src, dst, maxHops int, blockedNode map[int]bool, blockedEdge map[int]bool, passable func(int) bool) ([]int, []int, float64, bool) {
	dist := map[state]float64{}
	from := map[state]back{}
	start := state{src, 0}
	dist[start] = 0
	q := &pq{{start, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(pqItem)
		if it.cost > dist[it.s] {
			continue
		}
		if it.s.node == dst {
			nodes, edges := trace(from, start, it.s)
			return nodes, edges, it.cost, true
		}
		if it.s.hops == maxHops {
			continue
		}
		for _, h := range g.adj[it.s.node] {
			if blockedNode[h.to] || blockedEdge[h.edge] || (h.to != dst && passable != nil && !passable(h.to)) {
				continue
			}
			ns := state{h.to, it.s.hops + 1}
			nc := it.cost + h.cost
			if d, ok := dist[ns]; !ok || nc < d {
				dist[ns] = nc
				from[ns] = back{it.s, h.edge}
				heap.Push(q, pqItem{ns, nc})
			}
		}
	}
	return nil, nil, 0, false
}

func reverse[T any](xs []T) {
	for i, j := 0, len(xs)-1; i < j; i, j = i+1, j-1 {
		xs[i], xs[j] = xs[j], xs[i]
	}
}

func (g *Subgraph) raw(nodes, edges []int) RawPath {
	p := RawPath{Strength: 1}
	for _, n := range nodes {
		p.Nodes = append(p.Nodes, g.ids[n])
	}
	for _, e := range edges {
		p.Rels = append(p.Rels, g.edges[e].RelID)
		p.Strength *= g.edges[e].Strength
	}
	return p
}

func simple(nodes []int) bool {
	seen := map[int]bool{}
	for _, n := range nodes {
		if seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}

// KStrongest returns up to k distinct simple paths from src to dst of at
// most maxHops steps, strongest first (Yen's algorithm over a hop-limited
// Dijkstra). passable says whether a node other than the ends may lie
// inside a path.
func (g *Subgraph) KStrongest(src, dst string, maxHops, k int, passable func(id string) bool) []RawPath {
	s, ok1 := g.index[src]
	t, ok2 := g.index[dst]
	if !ok1 || !ok2 || k <= 0 {
		return nil
	}
	pass := func(i int) bool { return passable == nil || passable(g.ids[i]) }
	type cand struct {
		nodes, edges []int
		cost         float64
	}
	nodes, edges, cost, ok := g.search(s, t, maxHops, nil, nil, pass)
	if !ok {
		return nil
	}
	found := []cand{{nodes, edges, cost}}
	var candidates []cand
	key := func(edges []int) string {
		b := make([]byte, 0, len(edges)*4)
		for _, e := range edges {
			b = append(b, byte(e), byte(e>>8), byte(e>>16), byte(e>>24))
		}
		return string(b)
	}
	have := map[string]bool{key(edges): true}
	for len(found) < k {
		last := found[len(found)-1]
		for i := 0; i < len(last.nodes)-1; i++ {
			spur := last.nodes[i]
			rootNodes, rootEdges := last.nodes[:i+1], last.edges[:i]
			blockedEdge := map[int]bool{}
			for _, p := range found {
				if len(p.nodes) > i && equalInts(p.nodes[:i+1], rootNodes) {
					blockedEdge[p.edges[i]] = true
				}
			}
			blockedNode := map[int]bool{}
			for _, n := range rootNodes[:i] {
				blockedNode[n] = true
			}
			sn, se, sc, ok := g.search(spur, t, maxHops-i, blockedNode, blockedEdge, pass)
			if !ok {
				continue
			}
			rootCost := 0.0
			for _, e := range rootEdges {
				rootCost += -math.Log(g.edges[e].Strength) + hopCost
			}
			n := append(append([]int{}, rootNodes[:i]...), sn...)
			e := append(append([]int{}, rootEdges...), se...)
			if !simple(n) || have[key(e)] {
				continue
			}
			have[key(e)] = true
			candidates = append(candidates, cand{n, e, rootCost + sc})
		}
		if len(candidates) == 0 {
			break
		}
		sort.SliceStable(candidates, func(a, b int) bool { return candidates[a].cost < candidates[b].cost })
		found = append(found, candidates[0])
		candidates = candidates[1:]
	}
	out := make([]RawPath, len(found))
	for i, c := range found {
		out[i] = g.raw(c.nodes, c.edges)
	}
	return out
}

// StrongestFrom returns, for every node reachable from src within maxHops
// steps, the strongest path from src to it (hop-limited Dijkstra).
func (g *Subgraph) StrongestFrom(src string, maxHops int, passable func(id string) bool) map[string]RawPath {
	s, ok := g.index[src]
	if !ok {
		return nil
	}
	dist := map[state]float64{}
	from := map[state]back{}
	best := map[int]state{}
	start := state{s, 0}
	dist[start] = 0
	q := &pq{{start, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(pqItem)
		if it.cost > dist[it.s] {
			continue
		}
		if b, ok := best[it.s.node]; !ok || dist[b] > it.cost {
			best[it.s.node] = it.s
		}
		if it.s.hops == maxHops || (it.s.node != s && passable != nil && !passable(g.ids[it.s.node])) {
			// A node that may not be passed through ends its paths.
			continue
		}
		for _, h := range g.adj[it.s.node] {
			ns := state{h.to, it.s.hops + 1}
			nc := it.cost + h.cost
			if d, ok := dist[ns]; !ok || nc < d {
				dist[ns] = nc
				from[ns] = back{it.s, h.edge}
				heap.Push(q, pqItem{ns, nc})
			}
		}
	}
	out := map[string]RawPath{}
	for n, st := range best {
		if n == s {
			continue
		}
		nodes, edges := trace(from, start, st)
		if simple(nodes) {
			out[g.ids[n]] = g.raw(nodes, edges)
		}
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
