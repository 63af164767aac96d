package neo4jdb_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/seed"
)

// TestLoadIntoEmptyDatabase: into an empty database Load creates instead
// of merging; loading the same batch again, by merging, then changes
// nothing at all (counts, properties, timestamps), so both ways write the
// same graph.
func TestLoadIntoEmptyDatabase(t *testing.T) {
	t.Parallel()
	db := neo4jtest.StartOwn(t).Open(time.Minute, nil)
	ctx := t.Context()
	b := seed.Demo()
	first, err := db.Load(ctx, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Fresh {
		t.Fatal("the first load into an empty database did not take the fresh path")
	}
	if first.Nodes != b.Nodes() || first.Interactions != len(b.Interactions) || first.Relationships < len(b.Relationships) {
		t.Errorf("first load wrote %+v of a batch of %d nodes, %d relationships, %d interactions",
			first, b.Nodes(), len(b.Relationships), len(b.Interactions))
	}
	before := neo4jtest.TakeCensus(t, db)
	t.Logf("after the fresh load: %s", before)
	again, err := db.Load(ctx, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fresh {
		t.Fatal("the second load took the fresh path")
	}
	if again.Nodes != first.Nodes || again.Relationships != first.Relationships || again.Interactions != first.Interactions {
		t.Errorf("second load wrote %+v, first %+v", again, first)
	}
	if after := neo4jtest.TakeCensus(t, db); after != before {
		t.Errorf("loading again by merging changed the graph: %s, then %s", before, after)
	}
	moved, err := db.DeleteMovedRelationships(ctx, b.Relationships)
	if err != nil || len(moved) != 0 {
		t.Errorf("DeleteMovedRelationships after loading the same batch: %v, %v", moved, err)
	}

	// A full recomputation of the ties, in five chunks.
	people := len(b.People)
	chunk := people/5 + 1
	neo4jdb.SetTieChunk(db, chunk)
	n, err := db.RecomputeAllTies(ctx, nil)
	if err != nil || n != people {
		t.Fatalf("RecomputeAllTies: %d of %d people, %v", n, people, err)
	}
	want := ties(t, db)
	if len(want) < people/2 {
		t.Fatalf("%d ties for %d people", len(want), people)
	}
	// Interrupted after its second chunk: what it did stays, and a run
	// started again goes on from there and ends with the same ties.
	stop, cancel := context.WithCancel(ctx)
	var calls []int
	done, err := db.RecomputeAllTies(stop, func(done, total int) {
		calls = append(calls, done)
		if len(calls) == 2 {
			cancel()
		}
	})
	cancel()
	if err == nil || done != 2*chunk || fmt.Sprint(calls) != fmt.Sprint([]int{chunk, 2 * chunk}) {
		t.Fatalf("interrupted run: %d people, progress %v, %v", done, calls, err)
	}
	calls = nil
	rest, err := db.RecomputeAllTies(ctx, func(done, total int) { calls = append(calls, done) })
	if err != nil || rest != people-2*chunk || calls[0] != 2*chunk || calls[len(calls)-1] != people {
		t.Fatalf("resumed run: %d people (want %d), progress %v, %v", rest, people-2*chunk, calls, err)
	}
	sameTies(t, ties(t, db), want)
	// The run is over: its mark is gone, and the next run starts from the
	// first person.
	if rows, err := db.Query(ctx, `MATCH (r:TieRun) RETURN r.next AS next`, nil); err != nil || len(rows) != 0 {
		t.Errorf("after a finished run: marks %v, %v", rows, err)
	}
}

// ties reads every tie: its components and its interaction count, by pair.
func ties(t *testing.T, db *neo4jdb.DB) map[string][]float64 {
	t.Helper()
	rows, err := db.Query(t.Context(), `MATCH (a:Person)-[t:TIE]->(b:Person)
RETURN a.id + ' ' + b.id AS pair, [t.strength, t.acquaintance, t.interactions, t.coService, t.shared, toFloat(t.interactionCount)] AS v`, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]float64, len(rows))
	for _, r := range rows {
		pair, _ := r["pair"].(string)
		for _, x := range r["v"].([]any) {
			f, _ := x.(float64)
			out[pair] = append(out[pair], f)
		}
	}
	return out
}

// sameTies: the same pairs with the same components, up to the decay of a
// few seconds between the two computations.
func sameTies(t *testing.T, got, want map[string][]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d ties, want %d", len(got), len(want))
	}
	bad := 0
	for pair, w := range want {
		g, ok := got[pair]
		if !ok {
			t.Errorf("tie %s is missing", pair)
			bad++
		}
		for i := range w {
			if ok && math.Abs(g[i]-w[i]) > 1e-6 {
				t.Errorf("tie %s: %v, want %v", pair, g, w)
				bad++
				break
			}
		}
		if bad > 5 {
			t.Fatal("and more")
		}
	}
}
