package measure

import (
	"encoding/json"
	"testing"
)

// TestScalars: a GraphQL answer (JSON numbers are float64) and a Cypher
// answer (int64, float64) holding the same values in other shapes have
// the same normal form; other values do not.
func TestScalars(t *testing.T) {
	var gql any
	if err := json.Unmarshal([]byte(`{"a": [{"name": "张三", "count": 131, "sum": 3.604254e+10, "score": 0.85, "more": true, "none": null}]}`), &gql); err != nil {
		t.Fatal(err)
	}
	cypher := []any{[]any{int64(131), "张三", 36042540000.0, 0.85, true}}
	if a, b := Scalars(gql), Scalars(cypher); !Equal(a, b) {
		t.Errorf("same values: %v and %v", a, b)
	}
	other := []any{[]any{int64(131), "张三", 36042540000.0, 0.8, true}}
	if a, b := Scalars(gql), Scalars(other); Equal(a, b) {
		t.Errorf("0.85 and 0.8 compare equal: %v", a)
	}
}
