// Command benchpaths measures the path queries of Liaison against a seeded
// Neo4j and a running `liaison serve`; bench/run.sh starts both.
//
//	benchpaths run --scale N --neo4j-uri bolt://127.0.0.1:17689 --http http://127.0.0.1:PORT [flags]
//	benchpaths combine [--out FILE] RESULT.json...
//	benchpaths stamp [--echo 30s] < progress > stamped  (timestamps liaison seed's progress bar)
//
// The HTTP lines send the bearer token in $BENCH_TOKEN (liaison serve
// requires one; bench/run.sh mints an analyst's).
//
// run measures, for random (seeded) pairs, every line of every query
// sequentially: GraphQL over HTTP, the service called in-process
// (graph/neo4jdb.DB), and for paths(orderBy: HOPS) the raw Cypher. It
// prints a Markdown table and writes it, with a JSON copy, to --out-dir.
// combine prints one table for several scales.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// reqTimeout bounds every request of every line.
var reqTimeout = 10 * time.Second

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchpaths run|combine [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runCmd(os.Args[2:])
	case "combine":
		err = combineCmd(os.Args[2:])
	case "stamp":
		err = stampCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchpaths:", err)
		os.Exit(1)
	}
}

// outcome is what one request returned.
type outcome struct {
	count      int  // paths or introducers
	firstLen   int  // length of the first path
	roundTrips int  // statements sent, where known
	viaRegion  bool // the first path passes through a region
}

// throughRegion reports whether a path's inner nodes include a region.
func throughRegion(ids []string) bool {
	for i := 1; i < len(ids)-1; i++ {
		if k, err := graph.ParseID(ids[i]); err == nil && k == graph.KindRegion {
			return true
		}
	}
	return false
}

func nodeIDs(ns []graph.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.NodeID()
	}
	return out
}

// line is one way of running a query.
type line struct {
	name string
	run  func(ctx context.Context, a, b string) (outcome, error)
}

// group is one query measured in several lines over the same pairs.
type group struct {
	name  string
	lines []line
	pairs [][2]string // warmup pairs first
}

type runFlags struct {
	scale                 int
	neo4jURI, user, pass  string
	httpURL               string
	requests, warmup      int
	seed                  uint64
	budget                time.Duration
	seedLog, seedProgress string
	seedWall              float64
	outDir, date          string
	neo4jHeap, neo4jCache string
}

func runCmd(args []string) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.IntVar(&f.scale, "scale", 0, "seed scale the database holds (required)")
	fs.StringVar(&f.neo4jURI, "neo4j-uri", "bolt://127.0.0.1:17689", "Neo4j Bolt URI (loopback only)")
	fs.StringVar(&f.user, "neo4j-user", "neo4j", "Neo4j user")
	fs.StringVar(&f.pass, "neo4j-password", "liaison-dev", "Neo4j password")
	fs.StringVar(&f.httpURL, "http", "", "base URL of liaison serve, e.g. http://127.0.0.1:8123 (loopback only, required)")
	fs.IntVar(&f.requests, "requests", 200, "measured requests per line")
	fs.IntVar(&f.warmup, "warmup", 20, "warm-up requests per line")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the random pairs")
	fs.DurationVar(&reqTimeout, "timeout", 10*time.Second, "limit of one request")
	fs.DurationVar(&f.budget, "budget", 10*time.Minute, "limit of one query's measurement loop (all its lines)")
	fs.StringVar(&f.seedLog, "seed-log", "", "stdout of `liaison seed --scale N` (for the load figures)")
	fs.StringVar(&f.seedProgress, "seed-progress", "", "stderr of the seed command through `benchpaths stamp` (for the load phases)")
	fs.Float64Var(&f.seedWall, "seed-wall", 0, "wall-clock seconds of the seed command")
	fs.StringVar(&f.outDir, "out-dir", "bench/results", "directory of the results")
	fs.StringVar(&f.date, "date", time.Now().Format("2006-01-02"), "date in the file names")
	fs.StringVar(&f.neo4jHeap, "neo4j-heap", "", "Neo4j heap, for the report")
	fs.StringVar(&f.neo4jCache, "neo4j-pagecache", "", "Neo4j page cache, for the report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f.scale <= 0 || f.httpURL == "" || f.requests <= 0 || f.warmup < 0 {
		return errors.New("run: --scale, --http and a positive --requests are required")
	}
	if err := loopbackOnly(f.neo4jURI); err != nil {
		return err
	}
	if err := loopbackOnly(f.httpURL); err != nil {
		return err
	}
	ctx := context.Background()

	res := &Result{Date: f.date, Scale: f.scale, Requests: f.requests, Warmup: f.warmup, Seed: f.seed,
		CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), Neo4jHeap: f.neo4jHeap, Neo4jPageCache: f.neo4jCache}
	if f.seedLog != "" {
		b, err := os.ReadFile(f.seedLog)
		if err != nil {
			return err
		}
		res.Load = parseSeedLog(string(b))
		if res.Load != nil {
			res.Load.WallSeconds = f.seedWall
			if f.seedProgress != "" {
				if b, err := os.ReadFile(f.seedProgress); err == nil {
					res.Load.Phases = parsePhases(string(b), res.Load)
				}
			}
		}
	}

	// Raw driver and in-process service, each with its own pool.
	drv, err := neo4j.NewDriverWithContext(f.neo4jURI, neo4j.BasicAuth(f.user, f.pass, ""))
	if err != nil {
		return err
	}
	defer drv.Close(context.WithoutCancel(ctx))
	if err := drv.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("neo4j at %s: %w", f.neo4jURI, err)
	}
	db, err := neo4jdb.Open(neo4jdb.Config{URI: f.neo4jURI, User: f.user, Password: f.pass, QueryTimeout: reqTimeout,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	raw := newRawRunner(drv, db, 4, 5)

	people, err := ids(ctx, raw, `MATCH (p:Person) RETURN p.id AS id ORDER BY id`)
	if err != nil {
		return err
	}
	companies, err := ids(ctx, raw, `MATCH (c:Company) RETURN c.id AS id ORDER BY id`)
	if err != nil {
		return err
	}
	if len(people) < 2 || len(companies) < 1 {
		return fmt.Errorf("the database holds %d people and %d companies: seed it first", len(people), len(companies))
	}
	res.People, res.Companies = len(people), len(companies)

	hc := &httpClient{base: strings.TrimRight(f.httpURL, "/"), token: os.Getenv("BENCH_TOKEN"), c: &http.Client{Timeout: reqTimeout,
		Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute, DisableCompression: true,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}}}
	if err := hc.waitReady(ctx, 60*time.Second); err != nil {
		return err
	}

	rng := rand.New(rand.NewPCG(f.seed, uint64(f.scale)))
	total := f.warmup + f.requests
	personPairs := func() [][2]string {
		out := make([][2]string, total)
		for i := range out {
			a := people[rng.IntN(len(people))]
			b := a
			for b == a {
				b = people[rng.IntN(len(people))]
			}
			out[i] = [2]string{a, b}
		}
		return out
	}
	// HOPS and STRENGTH share the pairs, so that their empty results compare.
	hopsPairs := personPairs()
	introPairs := make([][2]string, total)
	for i := range introPairs {
		introPairs[i] = [2]string{companies[rng.IntN(len(companies))], people[rng.IntN(len(people))]}
	}
	// Random pairs of the generated graph are mostly more than 4 hops
	// apart once regions are left out, so the same queries also run on
	// connected pairs: the end of a random walk of at most 4 steps.
	walker := &walker{raw: raw, rng: rng, types: relTypeNames(graph.DefaultPathRelTypes(graph.KindPerson, graph.KindPerson))}
	fmt.Fprintf(os.Stderr, "benchpaths: picking %d connected pairs by random walks\n", 2*total)
	connPairs, err := walker.pairs(ctx, people, total, "Person")
	if err != nil {
		return err
	}
	connIntro, err := walker.pairs(ctx, people, total, "Company")
	if err != nil {
		return err
	}
	for i, p := range connIntro {
		connIntro[i] = [2]string{p[1], p[0]} // introducers(target: company, from: person)
	}

	service := func(order graph.PathOrder) func(ctx context.Context, a, b string) (outcome, error) {
		return func(ctx context.Context, a, b string) (outcome, error) {
			before := db.RoundTrips()
			ps, err := db.Paths(ctx, graph.PathQuery{From: a, To: b, MaxHops: 4, First: 5, OrderBy: order})
			o := outcome{count: len(ps), roundTrips: int(db.RoundTrips() - before)}
			if len(ps) > 0 {
				o.firstLen = ps[0].Length()
				o.viaRegion = throughRegion(nodeIDs(ps[0].Nodes))
			}
			return o, err
		}
	}
	hopsLines := []line{
		{"HTTP GraphQL", func(ctx context.Context, a, b string) (outcome, error) { return hc.paths(ctx, a, b, "HOPS") }},
		{"service in-process", service(graph.ByHops)},
		{"raw Cypher", raw.paths},
	}
	strengthLines := []line{
		{"HTTP GraphQL", func(ctx context.Context, a, b string) (outcome, error) { return hc.paths(ctx, a, b, "STRENGTH") }},
		{"service in-process", service(graph.ByStrength)},
	}
	introLines := []line{
		{"HTTP GraphQL", hc.introducers},
		{"service in-process", func(ctx context.Context, target, from string) (outcome, error) {
			before := db.RoundTrips()
			in, err := db.Introducers(ctx, graph.IntroducerQuery{Target: target, From: &from, First: 5, MaxHops: 4})
			o := outcome{count: len(in), roundTrips: int(db.RoundTrips() - before)}
			if len(in) > 0 {
				o.firstLen = in[0].Path.Length()
				o.viaRegion = throughRegion(nodeIDs(in[0].Path.Nodes))
			}
			return o, err
		}},
	}
	// The order matters below: HOPS then STRENGTH for each set of pairs.
	groups := []group{
		{name: "paths HOPS", pairs: hopsPairs, lines: hopsLines},
		{name: "paths STRENGTH", pairs: hopsPairs, lines: strengthLines},
		{name: "introducers", pairs: introPairs, lines: introLines},
		{name: "paths HOPS, connected", pairs: connPairs, lines: hopsLines},
		{name: "paths STRENGTH, connected", pairs: connPairs, lines: strengthLines},
		{name: "introducers, connected", pairs: connIntro, lines: introLines},
	}
	fmt.Fprintf(os.Stderr, "benchpaths: scale %d, %d people, %d companies, %d+%d requests per line\n",
		f.scale, len(people), len(companies), f.warmup, f.requests)
	var outcomes [][][]*outcome // group, line, pair
	for _, g := range groups {
		lrs, oc := measure(ctx, g, f.warmup, f.budget, res)
		res.Lines = append(res.Lines, lrs...)
		outcomes = append(outcomes, oc)
	}
	// STRENGTH searches a pruned neighbourhood (fanouts): count the pairs
	// where it finds nothing although HOPS finds a path of at most maxHops.
	for _, g := range [][2]int{{0, 1}, {3, 4}} {
		for i := f.warmup; i < total; i++ {
			h, s := outcomes[g[0]][1][i], outcomes[g[1]][1][i]
			if h != nil && s != nil {
				res.BothMeasured++
				if h.count > 0 && s.count == 0 {
					res.StrengthMissed++
				}
			}
		}
	}

	md := renderScale(res)
	fmt.Print(md)
	if err := os.MkdirAll(f.outDir, 0o755); err != nil {
		return err
	}
	base := filepath.Join(f.outDir, fmt.Sprintf("%s-scale%d", f.date, f.scale))
	if err := os.WriteFile(base+".md", []byte(md), 0o644); err != nil {
		return err
	}
	js, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(base+".json", js, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchpaths: wrote %s.md and %s.json\n", base, base)
	return nil
}

// measure warms every line up, then runs the pairs, every line once per
// pair, the order of the lines rotating so that each comes first (on the
// coldest cache) equally often.
func measure(ctx context.Context, g group, warmup int, budget time.Duration, res *Result) ([]*LineResult, [][]*outcome) {
	out := make([]*LineResult, len(g.lines))
	samples := make([][]time.Duration, len(g.lines))
	results := make([][]*outcome, len(g.lines))
	durs := make([][]time.Duration, len(g.lines)) // per pair, 0 when not measured
	rts := make([]int, len(g.lines))
	for j, l := range g.lines {
		out[j] = &LineResult{Query: g.name, Line: l.name}
		results[j] = make([]*outcome, len(g.pairs))
		durs[j] = make([]time.Duration, len(g.pairs))
	}
	call := func(j int, p [2]string) (outcome, time.Duration, error) {
		cctx, cancel := context.WithTimeout(ctx, reqTimeout)
		defer cancel()
		t0 := time.Now()
		o, err := g.lines[j].run(cctx, p[0], p[1])
		return o, time.Since(t0), err
	}
	start := time.Now()
	for i, p := range g.pairs {
		if time.Since(start) > budget {
			for _, lr := range out {
				lr.Truncated = true
			}
			fmt.Fprintf(os.Stderr, "benchpaths: %s: budget of %s spent after %d pairs\n", g.name, budget, i)
			break
		}
		for k := range g.lines {
			j := (i + k) % len(g.lines)
			o, d, err := call(j, p)
			if i < warmup {
				continue
			}
			lr := out[j]
			if err != nil {
				lr.Errors++
				if len(lr.ErrorSamples) < 3 {
					lr.ErrorSamples = append(lr.ErrorSamples, fmt.Sprintf("%s→%s: %v", p[0], p[1], err))
				}
				continue
			}
			samples[j] = append(samples[j], d)
			results[j][i] = &o
			durs[j][i] = d
			if o.count == 0 {
				lr.Empty++
			}
			lr.results += o.count
			if o.viaRegion {
				lr.ViaRegion++
			}
			rts[j] += o.roundTrips
		}
	}
	for j, lr := range out {
		lr.setStats(samples[j])
		if lr.N > 0 {
			lr.MeanResults = float64(lr.results) / float64(lr.N)
			lr.RoundTrips = float64(rts[j]) / float64(lr.N)
		}
		if g.lines[j].name == "HTTP GraphQL" {
			lr.RoundTrips = 0 // not visible from here
		}
		// The slowest requests, to look into.
		idx := make([]int, 0, len(g.pairs))
		for i := range g.pairs {
			if durs[j][i] > 0 {
				idx = append(idx, i)
			}
		}
		slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(durs[j][b], durs[j][a]) })
		for _, i := range idx[:min(3, len(idx))] {
			o := results[j][i]
			lr.Slowest = append(lr.Slowest, fmt.Sprintf("%s→%s %.0f ms (%d results, first length %d)",
				g.pairs[i][0], g.pairs[i][1], float64(durs[j][i])/float64(time.Millisecond), o.count, o.firstLen))
		}
	}
	// Paired ratios: the median over pairs of line a's time over line b's,
	// steadier than the ratio of the p50s when pairs differ widely in cost.
	pr := &PairedRatios{Query: g.name}
	for a := range g.lines {
		for b := range g.lines {
			var rs []float64
			for i := range g.pairs {
				if durs[a][i] > 0 && durs[b][i] > 0 {
					rs = append(rs, float64(durs[a][i])/float64(durs[b][i]))
				}
			}
			if len(rs) == 0 {
				continue
			}
			slices.Sort(rs)
			m := rs[(len(rs)-1)/2]
			switch {
			case g.lines[a].name == "HTTP GraphQL" && g.lines[b].name == "raw Cypher":
				pr.HTTPRaw = m
			case g.lines[a].name == "HTTP GraphQL" && g.lines[b].name == "service in-process":
				pr.HTTPService = m
			case g.lines[a].name == "service in-process" && g.lines[b].name == "raw Cypher":
				pr.ServiceRaw = m
			}
		}
	}
	res.Paired = append(res.Paired, pr)
	// The lines must agree: same number of results, same first length.
	for i := warmup; i < len(g.pairs); i++ {
		ref := results[0][i]
		for j := 1; j < len(g.lines); j++ {
			o := results[j][i]
			if ref == nil || o == nil {
				continue
			}
			if o.count != ref.count || (o.count > 0 && o.firstLen != ref.firstLen) {
				res.Mismatches++
				if len(res.MismatchSamples) < 5 {
					res.MismatchSamples = append(res.MismatchSamples, fmt.Sprintf("%s %s→%s: %s %d results (first length %d), %s %d (%d)",
						g.name, g.pairs[i][0], g.pairs[i][1], g.lines[0].name, ref.count, ref.firstLen, g.lines[j].name, o.count, o.firstLen))
				}
			}
		}
	}
	for _, lr := range out {
		fmt.Fprintf(os.Stderr, "benchpaths: %-15s %-19s n=%d p50=%.2fms p95=%.2fms errors=%d empty=%d\n",
			lr.Query, lr.Line, lr.N, lr.P50, lr.P95, lr.Errors, lr.Empty)
	}
	return out, results
}

func ids(ctx context.Context, r *rawRunner, cypher string) ([]string, error) {
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	recs, err := r.read(cctx, cypher, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(recs))
	for _, rec := range recs {
		if s, ok := rec.Values[0].(string); ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// loopbackOnly refuses any address but the loopback interface.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); (ip != nil && ip.IsLoopback()) || h == "localhost" {
		return nil
	}
	return fmt.Errorf("%s: only loopback addresses are allowed", raw)
}

// httpClient speaks GraphQL to liaison serve.
type httpClient struct {
	base  string
	token string // bearer token, from BENCH_TOKEN
	c     *http.Client
}

const (
	gqlPaths = `query Paths($from: ID!, $to: ID!, $order: PathOrder) {
  paths(from: $from, to: $to, maxHops: 4, first: 5, orderBy: $order) {
    length strength explanation nodes { id } relationships { type }
  }
}`
	gqlIntroducers = `query Introducers($target: ID!, $from: ID) {
  introducers(target: $target, from: $from, first: 5) {
    person { id name } strength path { length explanation nodes { id } relationships { type } }
  }
}`
)

func (h *httpClient) waitReady(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.base+"/readyz", nil)
		resp, err := h.c.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/readyz: %w", h.base, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (h *httpClient) post(ctx context.Context, query string, vars map[string]any, data any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := h.c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	var env struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if len(env.Errors) > 0 {
		return fmt.Errorf("graphql: %s (%v)", env.Errors[0].Message, env.Errors[0].Extensions["code"])
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(env.Data, data)
}

func (h *httpClient) paths(ctx context.Context, a, b, order string) (outcome, error) {
	var data struct {
		Paths []struct {
			Length int `json:"length"`
			Nodes  []struct {
				ID string `json:"id"`
			} `json:"nodes"`
		} `json:"paths"`
	}
	if err := h.post(ctx, gqlPaths, map[string]any{"from": a, "to": b, "order": order}, &data); err != nil {
		return outcome{}, err
	}
	o := outcome{count: len(data.Paths)}
	if len(data.Paths) > 0 {
		o.firstLen = data.Paths[0].Length
		ids := make([]string, len(data.Paths[0].Nodes))
		for i, n := range data.Paths[0].Nodes {
			ids[i] = n.ID
		}
		o.viaRegion = throughRegion(ids)
	}
	return o, nil
}

func (h *httpClient) introducers(ctx context.Context, target, from string) (outcome, error) {
	var data struct {
		Introducers []struct {
			Path struct {
				Length int `json:"length"`
			} `json:"path"`
		} `json:"introducers"`
	}
	if err := h.post(ctx, gqlIntroducers, map[string]any{"target": target, "from": from}, &data); err != nil {
		return outcome{}, err
	}
	o := outcome{count: len(data.Introducers)}
	if len(data.Introducers) > 0 {
		o.firstLen = data.Introducers[0].Path.Length
	}
	return o, nil
}

func relTypeNames(ts []graph.RelType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// walker picks connected pairs: from a random person, a random walk of at
// most 4 steps over the default path types and discoverable nodes; the
// pair's other end is the last node of the wanted label reached after at
// least 2 steps. Such an end is at most 4 hops away, so paths(maxHops: 4)
// has an answer; it may be closer than the walk's length.
type walker struct {
	raw   *rawRunner
	rng   *rand.Rand
	types []string
}

const walkStep = `MATCH (x:Entity {id: $id})-[r]-(y:Entity)
WHERE type(r) IN $types AND coalesce(y.discoverable, true) AND NOT y.id IN $seen
WITH y, rand() AS k ORDER BY k LIMIT 1
RETURN y.id AS id, $label IN labels(y) AS wanted`

func (w *walker) pairs(ctx context.Context, people []string, n int, label string) ([][2]string, error) {
	out := make([][2]string, 0, n)
	for tries := 0; len(out) < n; tries++ {
		if tries > 20*n {
			return nil, fmt.Errorf("random walks found only %d of %d connected pairs ending at a %s", len(out), n, label)
		}
		a := people[w.rng.IntN(len(people))]
		seen, end := []string{a}, ""
		for step := 1; step <= 4; step++ {
			cctx, cancel := context.WithTimeout(ctx, reqTimeout)
			recs, err := w.raw.read(cctx, walkStep, map[string]any{"id": seen[len(seen)-1], "types": w.types, "seen": seen, "label": label})
			cancel()
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				break
			}
			id, _ := recs[0].Values[0].(string)
			wanted, _ := recs[0].Values[1].(bool)
			seen = append(seen, id)
			if wanted && step >= 2 {
				end = id
			}
		}
		if end != "" {
			out = append(out, [2]string{a, end})
		}
	}
	return out, nil
}
