package neo4jdb_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestBulkTiesMatchIncremental: on a planted graph (postings that overlap
// at one host unit and in one region, acquaintances, interactions of two
// and of three, shared membership and employment), the bulk recomputation
// (every fact read once, ties written chunk by chunk) writes exactly the
// ties that the changes wrote one by one, in place of the ties written with
// other parameters, and deletes a tie that no longer holds; and a change
// made while it runs is not overwritten with the facts it read before.
func TestBulkTiesMatchIncremental(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	county := f.region("易县", graph.RegionCounty, "")
	ministry := f.unit("交通部", graph.UnitCentralAgency)
	hostA := f.unit("县政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID })
	hostB := f.unit("县交通局", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID })
	club := f.unit("协会", graph.UnitOther)
	co := f.company("路桥公司")
	var people []*graph.Person
	for _, n := range []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"} {
		people = append(people, f.person(n))
	}
	a, b, c, d, e, g, h, k := people[0], people[1], people[2], people[3], people[4], people[5], people[6], people[7]
	f.post(a, hostA, ministry, "2020-03-01", "2022-03-01")
	f.post(b, hostA, ministry, "2021-01-01", "2023-01-01")
	f.post(b, hostA, ministry, "2023-06-01", "")
	f.post(c, hostB, ministry, "2019-06-01", "2020-06-01")
	f.post(d, hostB, ministry, "2022-01-01", "")
	f.post(e, hostA, ministry, "2010-01-01", "2011-01-01") // overlaps nobody
	f.knows(a, g)
	f.knows(h, c)
	f.meet(2, a, b)
	f.meet(1, d, h, k)
	for _, p := range []*graph.Person{a, b, g} {
		if _, err := f.db.AddMembership(f.ctx, graph.AddMembershipInput{PersonID: p.ID, UnitID: club.ID, From: ptr(day("2019-01-01"))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.AddEmployment(f.ctx, graph.AddEmploymentInput{PersonID: h.ID, CompanyID: co.ID, From: ptr(day("2018-01-01")), To: ptr(day("2021-01-01"))}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AddEmployment(f.ctx, graph.AddEmploymentInput{PersonID: c.ID, CompanyID: co.ID}); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	want := tiesOf(t, f.db, ids)
	if len(want) < 8 {
		t.Fatalf("the planted graph has %d ties: %v", len(want), want)
	}

	// Other parameters first, so that the bulk run below has to rewrite
	// every tie.
	other := neo4jtest.Config(t)
	st := graph.DefaultStrengths()
	st.Tie.HalfLifeDays = 30
	other.Strengths = &st
	odb, err := neo4jdb.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close(f.ctx)
	neo4jdb.SetTieChunk(odb, 3)
	neo4jdb.SetTieWriters(odb, 1) // one chunk at a time here, two at once (the default) below
	if n, err := odb.RecomputeTiesOf(f.ctx, ids, nil); err != nil || n != len(ids) {
		t.Fatalf("RecomputeTiesOf with other parameters: %d, %v", n, err)
	}
	if got := tiesOf(t, f.db, ids); len(got) != len(want) || sameFloats(got[pairID(a, b)], want[pairID(a, b)]) {
		t.Fatalf("other parameters gave %v, want other strengths than %v", got, want)
	}

	// A tie that no longer holds (e overlaps nobody and meets nobody; no
	// change wrote it) is deleted by the chunk of its later person, beside
	// the ties updated in place.
	if err := f.db.Exec(f.ctx, `MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:TIE {strength: 0.5}]->(b)`,
		map[string]any{"a": e.ID, "b": k.ID}); err != nil {
		t.Fatal(err)
	}
	if got := tiesOf(t, f.db, ids); got[pairID(e, k)] == nil {
		t.Fatalf("the stale tie was not written: %v", got)
	}

	// In chunks of three people: pairs within a chunk and across chunks.
	neo4jdb.SetTieChunk(f.db, 3)
	var calls []int
	n, err := f.db.RecomputeTiesOf(f.ctx, ids, func(done, total int) { calls = append(calls, done) })
	if err != nil || n != len(ids) || !slices.Equal(calls, []int{3, 6, 8}) {
		t.Fatalf("RecomputeTiesOf: %d people, progress %v, %v", n, calls, err)
	}
	sameTies(t, tiesOf(t, f.db, ids), want)

	// A meeting of the first and the last person (by id) logged after the
	// first chunk: the last chunk writes their tie, from the facts read
	// before the meeting, unless it sees that the meeting recomputed them.
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	first, last := byID(people, sorted[0]), byID(people, sorted[len(sorted)-1])
	calls = nil
	_, err = f.db.RecomputeTiesOf(f.ctx, ids, func(done, total int) {
		if calls = append(calls, done); len(calls) == 1 {
			f.meet(3, first, last)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	got := tiesOf(t, f.db, ids)
	if err := f.db.RecomputeTies(f.ctx, ids); err != nil {
		t.Fatal(err)
	}
	fresh := tiesOf(t, f.db, ids)
	if fresh[pairID(first, last)] == nil || fresh[pairID(first, last)][5] < 3 {
		t.Fatalf("the meeting made no tie: %v", fresh[pairID(first, last)])
	}
	sameTies(t, got, fresh)
}

// tiesOf reads the ties of the people: components and interaction count,
// by pair.
func tiesOf(t *testing.T, db *neo4jdb.DB, ids []string) map[string][]float64 {
	t.Helper()
	rows, err := db.Query(t.Context(), `MATCH (a:Person)-[t:TIE]->(b:Person) WHERE a.id IN $ids OR b.id IN $ids
RETURN CASE WHEN a.id < b.id THEN a.id + ' ' + b.id ELSE b.id + ' ' + a.id END AS pair,
  [t.strength, t.acquaintance, t.interactions, t.coService, t.shared, toFloat(t.interactionCount),
   toFloat(t.since.year * 10000 + t.since.month * 100 + t.since.day),
   toFloat(t.lastContact.year * 10000 + t.lastContact.month * 100 + t.lastContact.day)] AS v`, map[string]any{"ids": ids})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]float64, len(rows))
	for _, r := range rows {
		pair, _ := r["pair"].(string)
		if out[pair] != nil {
			t.Errorf("two ties for %s", pair)
		}
		out[pair] = []float64{}
		for _, x := range r["v"].([]any) {
			v, _ := x.(float64)
			out[pair] = append(out[pair], v)
		}
	}
	return out
}

func pairID(a, b *graph.Person) string {
	if a.ID > b.ID {
		a, b = b, a
	}
	return a.ID + " " + b.ID
}

func sameFloats(a, b []float64) bool { return slices.Equal(a, b) }

func byID(people []*graph.Person, id string) *graph.Person {
	for _, p := range people {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// TestBulkTiesCrowdedRegion: in a region crowded with cadres (more region
// peers than a person keeps), the bulk recomputation writes the same ties
// as recomputing person by person, chunk by chunk in id order, in
// chunks of the same size.
func TestBulkTiesCrowdedRegion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	county := f.region("涞源县", graph.RegionCounty, "")
	ministry := f.unit("水利部", graph.UnitCentralAgency)
	var units []*graph.Unit
	for _, n := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"} {
		units = append(units, f.unit("局"+n, graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID }))
	}
	people := make([]*graph.Person, neo4jdb.MaxRegionPeers+15)
	ids := make([]string, len(people))
	for i := range people {
		people[i] = f.person(fmt.Sprintf("人%02d", i))
		ids[i] = people[i].ID
		from := day("2018-01-01").AddDate(0, 0, 23*i)
		to := ""
		if i%4 != 0 {
			to = from.AddDate(0, 14+i%11, 0).Format(time.DateOnly)
		}
		f.post(people[i], units[i%len(units)], ministry, from.Format(time.DateOnly), to)
	}
	slices.Sort(ids)
	const chunk = 7
	for i := 0; i < len(ids); i += chunk {
		if err := f.db.RecomputeTies(f.ctx, ids[i:min(i+chunk, len(ids))]); err != nil {
			t.Fatal(err)
		}
	}
	want := tiesOf(t, f.db, ids)
	if len(want) < len(ids)*neo4jdb.MaxRegionPeers/2 {
		t.Fatalf("%d ties among %d people", len(want), len(ids))
	}
	neo4jdb.SetTieChunk(f.db, chunk)
	if n, err := f.db.RecomputeTiesOf(f.ctx, ids, nil); err != nil || n != len(ids) {
		t.Fatalf("RecomputeTiesOf: %d, %v", n, err)
	}
	sameTies(t, tiesOf(t, f.db, ids), want)
}
