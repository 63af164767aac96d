package neo4jdb_test

import (
	"testing"

	"github.com/liaison/liaison/graph"
)

func TestMarkNotDuplicate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	name := "同名异人" + f.tag
	a := f.person("", func(in *graph.CreatePersonInput) { in.Name, in.BirthYear = name, ptr(1975) })
	b := f.person("", func(in *graph.CreatePersonInput) { in.Name, in.BirthYear = name, ptr(1975) })
	proposed := func() bool {
		t.Helper()
		ds, err := f.db.PossibleDuplicates(f.ctx, graph.MaxPageSize)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if (d.A.ID == a.ID && d.B.ID == b.ID) || (d.A.ID == b.ID && d.B.ID == a.ID) {
				return true
			}
		}
		return false
	}
	if !proposed() {
		t.Fatal("the pair with the same name and birth year is not proposed")
	}

	before := f.fingerprint()
	_, err := f.db.MarkNotDuplicate(f.ctx, a.ID, a.ID)
	wantCode(t, err, graph.CodeInvalidInput, "b:")
	_, err = f.db.MarkNotDuplicate(f.ctx, a.ID, "per_nobody")
	wantCode(t, err, graph.CodeNotFound, "b")
	_, err = f.db.MarkNotDuplicate(f.ctx, "unt_x", b.ID)
	wantCode(t, err, graph.CodeInvalidInput, "a")
	if after := f.fingerprint(); after != before || !proposed() {
		t.Fatal("a refused decision changed the graph")
	}

	// Given in either order, the decision is about the pair; the first is kept.
	d, err := f.db.MarkNotDuplicate(f.ctx, b.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.A.ID != b.ID || d.B.ID != a.ID || d.DecidedAt.IsZero() {
		t.Errorf("decision = %+v", d)
	}
	if proposed() {
		t.Error("the pair decided to be different people is still proposed")
	}
	again, err := f.db.MarkNotDuplicate(f.ctx, a.ID, b.ID)
	if err != nil || !again.DecidedAt.Equal(d.DecidedAt) {
		t.Errorf("marked again: %+v, %v (first at %v)", again, err, d.DecidedAt)
	}
	// Both people are untouched.
	for _, p := range []*graph.Person{a, b} {
		if _, err := f.db.FindPersonByID(f.ctx, p.ID); err != nil {
			t.Errorf("%s after the decision: %v", p.ID, err)
		}
	}
}
