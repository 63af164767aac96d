package neo4jdb_test

import (
	"context"
	"testing"

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
