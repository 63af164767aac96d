package auth_test

import (
	"os"
	"strings"
	"testing"

	"github.com/liaison/liaison/auth"
)

// TestReadmeMatrix checks the README's role table against auth.Matrix,
// cell by cell: one row per action (its name in backquotes first), the
// columns admin, officer, cadre and analyst, "yes" for any, "self", "unit", "no".
func TestReadmeMatrix(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]auth.Scope{"yes": auth.Any, "self": auth.Self, "unit": auth.Unit, "no": auth.None}
	var cols []auth.Role
	seen := map[auth.Action]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) == 6 && cells[0] == "action" {
			cols = nil
			for _, c := range cells[2:] {
				cols = append(cols, auth.Role(c))
			}
			continue
		}
		if cols == nil || len(cells) != 6 || !strings.HasPrefix(cells[0], "`") {
			continue
		}
		a := auth.Action(strings.Trim(cells[0], "`"))
		seen[a] = true
		for i, r := range cols {
			want, ok := words[cells[2+i]]
			if !ok {
				t.Errorf("README: %s/%s: %q is not yes, self, unit or no", a, r, cells[2+i])
				continue
			}
			if got := auth.ScopeOf(r, a); got != want {
				t.Errorf("README says %s may %s: %s; auth.Matrix says %s", r, a, cells[2+i], got)
			}
		}
	}
	if len(cols) != 4 {
		t.Fatalf("README: no role table with the columns admin, officer, cadre, analyst")
	}
	for _, a := range auth.Actions {
		if !seen[a] {
			t.Errorf("README: the role table has no row for %s", a)
		}
	}
}
