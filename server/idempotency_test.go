package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// keyedResponse is a GraphQL response with how long it took.
type keyedResponse struct {
	gqlResponse
	Took time.Duration
}

// postKeyed posts a GraphQL request with an Idempotency-Key header (none
// when key is "") and the body's extensions (none when nil).
func postKeyed(tb testing.TB, url, key, query string, vars, ext map[string]any) keyedResponse {
	tb.Helper()
	body := map[string]any{"query": query, "variables": vars}
	if ext != nil {
		body["extensions"] = ext
	}
	req := graphQLRequest(tb, url, body, "Idempotency-Key", key)
	start := time.Now()
	r := send(tb, req)
	return keyedResponse{gqlResponse: r, Took: time.Since(start)}
}

// ok fails unless the response has data and no error.
func (r keyedResponse) ok(tb testing.TB) map[string]any {
	tb.Helper()
	if len(r.Errors) > 0 || r.Data == nil {
		tb.Fatalf("status %d: %s", r.Status, r.Body)
	}
	return r.Data
}

// count runs a count query on the test's database.
func (e *env) count(cypher string, params map[string]any) int64 {
	e.tb.Helper()
	rows, err := e.db.Query(context.Background(), cypher, params)
	if err != nil {
		e.tb.Fatal(err)
	}
	n, _ := rows[0]["n"].(int64)
	return n
}

// TestIdempotencyKey: a repeated key with the same input answers the first
// answer and writes nothing (no second entity, no second audit record),
// with another input CONFLICT; each field of a request has its own key;
// a key works from the body's extensions too; concurrent repeats write
// once.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	t.Cleanup(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		_ = e.db.Exec(context.Background(), `MATCH (k:IdempotencyKey) WHERE k.resultId IN $ids DELETE k`, map[string]any{"ids": e.ids})
	})
	const create = `mutation($in: CreatePersonInput!) { createPerson(input: $in) { id name createdAt } }`
	people := func(name string) int64 {
		return e.count(`MATCH (p:Person {name: $n}) RETURN count(p) AS n`, map[string]any{"n": name})
	}
	audits := func(id string) int64 {
		return e.count(`MATCH (a:Audit {entityId: $id}) RETURN count(a) AS n`, map[string]any{"id": id})
	}
	key := "k-" + e.tag

	t.Run("repeat", func(t *testing.T) {
		name := "幂等" + e.tag
		first := postKeyed(t, e.url, key+"-1", create, map[string]any{"in": map[string]any{"name": name}}, nil).ok(t)
		id := getStr(first, "createPerson.id")
		e.track(id)
		for i := range 3 {
			again := postKeyed(t, e.url, key+"-1", create, map[string]any{"in": map[string]any{"name": name}}, nil).ok(t)
			if dump(again) != dump(first) {
				t.Errorf("repeat %d answered %s, want the first answer %s", i, dump(again), dump(first))
			}
		}
		// From the body's extensions, for clients that cannot set headers.
		ext := postKeyed(t, e.url, "", create, map[string]any{"in": map[string]any{"name": name}},
			map[string]any{"idempotencyKey": key + "-1"}).ok(t)
		if dump(ext) != dump(first) {
			t.Errorf("repeat in extensions answered %s, want %s", dump(ext), dump(first))
		}
		if n := people(name); n != 1 {
			t.Errorf("%d people named %s after 5 requests with one key, want 1", n, name)
		}
		if n := audits(id); n != 1 {
			t.Errorf("%d audit records for %s, want 1", n, id)
		}
		// Without a key, the same input is a new request.
		e.track(getStr(postKeyed(t, e.url, "", create, map[string]any{"in": map[string]any{"name": name}}, nil).ok(t), "createPerson.id"))
		if n := people(name); n != 2 {
			t.Errorf("%d people named %s after a request without a key, want 2", n, name)
		}
	})

	t.Run("conflict", func(t *testing.T) {
		name := "冲突" + e.tag
		id := getStr(postKeyed(t, e.url, key+"-2", create, map[string]any{"in": map[string]any{"name": name}}, nil).ok(t), "createPerson.id")
		e.track(id)
		before := e.fingerprint()
		for _, c := range []struct {
			query string
			vars  map[string]any
		}{
			{create, map[string]any{"in": map[string]any{"name": name + "乙"}}},
			{`mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`, map[string]any{"in": map[string]any{"name": name, "kind": "OTHER"}}},
		} {
			r := postKeyed(t, e.url, key+"-2", c.query, c.vars, nil)
			if len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "Idempotency-Key") {
				t.Errorf("same key, other input: %s, want CONFLICT naming the Idempotency-Key", r.Body)
			}
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("a CONFLICT changed the graph:\n%s\n%s", before, after)
		}
		if n := people(name + "乙"); n != 0 {
			t.Errorf("a CONFLICT wrote %d people", n)
		}
	})

	t.Run("fields", func(t *testing.T) {
		q := `mutation($a: CreatePersonInput!, $b: CreatePersonInput!) { a: createPerson(input: $a) { id } b: createPerson(input: $b) { id } }`
		vars := map[string]any{"a": map[string]any{"name": "甲" + e.tag}, "b": map[string]any{"name": "乙" + e.tag}}
		first := postKeyed(t, e.url, key+"-3", q, vars, nil).ok(t)
		a, b := getStr(first, "a.id"), getStr(first, "b.id")
		e.track(a)
		e.track(b)
		if a == "" || a == b {
			t.Fatalf("two fields under one key: %s", dump(first))
		}
		if again := postKeyed(t, e.url, key+"-3", q, vars, nil).ok(t); dump(again) != dump(first) {
			t.Errorf("repeat answered %s, want %s", dump(again), dump(first))
		}
		if n := people("甲" + e.tag); n != 1 {
			t.Errorf("%d people 甲, want 1", n)
		}
	})

	t.Run("kinds", func(t *testing.T) {
		p1, p2 := e.person("张", nil), e.person("李", nil)
		// How many times each was written (apart from the cases, whose
		// values come from responses).
		counts := [...]string{
			`MATCH (:Person {id: $a})-[r:KNOWS]-(:Person {id: $b}) RETURN count(r) AS n`,
			`MATCH (:Person {id: $a})<-[:WITH]-(i:Interaction)-[:WITH]->(:Person {id: $b}) RETURN count(i) AS n`,
			`MATCH (a:Audit {entityId: $a, operation: 'updatePerson'}) RETURN count(a) AS n`,
		}
		for i, c := range []struct {
			name, query string
			vars        map[string]any
		}{
			{"addAcquaintance", `mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id person { id } since how } }`,
				map[string]any{"in": map[string]any{"personId": p1, "otherId": p2, "since": "2020-01-02", "how": "同学"}}},
			{"logInteraction", `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id at kind summary participants { id } } }`,
				map[string]any{"in": map[string]any{"participantIds": []string{p1, p2}, "at": "2026-03-04T05:06:07Z", "kind": "MEETING", "summary": "面谈"}}},
			{"updatePerson", `mutation($id: ID!) { updatePerson(id: $id, input: { bio: "改过" }) { id bio } }`,
				map[string]any{"id": p1}},
		} {
			k := key + "-" + c.name
			first := postKeyed(t, e.url, k, c.query, c.vars, nil).ok(t)
			again := postKeyed(t, e.url, k, c.query, c.vars, nil).ok(t)
			if dump(again) != dump(first) {
				t.Errorf("%s: repeat answered %s, want %s", c.name, dump(again), dump(first))
			}
			if n := e.count(counts[i], map[string]any{"a": p1, "b": p2}); n != 1 {
				t.Errorf("%s: written %d times, want 1", c.name, n)
			}
		}
		// The repeat of an update answers the first answer, even after
		// another change, and does not undo that change.
		mustQuery(t, e.url, `mutation($id: ID!) { updatePerson(id: $id, input: { bio: "又改" }) { id } }`, map[string]any{"id": p1})
		again := postKeyed(t, e.url, key+"-updatePerson", `mutation($id: ID!) { updatePerson(id: $id, input: { bio: "改过" }) { id bio } }`,
			map[string]any{"id": p1}, nil).ok(t)
		if got := getStr(again, "updatePerson.bio"); got != "改过" {
			t.Errorf("repeated update answered bio %q, want the first answer 改过", got)
		}
		if got := getStr(e.query(`query($id: ID!) { node(id: $id) { ... on Person { bio } } }`, map[string]any{"id": p1}), "node.bio"); got != "又改" {
			t.Errorf("bio after the repeat = %q, want 又改 (the repeat writes nothing)", got)
		}
		// A deletion repeated answers its id, not NOT_FOUND.
		del := `mutation($id: ID!) { deletePerson(id: $id) }`
		for i := range 2 {
			if got := getStr(postKeyed(t, e.url, key+"-delete", del, map[string]any{"id": p2}, nil).ok(t), "deletePerson"); got != p2 {
				t.Errorf("delete %d answered %q, want %q", i, got, p2)
			}
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		name := "双击" + e.tag
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := postKeyed(t, e.url, key+"-5", create, map[string]any{"in": map[string]any{"name": name}}, nil)
				if len(r.Errors) == 0 {
					ids[i] = getStr(r.Data, "createPerson.id")
				} else {
					t.Errorf("concurrent repeat %d: %s", i, r.Body)
				}
			}()
		}
		wg.Wait()
		e.track(ids[0])
		for i, id := range ids {
			if id != ids[0] {
				t.Errorf("request %d answered %s, request 0 %s", i, id, ids[0])
			}
		}
		if n := people(name); n != 1 {
			t.Errorf("%d people after 8 concurrent requests with one key, want 1", n)
		}
	})

	t.Run("bad keys", func(t *testing.T) {
		before := e.fingerprint()
		for _, c := range []struct {
			header string
			ext    map[string]any
			want   string
		}{
			{strings.Repeat("x", 201), nil, "Idempotency-Key: at most 200"},
			{"键", nil, "Idempotency-Key: only printable ASCII"},
			{"", map[string]any{"idempotencyKey": 42}, "extensions.idempotencyKey: must be a string"},
			{"a", map[string]any{"idempotencyKey": "b"}, "differs from the Idempotency-Key header"},
		} {
			r := postKeyed(t, e.url, c.header, create, map[string]any{"in": map[string]any{"name": "坏键" + e.tag}}, c.ext)
			if len(r.Errors) == 0 || r.Errors[0].Code() != "INVALID_INPUT" || !strings.Contains(r.Errors[0].Message, c.want) {
				t.Errorf("key %q %v: %s, want INVALID_INPUT %q", c.header, c.ext, r.Body, c.want)
			}
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("a bad key changed the graph")
		}
		if n := people("坏键" + e.tag); n != 0 {
			t.Errorf("a bad key wrote %d people", n)
		}
	})
	_ = fmt.Sprint
}
