package graph

// Layers is the bookkeeping of a path search from both ends, layer by
// layer, for paths of at most maxHops steps: side A grows (maxHops+1)/2
// layers from the start, side B maxHops/2 from the end. Every layer but
// the last of each side is fetched whole: Frontier names the nodes whose
// relationships to fetch, Reach records each neighbour found, Advance
// closes the layer. The last layers are fetched where the sides meet:
// Last names them and every node each side has seen.
type Layers struct {
	hA, hB, d      int
	seenA, seenB   map[string]bool
	frontA, frontB []string
	inA, inB       map[string]bool
	nextA, nextB   []string
}

// NewLayers starts a search from from to to.
func NewLayers(from, to string, maxHops int) *Layers {
	return &Layers{hA: (maxHops + 1) / 2, hB: maxHops / 2,
		seenA: map[string]bool{from: true}, seenB: map[string]bool{to: true},
		frontA: []string{from}, frontB: []string{to}}
}

// Frontier returns the nodes of the next inner layer of both sides (a
// node of both sides once), or nil when no inner layer is left.
func (l *Layers) Frontier() []string {
	if l.d >= max(l.hA, l.hB)-1 {
		return nil
	}
	l.inA, l.inB = map[string]bool{}, map[string]bool{}
	l.nextA, l.nextB = nil, nil
	var frontier []string
	if l.d < l.hA-1 {
		for _, id := range l.frontA {
			l.inA[id] = true
			frontier = append(frontier, id)
		}
	}
	if l.d < l.hB-1 {
		for _, id := range l.frontB {
			l.inB[id] = true
			if !l.inA[id] {
				frontier = append(frontier, id)
			}
		}
	}
	if len(frontier) == 0 {
		l.d = max(l.hA, l.hB) // nothing left to reach
	}
	return frontier
}

// Reach records y, a neighbour of fid of the frontier: a node not seen
// yet by fid's side joins that side's next layer.
func (l *Layers) Reach(fid, y string) {
	if l.inA[fid] && !l.seenA[y] {
		l.seenA[y] = true
		l.nextA = append(l.nextA, y)
	}
	if l.inB[fid] && !l.seenB[y] {
		l.seenB[y] = true
		l.nextB = append(l.nextB, y)
	}
}

// Advance closes the layer Frontier returned: the nodes reached are the
// next frontier of their side.
func (l *Layers) Advance() {
	if l.d < l.hA-1 {
		l.frontA = l.nextA
	}
	if l.d < l.hB-1 {
		l.frontB = l.nextB
	}
	l.d++
}

// Last returns the last layer of each side and the nodes each side has
// seen (in no order). With maxHops 1 side B is the end alone, reached
// from A's last layer, so lastB is empty.
func (l *Layers) Last() (lastA, lastB, seenA, seenB []string) {
	lastA, lastB = l.frontA, l.frontB
	if l.hB == 0 {
		lastB = nil
	}
	return lastA, lastB, setKeys(l.seenA), setKeys(l.seenB)
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
