package neo4jdb

import (
	"context"
	"sort"
	"strings"

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
MATCH (p:Person)-[:SECURED|INTRODUCED]->(n) WHERE ` + visibleP + `
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
	cypher := strings.NewReplacer("{{where}}", w.String(), "{{rows}}", rk, "{{columns}}", ck, "{{item}}", item).Replace(cypherMatrix)
	w.params["unknown"] = graph.UnknownIndustry
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	type set map[string]float64
	type cellKey struct{ r, c string }
	cells := map[cellKey]set{}
	rowSets, colSets, all := map[string]set{}, map[string]set{}, set{}
	rowLabel, colLabel := map[string]string{}, map[string]string{}
	add := func(m map[string]set, k, id string, v float64) {
		if m[k] == nil {
			m[k] = set{}
		}
		m[k][id] = v
	}
	for _, rec := range recs {
		r, _ := rec.Values[0].(string)
		rl, _ := rec.Values[1].(string)
		c, _ := rec.Values[2].(string)
		cl, _ := rec.Values[3].(string)
		items, _ := rec.Values[4].([]any)
		rowLabel[r], colLabel[c] = rl, cl
		cell := set{}
		for _, it := range items {
			x, _ := it.([]any)
			if len(x) != 2 {
				continue
			}
			id, _ := x[0].(string)
			v := orZero(optFloat(map[string]any{"v": x[1]}, "v"))
			cell[id] = v
			add(rowSets, r, id, v)
			add(colSets, c, id, v)
			all[id] = v
		}
		cells[cellKey{r, c}] = cell
	}
	value := func(s set) float64 {
		if measure != graph.MeasureAmount {
			return float64(len(s))
		}
		t := 0.0
		for _, v := range s {
			t += v
		}
		return t
	}
	headers := func(sets map[string]set, labels map[string]string, chronological bool, limit int) ([]*graph.MatrixHeader, bool) {
		hs := make([]*graph.MatrixHeader, 0, len(sets))
		for k, s := range sets {
			hs = append(hs, &graph.MatrixHeader{Key: k, Label: labels[k], Total: value(s)})
		}
		sort.Slice(hs, func(i, j int) bool {
			if !chronological && hs[i].Total != hs[j].Total {
				return hs[i].Total > hs[j].Total
			}
			if (hs[i].Key == "") != (hs[j].Key == "") {
				return hs[j].Key == ""
			}
			return hs[i].Key < hs[j].Key
		})
		if len(hs) <= limit {
			return hs, false
		}
		if chronological {
			// Keep the most recent years.
			return hs[len(hs)-limit:], true
		}
		return hs[:limit], true
	}
	m := &graph.CooperationMatrix{RowKind: rows, ColumnKind: columns, Measure: measure, Total: value(all)}
	var tr, tc bool
	m.Rows, tr = headers(rowSets, rowLabel, false, graph.MaxMatrixRows)
	m.Columns, tc = headers(colSets, colLabel, columns == graph.MatrixToYear, graph.MaxMatrixColumns)
	m.Truncated = tr || tc
	m.Cells = make([][]float64, len(m.Rows))
	for i, r := range m.Rows {
		m.Cells[i] = make([]float64, len(m.Columns))
		for j, c := range m.Columns {
			if s := cells[cellKey{r.Key, c.Key}]; s != nil {
				m.Cells[i][j] = value(s)
			}
		}
	}
	return m, nil
}
