package server_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// introspected is the part of an introspection answer the policy test
// walks.
type introspected struct {
	Schema struct {
		QueryType    struct{ Name string }
		MutationType struct{ Name string }
		Types        []struct {
			Kind   string
			Name   string
			Fields []struct {
				Name string
				Type typeRef
			}
			Interfaces    []typeRef
			PossibleTypes []typeRef
		}
	} `json:"__schema"`
}

type typeRef struct {
	Kind   string
	Name   string
	OfType *typeRef
}

func (t typeRef) named() string {
	for t.OfType != nil {
		t = *t.OfType
	}
	return t.Name
}

// fieldsNeedingRules walks the schema as a client sees it (introspection)
// and returns every field that must have a rule in the policy table: every
// Query and Mutation field; every field of an entity (a type implementing
// Node) whose type holds people (Person, a Node, or a non-entity type
// that holds one, such as a connection, a relationship, a path or a tie);
// and every field, anywhere, whose type counts something (a non-entity
// type with a count, totalCount, cadres or cadreCount field: aggregates,
// group rows, matrices, reports).
func fieldsNeedingRules(t *testing.T, s introspected) []string {
	t.Helper()
	type objType struct {
		fields   map[string]string
		entity   bool
		abstract []string
	}
	types := map[string]*objType{}
	for _, ty := range s.Schema.Types {
		o := &objType{fields: map[string]string{}}
		for _, f := range ty.Fields {
			o.fields[f.Name] = f.Type.named()
		}
		for _, i := range ty.Interfaces {
			if i.Name == "Node" {
				o.entity = true
			}
		}
		for _, p := range ty.PossibleTypes {
			o.abstract = append(o.abstract, p.Name)
		}
		types[ty.Name] = o
	}
	memo := map[string]bool{}
	var holds func(name string, seen map[string]bool) bool
	holds = func(name string, seen map[string]bool) bool {
		if v, ok := memo[name]; ok {
			return v
		}
		o := types[name]
		if name == "Person" || o == nil || seen[name] {
			return name == "Person"
		}
		seen[name] = true
		for _, p := range o.abstract {
			if p == "Person" {
				memo[name] = true
				return true
			}
		}
		if o.entity {
			return false // an entity's own fields are judged one by one
		}
		for _, ft := range o.fields {
			if holds(ft, seen) {
				memo[name] = true
				return true
			}
		}
		return false
	}
	counts := func(name string) bool {
		o := types[name]
		if o == nil || o.entity || name == s.Schema.QueryType.Name || name == s.Schema.MutationType.Name {
			return false
		}
		for _, f := range []string{"count", "totalCount", "cadres", "cadreCount"} {
			if _, ok := o.fields[f]; ok {
				return true
			}
		}
		return false
	}
	var out []string
	for name, o := range types {
		if len(name) > 1 && name[:2] == "__" {
			continue
		}
		root := name == s.Schema.QueryType.Name || name == s.Schema.MutationType.Name
		for f, ft := range o.fields {
			if root || (o.entity && holds(ft, map[string]bool{})) || counts(ft) {
				out = append(out, name+"."+f)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestPolicyCoversSchema fails when a field that must have an access rule
// (fieldsNeedingRules) has none, or when the table names a field the
// schema does not have or an action the matrix does not know.
func TestPolicyCoversSchema(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), Introspection: true, RateLimit: -1})
	r := postAs(t, url, azToken(t, auth.Principal{Role: auth.RoleAnalyst}), introspectionQuery, nil)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("introspection: %d %s", r.Status, r.Body)
	}
	b, _ := json.Marshal(r.Data)
	var s introspected
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	need := fieldsNeedingRules(t, s)
	if len(need) < 100 {
		t.Fatalf("only %d fields need a rule: the walk is broken", len(need))
	}
	rules := server.FieldRules()
	for _, f := range need {
		if _, ok := rules[f]; !ok {
			t.Errorf("%s has no rule in the policy table (server/policy.go)", f)
		}
	}
	known := map[string]bool{}
	for _, ty := range s.Schema.Types {
		for _, f := range ty.Fields {
			known[ty.Name+"."+f.Name] = true
		}
	}
	actions := map[auth.Action]bool{}
	for _, a := range auth.Actions {
		actions[a] = true
	}
	for f, a := range rules {
		if !known[f] {
			t.Errorf("the policy table names %s, which the schema does not have", f)
		}
		if !actions[a] {
			t.Errorf("%s: action %q is not in the matrix", f, a)
		}
	}
}

// TestRouteRules: every route of the policy table is served (no 404), and
// every route that is not public refuses a request without a token.
func TestRouteRules(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	url := startServer(t, db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: -1,
		DemoTokens: map[auth.Role]string{auth.RoleAnalyst: "x"}})
	fill := strings.NewReplacer(":id", "unt_none1", "*file", "app.js", ":file", "none.ics")
	for route, action := range server.RouteRules() {
		method, path, _ := strings.Cut(route, " ")
		req, _ := http.NewRequest(method, url+fill.Replace(path), nil)
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", route, err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound && !strings.HasPrefix(path, "/assets") && !strings.HasPrefix(path, "/calendar") {
			t.Errorf("%s: 404, the table names a route the server does not have", route)
		}
		if action != server.Public && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s needs %s, but answered %d without a token", route, action, resp.StatusCode)
		}
	}
}
