package neo4jdb

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

// TestCachedComputationPanics: a computation runs in a goroutine of its
// own; a panic in it is answered as an internal error, not the end of the
// process, and leaves nothing behind: the entry is dropped, the slot freed,
// and the next request computes again.
func TestCachedComputationPanics(t *testing.T) {
	a := NewAnalytics(&DB{log: slog.New(slog.NewTextHandler(io.Discard, nil))}, AnalyticsConfig{})
	ctx := context.Background()
	_, _, err := a.cached(ctx, "k", false, func(context.Context) (any, time.Time, error) { panic("boom") })
	if graph.ErrorCode(err) != graph.CodeInternal {
		t.Fatalf("a computation that panics: %v, want INTERNAL", err)
	}
	a.mu.Lock()
	running, entries := a.running, len(a.entries)
	a.mu.Unlock()
	if running != 0 || entries != 0 {
		t.Fatalf("after the panic: %d running, %d entries, want 0 and 0", running, entries)
	}
	v, _, err := a.cached(ctx, "k", false, func(context.Context) (any, time.Time, error) { return 42, time.Time{}, nil })
	if err != nil || v != 42 {
		t.Fatalf("asked again: %v, %v, want 42", v, err)
	}
}
