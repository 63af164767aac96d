package neo4jdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"
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

// TestRetryBudgets: a deadlock that does not go away is retried for the
// retry time of its kind of work and then named with that limit; a dial
// failure is not retried while Neo4j is known to be down; a connection
// lost while committing is sent again only with an idempotency key.
func TestRetryBudgets(t *testing.T) {
	db := &DB{timeout: 10 * time.Second, retryTime: 300 * time.Millisecond, poolSize: 3, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}
	for _, l := range []limits{db.interactive(), {name: "bulk work", timeout: time.Minute, retry: 600 * time.Millisecond}} {
		attempts := 0
		start := time.Now()
		err := db.retry(context.Background(), l, false, func(context.Context) error { attempts++; return deadlock })
		took := time.Since(start)
		msg := db.mapLimits(context.Background(), err, l).Error()
		if !strings.Contains(msg, "busy for "+l.retry.String()) || !strings.Contains(msg, l.name) {
			t.Errorf("%s: %q, want the retry limit %s of %s named", l.name, msg, l.retry, l.name)
		}
		if attempts < 2 || took > l.retry+200*time.Millisecond {
			t.Errorf("%s: %d attempts in %s, want several within %s", l.name, attempts, took, l.retry)
		}
	}

	refused := &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
	attempts := 0
	err := db.retry(context.Background(), db.interactive(), false, func(context.Context) error { attempts++; return refused })
	if attempts < 2 || db.Down().IsZero() || !strings.Contains(db.mapLimits(context.Background(), err, db.interactive()).Error(), "not reachable") {
		t.Errorf("first refusal: %d attempts, down %v, %v", attempts, db.Down(), err)
	}
	attempts = 0
	_ = db.retry(context.Background(), db.interactive(), false, func(context.Context) error { attempts++; return refused })
	if attempts != 1 {
		t.Errorf("refused while known down: %d attempts, want 1", attempts)
	}
	if err := db.retry(context.Background(), db.interactive(), false, func(context.Context) error { return nil }); err != nil || !db.Down().IsZero() {
		t.Errorf("a success does not clear the down state: %v %v", err, db.Down())
	}

	lost := errors.New("Connection lost during commit: EOF")
	for _, keyed := range []bool{false, true} {
		attempts = 0
		err := db.retry(context.Background(), db.interactive(), keyed, func(context.Context) error {
			attempts++
			if attempts == 1 {
				return lost
			}
			return nil
		})
		if keyed && (err != nil || attempts != 2) {
			t.Errorf("keyed write after a lost commit: %v after %d attempts, want sent again", err, attempts)
		}
		if !keyed && (attempts != 1 || !strings.Contains(db.mapLimits(context.Background(), err, db.interactive()).Error(), "may have been applied")) {
			t.Errorf("write without key after a lost commit: %v after %d attempts, want UNAVAILABLE saying it may have been applied", err, attempts)
		}
	}

	// Neo4j killed under a statement: the driver may answer the socket's own
	// error. Before the work was sent it is a broken connection, sent again;
	// after (errLostCommit) the commit's outcome is unknown.
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	for _, c := range []struct {
		err  error
		want failure
	}{
		{reset, failBroken},
		{fmt.Errorf("run: %w", io.EOF), failBroken},
		{errLostCommit{reset}, failCommitUnknown},
	} {
		if got := classify(c.err); got != c.want {
			t.Errorf("classify(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	attempts = 0
	err = db.retry(context.Background(), db.interactive(), false, func(context.Context) error {
		if attempts++; attempts == 1 {
			return reset
		}
		return nil
	})
	if err != nil || attempts != 2 {
		t.Errorf("a connection reset before the commit: %v after %d attempts, want sent again", err, attempts)
	}
	err = db.retry(context.Background(), db.interactive(), false, func(context.Context) error { return errLostCommit{reset} })
	if msg := db.mapLimits(context.Background(), err, db.interactive()).Error(); !strings.Contains(msg, "may have been applied") {
		t.Errorf("a connection reset while committing, no key: %q, want UNAVAILABLE saying it may have been applied", msg)
	}
}
