package graph

import "sort"

// MatrixCell is what the database gives for one cell of a cooperation
// matrix: its row and column, with their labels, and its items (projects
// or cadres by id, each with its amount).
type MatrixCell struct {
	Row, RowLabel       string
	Column, ColumnLabel string
	Items               map[string]float64
}

// AssembleMatrix builds the matrix from its cells. A cell's value, a
// header's total and the matrix total are the measure over distinct items
// (their number, or for MeasureAmount the sum of their amounts), so a
// project in two cells of a row counts once in the row's total. Rows, and
// columns other than years, are ordered by total, largest first, and among
// equal totals by key with "" last; years are in order ("" last). Past MaxMatrixRows rows
// or MaxMatrixColumns columns the smallest are dropped (for years the
// oldest), and Truncated says so.
func AssembleMatrix(rows MatrixRows, columns MatrixColumns, measure MatrixMeasure, cells []MatrixCell) *CooperationMatrix {
	type set map[string]float64
	type cellKey struct{ r, c string }
	byKey := map[cellKey]set{}
	rowSets, colSets, all := map[string]set{}, map[string]set{}, set{}
	rowLabel, colLabel := map[string]string{}, map[string]string{}
	add := func(m map[string]set, k, id string, v float64) {
		if m[k] == nil {
			m[k] = set{}
		}
		m[k][id] = v
	}
	for _, c := range cells {
		rowLabel[c.Row], colLabel[c.Column] = c.RowLabel, c.ColumnLabel
		cell := set{}
		for id, v := range c.Items {
			cell[id] = v
			add(rowSets, c.Row, id, v)
			add(colSets, c.Column, id, v)
			all[id] = v
		}
		byKey[cellKey{c.Row, c.Column}] = cell
	}
	value := func(s set) float64 {
		if measure != MeasureAmount {
			return float64(len(s))
		}
		t := 0.0
		for _, v := range s {
			t += v
		}
		return t
	}
	headers := func(sets map[string]set, labels map[string]string, chronological bool, limit int) ([]*MatrixHeader, bool) {
		hs := make([]*MatrixHeader, 0, len(sets))
		for k, s := range sets {
			hs = append(hs, &MatrixHeader{Key: k, Label: labels[k], Total: value(s)})
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
	m := &CooperationMatrix{RowKind: rows, ColumnKind: columns, Measure: measure, Total: value(all)}
	var tr, tc bool
	m.Rows, tr = headers(rowSets, rowLabel, false, MaxMatrixRows)
	m.Columns, tc = headers(colSets, colLabel, columns == MatrixToYear, MaxMatrixColumns)
	m.Truncated = tr || tc
	m.Cells = make([][]float64, len(m.Rows))
	for i, r := range m.Rows {
		m.Cells[i] = make([]float64, len(m.Columns))
		for j, c := range m.Columns {
			if s := byKey[cellKey{r.Key, c.Key}]; s != nil {
				m.Cells[i][j] = value(s)
			}
		}
	}
	return m
}
