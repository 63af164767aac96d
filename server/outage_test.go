package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestOutage runs against a Neo4j of its own, with the production query
// timeout of 10 s:
//
//   - stopped: 20 reads and 20 writes each answer UNAVAILABLE "not
//     reachable" with Retry-After in under 2 s (not after the timeout);
//     started again, the first read succeeds at once and the same reads
//     give the same answers; nothing was written meanwhile;
//   - killed with SIGKILL while writers send keyed mutations and repeat
//     every UNAVAILABLE with the same key until acknowledged: afterwards
//     every acknowledged write exists exactly once, with the id its
//     acknowledgement gave, none is half applied (each person has its one
//     audit record), and no repeat wrote a second person.
func TestOutage(t *testing.T) {
	t.Parallel()
	n, db, url := ownServer(t, 10*time.Second)
	tag := neo4jtest.Tag()
	countPeople := func() int64 {
		rows, err := db.Query(context.Background(), `MATCH (p:Person) WHERE p.name STARTS WITH $tag RETURN count(p) AS n`, map[string]any{"tag": tag})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0]["n"].(int64)
	}

	t.Run("stopped", func(t *testing.T) {
		var ids []string
		for i := range 20 {
			d := mustQuery(t, url, `mutation($n: String!) { createPerson(input: { name: $n }) { id } }`, map[string]any{"n": fmt.Sprintf("%s读%02d", tag, i)})
			ids = append(ids, getStr(d, "createPerson.id"))
		}
		reads := make([]string, 20)
		readQuery := func(i int) (string, map[string]any) {
			if i%2 == 0 {
				return `query($id: ID!) { node(id: $id) { id ... on Person { name pinyin discoverable } } }`, map[string]any{"id": ids[i]}
			}
			return `query($p: String!) { people(where: { nameContains: $p }, first: 5, orderBy: [{ field: NAME }]) { totalCount edges { node { id name } } } }`,
				map[string]any{"p": fmt.Sprintf("%s读%d", tag, i/10)}
		}
		for i := range reads {
			q, v := readQuery(i)
			reads[i] = dump(postKeyed(t, url, "", q, v, nil).ok(t))
		}
		before := countPeople()

		n.Run("stop")
		check := func(what string, r keyedResponse) {
			t.Helper()
			switch {
			case len(r.Errors) == 0 || r.Errors[0].Code() != "UNAVAILABLE" || !strings.Contains(r.Errors[0].Message, "not reachable"):
				t.Errorf("%s while Neo4j is stopped: %s, want UNAVAILABLE not reachable", what, r.Body)
			case r.Took >= 2*time.Second:
				t.Errorf("%s while Neo4j is stopped took %s, want under 2 s", what, r.Took)
			case r.Header.Get("Retry-After") == "":
				t.Errorf("%s while Neo4j is stopped: no Retry-After", what)
			}
		}
		var slowest time.Duration
		for i := range 20 {
			q, v := readQuery(i)
			r := postKeyed(t, url, "", q, v, nil)
			check(fmt.Sprintf("read %d", i), r)
			slowest = max(slowest, r.Took)
			w := postKeyed(t, url, fmt.Sprintf("%s-down-%d", tag, i), `mutation($n: String!) { createPerson(input: { name: $n }) { id } }`,
				map[string]any{"n": fmt.Sprintf("%s停%02d", tag, i)}, nil)
			check(fmt.Sprintf("write %d", i), w)
			slowest = max(slowest, w.Took)
		}
		if a := httpGet(t, url+"/readyz"); a.Status != 503 || a.Header.Get("Retry-After") == "" {
			t.Errorf("/readyz while Neo4j is stopped: %d, Retry-After %q", a.Status, a.Header.Get("Retry-After"))
		}

		n.Run("start")
		// A Neo4j just started can take more than the query timeout over
		// its first statements on a busy machine (a slow database, which
		// the service reports as a timeout): wait until a statement on a
		// connection of the test's own answers. The service still counts
		// the database as down, and its first request must go through all
		// the same: no breaker holds it back.
		probe := n.Open(10*time.Second, testLogger())
		for wait := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			if _, err := probe.Query(context.Background(), `MATCH (p:Person) RETURN count(p) AS n`, nil); err == nil {
				break
			}
			if time.Now().After(wait) {
				t.Fatalf("Neo4j does not answer 2 minutes after the restart")
			}
		}
		if db.Down().IsZero() {
			t.Errorf("after /readyz, the service no longer counts the database as down; the first request proves nothing")
		}
		for i := range reads {
			q, v := readQuery(i)
			r := postKeyed(t, url, "", q, v, nil)
			if got := dump(r.Data); len(r.Errors) > 0 || got != reads[i] {
				t.Errorf("read %d after the restart: %s, want %s", i, r.Body, reads[i])
			}
		}
		if after := countPeople(); after != before {
			t.Errorf("%d people after the outage, %d before: a refused write was written", after, before)
		}
		t.Logf("while stopped, the slowest of 40 answers took %s", slowest)
	})

	t.Run("killed", func(t *testing.T) {
		const writers, perWriter = 6, 25
		type ack struct{ name, id string }
		var (
			mu        sync.Mutex
			acks      []ack
			retried   atomic.Int64 // writes that needed more than one request
			refusals  = map[string]int{}
			failures  []string
			wg        sync.WaitGroup
			deadline  = time.Now().Add(4 * time.Minute)
			ackCount  atomic.Int64
			firstName = tag + "写"
		)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					name := fmt.Sprintf("%s%d-%02d", firstName, w, i)
					key := fmt.Sprintf("%s-w%d-%d", tag, w, i)
					for attempt := 1; ; attempt++ {
						if attempt > 2000 || time.Now().After(deadline) {
							mu.Lock()
							failures = append(failures, name+": never acknowledged")
							mu.Unlock()
							return
						}
						r := postKeyed(t, url, key, `mutation($n: String!) { createPerson(input: { name: $n }) { id name } }`, map[string]any{"n": name}, nil)
						if len(r.Errors) == 0 && r.Status == 200 {
							if getStr(r.Data, "createPerson.name") != name {
								mu.Lock()
								failures = append(failures, fmt.Sprintf("%s acknowledged as %s", name, dump(r.Data)))
								mu.Unlock()
							}
							mu.Lock()
							acks = append(acks, ack{name, getStr(r.Data, "createPerson.id")})
							mu.Unlock()
							ackCount.Add(1)
							if attempt > 1 {
								retried.Add(1)
							}
							break
						}
						code := fmt.Sprintf("HTTP %d", r.Status)
						if len(r.Errors) > 0 {
							code = r.Errors[0].Code()
						}
						mu.Lock()
						refusals[code]++
						mu.Unlock()
						if code != "UNAVAILABLE" {
							mu.Lock()
							failures = append(failures, fmt.Sprintf("%s: %s", name, r.Body))
							mu.Unlock()
							return
						}
						time.Sleep(50 * time.Millisecond)
					}
				}
			}()
		}
		for wait := time.Now().Add(2 * time.Minute); ackCount.Load() < 30 && time.Now().Before(wait); {
			time.Sleep(20 * time.Millisecond)
		}
		n.Kill()
		time.Sleep(time.Second)
		n.Run("start")
		wg.Wait()

		mu.Lock()
		defer mu.Unlock()
		for _, f := range failures {
			t.Error(f)
		}
		if len(acks) != writers*perWriter {
			t.Errorf("%d writes acknowledged, want %d", len(acks), writers*perWriter)
		}
		rows, err := db.Query(context.Background(), `MATCH (p:Person) WHERE p.name STARTS WITH $prefix
RETURN p.name AS name, collect(p.id) AS ids, sum(COUNT { (a:Audit {entityId: p.id}) }) AS audits`, map[string]any{"prefix": firstName})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string][]any{}
		for _, row := range rows {
			ids, _ := row["ids"].([]any)
			stored[row["name"].(string)] = ids
			if len(ids) != 1 {
				t.Errorf("%v: %d people, want 1 (a repeat wrote again)", row["name"], len(ids))
			}
			if row["audits"] != int64(len(ids)) {
				t.Errorf("%v: %v audit records for %d people: half applied", row["name"], row["audits"], len(ids))
			}
		}
		for _, a := range acks {
			ids := stored[a.name]
			if len(ids) == 0 || ids[0] != a.id {
				t.Errorf("%s acknowledged as %s, stored as %v", a.name, a.id, ids)
			}
		}
		if len(stored) != len(acks) {
			t.Errorf("%d names stored, %d acknowledged", len(stored), len(acks))
		}
		if len(refusals) == 0 {
			t.Errorf("no request was refused: the crash came too late to test anything")
		}
		t.Logf("%d acknowledged, %d after repeating, refused: %v", len(acks), retried.Load(), refusals)
	})
}
