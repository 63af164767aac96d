package graph_test

import (
	"testing"
	"unicode/utf8"

	"github.com/liaison/liaison/graph"
)

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"张三李四", 2, "张三…"},
		{"张三", 2, "张三"},   // 6 bytes, 2 characters: not cut
		{"ééé", 4, "ééé"}, // longer in bytes than n, not in characters
		{"", 0, ""},
	} {
		got := graph.Truncate(c.s, c.n)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
