package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison/liaison/seed"
	"github.com/liaison/liaison/transfer"
)

// TestSeedWrite: `liaison seed --write DIR` needs no database and writes
// files that read back, without a problem, as the same graph.
func TestSeedWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	if err := seedCmd(context.Background(), []string{"--write", dir}, getenv, &out, &errb); err != nil {
		t.Fatalf("seed --write: %v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "wrote demo graph to ") {
		t.Errorf("output %q", out.String())
	}
	d, err := transfer.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Errors) > 0 {
		t.Fatalf("%d problems, first: %v", len(d.Errors), d.Errors[0])
	}
	want := seed.Demo()
	if d.Batch.Nodes() != want.Nodes() || len(d.Batch.Relationships) != len(want.Relationships) || len(d.Batch.Interactions) != len(want.Interactions) {
		t.Errorf("read back %d nodes, %d relationships, %d interactions; want %d, %d, %d", d.Batch.Nodes(), len(d.Batch.Relationships),
			len(d.Batch.Interactions), want.Nodes(), len(want.Relationships), len(want.Interactions))
	}
	if err := seedCmd(context.Background(), []string{"--write", dir, "--if-empty"}, getenv, &out, &errb); err == nil || !strings.Contains(err.Error(), "--if-empty") {
		t.Errorf("--write with --if-empty: %v, want an error naming --if-empty", err)
	}
}
