package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/report"
)

// reportCmd writes a dispatching unit's report, or the city summary, to
// stdout or a file:
//
//	liaison report --unit ID [--from D] [--to D] [--format csv|xlsx|html] [--out FILE]
//	liaison report --summary [--from D] [--to D] [--format csv|xlsx|html] [--out FILE]
func reportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	unit := fs.String("unit", "", "the dispatching unit's id (unt_...)")
	summary := fs.Bool("summary", false, "the city-wide summary instead of one unit's report")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (January 1 of this year)")
	to := fs.String("to", "", "last day of the period, YYYY-MM-DD (today)")
	format := fs.String("format", "", "csv, xlsx or html (from the --out file's extension, else html)")
	out := fs.String("out", "", "write to this file (or into this directory, under the report's own name) instead of stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *summary && *unit != "":
		return errors.New("report: give --unit ID or --summary, not both")
	case !*summary && *unit == "":
		return errors.New("report: give --unit ID for a unit's report, or --summary for the city summary")
	}
	f, err := reportFormat(*format, *out)
	if err != nil {
		return err
	}
	p, err := graph.ParseReportPeriod(*from, *to, time.Now())
	if err != nil {
		return fmt.Errorf("report: --%s", graph.ErrorMessage(err))
	}
	if !*summary {
		if err := graph.ParseIDOf("unit", *unit, graph.KindUnit); err != nil {
			return fmt.Errorf("report: --%s", graph.ErrorMessage(err))
		}
	}
	db, err := connectRead(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))

	// The reports with their six-role parts (contributions by role).
	rs := graph.ReportsWithRoles{ReportService: db, Roles: db}
	var buf bytes.Buffer
	var filename, what string
	if *summary {
		s, err := rs.CitySummary(ctx, p.From, p.To)
		if err != nil {
			return reportFailure(err)
		}
		if err := report.WriteSummary(&buf, f, s); err != nil {
			return err
		}
		filename = report.SummaryFilename(s, f)
		what = fmt.Sprintf("city summary %s to %s: %d cadres from %d units, %d projects, %s 万元, %d interactions",
			p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), s.Total.Cadres, len(s.ByUnit), s.Total.Projects,
			amountWan(s.Total.Amount), s.Total.Interactions)
	} else {
		r, err := rs.UnitReport(ctx, *unit, p.From, p.To)
		if err != nil {
			return reportFailure(err)
		}
		if err := report.WriteUnit(&buf, f, r); err != nil {
			return err
		}
		filename = report.UnitFilename(r, f)
		what = fmt.Sprintf("%s %s to %s: %d cadres (%d serving), %d projects, %s 万元, %d interactions",
			r.Unit.Name, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), r.CadreCount, r.ServingCount,
			r.Totals.Projects, amountWan(r.Totals.Amount), r.Interactions)
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	path := *out
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, filename)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stderr, "wrote %s to %s (%d bytes)\n", what, path, buf.Len())
	return nil
}

// reportFormat is --format, or else the --out file's extension, or else
// HTML.
func reportFormat(format, out string) (report.Format, error) {
	if format == "" && out != "" {
		if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), "."); ext != "" {
			if f, err := report.ParseFormat(ext); err == nil {
				return f, nil
			}
		}
	}
	f, err := report.ParseFormat(format)
	if err != nil {
		return "", fmt.Errorf("report: --%s", graph.ErrorMessage(err))
	}
	return f, nil
}

// openReadDB connects for reading only: a report changes nothing, so it
// neither migrates the schema nor needs a writable database.
func openReadDB(ctx context.Context, c config, stderr io.Writer) (*neo4jdb.DB, error) {
	c.neo4j.Logger = c.logger(stderr)
	db, err := neo4jdb.Open(c.neo4j)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("neo4j at %s: %s", c.neo4j.URI, graph.ErrorMessage(err))
	}
	return db, nil
}

func reportFailure(err error) error {
	return fmt.Errorf("report: %s (%s)", graph.ErrorMessage(err), graph.ErrorCode(err))
}

func amountWan(cny float64) string { return fmt.Sprintf("%.2f", cny/1e4) }

// writeFileAtomic writes the file whole or not at all.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
