// Package neo4jtest connects tests to the real Neo4j that `make test`
// starts, and gives them what they need to share it: unique names, a
// fingerprint of the data a test touches, and cleanup.
package neo4jtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/liaison/liaison/internal/cyphertext"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
)

// EnvURI names the Neo4j tests use. `make test` sets it after starting
// the test Neo4j; without it the tests fail rather than pass vacuously.
const EnvURI = "LIAISON_TEST_NEO4J_URI"

var migrate sync.Once
var migrateErr error

// Config is the test Neo4j's configuration.
func Config(tb testing.TB) neo4jdb.Config {
	tb.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		tb.Fatalf("%s is not set: run the tests with `make test`, which starts a local Neo4j", EnvURI)
	}
	user := os.Getenv("LIAISON_TEST_NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}
	pw := os.Getenv("LIAISON_TEST_NEO4J_PASSWORD")
	if pw == "" {
		pw = "liaison-dev"
	}
	return neo4jdb.Config{URI: uri, User: user, Password: pw, QueryTimeout: 30 * time.Second}
}

// MustOpen connects to the test Neo4j, migrates the schema once per
// process, and closes the connection when the test ends.
func MustOpen(tb testing.TB) *neo4jdb.DB {
	tb.Helper()
	db, err := neo4jdb.Open(Config(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close(context.Background()) })
	migrate.Do(func() { migrateErr = db.Migrate(context.Background()) })
	if migrateErr != nil {
		tb.Fatalf("migrate: %v", migrateErr)
	}
	return db
}

// Tag returns a string unique to this test run, to put in names so that
// tests sharing one database find only their own data.
func Tag() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "t" + hex.EncodeToString(b[:])
}

// CreditCode makes a valid unified social credit code from a Tag, so that
// tests sharing one database do not collide on the unique credit code.
func CreditCode(tb testing.TB, tag string) string {
	tb.Helper()
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	b := []byte("9113060")
	for i := 0; len(b) < 17; i++ {
		b = append(b, alphabet[int(tag[(i%(len(tag)-1))+1])%len(alphabet)])
	}
	check, err := graph.CreditCodeCheckChar(string(b))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b) + string(check)
}

// Cleanup deletes the entities with the given ids, and their
// relationships, when the test ends.
func Cleanup(tb testing.TB, db *neo4jdb.DB, ids *[]string) {
	tb.Helper()
	tb.Cleanup(func() {
		if len(*ids) == 0 {
			return
		}
		if err := db.Exec(context.Background(), `MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n`, map[string]any{"ids": *ids}); err != nil {
			tb.Errorf("cleanup: %v", err)
		}
	})
}

// Person creates a person of the name, adds its id to ids (see Cleanup)
// and returns the id.
func Person(tb testing.TB, db *neo4jdb.DB, ids *[]string, name string) string {
	tb.Helper()
	p, err := db.CreatePerson(context.Background(), graph.CreatePersonInput{Name: name})
	if err != nil {
		tb.Fatal(err)
	}
	*ids = append(*ids, p.ID)
	return p.ID
}

// CleanupPrefix deletes every entity of the label whose id starts with
// prefix when the test ends (for bulk loads with deterministic ids), in
// batches so that no transaction grows large.
func CleanupPrefix(tb testing.TB, db *neo4jdb.DB, label, prefix string) {
	tb.Helper()
	tb.Cleanup(func() {
		ctx := context.Background()
		for {
			rows, err := db.Query(ctx, cyphertext.Fill(`MATCH (n:{{label}}) WHERE n.id STARTS WITH $p RETURN count(n) AS n`, "label", label), map[string]any{"p": prefix})
			if err != nil {
				tb.Errorf("cleanup: %v", err)
				return
			}
			if n, _ := rows[0]["n"].(int64); n == 0 {
				return
			}
			if err := db.Exec(ctx, cyphertext.Fill(`MATCH (n:{{label}}) WHERE n.id STARTS WITH $p WITH n LIMIT 2000 DETACH DELETE n`, "label", label), map[string]any{"p": prefix}); err != nil {
				tb.Errorf("cleanup: %v", err)
				return
			}
		}
	})
}

// Fingerprint describes the named entities, every relationship they have,
// and every entity whose name contains tag, so that a test can assert that
// a failed mutation changed nothing it could have touched.
func Fingerprint(tb testing.TB, db *neo4jdb.DB, tag string, ids ...string) string {
	tb.Helper()
	rows, err := db.Query(context.Background(), `
CALL () {
  MATCH (n:Entity) WHERE n.id IN $ids OR n.name CONTAINS $tag
  OPTIONAL MATCH (n)-[r]-(m)
  WITH n, r, m ORDER BY n.id, type(r), r.id
  RETURN n.id AS id, properties(n) AS props,
         collect(CASE WHEN r IS NULL THEN null ELSE [type(r), startNode(r).id, endNode(r).id, properties(r)] END) AS rels
}
RETURN id, props, rels ORDER BY id`, map[string]any{"ids": ids, "tag": tag})
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if rels, ok := r["rels"].([]any); ok {
			sort.Slice(rels, func(i, j int) bool { return fmt.Sprint(rels[i]) < fmt.Sprint(rels[j]) })
		}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
