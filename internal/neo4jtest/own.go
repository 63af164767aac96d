package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
)

// Own is a Neo4j of one test's own, started with the project's launcher
// (neo4j/neo4j.sh) on a free port with a small heap, for tests that must
// stop it, or count everything in it, while other tests share the common
// one. It is stopped and deleted when the test ends.
type Own struct {
	t    testing.TB
	env  []string
	data string
	Port int
	URI  string
}

// StartOwn starts an empty Neo4j (about 10 s).
//
// Its port is taken below the kernel's ephemeral range, so that no
// outgoing connection of this machine can hold it, and a start that loses
// the port to another process anyway (several packages' tests start their
// own at once) is tried again on another one.
func StartOwn(t testing.TB) *Own {
	t.Helper()
	var out []byte
	for attempt := 0; attempt < 4; attempt++ {
		o := PrepareOwn(t)
		var err error
		if out, err = o.run("start"); err == nil {
			return o
		}
		if !strings.Contains(string(out), "Address already in use") {
			t.Fatalf("neo4j.sh start: %v\n%s", err, out)
		}
		t.Logf("port %d was taken while Neo4j started; trying another", o.Port)
	}
	t.Fatalf("neo4j.sh start: no free port after 4 tries\n%s", out)
	return nil
}

// PrepareOwn chooses the port and the data directory of a Neo4j of the
// test's own, without starting it (an offline import builds its store
// first): Env is the launcher's environment, Script the launcher. It is
// stopped, if it runs, when the test ends.
func PrepareOwn(t testing.TB) *Own {
	t.Helper()
	port, data := freePort(t), filepath.Join(t.TempDir(), "neo4j")
	o := &Own{t: t, Port: port, URI: fmt.Sprintf("bolt://127.0.0.1:%d", port), data: data,
		env: append(os.Environ(), fmt.Sprintf("NEO4J_PORT=%d", port), "NEO4J_DATA="+data,
			"NEO4J_HEAP=384m", "NEO4J_PAGECACHE=64m",
			// Without the Graph Data Science library (an empty plugin
			// directory): these databases test outages and faults, and
			// start in about half the time.
			"NEO4J_PLUGINS="+filepath.Join(data, "no-plugins"))}
	if os.Getenv("NEO4J_START_TIMEOUT") == "" {
		// On a busy machine (tests of several packages each starting one)
		// a start takes longer than the launcher's default 120 s.
		o.env = append(o.env, "NEO4J_START_TIMEOUT=300")
	}
	t.Cleanup(func() {
		if out, err := o.run("stop"); err != nil {
			t.Errorf("neo4j.sh stop: %v\n%s", err, out)
		}
	})
	return o
}

// Env is the environment the launcher runs this Neo4j with.
func (o *Own) Env() []string { return o.env }

// Script is the path of the launcher, neo4j/neo4j.sh.
func (o *Own) Script() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "neo4j", "neo4j.sh")
}

// freePort is a port that nothing listens on, chosen at random between
// 20000 and the start of the ephemeral range (32768).
func freePort(t testing.TB) int {
	t.Helper()
	for i := 0; i < 200; i++ {
		port := 20000 + rand.IntN(12768)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue
		}
		l.Close()
		return port
	}
	t.Fatal("no free port between 20000 and 32767")
	return 0
}

// Run runs neo4j.sh start, stop or status.
func (o *Own) Run(cmd string) {
	o.t.Helper()
	if out, err := o.run(cmd); err != nil {
		o.t.Fatalf("neo4j.sh %s: %v\n%s", cmd, err, out)
	}
}

func (o *Own) run(cmd string) ([]byte, error) {
	c := exec.Command(o.Script(), cmd)
	c.Env = o.env
	return c.CombinedOutput()
}

// Kill ends Neo4j with SIGKILL, as a crash would (no checkpoint, no
// goodbye to its clients), and waits until it is gone; Run("start")
// starts it again, recovering from its transaction log.
func (o *Own) Kill() {
	o.t.Helper()
	b, err := os.ReadFile(filepath.Join(o.data, "neo4j.pid"))
	if err != nil {
		o.t.Fatalf("neo4j pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		o.t.Fatalf("neo4j pid %q", b)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		o.t.Fatalf("kill -9 %d: %v", pid, err)
	}
	// Gone, or a zombie nobody reaps (its command line is then empty).
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || len(cmd) == 0 {
			return
		}
	}
	o.t.Fatalf("neo4j (pid %d) still runs 30 s after SIGKILL", pid)
}

// Open connects to it with the given transaction timeout and creates the
// schema; the connection is closed when the test ends.
func (o *Own) Open(timeout time.Duration, logger *slog.Logger) *neo4jdb.DB {
	o.t.Helper()
	db, err := neo4jdb.Open(neo4jdb.Config{URI: o.URI, User: "neo4j", Password: "liaison-dev", QueryTimeout: timeout, Logger: logger})
	if err != nil {
		o.t.Fatal(err)
	}
	o.t.Cleanup(func() { db.Close(context.Background()) })
	if err := db.Migrate(context.Background()); err != nil {
		o.t.Fatal(err)
	}
	return db
}

// Census counts a whole database: its nodes and relationships, and a
// digest of every node's labels and properties and every relationship's
// type, ends (by id) and properties, so that a change that keeps the counts
// shows too. The digest does not depend on Neo4j's element ids: a
// relationship deleted and made again the same is the same. Only for a
// database of the test's own: on the shared one other tests write at the
// same time.
type Census struct {
	Nodes, Relationships int
	Digest               string
}

func (c Census) String() string {
	return fmt.Sprintf("%d nodes, %d relationships, digest %.16s", c.Nodes, c.Relationships, c.Digest)
}

// TakeCensus reads the whole database.
func TakeCensus(t testing.TB, db *neo4jdb.DB) Census {
	t.Helper()
	var c Census
	h := sha256.New()
	for i, q := range []string{
		`MATCH (n) RETURN [labels(n), properties(n)] AS v`,
		`MATCH (a)-[r]->(b) RETURN [type(r), coalesce(a.id, elementId(a)), coalesce(b.id, elementId(b)), properties(r)] AS v`,
	} {
		rows, err := db.Query(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err)
		}
		lines := make([]string, len(rows))
		for j, row := range rows {
			lines[j] = fmt.Sprintf("%v", row["v"]) // fmt prints maps with sorted keys
		}
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Fprintln(h, l)
		}
		if i == 0 {
			c.Nodes = len(rows)
		} else {
			c.Relationships = len(rows)
		}
	}
	c.Digest = hex.EncodeToString(h.Sum(nil))
	return c
}
