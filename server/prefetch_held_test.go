package server_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// readCalls is relCalls that also records the node, tie and interaction
// reads, each with the GraphQL field it runs under (the root field when
// the prefetcher read it, a nested field when a resolver's loader did).
type readCalls struct {
	*relCalls
}

func (r readCalls) record(what graph.RelField, ctx context.Context) {
	under := ""
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		under = fc.Object + "." + fc.Field.Name
	}
	r.mu.Lock()
	r.calls = append(r.calls, relCall{field: what, under: under})
	r.mu.Unlock()
}

func (r readCalls) FindNodes(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	r.record("nodes", ctx)
	return r.DB.FindNodes(ctx, ids)
}

func (r readCalls) FindTies(ctx context.Context, people []string, page graph.Page) (map[string]*graph.List[*graph.Tie], error) {
	r.record("ties", ctx)
	return r.DB.FindTies(ctx, people, page)
}

func (r readCalls) FindInteractions(ctx context.Context, people []string, page graph.Page) (map[string]*graph.List[*graph.Interaction], error) {
	r.record("interactions", ctx)
	return r.DB.FindInteractions(ctx, people, page)
}

// recordedNetwork starts a server on a recording wrapper of the database
// holding a cadre network of 3 sending units with 2 cadres each, and
// returns the database, the wrapper, the server's URL and the network's
// tag.
func recordedNetwork(t *testing.T) (*neo4jdb.DB, readCalls, string, string) {
	db := neo4jtest.MustOpen(t)
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	svc := readCalls{&relCalls{DB: db}}
	base := startServer(t, svc, server.Options{})
	tag := neo4jtest.Tag()
	cadreNetwork(t, db, tag, 3, 2, &ids)
	return db, svc, base, tag
}

// TestPrefetchHeld checks that the nested levels under root fields that
// are not entity lists (search hits, paths, the neighbourhood, the cohort)
// are prefetched: a query two levels deep under each runs the same number
// of statements in each of three runs, and every list and node it reads is
// read under the root field, none by a loader's batch. Where two branches
// of a query reach the same entities (a path's nodes and its steps' ends,
// the neighbourhood's nodes and its relationships' starts), their lists
// are read once.
func TestPrefetchHeld(t *testing.T) {
	db, svc, base, tag := recordedNetwork(t)
	d := mustQuery(t, base, `query($t: String) { people(where: {nameContains: $t}, first: 10, orderBy: [{field: NAME}]) { edges { node { id } } }
		units(where: {nameContains: $t, kind: [LOCAL_GOVERNMENT]}) { edges { node { id } } }
		sending: units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}, first: 1, orderBy: [{field: NAME}]) { edges { node { id } } } }`, map[string]any{"t": tag})
	people := getList(d, "people.edges")
	hosts := getList(d, "units.edges")
	if len(people) != 6 || len(hosts) != 1 {
		t.Fatalf("%d cadres and %d host units, want 6 and 1: %s", len(people), len(hosts), dump(d))
	}
	first, last, host := getStr(people[0], "node.id"), getStr(people[5], "node.id"), getStr(hosts[0], "node.id")
	sending := getStr(d, "sending.edges.0.node.id")
	// The first cadre knows every other one, and met the second.
	ctx := context.Background()
	for _, p := range people[1:] {
		if _, err := db.AddAcquaintance(ctx, graph.AddAcquaintanceInput{PersonID: first, OtherID: getStr(p, "node.id")}); err != nil {
			t.Fatal(err)
		}
	}
	met, err := db.LogInteraction(ctx, graph.LogInteractionInput{ParticipantIDs: []string{first, getStr(people[1], "node.id")},
		At: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), Kind: graph.InteractionMeeting, AboutIDs: []string{host}}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Exec(ctx, `MATCH (i:Interaction {id: $id}) DETACH DELETE i`, map[string]any{"id": met.ID}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})

	// Under every person reached: their memberships (a list), the unit of
	// each (held by the membership) and that unit's dispatched cadres (a
	// list under a list): two statements of nested levels.
	const person = `... on Person { name memberships(first: 3) { edges { node { unit { name dispatchedCadres(first: 5) { edges { node { person { name } } } } } } } } }`
	cases := []prefetchCase{
		{"search", "Query.search", `query($t: String!) { search(query: $t, first: 20) { score node { id ` + person + `
			... on Unit { name members(first: 5) { edges { node { person { name } } } } } } } }`, map[string]any{"t": tag},
			// memberships, dispatchedCadres; the units' members; the
			// search's two statements
			[]graph.RelField{graph.FieldPersonMemberships, graph.FieldUnitDispatched, graph.FieldUnitMembers}, 2 + 3, func(t *testing.T, d map[string]any) {
				hits := getList(d, "search")
				persons, units := 0, 0
				for _, h := range hits {
					if getStr(h, "node.name") == "" {
						continue
					}
					if ms := getList(h, "node.memberships.edges"); len(ms) > 0 {
						persons++
						if len(getList(ms[0], "node.unit.dispatchedCadres.edges")) != 2 {
							t.Errorf("a unit without its two cadres: %s", dump(h))
						}
					}
					if len(getList(h, "node.members.edges")) > 0 {
						units++
					}
				}
				if persons != 6 || units != 3 {
					t.Errorf("%d people and %d units with their lists, want 6 and 3: %s", persons, units, dump(d))
				}
			}},
		{"paths", "Query.paths", `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, first: 3) { length nodes { id ` + person + ` }
			relationships { dispatchingUnit { name } start { id ` + person + ` } end { id ` + person + ` } } } }`,
			map[string]any{"a": first, "b": last},
			// memberships, dispatchedCadres (once for nodes, starts and
			// ends alike); the postings' dispatching units; the paths'
			// three statements and the read of their two ends (FindNodes)
			[]graph.RelField{"nodes", "nodes", graph.FieldPersonMemberships, graph.FieldUnitDispatched}, 4 + 3, func(t *testing.T, d map[string]any) {
				paths := getList(d, "paths")
				if len(paths) == 0 {
					t.Fatalf("no path: %s", dump(d))
				}
				for _, p := range paths {
					for _, n := range getList(p, "nodes") {
						if getStr(n, "name") != "" && len(getList(n, "memberships.edges")) != 1 {
							t.Errorf("a person on a path without their membership: %s", dump(n))
						}
					}
				}
			}},
		{"neighbourhood", "Query.neighborhood", `query($h: ID!) { neighborhood(id: $h, first: 20) { nodes { id ` + person + ` }
			relationships { id dispatchingUnit { name } start { id ` + person + ` } } } }`, map[string]any{"h": host},
			// memberships, dispatchedCadres (once for the nodes and the
			// relationships' starts); the dispatching units; the
			// neighbourhood's two statements
			[]graph.RelField{"nodes", graph.FieldPersonMemberships, graph.FieldUnitDispatched}, 2 + 3, func(t *testing.T, d map[string]any) {
				withMs := 0
				for _, n := range getList(d, "neighborhood.nodes") {
					if ms := getList(n, "memberships.edges"); len(ms) == 1 && len(getList(ms[0], "node.unit.dispatchedCadres.edges")) == 2 {
						withMs++
					}
				}
				rels := getList(d, "neighborhood.relationships")
				if withMs != 6 || len(rels) != 6 || getStr(rels[0], "dispatchingUnit.name") == "" {
					t.Errorf("%d people with their lists, %d relationships, want 6 and 6: %s", withMs, len(rels), dump(d))
				}
			}},
		{"cohort", "Query.cohort", `query($p: ID!) { cohort(person: $p, first: 10) { totalCount edges { node { sameHostUnit
			person { name memberships(first: 3) { edges { node { unit { name members(first: 5) { totalCount } } } } } } hostUnit { name hostedCadres(first: 10) { totalCount edges { node { person { name } dispatchingUnit { name } } } } } } } } }`,
			map[string]any{"p": first},
			// memberships, members (only counted); hostedCadres, their
			// dispatching units; the cohort's three statements
			[]graph.RelField{"nodes", graph.FieldPersonMemberships, graph.FieldUnitHostedPostings, graph.FieldUnitMembers}, 3 + 4, func(t *testing.T, d map[string]any) {
				eachOf(t, d, "cohort.edges", 5, func(e any) bool {
					return len(getList(e, "node.person.memberships.edges")) == 1 && getNum(e, "node.hostUnit.hostedCadres.totalCount") == 6 &&
						getStr(e, "node.hostUnit.hostedCadres.edges.0.node.dispatchingUnit.name") != ""
				})
			}},
		{"report", "Query.unitReport", `query($u: ID!) { unitReport(unit: $u, from: "2021-01-01", to: "2021-12-31") { cadreCount cadres {
			person { name memberships(first: 3) { edges { node { unit { name members(first: 5) { totalCount } } } } } }
			postings { title hostUnit { name hostedCadres(first: 10) { totalCount } } dispatchingUnit { name } } } } }`,
			map[string]any{"u": sending},
			// memberships, the dispatching units, hostedCadres; members;
			// the report's three statements
			[]graph.RelField{"nodes", graph.FieldPersonMemberships, graph.FieldUnitHostedPostings, graph.FieldUnitMembers}, 3 + 4, func(t *testing.T, d map[string]any) {
				eachOf(t, d, "unitReport.cadres", 2, func(c any) bool {
					return getNum(c, "person.memberships.edges.0.node.unit.members.totalCount") == 2 && getNum(c, "postings.0.hostUnit.hostedCadres.totalCount") == 6 &&
						getStr(c, "postings.0.dispatchingUnit.name") != ""
				})
			}},
		{"ties and interactions", "Query.node", `query($id: ID!) { node(id: $id) { ... on Person {
			ties(first: 10) { totalCount edges { node { strength person { name memberships(first: 3) { edges { node { unit { name } } } } } } } }
			interactions(first: 5) { edges { node { kind about { id } participants { name postings(first: 2) { edges { node { hostUnit { name } } } } } } } } } } }`,
			map[string]any{"id": first},
			// the node; its ties and interactions; the tied people's
			// memberships, the participants and what the interaction is
			// about (one statement); the participants' postings
			[]graph.RelField{"interactions", "nodes", "nodes", graph.FieldPersonMemberships, graph.FieldPersonPostings, "ties"}, 6, func(t *testing.T, d map[string]any) {
				ties := getList(d, "node.ties.edges")
				if len(ties) < 5 {
					t.Fatalf("%d ties, want at least 5: %s", len(ties), dump(d))
				}
				for _, e := range ties {
					if len(getList(e, "node.person.memberships.edges")) != 1 {
						t.Errorf("a tied person without their membership: %s", dump(e))
					}
				}
				ps := getList(d, "node.interactions.edges.0.node.participants")
				if len(ps) != 2 || len(getList(ps[0], "postings.edges")) != 1 || getStr(d, "node.interactions.edges.0.node.about.0.id") != host {
					t.Errorf("the interaction: %s", dump(d))
				}
			}},
		{"mutation answer", "Mutation.updatePerson", `mutation($id: ID!) { updatePerson(id: $id, input: {bio: "prefetched"}) { ` + person + ` } }`,
			map[string]any{"id": last},
			// memberships, dispatchedCadres; the update's own six statements
			[]graph.RelField{graph.FieldPersonMemberships, graph.FieldUnitDispatched}, 2 + 6, func(t *testing.T, d map[string]any) {
				ms := getList(d, "updatePerson.memberships.edges")
				if len(ms) != 1 || len(getList(ms[0], "node.unit.dispatchedCadres.edges")) != 2 {
					t.Errorf("the updated person's membership and its unit's cadres: %s", dump(d))
				}
			}},
	}
	runPrefetchCases(t, db, svc, base, cases)
}

// prefetchCase is a query under one root field and what its nested
// levels read.
type prefetchCase struct {
	name, root, q string
	vars          map[string]any
	// reads are the lists and nodes the nested levels read, each once;
	// statements counts them with the root field's own.
	reads      []graph.RelField
	statements int64
	check      func(t *testing.T, d map[string]any)
}

// runPrefetchCases runs each case three times and checks, each time, the
// number of statements, that every read ran under the root field (by the
// prefetcher, none by a loader's batch) and what was read.
func runPrefetchCases(t *testing.T, db *neo4jdb.DB, svc readCalls, base string, cases []prefetchCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for run := range 3 {
				_ = svc.take()
				before := db.RoundTrips()
				d := mustQuery(t, base, c.q, c.vars)
				if n := db.RoundTrips() - before; n != c.statements {
					t.Errorf("run %d: %d statements, want %d", run, n, c.statements)
				}
				var got []graph.RelField
				for _, r := range svc.take() {
					got = append(got, r.field)
					if r.under != c.root {
						t.Errorf("run %d: %s read under %q, not prefetched under %s", run, r.field, r.under, c.root)
					}
				}
				if slices.Sort(got); !slices.Equal(got, c.reads) {
					t.Errorf("run %d: read %v, want %v", run, got, c.reads)
				}
				c.check(t, d)
			}
		})
	}
}

// eachOf checks that the list at path in d holds n items, each of which
// ok accepts.
func eachOf(t *testing.T, d map[string]any, path string, n int, ok func(any) bool) {
	t.Helper()
	items := getList(d, path)
	if len(items) != n {
		t.Fatalf("%s: %d items, want %d: %s", path, len(items), n, dump(d))
	}
	for _, it := range items {
		if !ok(it) {
			t.Errorf("%s: an item without its lists: %s", path, dump(it))
		}
	}
}

func (r readCalls) AggregateRelated(ctx context.Context, field graph.RelField, parents []string, f graph.RelFilter) (map[string]*graph.RelAggregate, error) {
	r.record(field+".aggregate", ctx)
	return r.DB.AggregateRelated(ctx, field, parents, f)
}

// TestPrefetchAggregates checks that the aggregates of nested
// relationship lists are read once for all their parents, by the
// prefetcher under the root field, not once per parent: the units'
// dispatched cadres and members, and the members' people's postings.
func TestPrefetchAggregates(t *testing.T) {
	db, svc, base, tag := recordedNetwork(t)
	const q = `query($t: String) { units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}, first: 5, orderBy: [{field: NAME}]) { edges { node { name
		dispatchedCadres(first: 1) { totalCount aggregate { count from { count min } } }
		members(first: 5) { aggregate { count } edges { node { person { name postings { aggregate { count } } } } } } } } } }`
	// units; their dispatched cadres and members, and the aggregates of
	// both; the people's postings and their aggregate.
	want := []graph.RelField{graph.FieldPersonPostings, graph.FieldPersonPostings + ".aggregate", graph.FieldUnitDispatched,
		graph.FieldUnitDispatched + ".aggregate", graph.FieldUnitMembers, graph.FieldUnitMembers + ".aggregate"}
	slices.Sort(want)
	var statements int64 = -1
	for run := range 3 {
		_ = svc.take()
		before := db.RoundTrips()
		d := mustQuery(t, base, q, map[string]any{"t": tag})
		n := db.RoundTrips() - before
		if run == 0 {
			statements = n
		} else if n != statements {
			t.Errorf("run %d: %d statements, run 0 sent %d", run, n, statements)
		}
		var got []graph.RelField
		for _, r := range svc.take() {
			got = append(got, r.field)
			if r.under != "Query.units" {
				t.Errorf("run %d: %s read under %q, not prefetched under Query.units", run, r.field, r.under)
			}
		}
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("run %d: read %v, want %v", run, got, want)
		}
		units := getList(d, "units.edges")
		if len(units) != 3 {
			t.Fatalf("run %d: %d units, want 3: %s", run, len(units), dump(d))
		}
		for _, u := range units {
			if getNum(u, "node.dispatchedCadres.aggregate.count") != 2 || getNum(u, "node.dispatchedCadres.aggregate.from.count") != 2 ||
				getNum(u, "node.members.aggregate.count") != 2 || getNum(u, "node.members.edges.0.node.person.postings.aggregate.count") != 1 {
				t.Errorf("run %d: %s", run, dump(u))
			}
		}
	}
	// The units list (no count is asked), and one statement per read.
	if statements != int64(len(want))+1 {
		t.Errorf("%d statements, want %d", statements, len(want)+1)
	}
}
