package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/seed"
	"github.com/liaison/liaison/transfer"
)

func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", stderr)
	scale := fs.Int("scale", 0, "load a generated graph of this scale (1 ≈ 5,000 nodes, 25,000 relationships) instead of the demo graph")
	ifEmpty := fs.Bool("if-empty", false, "do nothing when the database already holds data")
	ldbc := fs.String("ldbc", "", "load the LDBC SNB sample from this folder (mapping in docs/ldbc-mapping.md)")
	write := fs.String("write", "", "write the graph in the import format to this folder (CSV) or .xlsx file instead of loading it; needs no database")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *scale < 0 || *scale > 1000 {
		return fmt.Errorf("--scale: must lie between 1 and 1000, got %d", *scale)
	}
	pick := func() (*graph.Batch, string, error) {
		switch {
		case *ldbc != "":
			b, err := seed.LDBC(*ldbc)
			return b, "LDBC sample", err
		case *scale > 0:
			return seed.Scale(*scale), fmt.Sprintf("scale-%d graph", *scale), nil
		}
		return seed.Demo(), "demo graph", nil
	}
	if *write != "" {
		if *ifEmpty {
			return fmt.Errorf("--if-empty: not with --write, which writes files, not the database")
		}
		start := time.Now()
		b, what, err := pick()
		if err != nil {
			return err
		}
		if err := transfer.Write(*write, b); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s to %s in %.1fs: %d nodes, %d relationships, %d interactions\n",
			what, *write, time.Since(start).Seconds(), b.Nodes(), len(b.Relationships), len(b.Interactions))
		return nil
	}
	db, err := connect(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if *ifEmpty {
		n, _, err := db.Counts(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "database holds %d nodes; nothing loaded\n", n)
			return nil
		}
	}
	b, what, err := pick()
	if err != nil {
		return err
	}
	if err := load(ctx, db, b, what, stdout, stderr); err != nil {
		return err
	}
	if *ldbc == "" && *scale == 0 {
		if err := loadDemoContributions(ctx, db, b, stdout); err != nil {
			return err
		}
	}
	// The ties are computed from the database once the batch is no longer
	// used, so that its memory (about 6 GB at scale 100) can be reused.
	return computeTies(ctx, db, stdout, stderr)
}

func seedDemoIfEmpty(ctx context.Context, db *neo4jdb.DB, stderr io.Writer) error {
	n, _, err := db.Counts(ctx)
	if err != nil || n > 0 {
		return err
	}
	b := seed.Demo()
	if err := load(ctx, db, b, "demo graph", stderr, stderr); err != nil {
		return err
	}
	if err := loadDemoContributions(ctx, db, b, stderr); err != nil {
		return err
	}
	return computeTies(ctx, db, stderr, stderr)
}

// loadDemoContributions writes the demo's contributions in the six roles
// and this year's targets.
func loadDemoContributions(ctx context.Context, db *neo4jdb.DB, b *graph.Batch, stdout io.Writer) error {
	cs, ts := seed.DemoContributions(b)
	if err := db.LoadContributions(graph.SeeAll(ctx), cs, ts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d contributions and %d targets\n", len(cs), len(ts))
	return nil
}

func load(ctx context.Context, db *neo4jdb.DB, b *graph.Batch, what string, stdout, stderr io.Writer) error {
	start := time.Now()
	bar := newProgressBar(stderr, "loading "+what)
	stats, err := db.Load(ctx, b, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "loaded %s: %d nodes, %d relationships, %d interactions in %.1fs (%.0f nodes/s, %.0f relationships/s)\n",
		what, stats.Nodes, stats.Relationships, stats.Interactions, secs, float64(stats.Nodes)/secs, float64(stats.Relationships)/secs)
	return nil
}
