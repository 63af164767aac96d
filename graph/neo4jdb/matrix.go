package neo4jdb

import (
	"context"

	"github.com/liaison/liaison/graph"
)

// The cooperation matrix.

// matrixRowKeys binds rk and rl from the dispatching unit u of cadre p's
// posting, for project n.
var matrixRowKeys = map[graph.MatrixRows]string{
	graph.MatrixByUnitKind: `WITH n, p, u.kind AS rk, u.kind AS rl`,
	graph.MatrixByUnit:     `WITH n, p, u.id AS rk, u.name AS rl`,
	graph.MatrixByUnitRegion: `OPTIONAL MATCH (u)-[lu:LOCATED_IN]->(ur:Region) WHERE lu.to IS NULL
WITH n, p, coalesce(ur.id, '') AS rk, coalesce(ur.name, '') AS rl`,
}

// matrixColumnKeys binds ck and cl for project n.
var matrixColumnKeys = map[graph.MatrixColumns]string{
	graph.MatrixToRegion: `OPTIONAL MATCH (n)-[ln:LOCATED_IN]->(nr:Region) WHERE ln.to IS NULL
WITH n, p, rk, rl, coalesce(nr.id, '') AS ck, coalesce(nr.name, '') AS cl`,
	graph.MatrixToIndustry: `OPTIONAL MATCH (c:Company)-[:INVESTS_IN]->(n)
WITH n, p, rk, rl, coalesce(c.industry, $unknown) AS ck
WITH n, p, rk, rl, ck, ck AS cl`,
	graph.MatrixToYear: `WITH n, p, rk, rl, CASE WHEN n.startDate IS NULL THEN '' ELSE toString(n.startDate.year) END AS ck
WITH n, p, rk, rl, ck, ck AS cl`,
}

// matrixItems is what a cell collects: projects with their amounts, or
// cadres.
var matrixItems = map[graph.MatrixMeasure]string{
	graph.MeasureProjects: `[n.id, coalesce(n.amount, 0.0)]`,
	graph.MeasureAmount:   `[n.id, coalesce(n.amount, 0.0)]`,
	graph.MeasureCadres:   `[p.id, 0.0]`,
}

const cypherMatrix = `MATCH (n:Project) {{where}}
MATCH (p:Person)-[:SECURED|INTRODUCED]->(n) WHERE {{visible}}
MATCH (p)-[post:POSTED_TO]->()
MATCH (u:Unit {id: post.dispatchingUnitId})
{{rows}}
WITH DISTINCT n, p, rk, rl
{{columns}}
WITH rk, rl, ck, cl, collect(DISTINCT {{item}}) AS items
RETURN rk, rl, ck, cl, items`

// CooperationMatrix computes how much each dispatching unit (or kind or
// region of units) brought to each region, industry or year, over the
// projects the filter keeps, in one statement. Rows and columns with the
// largest totals are kept up to graph.MaxMatrixRows and MaxMatrixColumns
// (year columns in order).
func (db *DB) CooperationMatrix(ctx context.Context, rows graph.MatrixRows, columns graph.MatrixColumns, measure graph.MatrixMeasure, f graph.ProjectWhere) (*graph.CooperationMatrix, error) {
	rk, ok := matrixRowKeys[rows]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "rows: %q is not a row dimension", rows)
	}
	ck, ok := matrixColumnKeys[columns]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "columns: %q is not a column dimension", columns)
	}
	item, ok := matrixItems[measure]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "measure: %q is not a measure", measure)
	}
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	cypher := fill(cypherMatrix, "where", w.String(), "visible", visibleP, "rows", rk, "columns", ck, "item", item)
	w.params["unknown"] = graph.UnknownIndustry
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	cells := make([]graph.MatrixCell, 0, len(recs))
	for _, rec := range recs {
		c := graph.MatrixCell{Items: map[string]float64{}}
		c.Row, _ = rec.Values[0].(string)
		c.RowLabel, _ = rec.Values[1].(string)
		c.Column, _ = rec.Values[2].(string)
		c.ColumnLabel, _ = rec.Values[3].(string)
		items, _ := rec.Values[4].([]any)
		for _, it := range items {
			x, _ := it.([]any)
			if len(x) != 2 {
				continue
			}
			id, _ := x[0].(string)
			c.Items[id] = orZero(floatOf(x[1]))
		}
		cells = append(cells, c)
	}
	return graph.AssembleMatrix(rows, columns, measure, cells), nil
}
