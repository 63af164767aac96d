package neo4jdb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestIdempotencyKeyExpiry: a key repeated while it lives answers the
// first write (*graph.Repeat) and writes nothing; an expired key is taken
// as new; PruneIdempotencyKeys deletes expired keys and keeps live ones.
func TestIdempotencyKeyExpiry(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	tag := neo4jtest.Tag()
	var ids []string
	neo4jtest.Cleanup(t, db, &ids)
	t.Cleanup(func() {
		_ = db.Exec(context.Background(), `MATCH (k:IdempotencyKey) WHERE k.id STARTS WITH $tag DELETE k`, map[string]any{"tag": tag})
	})
	claim := func(key string) context.Context {
		return graph.WithIdempotency(ctx, &graph.IdempotencyClaim{Key: tag + key, Hash: "h"})
	}
	in := graph.CreatePersonInput{Name: "过期" + tag}
	p, err := db.CreatePerson(claim("-a"), in)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, p.ID)
	_, err = db.CreatePerson(claim("-a"), in)
	var rep *graph.Repeat
	if !errors.As(err, &rep) || rep.ResultID != p.ID || rep.Answer == "" {
		t.Fatalf("repeat: %v, want *graph.Repeat of %s", err, p.ID)
	}
	// Expire it: the next write with the key is a new one.
	if err := db.Exec(ctx, `MATCH (k:IdempotencyKey {id: $id}) SET k.expiresAt = datetime() - duration('PT1S')`, map[string]any{"id": tag + "-a"}); err != nil {
		t.Fatal(err)
	}
	q, err := db.CreatePerson(claim("-a"), in)
	if err != nil {
		t.Fatalf("write with an expired key: %v", err)
	}
	ids = append(ids, q.ID)
	if q.ID == p.ID {
		t.Errorf("an expired key answered the old write")
	}
	// One expired key and one live one: pruning deletes the first.
	if err := db.Exec(ctx, `CREATE (:IdempotencyKey {id: $old, expiresAt: datetime() - duration('PT1H')}), (:IdempotencyKey {id: $live, expiresAt: datetime() + duration('PT1H')})`,
		map[string]any{"old": tag + "-old", "live": tag + "-live"}); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneIdempotencyKeys(ctx)
	if err != nil || n < 1 {
		t.Fatalf("PruneIdempotencyKeys: %d, %v", n, err)
	}
	rows, err := db.Query(ctx, `MATCH (k:IdempotencyKey) WHERE k.id STARTS WITH $tag RETURN k.id AS id ORDER BY id`, map[string]any{"tag": tag})
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, r := range rows {
		left = append(left, r["id"].(string))
	}
	if len(left) != 2 || left[0] != tag+"-a" || left[1] != tag+"-live" {
		t.Errorf("keys after pruning: %v, want the live ones (-a, -live)", left)
	}
}
