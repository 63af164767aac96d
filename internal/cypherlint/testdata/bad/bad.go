// Package bad builds Cypher from untrusted data in every way the analysis
// follows; every driver call marked "want" must be reported.
package bad

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type Store struct{ d neo4j.DriverWithContext }

var tr = neo4j.EagerResultTransformer

// Serve hands a request's form values to every method below.
func Serve(s *Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, in := r.Context(), r.FormValue("in")
		s.ByName(ctx, in)
		s.Builder(ctx, in)
		s.Field(ctx, Query{Label: in})
		s.Helper(ctx, in)
		s.Count(ctx, Kind(in))
		s.Pointer(ctx, in)
		s.Tx(ctx, []string{in})
		s.Iface(ctx, in)
	}
}

// ByName: a parameter of an exported method, concatenated.
func (s *Store) ByName(ctx context.Context, name string) {
	neo4j.ExecuteQuery(ctx, s.d, "MATCH (n {name: '"+name+"'}) RETURN n", nil, tr) // want
}

// Args: a foreign variable through fmt.Sprintf.
func Args(ctx context.Context, d neo4j.DriverWithContext) {
	neo4j.ExecuteQuery(ctx, d, fmt.Sprintf("MATCH (n:%s) RETURN n", os.Args[1]), nil, tr) // want
}

// Builder: through a strings.Builder.
func (s *Store) Builder(ctx context.Context, label string) {
	var sb strings.Builder
	sb.WriteString("MATCH (n:")
	sb.WriteString(label)
	sb.WriteString(") RETURN n")
	neo4j.ExecuteQuery(ctx, s.d, sb.String(), nil, tr) // want
}

// Query's fields come from callers.
type Query struct{ Label string }

func (s *Store) Field(ctx context.Context, q Query) { s.field(ctx, q) }

func (s *Store) field(ctx context.Context, q Query) {
	neo4j.ExecuteQuery(ctx, s.d, "MATCH (n:"+q.Label+") RETURN n", nil, tr) // want
}

// Helper: through an unexported function's parameter and result.
func build(l string) string { return "MATCH (n:" + l + ") RETURN n" }

func (s *Store) Helper(ctx context.Context, l string) {
	neo4j.ExecuteQuery(ctx, s.d, build(l), nil, tr) // want
}

// Handler: a callback's parameter.
func Handler(d neo4j.DriverWithContext) {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		neo4j.ExecuteQuery(r.Context(), d, "MATCH (n:"+r.URL.Query().Get("l")+") RETURN n", nil, tr) // want
	})
}

// Kind is an enumeration converted, not looked up.
type Kind string

func (s *Store) Count(ctx context.Context, k Kind) {
	neo4j.ExecuteQuery(ctx, s.d, "MATCH (n:"+string(k)+") RETURN count(n)", nil, tr) // want
}

// Pointer: written through a pointer.
func fill(p *string, v string) { *p = "MATCH (n:" + v + ") RETURN n" }

func (s *Store) Pointer(ctx context.Context, v string) {
	var q string
	fill(&q, v)
	neo4j.ExecuteQuery(ctx, s.d, q, nil, tr) // want
}

// Decoded: filled by a foreign function.
func Decoded(ctx context.Context, d neo4j.DriverWithContext, body []byte) {
	var q struct{ Text string }
	_ = json.Unmarshal(body, &q)
	neo4j.ExecuteQuery(ctx, d, q.Text, nil, tr) // want
}

// Tx: a transaction's Run, the text from a map filled by a loop over
// untrusted values.
func (s *Store) Tx(ctx context.Context, labels []string) {
	sess := s.d.NewSession(ctx, neo4j.SessionConfig{})
	texts := map[string]string{}
	for _, l := range labels {
		texts[l] = "MATCH (n:" + l + ") RETURN n"
	}
	sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return tx.Run(ctx, texts["x"], nil) // want
	})
}

// Stringer: through an interface method of the module.
type part interface{ text() string }

type userPart struct{ s string }

func (u userPart) text() string { return u.s }

func (s *Store) Iface(ctx context.Context, v string) {
	var p part = userPart{s: v}
	neo4j.ExecuteQuery(ctx, s.d, "MATCH (n) WHERE "+p.text()+" RETURN n", nil, tr) // want
}
