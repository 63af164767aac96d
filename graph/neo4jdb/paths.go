package neo4jdb

import (
	"context"
	"sort"
	"strings"

	"github.com/liaison/liaison/graph"
)

// Path search fetches the part of the graph where the paths can lie and
// finds them in Go (graph.Subgraph.KBest: Yen's k best simple paths).
//
// With hA = ceil(maxHops/2) and hB = floor(maxHops/2), a path of at most
// maxHops steps from a to b leaves, in each of its first hA steps, a node
// within hA-1 steps of a, and enters, in each of the others, a node within
// hB-1 steps of b. So every relationship of it is a relationship of a node
// within hA-1 steps of a or hB-1 steps of b: the inner layers are fetched
// whole (cypherLayer), and of the last layer's relationships (cypherMeet)
// those whose far end is within reach of the other side, which is where
// the middle relationships of a path must lead. Nothing a path can use is
// left out, so the answer is exact: the k shortest (or strongest) of all
// simple paths within maxHops and the filters. Two paths differ when their
// relationships differ.
//
// Introducers without a start search one side only, maxHops deep, and
// keep the strongest links of every node per layer (fanouts).

// fanouts is how many links of one node each expansion layer keeps.
var fanouts = []int{60, 30, 15, 8}

func fanoutAt(layer int) int {
	if layer < len(fanouts) {
		return fanouts[layer]
	}
	return fanouts[len(fanouts)-1]
}

// Fragments shared by both strategies; the type list is built from
// graph.RelType values and the numbers are validated integers.
const (
	// cypherKeep keeps the relationships r valid at $at and during
	// $dfrom..$dto whose far end y may be passed through (an end of the
	// search, or a discoverable node of no excluded label).
	cypherKeep = `($at IS NULL OR ((r.from IS NULL OR r.from <= $at) AND (r.to IS NULL OR r.to >= $at)))
    AND ($dfrom IS NULL OR r.to IS NULL OR r.to >= $dfrom) AND ($dto IS NULL OR r.from IS NULL OR r.from <= $dto)
    AND (y.id IN $ends OR (coalesce(y.discoverable, true) AND NOT any(l IN labels(y) WHERE l IN $excluded)))`
	// cypherWeight mirrors graph.LinkWeights.Of for ordering links inside
	// the database; the strengths reported are computed in Go.
	cypherWeight = `CASE WHEN type(r) = 'KNOWS' AND r.strength > 0 THEN r.strength
  ELSE coalesce($base[type(r)], 0.3) * CASE WHEN r.to < date() THEN $ended ELSE 1.0 END END`

	// cypherLayer fetches every relationship of the frontier's nodes;
	// every frontier node that exists answers a row, so that the first
	// layer also tells a missing end.
	cypherLayer = `UNWIND $frontier AS fid
MATCH (x:Entity {id: fid})
CALL (x) {
  OPTIONAL MATCH (x)-[r:{{types}}]-(y:Entity)
  WHERE {{keep}}
  RETURN collect({type: type(r), props: properties(r), s: startNode(r).id, e: endNode(r).id, y: y.id}) AS edges
}
RETURN fid, edges`

	// cypherMeet fetches the relationships of both last layers and keeps a
	// relationship of side A only where its far end is within reach of
	// side B (in B's inner layers, or a neighbour of B's last layer), and
	// the other way round.
	cypherMeet = `CALL () {
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

	cypherExpand = `UNWIND $frontier AS fid
MATCH (x:Entity {id: fid})
CALL (x) {
  MATCH (x)-[r:{{types}}]-(y:Entity)
  WHERE {{keep}}
  WITH r, y, {{weight}} AS w
  ORDER BY w DESC, r.id
  LIMIT $fanout
  RETURN collect({type: type(r), props: properties(r), s: startNode(r).id, e: endNode(r).id, y: y.id}) AS edges
}
RETURN fid, edges`

	cypherCurrentPost = `UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  OPTIONAL MATCH (p)-[r:POSTED_TO|EMPLOYED_BY|MEMBER_OF]->(o)
  WHERE (r.from IS NULL OR r.from <= date()) AND (r.to IS NULL OR r.to >= date())
  WITH r ORDER BY CASE type(r) WHEN 'POSTED_TO' THEN 0 WHEN 'EMPLOYED_BY' THEN 1 ELSE 2 END, r.from DESC
  LIMIT 1
  WITH r, startNode(r) AS rs, endNode(r) AS re
  RETURN CASE WHEN r IS NULL THEN null ELSE {{rel}} END AS post
}
RETURN pid, post`
)

// pathParams are the parameters of the filters.
func (db *DB) pathParams(q graph.PathQuery) map[string]any {
	excluded := make([]string, 0, len(q.ExcludeKinds))
	for _, k := range q.ExcludeKinds {
		excluded = append(excluded, k.Label())
	}
	base := map[string]any{}
	for t, w := range db.strengths.Links.Base {
		base[string(t)] = w
	}
	p := map[string]any{"from": q.From, "to": q.To, "ends": []string{q.From, q.To}, "excluded": excluded,
		"at": dateValue(q.At), "dfrom": nil, "dto": nil, "base": base, "ended": db.strengths.Links.EndedFactor}
	if q.During != nil {
		p["dfrom"], p["dto"] = dateValue(q.During.From), dateValue(q.During.To)
	}
	return p
}

func typeList(ts []graph.RelType) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		if c := t.Cypher(); c != "" {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, "|")
}

// PathStatements is what paths(orderBy: HOPS) sends to fetch the subgraph
// between the ends of a query and to load the nodes of the paths found:
// Layer (one per inner layer, with $frontier), Meet (the last layers, with
// $lastA, $lastB, $innerA and $innerB) and Nodes (with $ids).
// bench/cmd/benchpaths replays them with a driver of its own as the floor
// of the path query, so that there is no copy of them to drift.
type PathStatements struct {
	Layer, Meet, Nodes string
}

// PathStatements renders the statements of q as the search runs them, and
// the parameters Layer and Meet share.
func (db *DB) PathStatements(q graph.PathQuery) (PathStatements, map[string]any) {
	return PathStatements{Layer: pathCypher(cypherLayer, q), Meet: pathCypher(cypherMeet, q),
		Nodes: withProj(cypherNodesByID, "n")}, db.pathParams(q)
}

// pathCypher fills a path statement's relationship types and filter, and
// the extra placeholders of that statement.
func pathCypher(tmpl string, q graph.PathQuery, extra ...string) string {
	return fill(tmpl, append([]string{"types", typeList(q.RelTypes), "keep", cypherKeep}, extra...)...)
}

// relFromMap decodes {type, props, s, e} with the ends as ids only.
func relFromMap(v any) *graph.Relationship {
	m, _ := v.(map[string]any)
	r := relFields(m)
	r.StartID, r.EndID = str(m, "s"), str(m, "e")
	return r
}

// requireEnds fails with NOT_FOUND when an end of the search is missing.
func (db *DB) requireEnds(ctx context.Context, ends map[string]string) (map[string]graph.Node, error) {
	ids := make([]string, 0, len(ends))
	for _, id := range ends {
		ids = append(ids, id)
	}
	nodes, err := db.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, field := range []string{"from", "to", "target"} {
		if id, ok := ends[field]; ok && nodes[id] == nil {
			k, _ := graph.ParseID(id)
			return nil, graph.Errorf(graph.CodeNotFound, "%s: %s", field, graph.NotFound(k, id).Message)
		}
	}
	return nodes, nil
}

// Paths finds cooperation paths between two entities: the k shortest
// (ties broken by strength) or the k strongest simple paths.
func (db *DB) Paths(ctx context.Context, q graph.PathQuery) ([]*graph.Path, error) {
	if err := q.Normalize(); err != nil {
		return nil, err
	}
	rels := map[string]*graph.Relationship{}
	sg, err := db.between(ctx, q, rels)
	if err != nil {
		return nil, err
	}
	raws := sg.KBest(q.From, q.To, q.MaxHops, q.First, q.OrderBy, nil)
	if len(raws) == 0 {
		return []*graph.Path{}, nil
	}
	paths, err := db.hydrate(ctx, raws, rels)
	if err != nil {
		return nil, err
	}
	// hydrate computes the strengths again from the relationships: keep
	// the order they give.
	if q.OrderBy == graph.ByHops {
		sort.SliceStable(paths, func(i, j int) bool {
			if paths[i].Length() != paths[j].Length() {
				return paths[i].Length() < paths[j].Length()
			}
			return paths[i].Strength > paths[j].Strength
		})
	} else {
		sort.SliceStable(paths, func(i, j int) bool { return paths[i].Strength > paths[j].Strength })
	}
	return paths, nil
}

// between fetches every relationship that can lie on a path of at most
// q.MaxHops steps from q.From to q.To under the filters: the inner layers
// of both ends whole, then the last layers where they meet (see the
// comment at the top). It fails with NOT_FOUND when an end is missing.
func (db *DB) between(ctx context.Context, q graph.PathQuery, rels map[string]*graph.Relationship) (*graph.Subgraph, error) {
	sg := graph.NewSubgraph()
	today := graph.Today()
	params := db.pathParams(q)
	add := func(e any) string {
		rel := relFromMap(e)
		rels[rel.ID] = rel
		sg.AddEdge(rel.ID, rel.StartID, rel.EndID, db.strengths.Links.Of(rel, today))
		m, _ := e.(map[string]any)
		return str(m, "y")
	}
	ls := graph.NewLayers(q.From, q.To, q.MaxHops)
	layer := pathCypher(cypherLayer, q)
	for frontier := ls.Frontier(); len(frontier) > 0; frontier = ls.Frontier() {
		params["frontier"] = frontier
		recs, err := db.read(ctx, layer, params)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			fid, _ := rec.Values[0].(string)
			edges, _ := rec.Values[1].([]any)
			for _, e := range edges {
				if m, _ := e.(map[string]any); m["type"] == nil {
					continue // the OPTIONAL MATCH of a node without relationships
				}
				ls.Reach(fid, add(e))
			}
		}
		ls.Advance()
	}
	params["lastA"], params["lastB"], params["innerA"], params["innerB"] = ls.Last()
	recs, err := db.read(ctx, pathCypher(cypherMeet, q), params)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, graph.Errorf(graph.CodeInternal, "paths: the meeting statement answered %d rows", len(recs))
	}
	for i, end := range [2][2]string{{"from", q.From}, {"to", q.To}} {
		if ok, _ := recs[0].Values[i].(bool); !ok {
			k, _ := graph.ParseID(end[1])
			return nil, graph.Errorf(graph.CodeNotFound, "%s: %s", end[0], graph.NotFound(k, end[1]).Message)
		}
	}
	edges, _ := recs[0].Values[2].([]any)
	for _, e := range edges {
		add(e)
	}
	return sg, nil
}

// expand fetches the neighbourhood of start, q.MaxHops layers deep,
// keeping the strongest links of every node per layer (fanouts): the
// one-sided search of introducers without from.
func (db *DB) expand(ctx context.Context, q graph.PathQuery, start string, rels map[string]*graph.Relationship) (*graph.Subgraph, error) {
	sg := graph.NewSubgraph()
	today := graph.Today()
	params := db.pathParams(q)
	cypher := pathCypher(cypherExpand, q, "weight", cypherWeight)
	seen := map[string]bool{start: true}
	front := []string{start}
	for layer := 0; layer < q.MaxHops && len(front) > 0; layer++ {
		params["frontier"] = front
		params["fanout"] = fanoutAt(layer)
		recs, err := db.read(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, rec := range recs {
			edges, _ := rec.Values[1].([]any)
			for _, e := range edges {
				m, _ := e.(map[string]any)
				rel := relFromMap(e)
				rels[rel.ID] = rel
				sg.AddEdge(rel.ID, rel.StartID, rel.EndID, db.strengths.Links.Of(rel, today))
				if y := str(m, "y"); !seen[y] {
					seen[y] = true
					next = append(next, y)
				}
			}
		}
		front = next
	}
	return sg, nil
}

// hydrate turns raw paths into paths with nodes, steps, strengths and
// explanations; one statement loads every node.
func (db *DB) hydrate(ctx context.Context, raws []graph.RawPath, rels map[string]*graph.Relationship) ([]*graph.Path, error) {
	nodes, err := db.FindNodes(ctx, graph.NodeIDs(raws))
	if err != nil {
		return nil, err
	}
	today := graph.Today()
	out := make([]*graph.Path, 0, len(raws))
	for _, r := range raws {
		p := &graph.Path{Strength: 1}
		ok := true
		for _, n := range r.Nodes {
			if nodes[n] == nil {
				ok = false
				break
			}
			p.Nodes = append(p.Nodes, nodes[n])
		}
		if !ok {
			continue // deleted meanwhile
		}
		for i, id := range r.Rels {
			rel := *rels[id]
			rel.Start, rel.End = nodes[rel.StartID], nodes[rel.EndID]
			s := &graph.PathStep{Relationship: &rel, Forward: rel.StartID == r.Nodes[i], Strength: db.strengths.Links.Of(&rel, today)}
			p.Steps = append(p.Steps, s)
			p.Strength *= s.Strength
		}
		p.Explanation, p.ExplanationEn = graph.Explain(p)
		out = append(out, p)
	}
	return out, nil
}

// Introducers ranks the people who can open the way to the target.
func (db *DB) Introducers(ctx context.Context, q graph.IntroducerQuery) ([]*graph.Introducer, error) {
	if err := q.Normalize(); err != nil {
		return nil, err
	}
	ends := map[string]string{"target": q.Target}
	if q.From != nil {
		ends["from"] = *q.From
	}
	if _, err := db.requireEnds(ctx, ends); err != nil {
		return nil, err
	}
	tk, _ := graph.ParseID(q.Target)
	var fk graph.Kind
	if q.From != nil {
		fk, _ = graph.ParseID(*q.From)
	}
	pq := graph.PathQuery{To: q.Target, MaxHops: q.MaxHops, RelTypes: graph.DefaultPathRelTypes(tk, fk)}
	rels := map[string]*graph.Relationship{}
	var sg *graph.Subgraph
	var err error
	if q.From != nil {
		pq.From = *q.From
		sg, err = db.between(ctx, pq, rels)
	} else {
		pq.From = q.Target
		sg, err = db.expand(ctx, pq, q.Target, rels)
	}
	if err != nil {
		return nil, err
	}
	paths, err := db.hydrate(ctx, graph.IntroducerPaths(sg, q), rels)
	if err != nil {
		return nil, err
	}
	out := graph.RankIntroducers(paths, q.From, q.First)
	return out, setCurrentPosts(ctx, db, out, func(in *graph.Introducer) (string, **graph.Relationship) {
		return in.Person.ID, &in.CurrentPost
	})
}
