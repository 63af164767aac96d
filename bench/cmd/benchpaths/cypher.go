package main

import (
	"context"
	"fmt"
	"github.com/liaison/liaison/internal/cyphertext"
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
// paths(orderBy: HOPS): the statements of graph/neo4jdb/paths.go that
// fetch the subgraph between the ends (the layer statement for the inner
// layers, the meeting statement for the last ones) and the node hydration
// of FindNodes, with the Go driver, then the same search over the fetched
// subgraph (graph.Subgraph.KShortest). The texts below are copies of the
// package's unexported constants; checkDrift compares them with the source
// at run time.

const (
	rawKeep = `($at IS NULL OR ((r.from IS NULL OR r.from <= $at) AND (r.to IS NULL OR r.to >= $at)))
    AND ($dfrom IS NULL OR r.to IS NULL OR r.to >= $dfrom) AND ($dto IS NULL OR r.from IS NULL OR r.from <= $dto)
    AND (y.id IN $ends OR (coalesce(y.discoverable, true) AND NOT any(l IN labels(y) WHERE l IN $excluded)))`

	rawLayer = `UNWIND $frontier AS fid
MATCH (x:Entity {id: fid})
CALL (x) {
  OPTIONAL MATCH (x)-[r:{{types}}]-(y:Entity)
  WHERE {{keep}}
  RETURN collect({type: type(r), props: properties(r), s: startNode(r).id, e: endNode(r).id, y: y.id}) AS edges
}
RETURN fid, edges`

	rawMeet = `CALL () {
CALL () {
  UNWIND $lastA AS fid
  MATCH (x:Entity {id: fid})-[r:{{types}}]-(y:Entity)
  WHERE {{keep}}
  RETURN r, y.id AS yid, true AS fromA
  UNION ALL
  UNWIND $lastB AS fid
  MATCH (x:Entity {id: fid})-[r:{{types}}]-(y:Entity)
  WHERE {{keep}}
  RETURN r, y.id AS yid, false AS fromA
}
WITH yid, collect({r: r, a: fromA}) AS es
WITH yid, es, any(e IN es WHERE e.a) OR yid IN $innerA AS nearA, any(e IN es WHERE NOT e.a) OR yid IN $innerB AS nearB
UNWIND es AS e
WITH e, nearA, nearB WHERE (e.a AND nearB) OR (NOT e.a AND nearA)
WITH e.r AS r
RETURN collect(DISTINCT {type: type(r), props: properties(r), s: startNode(r).id, e: endNode(r).id}) AS edges
}
RETURN EXISTS { (:Entity {id: $from}) } AS hasFrom, EXISTS { (:Entity {id: $to}) } AS hasTo, edges`

	// rawNodeProj is neo4jdb's cypherNodeProj ({{v}} is the variable).
	rawNodeProj = `{{v}} {.*, _labels: labels({{v}}), _cadre: EXISTS { ({{v}})-[:POSTED_TO]->() },
 _parent: [({{v}})-[:PART_OF]->(pp) | pp.id][0],
 _region: [({{v}})-[lr:LOCATED_IN]->(rr:Region) WHERE lr.to IS NULL | rr.id][0]}`
)

// rawCypher renders a statement as pathCypher does for the default
// relationship types between two people (LOCATED_IN left out).
func rawCypher(tmpl string) string {
	types := relTypeNames(graph.DefaultPathRelTypes(graph.KindPerson, graph.KindPerson))
	return cyphertext.Fill(tmpl, "types", strings.Join(types, "|"), "keep", rawKeep)
}

var findNodesCypher = cyphertext.Fill(`MATCH (n:Entity) WHERE n.id IN $ids RETURN {{proj}} AS n`, "proj", cyphertext.Fill(rawNodeProj, "v", "n"))

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

// rawRunner runs the statements with its own driver.
type rawRunner struct {
	driver  neo4j.DriverWithContext
	dbName  string
	maxHops int
	first   int
	layer   string
	meet    string
}

func newRawRunner(driver neo4j.DriverWithContext, maxHops, first int) *rawRunner {
	return &rawRunner{driver: driver, dbName: "neo4j", maxHops: maxHops, first: first, layer: rawCypher(rawLayer), meet: rawCypher(rawMeet)}
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

// paths fetches the subgraph between the ends as DB.between does, finds
// the k shortest simple paths in it (every link of strength 1: the lengths
// and the number of paths do not depend on the strengths), and loads every
// node of them in one statement as DB.hydrate does.
func (r *rawRunner) paths(ctx context.Context, from, to string) (outcome, error) {
	params := shortestParams(from, to)
	sg := graph.NewSubgraph()
	add := func(e any) string {
		m, _ := e.(map[string]any)
		props, _ := m["props"].(map[string]any)
		id, _ := props["id"].(string)
		s, _ := m["s"].(string)
		t, _ := m["e"].(string)
		y, _ := m["y"].(string)
		if id != "" {
			sg.AddEdge(id, s, t, 1)
		}
		return y
	}
	hA, hB := (r.maxHops+1)/2, r.maxHops/2
	seenA, seenB := map[string]bool{from: true}, map[string]bool{to: true}
	frontA, frontB := []string{from}, []string{to}
	rounds := 0
	for d := 0; d < max(hA, hB)-1; d++ {
		inA, inB := map[string]bool{}, map[string]bool{}
		var frontier []string
		if d < hA-1 {
			for _, id := range frontA {
				inA[id] = true
				frontier = append(frontier, id)
			}
		}
		if d < hB-1 {
			for _, id := range frontB {
				inB[id] = true
				if !inA[id] {
					frontier = append(frontier, id)
				}
			}
		}
		if len(frontier) == 0 {
			break
		}
		params["frontier"] = frontier
		recs, err := r.read(ctx, r.layer, params)
		rounds++
		if err != nil {
			return outcome{}, err
		}
		var nextA, nextB []string
		for _, rec := range recs {
			fid, _ := rec.Values[0].(string)
			edges, _ := rec.Values[1].([]any)
			for _, e := range edges {
				y := add(e)
				if y == "" {
					continue
				}
				if inA[fid] && !seenA[y] {
					seenA[y] = true
					nextA = append(nextA, y)
				}
				if inB[fid] && !seenB[y] {
					seenB[y] = true
					nextB = append(nextB, y)
				}
			}
		}
		if d < hA-1 {
			frontA = nextA
		}
		if d < hB-1 {
			frontB = nextB
		}
	}
	if hB == 0 {
		frontB = nil
	}
	params["lastA"], params["lastB"] = frontA, frontB
	params["innerA"], params["innerB"] = setKeys(seenA), setKeys(seenB)
	recs, err := r.read(ctx, r.meet, params)
	rounds++
	if err != nil {
		return outcome{}, err
	}
	if len(recs) != 1 {
		return outcome{}, fmt.Errorf("the meeting statement answered %d rows", len(recs))
	}
	if a, _ := recs[0].Values[0].(bool); !a {
		return outcome{}, fmt.Errorf("from %s: not found", from)
	}
	if b, _ := recs[0].Values[1].(bool); !b {
		return outcome{}, fmt.Errorf("to %s: not found", to)
	}
	edges, _ := recs[0].Values[2].([]any)
	for _, e := range edges {
		add(e)
	}
	found := sg.KShortest(from, to, r.maxHops, r.first, nil)
	idset := map[string]bool{}
	var ids []string
	for _, p := range found {
		for _, id := range p.Nodes {
			if !idset[id] {
				idset[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		nodes, err := r.read(ctx, findNodesCypher, map[string]any{"ids": ids})
		rounds++
		if err != nil {
			return outcome{}, err
		}
		if len(nodes) != len(ids) {
			return outcome{}, fmt.Errorf("hydration returned %d of %d nodes", len(nodes), len(ids))
		}
	}
	o := outcome{count: len(found), roundTrips: rounds}
	if len(found) > 0 {
		o.firstLen = len(found[0].Rels)
	}
	return o, nil
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkDrift compares the copies above with graph/neo4jdb's source. It
// returns "ok", "skipped: ..." or what differs.
func checkDrift(repo string) string {
	want := map[string]string{"cypherKeep": rawKeep, "cypherLayer": rawLayer, "cypherMeet": rawMeet, "cypherNodeProj": rawNodeProj}
	got := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range []string{"paths.go", "record.go"} {
		f, err := parser.ParseFile(fset, filepath.Join(repo, "graph/neo4jdb", name), nil, 0)
		if err != nil {
			return "skipped: " + err.Error()
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if _, ok := want[n.Name]; ok && i < len(vs.Values) {
						got[n.Name], _ = constString(vs.Values[i])
					}
				}
			}
		}
	}
	var bad []string
	for _, k := range []string{"cypherKeep", "cypherLayer", "cypherMeet", "cypherNodeProj"} {
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
