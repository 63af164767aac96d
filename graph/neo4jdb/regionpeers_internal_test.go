package neo4jdb

import (
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

// TestRegionPeersBounded: keeping at most MaxRegionPeers peers per person
// while the overlaps stream in gives what ranking every other by its
// longest overlap and keeping the first MaxRegionPeers gives, with ties
// of length broken by the other's id, for streams with repeated others,
// equal lengths and more or fewer others than are kept.
func TestRegionPeersBounded(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	now := base.AddDate(3, 0, 0)
	for round := range 300 {
		others := 1 + rng.Intn(3*MaxRegionPeers)
		rp := regionPeers[int32]{}
		longest := map[int32]regionPeer[int32]{}
		for range rng.Intn(400) {
			other := int32(rng.Intn(others))
			from := base.AddDate(0, 0, rng.Intn(40))
			to := from.AddDate(0, 0, rng.Intn(30)) // few lengths: many ties
			var end *time.Time
			if rng.Intn(5) > 0 {
				end = &to
			}
			rp.consider(-1, other, from, end, base, nil, now)
			o, _ := overlap(from, end, base, nil)
			e := now
			if o.To != nil {
				e = *o.To
			}
			c := regionPeer[int32]{other: other, p: o, days: e.Sub(o.From).Hours() / 24}
			if cur, ok := longest[other]; !ok || c.days > cur.days {
				longest[other] = c
			}
		}
		var want []regionPeer[int32]
		for _, c := range longest {
			want = append(want, c)
		}
		sort.Slice(want, func(i, j int) bool { return want[i].before(want[j]) })
		want = want[:min(len(want), MaxRegionPeers)]
		got := rp.kept(-1)
		if len(got) != len(want) {
			t.Fatalf("round %d: kept %d peers, want %d", round, len(got), len(want))
		}
		for i := range want {
			if got[i].other != want[i].other || got[i].days != want[i].days || !samePeriod(got[i].p, want[i].p) {
				t.Fatalf("round %d: peer %d is %+v, want %+v", round, i, got[i], want[i])
			}
		}
	}
}

func samePeriod(a, b graph.Period) bool {
	return a.From.Equal(b.From) && (a.To == nil) == (b.To == nil) && (a.To == nil || a.To.Equal(*b.To))
}
