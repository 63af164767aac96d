package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestComposeServes: this machine has no Docker engine, so the test checks
// docker-compose.yml against what `serve` requires by running `liaison
// serve` in-process with exactly the environment that compose gives the
// liaison service (interpolated as on a machine where none of its variables
// is set), on a Neo4j of its own (empty, as compose's volume is at first).
// Two values are the container's and are replaced: NEO4J_URI names the
// compose host "neo4j", and LIAISON_ADDR the container's port, which here
// is a free one on 127.0.0.1. It must serve the demo: /readyz, the demo
// tokens, and a GraphQL query that finds the demo graph's 张三.
func TestComposeServes(t *testing.T) {
	env := composeEnv(t, "../../docker-compose.yml", "liaison")
	for _, k := range []string{"NEO4J_URI", "LIAISON_ADDR"} {
		if _, ok := env[k]; !ok {
			t.Fatalf("docker-compose.yml: the liaison service sets no %s", k)
		}
	}
	if !strings.HasPrefix(env["NEO4J_URI"], "bolt://neo4j:") {
		t.Errorf("NEO4J_URI = %q, want the compose service neo4j", env["NEO4J_URI"])
	}

	// Without demo mode and without a secret, the same environment must not
	// start: that is what `serve` requires, and why compose sets demo mode.
	t.Run("ErrNoAuthentication", func(t *testing.T) {
		bare := copyEnv(env)
		bare["LIAISON_DEMO"], bare["LIAISON_JWT_SECRET"], bare["LIAISON_JWKS"] = "", "", ""
		err := run(context.Background(), []string{"serve"}, lookup(bare), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "authentication") {
			t.Fatalf("serve without demo mode or secret: %v, want a refusal naming authentication", err)
		}
	})

	own := neo4jtest.StartOwn(t)
	env["NEO4J_URI"] = own.URI
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	env["LIAISON_ADDR"] = addr

	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, lookup(env), &out, &errOut) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30 s")
		}
	})

	base := "http://" + addr
	client := &http.Client{Timeout: 20 * time.Second}
	deadline := time.Now().Add(3 * time.Minute) // seeding the demo graph into the empty database
	for {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\nstdout: %s\nstderr: %s", err, out.String(), errOut.String())
		default:
		}
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 200 from /readyz within 3 minutes (last: %v)\nstderr: %s", err, errOut.String())
		}
		time.Sleep(500 * time.Millisecond)
	}

	resp, err := client.Get(base + "/auth/demo-tokens")
	if err != nil {
		t.Fatal(err)
	}
	var tokens map[string]string
	err = json.NewDecoder(resp.Body).Decode(&tokens)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || tokens["admin"] == "" {
		t.Fatalf("/auth/demo-tokens: status %d, %v, %v", resp.StatusCode, tokens, err)
	}

	body := `{"query": "{ search(query: \"zs\", kinds: [PERSON], first: 3) { node { id ... on Person { name } } } }"}`
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	req.Header.Set("Authorization", "Bearer "+tokens["admin"])
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"id":"per_demo-1"`)) || !bytes.Contains(b, []byte("张三")) {
		t.Fatalf("search zs: status %d, %s; want the demo graph's 张三 (per_demo-1)", resp.StatusCode, b)
	}
}

// composeEnv reads the environment of one service of a compose file, with
// ${VAR}, ${VAR:-default} and ${VAR-default} interpolated as compose does
// when none of the variables is set, and $$ as $.
func composeEnv(tb testing.TB, path, service string) map[string]string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var file struct {
		Services map[string]struct {
			Environment any `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	svc, ok := file.Services[service]
	if !ok {
		tb.Fatalf("%s: no service %q", path, service)
	}
	env := map[string]string{}
	switch e := svc.Environment.(type) {
	case map[string]any: // KEY: value
		for k, v := range e {
			if v == nil {
				v = ""
			}
			env[k] = interpolate(fmt.Sprint(v))
		}
	case []any: // - KEY=value
		for _, item := range e {
			k, v, _ := strings.Cut(fmt.Sprint(item), "=")
			env[k] = interpolate(v)
		}
	default:
		tb.Fatalf("%s: service %s: environment is a %T", path, service, svc.Environment)
	}
	return env
}

var composeVar = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}`)

func interpolate(s string) string {
	return composeVar.ReplaceAllStringFunc(s, func(m string) string {
		if m == "$$" {
			return "$"
		}
		return composeVar.FindStringSubmatch(m)[2] // unset: the default, or ""
	})
}

func lookup(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

func copyEnv(env map[string]string) map[string]string {
	c := make(map[string]string, len(env))
	for k, v := range env {
		c[k] = v
	}
	return c
}

// syncBuffer is a bytes.Buffer that the server's goroutine and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
