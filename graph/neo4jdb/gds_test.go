package neo4jdb_test

import (
	"fmt"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/graph/netalgo"
)

// karateClub loads Zachary's karate club (34 members, 78 friendships) as
// people who know each other, scoped by the fixture's tag.
func karateClub(t *testing.T) (*fixture, *graph.PersonWhere) {
	t.Helper()
	f := newFixture(t)
	members := make([]*graph.Person, 34)
	for i := range members {
		members[i] = f.person(fmt.Sprintf("空手道%02d", i))
	}
	for _, p := range netalgo.KarateClub() {
		f.knows(members[p[0]], members[p[1]])
	}
	return f, &graph.PersonWhere{NameContains: &f.tag}
}

// TestEnginesAgree: brokers and communities on the Graph Data Science
// library (the local launcher ships it) and in Go give the same broker
// ranking with the same scores, and the same communities, on the planted
// bridge-and-cliques graph (up to the bridge, which either clique may take
// at the same modularity) and on Zachary's karate club.
func TestEnginesAgree(t *testing.T) {
	t.Parallel()
	c := newCliques(t)
	k, kscope := karateClub(t)
	for _, tc := range []struct {
		name   string
		f      *fixture
		scope  *graph.PersonWhere
		people int
		bridge string
	}{{"cliques", c.fixture, c.scope, 11, c.bridge.ID}, {"karate", k, kscope, 34, ""}} {
		t.Run(tc.name, func(t *testing.T) {
			inGo := neo4jdb.NewAnalytics(tc.f.db, neo4jdb.AnalyticsConfig{Engine: neo4jdb.EngineGo})
			auto := neo4jdb.NewAnalytics(tc.f.db, neo4jdb.AnalyticsConfig{})
			q := graph.BrokerQuery{First: 100, Scope: tc.scope}
			gb, err := inGo.Brokers(tc.f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			db, err := auto.Brokers(tc.f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if gb.Engine != "go" || db.Engine != "gds" {
				t.Fatalf("engines %q and %q, want go and gds (does the database have the Graph Data Science library?)", gb.Engine, db.Engine)
			}
			if len(gb.Brokers) != tc.people || len(db.Brokers) != tc.people || gb.Sampled || db.Sampled {
				t.Fatalf("go: %d brokers, gds: %d, want %d, exact", len(gb.Brokers), len(db.Brokers), tc.people)
			}
			score := map[string]float64{}
			for _, b := range gb.Brokers {
				score[b.Person.ID] = b.Betweenness
			}
			for i, b := range db.Brokers {
				g := gb.Brokers[i]
				// The same ranking: the same score at every rank, and every
				// person the same score (people of equal score may trade
				// places only among themselves).
				if !approx(b.Betweenness, g.Betweenness) || !approx(b.Betweenness, score[b.Person.ID]) || b.Degree != g.Degree && b.Person.ID == g.Person.ID {
					t.Errorf("rank %d: gds %s %.9f, go %s %.9f", i+1, b.Person.Name, b.Betweenness, g.Person.Name, g.Betweenness)
				}
			}
			if db.Brokers[0].Betweenness == 0 {
				t.Errorf("no broker at all")
			}

			cq := graph.CommunityQuery{First: 100, MinSize: 1, Scope: tc.scope}
			gc, err := inGo.Communities(tc.f.ctx, cq)
			if err != nil {
				t.Fatal(err)
			}
			dc, err := auto.Communities(tc.f.ctx, cq)
			if err != nil {
				t.Fatal(err)
			}
			if gc.Engine != "go" || dc.Engine != "gds" {
				t.Fatalf("engines %q and %q", gc.Engine, dc.Engine)
			}
			if len(gc.Communities) != len(dc.Communities) || !approx(gc.Modularity, dc.Modularity) {
				t.Fatalf("go: %d communities, modularity %.6f; gds: %d, %.6f", len(gc.Communities), gc.Modularity, len(dc.Communities), dc.Modularity)
			}
			for i, g := range gc.Communities {
				d := dc.Communities[i]
				if g.Size != d.Size || g.InternalEdges != d.InternalEdges {
					t.Errorf("community %d: go %d people, %d ties; gds %d people, %d ties", i+1, g.Size, g.InternalEdges, d.Size, d.InternalEdges)
				}
				// The bridge adds as much modularity to one clique as to the
				// other: which of the two takes it is a tie, so the cliques'
				// members are compared without it.
				if tc.bridge != "" {
					continue
				}
				if fmt.Sprint(personIDs(g.Central)) != fmt.Sprint(personIDs(d.Central)) {
					t.Errorf("community %d: go %v, gds %v", i+1, personIDs(g.Central), personIDs(d.Central))
				}
			}
			if tc.bridge != "" {
				for _, res := range []*graph.CommunityResult{gc, dc} {
					for _, cm := range res.Communities {
						if side := cliqueOf(c, cm.Central, tc.bridge); side == "" {
							t.Errorf("%s: a community mixes the cliques: %v", res.Engine, personIDs(cm.Central))
						}
					}
				}
			}
			t.Logf("%s: top broker %s (%.4f), %d communities, modularity %.4f", tc.name, db.Brokers[0].Person.Name, db.Brokers[0].Betweenness, len(dc.Communities), dc.Modularity)
		})
	}
}

// cliqueOf says which clique the people (but the bridge) all belong to:
// "a", "b", or "" when they mix.
func cliqueOf(c *cliques, people []*graph.Person, bridge string) string {
	in := func(side []*graph.Person, id string) bool {
		for _, p := range side {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	side := ""
	for _, p := range people {
		s := "b"
		switch {
		case p.ID == bridge:
			continue
		case in(c.a, p.ID):
			s = "a"
		case !in(c.b, p.ID):
			return ""
		}
		if side != "" && s != side {
			return ""
		}
		side = s
	}
	return side
}

func personIDs(people []*graph.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.ID
	}
	return out
}
