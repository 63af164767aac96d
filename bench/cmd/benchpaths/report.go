package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Result is everything measured at one scale.
type Result struct {
	Date           string          `json:"date"`
	Scale          int             `json:"scale"`
	Requests       int             `json:"requests"`
	Warmup         int             `json:"warmup"`
	Seed           uint64          `json:"seed"`
	CPUs           int             `json:"cpus"`
	GoVersion      string          `json:"goVersion"`
	Neo4jHeap      string          `json:"neo4jHeap,omitempty"`
	Neo4jPageCache string          `json:"neo4jPageCache,omitempty"`
	People         int             `json:"people"`
	Companies      int             `json:"companies"`
	Load           *LoadStats      `json:"load,omitempty"`
	Lines          []*LineResult   `json:"lines"`
	Paired         []*PairedRatios `json:"paired,omitempty"`
	Mismatches     int             `json:"mismatches"`
	// StrengthMissed counts the pairs (of BothMeasured) where STRENGTH
	// returned nothing although HOPS found a path.
	StrengthMissed  int      `json:"strengthMissed"`
	BothMeasured    int      `json:"bothMeasured"`
	MismatchSamples []string `json:"mismatchSamples,omitempty"`
}

// PairedRatios are medians over pairs of one line's time over another's.
type PairedRatios struct {
	Query       string  `json:"query"`
	HTTPRaw     float64 `json:"httpRaw,omitempty"`
	HTTPService float64 `json:"httpService,omitempty"`
	ServiceRaw  float64 `json:"serviceRaw,omitempty"`
}

// LoadStats are the figures `liaison seed` prints.
type LoadStats struct {
	What          string  `json:"what"`
	Nodes         int     `json:"nodes"`
	Relationships int     `json:"relationships"`
	Interactions  int     `json:"interactions"`
	LoadSeconds   float64 `json:"loadSeconds"`
	NodesPerSec   float64 `json:"nodesPerSec"`
	RelsPerSec    float64 `json:"relsPerSec"`
	TiePeople     int     `json:"tiePeople"`
	TieSeconds    float64 `json:"tieSeconds"`
	WallSeconds   float64 `json:"wallSeconds"`
	Phases        *Phases `json:"phases,omitempty"`
}

// LineResult is one line of one query; durations in milliseconds.
type LineResult struct {
	Query        string   `json:"query"`
	Line         string   `json:"line"`
	N            int      `json:"n"`
	Empty        int      `json:"empty"`
	Errors       int      `json:"errors"`
	Truncated    bool     `json:"truncated,omitempty"`
	P50          float64  `json:"p50"`
	P95          float64  `json:"p95"`
	P99          float64  `json:"p99"`
	Mean         float64  `json:"mean"`
	Max          float64  `json:"max"`
	MeanResults  float64  `json:"meanResults"`
	RoundTrips   float64  `json:"roundTrips,omitempty"`
	ErrorSamples []string `json:"errorSamples,omitempty"`
	Slowest      []string `json:"slowest,omitempty"`
	// ViaRegion counts the requests whose first path passes through a
	// region (where the line can tell).
	ViaRegion int `json:"viaRegion"`
	results   int
}

var (
	loadedRe = regexp.MustCompile(`loaded (.+?): (\d+) nodes, (\d+) relationships, (\d+) interactions in ([\d.]+)s \((\d+) nodes/s, (\d+) relationships/s\)`)
	tiesRe   = regexp.MustCompile(`computed the ties of (\d+) people in ([\d.]+)s`)
)

func parseSeedLog(s string) *LoadStats {
	m := loadedRe.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	atof := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	l := &LoadStats{What: m[1], Nodes: atoi(m[2]), Relationships: atoi(m[3]), Interactions: atoi(m[4]),
		LoadSeconds: atof(m[5]), NodesPerSec: atof(m[6]), RelsPerSec: atof(m[7])}
	if t := tiesRe.FindStringSubmatch(s); t != nil {
		l.TiePeople, l.TieSeconds = atoi(t[1]), atof(t[2])
	}
	return l
}

func (lr *LineResult) setStats(ds []time.Duration) {
	lr.N = len(ds)
	if len(ds) == 0 {
		return
	}
	ms := make([]float64, len(ds))
	sum := 0.0
	for i, d := range ds {
		ms[i] = float64(d) / float64(time.Millisecond)
		sum += ms[i]
	}
	slices.Sort(ms)
	// Nearest rank.
	pct := func(p float64) float64 {
		i := int(math.Ceil(p/100*float64(len(ms)))) - 1
		return ms[max(0, min(i, len(ms)-1))]
	}
	lr.P50, lr.P95, lr.P99, lr.Mean, lr.Max = pct(50), pct(95), pct(99), sum/float64(len(ms)), ms[len(ms)-1]
}

func ms(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func (r *Result) find(query, line string) *LineResult {
	for _, l := range r.Lines {
		if l.Query == query && l.Line == line {
			return l
		}
	}
	return nil
}

func loadHeader(sb *strings.Builder) {
	sb.WriteString("| scale | nodes | relationships | interactions | load s | nodes/s | rels/s | load phases s: nodes / rels / interactions | ties: people | ties s | seed wall s |\n")
	sb.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
}

func loadRow(sb *strings.Builder, r *Result) {
	l := r.Load
	if l == nil {
		fmt.Fprintf(sb, "| %d | – | – | – | – | – | – | – | – | – | – |\n", r.Scale)
		return
	}
	ph := "–"
	if p := l.Phases; p != nil {
		ph = fmt.Sprintf("%.1f / %.1f / %.1f", p.NodesSeconds, p.RelsSeconds, p.InteractionsSeconds)
	}
	tp, ts := strconv.Itoa(l.TiePeople), fmt.Sprintf("%.1f", l.TieSeconds)
	if l.TiePeople == 0 && l.Phases != nil && l.Phases.TiesTotal > 0 {
		// The seed was stopped during the tie computation.
		p := l.Phases
		tp = fmt.Sprintf("%d of %d (stopped)", p.TiesDone, p.TiesTotal)
		ts = fmt.Sprintf("> %.0f", p.TiesSeconds)
		if p.TiesDone > 0 {
			ts += fmt.Sprintf(" (≈ %.0f at this rate)", p.TiesSeconds*float64(p.TiesTotal)/float64(p.TiesDone))
		}
	}
	fmt.Fprintf(sb, "| %d | %d | %d | %d | %.1f | %.0f | %.0f | %s | %s | %s | %.1f |\n", r.Scale, l.Nodes, l.Relationships,
		l.Interactions, l.LoadSeconds, l.NodesPerSec, l.RelsPerSec, ph, tp, ts, l.WallSeconds)
}

func lineHeader(sb *strings.Builder, withScale bool) {
	tableHeader(sb, withScale, "| query | line | n | empty | errors | p50 ms | p95 ms | p99 ms | mean ms | max ms | results/req | DB round trips/req |",
		"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
}

// tableHeader writes a Markdown table's header and alignment lines, with a
// scale column first when withScale.
func tableHeader(sb *strings.Builder, withScale bool, head, align string) {
	if withScale {
		head, align = "| scale "+head, "|---:"+align
	}
	sb.WriteString(head + "\n" + align + "\n")
}

func lineRow(sb *strings.Builder, r *Result, l *LineResult, withScale bool) {
	if withScale {
		fmt.Fprintf(sb, "| %d ", r.Scale)
	}
	rt := "–"
	if l.RoundTrips > 0 {
		rt = fmt.Sprintf("%.1f", l.RoundTrips)
	}
	n := strconv.Itoa(l.N)
	if l.Truncated {
		n += " (budget)"
	}
	fmt.Fprintf(sb, "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %.2f | %s |\n", l.Query, l.Line, n, l.Empty, l.Errors,
		ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Mean), ms(l.Max), l.MeanResults, rt)
}

func ratioHeader(sb *strings.Builder, withScale bool) {
	tableHeader(sb, withScale, "| query | HTTP / raw Cypher | HTTP / service | service / raw Cypher | paired: HTTP / raw | paired: HTTP / service | paired: service / raw |",
		"|---|---:|---:|---:|---:|---:|---:|")
}

func ratioRows(sb *strings.Builder, r *Result, withScale bool) {
	seen := map[string]bool{}
	for _, l := range r.Lines {
		if seen[l.Query] {
			continue
		}
		seen[l.Query] = true
		h, s, w := r.find(l.Query, "HTTP GraphQL"), r.find(l.Query, "service in-process"), r.find(l.Query, "raw Cypher")
		p := func(l *LineResult) float64 {
			if l == nil {
				return 0
			}
			return l.P50
		}
		if withScale {
			fmt.Fprintf(sb, "| %d ", r.Scale)
		}
		pr := &PairedRatios{}
		for _, x := range r.Paired {
			if x.Query == l.Query {
				pr = x
			}
		}
		fmt.Fprintf(sb, "| %s | %s | %s | %s | %s | %s | %s |\n", l.Query, ratio(p(h), p(w)), ratio(p(h), p(s)), ratio(p(s), p(w)),
			ratio(pr.HTTPRaw, 1), ratio(pr.HTTPService, 1), ratio(pr.ServiceRaw, 1))
	}
}

func renderScale(r *Result) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "# Path queries at scale %d (%s)\n\n", r.Scale, r.Date)
	fmt.Fprintf(&sb, "%d people, %d companies; %d measured requests per line after %d warm-up, pairs from seed %d; "+
		"sequential, one request at a time; %d CPUs, %s; Neo4j heap %s, page cache %s. The machine is shared: timings are noisy.\n\n",
		r.People, r.Companies, r.Requests, r.Warmup, r.Seed, r.CPUs, r.GoVersion, orDash(r.Neo4jHeap), orDash(r.Neo4jPageCache))
	sb.WriteString("## Load (`liaison seed --scale N`)\n\n")
	loadHeader(&sb)
	loadRow(&sb, r)
	sb.WriteString("\n## Latency\n\n")
	lineHeader(&sb, false)
	for _, l := range r.Lines {
		lineRow(&sb, r, l, false)
	}
	sb.WriteString("\n## Ratios at p50\n\n")
	sb.WriteString("The first three divide the lines' p50s; the paired ones are medians over pairs of the per-pair ratio.\n\n")
	ratioHeader(&sb, false)
	ratioRows(&sb, r, false)
	sb.WriteString("\n")
	notes(&sb, r)
	sb.WriteString("Slowest requests:\n\n")
	for _, l := range r.Lines {
		for _, s := range l.Slowest {
			fmt.Fprintf(&sb, "- %s, %s: %s\n", l.Query, l.Line, s)
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

func notes(sb *strings.Builder, r *Result) {
	fmt.Fprintf(sb, "Lines that disagree on a pair (result count or first length): %d.\n", r.Mismatches)
	fmt.Fprintf(sb, "paths STRENGTH returned no path although HOPS found one (same pairs): %d of %d pairs.\n", r.StrengthMissed, r.BothMeasured)
	for _, l := range r.Lines {
		if l.Line == "service in-process" && l.N > 0 {
			fmt.Fprintf(sb, "%s: the first path passes through a region in %d of %d requests (%d with a result).\n",
				l.Query, l.ViaRegion, l.N, l.N-l.Empty)
		}
	}
	for _, m := range r.MismatchSamples {
		fmt.Fprintf(sb, "- mismatch: %s\n", m)
	}
	for _, l := range r.Lines {
		for _, e := range l.ErrorSamples {
			fmt.Fprintf(sb, "- error (%s, %s): %s\n", l.Query, l.Line, e)
		}
	}
	sb.WriteString("\n")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func combineCmd(args []string) error {
	fs := flag.NewFlagSet("combine", flag.ContinueOnError)
	out := fs.String("out", "", "also write the table to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var rs []*Result
	for _, p := range fs.Args() {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r := &Result{}
		if err := json.Unmarshal(b, r); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return fmt.Errorf("combine: no result files")
	}
	var sb strings.Builder
	scales := make([]string, len(rs))
	for i, r := range rs {
		scales[i] = strconv.Itoa(r.Scale)
	}
	fmt.Fprintf(&sb, "# Path queries, scales %s (%s)\n\n", strings.Join(scales, ", "), rs[0].Date)
	fmt.Fprintf(&sb, "%d measured requests per line after %d warm-up; sequential; %d CPUs, shared machine: timings are noisy.\n\n",
		rs[0].Requests, rs[0].Warmup, rs[0].CPUs)
	sb.WriteString("## Load\n\n")
	loadHeader(&sb)
	for _, r := range rs {
		loadRow(&sb, r)
	}
	sb.WriteString("\n## Latency\n\n")
	lineHeader(&sb, true)
	for _, r := range rs {
		for _, l := range r.Lines {
			lineRow(&sb, r, l, true)
		}
	}
	sb.WriteString("\n## Ratios at p50\n\n")
	ratioHeader(&sb, true)
	for _, r := range rs {
		ratioRows(&sb, r, true)
	}
	sb.WriteString("\n")
	for _, r := range rs {
		fmt.Fprintf(&sb, "Scale %d: ", r.Scale)
		notes(&sb, r)
	}
	fmt.Print(sb.String())
	if *out != "" {
		return os.WriteFile(*out, []byte(sb.String()), 0o644)
	}
	return nil
}
