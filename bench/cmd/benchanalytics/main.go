// Command benchanalytics times brokers and communities (graph/neo4jdb.Analytics)
// on the graph loaded in a Neo4j: the projection of the people graph, sampled
// Brandes betweenness and Louvain, with the Go heap and the process's peak RSS.
//
//	NEO4J_URI=bolt://127.0.0.1:17696 benchanalytics [--scale N] [--repeat 3] [--sources 200] [--exact] [--aggregates] [--neo4j-pid PID] [--json FILE]
//
// Every repetition uses a fresh Analytics (an empty cache): it reads the
// projection, then brokers and communities compute over it. On GDS the
// projection is one transaction that also runs the algorithms (with the
// default sources); its phases go to stderr ("GDS projection", at debug
// level). Times are wall
// clock with this process's CPU time beside them (on a shared machine the
// CPU time is the steadier number; with --neo4j-pid, Neo4j's CPU time of
// each step too, from /proc). It prints the medians as a Markdown
// table row; --aggregates first times every aggregate, group-by and matrix
// statement over the whole graph.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/liaison/liaison/bench/measure"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
)

// run is one repetition's numbers.
type run struct {
	Engine         string  `json:"engine"`
	Scale          int     `json:"scale"`
	People         int     `json:"people"`
	Edges          int     `json:"edges"`
	Sources        int     `json:"sources"`
	Sampled        bool    `json:"sampled"`
	ProjectionMs   float64 `json:"projectionMs"`
	ProjectionCPU  float64 `json:"projectionCpuMs"`
	BrokersMs      float64 `json:"brokersMs"`
	BrokersCPU     float64 `json:"brokersCpuMs"`
	CommunitiesMs  float64 `json:"communitiesMs"`
	CommunitiesCPU float64 `json:"communitiesCpuMs"`
	CommunitiesN   int     `json:"communities"`
	// Neo4j's CPU time of each step (--neo4j-pid), ms.
	ProjectionNeo4jCPU  float64 `json:"projectionNeo4jCpuMs,omitempty"`
	BrokersNeo4jCPU     float64 `json:"brokersNeo4jCpuMs,omitempty"`
	CommunitiesNeo4jCPU float64 `json:"communitiesNeo4jCpuMs,omitempty"`
	// BrokersWallMs and CommunitiesWallMs are the calls' wall times
	// (ComputeMs and the projection they read first, if not cached).
	BrokersWallMs     float64 `json:"brokersWallMs"`
	CommunitiesWallMs float64 `json:"communitiesWallMs"`
	Modularity        float64 `json:"modularity"`
	ExactMs           float64 `json:"exactMs,omitempty"`
	// Top20Overlap is how many of the sampled top 20 are in the exact top 20.
	Top20Overlap   int     `json:"top20Overlap,omitempty"`
	RetainedHeapMB float64 `json:"retainedHeapMB"`
	PeakHeapMB     float64 `json:"peakHeapMB"`
	AllocMB        float64 `json:"allocMB"`
	PeakRSSMB      float64 `json:"peakRssMB"`
	TopBroker      string  `json:"topBroker"`
}

func main() {
	if err := mainErr(); err != nil {
		fmt.Fprintln(os.Stderr, "benchanalytics:", err)
		os.Exit(1)
	}
}

func mainErr() error {
	scale := flag.Int("scale", 0, "seed scale of the loaded graph (a label for the report)")
	repeat := flag.Int("repeat", 3, "repetitions, each with an empty cache")
	sources := flag.Int("sources", graph.DefaultBrokerSources, "sampled sources of betweenness")
	exact := flag.Bool("exact", false, "also time exact betweenness (every source) once")
	jsonOut := flag.String("json", "", "write the runs as JSON to this file")
	engine := flag.String("engine", "", "where brokers and communities run: gds, go, or empty for GDS when the database has it")
	timeout := flag.Duration("timeout", 30*time.Minute, "limit of the whole benchmark")
	queryTimeout := flag.Duration("query-timeout", 2*time.Minute, "limit of one statement (the analytics read gets at least neo4jdb.ProjectionTimeout)")
	neo4jPid := flag.Int("neo4j-pid", 0, "the Neo4j server's process id, to report its CPU time of each step (Linux /proc)")
	aggregates := flag.Bool("aggregates", false, "also time the aggregates, group-by summaries and matrices over the whole graph once")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	db, err := neo4jdb.Open(neo4jdb.Config{URI: measure.Env("NEO4J_URI", "bolt://127.0.0.1:7687"), User: measure.Env("NEO4J_USER", "neo4j"),
		Password: measure.Env("NEO4J_PASSWORD", "liaison-dev"), Database: os.Getenv("NEO4J_DATABASE"), QueryTimeout: *queryTimeout,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	if err := db.Ping(ctx); err != nil {
		return err
	}

	if *aggregates {
		if err := timeAggregates(ctx, db); err != nil {
			return err
		}
	}
	var runs []run
	for i := 0; i < *repeat; i++ {
		r, err := once(ctx, db, *engine, *scale, *sources, *exact && i == 0, *neo4jPid)
		if err != nil {
			return err
		}
		runs = append(runs, r)
		fmt.Fprintf(os.Stderr, "run %d: %+v\n", i+1, r)
	}
	fmt.Println("| scale | people | edges | projection ms (Go CPU) | brokers ms (CPU; sources) | communities ms (CPU) | communities | modularity | Go heap retained MB | Go heap peak MB | allocated MB | peak RSS MB |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	m := median(runs)
	exactNote := ""
	if runs[0].ExactMs > 0 {
		exactNote = fmt.Sprintf("; exact %.0f, top-20 overlap %d/20", runs[0].ExactMs, runs[0].Top20Overlap)
	}
	fmt.Printf("| %d | %d | %d | %.0f (%.0f) | %.0f (%.0f; %d%s%s) | %.0f (%.0f) | %d | %.3f | %.0f | %.0f | %.0f | %.0f |\n",
		m.Scale, m.People, m.Edges, m.ProjectionMs, m.ProjectionCPU, m.BrokersMs, m.BrokersCPU, m.Sources, sampledNote(m.Sampled), exactNote,
		m.CommunitiesMs, m.CommunitiesCPU, m.CommunitiesN, m.Modularity, m.RetainedHeapMB, m.PeakHeapMB, m.AllocMB, m.PeakRSSMB)
	if *neo4jPid > 0 {
		fmt.Printf("\nNeo4j CPU s: projection %.1f, brokers %.1f, communities %.1f; wall s: brokers %.1f, communities %.1f\n",
			m.ProjectionNeo4jCPU/1000, m.BrokersNeo4jCPU/1000, m.CommunitiesNeo4jCPU/1000, m.BrokersWallMs/1000, m.CommunitiesWallMs/1000)
	}
	fmt.Printf("\nmedians of %d runs, brokers and communities on %s; %d CPUs, %s\n", len(runs), runs[0].Engine, runtime.NumCPU(), runtime.Version())
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(runs, "", "  ")
		return os.WriteFile(*jsonOut, b, 0o644)
	}
	return nil
}

func sampledNote(s bool) string {
	if s {
		return ", sampled"
	}
	return ", exact"
}

// once runs one repetition with a fresh cache.
func once(ctx context.Context, db *neo4jdb.DB, engine string, scale, sources int, exact bool, neo4jPid int) (run, error) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := watchHeap()

	a := neo4jdb.NewAnalytics(db, neo4jdb.AnalyticsConfig{TTL: time.Hour, Engine: engine})
	// The projection alone (wall, and this process's CPU: decoding and
	// building the graph), then brokers and communities over it.
	start, cpu, neo := time.Now(), cpuTime(), procCPU(neo4jPid)
	if _, _, err := a.PeopleGraph(ctx, nil, true); err != nil {
		return run{}, fmt.Errorf("projection: %w", err)
	}
	projWall, projCPU, projNeo := time.Since(start), cpuTime()-cpu, procCPU(neo4jPid)-neo
	start, cpu, neo = time.Now(), cpuTime(), procCPU(neo4jPid)
	br, err := a.Brokers(ctx, graph.BrokerQuery{First: 20, Sources: sources})
	if err != nil {
		return run{}, fmt.Errorf("brokers: %w", err)
	}
	brWall, brCPU, brNeo := time.Since(start), cpuTime()-cpu, procCPU(neo4jPid)-neo
	start, cpu, neo = time.Now(), cpuTime(), procCPU(neo4jPid)
	cr, err := a.Communities(ctx, graph.CommunityQuery{First: 20})
	if err != nil {
		return run{}, fmt.Errorf("communities: %w", err)
	}
	crWall, crCPU, crNeo := time.Since(start), cpuTime()-cpu, procCPU(neo4jPid)-neo
	r := run{Engine: br.Engine, Scale: scale, People: br.People, Edges: br.Edges, Sources: br.Sources, Sampled: br.Sampled,
		ProjectionMs: ms(projWall), ProjectionCPU: ms(projCPU), BrokersMs: br.ComputeMs, BrokersCPU: ms(brCPU),
		CommunitiesMs: cr.ComputeMs, CommunitiesCPU: ms(crCPU), CommunitiesN: cr.Total, Modularity: cr.Modularity,
		ProjectionNeo4jCPU: ms(projNeo), BrokersNeo4jCPU: ms(brNeo), CommunitiesNeo4jCPU: ms(crNeo),
		BrokersWallMs: ms(brWall), CommunitiesWallMs: ms(crWall)}
	if len(br.Brokers) > 0 {
		r.TopBroker = br.Brokers[0].Person.ID
	}
	if exact {
		ex, err := a.Brokers(ctx, graph.BrokerQuery{First: 20, Sources: graph.MaxBrokerSources, Refresh: true})
		if err != nil {
			return run{}, fmt.Errorf("exact brokers: %w", err)
		}
		if ex.Sampled {
			fmt.Fprintf(os.Stderr, "note: %d people exceed %d sources: the 'exact' run is sampled\n", ex.People, ex.Sources)
		}
		r.ExactMs = ex.ComputeMs
		top := map[string]bool{}
		for _, b := range ex.Brokers {
			top[b.Person.ID] = true
		}
		for _, b := range br.Brokers {
			if top[b.Person.ID] {
				r.Top20Overlap++
			}
		}
	}
	r.PeakHeapMB = float64(peak()) / (1 << 20)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	r.AllocMB = float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
	runtime.GC()
	runtime.ReadMemStats(&after)
	r.RetainedHeapMB = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / (1 << 20)
	runtime.KeepAlive(a)
	r.PeakRSSMB = peakRSS()
	return r, nil
}

// watchHeap samples the live heap every 5 ms until the returned function is
// called, which returns the peak in bytes.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak.Load()
	}
}

// peakRSS is the process's peak resident set (VmHWM), in MB; 0 where
// /proc is missing.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// median takes each field's median over the runs (sizes from the first).
func median(runs []run) run {
	med := func(f func(run) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		sort.Float64s(xs)
		return xs[len(xs)/2]
	}
	m := runs[0]
	m.ProjectionMs = med(func(r run) float64 { return r.ProjectionMs })
	m.BrokersMs = med(func(r run) float64 { return r.BrokersMs })
	m.ProjectionCPU = med(func(r run) float64 { return r.ProjectionCPU })
	m.BrokersCPU = med(func(r run) float64 { return r.BrokersCPU })
	m.CommunitiesMs = med(func(r run) float64 { return r.CommunitiesMs })
	m.CommunitiesCPU = med(func(r run) float64 { return r.CommunitiesCPU })
	m.RetainedHeapMB = med(func(r run) float64 { return r.RetainedHeapMB })
	m.PeakHeapMB = med(func(r run) float64 { return r.PeakHeapMB })
	m.AllocMB = med(func(r run) float64 { return r.AllocMB })
	m.ProjectionNeo4jCPU = med(func(r run) float64 { return r.ProjectionNeo4jCPU })
	m.BrokersNeo4jCPU = med(func(r run) float64 { return r.BrokersNeo4jCPU })
	m.CommunitiesNeo4jCPU = med(func(r run) float64 { return r.CommunitiesNeo4jCPU })
	m.BrokersWallMs = med(func(r run) float64 { return r.BrokersWallMs })
	m.CommunitiesWallMs = med(func(r run) float64 { return r.CommunitiesWallMs })
	m.PeakRSSMB = runs[len(runs)-1].PeakRSSMB
	return m
}

// timeAggregates times each aggregate statement once over the whole graph
// and prints a table.
func timeAggregates(ctx context.Context, db *neo4jdb.DB) error {
	type stmt struct {
		name string
		run  func() (string, error)
	}
	var stmts []stmt
	stmts = append(stmts, stmt{"AggregatePeople", func() (string, error) {
		a, err := db.AggregatePeople(ctx, graph.PersonWhere{})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d people", a.Count), nil
	}}, stmt{"AggregateProjects", func() (string, error) {
		a, err := db.AggregateProjects(ctx, graph.ProjectWhere{})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d projects, %.3g CNY", a.Count, a.Amount.Sum), nil
	}})
	for _, by := range graph.ProjectGroups {
		stmts = append(stmts, stmt{"GroupProjects " + string(by), func() (string, error) {
			rows, err := db.GroupProjects(ctx, by, graph.ProjectWhere{})
			return fmt.Sprintf("%d rows", len(rows)), err
		}})
	}
	for _, by := range graph.CadreGroups {
		stmts = append(stmts, stmt{"GroupCadres " + string(by), func() (string, error) {
			rows, err := db.GroupCadres(ctx, by, graph.PersonWhere{})
			return fmt.Sprintf("%d rows", len(rows)), err
		}})
	}
	for _, r := range graph.MatrixRowKinds {
		for _, c := range graph.MatrixColumnKinds {
			stmts = append(stmts, stmt{fmt.Sprintf("CooperationMatrix %s × %s", r, c), func() (string, error) {
				m, err := db.CooperationMatrix(ctx, r, c, graph.MeasureAmount, graph.ProjectWhere{})
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%d × %d", len(m.Rows), len(m.Columns)), nil
			}})
		}
	}
	fmt.Println("| statement | ms (first, then second run) | result |")
	fmt.Println("|---|---:|---|")
	for _, s := range stmts {
		var times []string
		var what string
		for i := 0; i < 2; i++ {
			start := time.Now()
			w, err := s.run()
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			times, what = append(times, fmt.Sprintf("%.0f", ms(time.Since(start)))), w
		}
		fmt.Printf("| %s | %s | %s |\n", s.name, strings.Join(times, " / "), what)
	}
	fmt.Println()
	return nil
}
