package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
)

// tiesCmd recomputes every tie strength (after a bulk import with
// --skip-ties, or when LIAISON_STRENGTHS changed), with a progress bar. An
// interrupted run resumes where it stopped when started again with the
// same parameters.
func tiesCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("ties", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("ties: no arguments expected, got %q", fs.Args())
	}
	db, err := connect(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	return computeTies(ctx, db, stdout, stderr)
}

// tiesGC is the garbage collector's percent while every tie is
// recomputed, unless GOGC says otherwise: the run holds the facts of every
// tie (0.6 GB at scale 30), and at Go's default of 100 the collector
// scanned them over and over, a fifth of the process's CPU, beside Neo4j
// on the same cores. At 200, `liaison ties` at scale 30 took 56-58 s
// instead of 62-63 s (idle machine), with a peak RSS of 1.2 GB instead of
// 0.9 and 32 CPU seconds instead of 38.
const tiesGC = 200

// computeTies recomputes every tie with a progress bar (seed, ties).
func computeTies(ctx context.Context, db *neo4jdb.DB, stdout, stderr io.Writer) error {
	// What came before (seed's generated batch) is garbage now: collect
	// it first, so that the collector's target starts from what the ties
	// hold, not from the batch (seed --scale 30 peaked at 4.1 GB without
	// this, 1.9 GB with it).
	debug.FreeOSMemory()
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(tiesGC))
	}
	start := time.Now()
	bar := newProgressBar(stderr, "computing tie strengths")
	n, err := db.RecomputeAllTies(ctx, bar.update)
	bar.done()
	if err != nil {
		return fmt.Errorf("ties: stopped after %d people (run `liaison ties` again to resume): %w", n, err)
	}
	fmt.Fprintf(stdout, "computed the ties of %d people in %.1fs\n", n, time.Since(start).Seconds())
	return nil
}
