package netalgo

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sort"
)

// LouvainOptions tune Louvain.
type LouvainOptions struct {
	// Resolution γ of modularity; 0 means 1. Larger values give smaller
	// communities.
	Resolution float64
	// MaxLevels bounds the aggregation levels; 0 means DefaultMaxLevels.
	MaxLevels int
	// MaxPasses bounds the local-moving passes of one level; 0 means
	// DefaultMaxPasses.
	MaxPasses int
	// Restarts is the number of node orders Louvain runs from, keeping the
	// best partition; 0 means DefaultRestarts.
	Restarts int
	// Workers run restarts in parallel; 0 means GOMAXPROCS. The result
	// does not depend on it.
	Workers int
}

// The bounds of Louvain when LouvainOptions leaves them 0.
const (
	DefaultMaxLevels = 20
	DefaultMaxPasses = 50
	DefaultRestarts  = 4
)

// LouvainResult is a partition of the nodes.
type LouvainResult struct {
	// Membership[i] is node i's community, numbered from 0 in the order of
	// each community's first node.
	Membership  []int
	Communities int
	Modularity  float64
	Levels      int
}

// level is one level of Louvain: a weighted graph whose nodes are the
// communities of the level below, with self-loops holding their internal
// weight (counted in both directions, as an adjacency matrix entry A_ii).
type level struct {
	off  []int
	adj  []int
	w    []float64
	self []float64
	k    []float64 // Σ_j A_ij, self-loop included
	// order is the order in which local moving visits the nodes; nil
	// means node order.
	order []int
}

func (l *level) n() int { return len(l.k) }

// Louvain partitions the nodes into communities by modularity
// maximization (Blondel et al. 2008): local moving of nodes to the
// neighbouring community of greatest gain (the current one on a tie), then
// aggregation of communities into nodes, until nothing moves; then a
// refinement (see Refine). The result of local moving depends on the order
// in which nodes are visited: Louvain runs from node order and from
// Restarts−1 seeded shuffles of it and keeps the partition of greatest
// modularity (the first on a tie). Deterministic: the same graph gives the
// same partition.
func (g *WeightedGraph) Louvain(ctx context.Context, opt LouvainOptions) (*LouvainResult, error) {
	restarts := opt.Restarts
	if restarts <= 0 {
		restarts = DefaultRestarts
	}
	workers := workerCount(opt.Workers, runtime.GOMAXPROCS(0), restarts)
	base := g.baseLevel()
	results := make([]*LouvainResult, restarts)
	errs := make([]error, restarts)
	inParallel(workers, func(w int) {
		for r := w; r < restarts; r += workers {
			var order []int
			if r > 0 {
				order = restartOrder(g.Len(), r)
			}
			member := make([]int, g.Len())
			for i := range member {
				member[i] = i
			}
			results[r], errs[r] = g.louvainFrom(ctx, base, member, order, opt)
		}
	})
	var best *LouvainResult
	for r, res := range results {
		if errs[r] != nil {
			return nil, errs[r]
		}
		if best == nil || res.Modularity > best.Modularity+1e-12 {
			best = res
		}
	}
	return best, nil
}

// restartBlock is the size of the blocks of nodes whose order a restart
// shuffles on a large graph.
const restartBlock = 4096

// restartOrder is the order in which restart r (≥ 1) visits n nodes: a
// seeded shuffle. Above restartBlock nodes it shuffles blocks of
// consecutive nodes and the nodes within each block, not the nodes across
// the graph: visiting neighbouring nodes (which node order keeps close in
// memory) one after another is several times faster on a graph that
// outgrows the processor's caches (at 330,000 people, a restart took
// 4.7 s in a fully shuffled order and 2.2 s in node order).
func restartOrder(n, r int) []int {
	rng := rand.New(rand.NewPCG(uint64(r), 0x5851f42d4c957f2d))
	if n <= restartBlock {
		return rng.Perm(n)
	}
	order := make([]int, 0, n)
	for _, b := range rng.Perm((n + restartBlock - 1) / restartBlock) {
		lo := b * restartBlock
		for _, i := range rng.Perm(min(restartBlock, n-lo)) {
			order = append(order, lo+i)
		}
	}
	return order
}

// Refine improves a partition (another engine's, say) as Louvain improves
// its own: nodes of the graph move between its communities, communities
// merge level by level, until nothing moves. A partition that Louvain
// found comes back unchanged.
func (g *WeightedGraph) Refine(ctx context.Context, membership []int, opt LouvainOptions) (*LouvainResult, error) {
	member := append([]int(nil), membership...)
	renumber(member)
	return g.louvainFrom(ctx, g.baseLevel(), member, nil, opt)
}

// baseLevel is the graph as Louvain's first level. Levels are not changed
// once built, so restarts share it.
func (g *WeightedGraph) baseLevel() *level {
	n := g.Len()
	base := &level{off: make([]int, n+1), adj: make([]int, len(g.Adj)), w: g.W, self: make([]float64, n), k: make([]float64, n)}
	for i := 0; i <= n; i++ {
		base.off[i] = int(g.Off[i])
	}
	for e, j := range g.Adj {
		base.adj[e] = int(j)
	}
	for i := 0; i < n; i++ {
		for e := base.off[i]; e < base.off[i+1]; e++ {
			base.k[i] += base.w[e]
		}
	}
	return base
}

// louvainFrom runs Louvain on the graph whose first level is base from the
// partition member (community numbers below n, numbered in order of first
// node), visiting the original nodes in order (nil: node order).
func (g *WeightedGraph) louvainFrom(ctx context.Context, base *level, member []int, order []int, opt LouvainOptions) (*LouvainResult, error) {
	gamma := opt.Resolution
	if gamma <= 0 {
		gamma = 1
	}
	maxLevels, maxPasses := opt.MaxLevels, opt.MaxPasses
	if maxLevels <= 0 {
		maxLevels = DefaultMaxLevels
	}
	if maxPasses <= 0 {
		maxPasses = DefaultMaxPasses
	}
	own := *base
	own.order = order
	base = &own
	var m2 float64
	for _, k := range base.k {
		m2 += k
	}
	res := &LouvainResult{}
	if m2 == 0 {
		res.Membership, res.Communities = member, renumber(member)
		return res, nil
	}
	lv := base
	c := communityCount(member)
	if c < g.Len() {
		// A given partition: its nodes move first, then its communities.
		base.moveFrom(member, m2, gamma, maxPasses)
		lv = base.aggregate(member, renumber(member))
	}
	for round := 0; round < maxLevels; round++ {
		for levelNo := 0; levelNo < maxLevels; levelNo++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			comm, moved := lv.localMoving(m2, gamma, maxPasses)
			if !moved {
				break
			}
			res.Levels++
			c := renumber(comm)
			for i := range member {
				member[i] = comm[member[i]]
			}
			lv = lv.aggregate(comm, c)
		}
		// Refinement: the nodes of the original graph move once more
		// between the communities found; when one does, the levels start
		// again from the refined partition. Every move raises modularity.
		comm := append([]int(nil), member...)
		if _, moved := base.moveFrom(comm, m2, gamma, maxPasses); !moved {
			break
		}
		c := renumber(comm)
		copy(member, comm)
		lv = base.aggregate(comm, c)
	}
	res.Communities = renumber(member)
	res.Membership = member
	res.Modularity = g.Modularity(member, gamma)
	return res, nil
}

// renumber numbers the communities of comm from 0 in order of their first
// node and returns how many there are.
func renumber(comm []int) int {
	id := make([]int, len(comm))
	for i := range id {
		id[i] = -1
	}
	c := 0
	for i, x := range comm {
		if id[x] < 0 {
			id[x] = c
			c++
		}
		comm[i] = id[x]
	}
	return c
}

// louvainEpsilon is the least gain (in edge weight) worth a move: it keeps
// rounding noise from moving nodes back and forth.
const louvainEpsilon = 1e-12

// localMoving runs the local-moving phase and returns each node's
// community and whether any node moved.
func (l *level) localMoving(m2, gamma float64, maxPasses int) ([]int, bool) {
	comm := make([]int, l.n())
	for i := range comm {
		comm[i] = i
	}
	return l.moveFrom(comm, m2, gamma, maxPasses)
}

// moveFrom runs the local-moving phase from the partition comm (community
// numbers below n), which it changes in place.
func (l *level) moveFrom(comm []int, m2, gamma float64, maxPasses int) ([]int, bool) {
	n := l.n()
	tot := make([]float64, n)
	for i, c := range comm {
		tot[c] += l.k[i]
	}
	weightTo := make([]float64, n)
	seen := make([]bool, n)
	touched := make([]int, 0, 64)
	movedAny := false
	for pass := 0; pass < maxPasses; pass++ {
		moved := 0
		for x := 0; x < n; x++ {
			i := x
			if l.order != nil {
				i = l.order[x]
			}
			ci := comm[i]
			touched = touched[:0]
			for e := l.off[i]; e < l.off[i+1]; e++ {
				c := comm[l.adj[e]]
				if !seen[c] {
					seen[c] = true
					touched = append(touched, c)
				}
				weightTo[c] += l.w[e]
			}
			ki := l.k[i]
			tot[ci] -= ki
			best := ci
			bestGain := weightTo[ci] - gamma*tot[ci]*ki/m2
			for _, c := range touched {
				gain := weightTo[c] - gamma*tot[c]*ki/m2
				if gain > bestGain+louvainEpsilon {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			if best != ci {
				comm[i] = best
				moved++
			}
			for _, c := range touched {
				weightTo[c], seen[c] = 0, false
			}
		}
		if moved == 0 {
			break
		}
		movedAny = true
	}
	return comm, movedAny
}

// aggregate returns the level whose nodes are the communities.
func (l *level) aggregate(comm []int, c int) *level {
	members := make([][]int, c)
	for i, x := range comm {
		members[x] = append(members[x], i)
	}
	out := &level{off: make([]int, c+1), self: make([]float64, c), k: make([]float64, c)}
	weightTo := make([]float64, c)
	seen := make([]bool, c)
	var touched []int
	for x := 0; x < c; x++ {
		touched = touched[:0]
		for _, i := range members[x] {
			out.self[x] += l.self[i]
			out.k[x] += l.k[i]
			for e := l.off[i]; e < l.off[i+1]; e++ {
				y := comm[l.adj[e]]
				if y == x {
					out.self[x] += l.w[e]
					continue
				}
				if !seen[y] {
					seen[y] = true
					touched = append(touched, y)
				}
				weightTo[y] += l.w[e]
			}
		}
		sort.Ints(touched)
		for _, y := range touched {
			out.adj = append(out.adj, y)
			out.w = append(out.w, weightTo[y])
			weightTo[y], seen[y] = 0, false
		}
		out.off[x+1] = len(out.adj)
	}
	return out
}

// Modularity is Newman's modularity of the partition with resolution γ:
// Σ_c [ in_c/2m − γ (tot_c/2m)² ].
func (g *WeightedGraph) Modularity(member []int, gamma float64) float64 {
	var m2 float64
	c := communityCount(member)
	in, tot := make([]float64, c), make([]float64, c)
	for i := 0; i < g.Len(); i++ {
		mi := member[i]
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			w := g.W[e]
			m2 += w
			tot[mi] += w
			if member[g.Adj[e]] == mi {
				in[mi] += w
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	q := 0.0
	for x, t := range tot {
		q += in[x]/m2 - gamma*(t/m2)*(t/m2)
	}
	return q
}

// communityCount is how many community numbers member uses: one more than
// the greatest.
func communityCount(member []int) int {
	c := 0
	for _, x := range member {
		c = max(c, x+1)
	}
	return c
}
