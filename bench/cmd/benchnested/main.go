// Command benchnested times nested GraphQL queries against the Cypher
// under them: for each query shape, the GraphQL request to a running
// liaison serve and one hand-written statement run with the Go driver (the
// floor), with their answers checked equal first. It alternates the two
// request by request at c = 1 (p50/p95/p99), then measures throughput at
// c = 16, alternating the systems in slices.
//
//	BENCH_URL=http://127.0.0.1:18721 BENCH_TOKEN=... NEO4J_URI=bolt://127.0.0.1:17721 benchnested [--requests 300]
//
// The token should be a non-admin's (an analyst's): the raw statements
// keep only discoverable people, as Liaison does for non-admins.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/liaison/liaison/bench/measure"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A shape is one GraphQL request and the statement that answers it.
type shape struct {
	name   string
	query  string
	vars   func(ids) map[string]any
	cypher string
}

type ids struct{ person, hostUnit, dispatching string }

// The statements follow the orders of graph/neo4jdb (relationship lists by
// r.from DESC, r.id; entity lists by pinyin, id).
var shapes = []shape{
	{
		name: "person by id: postings (host unit), memberships, acquaintances, 20 each",
		query: `query($id: ID!) { node(id: $id) { ... on Person { name
  postings(first: 20) { edges { node { title hostUnit { name } } } }
  memberships(first: 20) { edges { node { unit { name } } } }
  acquaintances(first: 20) { edges { node { person { name } } } } } } }`,
		vars: func(i ids) map[string]any { return map[string]any{"id": i.person} },
		cypher: `MATCH (s:Person {id: $id}) WHERE coalesce(s.discoverable, true)
CALL (s) { MATCH (s)-[r:POSTED_TO]->(o:Unit) WITH r, o ORDER BY r.from DESC, r.id LIMIT 20 RETURN collect([r.title, o.name]) AS postings }
CALL (s) { MATCH (s)-[r:MEMBER_OF]->(o:Unit) WITH r, o ORDER BY r.from DESC, r.id LIMIT 20 RETURN collect(o.name) AS memberships }
CALL (s) { MATCH (s)-[r:KNOWS]-(o:Person) WHERE coalesce(o.discoverable, true) WITH r, o ORDER BY r.from DESC, o.pinyin, r.id LIMIT 20 RETURN collect(o.name) AS acquaintances }
RETURN s.name, postings, memberships, acquaintances`,
	},
	{
		name: "10 units → 5 dispatched cadres each → person and host unit",
		query: `{ units(where: {hasDispatched: true}, first: 10) { edges { node { name
  dispatchedCadres(first: 5) { edges { node { person { name } hostUnit { name } } } } } } } }`,
		vars: func(ids) map[string]any { return nil },
		cypher: `MATCH (u:Unit) WHERE EXISTS { (x:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = u.id AND coalesce(x.discoverable, true) }
WITH u ORDER BY u.pinyin, u.id LIMIT 10
CALL (u) { MATCH (o:Person)-[r:POSTED_TO {dispatchingUnitId: u.id}]->(h:Unit) WHERE coalesce(o.discoverable, true)
  WITH r, o, h ORDER BY r.from DESC, r.id LIMIT 5 RETURN collect([o.name, h.name]) AS cadres }
RETURN u.name, cadres`,
	},
	{
		name:  "people posted to a unit (filter across POSTED_TO), paged, with the count",
		query: `query($u: ID!) { people(where: {hostUnitId: $u}, first: 20) { totalCount edges { node { name } } } }`,
		vars:  func(i ids) map[string]any { return map[string]any{"u": i.hostUnit} },
		cypher: `MATCH (:Unit {id: $u})<-[:POSTED_TO]-(n:Person) WHERE coalesce(n.discoverable, true)
WITH DISTINCT n ORDER BY n.pinyin, n.id
WITH collect(n.name) AS names RETURN size(names), names[0..20]`,
	},
	{
		name:  "people sent by a unit (filter on the posting's dispatching unit), paged, with the count",
		query: `query($u: ID!) { people(where: {dispatchingUnitId: $u}, first: 20) { totalCount edges { node { name } } } }`,
		vars:  func(i ids) map[string]any { return map[string]any{"u": i.dispatching} },
		cypher: `MATCH (n:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = $u AND coalesce(n.discoverable, true)
WITH DISTINCT n ORDER BY n.pinyin, n.id
WITH collect(n.name) AS names RETURN size(names), names[0..20]`,
	},
}

func main() {
	requests := flag.Int("requests", 300, "measured requests per system and shape at c = 1")
	warmup := flag.Int("warmup", 30, "unmeasured requests per system and shape first")
	seconds := flag.Int("seconds", 6, "seconds per system and shape at c = 16 (0: no throughput lines)")
	flag.Parse()
	if err := run(*requests, *warmup, *seconds); err != nil {
		fmt.Fprintln(os.Stderr, "benchnested:", err)
		os.Exit(1)
	}
}

// A system answers shape k (an index into shapes) with variables v.
type system func(ctx context.Context, k int, v map[string]any) (any, error)

func run(requests, warmup, seconds int) error {
	ctx := context.Background()
	driver, err := measure.Driver("bolt://127.0.0.1:17721")
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	lq := measure.NewGraphQL(measure.Env("BENCH_URL", "http://127.0.0.1:18721")+"/graphql", os.Getenv("BENCH_TOKEN"))
	raw := func(ctx context.Context, k int, v map[string]any) (any, error) {
		return measure.Cypher(ctx, driver, shapes[k].cypher, v)
	}
	gql := func(ctx context.Context, k int, v map[string]any) (any, error) {
		return lq.Do(ctx, shapes[k].query, v)
	}

	// The ids: the person with the most postings, memberships and
	// acquaintances among discoverable people; the host and the
	// dispatching unit with the most postings.
	var i ids
	pick := func(cypher string) (string, error) {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer)
		if err != nil || len(res.Records) == 0 {
			return "", fmt.Errorf("no id from %q: %v", cypher, err)
		}
		s, _ := res.Records[0].Values[0].(string)
		return s, nil
	}
	if i.person, err = pick(`MATCH (p:Person)-[:POSTED_TO]->() WHERE coalesce(p.discoverable, true)
WITH p LIMIT 500 RETURN p.id ORDER BY COUNT { (p)-[:KNOWS|MEMBER_OF|POSTED_TO]-() } DESC LIMIT 1`); err != nil {
		return err
	}
	if i.hostUnit, err = pick(`MATCH (u:Unit)<-[:POSTED_TO]-() RETURN u.id, count(*) AS c ORDER BY c DESC LIMIT 1`); err != nil {
		return err
	}
	if i.dispatching, err = pick(`MATCH ()-[r:POSTED_TO]->() WHERE r.dispatchingUnitId IS NOT NULL RETURN r.dispatchingUnitId, count(*) AS c ORDER BY c DESC LIMIT 1`); err != nil {
		return err
	}

	systems := []struct {
		name string
		do   system
	}{{"Liaison (HTTP GraphQL)", gql}, {"raw Cypher (Go driver)", raw}}
	fmt.Println("| query shape | system | p50 ms | p95 ms | p99 ms | req/s at c=16 |")
	fmt.Println("|---|---|---:|---:|---:|---:|")
	for k, s := range shapes {
		v := s.vars(i)
		a, err := gql(ctx, k, v)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		b, err := raw(ctx, k, v)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if x, y := measure.Scalars(a), measure.Scalars(b); !measure.Equal(x, y) {
			return fmt.Errorf("%s: the answers differ:\nLiaison %v\nCypher  %v", s.name, x, y)
		}
		lat := make([][]time.Duration, len(systems))
		for n := range warmup + requests {
			for j, sys := range systems {
				start := time.Now()
				if _, err := sys.do(ctx, k, v); err != nil {
					return fmt.Errorf("%s, %s: %w", s.name, sys.name, err)
				}
				if n >= warmup {
					lat[j] = append(lat[j], time.Since(start))
				}
			}
		}
		done := make([]int64, len(systems))
		for round := range 2 { // two slices each, alternated
			for j, sys := range systems {
				if seconds == 0 {
					break
				}
				n, err := measure.Throughput(ctx, 16, func(ctx context.Context) error { _, err := sys.do(ctx, k, v); return err },
					time.Duration(seconds)*time.Second/2)
				if err != nil {
					return fmt.Errorf("%s, %s at c=16: %w", s.name, sys.name, err)
				}
				done[j] += n
				_ = round
			}
		}
		for j, sys := range systems {
			fmt.Printf("| %s | %s | %.1f | %.1f | %.1f | %.0f |\n", s.name, sys.name, measure.Ms(measure.Pct(lat[j], 50)), measure.Ms(measure.Pct(lat[j], 95)),
				measure.Ms(measure.Pct(lat[j], 99)), float64(done[j])/float64(max(seconds, 1)))
		}
	}
	return nil
}
