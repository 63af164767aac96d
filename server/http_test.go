package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// TestGraphQLOverHTTP checks the transports: POST with either response
// media type, GET for queries only, and request errors answered 4xx.
func TestGraphQLOverHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.person("张三", nil)
	const q = `query($n: String) { people(where: {nameContains: $n}) { totalCount edges { node { id name } } } }`
	vars := map[string]any{"n": e.tag}
	check := func(t *testing.T, r gqlResponse, wantType string) {
		t.Helper()
		if r.Status != http.StatusOK {
			t.Fatalf("status %d, want 200\n%s", r.Status, r.Body)
		}
		if !strings.HasPrefix(r.ContentType, wantType) {
			t.Errorf("Content-Type = %q, want %s", r.ContentType, wantType)
		}
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %s", dump(r.Errors))
		}
		if n := getNum(r.Data, "people.totalCount"); n != 1 || getStr(r.Data, "people.edges.0.node.id") != id {
			t.Errorf("data = %v, want the one person %s", r.Data, id)
		}
	}
	getReq := func(t *testing.T, query string, vars map[string]any, accept string) *http.Request {
		t.Helper()
		v := url.Values{"query": {query}}
		if vars != nil {
			b, _ := json.Marshal(vars)
			v.Set("variables", string(b))
		}
		req, err := http.NewRequest(http.MethodGet, e.url+"/graphql?"+v.Encode(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		return req
	}

	t.Run("PostJSON", func(t *testing.T) {
		t.Parallel()
		check(t, postRaw(t, e.url, "application/json", q, vars), "application/json")
	})
	t.Run("PostNoAccept", func(t *testing.T) {
		t.Parallel()
		check(t, postRaw(t, e.url, "", q, vars), "application/json")
	})
	t.Run("PostGraphQLResponseJSON", func(t *testing.T) {
		t.Parallel()
		check(t, postRaw(t, e.url, "application/graphql-response+json", q, vars), "application/graphql-response+json")
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		check(t, send(t, getReq(t, q, vars, "")), "application/json")
		check(t, send(t, getReq(t, q, vars, "application/graphql-response+json")), "application/graphql-response+json")
	})
	t.Run("ErrGetMutation", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			r := send(t, getReq(t, `mutation($n: String!) { createPerson(input: {name: $n}) { id } }`,
				map[string]any{"n": "李四" + e.tag}, ""))
			if r.Status < 400 || r.Status >= 500 || len(r.Errors) == 0 {
				t.Fatalf("mutation over GET: status %d, body %s; want a 4xx refusal", r.Status, r.Body)
			}
			if id := getStr(r.Data, "createPerson.id"); id != "" {
				e.track(id)
				t.Fatalf("mutation over GET created %s", id)
			}
		})
	})
	t.Run("ErrInvalidJSON", func(t *testing.T) {
		t.Parallel()
		for _, body := range []string{`{"query": `, `not json at all`, `["query"]`} {
			req, _ := http.NewRequest(http.MethodPost, e.url+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			r := send(t, req)
			if r.Status < 400 || r.Status >= 500 {
				t.Errorf("body %q: status %d, want 4xx\n%s", body, r.Status, r.Body)
			}
			if len(r.Errors) == 0 {
				t.Errorf("body %q: no error in the answer: %s", body, r.Body)
				continue
			}
			if c := r.Errors[0].Code(); c != graph.CodeInvalidInput {
				t.Errorf("body %q: extensions.code = %q (%q), want INVALID_INPUT", body, c, r.Errors[0].Message)
			}
		}
	})
	t.Run("ErrUnsupportedContentType", func(t *testing.T) {
		t.Parallel()
		req, _ := http.NewRequest(http.MethodPost, e.url+"/graphql", strings.NewReader(`{ people { totalCount } }`))
		req.Header.Set("Content-Type", "text/plain")
		r := send(t, req)
		if r.Status < 400 || r.Status >= 500 {
			t.Errorf("status %d, want 4xx\n%s", r.Status, r.Body)
		}
	})
	t.Run("ErrSyntaxGraphQLResponseJSON", func(t *testing.T) {
		t.Parallel()
		// application/graphql-response+json answers a request error with 400.
		r := postRaw(t, e.url, "application/graphql-response+json", `{ people { totalCount }`, nil)
		if r.Status != http.StatusBadRequest {
			t.Errorf("status %d, want 400\n%s", r.Status, r.Body)
		}
		if len(r.Errors) == 0 || r.Errors[0].Code() != graph.CodeInvalidInput {
			t.Errorf("errors = %s, want INVALID_INPUT", dump(r.Errors))
		}
	})
	t.Run("ErrBodyTooLarge", func(t *testing.T) {
		t.Parallel()
		url := startServer(t, e.db, server.Options{MaxBodyBytes: 1024})
		r := postRaw(t, url, "", `{ people { totalCount } }`, map[string]any{"pad": strings.Repeat("x", 4096)})
		if r.Status != http.StatusRequestEntityTooLarge || len(r.Errors) == 0 || r.Errors[0].Code() != graph.CodeInvalidInput {
			t.Errorf("status %d, body %s; want 413 INVALID_INPUT", r.Status, r.Body)
		}
	})
}

// TestHealth checks /healthz and /readyz against the running Neo4j.
func TestHealth(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	base := startServer(t, db, server.Options{})
	for _, path := range []string{"/healthz", "/readyz"} {
		a := httpGet(t, base+path)
		var body map[string]any
		_ = json.Unmarshal(a.Body, &body)
		if a.Status != http.StatusOK {
			t.Errorf("GET %s: status %d (%v), want 200", path, a.Status, body)
		}
	}
}

// TestUnavailable gives the server a Neo4j that is not there: /readyz says
// 503 and GraphQL answers UNAVAILABLE quickly instead of failing with a 5xx.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	base := unreachableServer(t)

	t.Run("Healthz", func(t *testing.T) {
		if a := httpGet(t, base+"/healthz"); a.Status != http.StatusOK {
			t.Errorf("/healthz: status %d, want 200 (liveness does not depend on Neo4j)", a.Status)
		}
	})
	t.Run("Readyz", func(t *testing.T) {
		start := time.Now()
		a := httpGet(t, base+"/readyz")
		var body map[string]any
		_ = json.Unmarshal(a.Body, &body)
		if a.Status != http.StatusServiceUnavailable {
			t.Errorf("/readyz: status %d (%v), want 503", a.Status, body)
		}
		if d := time.Since(start); d > 6*time.Second {
			t.Errorf("/readyz took %v", d)
		}
	})
	for name, q := range map[string]string{
		"Query":    `{ people(first: 1) { totalCount } }`,
		"Node":     `{ node(id: "per_x1") { id } }`,
		"Mutation": `mutation { createPerson(input: {name: "无库之人"}) { id } }`,
		"Search":   `{ search(query: "zhangsan") { score } }`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			r := postRaw(t, base, "", q, nil)
			if r.Status >= 500 {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if len(r.Errors) == 0 || r.Errors[0].Code() != graph.CodeUnavailable {
				t.Errorf("errors = %s, want UNAVAILABLE", dump(r.Errors))
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("the answer took %v, want a few seconds at most", d)
			}
		})
	}
}

// faultyDB breaks two services: one returns an error that is not a
// graph.Error (as a driver or decoding failure would), one panics.
type faultyDB struct{ *neo4jdb.DB }

const secret = "bolt://10.1.2.3:7687 auth token s3cr3t"

func (faultyDB) FindPeople(context.Context, graph.PersonWhere, []graph.Order, graph.Page) (*graph.List[*graph.Person], error) {
	return nil, errors.New("neo4jdb: unexpected record from " + secret)
}

func (faultyDB) FindUnits(context.Context, graph.UnitWhere, []graph.Order, graph.Page) (*graph.List[*graph.Unit], error) {
	panic("unit decoder blew up near " + secret)
}

// TestErrorPresenter checks the codes of errors that the resolvers do not
// produce: syntax, complexity, unexpected errors and panics.
func TestErrorPresenter(t *testing.T) {
	t.Parallel()
	db := neo4jtest.MustOpen(t)
	base := startServer(t, db, server.Options{})
	t.Run("ErrSyntax", func(t *testing.T) {
		t.Parallel()
		wantError(t, base, graph.CodeInvalidInput, `{ people(first: 1) { totalCount }`, nil)
		wantError(t, base, graph.CodeInvalidInput, `query { people(first: ) { totalCount } }`, nil)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		t.Parallel()
		wantError(t, base, graph.CodeInvalidInput, `{ people { nosuchfield } }`, nil, "nosuchfield")
		wantError(t, base, graph.CodeInvalidInput, `{ people(first: "two") { totalCount } }`, nil)
		wantError(t, base, graph.CodeInvalidInput, `query($f: Int!) { people(first: $f) { totalCount } }`, nil)
	})
	t.Run("ErrTooComplex", func(t *testing.T) {
		t.Parallel()
		wantError(t, base, graph.CodeTooComplex, `{ people(first: 100) { edges { node { postings(first: 100) { edges { node {
			person { acquaintances(first: 100) { edges { node { id } } } } } } } } } } }`, nil)
		// Under the limit the same shape is fine.
		mustQuery(t, base, `{ people(first: 2) { edges { node { postings(first: 2) { edges { node {
			person { acquaintances(first: 2) { edges { node { id } } } } } } } } } } }`, nil)
		// Pages of contributions count their size too (they counted 1).
		wantError(t, base, graph.CodeTooComplex, `{ people(first: 100) { edges { node { contributions(first: 100) {
			edges { node { id title cadres { id name } } } } } } } }`, nil)
		mustQuery(t, base, `{ people(first: 5) { edges { node { contributions(first: 5) {
			edges { node { id title cadres { id name } } } } } } } }`, nil)
	})
	t.Run("ErrTooComplexOption", func(t *testing.T) {
		t.Parallel()
		small := startServer(t, db, server.Options{MaxComplexity: 10})
		wantError(t, small, graph.CodeTooComplex, `{ people(first: 5) { edges { node { id name } } } }`, nil)
	})
	t.Run("ErrInternalHidden", func(t *testing.T) {
		t.Parallel()
		bad := startServer(t, faultyDB{db}, server.Options{})
		for _, q := range []string{`{ people { totalCount } }`, `{ units { totalCount } }`} {
			r := postRaw(t, bad, "", q, nil)
			if r.Status >= 500 {
				t.Errorf("%s: status %d: %s", q, r.Status, r.Body)
			}
			if len(r.Errors) == 0 {
				t.Errorf("%s: no error: %s", q, r.Body)
				continue
			}
			if c := r.Errors[0].Code(); c != graph.CodeInternal {
				t.Errorf("%s: extensions.code = %q, want INTERNAL", q, c)
			}
			if strings.Contains(r.Body, "s3cr3t") || strings.Contains(r.Body, "10.1.2.3") {
				t.Errorf("%s: internal details leak to the client: %s", q, r.Body)
			}
		}
		// The server still serves after a panic.
		httpGet(t, bad+"/healthz")
	})
}
