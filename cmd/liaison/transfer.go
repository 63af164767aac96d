package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/transfer"
)

// importCmd reads a folder of CSV files or an XLSX workbook, checks every
// row, and loads it only when nothing is wrong (docs/import-format.md).
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	dryRun := fs.Bool("dry-run", false, "check everything, against the database too, and write nothing")
	skipTies := fs.Bool("skip-ties", false, "do not recompute the tie strengths of the people the files touch")
	rewrite := fs.Bool("rewrite", false, "write every chunk, even those the same files wrote in the last 24 hours (no idempotency key)")
	offline := fs.Bool("offline", false, "into an EMPTY database, with the server stopped: neo4j-admin's importer, through the launcher (docs/import-format.md)")
	var o offlineOptions
	fs.StringVar(&o.stage, "stage", "", "--offline: the folder for the neo4j-admin files (default: a temporary one, removed)")
	fs.StringVar(&o.launcher, "launcher", "neo4j/neo4j.sh", "--offline: the local Neo4j launcher")
	fs.BoolVar(&o.force, "force", false, "--offline: replace a database that holds data")
	fs.BoolVar(&o.prepareOnly, "prepare-only", false, "--offline: check, write the neo4j-admin files into --stage and stop (run neo4j-admin yourself, e.g. in Docker)")
	finish := fs.String("finish", "", "after neo4j-admin imported the files of --prepare-only in `DIR` and the server started: schema, then ties")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: liaison import [--dry-run] [--skip-ties] [--rewrite] PATH (a folder of CSV files, one CSV file or an .xlsx workbook)")
		fmt.Fprintln(stderr, "       liaison import --offline [--stage DIR] [--force] [--skip-ties] [--launcher neo4j/neo4j.sh] PATH")
		fmt.Fprintln(stderr, "       liaison import --offline --prepare-only --stage DIR PATH; then liaison import --finish DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *finish != "" {
		if fs.NArg() != 0 || *offline || *dryRun {
			return fmt.Errorf("import: --finish DIR takes no PATH and no other mode")
		}
		return finishImport(ctx, *finish, *skipTies, getenv, stdout, stderr)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("import: want one PATH, got %d arguments", fs.NArg())
	}
	path := fs.Arg(0)
	if *offline {
		if *dryRun || *rewrite {
			return fmt.Errorf("import: --offline does not take --dry-run or --rewrite (--prepare-only checks and writes only files)")
		}
		o.skipTies = *skipTies
		return importOffline(ctx, path, o, getenv, stdout, stderr)
	}
	if o.stage != "" || o.force || o.prepareOnly {
		return fmt.Errorf("import: --stage, --force and --prepare-only go with --offline")
	}
	c, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	var db *neo4jdb.DB
	defer func() {
		if db != nil {
			db.Close(context.WithoutCancel(ctx))
		}
	}()
	d, checkTime, err := readChecked(ctx, path, func() (transfer.Lookup, error) {
		var err error
		db, err = openDB(ctx, c, c.logger(stderr), 30*time.Second)
		return db, err
	}, "", stdout, stderr)
	if err != nil {
		return err
	}
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing was written")
		return nil
	}
	// The files' digest is the load's idempotency key: importing them
	// again after a failure (or twice) skips the chunks already written.
	key, err := transfer.ContentKey(path)
	if err != nil {
		return err
	}
	if *rewrite {
		key = ""
	}
	loadBar := newProgressBar(stderr, "importing "+path)
	var tieBar *progressBar
	res, err := transfer.Import(ctx, db, d, transfer.ImportOptions{
		Progress: loadBar.update,
		TieProgress: func(done, total int) {
			if tieBar == nil {
				loadBar.done()
				tieBar = newProgressBar(stderr, "computing tie strengths")
			}
			tieBar.update(done, total)
		},
		SkipTies: *skipTies,
		Key:      key,
	})
	if tieBar == nil {
		loadBar.done()
	} else {
		tieBar.done()
	}
	if res != nil && res.Stats != nil {
		total := checkTime + res.MoveTime + res.LoadTime
		fmt.Fprintf(stdout, "loaded %d rows in %.2fs (%.0f rows/s; %.0f rows/s with the checks, %.2fs in all): %d nodes, %d relationships, %d interactions written",
			d.Rows, res.LoadTime.Seconds(), float64(d.Rows)/max(res.LoadTime.Seconds(), 1e-9), float64(d.Rows)/max(total.Seconds(), 1e-9),
			total.Seconds(), res.Stats.Nodes, res.Stats.Relationships, res.Stats.Interactions)
		fmt.Fprintf(stdout, "; %d relationships moved to other endpoints (%.2fs to look)\n", res.Moved, res.MoveTime.Seconds())
		if res.Ties > 0 {
			fmt.Fprintf(stdout, "computed the ties of %d people in %.1fs\n", res.Ties, res.TieTime.Seconds())
		}
	}
	if err != nil {
		return fmt.Errorf("import stopped: %w (what was loaded stays; importing the same files again completes it)", err)
	}
	return nil
}

// exportCmd writes the graph in the import format.
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	prefix := fs.String("id-prefix", "", "export only ids that start with this after their kind prefix (per_, rel_, int_...)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: liaison export [--id-prefix P] PATH (a folder for CSV files, or a file ending in .xlsx)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("export: want one PATH, got %d arguments", fs.NArg())
	}
	path := fs.Arg(0)
	opts := neo4jdb.ExportOptions{IDPrefix: *prefix}
	if err := opts.Validate(); err != nil {
		return err
	}
	db, err := connect(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	start := time.Now()
	w, err := transfer.Create(path)
	if err != nil {
		return err
	}
	last := time.Time{}
	err = db.Export(ctx, opts, func(b *graph.Batch) error {
		if err := w.Add(b); err != nil {
			return err
		}
		if now := time.Now(); now.Sub(last) > 100*time.Millisecond {
			last = now
			fmt.Fprintf(stderr, "\rexporting to %s: %d rows", path, w.Rows())
		}
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if !last.IsZero() {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "exported %d rows to %s in %.1fs (%.0f rows/s)\n", w.Rows(), path, secs, float64(w.Rows())/max(secs, 1e-9))
	return nil
}

// readChecked reads PATH and checks it, against the database lookup gives
// (asked for after the files are read, so that files that cannot be read
// need no database); it prints every problem, or the counts and note when
// there is none. The duration is that of reading and checking.
func readChecked(ctx context.Context, path string, lookup func() (transfer.Lookup, error), note string, stdout, stderr io.Writer) (*transfer.Data, time.Duration, error) {
	start := time.Now()
	d, err := transfer.Read(path)
	if err != nil {
		return nil, 0, err
	}
	elapsed := time.Since(start)
	l, err := lookup()
	if err != nil {
		return nil, 0, err
	}
	start = time.Now()
	if err := d.CheckDatabase(ctx, l); err != nil {
		return nil, 0, err
	}
	elapsed += time.Since(start)
	if len(d.Errors) > 0 {
		for _, e := range d.Errors {
			fmt.Fprintln(stderr, e)
		}
		return nil, elapsed, fmt.Errorf("%s: %d problems in %d rows; nothing was written", path, len(d.Errors), d.Rows)
	}
	b := d.Batch
	fmt.Fprintf(stdout, "checked %d rows of %d files in %.2fs (%.0f rows/s): %d entities, %d relationships, %d interactions, no problems%s\n",
		d.Rows, len(d.Files), elapsed.Seconds(), rate(d.Rows, elapsed), b.Nodes(), len(b.Relationships), len(b.Interactions), note)
	return d, elapsed, nil
}
