package neo4jdb

import (
	"context"

	"github.com/liaison/liaison/graph"
)

// Group-by summaries.

// projectGroupKeys binds key and label for each project n, one row per
// (project, key).
var projectGroupKeys = map[graph.ProjectGroup]string{
	graph.GroupProjectKind:   `WITH n, n.kind AS key, n.kind AS label`,
	graph.GroupProjectStatus: `WITH n, n.status AS key, n.status AS label`,
	graph.GroupProjectYear: `WITH n, CASE WHEN n.startDate IS NULL THEN '' ELSE toString(n.startDate.year) END AS key
WITH n, key, key AS label`,
	graph.GroupProjectRegion: `OPTIONAL MATCH (n)-[lr:LOCATED_IN]->(g:Region) WHERE lr.to IS NULL
WITH n, coalesce(g.id, '') AS key, coalesce(g.name, '') AS label`,
	graph.GroupProjectDispatchingUnit: fill(`{{broughtBy}}
UNWIND CASE WHEN size(units) = 0 THEN [['', '']] ELSE units END AS k
WITH n, k[0] AS key, k[1] AS label`, "broughtBy", cypherBroughtBy),
}

// cypherBroughtBy binds, for project n, the dispatching units (id, name)
// of the cadres who secured or introduced it.
var cypherBroughtBy = fill(`WITH n, COLLECT { MATCH (p:Person)-[:SECURED|INTRODUCED]->(n) WHERE {{visible}} MATCH (p)-[post:POSTED_TO]->()
  MATCH (u:Unit {id: post.dispatchingUnitId}) RETURN DISTINCT [u.id, u.name] } AS units`, "visible", visibleP)

const cypherGroupProjects = `MATCH (n:Project) {{where}}
{{keys}}
WITH DISTINCT n, key, label
WITH key, label, count(n) AS count, sum(coalesce(n.amount, 0.0)) AS sum
RETURN key, label, count, sum
ORDER BY {{order}}
LIMIT $limit`

// groupOrder: years and batches in order with "" last, other groupings
// largest first.
func groupOrder(chronological bool) string {
	if chronological {
		return "key = '' ASC, key ASC"
	}
	return "count DESC, sum DESC, key ASC"
}

// group runs a group-by statement (tmpl) over what w keeps, with the
// grouping's keys, at most graph.MaxGroupRows rows.
func (db *DB) group(ctx context.Context, tmpl string, w *where, keys string, chronological bool) ([]*graph.GroupRow, error) {
	cypher := fill(tmpl, "where", w.String(), "keys", keys, "order", groupOrder(chronological))
	w.params["limit"] = graph.MaxGroupRows
	recs, err := db.Query(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.GroupRow, 0, len(recs))
	for _, m := range recs {
		out = append(out, &graph.GroupRow{Key: str(m, "key"), Label: str(m, "label"), Count: count(m, "count"), Sum: orZero(optFloat(m, "sum"))})
	}
	return out, nil
}

// GroupProjects summarizes the projects the filter keeps by kind, status,
// region, dispatching unit or year, at most graph.MaxGroupRows rows.
func (db *DB) GroupProjects(ctx context.Context, by graph.ProjectGroup, f graph.ProjectWhere) ([]*graph.GroupRow, error) {
	keys, ok := projectGroupKeys[by]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "by: %q is not a project grouping", by)
	}
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	return db.group(ctx, cypherGroupProjects, w, keys, by == graph.GroupProjectYear)
}

// cadreGroupKeys binds key and label for each posting post of cadre n to
// host unit host.
var cadreGroupKeys = map[graph.CadreGroup]string{
	graph.GroupCadreUnitKind: `OPTIONAL MATCH (u:Unit {id: post.dispatchingUnitId})
WITH n, coalesce(u.kind, '') AS key, coalesce(u.kind, '') AS label`,
	graph.GroupCadreBatch: `WITH n, CASE WHEN post.batch IS NULL THEN '' ELSE toString(post.batch) END AS key
WITH n, key, key AS label`,
	graph.GroupCadreHostRegion: `OPTIONAL MATCH (host)-[lr:LOCATED_IN]->(g:Region) WHERE lr.to IS NULL
WITH n, coalesce(g.id, '') AS key, coalesce(g.name, '') AS label`,
}

const cypherGroupCadres = `MATCH (n:Person) {{where}}
MATCH (n)-[post:POSTED_TO]->(host:Unit)
{{keys}}
WITH DISTINCT n, key, label
WITH key, label, collect(n) AS cadres
CALL (cadres) { UNWIND cadres AS c MATCH (c)-[:SECURED|INTRODUCED]->(pr:Project)
  WITH DISTINCT pr RETURN sum(coalesce(pr.amount, 0.0)) AS sum }
WITH key, label, size(cadres) AS count, sum
RETURN key, label, count, sum
ORDER BY {{order}}
LIMIT $limit`

// GroupCadres summarizes the cadres (people with postings) the filter
// keeps, by the dispatching unit kind, batch or host region of each of
// their postings, at most graph.MaxGroupRows rows.
func (db *DB) GroupCadres(ctx context.Context, by graph.CadreGroup, f graph.PersonWhere) ([]*graph.GroupRow, error) {
	keys, ok := cadreGroupKeys[by]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "by: %q is not a cadre grouping", by)
	}
	w, err := peopleWhere(f)
	if err != nil {
		return nil, err
	}
	return db.group(ctx, cypherGroupCadres, w, keys, by == graph.GroupCadreBatch)
}
