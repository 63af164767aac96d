package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The "raw Cypher" line replays the minimum database work of
// paths(orderBy: HOPS): the SHORTEST statement of graph/neo4jdb/paths.go
// and the node hydration of FindNodes, with the Go driver and nothing else.
// The texts below are copies of the package's unexported constants;
// checkDrift compares them with the source at run time.

const (
	rawValid = `($at IS NULL OR ((r.from IS NULL OR r.from <= $at) AND (r.to IS NULL OR r.to >= $at)))` +
		` AND ($dfrom IS NULL OR r.to IS NULL OR r.to >= $dfrom) AND ($dto IS NULL OR r.from IS NULL OR r.from <= $dto)`
	rawPass = `(y.id IN $ends OR (coalesce(y.discoverable, true) AND NOT any(l IN labels(y) WHERE l IN $excluded)))`

	rawShortest = `OPTIONAL MATCH (a:Entity {id: $from}) OPTIONAL MATCH (b:Entity {id: $to})
CALL (a, b) {
  MATCH p = SHORTEST {{k}} (a) ((x:Entity)-[r:{{types}}]-(y:Entity) WHERE {{valid}} AND {{pass}}){1,{{max}}} (b)
  RETURN collect({nodes: [n IN nodes(p) | n.id],
    rels: [rel IN relationships(p) | {type: type(rel), props: properties(rel), s: startNode(rel).id, e: endNode(rel).id}]}) AS paths
}
RETURN a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo, paths`

	// rawNodeProj is the template of neo4jdb's nodeProj ($v is the variable).
	rawNodeProj = `$v {.*, _labels: labels($v), _cadre: EXISTS { ($v)-[:POSTED_TO]->() },` +
		` _parent: [($v)-[:PART_OF]->(pp) | pp.id][0],` +
		` _region: [($v)-[lr:LOCATED_IN]->(rr:Region) WHERE lr.to IS NULL | rr.id][0]}`
)

// shortestCypher is cypherShortest as pathCypher renders it for the
// default relationship types between two people (LOCATED_IN left out),
// maxHops and k.
func shortestCypher(maxHops, k int) string {
	types := relTypeNames(graph.DefaultPathRelTypes(graph.KindPerson, graph.KindPerson))
	return strings.NewReplacer("{{types}}", strings.Join(types, "|"), "{{valid}}", rawValid, "{{pass}}", rawPass,
		"{{k}}", strconv.Itoa(k), "{{max}}", strconv.Itoa(maxHops)).Replace(rawShortest)
}

var findNodesCypher = `MATCH (n:Entity) WHERE n.id IN $ids RETURN ` + strings.ReplaceAll(rawNodeProj, "$v", "n") + ` AS n`

// shortestParams mirrors DB.pathParams for a query without filters.
func shortestParams(from, to string) map[string]any {
	st := graph.DefaultStrengths()
	base := map[string]any{}
	for t, w := range st.Links.Base {
		base[string(t)] = w
	}
	return map[string]any{"from": from, "to": to, "ends": []string{from, to}, "excluded": []string{},
		"at": nil, "dfrom": nil, "dto": nil, "base": base, "ended": st.Links.EndedFactor}
}

// rawRunner runs the two statements with its own driver.
type rawRunner struct {
	driver  neo4j.DriverWithContext
	dbName  string
	maxHops int
	first   int
	cypher  string
}

func (r *rawRunner) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, r.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(r.dbName),
		neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(reqTimeout)))
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

// paths runs SHORTEST k, keeps the simple paths as DB.shortest does, and
// loads every node of them in one statement as DB.hydrate does.
func (r *rawRunner) paths(ctx context.Context, from, to string) (outcome, error) {
	recs, err := r.read(ctx, r.cypher, shortestParams(from, to))
	if err != nil {
		return outcome{}, err
	}
	if len(recs) != 1 {
		return outcome{}, fmt.Errorf("the shortest-path statement answered %d rows", len(recs))
	}
	if a, _ := recs[0].Values[0].(bool); !a {
		return outcome{}, fmt.Errorf("from %s: not found", from)
	}
	if b, _ := recs[0].Values[1].(bool); !b {
		return outcome{}, fmt.Errorf("to %s: not found", to)
	}
	found, _ := recs[0].Values[2].([]any)
	idset := map[string]bool{}
	var ids []string
	simple, firstLen := 0, 0
	for _, f := range found {
		fm, _ := f.(map[string]any)
		ns, _ := fm["nodes"].([]any)
		uniq := map[string]bool{}
		for _, n := range ns {
			id, _ := n.(string)
			uniq[id] = true
		}
		if len(uniq) != len(ns) {
			continue
		}
		if simple == 0 || len(ns)-1 < firstLen {
			firstLen = len(ns) - 1
		}
		simple++
		for id := range uniq {
			if !idset[id] {
				idset[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		nodes, err := r.read(ctx, findNodesCypher, map[string]any{"ids": ids})
		if err != nil {
			return outcome{}, err
		}
		if len(nodes) != len(ids) {
			return outcome{}, fmt.Errorf("hydration returned %d of %d nodes", len(nodes), len(ids))
		}
	}
	return outcome{count: min(simple, r.first), firstLen: firstLen, roundTrips: 1 + min(len(ids), 1)}, nil
}

// checkDrift compares the copies above with graph/neo4jdb's source. It
// returns "ok", "skipped: ..." or what differs.
func checkDrift(repo string) string {
	fset := token.NewFileSet()
	paths, err := parser.ParseFile(fset, filepath.Join(repo, "graph/neo4jdb/paths.go"), nil, 0)
	if err != nil {
		return "skipped: " + err.Error()
	}
	record, err := parser.ParseFile(fset, filepath.Join(repo, "graph/neo4jdb/record.go"), nil, 0)
	if err != nil {
		return "skipped: " + err.Error()
	}
	want := map[string]string{"cypherValid": rawValid, "cypherPass": rawPass, "cypherShortest": rawShortest}
	got := map[string]string{}
	for _, d := range paths.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if _, ok := want[n.Name]; ok && i < len(vs.Values) {
					got[n.Name], _ = constString(vs.Values[i])
				}
			}
		}
	}
	for _, d := range record.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "nodeProj" {
			continue
		}
		// The body is NewReplacer("$v", v).Replace(<template>): the first
		// literal is "$v", the others make the template.
		var lits []string
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				s, _ := strconv.Unquote(bl.Value)
				lits = append(lits, s)
			}
			return true
		})
		if len(lits) > 1 && lits[0] == "$v" {
			got["nodeProj"] = strings.Join(lits[1:], "")
		}
	}
	want["nodeProj"] = rawNodeProj
	var bad []string
	for _, k := range []string{"cypherValid", "cypherPass", "cypherShortest", "nodeProj"} {
		if got[k] != want[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		return "DIFFERS from graph/neo4jdb (" + strings.Join(bad, ", ") + "): update bench/cmd/benchpaths/cypher.go"
	}
	return "ok"
}

// constString evaluates a concatenation of string literals.
func constString(e ast.Expr) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(v.X)
		b, ok2 := constString(v.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(v.X)
	}
	return "", false
}
