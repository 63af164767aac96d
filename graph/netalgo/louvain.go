package netalgo

import (
	"context"
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
}

// The bounds of Louvain when LouvainOptions leaves them 0.
const (
	DefaultMaxLevels = 20
	DefaultMaxPasses = 50
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
}

func (l *level) n() int { return len(l.k) }

// Louvain partitions the nodes into communities by modularity
// maximization (Blondel et al. 2008): local moving of nodes, in node order,
// to the neighbouring community of greatest gain (the current one on a
// tie), then aggregation of communities into nodes, until nothing moves.
// Deterministic: the same graph gives the same partition.
func (g *WeightedGraph) Louvain(ctx context.Context, opt LouvainOptions) (*LouvainResult, error) {
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
	n := g.Len()
	lv := &level{off: make([]int, n+1), adj: make([]int, len(g.Adj)), w: append([]float64(nil), g.W...),
		self: make([]float64, n), k: make([]float64, n)}
	for i := 0; i <= n; i++ {
		lv.off[i] = int(g.Off[i])
	}
	for e, j := range g.Adj {
		lv.adj[e] = int(j)
	}
	for i := 0; i < n; i++ {
		for e := lv.off[i]; e < lv.off[i+1]; e++ {
			lv.k[i] += lv.w[e]
		}
	}
	var m2 float64
	for _, k := range lv.k {
		m2 += k
	}
	member := make([]int, n)
	for i := range member {
		member[i] = i
	}
	res := &LouvainResult{}
	if m2 == 0 {
		res.Membership, res.Communities = member, n
		return res, nil
	}
	base := lv
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
	// Final numbering in order of each community's first original node.
	id := map[int]int{}
	for i, x := range member {
		if _, ok := id[x]; !ok {
			id[x] = len(id)
		}
		member[i] = id[x]
	}
	res.Membership, res.Communities = member, len(id)
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
		for i := 0; i < n; i++ {
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
	in := map[int]float64{}
	tot := map[int]float64{}
	for i := 0; i < g.Len(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			w := g.W[e]
			m2 += w
			tot[member[i]] += w
			if member[g.Adj[e]] == member[i] {
				in[member[i]] += w
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	q := 0.0
	for c, t := range tot {
		q += in[c]/m2 - gamma*(t/m2)*(t/m2)
	}
	return q
}
