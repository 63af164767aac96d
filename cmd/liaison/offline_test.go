package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/seed"
	"github.com/liaison/liaison/transfer"
)

// TestImportOffline: `liaison import --offline` of the demo graph (with
// text that tests the CSV: quotes, commas, line breaks, a list item with
// a semicolon, a name without Chinese and so no pinyin) into a store of
// its own gives the graph the transactional import of the same files
// gives into an empty database, ties included: every node's labels and
// properties and every relationship's, but createdAt, updatedAt and
// tiesAt, which are the time of each write, and with tie strengths (which
// decay with the time they are computed at) within 0.001. Bad files write
// nothing, not even the store; the launcher's import-full refuses while
// the server runs and over a store that holds data. One Neo4j start.
func TestImportOffline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	files := filepath.Join(dir, "demo")
	b := seed.Demo()
	p := b.People[0]
	p.Bio = "He said \"yes\", then:\nmore, on a second line"
	p.Expertise = []string{"semi;colon", "丝绸之路"}
	b.People[1].Name, b.People[1].NameEn = "Smith", ""
	b.People[1].Expertise = nil
	w, err := transfer.Create(files)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	o := neo4jtest.PrepareOwn(t)
	env := map[string]string{}
	for _, kv := range o.Env() {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "NEO4J_") {
			env[k] = v
		}
	}
	// Not the shared test Neo4j that NEO4J_URI may name.
	env["NEO4J_URI"], env["LIAISON_QUERY_TIMEOUT"] = o.URI, "60s"
	getenv := func(k string) string { return env[k] }
	liaison := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(ctx, append([]string{"import"}, args...), getenv, &out, &errb)
		return out.String() + errb.String(), err
	}
	store := filepath.Join(env["NEO4J_DATA"], "data", "databases", "neo4j")

	// A bad file: the problem named, nothing written.
	bad := filepath.Join(dir, "bad")
	if err := os.CopyFS(bad, os.DirFS(files)); err != nil {
		t.Fatal(err)
	}
	people, err := os.ReadFile(filepath.Join(bad, "people.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(people), "\n", 3)
	lines[1] = strings.Replace(lines[1], ",", ",,", 1) // one field too many
	if err := os.WriteFile(filepath.Join(bad, "people.csv"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	badStage := filepath.Join(dir, "bad-stage")
	out, err := liaison("--offline", "--stage", badStage, "--launcher", o.Script(), bad)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") || !strings.Contains(out, "people.csv:2") {
		t.Fatalf("offline import of a bad file: %v\n%s", err, out)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Fatalf("a bad file left a store: %v", err)
	}
	if entries, _ := os.ReadDir(badStage); len(entries) > 0 {
		t.Fatalf("a bad file left %d files in the stage", len(entries))
	}

	// The offline import, ties included.
	stage := filepath.Join(dir, "stage")
	if out, err := liaison("--offline", "--stage", stage, "--launcher", o.Script(), files); err != nil {
		t.Fatalf("offline import: %v\n%s", err, out)
	} else if !strings.Contains(out, "computed the ties of") {
		t.Errorf("offline import said:\n%s", out)
	}
	db := o.Open(time.Minute, nil)
	offlineTies := map[string]float64{}
	offline := graphLines(t, db, offlineTies)
	n, err := db.Query(ctx, `MATCH (n:Person {id: $id}) RETURN n.createdAt = n.updatedAt AND n.createdAt > datetime() - duration('PT1H') AS ok`, map[string]any{"id": b.People[0].ID})
	if err != nil || len(n) != 1 || n[0]["ok"] != true {
		t.Errorf("createdAt and updatedAt of an imported person: %v, %v", n, err)
	}

	// The launcher refuses while the server runs.
	refused := func(what string, want string, args ...string) {
		t.Helper()
		cmd := exec.Command(o.Script(), append([]string{"import-full"}, args...)...)
		cmd.Env = o.Env()
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), want) {
			t.Errorf("import-full %s: %v, want a refusal saying %q\n%s", what, err, want, out)
		}
	}
	refused("while the server runs", "stop it first", stage)

	// The same files, imported transactionally into the emptied database.
	if err := db.Exec(ctx, `MATCH (n) DETACH DELETE n`, nil); err != nil {
		t.Fatal(err)
	}
	if out, err := liaison("--rewrite", files); err != nil {
		t.Fatalf("transactional import: %v\n%s", err, out)
	}
	onlineTies := map[string]float64{}
	online := graphLines(t, db, onlineTies)
	for k, f := range offlineTies {
		if g, ok := onlineTies[k]; ok && math.Abs(f-g) > 0.001 {
			t.Errorf("%s: %v offline, %v transactional", k, f, g)
		}
	}
	if len(offline) != len(online) {
		t.Errorf("the offline import wrote %d nodes and relationships, the transactional one %d", len(offline), len(online))
	}
	var diff []string
	for _, d := range []struct {
		name      string
		these, in []string
	}{{"offline only: ", offline, online}, {"transactional only: ", online, offline}} {
		in := map[string]bool{}
		for _, l := range d.in {
			in[l] = true
		}
		for _, l := range d.these {
			if !in[l] {
				diff = append(diff, d.name+l)
			}
		}
	}
	if len(diff) > 0 {
		t.Errorf("%d lines differ, the first:\n%s", len(diff), strings.Join(diff[:min(len(diff), 12)], "\n"))
	}

	// Over a store that holds data, only with --force.
	o.Run("stop")
	refused("over data", "only with --force", stage)
	if _, err := os.Stat(filepath.Join(stage, neo4jdb.AdminManifest)); err != nil {
		t.Error(err)
	}
}

// graphLines are every node's labels and properties and every
// relationship's type, ends and properties, one line each, sorted, but the
// properties that hold the time of a write; tie strengths go to
// tieValues, by relationship and property.
func graphLines(t *testing.T, db *neo4jdb.DB, tieValues map[string]float64) []string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`MATCH (n) RETURN [labels(n), properties(n)] AS v`,
		`MATCH (a)-[r]->(b) RETURN [type(r), a.id, b.id, properties(r)] AS v`,
	} {
		rows, err := db.Query(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			v := row["v"].([]any)
			props := v[len(v)-1].(map[string]any)
			for _, k := range []string{"createdAt", "updatedAt", "tiesAt"} {
				delete(props, k)
			}
			// Tie strengths decay with the time they are computed at:
			// minutes apart, they agree within 0.001 (a line of their
			// own each, compared apart).
			var ties []string
			for k, x := range props {
				if f, ok := x.(float64); ok && (v[0] == "TIE" || k == "strength") {
					props[k] = "~"
					ties = append(ties, fmt.Sprintf("%v %s", v[:len(v)-1], k))
					tieValues[ties[len(ties)-1]] = f
				}
			}
			lines = append(lines, fmt.Sprintf("%v", v))
			lines = append(lines, ties...)
		}
	}
	sort.Strings(lines)
	return lines
}
