// Command benchpeer times the questions users ask of Liaison against the
// same questions put to @neo4j/graphql (the peer, bench/peer) and to one
// hand-written Cypher statement each (the floor), over one Neo4j: for
// every shape (shapes.go) it checks that the three answers are equal
// (the sorted ids, names and numbers of each), then measures latency at
// c = 1, the three systems one request each in turn (the first of a turn
// rotating), and throughput at c = 16 in slices alternated system by
// system, round after round, so that the machine's noise hits all alike.
//
//	NEO4J_URI=bolt://127.0.0.1:17692 BENCH_URL=http://127.0.0.1:18692 BENCH_TOKEN=... \
//	  BENCH_PEER_URL=http://127.0.0.1:18693 benchpeer [--requests 300] [--seconds 12]
//
// make bench-peer (bench/peer.sh) starts, seeds and stops everything. The
// token should be an analyst's: the peer's queries and the raw statements
// leave out undiscoverable people, as Liaison does for non-admins.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/liaison/liaison/bench/measure"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	requests := flag.Int("requests", 300, "measured requests per system and shape at c = 1")
	warmup := flag.Int("warmup", 30, "unmeasured requests per system and shape first")
	seconds := flag.Int("seconds", 12, "seconds per system and shape at c = 16, in --rounds slices (0: no throughput)")
	rounds := flag.Int("rounds", 3, "slices per system and shape at c = 16, alternated")
	clients := flag.Int("c", 16, "concurrent clients of the throughput lines")
	only := flag.String("only", "", "run only the shapes whose name contains this")
	flag.Parse()
	if err := run(config{*requests, *warmup, *seconds, *rounds, *clients, *only}); err != nil {
		fmt.Fprintln(os.Stderr, "benchpeer:", err)
		os.Exit(1)
	}
}

type config struct {
	requests, warmup, seconds, rounds, clients int
	only                                       string
}

// loopback refuses an address that is not on this machine: the
// benchmark sends its load to 127.0.0.1 only.
func loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" {
		return fmt.Errorf("%s: the benchmark talks to 127.0.0.1 only", raw)
	}
	return nil
}

// Statements that choose what the shapes ask about.
const (
	pickPerson = `MATCH (p:Person)-[:POSTED_TO]->() WHERE coalesce(p.discoverable, true)
WITH DISTINCT p LIMIT 500 RETURN p.id ORDER BY COUNT { (p)-[:KNOWS|MEMBER_OF|POSTED_TO]-() } DESC, p.id LIMIT 1`
	pickCity = `MATCH (r:Region {level: 'CITY'})
RETURN r.id ORDER BY COUNT { (r)<-[:PART_OF*0..1]-(:Region)<-[:LOCATED_IN]-(:Unit)<-[:POSTED_TO]-() } DESC, r.id LIMIT 1`
	pickSearch = `MATCH (p:Person) WHERE coalesce(p.discoverable, true)
RETURN left(p.pinyin, 4) AS q, count(*) AS c ORDER BY c DESC, q LIMIT 1`
	pickExpertise = `MATCH (p:Person) UNWIND p.expertise AS e RETURN e, count(*) AS c ORDER BY c DESC, e LIMIT 1`
	pickCadres    = `MATCH (p:Person)-[:POSTED_TO]->() WHERE coalesce(p.discoverable, true)
WITH DISTINCT p ORDER BY p.id SKIP $skip LIMIT 1 RETURN p.id`
	pickPage = `MATCH (n:Person) WHERE coalesce(n.discoverable, true)
WITH n ORDER BY n.pinyin, n.id SKIP $skip LIMIT 1 RETURN n.pinyin, n.id`
)

// Requests that page the systems' own cursors to pageSkip.
const (
	cursorLiaison = `query($after: String) { people(first: 100, after: $after) { pageInfo { endCursor } } }`
	cursorPeer    = `query($after: String) { peopleConnection(first: 100, after: $after, where: {discoverable: {eq: true}},
  sort: [{pinyin: ASC}, {id: ASC}]) { pageInfo { endCursor } } }`
)

// A system answers shape k with variables v.
type system func(ctx context.Context, k int, v map[string]any) (any, error)

func run(cfg config) error {
	ctx := context.Background()
	lurl, purl := measure.Env("BENCH_URL", "http://127.0.0.1:18692"), measure.Env("BENCH_PEER_URL", "http://127.0.0.1:18693")
	for _, u := range []string{lurl, purl} {
		if err := loopback(u); err != nil {
			return err
		}
	}
	driver, err := measure.Driver("bolt://127.0.0.1:17692")
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	lq := measure.NewGraphQL(lurl+"/graphql", os.Getenv("BENCH_TOKEN"))
	pq := measure.NewGraphQL(purl+"/graphql", "")
	systems := []system{
		func(ctx context.Context, k int, v map[string]any) (any, error) {
			return lq.Do(ctx, shapes[k].liaison, v)
		},
		func(ctx context.Context, k int, v map[string]any) (any, error) { return pq.Do(ctx, shapes[k].peer, v) },
		func(ctx context.Context, k int, v map[string]any) (any, error) {
			return measure.Cypher(ctx, driver, shapes[k].cypher, v)
		},
	}

	p, err := pick(ctx, driver, lq, pq)
	if err != nil {
		return err
	}
	fmt.Printf("Asked about: person %v, city %v, search %q, expertise %q, paths %v → %v, page after %d people.\n\n",
		p.values["id"], p.values["r"], p.values["q"], p.values["e"], p.values["from"], p.values["to"], pageSkip)
	fmt.Println("| query shape | system | p50 ms | p95 ms | p99 ms | req/s at c=16 | answer |")
	fmt.Println("|---|---|---:|---:|---:|---:|---|")
	var summary []string
	for k, s := range shapes {
		if cfg.only != "" && !strings.Contains(s.name, cfg.only) {
			continue
		}
		res, err := measureShape(ctx, cfg, systems, k, p)
		if err != nil {
			// A system that fails (a time limit, a memory limit) is a
			// finding: the line says so and the other shapes go on.
			fmt.Printf("| %s | — | — | — | — | — | %.300s |\n", s.name, strings.ReplaceAll(err.Error(), "\n", " "))
			summary = append(summary, fmt.Sprintf("| %s | — | — | — | — |", s.name))
			continue
		}
		for j, name := range systemNames {
			fmt.Printf("| %s | %s | %.1f | %.1f | %.1f | %.0f | %s |\n", s.name, name, measure.Ms(measure.Pct(res.lat[j], 50)),
				measure.Ms(measure.Pct(res.lat[j], 95)), measure.Ms(measure.Pct(res.lat[j], 99)), res.rate[j], res.answer)
		}
		lr := float64(measure.Pct(res.lat[sysLiaison], 50)) / float64(measure.Pct(res.lat[sysRaw], 50))
		rates := "— | —"
		if tp := res.rate[sysLiaison] / res.rate[sysPeer]; cfg.seconds > 0 {
			rates = fmt.Sprintf("%.0f / %.0f / %.0f | %.2f× %s", res.rate[sysLiaison], res.rate[sysPeer], res.rate[sysRaw], tp, mark(tp >= 2))
		}
		summary = append(summary, fmt.Sprintf("| %s | %.1f / %.1f / %.1f | %.2f× %s | %s |", s.name,
			measure.Ms(measure.Pct(res.lat[sysLiaison], 50)), measure.Ms(measure.Pct(res.lat[sysPeer], 50)),
			measure.Ms(measure.Pct(res.lat[sysRaw], 50)), lr, mark(lr <= 1.5), rates))
	}
	fmt.Println()
	fmt.Println("| query shape | p50 ms: Liaison / peer / raw | Liaison ÷ raw at p50 (target ≤ 1.5×) | req/s at c=16: Liaison / peer / raw | Liaison ÷ peer req/s (target ≥ 2×) |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, line := range summary {
		fmt.Println(line)
	}
	return nil
}

func mark(ok bool) string {
	if ok {
		return "(met)"
	}
	return "(missed)"
}

type result struct {
	lat    [3][]time.Duration
	rate   [3]float64
	answer string
}

// measureShape checks the three answers equal, then times them.
func measureShape(ctx context.Context, cfg config, systems []system, k int, p picks) (result, error) {
	var res result
	var norm [3][]string
	for j, do := range systems {
		a, err := do(ctx, k, shapes[k].vars(p, j))
		if err != nil {
			return res, fmt.Errorf("%s: %w", systemNames[j], err)
		}
		norm[j] = measure.Scalars(a)
	}
	for j := 1; j < len(systems); j++ {
		if !measure.Equal(norm[0], norm[j]) {
			return res, fmt.Errorf("the answers differ:\n%s %v\n%s %v", systemNames[0], norm[0], systemNames[j], norm[j])
		}
	}
	if len(norm[0]) == 0 {
		return res, fmt.Errorf("all three answer nothing: choose other picks")
	}
	res.answer = fmt.Sprintf("%d values, equal", len(norm[0]))
	for n := range cfg.warmup + cfg.requests {
		for i := range systems {
			j := (n + i) % len(systems)
			v := shapes[k].vars(p, j)
			start := time.Now()
			if _, err := systems[j](ctx, k, v); err != nil {
				return res, fmt.Errorf("%s: %w", systemNames[j], err)
			}
			if n >= cfg.warmup {
				res.lat[j] = append(res.lat[j], time.Since(start))
			}
		}
	}
	if cfg.seconds == 0 {
		return res, nil
	}
	slice := time.Duration(cfg.seconds) * time.Second / time.Duration(cfg.rounds)
	var done [3]int64
	for r := range cfg.rounds {
		for i := range systems {
			j := (r + i) % len(systems)
			v := shapes[k].vars(p, j)
			n, err := measure.Throughput(ctx, cfg.clients, func(ctx context.Context) error {
				_, err := systems[j](ctx, k, v)
				return err
			}, slice)
			if err != nil {
				return res, fmt.Errorf("%s at c=%d: %w", systemNames[j], cfg.clients, err)
			}
			done[j] += n
		}
	}
	for j := range done {
		res.rate[j] = float64(done[j]) / (float64(cfg.rounds) * slice.Seconds())
	}
	return res, nil
}

// pick reads what the shapes ask about from the database, and pages each
// system's cursor to pageSkip.
func pick(ctx context.Context, driver neo4j.DriverWithContext, lq, pq *measure.GraphQL) (picks, error) {
	p := picks{values: map[string]any{}}
	first := func(cypher string, params map[string]any, names ...string) error {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer)
		if err != nil {
			return err
		}
		if len(res.Records) == 0 {
			return fmt.Errorf("nothing from %q: is the database seeded?", cypher)
		}
		for i, n := range names {
			p.values[n] = res.Records[0].Values[i]
		}
		return nil
	}
	for _, s := range []struct {
		cypher string
		params map[string]any
		names  []string
	}{
		{pickPerson, nil, []string{"id"}},
		{pickCity, nil, []string{"r"}},
		{pickSearch, nil, []string{"q"}},
		{pickExpertise, nil, []string{"e"}},
		{pickCadres, map[string]any{"skip": 0}, []string{"from"}},
		{pickCadres, map[string]any{"skip": 1}, []string{"to"}},
		{pickPage, map[string]any{"skip": pageSkip - 1}, []string{"p", "i"}},
	} {
		if err := first(s.cypher, s.params, s.names...); err != nil {
			return p, err
		}
	}
	for j, c := range []struct {
		g     *measure.GraphQL
		query string
		field string
	}{{lq, cursorLiaison, "people"}, {pq, cursorPeer, "peopleConnection"}} {
		var after any
		for range pageSkip / 100 {
			d, err := c.g.Do(ctx, c.query, map[string]any{"after": after})
			if err != nil {
				return p, fmt.Errorf("%s cursor: %w", systemNames[j], err)
			}
			after = dig(d, c.field, "pageInfo", "endCursor")
		}
		s, ok := after.(string)
		if !ok {
			return p, fmt.Errorf("%s cursor: no endCursor", systemNames[j])
		}
		p.after[j] = s
	}
	return p, nil
}

// dig follows keys through nested JSON objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
