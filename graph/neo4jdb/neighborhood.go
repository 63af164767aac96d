package neo4jdb

import (
	"context"
	"sort"

	"github.com/liaison/liaison/graph"
)

// cypherNeighbors returns, for each frontier node, its degree under the
// filters and one page of its relationships with both ends.
const cypherNeighbors = `UNWIND $frontier AS fid
MATCH (x:Entity {id: fid})
CALL (x) {
  MATCH (x)-[r:{{types}}]-(y:Entity)
  WHERE ($at IS NULL OR ((r.from IS NULL OR r.from <= $at) AND (r.to IS NULL OR r.to >= $at)))
    AND (NOT y:Person OR {{visible}})
  WITH r, y ORDER BY type(r), y.pinyin, r.id
  WITH collect(r) AS rels
  RETURN size(rels) AS degree, rels[(CASE WHEN x.id = $center THEN $skip ELSE 0 END)..(CASE WHEN x.id = $center THEN $skip ELSE 0 END) + $first] AS page
}
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS r
WITH fid, degree, r, startNode(r) AS rs, endNode(r) AS re
RETURN fid, degree, CASE WHEN r IS NULL THEN null ELSE {{rel}} END AS rel`

// Neighborhood returns the subgraph around an entity, breadth first, at
// most First relationships per node and MaxNeighborhoodNodes nodes.
func (db *DB) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (*graph.Neighborhood, error) {
	if err := q.Normalize(); err != nil {
		return nil, err
	}
	center, err := db.FindNodes(ctx, []string{q.ID})
	if err != nil {
		return nil, err
	}
	if center[q.ID] == nil {
		k, _ := graph.ParseID(q.ID)
		return nil, graph.Errorf(graph.CodeNotFound, "id: %s", graph.NotFound(k, q.ID).Message)
	}
	cypher := fill(cypherNeighbors, "types", typeList(q.RelTypes), "visible", visibleY, "rel", relProj("r"))
	out := &graph.Neighborhood{Nodes: []graph.Node{center[q.ID]}, Degrees: map[string]int{}}
	seen := map[string]bool{q.ID: true}
	seenRel := map[string]bool{}
	shown := map[string]int{}
	frontier := []string{q.ID}
	for layer := 0; layer < q.Depth && len(frontier) > 0; layer++ {
		recs, err := db.read(ctx, cypher, map[string]any{"frontier": frontier, "center": q.ID, "skip": q.Skip, "first": q.First, "at": dateValue(q.At)})
		if err != nil {
			return nil, err
		}
		var next []string
		for _, rec := range recs {
			fid, _ := rec.Values[0].(string)
			degree, _ := rec.Values[1].(int64)
			out.Degrees[fid] = int(degree)
			if rec.Values[2] == nil {
				continue
			}
			r, err := decodeRel(rec.Values[2])
			if err != nil {
				return nil, err
			}
			shown[fid]++
			if !seenRel[r.ID] {
				seenRel[r.ID] = true
				out.Relationships = append(out.Relationships, r)
			}
			other := r.Other(fid)
			if !seen[other.NodeID()] && len(out.Nodes) < graph.MaxNeighborhoodNodes {
				seen[other.NodeID()] = true
				out.Nodes = append(out.Nodes, other)
				next = append(next, other.NodeID())
			}
		}
		frontier = next
	}
	// Keep only relationships whose both ends are shown.
	rels := out.Relationships[:0]
	for _, r := range out.Relationships {
		if seen[r.StartID] && seen[r.EndID] {
			rels = append(rels, r)
		}
	}
	out.Relationships = rels
	for id, d := range out.Degrees {
		skip := 0
		if id == q.ID {
			skip = q.Skip
		}
		if d > skip+shown[id] {
			out.More = append(out.More, id)
		}
	}
	sort.Strings(out.More)
	return out, nil
}
