package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/seed"
)

// injections are strings that would do harm if a value ever became query
// text: Cypher, Lucene and JSON breakers.
var injections = []string{
	"' OR 1=1 //",
	"\"}) MATCH (n) DETACH DELETE n //",
	"`; DROP CONSTRAINT Person_id",
	"x\") RETURN 1 UNION MATCH (n) DETACH DELETE n //",
	"$where",
	"*:* OR name:*",
	"\\\"\\u0000",
	"{{label}}",
	strings.Repeat("长", 150),
	"<script>alert(1)</script>",
}

// hostileCase is one request and what it may answer.
type hostileCase struct {
	name        string
	method      string
	contentType string
	body        []byte
	path        string
	// codes are the acceptable extensions.code values; empty means the
	// request may succeed without errors.
	codes []string
}

func gqlBody(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// TestHostileRequests sends more than a hundred malformed, oversized,
// injected and abusive requests: none may answer 5xx, every error carries a
// known code, and nothing of the graph changes. It runs on a Neo4j of its
// own holding the demo graph, so that it can count every node and
// relationship (audit records included) before and after while the other
// packages' tests write to the shared one.
func TestHostileRequests(t *testing.T) {
	t.Parallel()
	db := neo4jtest.StartOwn(t).Open(10*time.Second, testLogger())
	if _, err := db.Load(t.Context(), seed.Demo(), nil); err != nil {
		t.Fatal(err)
	}
	e := newEnvOn(t, db)
	person := e.person("张三", map[string]any{"phone": "13800000000"})
	unit := e.unit("发改委", "CENTRAL_AGENCY", nil)
	marker := e.tag // every injected value carries the tag, so anything stored would be found

	var cases []hostileCase
	add := func(name string, body []byte, codes ...string) {
		cases = append(cases, hostileCase{name: name, method: http.MethodPost, contentType: "application/json", body: body, path: "/graphql", codes: codes})
	}
	// Malformed JSON and wrong content types.
	for i, b := range []string{"", "{", "}", "[]", "null", "\"query\"", `{"query": 1}`, `{"query": "{ people { totalCount } }", "variables": "x"}`,
		`{"query": "{ people { totalCount } }", "variables": [1]}`, "\x00\x01\x02", `{"query": "` + strings.Repeat("{", 5000) + `"}`} {
		add(fmt.Sprintf("malformed-%d", i), []byte(b), "INVALID_INPUT")
	}
	for _, ct := range []string{"text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "image/png", ""} {
		cases = append(cases, hostileCase{name: "content-type-" + ct, method: http.MethodPost, contentType: ct, path: "/graphql",
			body: gqlBody(`{ people { totalCount } }`, nil), codes: []string{"INVALID_INPUT", "-"}})
	}
	// Unknown fields, arguments and types.
	for i, q := range []string{`{ nope }`, `{ people { nope } }`, `{ people(nope: 1) { totalCount } }`, `{ node(id: "x") { ... on Nope { id } } }`,
		`mutation { dropDatabase }`, `{ __type(name: "Person") { fields { nope } } }`, `subscription { people }`,
		`{ people(where: { nope: 1 }) { totalCount } }`, `mutation { createPerson(input: { name: "x", nope: 1 }) { id } }`, `{ people { edges { node { id ... on Unit { kind } } } } }`} {
		add(fmt.Sprintf("unknown-%d", i), gqlBody(q, nil), "INVALID_INPUT")
	}
	// Injections in every text argument of the reads.
	for i, s := range injections {
		v := s + marker
		add(fmt.Sprintf("inject-search-%d", i), gqlBody(`query($q: String!) { search(query: $q) { score } }`, map[string]any{"q": v}), "INVALID_INPUT", "")
		add(fmt.Sprintf("inject-people-%d", i), gqlBody(`query($q: String) { people(where: { nameContains: $q, name: $q, expertise: $q }) { totalCount } }`, map[string]any{"q": v}), "")
		add(fmt.Sprintf("inject-units-%d", i), gqlBody(`query($q: String) { units(where: { nameContains: $q }) { totalCount } companies(where: { industry: $q, creditCode: $q }) { totalCount } }`, map[string]any{"q": v}), "")
		add(fmt.Sprintf("inject-node-%d", i), gqlBody(`query($q: ID!) { node(id: $q) { id } }`, map[string]any{"q": v}), "INVALID_INPUT")
		add(fmt.Sprintf("inject-paths-%d", i), gqlBody(`query($a: ID!, $q: ID!) { paths(from: $a, to: $q) { length } }`, map[string]any{"a": person, "q": v}), "INVALID_INPUT")
		add(fmt.Sprintf("inject-cursor-%d", i), gqlBody(`query($q: String) { people(after: $q) { totalCount } }`, map[string]any{"q": v}), "INVALID_INPUT")
		// Writes that carry the injection but fail validation elsewhere.
		add(fmt.Sprintf("inject-create-%d", i), gqlBody(`mutation($q: String!) { createPerson(input: { name: $q, birthYear: 1800, bio: $q }) { id } }`, map[string]any{"q": v}), "INVALID_INPUT")
		add(fmt.Sprintf("inject-update-%d", i), gqlBody(`mutation($id: ID!, $q: String!) { updateUnit(id: $id, input: { name: $q, parentId: $q }) { id } }`, map[string]any{"id": unit, "q": v}), "INVALID_INPUT", "NOT_FOUND")
	}
	// Deep and wide queries.
	deep := "{ node(id: \"" + person + "\") { ... on Person { acquaintances { edges { node { person " + strings.Repeat("{ acquaintances { edges { node { person ", 12) + "{ id }" + strings.Repeat(" } } } }", 12) + " } } } } } }"
	add("deep", gqlBody(deep, nil), "TOO_COMPLEX")
	var wide strings.Builder
	wide.WriteString("{")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&wide, " a%d: people(first: 100) { totalCount edges { node { id postings(first: 100) { totalCount } } } }", i)
	}
	wide.WriteString(" }")
	add("wide", gqlBody(wide.String(), nil), "TOO_COMPLEX", "INVALID_INPUT")
	add("nested-pages", gqlBody(`{ people(first: 100) { edges { node { acquaintances(first: 100) { edges { node { person { postings(first: 100) { totalCount } } } } } } } } }`, nil), "TOO_COMPLEX")
	// Huge variables and bodies.
	add("huge-variable", gqlBody(`query($q: String!) { search(query: $q) { score } }`, map[string]any{"q": strings.Repeat("x", 2<<20)}), "INVALID_INPUT")
	add("many-ids", gqlBody(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": strings.Split(strings.Repeat("per_x,", 5000), ",")}), "INVALID_INPUT")
	add("huge-page", gqlBody(`{ people(first: 1000000) { totalCount } }`, nil), "INVALID_INPUT", "TOO_COMPLEX")
	add("negative-page", gqlBody(`{ people(first: -5) { totalCount } }`, nil), "INVALID_INPUT")
	add("bad-date", gqlBody(`query($d: Date) { people(where: { servingAt: $d }) { totalCount } }`, map[string]any{"d": "2024-99-99"}), "INVALID_INPUT")
	add("bad-enum", gqlBody(`query($k: [UnitKind!]) { units(where: { kind: $k }) { totalCount } }`, map[string]any{"k": []string{"MINISTRY"}}), "INVALID_INPUT")
	add("bad-int", gqlBody(`query($n: Int) { people(first: $n) { totalCount } }`, map[string]any{"n": 1e30}), "INVALID_INPUT")
	add("mutation-same-ends", gqlBody(`mutation($a: ID!) { addAcquaintance(input: { personId: $a, otherId: $a }) { id } }`, map[string]any{"a": person}), "INVALID_INPUT")
	add("end-unknown", gqlBody(`mutation { endRelationship(id: "rel_nope", to: "2024-01-01") { id } }`, nil), "NOT_FOUND")
	add("remove-bad", gqlBody(`mutation { removeRelationship(id: "per_x") }`, nil), "INVALID_INPUT")
	add("batch-array", []byte(`[{"query": "{ people { totalCount } }"}]`), "INVALID_INPUT")
	// GET with a mutation and with garbage.
	cases = append(cases,
		hostileCase{name: "get-mutation", method: http.MethodGet, path: "/graphql?query=" + urlq(`mutation { createPerson(input: { name: "x`+marker+`" }) { id } }`), codes: []string{"-"}},
		hostileCase{name: "get-garbage", method: http.MethodGet, path: "/graphql?query=%7B%7B%7B", codes: []string{"INVALID_INPUT"}},
		hostileCase{name: "get-bad-variables", method: http.MethodGet, path: "/graphql?query=" + urlq(`{ people { totalCount } }`) + "&variables=%7Bx", codes: []string{"INVALID_INPUT", "-"}},
		hostileCase{name: "put", method: http.MethodPut, path: "/graphql", contentType: "application/json", body: gqlBody(`{ people { totalCount } }`, nil), codes: []string{"-"}},
		hostileCase{name: "delete", method: http.MethodDelete, path: "/graphql", codes: []string{"-"}},
	)
	if len(cases) < 100 {
		t.Fatalf("only %d hostile requests", len(cases))
	}

	known := map[string]bool{"NOT_FOUND": true, "INVALID_INPUT": true, "CONFLICT": true, "UNAUTHENTICATED": true, "FORBIDDEN": true,
		"TOO_COMPLEX": true, "UNAVAILABLE": true, "RATE_LIMITED": true}
	before := e.fingerprint(person, unit)
	countsBefore := neo4jtest.TakeCensus(t, db)
	t.Logf("before: %s", countsBefore)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, e.url+c.path, bytes.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			resp, err := httpClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %.300s", resp.StatusCode, b)
			}
			var body struct {
				Errors []gqlError `json:"errors"`
			}
			_ = json.Unmarshal(b, &body)
			if len(body.Errors) == 0 {
				if !contains(c.codes, "") && !contains(c.codes, "-") && resp.StatusCode < 400 {
					t.Fatalf("status %d without errors, want one of %v: %.300s", resp.StatusCode, c.codes, b)
				}
				return
			}
			for _, ge := range body.Errors {
				code := ge.Code()
				if !known[code] {
					t.Errorf("error %q has code %q", ge.Message, code)
				}
				if strings.Contains(strings.ToLower(ge.Message), "neo4j") || strings.Contains(ge.Message, "Cypher") {
					t.Errorf("error leaks internals: %q", ge.Message)
				}
			}
			if !contains(c.codes, body.Errors[0].Code()) && !contains(c.codes, "-") {
				t.Errorf("code %q, want one of %v (%s)", body.Errors[0].Code(), c.codes, body.Errors[0].Message)
			}
		})
	}
	if after := e.fingerprint(person, unit); after != before {
		t.Errorf("hostile requests changed the graph")
	}
	if after := neo4jtest.TakeCensus(t, db); after != countsBefore {
		t.Errorf("hostile requests changed the graph: before %s, after %s", countsBefore, after)
	}
	rows, err := e.db.Query(t.Context(), `MATCH (n) WHERE NOT n:Audit AND any(k IN keys(n) WHERE toStringOrNull(n[k]) CONTAINS $m) RETURN count(n) AS n`, map[string]any{"m": marker + ""})
	if err != nil {
		t.Fatal(err)
	}
	// Only the two fixtures carry the tag (and their audit records, which
	// are not entities).
	if n, _ := rows[0]["n"].(int64); n != 2 {
		t.Errorf("%d nodes carry the marker, want the 2 fixtures", n)
	}
	if n, _ := rows[0]["n"].(int64); n != 2 {
		all, _ := e.db.Query(t.Context(), `MATCH (n) WHERE NOT n:Audit AND any(k IN keys(n) WHERE toStringOrNull(n[k]) CONTAINS $m) RETURN labels(n) AS l, properties(n) AS p`, map[string]any{"m": marker})
		t.Logf("marked: %v", all)
	}
	t.Logf("%d hostile requests", len(cases))
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func urlq(s string) string {
	r := strings.NewReplacer(" ", "%20", "{", "%7B", "}", "%7D", "\"", "%22", ":", "%3A", "(", "%28", ")", "%29")
	return r.Replace(s)
}
