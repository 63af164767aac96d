package graph_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func date(s string) time.Time {
	t, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTieStrength(t *testing.T) {
	p := graph.DefaultTieParams()
	now := date("2026-06-01")
	t.Run("NoReason", func(t *testing.T) {
		s, _ := p.Strength(graph.TieFacts{Shared: []graph.Period{{From: date("2020-01-01")}}}, now)
		if s != 0 {
			t.Errorf("shared membership alone made a tie of %v", s)
		}
	})
	t.Run("Acquaintance", func(t *testing.T) {
		s, c := p.Strength(graph.TieFacts{Knows: true, KnowsSince: ptr(date("2025-01-01"))}, now)
		if math.Abs(s-0.3) > 1e-9 || c.Acquaintance != 0.3 {
			t.Errorf("strength %v components %+v", s, c)
		}
	})
	t.Run("InteractionsAddUpAndDecay", func(t *testing.T) {
		one := graph.TieFacts{Interactions: []graph.InteractionFact{{At: date("2026-05-01"), Kind: graph.InteractionMeeting}}}
		many := one
		for i := 0; i < 5; i++ {
			many.Interactions = append(many.Interactions, graph.InteractionFact{At: date("2026-04-01"), Kind: graph.InteractionMeeting})
		}
		old := graph.TieFacts{Interactions: []graph.InteractionFact{{At: date("2022-05-01"), Kind: graph.InteractionMeeting}}}
		msg := graph.TieFacts{Interactions: []graph.InteractionFact{{At: date("2026-05-01"), Kind: graph.InteractionMessage}}}
		s1, _ := p.Strength(one, now)
		sm, _ := p.Strength(many, now)
		so, _ := p.Strength(old, now)
		sg, _ := p.Strength(msg, now)
		if !(sm > s1 && s1 > so && s1 > sg && sm < 1) {
			t.Errorf("one %v, many %v, old %v, message %v", s1, sm, so, sg)
		}
	})
	t.Run("LongTiesDecaySlower", func(t *testing.T) {
		// The same last contact two years ago, for a tie of two years and
		// one of ten.
		last := graph.InteractionFact{At: date("2024-06-01"), Kind: graph.InteractionMeeting}
		fresh := graph.TieFacts{Interactions: []graph.InteractionFact{last}}
		long := graph.TieFacts{Knows: true, KnowsSince: ptr(date("2016-06-01")), Interactions: []graph.InteractionFact{last}}
		_, cf := p.Strength(fresh, now)
		_, cl := p.Strength(long, now)
		if cl.Interactions <= cf.Interactions {
			t.Errorf("interaction component: long tie %v, fresh tie %v", cl.Interactions, cf.Interactions)
		}
	})
	t.Run("CoService", func(t *testing.T) {
		unit := graph.TieFacts{CoServedUnit: []graph.Period{{From: date("2025-03-01"), To: ptr(date("2026-03-01"))}}}
		region := graph.TieFacts{CoServedPlace: []graph.Period{{From: date("2025-03-01"), To: ptr(date("2026-03-01"))}}}
		su, _ := p.Strength(unit, now)
		sr, _ := p.Strength(region, now)
		if !(su > sr && sr > 0 && su <= p.CoServedHostUnit) {
			t.Errorf("same unit %v, same region %v", su, sr)
		}
	})
	t.Run("NoisyOr", func(t *testing.T) {
		f := graph.TieFacts{Knows: true, CoServedUnit: []graph.Period{{From: date("2025-01-01")}}}
		s, c := p.Strength(f, now)
		want := 1 - (1-c.Acquaintance)*(1-c.CoService)
		if math.Abs(s-want) > 1e-12 || s > 1 {
			t.Errorf("strength %v, want %v", s, want)
		}
	})
}

func TestLinkWeights(t *testing.T) {
	w := graph.DefaultLinkWeights()
	now := date("2026-06-01")
	tie := 0.8
	if got := w.Of(&graph.Relationship{Type: graph.RelKnows, TieStrength: &tie}, now); got != 0.8 {
		t.Errorf("KNOWS with a tie: %v", got)
	}
	cur := w.Of(&graph.Relationship{Type: graph.RelPostedTo}, now)
	ended := w.Of(&graph.Relationship{Type: graph.RelPostedTo, To: ptr(date("2024-01-01"))}, now)
	if !(ended < cur) {
		t.Errorf("ended %v, current %v", ended, cur)
	}
}

func TestLoadStrengths(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"tie": {"halfLifeDays": 540}, "links": {"endedFactor": 0.5}}`), 0o600)
	s, err := graph.LoadStrengths(good)
	if err != nil || s.Tie.HalfLifeDays != 540 || s.Links.EndedFactor != 0.5 || s.Tie.Acquaintance != 0.3 {
		t.Errorf("LoadStrengths = %+v, %v", s, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"tie": {"acquaintance": 3}}`), 0o600)
	if _, err := graph.LoadStrengths(bad); err == nil {
		t.Errorf("an acquaintance weight of 3 was accepted")
	}
}

func TestKStrongest(t *testing.T) {
	g := graph.NewSubgraph()
	// a—d weak; a—b—c—d strong; a—e—d medium; a cycle b—e.
	g.AddEdge("ad", "a", "d", 0.2)
	g.AddEdge("ab", "a", "b", 0.9)
	g.AddEdge("bc", "b", "c", 0.9)
	g.AddEdge("cd", "c", "d", 0.9)
	g.AddEdge("ae", "a", "e", 0.6)
	g.AddEdge("ed", "e", "d", 0.6)
	g.AddEdge("be", "b", "e", 0.5)
	ps := g.KStrongest("a", "d", 4, 10, nil)
	if len(ps) < 4 {
		t.Fatalf("%d paths", len(ps))
	}
	if got := ps[0].Rels; len(got) != 3 || got[0] != "ab" {
		t.Errorf("strongest = %v (%v)", got, ps[0].Strength)
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Strength > ps[i-1].Strength+1e-12 {
			t.Errorf("not sorted: %v then %v", ps[i-1].Strength, ps[i].Strength)
		}
	}
	seen := map[string]bool{}
	for _, p := range ps {
		nodes := map[string]bool{}
		for _, n := range p.Nodes {
			if nodes[n] {
				t.Errorf("path %v repeats %s", p.Nodes, n)
			}
			nodes[n] = true
		}
		k := ""
		for _, r := range p.Rels {
			k += r + ","
		}
		if seen[k] {
			t.Errorf("path %s twice", k)
		}
		seen[k] = true
	}
	if ps := g.KStrongest("a", "d", 1, 5, nil); len(ps) != 1 || ps[0].Rels[0] != "ad" {
		t.Errorf("maxHops 1: %v", ps)
	}
	if ps := g.KStrongest("a", "d", 4, 5, func(id string) bool { return id != "b" && id != "e" }); len(ps) != 1 {
		t.Errorf("with b and e impassable: %d paths", len(ps))
	}
	best := g.StrongestFrom("a", 2, nil)
	if p := best["d"]; len(p.Rels) != 2 || p.Rels[0] != "ae" {
		t.Errorf("strongest to d within 2 hops: %v", p)
	}
}

func ptr[T any](v T) *T { return &v }
