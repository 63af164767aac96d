package graph

import (
	"sort"
	"strings"
)

// maxIntroducerPaths bounds the paths IntroducerPaths looks at to find
// q.First different introducers.
const maxIntroducerPaths = 2000

// IntroducerPaths picks, in the subgraph fetched for q, the strongest path
// of each candidate introducer, strongest first (ties by the nodes' ids),
// each running from q.From (or from the introducer when q.From is nil) to
// q.Target.
//
// With q.From, an introducer is the first person on a path after from: the
// strongest paths are walked in order until q.First introducers have
// theirs (the first path through an introducer is its strongest), looking
// at no more than maxIntroducerPaths paths. Without it, every person
// within q.MaxHops of the target is a candidate, with its strongest path.
func IntroducerPaths(sg *Subgraph, q IntroducerQuery) []RawPath {
	var raws []RawPath
	if q.From != nil {
		best := map[string]RawPath{}
		seen := 0
		sg.EachBest(*q.From, q.Target, q.MaxHops, ByStrength, nil, func(r RawPath) bool {
			seen++
			for _, n := range r.Nodes[1 : len(r.Nodes)-1] {
				if isPersonID(n) {
					if _, ok := best[n]; !ok {
						best[n] = r
					}
					break
				}
			}
			return len(best) < q.First && seen < maxIntroducerPaths
		})
		for _, r := range best {
			raws = append(raws, r)
		}
	} else {
		for id, r := range sg.StrongestFrom(q.Target, q.MaxHops, nil) {
			if isPersonID(id) {
				r.reverse()
				raws = append(raws, r)
			}
		}
	}
	sort.Slice(raws, func(i, j int) bool {
		if raws[i].Strength != raws[j].Strength {
			return raws[i].Strength > raws[j].Strength
		}
		return strings.Join(raws[i].Nodes, ",") < strings.Join(raws[j].Nodes, ",")
	})
	return raws
}

// RankIntroducers turns the paths of IntroducerPaths, resolved and in the
// same order, into at most first introducers: the first person on each
// path other than from, left out when not discoverable.
func RankIntroducers(paths []*Path, from *string, first int) []*Introducer {
	var out []*Introducer
	for _, p := range paths {
		var person *Person
		for _, n := range p.Nodes[:len(p.Nodes)-1] {
			if pp, ok := n.(*Person); ok && (from == nil || pp.ID != *from) {
				person = pp
				break
			}
		}
		if person == nil || !person.Discoverable {
			continue
		}
		out = append(out, &Introducer{Person: person, Path: p, Strength: p.Strength})
		if len(out) == first {
			break
		}
	}
	return out
}

func isPersonID(id string) bool {
	k, _ := ParseID(id)
	return k == KindPerson
}

// reverse turns the path around.
func (r *RawPath) reverse() {
	reverse(r.Nodes)
	reverse(r.Rels)
}
