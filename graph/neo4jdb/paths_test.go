package neo4jdb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func (f *fixture) knows(a, b *graph.Person) *graph.Relationship {
	f.tb.Helper()
	r, err := f.db.AddAcquaintance(f.ctx, graph.AddAcquaintanceInput{PersonID: a.ID, OtherID: b.ID, Since: ptr(day("2020-01-01")), How: ptr("同事")})
	if err != nil {
		f.tb.Fatal(err)
	}
	return r
}

func (f *fixture) meet(times int, people ...*graph.Person) {
	f.tb.Helper()
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	for i := 0; i < times; i++ {
		if _, err := f.db.LogInteraction(f.ctx, graph.LogInteractionInput{ParticipantIDs: ids, At: time.Now().Add(-time.Duration(i+1) * 24 * time.Hour),
			Kind: graph.InteractionMeeting, Summary: ptr("座谈")}, "test"); err != nil {
			f.tb.Fatal(err)
		}
	}
}

func (f *fixture) paths(q graph.PathQuery) []*graph.Path {
	f.tb.Helper()
	ps, err := f.db.Paths(f.ctx, q)
	if err != nil {
		f.tb.Fatalf("Paths(%+v): %v", q, err)
	}
	return ps
}

func TestPathsHandBuilt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, b, c, d := f.person("甲"), f.person("乙"), f.person("丙"), f.person("丁")
	lonely := f.person("戊")
	// a — b — c — d, and a — d directly: a weak direct link and a strong
	// long way round.
	f.knows(a, b)
	f.knows(b, c)
	f.knows(c, d)
	f.knows(a, d)
	f.meet(6, a, b)
	f.meet(6, b, c)
	f.meet(6, c, d)

	t.Run("NoPath", func(t *testing.T) {
		if ps := f.paths(graph.PathQuery{From: a.ID, To: lonely.ID}); len(ps) != 0 {
			t.Errorf("got %d paths to an isolated person", len(ps))
		}
		if ps := f.paths(graph.PathQuery{From: a.ID, To: lonely.ID, OrderBy: graph.ByStrength}); len(ps) != 0 {
			t.Errorf("got %d strongest paths to an isolated person", len(ps))
		}
	})
	t.Run("ErrSameEnds", func(t *testing.T) {
		_, err := f.db.Paths(f.ctx, graph.PathQuery{From: a.ID, To: a.ID})
		wantCode(t, err, graph.CodeInvalidInput, "to")
		_, err = f.db.Paths(f.ctx, graph.PathQuery{From: a.ID, To: "per_nobody"})
		wantCode(t, err, graph.CodeNotFound, "to")
		_, err = f.db.Paths(f.ctx, graph.PathQuery{From: a.ID, To: b.ID, MaxHops: 7})
		wantCode(t, err, graph.CodeInvalidInput, "maxHops")
		_, err = f.db.Paths(f.ctx, graph.PathQuery{From: a.ID, To: b.ID, First: 21})
		wantCode(t, err, graph.CodeInvalidInput, "first")
	})
	t.Run("ShortestFirst", func(t *testing.T) {
		ps := f.paths(graph.PathQuery{From: a.ID, To: d.ID, RelTypes: []graph.RelType{graph.RelKnows}})
		if len(ps) != 2 || ps[0].Length() != 1 || ps[1].Length() != 3 {
			t.Fatalf("paths: %d, lengths %v", len(ps), lengths(ps))
		}
		for _, p := range ps {
			assertSimple(t, p)
		}
	})
	t.Run("StrongLongBeatsWeakShort", func(t *testing.T) {
		ps := f.paths(graph.PathQuery{From: a.ID, To: d.ID, RelTypes: []graph.RelType{graph.RelKnows}, OrderBy: graph.ByStrength})
		if len(ps) != 2 {
			t.Fatalf("paths: %d", len(ps))
		}
		if ps[0].Length() != 3 || ps[0].Strength <= ps[1].Strength {
			t.Errorf("strongest first: lengths %v strengths %v %v", lengths(ps), ps[0].Strength, ps[1].Strength)
		}
		want := 1.0
		for _, s := range ps[0].Steps {
			want *= s.Strength
			if s.TieStrength == nil || *s.TieStrength < 0.5 {
				t.Errorf("step %s has tie strength %v after six meetings", s.ID, s.TieStrength)
			}
		}
		if diff := ps[0].Strength - want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("path strength %v, product of steps %v", ps[0].Strength, want)
		}
		if !strings.Contains(ps[0].Explanation, "相识") || ps[0].ExplanationEn == "" {
			t.Errorf("explanation: %q / %q", ps[0].Explanation, ps[0].ExplanationEn)
		}
	})
	t.Run("Undiscoverable", func(t *testing.T) {
		// Hide c: the long path through c disappears, the direct one stays.
		if _, err := f.db.UpdatePerson(f.ctx, c.ID, graph.UpdatePersonInput{Discoverable: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		defer f.db.UpdatePerson(f.ctx, c.ID, graph.UpdatePersonInput{Discoverable: ptr(true)})
		for _, order := range []graph.PathOrder{graph.ByHops, graph.ByStrength} {
			ps := f.paths(graph.PathQuery{From: a.ID, To: d.ID, OrderBy: order})
			for _, p := range ps {
				for _, n := range p.Nodes[1 : len(p.Nodes)-1] {
					if n.NodeID() == c.ID {
						t.Errorf("%s: an undiscoverable person inside a path", order)
					}
				}
			}
			if len(ps) == 0 {
				t.Errorf("%s: the direct path is gone too", order)
			}
		}
		ins, err := f.db.Introducers(f.ctx, graph.IntroducerQuery{Target: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range ins {
			if in.Person.ID == c.ID {
				t.Errorf("an undiscoverable person is an introducer")
			}
		}
	})
}

func TestPathsCyclesParallelAndDates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ministry := f.unit("科技部", graph.UnitCentralAgency)
	host := f.unit("市科技局", graph.UnitLocalGovernment)
	a, b, c := f.person("甲"), f.person("乙"), f.person("丙")
	// a and b were posted to the same host unit 2019–2021: a path that
	// exists only then.
	for _, p := range []*graph.Person{a, b} {
		if _, err := f.db.AddPosting(f.ctx, graph.AddPostingInput{PersonID: p.ID, HostUnitID: host.ID, DispatchingUnitID: ministry.ID,
			Title: "副局长", From: day("2019-03-01"), To: ptr(day("2021-03-01"))}); err != nil {
			t.Fatal(err)
		}
	}
	// Parallel: two memberships of c in the ministry (two periods), and a
	// cycle a — c — b — a via acquaintance.
	for _, per := range [][2]string{{"2010-01-01", "2015-01-01"}, {"2018-01-01", ""}} {
		in := graph.AddMembershipInput{PersonID: c.ID, UnitID: ministry.ID, From: ptr(day(per[0]))}
		if per[1] != "" {
			in.To = ptr(day(per[1]))
		}
		if _, err := f.db.AddMembership(f.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.AddMembership(f.ctx, graph.AddMembershipInput{PersonID: b.ID, UnitID: ministry.ID, From: ptr(day("2012-01-01"))}); err != nil {
		t.Fatal(err)
	}
	f.knows(a, c)
	f.knows(c, b)

	only := []graph.RelType{graph.RelPostedTo}
	if ps := f.paths(graph.PathQuery{From: a.ID, To: b.ID, RelTypes: only, At: ptr(day("2020-06-01"))}); len(ps) != 1 || ps[0].Length() != 2 {
		t.Errorf("at 2020: %d paths %v", len(ps), lengths(ps))
	} else if !strings.Contains(ps[0].Explanation, "共事") || !strings.Contains(ps[0].Explanation, "2019–2021") {
		t.Errorf("explanation %q", ps[0].Explanation)
	}
	if ps := f.paths(graph.PathQuery{From: a.ID, To: b.ID, RelTypes: only, At: ptr(day("2023-06-01"))}); len(ps) != 0 {
		t.Errorf("at 2023 the posting path still exists: %v", lengths(ps))
	}
	if ps := f.paths(graph.PathQuery{From: a.ID, To: b.ID, RelTypes: only, During: &graph.DateRange{From: ptr(day("2022-01-01"))}}); len(ps) != 0 {
		t.Errorf("during 2022–: %v", lengths(ps))
	}
	// Parallel memberships give distinct paths c → ministry ← ... ; all
	// paths are simple and distinct.
	ps := f.paths(graph.PathQuery{From: a.ID, To: c.ID, First: 20, MaxHops: 4})
	seen := map[string]bool{}
	for _, p := range ps {
		assertSimple(t, p)
		k := stepKey(p)
		if seen[k] {
			t.Errorf("path listed twice: %s", k)
		}
		seen[k] = true
	}
	// a–c; a→host←b–c; and a→host←b→ministry←c once per membership of c.
	if got := lengths(ps); len(got) != 4 || got[0] != 1 || got[1] != 3 || got[2] != 4 || got[3] != 4 {
		t.Errorf("lengths %v, want [1 3 4 4]", got)
	} else if ps[2].Steps[3].ID == ps[3].Steps[3].ID {
		t.Errorf("the two parallel memberships gave the same path")
	}
	ps = f.paths(graph.PathQuery{From: a.ID, To: c.ID, First: 20, OrderBy: graph.ByStrength, ExcludeKinds: []graph.Kind{graph.KindUnit}})
	for _, p := range ps {
		assertSimple(t, p)
		for _, n := range p.Nodes {
			if n.NodeKind() == graph.KindUnit {
				t.Errorf("excluded kind unit inside a path")
			}
		}
	}
}

func TestIntroducers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	co := f.company("目标公司")
	boss, cadre, officer := f.person("总经理"), f.person("挂职干部"), f.person("招商专员")
	if _, err := f.db.AddEmployment(f.ctx, graph.AddEmploymentInput{PersonID: boss.ID, CompanyID: co.ID, Title: ptr("总经理"), From: ptr(day("2022-01-01"))}); err != nil {
		t.Fatal(err)
	}
	f.knows(cadre, boss)
	f.meet(4, cadre, boss)
	f.knows(officer, cadre)
	weak := f.person("弱联系")
	f.knows(weak, boss)

	ins, err := f.db.Introducers(f.ctx, graph.IntroducerQuery{Target: co.ID, From: &officer.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) == 0 || ins[0].Person.ID != cadre.ID {
		t.Fatalf("introducers from the officer: %v", introducerNames(ins))
	}
	all, err := f.db.Introducers(f.ctx, graph.IntroducerQuery{Target: co.ID, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{}
	for i, in := range all {
		rank[in.Person.ID] = i + 1
		if in.Path.Nodes[len(in.Path.Nodes)-1].NodeID() != co.ID || in.Path.Nodes[0].NodeID() != in.Person.ID {
			t.Errorf("introducer path does not lead from the introducer to the target")
		}
	}
	if rank[boss.ID] != 1 || rank[cadre.ID] == 0 || rank[weak.ID] == 0 || rank[cadre.ID] > rank[weak.ID] {
		t.Errorf("ranking %v (boss %d, cadre %d, weak %d)", introducerNames(all), rank[boss.ID], rank[cadre.ID], rank[weak.ID])
	}
	if all[0].CurrentPost == nil || all[0].CurrentPost.Title != "总经理" {
		t.Errorf("current post of the boss: %+v", all[0].CurrentPost)
	}
}

func introducerNames(ins []*graph.Introducer) []string {
	var s []string
	for _, in := range ins {
		s = append(s, in.Person.Name)
	}
	return s
}

func lengths(ps []*graph.Path) []int {
	var out []int
	for _, p := range ps {
		out = append(out, p.Length())
	}
	return out
}

func assertSimple(t *testing.T, p *graph.Path) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range p.Nodes {
		if seen[n.NodeID()] {
			t.Errorf("path repeats %s", n.DisplayName())
		}
		seen[n.NodeID()] = true
	}
	if len(p.Nodes) != len(p.Steps)+1 {
		t.Errorf("path has %d nodes and %d steps", len(p.Nodes), len(p.Steps))
	}
	for i, s := range p.Steps {
		a, b := p.Nodes[i].NodeID(), p.Nodes[i+1].NodeID()
		if !(s.StartID == a && s.EndID == b && s.Forward) && !(s.StartID == b && s.EndID == a && !s.Forward) {
			t.Errorf("step %d does not join %s and %s", i, a, b)
		}
	}
}

// stepKey is the ids of a path's relationships in order: two paths differ
// when their keys do.
func stepKey(p *graph.Path) string {
	ids := make([]string, 0, len(p.Steps))
	for _, s := range p.Steps {
		ids = append(ids, s.ID)
	}
	return strings.Join(ids, ",")
}

// TestPathsLoopsNearAnEnd is the first case of issue 13: five triangles at
// A (A–X–Y–A) gave SHORTEST k walks that pass A again, and HOPS returned
// fewer paths than exist.
func TestPathsLoopsNearAnEnd(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, m, b := f.person("甲"), f.person("中"), f.person("乙")
	f.knows(a, m)
	f.knows(m, b)
	for i := 0; i < 5; i++ {
		x, y := f.person("三角"), f.person("三角")
		f.knows(a, x)
		f.knows(x, y)
		f.knows(y, a)
	}
	prev := a
	for i := 0; i < 5; i++ {
		c := f.person("绕行")
		f.knows(prev, c)
		prev = c
	}
	f.knows(prev, b)
	for _, order := range []graph.PathOrder{graph.ByHops, graph.ByStrength} {
		for _, first := range []int{2, 5, 20} {
			ps := f.paths(graph.PathQuery{From: a.ID, To: b.ID, OrderBy: order, MaxHops: 6, First: first})
			got := lengths(ps)
			if len(got) != 2 || got[0] != 2 || got[1] != 6 {
				t.Errorf("%s first %d: lengths %v, want [2 6]", order, first, got)
			}
			for _, p := range ps {
				assertSimple(t, p)
			}
		}
		if ps := f.paths(graph.PathQuery{From: a.ID, To: b.ID, OrderBy: order, MaxHops: 5, First: 5}); len(ps) != 1 {
			t.Errorf("%s maxHops 5: lengths %v, want [2]", order, lengths(ps))
		}
	}
}

// TestPathsParallelRelationships is the second case of issue 13: four
// paths over the same people, distinct by their relationships. STRENGTH
// compared roots by nodes and found three.
func TestPathsParallelRelationships(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ministry := f.unit("部委", graph.UnitCentralAgency)
	u := f.unit("挂职单位", graph.UnitLocalGovernment)
	s, m, tt := f.person("起"), f.person("中"), f.person("止")
	post := func(p *graph.Person, from string, to *time.Time) {
		if _, err := f.db.AddPosting(f.ctx, graph.AddPostingInput{PersonID: p.ID, HostUnitID: u.ID, DispatchingUnitID: ministry.ID,
			Title: "副局长", From: day(from), To: to}); err != nil {
			t.Fatal(err)
		}
	}
	post(s, "2015-03-01", ptr(day("2017-03-01"))) // ended
	post(s, "2022-03-01", nil)                    // current
	post(m, "2021-03-01", nil)
	old := f.knows(m, tt)
	if _, err := f.db.EndRelationship(f.ctx, old.ID, day("2021-01-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AddAcquaintance(f.ctx, graph.AddAcquaintanceInput{PersonID: m.ID, OtherID: tt.ID, Since: ptr(day("2023-01-01")), How: ptr("重逢")}); err != nil {
		t.Fatal(err)
	}
	only := []graph.RelType{graph.RelPostedTo, graph.RelKnows}
	for _, order := range []graph.PathOrder{graph.ByHops, graph.ByStrength} {
		for _, first := range []int{4, 20} {
			ps := f.paths(graph.PathQuery{From: s.ID, To: tt.ID, OrderBy: order, First: first, RelTypes: only})
			if len(ps) != 4 {
				t.Errorf("%s first %d: %d paths, want 4", order, first, len(ps))
			}
			seen := map[string]bool{}
			for i, p := range ps {
				assertSimple(t, p)
				k := stepKey(p)
				if seen[k] {
					t.Errorf("%s: path %s twice", order, k)
				}
				seen[k] = true
				if i > 0 && order == graph.ByStrength && p.Strength > ps[i-1].Strength {
					t.Errorf("%s: not strongest first", order)
				}
			}
		}
		// The strongest is over the current posting and the renewed
		// acquaintance.
		if ps := f.paths(graph.PathQuery{From: s.ID, To: tt.ID, OrderBy: order, First: 1, RelTypes: only}); len(ps) != 1 ||
			ps[0].Steps[0].To != nil || ps[0].Steps[2].To != nil {
			t.Errorf("%s first 1: not the path over current relationships", order)
		}
	}
}
