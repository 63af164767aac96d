package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
)

// TestLayers runs the bookkeeping of the two-sided search over small
// undirected graphs and checks the frontiers fetched and the last layers.
func TestLayers(t *testing.T) {
	sorted := func(ids []string) string {
		ids = slices.Clone(ids)
		slices.Sort(ids)
		return strings.Join(ids, ",")
	}
	for _, tc := range []struct {
		name      string
		to        string // the search is from a
		edges     string // "a-b b-c": undirected
		maxHops   int
		frontiers []string // each layer's frontier, sorted
		last      [4]string
	}{
		{"OneHop", "b", "a-b", 1, nil, [4]string{"a", "", "a", "b"}},
		{"TwoHops", "c", "a-b b-c", 2, nil, [4]string{"a", "c", "a", "c"}},
		{"Chain4", "e", "a-b b-c c-d d-e", 4, []string{"a,e"}, [4]string{"b", "d", "a,b", "d,e"}},
		// Side A has one layer more than B.
		{"Chain5", "f", "a-b b-c c-d d-e e-f", 5, []string{"a,f", "b"}, [4]string{"c", "e", "a,b,c", "e,f"}},
		// m is reached by both sides and fetched once for both; from it each
		// side reaches the other end.
		{"Shared6", "e", "a-m m-e m-x", 6, []string{"a,e", "m"}, [4]string{"e,x", "a,x", "a,e,m,x", "a,e,m,x"}},
		// Nothing new to reach: the search stops early.
		{"Isolated", "e", "", 6, []string{"a,e"}, [4]string{"", "", "a", "e"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			adj := map[string][]string{}
			for _, e := range strings.Fields(tc.edges) {
				x, y, _ := strings.Cut(e, "-")
				adj[x] = append(adj[x], y)
				adj[y] = append(adj[y], x)
			}
			ls := graph.NewLayers("a", tc.to, tc.maxHops)
			var frontiers []string
			for f := ls.Frontier(); len(f) > 0; f = ls.Frontier() {
				if len(slices.Compact(slices.Sorted(slices.Values(f)))) != len(f) {
					t.Fatalf("frontier %v names a node twice", f)
				}
				frontiers = append(frontiers, sorted(f))
				for _, id := range f {
					for _, y := range adj[id] {
						ls.Reach(id, y)
					}
				}
				ls.Advance()
			}
			if !slices.Equal(frontiers, tc.frontiers) {
				t.Errorf("frontiers %q, want %q", frontiers, tc.frontiers)
			}
			lastA, lastB, seenA, seenB := ls.Last()
			if got := [4]string{sorted(lastA), sorted(lastB), sorted(seenA), sorted(seenB)}; got != tc.last {
				t.Errorf("last layers and seen %q, want %q", got, tc.last)
			}
		})
	}
}
