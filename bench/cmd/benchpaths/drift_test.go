package main

import "testing"

// TestNoDrift: the raw statements the benchmark runs as the floor are
// still the ones graph/neo4jdb runs.
func TestNoDrift(t *testing.T) {
	if got := checkDrift("../../.."); got != "ok" {
		t.Fatal(got)
	}
}
