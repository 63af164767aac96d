package neo4jdb

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/liaison/liaison/graph"
)

// Idempotency keys: a write whose context carries a graph.IdempotencyClaim
// stores (:IdempotencyKey {id, hash, at, expiresAt, resultId, answer}) in
// its own transaction, first thing, so that
//
//   - a repeat (same key, same input hash) finds the key, writes nothing and
//     gets the first write's answer (*graph.Repeat): the JSON of what it
//     created or changed, as the transaction left it;
//   - the same key with another input is a CONFLICT;
//   - two attempts at once queue on the key's uniqueness constraint: the
//     second waits for the first to commit and then finds its key;
//   - a write that committed but whose answer was lost (the connection
//     broke during the commit) is recognised when the client repeats it.
//
// Keys expire after graph.IdempotencyTTL; an expired key is taken as new,
// and PruneIdempotencyKeys deletes expired ones (serve runs it hourly).

// IdempotencySchemaStatements are the key's constraint and expiry index.
var IdempotencySchemaStatements = []string{
	"CREATE CONSTRAINT IdempotencyKey_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE",
	"CREATE INDEX IdempotencyKey_expiresAt IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expiresAt)",
}

// cypherClaimKey takes the key: fresh when this attempt created it (or it
// had expired), else the first write's hash and answer.
const cypherClaimKey = `MERGE (k:IdempotencyKey {id: $id})
ON CREATE SET k.attempt = $attempt
WITH k, k.attempt = $attempt OR k.expiresAt < datetime() AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END |
  SET k.attempt = $attempt, k.hash = $hash, k.at = datetime(), k.expiresAt = datetime() + duration({seconds: $ttl}),
    k.resultId = null, k.answer = null)
RETURN fresh, k.hash AS hash, k.resultId AS resultId, k.answer AS answer, k.at AS at`

func claimKey(ctx context.Context, tx txRunner, key, hash string) error {
	recs, err := tx.run(ctx, cypherClaimKey, map[string]any{"id": key, "hash": hash,
		"attempt": graph.NewRelID(), "ttl": int64(graph.IdempotencyTTL / time.Second)})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return graph.Errorf(graph.CodeInternal, "internal error")
	}
	m := recs[0].AsMap()
	if fresh, _ := m["fresh"].(bool); fresh {
		return nil
	}
	at := timeOf(m, "at")
	if str(m, "hash") != hash {
		return graph.Errorf(graph.CodeConflict, "Idempotency-Key: the key was used at %s for a different request; send a new key with a new request",
			at.UTC().Format(time.RFC3339))
	}
	return &graph.Repeat{ResultID: str(m, "resultId"), Answer: str(m, "answer"), At: at}
}

// storeAnswer records what the write produced under its key: for a
// mutation, the id of what it created or changed (the result of fn, else
// the audit's first entity) and that entity as JSON; for bulk work, fn's
// result itself (a count).
func storeAnswer(ctx context.Context, tx txRunner, key string, out any, a *auditor, bulk bool) error {
	var rid, answer any
	if bulk {
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		answer = string(b)
	} else {
		id := resultID(out)
		if id == "" && a != nil && len(a.req.EntityIDs) > 0 {
			id = a.req.EntityIDs[0]
		}
		if id != "" {
			rid = id
			after := map[string]string(nil)
			if a != nil {
				after = a.after
			}
			if after == nil {
				var err error
				if after, err = snapshot(ctx, tx, []string{id}); err != nil {
					return err
				}
			}
			if js, ok := after[id]; ok {
				answer = js
			}
		}
	}
	_, err := tx.run(ctx, `MATCH (k:IdempotencyKey {id: $id}) SET k.resultId = $resultId, k.answer = $answer`,
		map[string]any{"id": key, "resultId": rid, "answer": answer})
	return err
}

// bulkAnswer is the stored result of a bulk chunk: JSON numbers that are
// whole come back as int, the type the bulk helpers return.
func bulkAnswer(rep *graph.Repeat) any {
	var v any
	if json.Unmarshal([]byte(rep.Answer), &v) != nil {
		return nil
	}
	if f, ok := v.(float64); ok && f == math.Trunc(f) {
		return int(f)
	}
	return v
}

// PruneIdempotencyKeys deletes expired keys, 10,000 per transaction, and
// returns how many.
func (db *DB) PruneIdempotencyKeys(ctx context.Context) (int, error) {
	const limit = 10000
	total := 0
	for range 1000 {
		out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
			recs, err := tx.run(ctx, `MATCH (k:IdempotencyKey) WHERE k.expiresAt < datetime()
WITH k LIMIT $limit DELETE k RETURN count(*) AS n`, map[string]any{"limit": limit})
			if err != nil || len(recs) == 0 {
				return 0, err
			}
			n, _ := recs[0].Values[0].(int64)
			return int(n), nil
		})
		if err != nil {
			return total, err
		}
		n, _ := out.(int)
		total += n
		if n < limit {
			break
		}
	}
	return total, nil
}
