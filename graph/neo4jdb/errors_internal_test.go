package neo4jdb

import (
	"context"
	"errors"
	"io"
	"log/slog"
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
