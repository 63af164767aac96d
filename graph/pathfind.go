package graph

import (
	"container/heap"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Subgraph is an undirected multigraph of entity ids, the part of the
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
}

// minStrength stands in for a link of strength 0, so that such a link
// still joins its ends (it is the last choice, never left out).
const minStrength = 1e-300

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
// ignored. Parallel relationships between the same two nodes are distinct
// edges.
func (g *Subgraph) AddEdge(relID, a, b string, strength float64) {
	if g.seen[relID] || a == b {
		return
	}
	g.seen[relID] = true
	ia, ib := g.node(a), g.node(b)
	strength = math.Max(math.Min(strength, 1), minStrength)
	if math.IsNaN(strength) {
		strength = minStrength
	}
	e := len(g.edges)
	g.edges = append(g.edges, SubEdge{RelID: relID, A: ia, B: ib, Strength: strength})
	g.adj[ia] = append(g.adj[ia], halfEdge{ib, e})
	g.adj[ib] = append(g.adj[ib], halfEdge{ia, e})
}

// RawPath is a path of the subgraph: node ids, relationship ids and the
// product of the strengths.
type RawPath struct {
	Nodes    []string
	Rels     []string
	Strength float64
}

// NodeIDs lists the nodes of the paths, each once, in the order they
// first appear.
func NodeIDs(paths []RawPath) []string {
	seen := map[string]bool{}
	var ids []string
	for _, p := range paths {
		for _, id := range p.Nodes {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// cost orders paths lexicographically: by a, then by b. ByStrength uses
// (−log strength, hops), ByHops (hops, −log strength). Every step adds at
// least 1 to one component and nothing negative to the other, so every
// cycle costs something and the cheapest walk within a hop limit is a
// simple path.
type cost struct{ a, b float64 }

func (c cost) less(d cost) bool { return c.a < d.a || (c.a == d.a && c.b < d.b) }
func (c cost) plus(d cost) cost { return cost{c.a + d.a, c.b + d.b} }

// finder runs hop-limited Dijkstra searches towards one destination over
// (node, hops) states, reusing its arrays between searches.
type finder struct {
	g       *Subgraph
	dst     int
	maxHops int
	step    []cost // per edge
	pass    []bool // per node: may lie inside a path
	toDst   []int  // per node: hops to dst over passable nodes, -1 if none
	dist    []cost // per state
	from    []int  // per state: previous state
	via     []int  // per state: edge taken
	mark    []uint32
	gen     uint32
	block   []uint32 // per node
	eblock  []uint32 // per edge
	bgen    uint32
	q       stateQueue
}

func (g *Subgraph) newFinder(dst, maxHops int, order PathOrder, passable func(string) bool) *finder {
	f := &finder{g: g, dst: dst, maxHops: maxHops}
	n, m := len(g.ids), len(g.edges)
	f.step = make([]cost, m)
	for i, e := range g.edges {
		w := -math.Log(e.Strength)
		if order == ByHops {
			f.step[i] = cost{1, w}
		} else {
			f.step[i] = cost{w, 1}
		}
	}
	f.pass = make([]bool, n)
	for i, id := range g.ids {
		f.pass[i] = passable == nil || passable(id)
	}
	// Hops to dst: a lower bound that prunes every state from which dst
	// is out of reach within the hops left.
	f.toDst = make([]int, n)
	for i := range f.toDst {
		f.toDst[i] = -1
	}
	f.toDst[dst] = 0
	front := []int{dst}
	for d := 1; d <= maxHops && len(front) > 0; d++ {
		var next []int
		for _, u := range front {
			if u != dst && !f.pass[u] {
				continue
			}
			for _, h := range g.adj[u] {
				if f.toDst[h.to] < 0 {
					f.toDst[h.to] = d
					next = append(next, h.to)
				}
			}
		}
		front = next
	}
	states := n * (maxHops + 1)
	f.dist = make([]cost, states)
	f.from = make([]int, states)
	f.via = make([]int, states)
	f.mark = make([]uint32, states)
	f.block = make([]uint32, n)
	f.eblock = make([]uint32, m)
	return f
}

// newBlocks starts a new set of blocked nodes and edges.
func (f *finder) newBlocks() { f.bgen++ }

// search returns the cheapest path from src to dst of at most budget
// steps that avoids the blocked nodes and edges, as node and edge indexes.
func (f *finder) search(src, budget int) (nodes, edges []int, c cost, ok bool) {
	if f.toDst[src] < 0 || f.toDst[src] > budget {
		return nil, nil, cost{}, false
	}
	f.gen++
	H := f.maxHops + 1
	start := src * H
	f.dist[start], f.mark[start], f.from[start], f.via[start] = cost{}, f.gen, -1, -1
	f.q = f.q[:0]
	heap.Push(&f.q, queued{start, cost{}})
	for f.q.Len() > 0 {
		it := heap.Pop(&f.q).(queued)
		if f.dist[it.s].less(it.c) {
			continue
		}
		node, hops := it.s/H, it.s%H
		if node == f.dst {
			for s := it.s; s >= 0; s = f.from[s] {
				nodes = append(nodes, s/H)
				if f.via[s] >= 0 {
					edges = append(edges, f.via[s])
				}
			}
			reverse(nodes)
			reverse(edges)
			return nodes, edges, it.c, true
		}
		for _, h := range f.g.adj[node] {
			d := f.toDst[h.to]
			if d < 0 || hops+1+d > budget || f.block[h.to] == f.bgen || f.eblock[h.edge] == f.bgen ||
				(h.to != f.dst && !f.pass[h.to]) {
				continue
			}
			ns := h.to*H + hops + 1
			nc := it.c.plus(f.step[h.edge])
			if f.mark[ns] != f.gen || nc.less(f.dist[ns]) {
				f.dist[ns], f.mark[ns], f.from[ns], f.via[ns] = nc, f.gen, it.s, h.edge
				heap.Push(&f.q, queued{ns, nc})
			}
		}
	}
	return nil, nil, cost{}, false
}

type queued struct {
	s int
	c cost
}

func (q queued) key() cost { return q.c }

// costQueue is a container/heap of items, cheapest first.
type costQueue[T interface{ key() cost }] []T

func (q costQueue[T]) Len() int           { return len(q) }
func (q costQueue[T]) Less(i, j int) bool { return q[i].key().less(q[j].key()) }
func (q costQueue[T]) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *costQueue[T]) Push(x any)        { *q = append(*q, x.(T)) }
func (q *costQueue[T]) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

type stateQueue = costQueue[queued]

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

// KStrongest returns the k strongest simple paths from src to dst of at
// most maxHops steps (all of them when there are fewer), strongest first,
// the shorter first among equally strong ones. Two paths are different
// when their relationships differ, so parallel relationships give
// different paths. passable says whether a node other than the ends may
// lie inside a path (nil: every node).
func (g *Subgraph) KStrongest(src, dst string, maxHops, k int, passable func(id string) bool) []RawPath {
	return g.KBest(src, dst, maxHops, k, ByStrength, passable)
}

// KShortest is KStrongest ordered by hops: the k shortest simple paths,
// the strongest first among paths of one length.
func (g *Subgraph) KShortest(src, dst string, maxHops, k int, passable func(id string) bool) []RawPath {
	return g.KBest(src, dst, maxHops, k, ByHops, passable)
}

// KBest is Yen's k shortest simple paths over the hop-limited search, in
// the given order. Yen's algorithm splits the paths not yet found by their
// longest common prefix (root) with a found path; roots are compared by
// their relationships, not by their nodes, so that a path over a parallel
// relationship is its own branch.
func (g *Subgraph) KBest(src, dst string, maxHops, k int, order PathOrder, passable func(id string) bool) []RawPath {
	var out []RawPath
	g.EachBest(src, dst, maxHops, order, passable, func(p RawPath) bool {
		out = append(out, p)
		return len(out) < k
	})
	return out
}

// EachBest calls yield with the simple paths from src to dst of at most
// maxHops steps, best first in the given order, until yield returns false
// or there are no more.
func (g *Subgraph) EachBest(src, dst string, maxHops int, order PathOrder, passable func(id string) bool, yield func(RawPath) bool) {
	s, ok1 := g.index[src]
	t, ok2 := g.index[dst]
	if !ok1 || !ok2 || s == t || maxHops <= 0 {
		return
	}
	f := g.newFinder(t, maxHops, order, passable)
	f.newBlocks()
	nodes, edges, c, ok := f.search(s, maxHops)
	if !ok {
		return
	}
	type found struct {
		nodes, edges []int
	}
	var done []found
	key := func(edges []int) string {
		var b strings.Builder
		for _, e := range edges {
			b.WriteString(strconv.Itoa(e))
			b.WriteByte(',')
		}
		return b.String()
	}
	have := map[string]bool{key(edges): true}
	cands := &candQueue{}
	heap.Push(cands, cand{nodes, edges, c})
	for cands.Len() > 0 {
		best := heap.Pop(cands).(cand)
		if !yield(g.raw(best.nodes, best.edges)) {
			return
		}
		done = append(done, found{best.nodes, best.edges})
		rootCost := cost{}
		for i := 0; i < len(best.nodes)-1; i++ {
			if i > 0 {
				rootCost = rootCost.plus(f.step[best.edges[i-1]])
			}
			rootEdges := best.edges[:i]
			f.newBlocks()
			for _, p := range done {
				if len(p.edges) > i && slices.Equal(p.edges[:i], rootEdges) {
					f.eblock[p.edges[i]] = f.bgen
				}
			}
			for _, n := range best.nodes[:i] {
				f.block[n] = f.bgen
			}
			sn, se, sc, ok := f.search(best.nodes[i], maxHops-i)
			if !ok {
				continue
			}
			e := append(append([]int{}, rootEdges...), se...)
			ke := key(e)
			if have[ke] {
				continue
			}
			have[ke] = true
			n := append(append([]int{}, best.nodes[:i]...), sn...)
			if !simple(n) {
				continue
			}
			heap.Push(cands, cand{n, e, rootCost.plus(sc)})
		}
	}
}

type cand struct {
	nodes, edges []int
	c            cost
}

func (c cand) key() cost { return c.c }

type candQueue = costQueue[cand]

// StrongestFrom returns, for every node reachable from src within maxHops
// steps, the strongest path from src to it (hop-limited Dijkstra; the
// shorter among equally strong paths).
func (g *Subgraph) StrongestFrom(src string, maxHops int, passable func(id string) bool) map[string]RawPath {
	s, ok := g.index[src]
	if !ok || maxHops <= 0 {
		return nil
	}
	H := maxHops + 1
	n := len(g.ids)
	dist := make([]cost, n*H)
	from := make([]int, n*H)
	via := make([]int, n*H)
	seen := make([]bool, n*H)
	best := make([]int, n)
	for i := range best {
		best[i] = -1
	}
	start := s * H
	seen[start], from[start], via[start] = true, -1, -1
	q := &stateQueue{{start, cost{}}}
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		if dist[it.s].less(it.c) {
			continue
		}
		node, hops := it.s/H, it.s%H
		if best[node] < 0 {
			best[node] = it.s // popped in cost order: the first is the best
		}
		if hops == maxHops || (node != s && passable != nil && !passable(g.ids[node])) {
			// A node that may not be passed through ends its paths.
			continue
		}
		for _, h := range g.adj[node] {
			ns := h.to*H + hops + 1
			nc := it.c.plus(cost{-math.Log(g.edges[h.edge].Strength), 1})
			if !seen[ns] || nc.less(dist[ns]) {
				seen[ns], dist[ns], from[ns], via[ns] = true, nc, it.s, h.edge
				heap.Push(q, queued{ns, nc})
			}
		}
	}
	out := map[string]RawPath{}
	for node, st := range best {
		if node == s || st < 0 {
			continue
		}
		var nodes, edges []int
		for x := st; x >= 0; x = from[x] {
			nodes = append(nodes, x/H)
			if via[x] >= 0 {
				edges = append(edges, via[x])
			}
		}
		reverse(nodes)
		reverse(edges)
		if simple(nodes) {
			out[g.ids[node]] = g.raw(nodes, edges)
		}
	}
	return out
}

func simple(nodes []int) bool {
	seen := make(map[int]bool, len(nodes))
	for _, n := range nodes {
		if seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}
