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

func TestExport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	neo4jtest.CleanupPrefix(t, f.db, "Interaction", "int_"+f.tag)
	id := f.id
	rel := func(n string) string { return "rel_" + f.tag + "-" + n }
	city, dist := id(graph.KindRegion, "city"), id(graph.KindRegion, "dist")
	host, dept := id(graph.KindUnit, "host"), id(graph.KindUnit, "dept")
	a, b, c := id(graph.KindPerson, "a"), id(graph.KindPerson, "b"), id(graph.KindPerson, "c")
	from := day("2021-03-01")
	batch := &graph.Batch{
		// Out of id order on purpose: the export sorts.
		People: []*graph.Person{{ID: c, Name: "丙" + f.tag, Discoverable: true}, {ID: a, Name: "甲" + f.tag, Discoverable: true},
			{ID: b, Name: "乙" + f.tag, Discoverable: false}},
		Regions: []*graph.Region{{ID: dist, Name: "区" + f.tag, Level: graph.RegionDistrict, ParentID: city}, {ID: city, Name: "市" + f.tag, Level: graph.RegionCity}},
		Units: []*graph.Unit{{ID: host, Name: "政府" + f.tag, Kind: graph.UnitLocalGovernment, RegionID: city},
			{ID: dept, Name: "局" + f.tag, Kind: graph.UnitLocalGovernment, ParentID: host, RegionID: dist}},
		Relationships: []*graph.Relationship{
			{ID: rel("k"), Type: graph.RelKnows, StartID: a, EndID: b, From: &from, How: "同事"},
			{ID: rel("p"), Type: graph.RelPostedTo, StartID: a, EndID: host, DispatchingUnitID: dept, Title: "副县长", Batch: ptr(2021), From: &from},
			{ID: rel("p2"), Type: graph.RelPostedTo, StartID: b, EndID: host, DispatchingUnitID: dept, Title: "副县长", Batch: ptr(2021), From: &from},
			{ID: rel("l"), Type: graph.RelLocatedIn, StartID: a, EndID: dist, From: &from},
			// A past location of a unit, besides its region link.
			{ID: rel("old"), Type: graph.RelLocatedIn, StartID: host, EndID: dist, From: ptr(day("2001-01-01")), To: ptr(day("2010-01-01"))},
		},
		Interactions: []*graph.Interaction{{ID: "int_" + f.tag + "-1", At: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Kind: graph.InteractionCall,
			ParticipantIDs: []string{c, a}, AboutIDs: []string{host}, LoggedBy: "t", LoggedAt: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)}},
	}
	if _, err := f.db.Load(f.ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.db.RecomputeTies(f.ctx, []string{a, b, c}); err != nil {
		t.Fatal(err)
	}
	// An entity of the test outside the prefix is not exported.
	f.unit("其他单位", graph.UnitOther)

	var pages []*graph.Batch
	if err := f.db.Export(f.ctx, neo4jdb.ExportOptions{IDPrefix: f.tag, PageSize: 2}, func(p *graph.Batch) error {
		pages = append(pages, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var order []string // the kind of each row, in order
	all := &graph.Batch{}
	for _, p := range pages {
		kinds := 0
		for _, n := range []int{len(p.People), len(p.Units), len(p.Regions), len(p.Companies), len(p.Projects), len(p.Interactions)} {
			if n > 0 {
				kinds++
			}
		}
		types := map[graph.RelType]bool{}
		for _, r := range p.Relationships {
			types[r.Type] = true
		}
		if kinds+len(types) != 1 || p.Nodes()+len(p.Relationships)+len(p.Interactions) > 2 {
			t.Errorf("a page holds %d kinds and %d relationship types, %d rows", kinds, len(types), p.Nodes()+len(p.Relationships))
		}
		for _, x := range p.Entities() {
			order = append(order, x.NodeID())
		}
		for _, x := range p.Relationships {
			order = append(order, x.ID)
		}
		for _, x := range p.Interactions {
			order = append(order, x.ID)
		}
		all.People = append(all.People, p.People...)
		all.Units = append(all.Units, p.Units...)
		all.Regions = append(all.Regions, p.Regions...)
		all.Relationships = append(all.Relationships, p.Relationships...)
		all.Interactions = append(all.Interactions, p.Interactions...)
	}
	want := []string{a, b, c, dept, host, city, dist, rel("p"), rel("p2"), rel("l"), rel("old"), rel("k"), "int_" + f.tag + "-1"}
	if !slices.Equal(order, want) {
		t.Errorf("export order:\n%v\nwant\n%v", order, want)
	}
	if u := all.Units[0]; u.ID != dept || u.ParentID != host || u.RegionID != dist {
		t.Errorf("unit %+v", u)
	}
	if u := all.Units[1]; u.ID != host || u.ParentID != "" || u.RegionID != city {
		t.Errorf("unit %+v: its region is the region link, not the past location", u)
	}
	if r := all.Regions[1]; r.ParentID != city {
		t.Errorf("region %+v", r)
	}
	if p := all.People[1]; p.Discoverable || p.Name != "乙"+f.tag {
		t.Errorf("person %+v", p)
	}
	for _, r := range all.Relationships {
		if r.TieStrength != nil || r.Start != nil {
			t.Errorf("relationship %s carries tie strength %v or nodes", r.ID, r.TieStrength)
		}
	}
	if k := all.Relationships[4]; k.Type != graph.RelKnows || k.StartID != a || k.EndID != b || k.How != "同事" || !k.From.Equal(from) {
		t.Errorf("acquaintance %+v", k)
	}
	if p := all.Relationships[0]; p.DispatchingUnitID != dept || *p.Batch != 2021 || p.Title != "副县长" || p.To != nil {
		t.Errorf("posting %+v", p)
	}
	it := all.Interactions[0]
	if !slices.Equal(it.ParticipantIDs, []string{a, c}) || !slices.Equal(it.AboutIDs, []string{host}) || it.LoggedBy != "t" ||
		!it.At.Equal(batch.Interactions[0].At) || !it.LoggedAt.Equal(batch.Interactions[0].LoggedAt) {
		t.Errorf("interaction %+v", it)
	}

	t.Run("ErrPrefix", func(t *testing.T) {
		err := f.db.Export(f.ctx, neo4jdb.ExportOptions{IDPrefix: "a b"}, func(*graph.Batch) error { return nil })
		if graph.ErrorCode(err) != graph.CodeInvalidInput {
			t.Errorf("export with a prefix of no id: %v", err)
		}
	})
	t.Run("StopsOnError", func(t *testing.T) {
		stop := fmt.Errorf("stop")
		calls := 0
		err := f.db.Export(f.ctx, neo4jdb.ExportOptions{IDPrefix: f.tag}, func(*graph.Batch) error { calls++; return stop })
		if err != stop || calls != 1 {
			t.Errorf("export went on after the callback failed: %v, %d calls", err, calls)
		}
	})
	t.Run("CheckImport", func(t *testing.T) {
		code := fmt.Sprintf("9111010500%07d", time.Now().UnixNano()%10_000_000)
		cc, err := graph.CreditCodeCheckChar(code)
		if err != nil {
			t.Fatal(err)
		}
		code += string(cc)
		com := f.company("有信用代码的公司", func(in *graph.CreateCompanyInput) { in.CreditCode = &code })
		ex, owners, err := f.db.CheckImport(f.ctx, []string{a, dist, "per_" + f.tag + "-nobody"}, []string{code, "911101050000000000"})
		if err != nil {
			t.Fatal(err)
		}
		if !ex[a] || !ex[dist] || ex["per_"+f.tag+"-nobody"] || len(ex) != 2 {
			t.Errorf("existing = %v", ex)
		}
		if owners[code] != com.ID || len(owners) != 1 {
			t.Errorf("owners = %v, want %s", owners, com.ID)
		}
	})
	t.Run("DeleteMovedRelationships", func(t *testing.T) {
		moved := []*graph.Relationship{
			{ID: rel("p"), Type: graph.RelPostedTo, StartID: a, EndID: dept}, // moves
			{ID: rel("k"), Type: graph.RelKnows, StartID: a, EndID: b},       // stays
			{ID: rel("new"), Type: graph.RelKnows, StartID: a, EndID: c},     // not there yet
		}
		people, err := f.db.DeleteMovedRelationships(f.ctx, moved)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(people, []string{a}) {
			t.Errorf("people at the ends of what was removed: %v", people)
		}
		rows, err := f.db.Query(f.ctx, `CALL () { MATCH ()-[r:POSTED_TO {id: $p}]->() RETURN count(r) AS p }
CALL () { MATCH ()-[r:KNOWS {id: $k}]->() RETURN count(r) AS k } RETURN p, k`, map[string]any{"p": rel("p"), "k": rel("k")})
		if err != nil || rows[0]["p"] != int64(0) || rows[0]["k"] != int64(1) {
			t.Errorf("after deleting moved relationships: %v, %v", rows, err)
		}
	})
}
