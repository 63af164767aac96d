// Package measure holds what the benchmarks share: their settings from the
// environment and the Neo4j driver; for the GraphQL benchmarks
// (benchnested, benchpeer) a GraphQL client, a raw Cypher runner, the
// normal form in which answers are compared, percentiles and a throughput
// loop.
package measure

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Env is the environment variable k, or def where it is unset or empty.
func Env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Driver opens a driver on $NEO4J_URI (defURI where unset) as $NEO4J_USER
// with $NEO4J_PASSWORD (neo4j and liaison-dev where unset).
func Driver(defURI string) (neo4j.DriverWithContext, error) {
	return neo4j.NewDriverWithContext(Env("NEO4J_URI", defURI),
		neo4j.BasicAuth(Env("NEO4J_USER", "neo4j"), Env("NEO4J_PASSWORD", "liaison-dev"), ""))
}

// GraphQL posts queries to one GraphQL endpoint over keep-alive
// connections.
type GraphQL struct {
	URL   string // the endpoint, e.g. http://127.0.0.1:18721/graphql
	Token string // bearer token; none when empty
	http  *http.Client
}

// NewGraphQL returns a client of url (with token, when not empty).
func NewGraphQL(url, token string) *GraphQL {
	return &GraphQL{URL: url, Token: token,
		http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
}

// Do posts query with its variables and returns the data of the answer;
// an answer with errors is an error.
func (g *GraphQL) Do(ctx context.Context, query string, vars map[string]any) (any, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if g.Token != "" {
		req.Header.Set("Authorization", "Bearer "+g.Token)
	}
	resp, err := g.http.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var d struct {
		Data   any
		Errors []any
	}
	if err := json.Unmarshal(b, &d); err != nil || resp.StatusCode != 200 || len(d.Errors) > 0 {
		return nil, fmt.Errorf("HTTP %d: %.400s", resp.StatusCode, b)
	}
	return d.Data, nil
}

// Cypher runs one read statement with the driver and returns the values
// of its records.
func Cypher(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) (any, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(res.Records))
	for _, r := range res.Records {
		out = append(out, r.Values)
	}
	return out, nil
}

// Scalars lists the strings, numbers and booleans of an answer, sorted:
// the systems answer in different shapes, so the check compares their
// contents. Whole numbers print as integers whether they came as JSON
// numbers or as Cypher integers, others with six significant digits.
func Scalars(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			out = append(out, x)
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1e15 {
				out = append(out, strconv.FormatInt(int64(x), 10))
			} else {
				out = append(out, strconv.FormatFloat(x, 'g', 6, 64))
			}
		case int64:
			out = append(out, strconv.FormatInt(x, 10))
		case nil:
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	walk(v)
	sort.Strings(out)
	return out
}

// Equal reports whether two normal forms are the same.
func Equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Throughput runs c clients calling do for d and counts the answers; the
// first error stops it.
func Throughput(ctx context.Context, c int, do func(context.Context) error, d time.Duration) (int64, error) {
	var n atomic.Int64
	var first atomic.Value
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if err := do(ctx); err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	if err, _ := first.Load().(error); err != nil {
		return 0, err
	}
	return n.Load(), nil
}

// Pct is the p-th percentile of ds (nearest rank).
func Pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100]
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
