package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// cadreNetwork builds units that each dispatched cadres to one host unit,
// every cadre a member of the unit that sent them; names carry tag.
func cadreNetwork(t *testing.T, db *neo4jdb.DB, tag string, units, cadres int, ids *[]string) {
	t.Helper()
	ctx := context.Background()
	host, err := db.CreateUnit(ctx, graph.CreateUnitInput{Name: "接收单位" + tag, Kind: graph.UnitLocalGovernment})
	if err != nil {
		t.Fatal(err)
	}
	*ids = append(*ids, host.ID)
	from := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range units {
		u, err := db.CreateUnit(ctx, graph.CreateUnitInput{Name: fmt.Sprintf("派出单位%d%s", i, tag), Kind: graph.UnitCentralAgency})
		if err != nil {
			t.Fatal(err)
		}
		*ids = append(*ids, u.ID)
		for j := range cadres {
			p, err := db.CreatePerson(ctx, graph.CreatePersonInput{Name: fmt.Sprintf("干部%d之%d%s", i, j, tag)})
			if err != nil {
				t.Fatal(err)
			}
			*ids = append(*ids, p.ID)
			if _, err := db.AddPosting(ctx, graph.AddPostingInput{PersonID: p.ID, HostUnitID: host.ID, DispatchingUnitID: u.ID,
				Title: "挂职副主任", From: from}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddMembership(ctx, graph.AddMembershipInput{PersonID: p.ID, UnitID: u.ID}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestNoNPlusOne runs a three-level query over a small and a bigger graph
// and checks that the number of statements sent does not grow with the
// graph: every level is fetched with one batched statement.
//
// It uses its own DB value, whose RoundTrips counter nothing else touches,
// and does not run in parallel.
func TestNoNPlusOne(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	base := startServer(t, db, server.Options{})
	const q = `query($t: String) { units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}, first: 10) { totalCount edges { node { name
		dispatchedCadres(first: 5) { totalCount edges { node { title hostUnit { name } dispatchingUnit { name } person { name
			memberships(first: 3) { edges { node { unit { name } } } } } } } } } } } }`

	run := func(units, cadres int) int64 {
		t.Helper()
		tag := neo4jtest.Tag()
		cadreNetwork(t, db, tag, units, cadres, &ids)
		// The loaders batch what arrives within a short wait, so a slow
		// machine (or the race detector) may split a batch: take the
		// fewest statements of a few runs. N+1 would show in every run.
		var d map[string]any
		n := int64(-1)
		for range 3 {
			before := db.RoundTrips()
			d = mustQuery(t, base, q, map[string]any{"t": tag})
			if k := db.RoundTrips() - before; n < 0 || k < n {
				n = k
			}
		}
		// The answer is complete: each unit with its cadres, each cadre a
		// member of the unit that sent them.
		us := getList(d, "units.edges")
		if len(us) != units || int(getNum(d, "units.totalCount")) != units {
			t.Fatalf("%d×%d: %d units, want %d", units, cadres, len(us), units)
		}
		for _, u := range us {
			uname := getStr(u, "node.name")
			cs := getList(u, "node.dispatchedCadres.edges")
			if len(cs) != cadres {
				t.Errorf("%s: %d cadres, want %d", uname, len(cs), cadres)
			}
			for _, c := range cs {
				if getStr(c, "node.hostUnit.name") != "接收单位"+tag || getStr(c, "node.dispatchingUnit.name") != uname ||
					getStr(c, "node.person.name") == "" {
					t.Errorf("%s: posting %v", uname, c)
				}
				ms := getList(c, "node.person.memberships.edges")
				if len(ms) != 1 || getStr(ms[0], "node.unit.name") != uname {
					t.Errorf("%s: cadre %s memberships %v", uname, getStr(c, "node.person.name"), ms)
				}
			}
		}
		return n
	}
	// Warm up: the first request of a connection may cost more.
	mustQuery(t, base, q, map[string]any{"t": "none" + neo4jtest.Tag()})
	small := run(2, 2)
	big := run(6, 4)
	t.Logf("round trips: 2×2 → %d, 6×4 → %d", small, big)
	if small != big {
		t.Errorf("round trips grow with the graph: 2 units × 2 cadres took %d statements, 6 × 4 took %d", small, big)
	}
	// units, dispatchedCadres, their dispatching units (node loader),
	// memberships: one statement each.
	if big > 4 {
		t.Errorf("the three-level query took %d statements, want at most 4", big)
	}
}
