package auth_test

import (
	"testing"

	"github.com/liaison/liaison/auth"
)

func TestMatrixComplete(t *testing.T) {
	for _, a := range auth.Actions {
		if _, ok := auth.Matrix[a]; !ok {
			t.Errorf("action %s has no row", a)
		}
		if auth.ScopeOf(auth.RoleAdmin, a) != auth.Any {
			t.Errorf("admin may not %s", a)
		}
	}
	if len(auth.Matrix) != len(auth.Actions) {
		t.Errorf("%d rows for %d actions", len(auth.Matrix), len(auth.Actions))
	}
	if auth.ScopeOf(auth.RoleAnalyst, auth.ReadSummaries) != auth.None || auth.ScopeOf(auth.RoleCadre, auth.Write) != auth.None {
		t.Error("analysts read no summaries, cadres write nothing")
	}
}
