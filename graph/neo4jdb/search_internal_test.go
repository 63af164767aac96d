package neo4jdb

import (
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
)

// FuzzFulltextQuery checks that user text becomes a Lucene query with no
// operator or syntax character left unescaped.
func FuzzFulltextQuery(f *testing.F) {
	for _, s := range []string{"张三", "a AND b", `"quoted"`, `a:b`, `(x)`, `\`, "*", "OR", "保定 发改委", "~1 ^2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := fulltextQuery(s)
		prev := rune(0)
		escaped := false
		for _, r := range q {
			if escaped {
				escaped = false
				prev = r
				continue
			}
			if r == '\\' {
				escaped = true
				continue
			}
			if strings.ContainsRune(`+-&|!(){}[]^"~*?:/`, r) {
				t.Fatalf("fulltextQuery(%q) = %q: %q not escaped", s, q, r)
			}
			prev = r
		}
		_ = prev
		for _, w := range strings.Fields(q) {
			if w == "OR" || w == "NOT" {
				t.Fatalf("fulltextQuery(%q) = %q keeps the operator %s", s, q, w)
			}
		}
	})
}

// FuzzWhere checks that the where builder never puts a value into the
// query text: the text is the same whatever the values.
func FuzzWhere(f *testing.F) {
	f.Add("x' OR 1=1 //", 3)
	f.Add("张三", 0)
	f.Fuzz(func(t *testing.T, s string, n int) {
		build := func(s string, n int) *where {
			f := graph.PersonWhere{NameContains: &s, Name: &s, BirthYearIs: &graph.IntFilter{Gte: &n},
				NameIs:   &graph.StringFilter{StartsWith: &s, In: []string{s, s}},
				Postings: &graph.RelCondition{Some: &graph.RelWhere{Title: &graph.StringFilter{Contains: &s}}},
				Or:       []*graph.PersonWhere{{ExpertiseIs: &graph.StringListFilter{Contains: &s}}, {Not: &graph.PersonWhere{Name: &s}}}}
			w, err := peopleWhere(f)
			if err != nil {
				t.Fatal(err)
			}
			w.add("n.birthYear >= %s", n)
			return w
		}
		a, b := build(s, n), build("constant", 7)
		if a.String() != b.String() {
			t.Fatalf("query text depends on the values: %q vs %q", a.String(), b.String())
		}
		for k := range a.params {
			if !strings.Contains(a.String(), "$"+k) {
				t.Fatalf("parameter %s unused in %q", k, a.String())
			}
		}
	})
}

// SetSearchCaps sets the caps of search (searchCaps) and returns a function
// that restores them. Tests that call it must not run in parallel.
func SetSearchCaps(short, long int64) (restore func()) {
	old := searchCaps
	searchCaps = [2]int64{short, long}
	return func() { searchCaps = old }
}
