package main

import (
	"context"
	"io"
	"testing"
)

// TestUnexpectedArgument: a command that takes only flags names the first
// stray argument, before it reads any configuration or connects.
func TestUnexpectedArgument(t *testing.T) {
	none := func(string) string { return "" }
	for _, cmd := range []string{"serve", "seed", "migrate", "report", "remind", "token"} {
		err := run(context.Background(), []string{cmd, "stray"}, none, io.Discard, io.Discard)
		want := cmd + `: unexpected argument "stray"`
		if err == nil || err.Error() != want {
			t.Errorf("liaison %s stray: %v, want %s", cmd, err, want)
		}
	}
}
