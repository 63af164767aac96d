// Command benchkeys measures what an Idempotency-Key costs a write: it
// creates people through the service (neo4jdb, with the audit record every
// mutation writes) and through HTTP GraphQL (server.New on a loopback
// port), alternately with and without a key, one at a time, and prints
// p50 and p95 of each line and the difference at p50 as a Markdown table.
//
//	NEO4J_URI=bolt://127.0.0.1:17691 benchkeys [--requests 300] [--warmup 30]
//
// It writes people named after a tag of its own and deletes them, their
// audit records and its keys at the end.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/bench/measure"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/server"
)

func main() {
	requests := flag.Int("requests", 300, "measured writes per line")
	warmup := flag.Int("warmup", 30, "unmeasured writes per line first")
	flag.Parse()
	if err := run(*requests, *warmup); err != nil {
		fmt.Fprintln(os.Stderr, "benchkeys:", err)
		os.Exit(1)
	}
}

func run(requests, warmup int) error {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := neo4jdb.Open(neo4jdb.Config{URI: measure.Env("NEO4J_URI", "bolt://127.0.0.1:17691"), User: measure.Env("NEO4J_USER", "neo4j"),
		Password: measure.Env("NEO4J_PASSWORD", "liaison-dev"), Logger: quiet})
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	tag := "bench" + hex.EncodeToString(b[:])
	defer func() {
		_ = db.Exec(ctx, `MATCH (p:Person) WHERE p.name STARTS WITH $tag
MATCH (k:IdempotencyKey {resultId: p.id}) DELETE k`, map[string]any{"tag": tag})
		_ = db.Exec(ctx, `MATCH (p:Person) WHERE p.name STARTS WITH $tag
OPTIONAL MATCH (a:Audit {entityId: p.id}) DETACH DELETE p, a`, map[string]any{"tag": tag})
	}()

	// The service as a mutation calls it: an admin's context asking for an
	// audit record, with or without a claim.
	admin := auth.WithPrincipal(ctx, &auth.Principal{Subject: "bench", Role: auth.RoleAdmin})
	n := 0
	service := func(keyed bool) (time.Duration, error) {
		n++
		c := auth.WithAudit(admin, auth.AuditRequest{Operation: "createPerson"})
		if keyed {
			c = graph.WithIdempotency(c, &graph.IdempotencyClaim{Key: fmt.Sprintf("%s-s%d", tag, n), Hash: "h"})
		}
		start := time.Now()
		_, err := db.CreatePerson(c, graph.CreatePersonInput{Name: fmt.Sprintf("%s-%d", tag, n)})
		return time.Since(start), err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: server.New(db, server.Options{Logger: quiet}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/graphql"
	client := &http.Client{Timeout: 30 * time.Second}
	overHTTP := func(keyed bool) (time.Duration, error) {
		n++
		body, _ := json.Marshal(map[string]any{"query": `mutation($n: String!) { createPerson(input: { name: $n }) { id } }`,
			"variables": map[string]any{"n": fmt.Sprintf("%s-%d", tag, n)}})
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		if keyed {
			req.Header.Set("Idempotency-Key", fmt.Sprintf("%s-h%d", tag, n))
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != 200 || bytes.Contains(raw, []byte(`"errors"`)) {
			return 0, fmt.Errorf("HTTP %d: %s", resp.StatusCode, raw)
		}
		return took, nil
	}

	fmt.Printf("| line | writes | p50 ms without key | p50 ms with key | p50 cost of the key | p95 ms without / with |\n|---|---:|---:|---:|---:|---:|\n")
	for _, l := range []struct {
		name string
		do   func(bool) (time.Duration, error)
	}{{"service (CreatePerson with its audit record)", service}, {"HTTP GraphQL createPerson", overHTTP}} {
		var plain, keyed []time.Duration
		for i := range warmup + requests {
			// Alternate, so that both see the same state of the machine.
			for _, k := range []bool{i%2 == 0, i%2 != 0} {
				d, err := l.do(k)
				if err != nil {
					return fmt.Errorf("%s: %w", l.name, err)
				}
				if i < warmup {
					continue
				}
				if k {
					keyed = append(keyed, d)
				} else {
					plain = append(plain, d)
				}
			}
		}
		p50a, p50b := pct(plain, 50), pct(keyed, 50)
		fmt.Printf("| %s | %d + %d | %.2f | %.2f | %+.2f ms (%+.0f%%) | %.2f / %.2f |\n", l.name, len(plain), len(keyed),
			ms(p50a), ms(p50b), ms(p50b-p50a), 100*(float64(p50b)/float64(p50a)-1), ms(pct(plain, 95)), ms(pct(keyed, 95)))
	}
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
