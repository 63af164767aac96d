package netalgo

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
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
	var cost []int64
	if opt.Weighted {
		cost = make([]int64, len(g.W))
		for i, w := range g.W {
			cost[i] = EdgeCost(w)
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	workers = max(1, min(workers, len(sources)))
	partial := make([][]float64, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			b := newBrandes(g, cost)
			for i := w; i < len(sources); i += workers {
				if i%16 == w%16 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				b.from(int(sources[i]))
			}
			partial[w] = b.bc
		}(w)
	}
	wg.Wait()
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
		for v, x := range p {
			res.Scores[v] += x
		}
	}
	for v := range res.Scores {
		res.Scores[v] *= scale
	}
	return res, nil
}

// brandes holds one worker's buffers.
type brandes struct {
	g     *WeightedGraph
	cost  []int64 // nil: unweighted
	dist  []int64
	sigma []float64
	delta []float64
	done  []bool
	stack []int32
	queue []int32
	// buckets is Dial's bucket queue for the weighted search: tentative
	// distances lie within maxCost of the one being settled, so bucket
	// d mod len(buckets) holds the nodes at distance d.
	buckets [][]int32
	bc      []float64
}

func newBrandes(g *WeightedGraph, cost []int64) *brandes {
	n := g.Len()
	b := &brandes{g: g, cost: cost, dist: make([]int64, n), sigma: make([]float64, n), delta: make([]float64, n),
		done: make([]bool, n), stack: make([]int32, 0, n), bc: make([]float64, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	if cost != nil {
		maxCost := int64(1)
		for _, c := range cost {
			maxCost = max(maxCost, c)
		}
		b.buckets = make([][]int32, maxCost+1)
	}
	return b
}

func (b *brandes) edgeCost(e int32) int64 {
	if b.cost == nil {
		return 1
	}
	return b.cost[e]
}

// from adds the dependencies of source s to bc: a breadth-first search
// (unweighted) or Dijkstra over Dial's bucket queue (weighted; the costs
// are small integers) that counts shortest paths, then the accumulation of
// dependencies in order of non-increasing distance. Predecessors are
// recognized by their distance rather than stored.
func (b *brandes) from(s int) {
	g := b.g
	b.stack = b.stack[:0]
	b.dist[s], b.sigma[s] = 0, 1
	if b.cost == nil {
		b.queue = append(b.queue[:0], int32(s))
		for h := 0; h < len(b.queue); h++ {
			v := b.queue[h]
			b.stack = append(b.stack, v)
			dv := b.dist[v] + 1
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				w := g.Adj[e]
				if b.dist[w] < 0 {
					b.dist[w] = dv
					b.queue = append(b.queue, w)
				}
				if b.dist[w] == dv {
					b.sigma[w] += b.sigma[v]
				}
			}
		}
	} else {
		nb := int64(len(b.buckets))
		b.buckets[0] = append(b.buckets[0], int32(s))
		for cur, pending := int64(0), 1; pending > 0; cur++ {
			// No push lands in the bucket being drained: costs lie in
			// [1, nb−1].
			bk := cur % nb
			for len(b.buckets[bk]) > 0 {
				last := len(b.buckets[bk]) - 1
				v := b.buckets[bk][last]
				b.buckets[bk] = b.buckets[bk][:last]
				pending--
				if b.done[v] || b.dist[v] != cur {
					continue // settled, or a stale entry
				}
				b.done[v] = true
				b.stack = append(b.stack, v)
				for e := g.Off[v]; e < g.Off[v+1]; e++ {
					w := g.Adj[e]
					nd := cur + b.cost[e]
					switch {
					case b.dist[w] < 0 || nd < b.dist[w]:
						b.dist[w], b.sigma[w] = nd, b.sigma[v]
						b.buckets[nd%nb] = append(b.buckets[nd%nb], w)
						pending++
					case nd == b.dist[w]:
						b.sigma[w] += b.sigma[v]
					}
				}
			}
		}
	}
	for i := len(b.stack) - 1; i >= 0; i-- {
		w := b.stack[i]
		coeff := (1 + b.delta[w]) / b.sigma[w]
		for e := g.Off[w]; e < g.Off[w+1]; e++ {
			v := g.Adj[e]
			if b.dist[v] >= 0 && b.dist[v]+b.edgeCost(e) == b.dist[w] {
				b.delta[v] += b.sigma[v] * coeff
			}
		}
		if int(w) != s {
			b.bc[w] += b.delta[w]
		}
	}
	// Every node reached was settled, so the stack holds all that changed.
	for _, v := range b.stack {
		b.dist[v], b.sigma[v], b.delta[v], b.done[v] = -1, 0, 0, false
	}
}
