package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// gqlError is one entry of a GraphQL response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is extensions.code.
func (e gqlError) Code() string {
	s, _ := e.Extensions["code"].(string)
	return s
}

// gqlResponse is a GraphQL response with what the HTTP layer said.
type gqlResponse struct {
	Status      int
	ContentType string
	Data        map[string]any
	Errors      []gqlError
	Body        string
	Header      http.Header
}

var httpClient = &http.Client{Timeout: 20 * time.Second}

// testLogger discards the server's log unless LIAISON_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("LIAISON_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// startServer serves svc over HTTP until the test ends and returns the
// server's base URL.
func startServer(tb testing.TB, svc server.Services, opts server.Options) string {
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger = testLogger()
	}
	srv := httptest.NewServer(server.New(svc, opts))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// getAnswer is what a GET got back.
type getAnswer struct {
	Status      int
	ContentType string
	Disposition string
	Header      http.Header
	Body        []byte
}

// httpGet GETs url; not reaching it or not reading the body fails the
// test.
func httpGet(tb testing.TB, url string) getAnswer {
	tb.Helper()
	resp, err := httpClient.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return getAnswer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Disposition: resp.Header.Get("Content-Disposition"), Header: resp.Header, Body: b}
}

// ownServer starts a Neo4j of the test's own, opens it with the query
// timeout and serves it; it returns the three.
func ownServer(t *testing.T, timeout time.Duration) (*neo4jtest.Own, *neo4jdb.DB, string) {
	t.Helper()
	n := neo4jtest.StartOwn(t)
	db := n.Open(timeout, testLogger())
	return n, db, startServer(t, db, server.Options{})
}

// unreachableServer serves on a Neo4j that is not there (port 1, queries
// time out after 2 s) and returns the server's base URL.
func unreachableServer(t *testing.T) string {
	t.Helper()
	cfg := neo4jtest.Config(t)
	cfg.URI = "bolt://127.0.0.1:1"
	cfg.QueryTimeout = 2 * time.Second
	cfg.Logger = testLogger()
	db, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return startServer(t, db, server.Options{})
}

// send performs req and decodes a GraphQL response from its body.
func send(tb testing.TB, req *http.Request) gqlResponse {
	tb.Helper()
	resp, err := httpClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("reading response: %v", err)
	}
	out := gqlResponse{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: string(b), Header: resp.Header}
	var body struct {
		Data   map[string]any `json:"data"`
		Errors []gqlError     `json:"errors"`
	}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &body); err != nil {
			tb.Fatalf("%s %s: status %d, body is not JSON: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, b)
		}
	}
	out.Data, out.Errors = body.Data, body.Errors
	return out
}

// postRaw posts a GraphQL request with the given Accept header ("" for none).
func postRaw(tb testing.TB, url, accept, query string, vars map[string]any) gqlResponse {
	tb.Helper()
	return send(tb, graphQLRequest(tb, url, map[string]any{"query": query, "variables": vars}, "Accept", accept))
}

// graphQLRequest is a POST of body as JSON to url/graphql with the headers
// (name, value, ...; an empty value is no header).
func graphQLRequest(tb testing.TB, url string, body map[string]any, headers ...string) *http.Request {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] != "" {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	return req
}

// gqlPost posts query with vars to url/graphql and returns data and errors.
// Any answer other than 200 fails the test, except that a GraphQL request
// error (400 or 422) still returns its errors.
func gqlPost(tb testing.TB, url, query string, vars map[string]any) (map[string]any, []gqlError) {
	tb.Helper()
	r := postRaw(tb, url, "application/json", query, vars)
	if r.Status >= 500 {
		tb.Fatalf("POST /graphql: status %d\n%s", r.Status, r.Body)
	}
	if r.Status != http.StatusOK && len(r.Errors) == 0 {
		tb.Fatalf("POST /graphql: status %d without errors\n%s", r.Status, r.Body)
	}
	return r.Data, r.Errors
}

// mustQuery posts query and fails the test on any error.
func mustQuery(tb testing.TB, url, query string, vars map[string]any) map[string]any {
	tb.Helper()
	data, errs := gqlPost(tb, url, query, vars)
	if len(errs) > 0 {
		tb.Fatalf("unexpected errors: %s\nquery: %s\nvars: %v", dump(errs), query, vars)
	}
	return data
}

// wantError posts query and fails unless the first error carries code and
// its message mentions every part of want. It returns the error.
func wantError(tb testing.TB, url, code, query string, vars map[string]any, want ...string) gqlError {
	tb.Helper()
	_, errs := gqlPost(tb, url, query, vars)
	if len(errs) == 0 {
		tb.Fatalf("no error, want %s\nquery: %s\nvars: %v", code, query, vars)
	}
	e := errs[0]
	if e.Code() != code {
		tb.Fatalf("errors[0].extensions.code = %q (%s), want %q", e.Code(), dump(errs), code)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			tb.Fatalf("error message %q does not mention %q", e.Message, w)
		}
	}
	return e
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// get walks a decoded JSON value along a dotted path of keys and list
// indexes: get(data, "people.edges.0.node.name").
func get(v any, path string) any {
	if path == "" {
		return v
	}
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func getStr(v any, path string) string {
	s, _ := get(v, path).(string)
	return s
}

// optStr is an optional string field: its value, or "" when it is null.
// The empty string itself fails the test: an optional field without a
// value (or one the caller may not read) answers null.
func optStr(tb testing.TB, v any, path string) string {
	tb.Helper()
	switch x := get(v, path).(type) {
	case nil:
		return ""
	case string:
		if x == "" {
			tb.Errorf("%s = \"\", want null or a value", path)
		}
		return x
	default:
		tb.Errorf("%s = %v (%T), want a string or null", path, x, x)
		return ""
	}
}

func getList(v any, path string) []any {
	l, _ := get(v, path).([]any)
	return l
}

func getNum(v any, path string) float64 {
	f, _ := get(v, path).(float64)
	return f
}

// names returns the value at field of each element of list, e.g. the node
// names of a connection's edges: names(getList(d, "people.edges"), "node.name").
func names(list []any, field string) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = getStr(x, field)
	}
	return out
}

// env is one test's server over the shared test Neo4j, with the data it
// creates tracked and deleted when the test ends.
type env struct {
	tb testing.TB // the test that fails when a helper fails
	*shared
}

// shared is what a test and its subtests have in common.
type shared struct {
	db  *neo4jdb.DB
	url string
	tag string
	mu  sync.Mutex // guards ids for parallel subtests
	ids []string
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	return newEnvOn(tb, neo4jtest.MustOpen(tb))
}

// newEnvOn is newEnv on a database of the test's own.
func newEnvOn(tb testing.TB, db *neo4jdb.DB) *env {
	tb.Helper()
	e := &env{tb: tb, shared: &shared{db: db, tag: neo4jtest.Tag()}}
	neo4jtest.Cleanup(tb, db, &e.ids)
	e.url = startServer(tb, db, server.Options{})
	return e
}

// in returns the env for a subtest: same data, failures reported on t.
func (e *env) in(t testing.TB) *env { return &env{tb: t, shared: e.shared} }

func (e *env) track(id string) {
	if id != "" {
		e.mu.Lock()
		e.ids = append(e.ids, id)
		e.mu.Unlock()
	}
}

// query posts and fails on any error.
func (e *env) query(query string, vars map[string]any) map[string]any {
	e.tb.Helper()
	return mustQuery(e.tb, e.url, query, vars)
}

// create runs a createX mutation (field names it) with the input and
// tracks the id it returns. sel is the selection set, which must include id.
func (e *env) create(field string, input map[string]any, sel string) map[string]any {
	e.tb.Helper()
	typ := strings.TrimPrefix(field, "create")
	q := fmt.Sprintf(`mutation($in: Create%sInput!) { %s(input: $in) { %s } }`, typ, field, sel)
	d := e.query(q, map[string]any{"in": input})
	obj, _ := d[field].(map[string]any)
	id := getStr(obj, "id")
	if id == "" {
		e.tb.Fatalf("%s returned no id: %v", field, d)
	}
	e.track(id)
	return obj
}

// The entities the tests build; name gets the env's tag appended, extra
// adds to the input.

func (e *env) person(name string, extra map[string]any) string {
	e.tb.Helper()
	return e.named("Person", name, nil, extra)
}

func (e *env) unit(name, kind string, extra map[string]any) string {
	e.tb.Helper()
	return e.named("Unit", name, map[string]any{"kind": kind}, extra)
}

func (e *env) region(name, level string, extra map[string]any) string {
	e.tb.Helper()
	return e.named("Region", name, map[string]any{"level": level}, extra)
}

func (e *env) company(name string, extra map[string]any) string {
	e.tb.Helper()
	return e.named("Company", name, nil, extra)
}

func (e *env) project(name, kind string, extra map[string]any) string {
	e.tb.Helper()
	return e.named("Project", name, map[string]any{"kind": kind}, extra)
}

// named creates an entity of the type (Person, Unit...) whose input is the
// tagged name, fields and extra, and returns its id.
func (e *env) named(typ, name string, fields, extra map[string]any) string {
	e.tb.Helper()
	in := with(with(map[string]any{"name": name + e.tag}, fields), extra)
	return getStr(e.create("create"+typ, in, "id"), "id")
}

func with(m, extra map[string]any) map[string]any {
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// fingerprint describes everything the test created or named with its tag.
func (e *env) fingerprint(ids ...string) string {
	e.tb.Helper()
	e.mu.Lock()
	ids = append(ids, e.ids...)
	e.mu.Unlock()
	return neo4jtest.Fingerprint(e.tb, e.db, e.tag, ids...)
}

// unchanged runs fn and fails if the test's part of the graph changed.
func (e *env) unchanged(t *testing.T, fn func()) {
	t.Helper()
	before := e.in(t).fingerprint()
	fn()
	if after := e.in(t).fingerprint(); after != before {
		t.Errorf("the graph changed:\nbefore %s\nafter  %s", before, after)
	}
}
