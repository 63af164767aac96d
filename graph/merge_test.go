package graph_test

import (
	"reflect"
	"testing"

	"github.com/liaison/liaison/graph"
)

func TestMergeFill(t *testing.T) {
	keep := map[string]any{"id": "per_a", "name": "张三", "phone": "", "email": nil, "tags": []any{}, "title": "局长", "nameEn": "Zhang San"}
	remove := map[string]any{"id": "per_b", "name": "张叁", "pinyin": "zhang san", "searchText": "x", "createdAt": 1, "updatedAt": 2,
		"phone": "13800000000", "email": "a@b.cn", "tags": []any{"x"}, "title": "处长", "birthYear": int64(1970), "nameEn": ""}
	want := map[string]any{"phone": "13800000000", "email": "a@b.cn", "tags": []any{"x"}, "birthYear": int64(1970)}
	if got := graph.MergeFill(keep, remove); !reflect.DeepEqual(got, want) {
		t.Errorf("MergeFill = %v, want %v", got, want)
	}
}
