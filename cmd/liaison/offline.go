package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/transfer"
)

// offlineOptions are the flags of `liaison import --offline` and
// `liaison import --finish`.
type offlineOptions struct {
	stage       string // folder for the neo4j-admin files; empty: a temporary one
	launcher    string // neo4j/neo4j.sh
	force       bool   // let the launcher replace a store that holds data
	prepareOnly bool   // write the files and stop (the admin import is run elsewhere: Docker)
	skipTies    bool
}

// importOffline imports into an empty database with Neo4j's offline
// importer (docs/import-format.md, "Into an empty database, offline"): the
// same checks as the transactional import, with no database to look ids up
// in; the neo4j-admin files; the admin import by the launcher, which
// refuses while the server runs; the server started on the new store; the
// schema, the empty lists and the ties.
func importOffline(ctx context.Context, path string, o offlineOptions, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	st, err := stageOffline(ctx, path, o, stdout, stderr)
	if st.cleanup != nil {
		defer st.cleanup()
	}
	if err != nil {
		return err
	}
	// The batch lived only in stageOffline: give its memory back to the
	// system before neo4j-admin's JVM and the server need theirs (at scale
	// 100 this process held 9.2 GB while the schema was created).
	debug.FreeOSMemory()
	a, stage, rows, checkTime, writeTime := st.a, st.dir, st.rows, st.checkTime, st.writeTime
	if o.prepareOnly {
		fmt.Fprintf(stdout, "next, with the database stopped (in a container whose /import is %s):\n  %s\nthen start the server and run: liaison import --finish %s\n",
			stage, adminCommand(a, "/import"), stage)
		return nil
	}

	env := launcherEnv(getenv)
	adminStart := time.Now()
	args := []string{"import-full"}
	if o.force {
		args = append(args, "--force")
	}
	usage, err := runLauncher(ctx, o.launcher, env, stderr, append(args, stage)...)
	if err != nil {
		return fmt.Errorf("neo4j-admin import: %w; the database is as it was", err)
	}
	adminTime := time.Since(adminStart)
	fmt.Fprintf(stdout, "neo4j-admin imported them in %.2fs (%.0f rows/s; %.1f CPU s, peak RSS %d MB)\n",
		adminTime.Seconds(), rate(rows, adminTime), usage.cpu.Seconds(), usage.maxRSS>>20)

	serverStart := time.Now()
	if _, err := runLauncher(ctx, o.launcher, env, stderr, "start"); err != nil {
		return fmt.Errorf("start the server: %w", err)
	}
	// Not openDB: FinishAdminImport creates the schema, all at once.
	db, err := waitDB(ctx, c, c.logger(stderr), time.Minute)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	startTime := time.Since(serverStart)
	if err := db.FinishAdminImport(ctx, a); err != nil {
		return fmt.Errorf("schema after the import: %w", err)
	}
	serverTime := time.Since(serverStart)
	total := checkTime + writeTime + adminTime + serverTime
	fmt.Fprintf(stdout, "server started in %.2fs; schema created, indexes online in %.2fs more (%.0f rows/s for both)\n",
		startTime.Seconds(), (serverTime - startTime).Seconds(), rate(rows, serverTime))
	fmt.Fprintf(stdout, "imported %d rows offline in %.2fs (%.0f rows/s with the checks; liaison peak RSS %d MB)\n",
		rows, total.Seconds(), rate(rows, total), selfMaxRSS()>>20)
	if o.skipTies {
		return nil
	}
	return computeTies(ctx, db, stdout, stderr)
}

// offlineStage is what stageOffline made: the neo4j-admin files in dir
// (removed by cleanup when temporary), their manifest, the rows read, and
// the times of the checks and of the files.
type offlineStage struct {
	dir                  string
	cleanup              func()
	a                    *neo4jdb.AdminImport
	rows                 int
	checkTime, writeTime time.Duration
}

// stageOffline reads and checks the import at path with no database to
// look ids up in, and writes the neo4j-admin files into o.stage (or a
// temporary folder).
func stageOffline(ctx context.Context, path string, o offlineOptions, stdout, stderr io.Writer) (offlineStage, error) {
	var st offlineStage
	d, checkTime, err := readChecked(ctx, path, func() (transfer.Lookup, error) { return transfer.EmptyDatabase{}, nil },
		" (offline: every referenced id must be in the files)", stdout, stderr)
	if err != nil {
		return st, err
	}
	st.dir, st.rows, st.checkTime = o.stage, d.Rows, checkTime
	if st.dir == "" {
		if o.prepareOnly {
			return st, errors.New("import: --prepare-only needs --stage DIR")
		}
		if st.dir, err = os.MkdirTemp("", "liaison-offline-"); err != nil {
			return st, err
		}
		dir := st.dir
		st.cleanup = func() { os.RemoveAll(dir) }
	} else if err := os.MkdirAll(st.dir, 0o755); err != nil {
		return st, err
	}
	writeStart := time.Now()
	bar := newProgressBar(stderr, "writing the neo4j-admin files")
	st.a, err = neo4jdb.WriteAdminImport(st.dir, d.Batch, time.Now(), bar.update)
	bar.done()
	if err != nil {
		return st, fmt.Errorf("stage %s: %w", st.dir, err)
	}
	st.writeTime = time.Since(writeStart)
	fmt.Fprintf(stdout, "wrote %d nodes and %d relationships as %d files into %s in %.2fs (%.0f rows/s)\n",
		st.a.NodeCount, st.a.RelationshipCount, len(st.a.Nodes)+len(st.a.Relationships), st.dir, st.writeTime.Seconds(), rate(st.rows, st.writeTime))
	return st, nil
}

// finishImport is `liaison import --finish DIR`: after the files of
// --prepare-only were imported with neo4j-admin elsewhere and the server
// started, the schema, the empty lists and the ties.
func finishImport(ctx context.Context, stage string, skipTies bool, getenv func(string) string, stdout, stderr io.Writer) error {
	a, err := neo4jdb.ReadAdminManifest(stage)
	if err != nil {
		return err
	}
	c, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	db, err := waitDB(ctx, c, c.logger(stderr), 30*time.Second)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	start := time.Now()
	if err := db.FinishAdminImport(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema created, indexes online in %.2fs\n", time.Since(start).Seconds())
	if skipTies {
		return nil
	}
	return computeTies(ctx, db, stdout, stderr)
}

// adminCommand is the neo4j-admin command line for the files of a in dir.
func adminCommand(a *neo4jdb.AdminImport, dir string) string {
	parts := []string{"neo4j-admin database import full neo4j --overwrite-destination=true --id-type=string --array-delimiter=U+001F --multiline-fields=true",
		"--bad-tolerance=0 --skip-bad-relationships=false --skip-duplicate-nodes=false"}
	for _, n := range a.Nodes {
		parts = append(parts, "--nodes="+filepath.Join(dir, n))
	}
	for _, r := range a.Relationships {
		parts = append(parts, "--relationships="+filepath.Join(dir, r))
	}
	return strings.Join(parts, " \\\n    ")
}

// launcherVars are the settings of neo4j/neo4j.sh.
var launcherVars = []string{"NEO4J_PORT", "NEO4J_DATA", "NEO4J_HEAP", "NEO4J_PAGECACHE", "NEO4J_PASSWORD", "NEO4J_AUTH",
	"NEO4J_TX_MAX", "NEO4J_TX_GLOBAL_MAX", "NEO4J_TX_TIMEOUT", "NEO4J_LOG_LEVEL", "NEO4J_PLUGINS", "NEO4J_START_TIMEOUT",
	"NEO4J_JAVA_OPTS", "NEO4J_IMPORT_HEAP", "NEO4J_IMPORT_OFF_HEAP"}

// launcherEnv is the environment of neo4j/neo4j.sh: this process's, with
// the launcher's settings as getenv has them, and NEO4J_PORT taken from
// NEO4J_URI when it names a port and NEO4J_PORT is not set, so that the
// launcher starts the server the URI reaches.
func launcherEnv(getenv func(string) string) []string {
	env := os.Environ()
	for _, k := range launcherVars {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	if getenv("NEO4J_PORT") == "" {
		if u, err := url.Parse(getenv("NEO4J_URI")); err == nil && u.Port() != "" {
			env = append(env, "NEO4J_PORT="+u.Port())
		}
	}
	return env
}

type childUsage struct {
	cpu    time.Duration
	maxRSS int64 // bytes
}

// runLauncher runs neo4j.sh with the arguments, its output on stderr, and
// says how much CPU it and its children used and their peak RSS.
func runLauncher(ctx context.Context, launcher string, env []string, stderr io.Writer, args ...string) (childUsage, error) {
	cmd := exec.CommandContext(ctx, launcher, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stderr, stderr
	err := cmd.Run()
	var u childUsage
	if st := cmd.ProcessState; st != nil {
		u.cpu = st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			u.maxRSS = ru.Maxrss << 10
		}
	}
	if err != nil {
		return u, fmt.Errorf("%s %s: %w", launcher, strings.Join(args, " "), err)
	}
	return u, nil
}

// selfMaxRSS is this process's peak RSS in bytes.
func selfMaxRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Maxrss << 10
}

func rate(rows int, d time.Duration) float64 {
	return float64(rows) / max(d.Seconds(), 1e-9)
}
