package neo4jdb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.id
	city, dist := id(graph.KindRegion, "city"), id(graph.KindRegion, "dist")
	ministry, host := id(graph.KindUnit, "ministry"), id(graph.KindUnit, "host")
	a, b := id(graph.KindPerson, "a"), id(graph.KindPerson, "b")
	co := id(graph.KindCompany, "co")
	from := day("2020-03-01")
	batch := &graph.Batch{
		Regions: []*graph.Region{{ID: city, Name: "保定市" + f.tag, Level: graph.RegionCity}, {ID: dist, Name: "莲池区" + f.tag, Level: graph.RegionDistrict, ParentID: city}},
		Units: []*graph.Unit{{ID: ministry, Name: "科学技术部" + f.tag, Kind: graph.UnitCentralAgency},
			{ID: host, Name: "市科学技术局" + f.tag, Kind: graph.UnitLocalGovernment, RegionID: city}},
		People:    []*graph.Person{{ID: a, Name: "单田" + f.tag, Discoverable: true}, {ID: b, Name: "解元" + f.tag, Discoverable: true}},
		Companies: []*graph.Company{{ID: co, Name: "莲池某公司" + f.tag, RegionID: dist}},
		Relationships: []*graph.Relationship{
			{ID: "rel_" + f.tag + "-p", Type: graph.RelPostedTo, StartID: a, EndID: host, DispatchingUnitID: ministry, Title: "副局长", Batch: ptr(2020), From: &from},
			{ID: "rel_" + f.tag + "-k", Type: graph.RelKnows, StartID: a, EndID: b, From: &from, How: "同期挂职"},
		},
	}
	var calls, last, lastTotal int
	stats, err := f.db.Load(f.ctx, batch, func(done, total int) { calls, last, lastTotal = calls+1, done, total })
	if err != nil {
		t.Fatal(err)
	}
	if stats.Nodes != 7 || stats.Relationships != 5 || calls == 0 || last != lastTotal {
		t.Errorf("stats = %+v, progress calls %d, last %d", stats, calls, last)
	}
	first := f.fingerprint()
	if _, err := f.db.Load(f.ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	if again := f.fingerprint(); again != first {
		t.Errorf("loading twice changed the graph:\n%s\n%s", first, again)
	}
	p, err := f.db.FindPersonByID(f.ctx, a)
	if err != nil || p.Pinyin != "shantian"+f.tag || !p.IsCadre {
		t.Errorf("loaded person = %+v, %v (want surname reading shan)", p, err)
	}
	d, err := f.db.FindRegionByID(f.ctx, dist)
	if err != nil || d.ParentID != city {
		t.Errorf("loaded region = %+v, %v", d, err)
	}
	t.Run("ErrMissingEndpoint", func(t *testing.T) {
		bad := &graph.Batch{Relationships: []*graph.Relationship{{ID: "rel_" + f.tag + "-x", Type: graph.RelKnows, StartID: a, EndID: "per_" + f.tag + "-nobody"}}}
		if _, err := f.db.Load(f.ctx, bad, nil); err == nil {
			t.Errorf("a relationship to a missing person loaded")
		}
	})
}

func TestRoundTripsCounted(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	before := db.RoundTrips()
	if _, err := db.FindNodes(context.Background(), []string{"per_a", "unt_b", "bogus"}); err != nil {
		t.Fatal(err)
	}
	if got := db.RoundTrips() - before; got != 1 {
		t.Errorf("FindNodes of 3 ids took %d round trips, want 1", got)
	}
}

// TestLoadMergesChanges: loading into a database that holds the entities
// merges row by row; a row that changes nothing is left as it is (its
// updatedAt too), and every kind of change reaches the graph: a property
// changed or removed on an entity and on a relationship, an interaction's
// summary, participants and subjects.
func TestLoadMergesChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.id
	host := id(graph.KindUnit, "host")
	a, b, c := id(graph.KindPerson, "a"), id(graph.KindPerson, "b"), id(graph.KindPerson, "c")
	co := id(graph.KindCompany, "co")
	from := day("2021-05-01")
	at := day("2024-03-02").Add(9 * time.Hour)
	batch := func(title, summary string, expertise []string, participants, about []string) *graph.Batch {
		return &graph.Batch{
			Units: []*graph.Unit{{ID: host, Name: "市商务局" + f.tag, Kind: graph.UnitLocalGovernment}},
			People: []*graph.Person{{ID: a, Name: "甲" + f.tag, Discoverable: true, Expertise: expertise},
				{ID: b, Name: "乙" + f.tag, Discoverable: true}, {ID: c, Name: "丙" + f.tag, Discoverable: true}},
			Companies: []*graph.Company{{ID: co, Name: "某公司" + f.tag}},
			Relationships: []*graph.Relationship{
				{ID: "rel_" + f.tag + "-p", Type: graph.RelPostedTo, StartID: a, EndID: host, Title: title, From: &from}},
			Interactions: []*graph.Interaction{{ID: "int_" + f.tag + "-1", At: at, Kind: graph.InteractionMeeting, Summary: summary,
				ParticipantIDs: participants, AboutIDs: about, LoggedAt: at}},
		}
	}
	v1 := batch("副局长", "谈项目", []string{"招商"}, []string{a, b}, []string{co})
	if _, err := f.db.Load(f.ctx, v1, nil); err != nil {
		t.Fatal(err)
	}
	first := f.fingerprint()
	time.Sleep(10 * time.Millisecond) // a rewrite would set another updatedAt
	if _, err := f.db.Load(f.ctx, v1, nil); err != nil {
		t.Fatal(err)
	}
	if again := f.fingerprint(); again != first {
		t.Fatalf("loading the same rows again changed the graph:\n%s\n%s", first, again)
	}
	interaction := func() map[string]any {
		rows, err := f.db.Query(f.ctx, `MATCH (i:Interaction {id: $id})
RETURN i.summary AS summary, COLLECT { MATCH (i)-[:WITH]->(p) RETURN p.id ORDER BY p.id } AS with,
  COLLECT { MATCH (i)-[:ABOUT]->(x) RETURN x.id ORDER BY x.id } AS about`, map[string]any{"id": "int_" + f.tag + "-1"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("the interaction: %v, %v", rows, err)
		}
		return rows[0]
	}
	if got := fmt.Sprint(interaction()); got != fmt.Sprint(map[string]any{"summary": "谈项目", "with": []any{a, b}, "about": []any{co}}) {
		t.Errorf("interaction after the first load: %s", got)
	}

	posting := func() string {
		rows, err := f.db.Query(f.ctx, `MATCH (p:Person {id: $a})-[r:POSTED_TO {id: $rel}]->() RETURN r.title AS title, p.expertise AS expertise`,
			map[string]any{"a": a, "rel": "rel_" + f.tag + "-p"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("the posting: %v, %v", rows, err)
		}
		return fmt.Sprintf("%v %v", rows[0]["title"], rows[0]["expertise"])
	}
	// One change at a time, each from the rows before it.
	for _, step := range []struct {
		name                     string
		b                        *graph.Batch
		wantPosting, wantSummary string
		wantWith, wantAbout      []any
	}{
		{"a subject", batch("副局长", "谈项目", []string{"招商"}, []string{a, b}, []string{host}), "副局长 [招商]", "谈项目", []any{a, b}, []any{host}},
		{"a participant", batch("副局长", "谈项目", []string{"招商"}, []string{a, c}, []string{host}), "副局长 [招商]", "谈项目", []any{a, c}, []any{host}},
		{"the summary", batch("副局长", "谈合同", []string{"招商"}, []string{a, c}, []string{host}), "副局长 [招商]", "谈合同", []any{a, c}, []any{host}},
		{"a relationship's property", batch("局长", "谈合同", []string{"招商"}, []string{a, c}, []string{host}), "局长 [招商]", "谈合同", []any{a, c}, []any{host}},
		{"an entity's property removed", batch("局长", "谈合同", nil, []string{a, c}, []string{host}), "局长 []", "谈合同", []any{a, c}, []any{host}},
	} {
		if _, err := f.db.Load(f.ctx, step.b, nil); err != nil {
			t.Fatal(err)
		}
		if got := posting(); got != step.wantPosting {
			t.Errorf("%s changed: posting and expertise %s, want %s", step.name, got, step.wantPosting)
		}
		if got, want := fmt.Sprint(interaction()), fmt.Sprint(map[string]any{"summary": step.wantSummary, "with": step.wantWith, "about": step.wantAbout}); got != want {
			t.Errorf("%s changed: interaction %s, want %s", step.name, got, want)
		}
	}
	// A property dropped while another is added (as many properties as
	// before): a change too.
	contact := func() string {
		rows, err := f.db.Query(f.ctx, `MATCH (p:Person {id: $a}) RETURN p.phone AS phone, p.email AS email`, map[string]any{"a": a})
		if err != nil || len(rows) != 1 {
			t.Fatalf("the person: %v, %v", rows, err)
		}
		return fmt.Sprintf("%v %v", rows[0]["phone"], rows[0]["email"])
	}
	for _, step := range []struct {
		what        string
		phone, mail string
		want        string
	}{
		{"after adding the phone", "13800000001", "", "13800000001 <nil>"},
		{"after the phone gave way to an email", "", "jia@example.cn", "<nil> jia@example.cn"},
	} {
		rows := batch("局长", "谈合同", nil, []string{a, c}, []string{host})
		rows.People[0].Phone, rows.People[0].Email = step.phone, step.mail
		if _, err := f.db.Load(f.ctx, rows, nil); err != nil {
			t.Fatal(err)
		}
		if got := contact(); got != step.want {
			t.Errorf("phone and email %s: %s", step.what, got)
		}
	}
	// Back to the first rows: the graph is the first one, but for the
	// updatedAt of what changed twice.
	if _, err := f.db.Load(f.ctx, v1, nil); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(interaction()); got != fmt.Sprint(map[string]any{"summary": "谈项目", "with": []any{a, b}, "about": []any{co}}) {
		t.Errorf("interaction after loading the first rows again: %s", got)
	}
	if got := posting(); got != "副局长 [招商]" {
		t.Errorf("posting and expertise after loading the first rows again: %s", got)
	}
}
