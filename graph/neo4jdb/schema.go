package neo4jdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// FulltextIndex is the full-text index on names. The CJK analyzer splits
// Chinese text into bigrams, so that a Chinese word inside a name is found.
// It is eventually consistent: bulk loads do not wait for Lucene, and
// search does not depend on it alone (the TEXT index answers substrings
// at once).
const FulltextIndex = "entity_names"

// Schema statements made for every kind ({{label}}) and every
// relationship type ({{type}}).
const (
	cypherKindID     = "CREATE CONSTRAINT {{label}}_id IF NOT EXISTS FOR (n:{{label}}) REQUIRE n.id IS UNIQUE"
	cypherKindPinyin = "CREATE INDEX {{label}}_pinyin IF NOT EXISTS FOR (n:{{label}}) ON (n.pinyin)"
	cypherKindName   = "CREATE INDEX {{label}}_name IF NOT EXISTS FOR (n:{{label}}) ON (n.name)"
	cypherRelTypeID  = "CREATE INDEX {{type}}_id IF NOT EXISTS FOR ()-[r:{{type}}]-() ON (r.id)"
	cypherFulltext   = "CREATE FULLTEXT INDEX {{index}} IF NOT EXISTS FOR (n:Person|Unit|Region|Company|Project) ON EACH [n.name, n.nameEn, n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
)

// schemaStatements creates every constraint and index, idempotently.
func schemaStatements() []string {
	var s []string
	for _, k := range graph.Kinds {
		for _, tmpl := range []string{cypherKindID, cypherKindPinyin, cypherKindName} {
			s = append(s, withLabel(tmpl, k))
		}
	}
	s = append(s,
		"CREATE INDEX Entity_id IF NOT EXISTS FOR (n:Entity) ON (n.id)",
		"CREATE TEXT INDEX Entity_searchText IF NOT EXISTS FOR (n:Entity) ON (n.searchText)",
		fill(cypherFulltext, "index", FulltextIndex),
		"CREATE CONSTRAINT Company_creditCode IF NOT EXISTS FOR (n:Company) REQUIRE n.creditCode IS UNIQUE",
		"CREATE INDEX Person_birthYear IF NOT EXISTS FOR (n:Person) ON (n.birthYear)",
		"CREATE INDEX Unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind)",
		"CREATE INDEX Region_level IF NOT EXISTS FOR (n:Region) ON (n.level)",
		"CREATE INDEX Region_code IF NOT EXISTS FOR (n:Region) ON (n.code)",
		"CREATE INDEX Company_industry IF NOT EXISTS FOR (n:Company) ON (n.industry)",
		"CREATE INDEX Project_kind IF NOT EXISTS FOR (n:Project) ON (n.kind)",
		"CREATE INDEX Project_status IF NOT EXISTS FOR (n:Project) ON (n.status)",
		"CREATE INDEX Project_startDate IF NOT EXISTS FOR (n:Project) ON (n.startDate)",
		"CREATE INDEX Project_amount IF NOT EXISTS FOR (n:Project) ON (n.amount)",
		"CREATE INDEX POSTED_TO_dispatchingUnitId IF NOT EXISTS FOR ()-[r:POSTED_TO]-() ON (r.dispatchingUnitId)",
		"CREATE INDEX POSTED_TO_batch IF NOT EXISTS FOR ()-[r:POSTED_TO]-() ON (r.batch)",
		"CREATE CONSTRAINT Interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX Interaction_at IF NOT EXISTS FOR (n:Interaction) ON (n.at)",
	)
	for _, t := range graph.RelTypes {
		s = append(s, fill(cypherRelTypeID, "type", t.Cypher()))
	}
	s = append(s, CalendarFeedSchemaStatements...)
	s = append(s, NotDuplicateSchemaStatements...)
	s = append(s, ContributionSchemaStatements...)
	return append(append(s, AuditSchemaStatements...), IdempotencySchemaStatements...)
}

// Migrate creates the constraints and indexes and waits until they are
// online. It is safe to run at every start.
func (db *DB) Migrate(ctx context.Context) error {
	for _, stmt := range schemaStatements() {
		// Processes that start together (tests, replicas) create the same
		// schema at once; a deadlock between them is tried again.
		err := db.retry(ctx, db.bulk(), false, func(ctx context.Context) error {
			db.roundTrips.Add(1)
			_, err := neo4j.ExecuteQuery(ctx, db.driver, stmt, nil, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(db.dbName), neo4j.ExecuteQueryWithWritersRouting())
			if err != nil && schemaRace(err) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("neo4j schema %q: %w", stmt, db.mapError(ctx, err))
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, db.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db.dbName))
	if err != nil {
		return fmt.Errorf("neo4j await indexes: %w", db.mapError(ctx, err))
	}
	return nil
}

// migrateAtOnce creates the whole schema in one transaction, so that
// Neo4j populates every new index in one pass over the store instead of
// one pass per index, and waits until they are online: for a database
// that already holds its data (after an offline import). It is not meant
// for processes starting together (Migrate tolerates their races).
func (db *DB) migrateAtOnce(ctx context.Context) error {
	_, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		for _, stmt := range schemaStatements() {
			if _, err := tx.run(ctx, stmt, nil); err != nil {
				return nil, fmt.Errorf("neo4j schema %q: %w", stmt, err)
			}
		}
		return nil, nil
	})
	if err != nil {
		return err
	}
	_, err = neo4j.ExecuteQuery(ctx, db.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db.dbName))
	if err != nil {
		return fmt.Errorf("neo4j await indexes: %w", db.mapError(ctx, err))
	}
	return nil
}

// Counts reports how many nodes and relationships the database holds.
func (db *DB) Counts(ctx context.Context) (nodes, rels int64, err error) {
	recs, err := db.read(ctx, "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r", nil)
	if err != nil {
		return 0, 0, err
	}
	n, _ := recs[0].Values[0].(int64)
	r, _ := recs[0].Values[1].(int64)
	return n, r, nil
}

// schemaRace recognizes the error of IF NOT EXISTS losing a race with
// another process creating the same index or constraint at the same time:
// the rule exists, which is what was asked.
func schemaRace(err error) bool {
	var ne *neo4j.Neo4jError
	if !errors.As(err, &ne) {
		return false
	}
	switch ne.Code {
	case "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
		"Neo.ClientError.Schema.IndexAlreadyExists",
		"Neo.ClientError.Schema.ConstraintAlreadyExists":
		return true
	}
	return false
}
