package neo4jdb

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestMapErrorNamesItsTimeout: a timeout names the limit the statement ran
// under, the bulk one for a bulk load, not the interactive one.
func TestMapErrorNamesItsTimeout(t *testing.T) {
	db := &DB{timeout: 10 * time.Second, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, c := range []struct {
		err     error
		timeout time.Duration
		want    string
	}{
		{context.DeadlineExceeded, db.timeout, "longer than 10s"},
		{context.DeadlineExceeded, BulkTimeout, "longer than 2m0s"},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, BulkTimeout, "longer than 2m0s"},
	} {
		err := db.mapErrorWithin(context.Background(), c.err, c.timeout)
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.Code != graph.CodeUnavailable || !strings.Contains(ge.Message, c.want) {
			t.Errorf("mapErrorWithin(%v, %s) = %v, want UNAVAILABLE naming %q", c.err, c.timeout, err, c.want)
		}
	}
	if err := db.mapError(context.Background(), context.DeadlineExceeded); !strings.Contains(err.Error(), "10s") {
		t.Errorf("mapError: %v, want the interactive timeout", err)
	}
}

// TestUnreachableAnswersAtOnce: with nothing listening on the port, a read
// and a write answer UNAVAILABLE "not reachable" well within 2 s, not
// after the query timeout with a timeout message.
func TestUnreachableAnswersAtOnce(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db, err := Open(Config{URI: "bolt://" + addr, User: "neo4j", Password: "x", QueryTimeout: 10 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	for i := range 3 {
		start := time.Now()
		_, rerr := db.Query(context.Background(), "RETURN 1", nil)
		werr := db.Exec(context.Background(), "CREATE (:X)", nil)
		for _, err := range []error{rerr, werr} {
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Code != graph.CodeUnavailable || !strings.Contains(ge.Message, "not reachable") {
				t.Errorf("attempt %d: %v, want UNAVAILABLE not reachable", i, err)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("attempt %d: a read and a write took %s", i, d)
		}
		if db.Down().IsZero() {
			t.Errorf("attempt %d: Down() is zero", i)
		}
	}
}
