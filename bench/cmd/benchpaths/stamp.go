package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// stampCmd copies stdin to stdout one line per progress redraw (\r or \n),
// each prefixed with the seconds since it started, so that the phases of
// `liaison seed` can be timed from its progress bar.
func stampCmd(args []string) error {
	fs := flag.NewFlagSet("stamp", flag.ContinueOnError)
	echo := fs.Duration("echo", 0, "also copy the latest line to stderr at most this often (0: never)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	lastEcho := start
	r := bufio.NewReader(os.Stdin)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	var line []byte
	for {
		b, err := r.ReadByte()
		if err == io.EOF {
			if len(line) > 0 {
				fmt.Fprintf(w, "%.3f\t%s\n", time.Since(start).Seconds(), line)
			}
			return nil
		}
		if err != nil {
			return err
		}
		if b == '\r' || b == '\n' {
			if len(line) > 0 {
				fmt.Fprintf(w, "%.3f\t%s\n", time.Since(start).Seconds(), line)
				w.Flush()
				if *echo > 0 && (time.Since(lastEcho) >= *echo || b == '\n') {
					lastEcho = time.Now()
					fmt.Fprintf(os.Stderr, "  %5.0fs %s\n", time.Since(start).Seconds(), line)
				}
			}
			line = line[:0]
			continue
		}
		line = append(line, b)
	}
}

// Phases are the parts of the load, timed from the progress bar: nodes,
// then entity links and relationships, then interactions. The resolution
// is one chunk (5,000 rows).
type Phases struct {
	NodesSeconds        float64 `json:"nodesSeconds"`
	RelsSeconds         float64 `json:"relsSeconds"`
	InteractionsSeconds float64 `json:"interactionsSeconds"`
	// TiesDone and TiesTotal are the last progress of the tie computation,
	// TiesSeconds its time so far: for a seed stopped before it finished.
	TiesDone    int     `json:"tiesDone,omitempty"`
	TiesTotal   int     `json:"tiesTotal,omitempty"`
	TiesSeconds float64 `json:"tiesSeconds,omitempty"`
}

var progressRe = regexp.MustCompile(`^([\d.]+)\t(loading|computing).* (\d+)/(\d+) items`)

// parsePhases reads stamped seed progress; load is what the seed printed.
func parsePhases(stamped string, load *LoadStats) *Phases {
	if load == nil {
		return nil
	}
	type pt struct {
		t           float64
		done, total int
	}
	var pts []pt
	var tie *pt
	for _, l := range strings.Split(stamped, "\n") {
		m := progressRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		t, _ := strconv.ParseFloat(m[1], 64)
		d, _ := strconv.Atoi(m[3])
		n, _ := strconv.Atoi(m[4])
		if m[2] == "computing" {
			tie = &pt{t, d, n}
			continue
		}
		pts = append(pts, pt{t, d, n})
	}
	if len(pts) == 0 {
		return nil
	}
	end := pts[len(pts)-1]
	begin := end.t - load.LoadSeconds
	at := func(done int) float64 {
		for _, p := range pts {
			if p.done >= done {
				return p.t
			}
		}
		return math.NaN()
	}
	tNodes, tRels := at(load.Nodes), at(end.total-load.Interactions)
	if math.IsNaN(tNodes) || math.IsNaN(tRels) {
		return nil
	}
	ph := &Phases{NodesSeconds: tNodes - begin, RelsSeconds: tRels - tNodes, InteractionsSeconds: end.t - tRels}
	if tie != nil {
		ph.TiesDone, ph.TiesTotal, ph.TiesSeconds = tie.done, tie.total, tie.t-end.t
	}
	return ph
}
