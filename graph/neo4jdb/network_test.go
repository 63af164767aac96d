package neo4jdb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func (f *fixture) post(p *graph.Person, host, disp *graph.Unit, from, to string) {
	f.tb.Helper()
	in := graph.AddPostingInput{PersonID: p.ID, HostUnitID: host.ID, DispatchingUnitID: disp.ID, Title: "副主任", From: day(from)}
	if to != "" {
		in.To = ptr(day(to))
	}
	if _, err := f.db.AddPosting(f.ctx, in); err != nil {
		f.tb.Fatal(err)
	}
}

func TestCohort(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	county := f.region("涞水县", graph.RegionCounty, "")
	ministry := f.unit("发改委", graph.UnitCentralAgency)
	hostA := f.unit("县政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID })
	hostB := f.unit("县发改局", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &county.ID })
	other := f.unit("别处", graph.UnitLocalGovernment)
	me, sameUnit, sameRegion, later, elsewhere := f.person("我"), f.person("同单位"), f.person("同县"), f.person("后来者"), f.person("别处人")
	f.post(me, hostA, ministry, "2020-03-01", "2022-03-01")
	f.post(sameUnit, hostA, ministry, "2021-01-01", "2023-01-01")
	f.post(sameRegion, hostB, ministry, "2019-06-01", "2020-06-01")
	f.post(later, hostA, ministry, "2023-01-01", "")
	f.post(elsewhere, other, ministry, "2020-03-01", "")
	co := f.company("新东家")
	if _, err := f.db.AddEmployment(f.ctx, graph.AddEmploymentInput{PersonID: sameUnit.ID, CompanyID: co.ID, Title: ptr("副总经理"), From: ptr(day("2023-02-01"))}); err != nil {
		t.Fatal(err)
	}
	l, err := f.db.Cohort(f.ctx, me.ID, graph.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if l.TotalCount != 2 || len(l.Items) != 2 {
		t.Fatalf("cohort of %d: %+v", l.TotalCount, l.Items)
	}
	first, second := l.Items[0], l.Items[1]
	if first.Person.ID != sameUnit.ID || !first.SameHostUnit || !first.OverlapFrom.Equal(day("2021-01-01")) || !first.OverlapTo.Equal(day("2022-03-01")) {
		t.Errorf("first = %+v", first)
	}
	if first.CurrentPost == nil || first.CurrentPost.Title != "副总经理" {
		t.Errorf("where the colleague is now: %+v", first.CurrentPost)
	}
	if second.Person.ID != sameRegion.ID || second.SameHostUnit || second.Region == nil || second.Region.ID != county.ID || second.OverlapDays != 92 {
		t.Errorf("second = %+v (region %+v)", second, second.Region)
	}
	page, err := f.db.Cohort(f.ctx, me.ID, graph.Page{Limit: 1, Offset: 1})
	if err != nil || len(page.Items) != 1 || page.Items[0].Person.ID != sameRegion.ID || page.HasNext {
		t.Errorf("second page: %+v, %v", page, err)
	}
	_, err = f.db.Cohort(f.ctx, "per_nobody", graph.Page{Limit: 1})
	wantCode(t, err, graph.CodeNotFound)
}

func TestReconnectSuggestions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	me, recent, stale, never := f.person("我"), f.person("常联系"), f.person("久未联系"), f.person("从未联系")
	for _, p := range []*graph.Person{recent, stale, never} {
		f.knows(me, p)
	}
	log := func(p *graph.Person, at time.Time) {
		if _, err := f.db.LogInteraction(f.ctx, graph.LogInteractionInput{ParticipantIDs: []string{me.ID, p.ID}, At: at, Kind: graph.InteractionCall}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	log(recent, time.Now().AddDate(0, 0, -10))
	log(stale, time.Now().AddDate(0, 0, -400))
	log(stale, time.Now().AddDate(0, 0, -420))
	ss, err := f.db.ReconnectSuggestions(f.ctx, me.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*graph.ReconnectSuggestion{}
	for _, s := range ss {
		got[s.Person.ID] = s
	}
	if got[recent.ID] != nil || got[stale.ID] == nil || got[never.ID] == nil || len(ss) != 2 {
		t.Fatalf("suggestions: %v", ss)
	}
	if s := got[stale.ID]; s.DaysSince < 399 || s.DaysSince > 401 || !strings.Contains(s.Reason, "400 天") || s.LastContact == nil {
		t.Errorf("stale: %+v", s)
	}
	if s := got[never.ID]; s.LastContact != nil || !strings.Contains(s.Reason, "从未") {
		t.Errorf("never: %+v", s)
	}
	// A threshold of two years leaves only the contact never made.
	if _, err := f.db.UpdatePerson(f.ctx, me.ID, graph.UpdatePersonInput{ReconnectAfterDays: ptr(730)}); err != nil {
		t.Fatal(err)
	}
	ss, err = f.db.ReconnectSuggestions(f.ctx, me.ID, 10)
	if err != nil || len(ss) != 1 || ss[0].Person.ID != never.ID {
		t.Errorf("with a 730-day threshold: %v, %v", ss, err)
	}
	_, err = f.db.UpdatePerson(f.ctx, me.ID, graph.UpdatePersonInput{ReconnectAfterDays: ptr(0)})
	wantCode(t, err, graph.CodeInvalidInput, "input.reconnectAfterDays")
}

func TestLogInteractionErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, b := f.person("甲"), f.person("乙")
	for name, tc := range map[string]struct {
		in    graph.LogInteractionInput
		code  string
		field string
	}{
		"ErrOneParticipant": {graph.LogInteractionInput{ParticipantIDs: []string{a.ID}, At: time.Now(), Kind: graph.InteractionCall}, graph.CodeInvalidInput, "input.participantIds"},
		"ErrTwice":          {graph.LogInteractionInput{ParticipantIDs: []string{a.ID, a.ID}, At: time.Now(), Kind: graph.InteractionCall}, graph.CodeInvalidInput, "input.participantIds"},
		"ErrFuture":         {graph.LogInteractionInput{ParticipantIDs: []string{a.ID, b.ID}, At: time.Now().Add(48 * time.Hour), Kind: graph.InteractionCall}, graph.CodeInvalidInput, "input.at"},
		"ErrKind":           {graph.LogInteractionInput{ParticipantIDs: []string{a.ID, b.ID}, At: time.Now(), Kind: "LETTER"}, graph.CodeInvalidInput, "input.kind"},
		"ErrUnknownPerson":  {graph.LogInteractionInput{ParticipantIDs: []string{a.ID, "per_nobody"}, At: time.Now(), Kind: graph.InteractionCall}, graph.CodeNotFound, "input.participantIds"},
		"ErrAboutPerson":    {graph.LogInteractionInput{ParticipantIDs: []string{a.ID, b.ID}, At: time.Now(), Kind: graph.InteractionCall, AboutIDs: []string{a.ID}}, graph.CodeInvalidInput, "input.aboutIds"},
	} {
		t.Run(name, func(t *testing.T) {
			before := f.fingerprint()
			_, err := f.db.LogInteraction(f.ctx, tc.in, "test")
			wantCode(t, err, tc.code, tc.field)
			if after := f.fingerprint(); after != before {
				t.Errorf("graph changed")
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		it, err := f.db.LogInteraction(f.ctx, graph.LogInteractionInput{ParticipantIDs: []string{a.ID, b.ID}, At: time.Now().Add(-time.Hour),
			Kind: graph.InteractionVisit, Summary: ptr("走访企业")}, "officer-1")
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.db.FindInteractions(f.ctx, []string{a.ID, b.ID}, graph.Page{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{a.ID, b.ID} {
			l := m[id]
			if l == nil || l.TotalCount != 1 || l.Items[0].ID != it.ID || l.Items[0].Summary != "走访企业" || l.Items[0].LoggedBy != "officer-1" || len(l.Items[0].ParticipantIDs) != 2 {
				t.Errorf("interactions of %s: %+v", id, l)
			}
		}
		ties, err := f.db.FindTies(f.ctx, []string{a.ID}, graph.Page{Limit: 5})
		if err != nil || ties[a.ID].TotalCount != 1 || ties[a.ID].Items[0].Components.Interactions <= 0 || ties[a.ID].Items[0].InteractionCount != 1 {
			t.Errorf("tie after the visit: %+v, %v", ties[a.ID], err)
		}
	})
}

func TestDuplicatesAndMerge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Names unique to the test: the duplicate query scans the whole graph.
	name := "重名" + f.tag
	a := f.person("", func(in *graph.CreatePersonInput) {
		in.Name, in.BirthYear, in.Phone = name, ptr(1980), ptr("13900001111")
	})
	b := f.person("", func(in *graph.CreatePersonInput) {
		in.Name, in.BirthYear, in.Email, in.Expertise = name, ptr(1980), ptr("dup@example.cn"), []string{"招商引资"}
	})
	friend := f.person("朋友")
	unit := f.unit("派出单位", graph.UnitCentralAgency)
	host := f.unit("挂职单位", graph.UnitLocalGovernment)
	f.post(b, host, unit, "2021-01-01", "")
	f.knows(b, friend)
	f.knows(a, b) // becomes a self-loop on merge: dropped
	f.meet(1, b, friend)

	ds, err := f.db.PossibleDuplicates(f.ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range ds {
		if (d.A.ID == a.ID && d.B.ID == b.ID) || (d.A.ID == b.ID && d.B.ID == a.ID) {
			found = true
			if d.Score < 0.7 || len(d.Reasons) == 0 || d.Reasons[0] != "sameNameAndBirthYear" {
				t.Errorf("candidate %+v", d)
			}
		}
	}
	if !found {
		t.Errorf("the pair with the same name and birth year is not a candidate")
	}

	t.Run("ErrSelf", func(t *testing.T) {
		before := f.fingerprint()
		_, err := f.db.MergePeople(f.ctx, a.ID, a.ID)
		wantCode(t, err, graph.CodeInvalidInput, "themselves")
		_, err = f.db.MergePeople(f.ctx, a.ID, "per_nobody")
		wantCode(t, err, graph.CodeNotFound, "remove")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
	t.Run("OK", func(t *testing.T) {
		p, err := f.db.MergePeople(f.ctx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Email != "dup@example.cn" || p.Phone != "13900001111" || len(p.Expertise) != 1 || !p.IsCadre {
			t.Errorf("merged = %+v", p)
		}
		if _, err := f.db.FindPersonByID(f.ctx, b.ID); graph.ErrorCode(err) != graph.CodeNotFound {
			t.Errorf("the removed person still exists: %v", err)
		}
		rel := func(field graph.RelField) *graph.RelList {
			m, err := f.db.FindRelated(f.ctx, field, []string{a.ID}, graph.RelFilter{}, graph.Page{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			return m[a.ID]
		}
		if l := rel(graph.FieldPersonPostings); l.TotalCount != 1 {
			t.Errorf("postings after merge: %d", l.TotalCount)
		}
		if l := rel(graph.FieldPersonAcquaintances); l.TotalCount != 1 || l.Items[0].EndID != friend.ID {
			t.Errorf("acquaintances after merge: %+v", l.Items)
		}
		m, err := f.db.FindInteractions(f.ctx, []string{a.ID}, graph.Page{Limit: 5})
		if err != nil || m[a.ID].TotalCount != 1 {
			t.Errorf("interactions after merge: %+v, %v", m[a.ID], err)
		}
		ties, err := f.db.FindTies(f.ctx, []string{a.ID}, graph.Page{Limit: 5})
		if err != nil || ties[a.ID].TotalCount != 1 || ties[a.ID].Items[0].PersonID != friend.ID {
			t.Errorf("ties after merge: %+v, %v", ties[a.ID], err)
		}
	})
}

func TestNeighborhood(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	n, err := g.db.Neighborhood(g.ctx, graph.NeighborhoodQuery{ID: g.cadre.ID})
	if err != nil {
		t.Fatal(err)
	}
	// The cadre: posting, membership, acquaintance, project role, location.
	if len(n.Nodes) != 6 || len(n.Relationships) != 5 || n.Degrees[g.cadre.ID] != 5 || len(n.More) != 0 {
		t.Fatalf("depth 1: %d nodes, %d relationships, degrees %v, more %v", len(n.Nodes), len(n.Relationships), n.Degrees, n.More)
	}
	two, err := g.db.Neighborhood(g.ctx, graph.NeighborhoodQuery{ID: g.cadre.ID, Depth: 2, First: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(two.More) == 0 || two.More[0] != g.cadre.ID {
		t.Errorf("with 2 per node the cadre has more: %v", two.More)
	}
	rest, err := g.db.Neighborhood(g.ctx, graph.NeighborhoodQuery{ID: g.cadre.ID, First: 2, Skip: 4})
	if err != nil || len(rest.Relationships) != 1 {
		t.Errorf("skip 4 of 5: %+v, %v", rest, err)
	}
	at, err := g.db.Neighborhood(g.ctx, graph.NeighborhoodQuery{ID: g.cadre.ID, At: ptr(day("2024-01-01")), RelTypes: []graph.RelType{graph.RelPostedTo}})
	if err != nil || len(at.Relationships) != 0 {
		t.Errorf("the posting ended in 2023: %+v, %v", at, err)
	}
	_, err = g.db.Neighborhood(g.ctx, graph.NeighborhoodQuery{ID: g.cadre.ID, Depth: 4})
	wantCode(t, err, graph.CodeInvalidInput, "depth")
}
