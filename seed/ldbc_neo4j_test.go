//go:build unix

package seed_test

import (
	"context"
	"github.com/liaison/liaison/internal/cyphertext"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/seed"
)

// ldbcLabels are the labels and id prefixes of what seed.LDBC makes.
var ldbcLabels = [][2]string{{"Person", "per_ldbc-"}, {"Unit", "unt_ldbc-"}, {"Company", "com_ldbc-"}, {"Region", "reg_ldbc-"}}

// ldbcLockFile serialises the tests that load the LDBC sample into the
// shared test Neo4j. The sample's ids are fixed, so two such tests running
// at once (go test runs packages in parallel) would count and delete each
// other's nodes; any test that loads seed.LDBC should hold this lock from
// before its load until after its cleanup.
var ldbcLockFile = filepath.Join(os.TempDir(), "liaison-ldbc-neo4j.lock")

// lockLDBC takes the lock and releases it when the test ends, after the
// cleanups registered later (cleanups run last in, first out).
func lockLDBC(tb testing.TB) {
	tb.Helper()
	f, err := os.OpenFile(ldbcLockFile, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		tb.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		tb.Fatalf("lock %s: %v", ldbcLockFile, err)
	}
	tb.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// ldbcSnapshot counts the LDBC nodes per label and their relationships per
// type, and notes the latest updatedAt, so that a second load can be seen
// to change nothing.
func ldbcSnapshot(t *testing.T, db *neo4jdb.DB) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	var prefixes []string
	for _, l := range ldbcLabels {
		prefixes = append(prefixes, l[1])
		rows, err := db.Query(ctx, cyphertext.Fill(`MATCH (n:{{label}}) WHERE n.id STARTS WITH $p RETURN count(n) AS n, toString(max(n.updatedAt)) AS u`, "label", l[0]), map[string]any{"p": l[1]})
		if err != nil {
			t.Fatal(err)
		}
		out[l[0]] = rows[0]["n"]
		out[l[0]+" updatedAt"] = rows[0]["u"]
	}
	rows, err := db.Query(ctx, `MATCH (a:Entity)-[r]->(b:Entity)
WHERE any(p IN $prefixes WHERE a.id STARTS WITH p) OR any(p IN $prefixes WHERE b.id STARTS WITH p)
RETURN type(r) AS t, count(r) AS n`, map[string]any{"prefixes": prefixes})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		out[r["t"].(string)] = r["n"]
	}
	rows, err = db.Query(ctx, `MATCH (a:Person)-[r:KNOWS]-(b:Person)
WHERE a.id STARTS WITH 'per_ldbc-' AND b.id STARTS WITH 'per_ldbc-' AND elementId(a) < elementId(b)
RETURN count(r) AS n`, nil)
	if err != nil {
		t.Fatal(err)
	}
	out["KNOWS between LDBC persons"] = rows[0]["n"]
	return out
}

// TestLDBCNeo4j loads the LDBC sample into the real Neo4j, checks what
// arrived, loads it again, and compares shortest paths with the test's own
// breadth-first search over the CSV. It does not run in parallel: the
// LDBC ids are fixed, so only one LDBC load may run at a time (see
// lockLDBC).
func TestLDBCNeo4j(t *testing.T) {
	dir := ldbcDir(t)
	b, err := seed.LDBC(dir)
	if err != nil {
		t.Fatal(err)
	}
	db := neo4jtest.MustOpen(t)
	lockLDBC(t)
	for _, l := range ldbcLabels {
		neo4jtest.CleanupPrefix(t, db, l[0], l[1])
	}
	ctx := context.Background()

	parents, located := regionLinks(b)
	rels := len(b.Relationships) + parents + located

	start := time.Now()
	stats, err := db.Load(ctx, b, nil)
	first := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Nodes != b.Nodes() || stats.Relationships != rels {
		t.Errorf("load stats %+v, want %d nodes and %d relationships", stats, b.Nodes(), rels)
	}
	t.Logf("first load: %d nodes, %d relationships in %v: %.0f nodes/s, %.0f relationships/s, %.0f items/s",
		stats.Nodes, stats.Relationships, first.Round(time.Millisecond), rate(stats.Nodes, first), rate(stats.Relationships, first), rate(stats.Nodes+stats.Relationships, first))

	snap := ldbcSnapshot(t, db)
	counts := relCounts(b)
	want := map[string]int64{
		"Person": 222, "Unit": int64(len(b.Units)), "Company": int64(len(b.Companies)), "Region": int64(len(b.Regions)),
		"KNOWS": int64(counts[graph.RelKnows]), "KNOWS between LDBC persons": int64(counts[graph.RelKnows]),
		"MEMBER_OF": int64(counts[graph.RelMemberOf]), "EMPLOYED_BY": int64(counts[graph.RelEmployedBy]),
		"LOCATED_IN": int64(counts[graph.RelLocatedIn] + located), "PART_OF": int64(parents),
	}
	for k, w := range want {
		if got, _ := snap[k].(int64); got != w {
			t.Errorf("%s in Neo4j: %v, want %d", k, snap[k], w)
		}
	}
	rows, err := db.Query(ctx, `MATCH (p:Person {id: 'per_ldbc-8796093022220'})-[:LOCATED_IN]->(c:Region)-[:PART_OF]->(n:Region)-[:PART_OF]->(w:Region)
RETURN p.name AS name, p.email AS email, p.birthYear AS born, p.gender AS gender, p.discoverable AS disc, [c.level, n.level, w.level] AS levels`, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRow := map[string]any{"name": "Jose Alonso", "email": "Jose8796093022220@gmail.com", "born": int64(1987), "gender": "FEMALE", "disc": true,
		"levels": []any{"CITY", "COUNTRY", "CONTINENT"}}
	if len(rows) != 1 || !reflect.DeepEqual(rows[0], wantRow) {
		t.Errorf("person 8796093022220 in Neo4j: %v, want %v", rows, wantRow)
	}

	start = time.Now()
	if _, err := db.Load(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	second := time.Since(start)
	t.Logf("second load (nothing changes): %v", second.Round(time.Millisecond))
	if again := ldbcSnapshot(t, db); !reflect.DeepEqual(again, snap) {
		t.Errorf("loading twice changed the graph:\n first %v\nsecond %v", snap, again)
	}

	t.Run("ShortestPaths", func(t *testing.T) { checkLDBCShortestPaths(t, db, dir) })
}

func rate(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

// maxHops bounds the Cypher shortest path; the test's search is unbounded
// and a longer distance counts as no path.
const maxHops = 15

// checkLDBCShortestPaths compares, for the pairs of LDBC Interactive
// Complex 13 and a deterministic sample of further pairs, the test's own
// breadth-first distance over person_knows_person_0_0.csv with the length
// of Neo4j's shortest KNOWS path between the loaded persons.
func checkLDBCShortestPaths(t *testing.T, db *neo4jdb.DB, dir string) {
	ctx := context.Background()
	g := readKnows(t, dir)
	pairs, err := seed.LDBCShortestPairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) == 0 {
		t.Fatal("no pairs in interactive_13_param.txt")
	}
	params := len(pairs)
	// More pairs than the three of the parameter file: spread over the
	// persons, one person with themselves, and a person without any
	// acquaintance, if there is one.
	var persons []string
	for p := range g.persons {
		persons = append(persons, p)
	}
	sort.Strings(persons)
	n := len(persons)
	for i := 0; i < n; i += 7 {
		pairs = append(pairs, [2]string{"per_ldbc-" + persons[i], "per_ldbc-" + persons[(i*31+17)%n]})
	}
	pairs = append(pairs, [2]string{"per_ldbc-" + persons[0], "per_ldbc-" + persons[0]})
	for _, p := range persons {
		if len(g.adj[p]) == 0 {
			pairs = append(pairs, [2]string{"per_ldbc-" + p, "per_ldbc-" + persons[0]})
			break
		}
	}

	hist := map[int]int{}
	for i, p := range pairs {
		a, b := strings.TrimPrefix(p[0], "per_ldbc-"), strings.TrimPrefix(p[1], "per_ldbc-")
		want := g.distance(a, b)
		if want > maxHops {
			want = -1
		}
		got, err := neo4jDistance(ctx, db, p[0], p[1])
		if err != nil {
			t.Fatalf("%s–%s: %v", p[0], p[1], err)
		}
		if got != want {
			t.Errorf("%s–%s: Neo4j shortest path %d, breadth-first search over the CSV %d", p[0], p[1], got, want)
		}
		// The paths API, acquaintance only, searches at most MaxMaxHops.
		if p[0] != p[1] {
			wantPaths := want
			if want > graph.MaxMaxHops {
				wantPaths = -1
			}
			gotPaths, err := pathsDistance(ctx, db, p[0], p[1])
			if err != nil {
				t.Fatalf("paths %s–%s: %v", p[0], p[1], err)
			}
			if gotPaths != wantPaths {
				t.Errorf("%s–%s: first path from paths has length %d, breadth-first search over the CSV %d", p[0], p[1], gotPaths, wantPaths)
			}
		}
		hist[want]++
		if i < params {
			t.Logf("interactive 13 pair %s–%s: distance %d", p[0], p[1], got)
		}
	}
	t.Logf("%d pairs (%d from interactive_13_param.txt), by distance: %v", len(pairs), params, hist)
}

// neo4jDistance is the length of the shortest KNOWS path in Neo4j, 0 from
// a person to themselves, -1 when there is none or a person is missing.
func neo4jDistance(ctx context.Context, db *neo4jdb.DB, a, b string) (int, error) {
	if a == b {
		rows, err := db.Query(ctx, `MATCH (a:Person {id: $a}) RETURN count(a) AS n`, map[string]any{"a": a})
		if err != nil {
			return 0, err
		}
		if rows[0]["n"].(int64) == 0 {
			return -1, nil
		}
		return 0, nil
	}
	rows, err := db.Query(ctx, cyphertext.Fill(`MATCH p = shortestPath((a:Person {id: $a})-[:KNOWS*..{{hops}}]-(b:Person {id: $b})) RETURN length(p) AS n`, "hops", strconv.Itoa(maxHops)),
		map[string]any{"a": a, "b": b})
	if err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return -1, nil
	}
	return int(rows[0]["n"].(int64)), nil
}

// pathsDistance is the length of the first path that the paths API finds
// over acquaintance only; -1 when there is none or a person is missing.
func pathsDistance(ctx context.Context, db *neo4jdb.DB, a, b string) (int, error) {
	ps, err := db.Paths(ctx, graph.PathQuery{From: a, To: b, RelTypes: []graph.RelType{graph.RelKnows}, MaxHops: graph.MaxMaxHops, First: 1})
	if graph.ErrorCode(err) == graph.CodeNotFound {
		return -1, nil
	}
	if err != nil {
		return 0, err
	}
	if len(ps) == 0 {
		return -1, nil
	}
	return ps[0].Length(), nil
}
