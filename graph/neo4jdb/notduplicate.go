package neo4jdb

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// The "not the same person" decisions of the duplicate review: one
// (:NotDuplicate {pair, a, b, decidedAt, decidedBy}) node per pair, pair
// being the two ids in order joined by "|". PossibleDuplicates leaves out
// every pair that has one. The node is not an entity (no Entity label, no
// relationships), so no read of the graph meets it.

// NotDuplicateSchemaStatements make the decision of a pair unique.
var NotDuplicateSchemaStatements = []string{
	"CREATE CONSTRAINT NotDuplicate_pair IF NOT EXISTS FOR (n:NotDuplicate) REQUIRE n.pair IS UNIQUE",
}

const cypherMarkNotDuplicate = `MERGE (d:NotDuplicate {pair: $pair})
ON CREATE SET d.a = $a, d.b = $b, d.decidedAt = datetime.transaction(), d.decidedBy = $by
RETURN d.decidedAt, d.decidedBy`

// MarkNotDuplicate records that a and b are different people. Marking a
// pair again keeps the first decision.
func (db *DB) MarkNotDuplicate(ctx context.Context, a, b string) (*graph.NotDuplicateDecision, error) {
	if err := graph.ParseTwoPeople("a", a, "b", b, "a person is always the same person as themselves"); err != nil {
		return nil, err
	}
	by := "unknown"
	if p := auth.FromContext(ctx); p != nil {
		by = p.Subject
	}
	k := pairKey(a, b)
	pair, lo, hi := k[0]+"|"+k[1], k[0], k[1]
	out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		if err := requireExist(ctx, tx, [][2]string{{"a", a}, {"b", b}}); err != nil {
			return nil, err
		}
		recs, err := tx.run(ctx, cypherMarkNotDuplicate, map[string]any{"pair": pair, "a": lo, "b": hi, "by": by})
		if err != nil {
			return nil, err
		}
		d := &graph.NotDuplicateDecision{}
		if t, ok := recs[0].Values[0].(time.Time); ok {
			d.DecidedAt = t
		}
		d.DecidedBy, _ = recs[0].Values[1].(string)
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	d := out.(*graph.NotDuplicateDecision)
	if d.A, err = db.FindPersonByID(ctx, a); err != nil {
		return nil, err
	}
	if d.B, err = db.FindPersonByID(ctx, b); err != nil {
		return nil, err
	}
	return d, nil
}
