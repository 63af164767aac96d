package neo4jdb_test

import (
	"testing"
	"time"

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
}
