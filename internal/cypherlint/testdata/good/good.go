// Package good builds Cypher only from constants, whatever its callers
// pass; the analysis must report nothing here.
package good

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type Store struct{ d neo4j.DriverWithContext }

var tr = neo4j.EagerResultTransformer

// Serve hands a request's form values to Find: they go into parameters
// and table lookups only.
func Serve(s *Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in := r.FormValue("in")
		s.Find(r.Context(), Kind(in), RelType(in), in, len(in))
	}
}

type Kind string

const (
	KindA Kind = "a"
	KindB Kind = "b"
)

// Label looks the kind up: the result is one of the constants.
func (k Kind) Label() string {
	switch k {
	case KindA:
		return "A"
	case KindB:
		return "B"
	}
	return ""
}

type RelType string

var relTypes = []RelType{"KNOWS", "WORKS_AT"}

// Cypher returns the table's element equal to t.
func (t RelType) Cypher() string {
	for _, c := range relTypes {
		if c == t {
			return string(c)
		}
	}
	return ""
}

// where puts values into parameters and constants into the text.
type where struct {
	conds  []string
	params map[string]any
}

func (w *where) add(fragment string, v any) {
	name := fmt.Sprintf("w%d", len(w.params))
	w.params[name] = v
	w.conds = append(w.conds, fmt.Sprintf(fragment, "$"+name))
}

func (w *where) text() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(w.conds, " AND ")
}

func (w *where) eq(prop string, v string) { w.add("n."+prop+" = %s", v) }

func (s *Store) Find(ctx context.Context, k Kind, t RelType, name string, limit int) {
	w := &where{params: map[string]any{}}
	w.eq("name", name)
	w.add("n.age > %s", limit)
	cypher := "MATCH (n:" + k.Label() + ")-[:" + t.Cypher() + "]-() " + w.text() + " RETURN n LIMIT " + strconv.Itoa(limit)
	neo4j.ExecuteQuery(ctx, s.d, cypher, w.params, tr)
	var sb strings.Builder
	for _, rt := range relTypes {
		sb.WriteString(string(rt))
	}
	neo4j.ExecuteQuery(ctx, s.d, "MATCH ()-[r:"+sb.String()+"]-() RETURN r", map[string]any{"name": name}, tr)
}
