package netalgo

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
)

// BetweennessOptions tune Betweenness.
type BetweennessOptions struct {
	// Sources is the number of source nodes to sample; 0 or at least the
	// number of nodes means all (exact).
	Sources int
	// Seed chooses the sample; the same seed gives the same sample.
	Seed uint64
	// Weighted makes shortest paths the strongest ones: an edge costs
	// 1 + round(1000·(−ln w)), so that equally strong paths tie exactly
	// and, among them, fewer hops win. Otherwise every edge costs 1.
	Weighted bool
	// Workers run sources in parallel; 0 means GOMAXPROCS (at most 8).
	Workers int
}

// BetweennessResult holds the normalized betweenness of every node.
type BetweennessResult struct {
	Scores  []float64
	Sampled bool
	Sources int
}

// CostScale is the resolution of weighted path costs: strengths within
// 0.1 % of each other cost the same.
const CostScale = 1000

// EdgeCost is the integer cost of an edge of weight w in weighted
// betweenness.
func EdgeCost(w float64) int64 {
	if !(w > 0) {
		w = 1e-12
	}
	return 1 + int64(math.Round(-math.Log(math.Min(w, 1))*CostScale))
}

// Betweenness computes betweenness centrality with Brandes' algorithm,
// from every node or from a deterministic sample of source nodes (the
// estimate then scales the sampled dependencies by n/k, which is unbiased).
// Scores are normalized by (n−1)(n−2): the share of ordered pairs of other
// nodes whose shortest paths pass through the node, counting a pair with
// several shortest paths by the fraction through it. It stops early with
// ctx's error.
func (g *WeightedGraph) Betweenness(ctx context.Context, opt BetweennessOptions) (*BetweennessResult, error) {
	n := g.Len()
	res := &BetweennessResult{Scores: make([]float64, n)}
	if n == 0 {
		return res, nil
	}
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	if opt.Sources > 0 && opt.Sources < n {
		r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
		for i := 0; i < opt.Sources; i++ {
			j := i + r.IntN(n-i)
			sources[i], sources[j] = sources[j], sources[i]
		}
		sources = sources[:opt.Sources]
		sort.Slice(sources, func(a, b int) bool { return sources[a] < sources[b] })
		res.Sampled = true
	}
	res.Sources = len(sources)
	lg := g.localLayout(opt.Weighted)
	workers := workerCount(opt.Workers, min(runtime.GOMAXPROCS(0), 8), len(sources))
	partial := make([][]float64, workers)
	errs := make([]error, workers)
	inParallel(workers, func(w int) {
		b := newBrandes(lg)
		for i := w; i < len(sources); i += workers {
			if i%16 == w%16 && ctx.Err() != nil {
				errs[w] = ctx.Err()
				return
			}
			b.from(lg.rank[sources[i]])
		}
		partial[w] = b.bc
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	scale := 0.0
	if n > 2 {
		scale = float64(n) / float64(len(sources)) / (float64(n-1) * float64(n-2))
	}
	for _, p := range partial {
		for v := range res.Scores {
			res.Scores[v] += p[lg.rank[v]]
		}
	}
	for v := range res.Scores {
		res.Scores[v] *= scale
	}
	return res, nil
}

// layout is the graph renumbered for Brandes' searches: nodes in
// breadth-first order (so that a node's neighbours mostly lie near it in
// memory, which matters once the per-node state outgrows the processor's
// caches), each arc with its cost beside its head.
type layout struct {
	off  []int32
	arcs []arc
	// rank[v] is node v's number in the layout.
	rank    []int32
	maxCost int32
}

type arc struct{ to, cost int32 }

// localLayout renumbers g in breadth-first order from each node not yet
// reached, in node order, and gives each arc its cost (1 unweighted, else
// EdgeCost, which stays far below 2^31 for any weight).
func (g *WeightedGraph) localLayout(weighted bool) *layout {
	n := g.Len()
	lg := &layout{off: make([]int32, n+1), arcs: make([]arc, len(g.Adj)), rank: make([]int32, n), maxCost: 1}
	order := make([]int32, 0, n)
	for i := range lg.rank {
		lg.rank[i] = -1
	}
	for s := 0; s < n; s++ {
		if lg.rank[s] >= 0 {
			continue
		}
		lg.rank[s] = int32(len(order))
		order = append(order, int32(s))
		for h := len(order) - 1; h < len(order); h++ {
			for _, w := range g.Adj[g.Off[order[h]]:g.Off[order[h]+1]] {
				if lg.rank[w] < 0 {
					lg.rank[w] = int32(len(order))
					order = append(order, w)
				}
			}
		}
	}
	k := int32(0)
	for u, v := range order {
		lg.off[u] = k
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			c := int32(1)
			if weighted {
				c = int32(EdgeCost(g.W[e]))
			}
			lg.maxCost = max(lg.maxCost, c)
			lg.arcs[k] = arc{lg.rank[g.Adj[e]], c}
			k++
		}
	}
	lg.off[n] = k
	return lg
}

// brandes holds one worker's buffers, over a layout.
type brandes struct {
	g *layout
	// st is each node's distance from the source (−1: not reached), the
	// number of shortest paths to it and its dependency: one cache line
	// holds all three.
	st    []nodeState
	done  []bool
	stack []int32
	// buckets is Dial's bucket queue: tentative distances lie within
	// maxCost of the one being settled, so bucket d mod len(buckets) holds
	// the nodes at distance d.
	buckets [][]int32
	bc      []float64
}

type nodeState struct {
	dist         int64
	sigma, delta float64
}

func newBrandes(g *layout) *brandes {
	n := len(g.rank)
	b := &brandes{g: g, st: make([]nodeState, n), done: make([]bool, n), stack: make([]int32, 0, n),
		bc: make([]float64, n), buckets: make([][]int32, g.maxCost+1)}
	for i := range b.st {
		b.st[i].dist = -1
	}
	return b
}

// from adds the dependencies of source s to bc: Dijkstra over Dial's
// bucket queue (the costs are small integers; unweighted, every cost is 1
// and it is a breadth-first search) that counts shortest paths, then the
// accumulation of dependencies in order of non-increasing distance.
// Predecessors are recognized by their distance rather than stored.
func (b *brandes) from(s int32) {
	g, st := b.g, b.st
	b.stack = b.stack[:0]
	st[s].dist, st[s].sigma = 0, 1
	nb := int64(len(b.buckets))
	b.buckets[0] = append(b.buckets[0], s)
	for cur, pending := int64(0), 1; pending > 0; cur++ {
		// No push lands in the bucket being drained: costs lie in
		// [1, nb−1].
		bk := cur % nb
		for len(b.buckets[bk]) > 0 {
			last := len(b.buckets[bk]) - 1
			v := b.buckets[bk][last]
			b.buckets[bk] = b.buckets[bk][:last]
			pending--
			if b.done[v] || st[v].dist != cur {
				continue // settled, or a stale entry
			}
			b.done[v] = true
			b.stack = append(b.stack, v)
			sv := st[v].sigma
			for _, a := range g.arcs[g.off[v]:g.off[v+1]] {
				w := &st[a.to]
				nd := cur + int64(a.cost)
				switch {
				case w.dist < 0 || nd < w.dist:
					w.dist, w.sigma = nd, sv
					// The bucket of nd, without a division.
					nbk := bk + int64(a.cost)
					if nbk >= nb {
						nbk -= nb
					}
					b.buckets[nbk] = append(b.buckets[nbk], a.to)
					pending++
				case nd == w.dist:
					w.sigma += sv
				}
			}
		}
	}
	for i := len(b.stack) - 1; i >= 0; i-- {
		w := b.stack[i]
		sw := &st[w]
		coeff := (1 + sw.delta) / sw.sigma
		// Every neighbour of a settled node was reached.
		for _, a := range g.arcs[g.off[w]:g.off[w+1]] {
			v := &st[a.to]
			if v.dist+int64(a.cost) == sw.dist {
				v.delta += v.sigma * coeff
			}
		}
		if w != s {
			b.bc[w] += sw.delta
		}
	}
	// Every node reached was settled, so the stack holds all that changed.
	for _, v := range b.stack {
		st[v] = nodeState{dist: -1}
		b.done[v] = false
	}
}
