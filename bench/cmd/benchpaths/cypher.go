package main

import (
	"context"
	"fmt"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The "raw Cypher" line replays the minimum database work of
// paths(orderBy: HOPS): the statements of graph/neo4jdb/paths.go that
// fetch the subgraph between the ends (the layer statement for the inner
// layers, the meeting statement for the last ones) and the node hydration
// of FindNodes, as DB.PathStatements renders them for the default
// relationship types between two people, with the Go driver, then the same
// search over the fetched subgraph (graph.Subgraph.KShortest).

// rawRunner runs the statements with its own driver.
type rawRunner struct {
	driver  neo4j.DriverWithContext
	db      *neo4jdb.DB // renders the statements
	dbName  string
	maxHops int
	first   int
}

func newRawRunner(driver neo4j.DriverWithContext, db *neo4jdb.DB, maxHops, first int) *rawRunner {
	return &rawRunner{driver: driver, db: db, dbName: "neo4j", maxHops: maxHops, first: first}
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
	st, params := r.db.PathStatements(graph.PathQuery{From: from, To: to, RelTypes: graph.DefaultPathRelTypes(graph.KindPerson, graph.KindPerson)})
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
	ls := graph.NewLayers(from, to, r.maxHops)
	rounds := 0
	for frontier := ls.Frontier(); len(frontier) > 0; frontier = ls.Frontier() {
		params["frontier"] = frontier
		recs, err := r.read(ctx, st.Layer, params)
		rounds++
		if err != nil {
			return outcome{}, err
		}
		for _, rec := range recs {
			fid, _ := rec.Values[0].(string)
			edges, _ := rec.Values[1].([]any)
			for _, e := range edges {
				if y := add(e); y != "" {
					ls.Reach(fid, y)
				}
			}
		}
		ls.Advance()
	}
	params["lastA"], params["lastB"], params["innerA"], params["innerB"] = ls.Last()
	recs, err := r.read(ctx, st.Meet, params)
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
	ids := graph.NodeIDs(found)
	if len(ids) > 0 {
		nodes, err := r.read(ctx, st.Nodes, map[string]any{"ids": ids})
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
