// Command profile runs PROFILE on the statements behind the list filters
// that cross a relationship and behind the nested connections, in the
// form Liaison sends them and (for the filters) in the form they had
// before they were anchored, and prints each plan's operators with their
// rows and database hits, so that a plan scanning a whole label shows
// (NodeByLabelScan, AllNodesScan). Findings: docs/nested-queries.md.
//
//	NEO4J_URI=bolt://127.0.0.1:17721 go run ./bench/cmd/profile
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/liaison/liaison/bench/measure"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

const visible = `(coalesce(n.discoverable, true) OR $viewAll OR n.id = $viewSelf)`

// The statements: cypherList of graph/neo4jdb with the fragments of
// filters.go, and cypherRelated for dispatchedCadres.
var statements = []struct{ name, cypher string }{
	{"people(where: {hostUnitId}) before: EXISTS", `CALL () { MATCH (n:Person) WHERE EXISTS { (n)-[:POSTED_TO]->(:Unit {id: $unit}) } AND ` + visible + ` RETURN count(n) AS total }
CALL () { MATCH (n:Person) WHERE EXISTS { (n)-[:POSTED_TO]->(:Unit {id: $unit}) } AND ` + visible + ` WITH n ORDER BY n.pinyin, n.id LIMIT 21 RETURN collect(n.name) AS items }
RETURN total, items`},
	{"people(where: {hostUnitId}) now: n.id IN COLLECT", `CALL () { MATCH (n:Person) WHERE n.id IN COLLECT { MATCH (:Unit {id: $unit})<-[:POSTED_TO]-(fx:Person) RETURN fx.id } AND ` + visible + ` RETURN count(n) AS total }
CALL () { MATCH (n:Person) WHERE n.id IN COLLECT { MATCH (:Unit {id: $unit})<-[:POSTED_TO]-(fx:Person) RETURN fx.id } AND ` + visible + ` WITH n ORDER BY n.pinyin, n.id LIMIT 21 RETURN collect(n.name) AS items }
RETURN total, items`},
	{"people(where: {dispatchingUnitId}) before: EXISTS", `CALL () { MATCH (n:Person) WHERE EXISTS { (n)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = $dispatcher } AND ` + visible + ` RETURN count(n) AS total }
RETURN total`},
	{"people(where: {dispatchingUnitId}) now: n.id IN COLLECT", `CALL () { MATCH (n:Person) WHERE n.id IN COLLECT { MATCH (fx:Person)-[fr:POSTED_TO]->() WHERE fr.dispatchingUnitId = $dispatcher RETURN fx.id } AND ` + visible + ` RETURN count(n) AS total }
RETURN total`},
	{"people(where: {regionId}) before: EXISTS", `CALL () { MATCH (n:Person) WHERE EXISTS { (n)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: $region}) } AND ` + visible + ` RETURN count(n) AS total }
RETURN total`},
	{"people(where: {regionId}) now: n.id IN COLLECT", `CALL () { MATCH (n:Person) WHERE n.id IN COLLECT { MATCH (:Region {id: $region})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx) RETURN fx.id } AND ` + visible + ` RETURN count(n) AS total }
RETURN total`},
	{"units(where: {hasDispatched: true}): not anchored", `CALL () { MATCH (n:Unit) WHERE EXISTS { (x:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = n.id AND (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) } = true RETURN count(n) AS total }
RETURN total`},
	{"Unit.dispatchedCadres for 10 units", `UNWIND $units AS key
CALL (key) { MATCH (o:Person)-[r:POSTED_TO {dispatchingUnitId: key}]->(:Unit) WHERE (coalesce(o.discoverable, true) OR $viewAll OR o.id = $viewSelf) RETURN count(r) AS total }
CALL (key) { MATCH (o:Person)-[r:POSTED_TO {dispatchingUnitId: key}]->(:Unit) WHERE (coalesce(o.discoverable, true) OR $viewAll OR o.id = $viewSelf) WITH r, o ORDER BY r.from DESC, r.id LIMIT 6 RETURN collect(r.id) AS items }
RETURN key, total, items`},
	{"Person.acquaintances for one person", `UNWIND [$person] AS key
CALL (key) { MATCH (s:Person {id: key})-[r:KNOWS]-(o:Person) WHERE (coalesce(s.discoverable, true) OR $viewAll OR s.id = $viewSelf) AND (coalesce(o.discoverable, true) OR $viewAll OR o.id = $viewSelf) RETURN count(r) AS total }
CALL (key) { MATCH (s:Person {id: key})-[r:KNOWS]-(o:Person) WHERE (coalesce(s.discoverable, true) OR $viewAll OR s.id = $viewSelf) AND (coalesce(o.discoverable, true) OR $viewAll OR o.id = $viewSelf) WITH r, o ORDER BY r.from DESC, o.pinyin, r.id LIMIT 21 RETURN collect(r.id) AS items }
RETURN key, total, items`},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	driver, err := measure.Driver("bolt://127.0.0.1:17721")
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	// The ids: the busiest host unit, region and person; the first 10
	// dispatching units, the first of them as the dispatcher.
	params := map[string]any{"viewAll": false, "viewSelf": ""}
	for _, q := range []struct{ name, cypher string }{
		{"unit", `MATCH (u:Unit)<-[:POSTED_TO]-() RETURN u.id, count(*) AS c ORDER BY c DESC LIMIT 1`},
		{"region", `MATCH (r:Region)<-[:LOCATED_IN]-() RETURN r.id, count(*) AS c ORDER BY c DESC LIMIT 1`},
		{"person", `MATCH (p:Person)-[:KNOWS]-() RETURN p.id, count(*) AS c ORDER BY c DESC LIMIT 1`},
	} {
		res, err := neo4j.ExecuteQuery(ctx, driver, q.cypher, nil, neo4j.EagerResultTransformer)
		if err != nil || len(res.Records) == 0 {
			return fmt.Errorf("no %s: %v", q.name, err)
		}
		params[q.name] = res.Records[0].Values[0]
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH ()-[r:POSTED_TO]->() WHERE r.dispatchingUnitId IS NOT NULL
RETURN DISTINCT r.dispatchingUnitId LIMIT 10`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		return err
	}
	var units []any
	for _, r := range res.Records {
		units = append(units, r.Values[0])
	}
	params["units"] = units
	if len(units) > 0 {
		params["dispatcher"] = units[0]
	}

	for _, s := range statements {
		sess := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
		r, err := sess.Run(ctx, "PROFILE "+s.cypher, params)
		if err != nil {
			sess.Close(ctx)
			return fmt.Errorf("%s: %w", s.name, err)
		}
		sum, err := r.Consume(ctx)
		sess.Close(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		var total int64
		var lines []string
		var walk func(neo4j.ProfiledPlan, int)
		walk = func(p neo4j.ProfiledPlan, depth int) {
			total += p.DbHits()
			det, _ := p.Arguments()["Details"].(string)
			if len(det) > 140 {
				det = det[:140] + "…"
			}
			lines = append(lines, fmt.Sprintf("%s%s rows=%d dbHits=%d %s", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits(), det))
			for _, c := range p.Children() {
				walk(c, depth+1)
			}
		}
		walk(sum.Profile(), 0)
		fmt.Printf("## %s: %d database hits\n%s\n\n", s.name, total, strings.Join(lines, "\n"))
	}
	return nil
}
