package graph_test

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/liaison/liaison/graph"
)

func TestAssembleMatrix(t *testing.T) {
	cells := []graph.MatrixCell{
		{Row: "unt_a", RowLabel: "A", Column: "2024", ColumnLabel: "2024", Items: map[string]float64{"p1": 10, "p2": 5}},
		{Row: "unt_a", RowLabel: "A", Column: "2023", ColumnLabel: "2023", Items: map[string]float64{"p1": 10}}, // p1 in two cells of row A
		{Row: "unt_b", RowLabel: "B", Column: "2023", ColumnLabel: "2023", Items: map[string]float64{"p3": 100, "p1": 10}},
		{Row: "", RowLabel: "", Column: "2024", ColumnLabel: "2024", Items: map[string]float64{"p4": 1, "p5": 1}},
	}
	keys := func(hs []*graph.MatrixHeader) (ks []string, totals []float64) {
		for _, h := range hs {
			ks, totals = append(ks, h.Key), append(totals, h.Total)
		}
		return ks, totals
	}

	m := graph.AssembleMatrix(graph.MatrixByUnit, graph.MatrixToYear, graph.MeasureProjects, cells)
	rk, rt := keys(m.Rows)
	ck, ct := keys(m.Columns)
	// Rows by total, ties by key with "" last; years in order.
	if !reflect.DeepEqual(rk, []string{"unt_a", "unt_b", ""}) || !reflect.DeepEqual(rt, []float64{2, 2, 2}) {
		t.Errorf("rows %v %v", rk, rt)
	}
	if !reflect.DeepEqual(ck, []string{"2023", "2024"}) || !reflect.DeepEqual(ct, []float64{2, 4}) {
		t.Errorf("columns %v %v", ck, ct)
	}
	if want := [][]float64{{1, 2}, {2, 0}, {0, 2}}; !reflect.DeepEqual(m.Cells, want) {
		t.Errorf("cells %v, want %v", m.Cells, want)
	}
	if m.Total != 5 || m.Truncated || m.Rows[0].Label != "A" {
		t.Errorf("total %v, truncated %v, label %q", m.Total, m.Truncated, m.Rows[0].Label)
	}

	m = graph.AssembleMatrix(graph.MatrixByUnit, graph.MatrixToRegion, graph.MeasureAmount, cells)
	rk, rt = keys(m.Rows)
	ck, _ = keys(m.Columns)
	// Amounts: B (110) before A (15); p1 counted once in A and in the total.
	if !reflect.DeepEqual(rk, []string{"unt_b", "unt_a", ""}) || !reflect.DeepEqual(rt, []float64{110, 15, 2}) || m.Total != 117 {
		t.Errorf("amount rows %v %v, total %v", rk, rt, m.Total)
	}
	// Columns other than years by total: 2023 (110) before 2024 (17).
	if !reflect.DeepEqual(ck, []string{"2023", "2024"}) || m.Columns[0].Total != 110 {
		t.Errorf("amount columns %v", ck)
	}

	// Past the bound the oldest years go.
	var many []graph.MatrixCell
	for y := 1800; y < 1800+graph.MaxMatrixColumns+2; y++ {
		many = append(many, graph.MatrixCell{Row: "unt_a", Column: strconv.Itoa(y), Items: map[string]float64{"p" + strconv.Itoa(y): 1}})
	}
	m = graph.AssembleMatrix(graph.MatrixByUnit, graph.MatrixToYear, graph.MeasureProjects, many)
	if !m.Truncated || len(m.Columns) != graph.MaxMatrixColumns || m.Columns[0].Key != "1802" || m.Total != float64(len(many)) {
		t.Errorf("truncated %v, %d columns from %s, total %v", m.Truncated, len(m.Columns), m.Columns[0].Key, m.Total)
	}
}
