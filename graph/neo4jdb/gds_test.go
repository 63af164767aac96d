package neo4jdb_test

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/graph/netalgo"
)

// karateClub loads Zachary's karate club (34 members, 78 friendships) as
// people who know each other, scoped by the fixture's tag, with their ties.
// The members' ids sort in their order in the club (per_<tag>-k00 ...), so
// that both engines see the people in the same order in every run: the
// Louvain of GDS, then refined in Go, depends on it, and with the random
// ids of CreatePerson it found another local optimum (modularity 0.398
// instead of 0.4198) in 2 of about 90 runs.
func karateClub(t *testing.T) (*fixture, *graph.PersonWhere) {
	t.Helper()
	f := newFixture(t)
	b := &graph.Batch{}
	ids := make([]string, 34)
	for i := range ids {
		ids[i] = f.id(graph.KindPerson, fmt.Sprintf("k%02d", i))
		b.People = append(b.People, &graph.Person{ID: ids[i], Name: fmt.Sprintf("空手道%02d", i) + f.tag, Discoverable: true})
	}
	since := day("2020-01-01")
	for i, p := range netalgo.KarateClub() {
		b.Relationships = append(b.Relationships, &graph.Relationship{ID: "rel_" + f.tag + fmt.Sprintf("-kk%02d", i),
			Type: graph.RelKnows, StartID: ids[p[0]], EndID: ids[p[1]], From: &since, How: "同事"})
	}
	if _, err := f.db.Load(f.ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.db.RecomputeTies(f.ctx, ids); err != nil {
		t.Fatal(err)
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

// TestProjectionsAgree: the people graph that GDS projects and streams
// back, with each person's units and regions read beside it, is the one
// cypherPeople reads in Go (the same people, pairs and weights, units and
// regions), so brokers and communities are described alike on either
// engine: on people with ties, people without (their acquaintances and
// overlapping postings count), units and regions; with
// LIAISON_TEST_WHOLE_GRAPH=1, also over every person of the test
// database (a seeded graph).
func TestProjectionsAgree(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	city, county := f.region("市", graph.RegionCity, ""), f.region("县", graph.RegionCounty, "")
	ministry := f.unit("部", graph.UnitCentralAgency)
	hostA := f.unit("县政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID })
	hostB := f.unit("市政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &city.ID })
	people := make([]*graph.Person, 14)
	for i := range people {
		people[i] = f.person(fmt.Sprintf("人%02d", i))
	}
	// 0–5 know each other in a chain and a triangle (ties are computed
	// as they are written); 6–11 only served together; 12–13 know each
	// other, one of them a member of the ministry.
	for _, p := range [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 3}, {12, 13}} {
		f.knows(people[p[0]], people[p[1]])
	}
	for i, host := range []*graph.Unit{hostA, hostA, hostA, hostB, hostB, hostB} {
		f.post(people[6+i], host, ministry, fmt.Sprintf("202%d-01-01", i%3), "2024-06-01")
	}
	f.post(people[0], hostB, ministry, "2022-01-01", "")
	f.must(f.db.AddMembership(f.ctx, graph.AddMembershipInput{PersonID: people[12].ID, UnitID: ministry.ID}))
	f.must(f.db.AddLocation(f.ctx, graph.AddLocationInput{EntityID: people[2].ID, RegionID: city.ID}))
	scope := &graph.PersonWhere{NameContains: &f.tag}
	compareProjections(t, f, scope)

	// A scope without a single pair: no people, on either engine.
	lone := f.person("独")
	none := &graph.PersonWhere{IDs: []string{lone.ID}}
	compareProjections(t, f, none)
	for _, engine := range []string{neo4jdb.EngineGo, neo4jdb.EngineGDS} {
		an := neo4jdb.NewAnalytics(f.db, neo4jdb.AnalyticsConfig{Engine: engine})
		b, err := an.Brokers(f.ctx, graph.BrokerQuery{First: 5, Scope: none})
		if err != nil || b.People != 0 || len(b.Brokers) != 0 {
			t.Errorf("%s: brokers of nobody: %+v, %v", engine, b, err)
		}
		c, err := an.Communities(f.ctx, graph.CommunityQuery{First: 5, Scope: none})
		if err != nil || c.People != 0 || c.Total != 0 {
			t.Errorf("%s: communities of nobody: %+v, %v", engine, c, err)
		}
	}
	if os.Getenv("LIAISON_TEST_WHOLE_GRAPH") == "1" {
		compareProjections(t, f, nil)
	}
}

func compareProjections(t *testing.T, f *fixture, scope *graph.PersonWhere) {
	t.Helper()
	inGo := neo4jdb.NewAnalytics(f.db, neo4jdb.AnalyticsConfig{Engine: neo4jdb.EngineGo})
	onGDS := neo4jdb.NewAnalytics(f.db, neo4jdb.AnalyticsConfig{Engine: neo4jdb.EngineGDS})
	gg, gu, gr, err := neo4jdb.Projected(f.ctx, inGo, scope)
	if err != nil {
		t.Fatal(err)
	}
	dg, du, dr, err := neo4jdb.Projected(f.ctx, onGDS, scope)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gg.IDs, dg.IDs) || !slices.Equal(gg.Off, dg.Off) || !slices.Equal(gg.Adj, dg.Adj) {
		t.Fatalf("graphs differ: go %d people, %d pairs; gds %d people, %d pairs", gg.Len(), gg.Edges(), dg.Len(), dg.Edges())
	}
	for i := range gg.W {
		if !approx(gg.W[i], dg.W[i]) {
			t.Fatalf("weight %d: go %v, gds %v", i, gg.W[i], dg.W[i])
		}
	}
	if !reflect.DeepEqual(gu, du) || !reflect.DeepEqual(gr, dr) {
		t.Errorf("units or regions differ:\ngo  %v %v\ngds %v %v", gu, gr, du, dr)
	}
	t.Logf("%d people, %d pairs, %d with units, %d with regions", gg.Len(), gg.Edges(), len(gu), len(gr))
}
