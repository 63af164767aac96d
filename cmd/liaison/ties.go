package main

import (
	"context"
	"fmt"
	"io"
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

// computeTies recomputes every tie with a progress bar (seed, ties).
func computeTies(ctx context.Context, db *neo4jdb.DB, stdout, stderr io.Writer) error {
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
