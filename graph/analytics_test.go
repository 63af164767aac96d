package graph_test

import (
	"bytes"
	"testing"

	"github.com/liaison/liaison/graph"
)

func TestWriteMatrixCSV(t *testing.T) {
	m := &graph.CooperationMatrix{
		Rows:    []*graph.MatrixHeader{{Key: "unt_1", Label: "发改委", Total: 3}, {Key: "unt_2", Label: "科技部, 司", Total: 1}},
		Columns: []*graph.MatrixHeader{{Key: "reg_1", Label: "涞水县", Total: 2}, {Key: "", Label: "", Total: 2}},
		Cells:   [][]float64{{2, 1.5}, {0, 1}},
		Total:   4,
	}
	var buf bytes.Buffer
	if err := graph.WriteMatrixCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	want := "key,label,涞水县,,total\n,key,reg_1,,\nunt_1,发改委,2,1.5,3\nunt_2,\"科技部, 司\",0,1,1\n,total,2,2,4\n"
	if buf.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestAnalyticsEnums(t *testing.T) {
	var g graph.ProjectGroup
	if err := g.UnmarshalGQL("YEAR"); err != nil || g != graph.GroupProjectYear {
		t.Errorf("%v %v", g, err)
	}
	var m graph.MatrixMeasure
	if err := m.UnmarshalGQL("VOLUME"); graph.ErrorCode(err) != graph.CodeInvalidInput {
		t.Errorf("unknown measure: %v", err)
	}
	if err := graph.ValidateFirst(101); graph.ErrorCode(err) != graph.CodeInvalidInput {
		t.Errorf("first 101: %v", err)
	}
}
