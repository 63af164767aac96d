package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server"
)

// TestGraphQLOverHTTPSpec goes through the server's MUST and SHOULD rules of
// the GraphQL-over-HTTP specification (graphql.github.io/graphql-over-http,
// the draft of 2026-04-23, the last with its application/json section), one
// subtest per rule, named by the rule's words, for both response media
// types, against the real server on the real Neo4j.
func TestGraphQLOverHTTPSpec(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.person("张三", nil)
	const (
		grj   = "application/graphql-response+json"
		ajson = "application/json"
	)
	media := []string{grj, ajson}
	const peopleQ = `query People($n: String) { people(where: {nameContains: $n}) { totalCount edges { node { id name } } } }`
	vars := map[string]any{"n": "张三" + e.tag}
	body := func(fields map[string]any) string {
		b, err := jsonMarshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	post := func(t *testing.T, contentType, accept, b string) httpAnswer {
		t.Helper()
		return call(t, http.MethodPost, e.url+"/graphql", contentType, accept, b, nil)
	}
	get := func(t *testing.T, accept string, params url.Values) httpAnswer {
		t.Helper()
		return call(t, http.MethodGet, e.url+"/graphql?"+params.Encode(), "", accept, "", nil)
	}
	// found checks that the answer is the one person of the test.
	found := func(t *testing.T, a httpAnswer) {
		t.Helper()
		a.wantStatus(t, http.StatusOK)
		if len(a.errors) > 0 || getNum(a.data, "people.totalCount") != 1 || getStr(a.data, "people.edges.0.node.id") != id {
			t.Fatalf("want the one person %s, got %s", id, a.body)
		}
	}
	// createVars is a mutation that must not run in the requests below.
	const create = `mutation Create($n: String!) { createPerson(input: {name: $n}) { id } }`
	createVars := map[string]any{"n": "李四" + e.tag}
	notCreated := func(t *testing.T, a httpAnswer) {
		t.Helper()
		if id := getStr(a.data, "createPerson.id"); id != "" {
			e.track(id)
			t.Fatalf("the mutation ran and created %s", id)
		}
	}

	// Serialization format and media types.
	t.Run("utf-8 MUST be assumed when the Content-Type does not include encoding information", func(t *testing.T) {
		t.Parallel()
		found(t, post(t, "application/json", ajson, body(map[string]any{"query": peopleQ, "variables": vars})))
	})

	// Request.
	t.Run("A server MUST accept POST requests", func(t *testing.T) {
		t.Parallel()
		for _, m := range media {
			a := post(t, "application/json; charset=utf-8", m, body(map[string]any{"query": peopleQ, "variables": vars}))
			found(t, a)
			a.wantMedia(t, m)
		}
	})
	t.Run("GET: the parameters MUST be provided in the query component of the request URL", func(t *testing.T) {
		t.Parallel()
		for _, m := range media {
			a := get(t, m, url.Values{"query": {peopleQ}, "variables": {body(vars)}, "operationName": {"People"}})
			found(t, a)
			a.wantMedia(t, m)
		}
	})
	t.Run("GET: specifying the empty string for optional request parameters is equivalent to not specifying them at all", func(t *testing.T) {
		t.Parallel()
		q := fmt.Sprintf(`{ people(where: {nameContains: %q}) { totalCount edges { node { id name } } } }`, "张三"+e.tag)
		found(t, get(t, grj, url.Values{"query": {q}, "operationName": {""}, "variables": {""}, "extensions": {""}}))
	})
	t.Run("GET: operationName=null represents an operation with the name null", func(t *testing.T) {
		t.Parallel()
		a := get(t, grj, url.Values{"query": {`query A { a: __typename } query null { n: __typename }`}, "operationName": {"null"}})
		a.wantStatus(t, http.StatusOK)
		if getStr(a.data, "n") != "Query" || a.data["a"] != nil {
			t.Fatalf("want the operation named null to run: %s", a.body)
		}
	})
	t.Run("GET: variables and extensions, if present and not the empty string, MUST be encoded as a JSON string", func(t *testing.T) {
		t.Parallel()
		for _, p := range []url.Values{
			{"query": {peopleQ}, "variables": {"n=1"}},
			{"query": {peopleQ}, "variables": {"[7]"}},
			{"query": {peopleQ}, "extensions": {"{"}},
		} {
			// Not a well-formed GraphQL-over-HTTP request: 422 with the new
			// media type, 400 with application/json.
			get(t, grj, p).wantRequestError(t, http.StatusUnprocessableEntity, grj)
			get(t, ajson, p).wantRequestError(t, http.StatusBadRequest, ajson)
		}
	})
	t.Run("GET requests MUST NOT be used for executing mutation operations: 4xx and halt execution, 405 is RECOMMENDED, with the Allow header", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, m := range media {
				a := get(t, m, url.Values{"query": {create}, "variables": {body(createVars)}})
				notCreated(t, a)
				a.wantRequestError(t, http.StatusMethodNotAllowed, m)
				if allow := a.header.Get("Allow"); !strings.Contains(allow, "POST") || strings.Contains(allow, "GET") {
					t.Errorf("Allow: %q, want POST only", allow)
				}
				// A query document that also holds a mutation may run its query.
				a = get(t, m, url.Values{"query": {create + "\n" + peopleQ}, "variables": {body(vars)}, "operationName": {"People"}})
				found(t, a)
				a = get(t, m, url.Values{"query": {create + "\n" + peopleQ}, "variables": {body(createVars)}, "operationName": {"Create"}})
				notCreated(t, a)
				a.wantRequestError(t, http.StatusMethodNotAllowed, m)
			}
		})
	})
	t.Run("POST: if the client does not supply a Content-Type, the server SHOULD reject the request with a 4xx status code", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, m := range media {
				a := post(t, "", m, body(map[string]any{"query": create, "variables": createVars}))
				notCreated(t, a)
				a.wantRequestError(t, http.StatusUnsupportedMediaType, m)
			}
		})
	})
	t.Run("A server MUST support POST requests encoded with application/json in UTF-8", func(t *testing.T) {
		t.Parallel()
		for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"} {
			found(t, post(t, ct, grj, body(map[string]any{"query": peopleQ, "variables": vars})))
		}
	})
	t.Run("If the Content-Type of the request is not supported, status code 415 is RECOMMENDED", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, ct := range []string{"text/plain", "application/graphql", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1"} {
				for _, m := range media {
					a := post(t, ct, m, body(map[string]any{"query": create, "variables": createVars}))
					notCreated(t, a)
					a.wantRequestError(t, http.StatusUnsupportedMediaType, m)
				}
			}
		})
	})
	t.Run("JSON encoding: the request is a JSON object with query, operationName, variables and extensions", func(t *testing.T) {
		t.Parallel()
		for _, b := range []string{`["query"]`, `"{ __typename }"`, `7`, `null`} {
			post(t, "application/json", grj, b).wantRequestError(t, http.StatusUnprocessableEntity, grj)
			post(t, "application/json", ajson, b).wantRequestError(t, http.StatusBadRequest, ajson)
		}
	})
	t.Run("Servers receiving a request with additional properties MUST ignore properties they do not understand", func(t *testing.T) {
		t.Parallel()
		found(t, post(t, "application/json", grj, body(map[string]any{"query": peopleQ, "variables": vars, "documentId": "x", "qeury": 1})))
	})
	t.Run("Specifying null for optional request parameters is equivalent to not specifying them at all", func(t *testing.T) {
		t.Parallel()
		q := fmt.Sprintf(`{ people(where: {nameContains: %q}) { totalCount edges { node { id name } } } }`, "张三"+e.tag)
		for _, m := range media {
			found(t, post(t, "application/json", m, `{"query": `+mustJSON(t, q)+`, "operationName": null, "variables": null, "extensions": null}`))
		}
	})
	t.Run("extensions: an optional map reserved for implementers to extend the protocol", func(t *testing.T) {
		t.Parallel()
		found(t, post(t, "application/json", grj, body(map[string]any{"query": peopleQ, "variables": vars,
			"extensions": map[string]any{"tracing": true, "client": map[string]any{"name": "conformance", "version": 1}}})))
		found(t, get(t, grj, url.Values{"query": {peopleQ}, "variables": {body(vars)}, "extensions": {`{"client": {"name": "conformance"}}`}}))
	})
	t.Run("Invalid parameters: a request that is not a well-formed GraphQL-over-HTTP request SHOULD result in 422 (graphql-response+json) or 400 (application/json)", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, b := range []string{
				`{"qeury": "{ __typename }"}`,
				`{"query": 7}`,
				`{"query": null}`,
				`{"query": "query Q ($i: Int!) { people(first: $i) { totalCount } }", "variables": [7]}`,
				`{"query": "{ __typename }", "operationName": 1}`,
				`{"query": "{ __typename }", "extensions": "x"}`,
				`{"variables": ` + body(createVars) + `, "query": ` + mustJSON(t, create) + `, "operationName": ["Create"]}`,
			} {
				a := post(t, "application/json", grj, b)
				notCreated(t, a)
				a.wantRequestError(t, http.StatusUnprocessableEntity, grj)
				post(t, "application/json", ajson, b).wantRequestError(t, http.StatusBadRequest, ajson)
			}
		})
	})

	// Response body and media type.
	t.Run("A server MUST indicate the media type of the response with a Content-Type header, and SHOULD indicate the encoding", func(t *testing.T) {
		t.Parallel()
		for _, m := range media {
			for _, a := range []httpAnswer{
				post(t, "application/json", m, body(map[string]any{"query": peopleQ, "variables": vars})),
				post(t, "application/json", m, body(map[string]any{"query": "{ people { nosuchfield } }"})),
				post(t, "application/json", m, `{"query": `),
				post(t, "text/plain", m, `{}`),
			} {
				a.wantMedia(t, m)
				if !strings.Contains(strings.ToLower(a.header.Get("Content-Type")), "charset=utf-8") {
					t.Errorf("Content-Type %q has no charset=utf-8 (status %d)", a.header.Get("Content-Type"), a.status)
				}
			}
		}
	})
	t.Run("If an Accept header is provided, the server MUST respect it and encode the response in the highest priority media type listed that it supports", func(t *testing.T) {
		t.Parallel()
		for accept, want := range map[string]string{
			grj:                                 grj,
			ajson:                               ajson,
			grj + ", " + ajson + ";q=0.9":       grj,
			ajson + ", " + grj + ";q=0.5":       ajson,
			"application/*;q=0.5, " + ajson:     ajson,
			"text/html, " + ajson + ";q=0.8":    ajson,
			"text/html;q=0.9, " + grj + ";q=.1": grj,
			"*/*":                               grj,
			"application/*":                     grj,
			grj + ";q=0, */*":                   ajson,
		} {
			a := post(t, "application/json", accept, body(map[string]any{"query": peopleQ, "variables": vars}))
			found(t, a)
			if mt := mediaType(a.header.Get("Content-Type")); mt != want {
				t.Errorf("Accept: %s: Content-Type %s, want %s", accept, mt, want)
			}
		}
		// No Accept header at all is a legacy client: application/json.
		a := post(t, "application/json", "", body(map[string]any{"query": peopleQ, "variables": vars}))
		found(t, a)
		a.wantMedia(t, ajson)
	})
	t.Run("When the Accept header includes no supported media type, respond 406 Not Acceptable and stop processing the request", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, accept := range []string{"text/html", "application/xml, text/*", ajson + ";q=0, " + grj + ";q=0", "application/graphql-response+xml"} {
				a := post(t, "application/json", accept, body(map[string]any{"query": create, "variables": createVars}))
				notCreated(t, a)
				a.wantStatus(t, http.StatusNotAcceptable)
				if len(a.errors) == 0 || a.errors[0].Code() != graph.CodeInvalidInput || !strings.Contains(a.errors[0].Message, "Accept") {
					t.Errorf("Accept: %s: want an INVALID_INPUT error naming Accept, got %s", accept, a.body)
				}
			}
		})
	})

	// Validation and execution.
	t.Run("Validation SHOULD apply all the validation rules of the GraphQL specification", func(t *testing.T) {
		t.Parallel()
		for _, q := range []string{
			`{ people { nosuchfield } }`,                                         // fields on correct type
			`{ node { id } }`,                                                    // required arguments
			`{ people(first: "many") { totalCount } }`,                           // values of correct type
			`query Q($x: Int) { people { totalCount } }`,                         // all variables used
			`{ people { totalCount } } { people { totalCount } }`,                // lone anonymous operation
			`{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }`, // no fragment cycles
			`{ people { totalCount edges } }`,                                    // leaf field selections
		} {
			for _, m := range media {
				a := post(t, "application/json", m, body(map[string]any{"query": q}))
				if m == grj {
					a.wantRequestError(t, http.StatusUnprocessableEntity, m)
				} else {
					a.wantRequestError(t, http.StatusOK, m)
				}
			}
		}
	})

	// Status codes: errors that prevent a well-formed GraphQL response.
	t.Run("Errors that completely prevent a well-formed GraphQL response MUST NOT be answered 2xx under application/graphql-response+json", func(t *testing.T) {
		t.Parallel()
		for _, b := range []string{`NONSENSE`, `{"query": `, `{"query": "{ __typename }"} trailing`} {
			post(t, "application/json", grj, b).wantRequestError(t, http.StatusBadRequest, grj)
		}
	})
	t.Run("JSON parsing failure: requests that the server cannot interpret SHOULD result in status code 400", func(t *testing.T) {
		t.Parallel()
		for _, b := range []string{`NONSENSE`, `{"query": `, ``} {
			for _, m := range media {
				post(t, "application/json", m, b).wantRequestError(t, http.StatusBadRequest, m)
			}
		}
	})
	t.Run("If the size of the POST request body was too large, status code 413 is RECOMMENDED", func(t *testing.T) {
		t.Parallel()
		small := startServer(t, e.db, server.Options{MaxBodyBytes: 1024})
		b := body(map[string]any{"query": peopleQ, "variables": map[string]any{"n": strings.Repeat("x", 4096)}})
		for _, m := range media {
			call(t, http.MethodPost, small+"/graphql", "application/json", m, b, nil).wantRequestError(t, http.StatusRequestEntityTooLarge, m)
		}
	})
	t.Run("If an unsupported HTTP method is used, status code 405 is RECOMMENDED, with the Allow header", func(t *testing.T) {
		t.Parallel()
		for _, method := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete} {
			for _, m := range media {
				a := call(t, method, e.url+"/graphql", "application/json", m, body(map[string]any{"query": peopleQ, "variables": vars}), nil)
				a.wantRequestError(t, http.StatusMethodNotAllowed, m)
				if allow := a.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
					t.Errorf("%s: Allow: %q, want GET and POST", method, allow)
				}
			}
		}
	})
	t.Run("If the client is not permitted to issue the GraphQL request, the server SHOULD reply with 401, 403 or similar", func(t *testing.T) {
		t.Parallel()
		authed := startServer(t, e.db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret})})
		for _, m := range media {
			a := call(t, http.MethodPost, authed+"/graphql", "application/json", m, body(map[string]any{"query": peopleQ, "variables": vars}), nil)
			a.wantRequestError(t, http.StatusUnauthorized, m)
			if a.errors[0].Code() != graph.CodeUnauthenticated {
				t.Errorf("code %s, want UNAUTHENTICATED", a.errors[0].Code())
			}
			a = call(t, http.MethodPost, authed+"/graphql", "application/json", m, body(map[string]any{"query": peopleQ, "variables": vars}),
				map[string]string{"Authorization": "Bearer " + azToken(t, auth.Principal{Role: auth.RoleAnalyst, Subject: "conformance"})})
			found(t, a)
			a.wantMedia(t, m)
		}
	})

	// application/json.
	t.Run("application/json: the server SHOULD use 200 for every response to a well-formed request, independent of any request error or field error", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, b := range []string{
				body(map[string]any{"query": `{ people { totalCount }`}),                          // document parsing failure
				body(map[string]any{"query": `{ people { nosuchfield } }`}),                       // validation failure
				body(map[string]any{"query": create + ` query Other { __typename }`}),             // operation cannot be determined
				body(map[string]any{"query": create, "operationName": "Nope"}),                    // operation cannot be determined
				body(map[string]any{"query": create, "variables": map[string]any{"n": nil}}),      // variable coercion failure
				body(map[string]any{"query": create, "variables": map[string]any{"n": []int{1}}}), // variable coercion failure
				body(map[string]any{"query": create}),                                             // variable coercion failure
			} {
				a := post(t, "application/json", ajson, b)
				notCreated(t, a)
				a.wantRequestError(t, http.StatusOK, ajson)
			}
			a := post(t, "application/json", ajson, body(map[string]any{"query": partialQ}))
			a.wantStatus(t, http.StatusOK)
			a.wantPartial(t)
		})
	})
	t.Run("application/json: if the GraphQL response contains a non-null data entry, the server MUST use the 200 status code", func(t *testing.T) {
		t.Parallel()
		found(t, post(t, "application/json", ajson, body(map[string]any{"query": peopleQ, "variables": vars})))
		a := post(t, "application/json", ajson, body(map[string]any{"query": partialQ}))
		a.wantStatus(t, http.StatusOK)
		a.wantPartial(t)
	})

	// application/graphql-response+json.
	t.Run("graphql-response+json: if the response contains a non-null data entry, the server MUST reply with a 2xx status code", func(t *testing.T) {
		t.Parallel()
		for _, q := range []string{peopleQ, partialQ} {
			a := post(t, "application/json", grj, body(map[string]any{"query": q, "variables": vars}))
			if a.status < 200 || a.status > 299 || a.data == nil {
				t.Errorf("status %d, body %s; want 2xx with data", a.status, a.body)
			}
		}
	})
	t.Run("graphql-response+json: if the response contains data and no errors, the server SHOULD reply with 200", func(t *testing.T) {
		t.Parallel()
		found(t, post(t, "application/json", grj, body(map[string]any{"query": peopleQ, "variables": vars})))
	})
	t.Run("graphql-response+json: if the response contains both data (even if null) and errors, the server SHOULD reply with 294", func(t *testing.T) {
		t.Parallel()
		a := post(t, "application/json", grj, body(map[string]any{"query": partialQ}))
		a.wantStatus(t, 294)
		a.wantPartial(t)
		// A non-null field that fails makes data null: still executed, still 294.
		a = post(t, "application/json", grj, body(map[string]any{"query": `{ paths(from: "nonsense", to: "nonsense") { length } }`}))
		a.wantStatus(t, 294)
		if v, ok := a.keys["data"]; !ok || string(v) != "null" || len(a.errors) == 0 || a.errors[0].Code() != graph.CodeInvalidInput {
			t.Fatalf("want data null and an INVALID_INPUT error: %s", a.body)
		}
	})
	t.Run("graphql-response+json: if the response does not contain the data entry, the server MUST reply with a 4xx or 5xx status code", func(t *testing.T) {
		t.Parallel()
		e.unchanged(t, func() {
			for _, c := range []struct {
				name   string
				body   string
				status int
			}{
				{"Document parsing failure: 400", body(map[string]any{"query": `{ people { totalCount }`}), http.StatusBadRequest},
				{"Document validation failure: 422", body(map[string]any{"query": `{ people { nosuchfield } }`}), http.StatusUnprocessableEntity},
				{"Operation cannot be determined: 422", body(map[string]any{"query": create + ` query Other { __typename }`}), http.StatusUnprocessableEntity},
				{"Operation cannot be determined: 422", body(map[string]any{"query": create, "operationName": "Nope"}), http.StatusUnprocessableEntity},
				{"Variable coercion failure: 422", body(map[string]any{"query": create, "variables": map[string]any{"n": nil}}), http.StatusUnprocessableEntity},
				{"Variable coercion failure: 422", body(map[string]any{"query": create, "variables": map[string]any{"n": map[string]any{"x": 1}}}), http.StatusUnprocessableEntity},
				{"Variable coercion failure: 422", body(map[string]any{"query": `query($f: Int) { people(first: $f) { totalCount } }`, "variables": map[string]any{"f": "many"}}), http.StatusUnprocessableEntity},
				{"Too deep (an additional validation rule): 422", body(map[string]any{"query": strings.Repeat("{ node(id: \"x\") { ... on Person { postings ", 7) + "{ totalCount" + strings.Repeat(" } } }", 7) + " }"}), http.StatusUnprocessableEntity},
			} {
				a := post(t, "application/json", grj, c.body)
				notCreated(t, a)
				if a.status != c.status {
					t.Errorf("%s: status %d\n%s", c.name, a.status, a.body)
				}
				a.wantRequestError(t, c.status, grj)
			}
		})
	})
}

// partialQ is a query whose answer has data and a field error: the count
// is there, the node with a malformed id is null with INVALID_INPUT.
const partialQ = `{ people(first: 1) { totalCount } bad: node(id: "x") { id } }`

// httpAnswer is an HTTP answer of /graphql, its body decoded.
type httpAnswer struct {
	status int
	header http.Header
	body   string
	keys   map[string]json.RawMessage // the body's top-level entries
	data   map[string]any
	errors []gqlError
}

func call(tb testing.TB, method, target, contentType, accept, body string, headers map[string]string) httpAnswer {
	tb.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	a := httpAnswer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if err := json.Unmarshal(b, &a.keys); err != nil {
		tb.Fatalf("%s %s: status %d, the body is not a JSON object: %v\n%s", method, target, resp.StatusCode, err, b)
	}
	_ = json.Unmarshal(a.keys["data"], &a.data)
	_ = json.Unmarshal(a.keys["errors"], &a.errors)
	return a
}

func (a httpAnswer) wantStatus(tb testing.TB, status int) {
	tb.Helper()
	if a.status != status {
		tb.Fatalf("status %d, want %d\n%s", a.status, status, a.body)
	}
}

func (a httpAnswer) wantMedia(tb testing.TB, media string) {
	tb.Helper()
	if mt := mediaType(a.header.Get("Content-Type")); mt != media {
		tb.Errorf("status %d: Content-Type %q, want %s", a.status, a.header.Get("Content-Type"), media)
	}
}

// wantRequestError checks a request error: the status, the media type, no
// data entry at all, and errors that each carry a code.
func (a httpAnswer) wantRequestError(tb testing.TB, status int, media string) {
	tb.Helper()
	a.wantStatus(tb, status)
	a.wantMedia(tb, media)
	if _, ok := a.keys["data"]; ok {
		tb.Errorf("a request error has a data entry: %s", a.body)
	}
	if len(a.errors) == 0 {
		tb.Fatalf("no errors: %s", a.body)
	}
	for _, e := range a.errors {
		if e.Code() == "" || e.Message == "" {
			tb.Errorf("an error without a message or code: %s", a.body)
		}
	}
}

// wantPartial checks the answer of partialQ: data with the count, and the
// field error.
func (a httpAnswer) wantPartial(tb testing.TB) {
	tb.Helper()
	if a.data == nil || get(a.data, "people.totalCount") == nil || len(a.errors) == 0 || a.errors[0].Code() != graph.CodeInvalidInput {
		tb.Fatalf("want data with people.totalCount and an INVALID_INPUT error: %s", a.body)
	}
}

func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	s, err := jsonMarshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
