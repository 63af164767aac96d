package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestNeo4jRestart writes through the API while the test stops and starts
// Neo4j: while it is down requests answer UNAVAILABLE, /readyz fails and
// the process stays up; afterwards it recovers by itself, every
// acknowledged mutation is there, and none is half applied (each created
// person has exactly its one audit record).
func TestNeo4jRestart(t *testing.T) {
	t.Parallel()
	n, db, url := ownServer(t, 3*time.Second)

	var mu sync.Mutex
	var acked []string
	codes := map[string]int{}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			r := postRaw(t, url, "application/json", `mutation($n: String!) { createPerson(input: { name: $n }) { id } }`, map[string]any{"n": fmt.Sprintf("写入%d", i)})
			mu.Lock()
			switch {
			case r.Status >= 500:
				codes[fmt.Sprintf("HTTP %d", r.Status)]++
			case len(r.Errors) > 0:
				codes[r.Errors[0].Code()]++
			default:
				acked = append(acked, getStr(r.Data, "createPerson.id"))
			}
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	waitAcked := func(n int) {
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			k := len(acked)
			mu.Unlock()
			if k >= n {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("fewer than %d writes acknowledged", n)
	}
	waitAcked(10)
	n.Run("stop")
	// Down: readiness fails, queries answer UNAVAILABLE, nothing crashes.
	r := postRaw(t, url, "application/json", `{ people(first: 1) { totalCount } }`, nil)
	if len(r.Errors) == 0 || r.Errors[0].Code() != "UNAVAILABLE" {
		t.Errorf("query while Neo4j is down: %d %s", r.Status, r.Body)
	}
	if a := httpGet(t, url+"/readyz"); a.Status != 503 {
		t.Errorf("/readyz while Neo4j is down: %d", a.Status)
	}
	mu.Lock()
	before := len(acked)
	mu.Unlock()
	n.Run("start")
	waitAcked(before + 10)
	close(stop)
	<-done

	mu.Lock()
	defer mu.Unlock()
	for code, k := range codes {
		if code != "UNAVAILABLE" {
			t.Errorf("%d writes answered %s", k, code)
		}
	}
	rows, err := db.Query(context.Background(), `UNWIND $ids AS id OPTIONAL MATCH (p:Person {id: id})
		RETURN id, p IS NOT NULL AS found, COUNT { (a:Audit {entityId: id}) } AS audits`, map[string]any{"ids": acked})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if row["found"] != true {
			t.Errorf("acknowledged person %v is gone", row["id"])
		}
	}
	all, err := db.Query(context.Background(), `MATCH (p:Person) RETURN p.id AS id, COUNT { (a:Audit {entityId: p.id}) } AS audits`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range all {
		if row["audits"] != int64(1) {
			t.Errorf("person %v has %v audit records: half applied", row["id"], row["audits"])
		}
	}
	t.Logf("%d acknowledged, %d in the database, refused: %v", len(acked), len(all), codes)
}
