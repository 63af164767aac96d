package neo4jdb_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/liaison/liaison/graph"
)

// contribGraph is the report graph with contributions: what each test
// records is removed when it ends.
type contribGraph struct {
	*reportGraph
	contribs []string
}

func newContribGraph(t *testing.T) *contribGraph {
	t.Helper()
	g := &contribGraph{reportGraph: newReportGraph(t)}
	t.Cleanup(func() {
		if err := g.db.Exec(context.Background(), `MATCH (c:Contribution) WHERE c.id IN $ids DETACH DELETE c`, map[string]any{"ids": g.contribs}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		keys := []string{}
		for _, p := range []*graph.Person{g.serving, g.former, g.early, g.foreign, g.fan} {
			keys = append(keys, p.ID)
		}
		if err := g.db.Exec(context.Background(), `MATCH (t:ContributionTarget) WHERE split(t.key, ':')[0] IN $ids DETACH DELETE t`, map[string]any{"ids": keys}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return g
}

func (g *contribGraph) record(kind graph.ContributionKind, title, date string, amount *float64, stage *graph.ContributionStage, cadres ...*graph.Person) *graph.Contribution {
	g.tb.Helper()
	in := graph.RecordContributionInput{Kind: kind, Title: title, Date: day(date), Amount: amount, Stage: stage, AboutIDs: []string{g.district.ID}}
	for _, p := range cadres {
		in.CadreIDs = append(in.CadreIDs, p.ID)
	}
	c, err := g.db.RecordContribution(g.ctx, in, "test", "")
	if err != nil {
		g.tb.Fatal(err)
	}
	g.contribs = append(g.contribs, c.ID)
	return c
}

func (g *contribGraph) review(c *graph.Contribution, d graph.ContributionReview, mods ...func(*graph.ReviewContributionInput)) *graph.Contribution {
	g.tb.Helper()
	in := graph.ReviewContributionInput{ID: c.ID, Decision: d}
	if d == graph.ReviewReturned {
		in.Comment = ptr("请补充材料")
	}
	for _, m := range mods {
		m(&in)
	}
	out, err := g.db.ReviewContribution(g.ctx, in, "admin")
	if err != nil {
		g.tb.Fatal(err)
	}
	return out
}

func stage(s graph.ContributionStage) *graph.ContributionStage { return &s }

func TestContributionRecordAndReview(t *testing.T) {
	t.Parallel()
	g := newContribGraph(t)
	c := g.record(graph.ContributionAdvice, "关于产业园规划的建议", "2024-06-01", nil, stage(graph.StageSubmitted), g.serving)
	if c.Review != graph.ReviewPending || len(c.CadreIDs) != 1 || c.CadreIDs[0] != g.serving.ID || len(c.AboutIDs) != 1 {
		t.Fatalf("recorded = %+v", c)
	}
	got := g.review(c, graph.ReviewConfirmed, func(in *graph.ReviewContributionInput) {
		in.Stage, in.Story, in.StoryText = stage(graph.StageAdopted), ptr(true), ptr("建议被市委采纳")
	})
	if got.Review != graph.ReviewConfirmed || *got.Stage != graph.StageAdopted || !got.Story || got.StoryText != "建议被市委采纳" || got.ReviewedAt == nil {
		t.Errorf("reviewed = %+v", got)
	}
	// The audit recorded both writes.
	found, err := g.db.FindContribution(g.ctx, c.ID)
	if err != nil || found.Title != c.Title {
		t.Fatalf("FindContribution = %+v, %v", found, err)
	}

	t.Run("bad input changes nothing", func(t *testing.T) {
		before := g.fingerprint(g.serving.ID, g.fan.ID)
		cases := []struct {
			in   graph.RecordContributionInput
			want string
		}{
			{graph.RecordContributionInput{Kind: "NOPE", Title: "x", Date: day("2024-01-01"), CadreIDs: []string{g.serving.ID}}, "input.kind"},
			{graph.RecordContributionInput{Kind: graph.ContributionAdvice, Title: "x", Date: day("2024-01-01"), CadreIDs: []string{g.serving.ID}}, "input.stage"},
			{graph.RecordContributionInput{Kind: graph.ContributionExample, Title: "x", Date: day("2024-01-01"), Amount: ptr(1.0), CadreIDs: []string{g.serving.ID}}, "input.amount"},
			{graph.RecordContributionInput{Kind: graph.ContributionExample, Title: " ", Date: day("2024-01-01"), CadreIDs: []string{g.serving.ID}}, "input.title"},
			{graph.RecordContributionInput{Kind: graph.ContributionExample, Title: "x", Date: day("2024-01-01")}, "input.cadreIds"},
			{graph.RecordContributionInput{Kind: graph.ContributionExample, Title: "x", Date: day("2024-01-01"), CadreIDs: []string{g.fan.ID}}, "input.cadreIds"},
			{graph.RecordContributionInput{Kind: graph.ContributionExample, Title: "x", Date: graph.Today().AddDate(0, 0, 2), CadreIDs: []string{g.serving.ID}}, "input.date"},
		}
		for _, c := range cases {
			_, err := g.db.RecordContribution(g.ctx, c.in, "test", "")
			if graph.ErrorCode(err) != graph.CodeInvalidInput {
				t.Errorf("%s: error %v, want INVALID_INPUT", c.want, err)
				continue
			}
			if msg := graph.ErrorMessage(err); len(msg) < len(c.want) || msg[:len(c.want)] != c.want {
				t.Errorf("error %q does not name %s", msg, c.want)
			}
		}
		_, err := g.db.ReviewContribution(g.ctx, graph.ReviewContributionInput{ID: c.ID, Decision: graph.ReviewReturned}, "admin")
		wantCode(t, err, graph.CodeInvalidInput, "input.comment")
		_, err = g.db.ReviewContribution(g.ctx, graph.ReviewContributionInput{ID: c.ID, Decision: graph.ReviewConfirmed, Stage: stage(graph.StageWon)}, "admin")
		wantCode(t, err, graph.CodeInvalidInput, "input.stage")
		if after := g.fingerprint(g.serving.ID, g.fan.ID); after != before {
			t.Errorf("a failed write changed the graph")
		}
	})
}

// TestContributionReports: only confirmed contributions count; the
// totals by role equal the sums over the confirmed items; targets count
// supports only when won.
func TestContributionReports(t *testing.T) {
	t.Parallel()
	g := newContribGraph(t)
	won := g.record(graph.ContributionSupport, "争取中央预算内资金", "2024-07-01", ptr(3e7), stage(graph.StageWon), g.serving)
	sought := g.record(graph.ContributionSupport, "争取政策试点", "2024-08-01", nil, stage(graph.StageSought), g.serving)
	joint := g.record(graph.ContributionPromotion, "推介会", "2023-05-01", ptr(5e8), nil, g.serving, g.former)
	returned := g.record(graph.ContributionInnovation, "引进创新团队", "2024-09-01", ptr(1e6), nil, g.serving)
	pending := g.record(graph.ContributionExample, "专题讲座", "2024-10-01", nil, nil, g.serving)
	early := g.record(graph.ContributionExample, "早年讲座", "2016-03-01", nil, nil, g.early)
	foreign := g.record(graph.ContributionAdvice, "他单位建议", "2024-03-01", nil, stage(graph.StageImplemented), g.foreign)
	for _, c := range []*graph.Contribution{won, sought, joint, early, foreign} {
		g.review(c, graph.ReviewConfirmed)
	}
	g.review(returned, graph.ReviewReturned)
	_ = pending

	rs := graph.ReportsWithRoles{ReportService: g.db, Roles: g.db}
	r, err := rs.UnitReport(g.ctx, g.unit.ID, reportFrom, reportTo)
	if err != nil {
		t.Fatal(err)
	}
	sec := map[string]*graph.RoleSection{}
	for _, s := range r.Roles.Roles {
		sec[s.Role] = s
		var n int
		var sum float64
		for _, it := range s.Items {
			if it.Review != graph.ReviewConfirmed {
				t.Errorf("%s lists %s, which is %s", s.Role, it.Title, it.Review)
			}
			n++
			if it.Amount != nil {
				sum += *it.Amount
			}
		}
		if s.Role != graph.RoleLiaison && (n != s.Count || sum != s.Amount) {
			t.Errorf("%s: count %d amount %v, items sum to %d and %v", s.Role, s.Count, s.Amount, n, sum)
		}
	}
	if len(r.Roles.Roles) != 6 {
		t.Fatalf("roles = %d sections, want 6", len(r.Roles.Roles))
	}
	if s := sec["SUPPORT"]; s.Count != 2 || s.Amount != 3e7 {
		t.Errorf("SUPPORT = %d, %v; want 2 (won and sought), 3e7", s.Count, s.Amount)
	}
	if s := sec["PROMOTION"]; s.Count != 1 || s.Amount != 5e8 {
		t.Errorf("PROMOTION = %d, %v; want the joint one once", s.Count, s.Amount)
	}
	if s := sec["INNOVATION"]; s.Count != 0 {
		t.Errorf("a returned contribution counts: INNOVATION = %d", s.Count)
	}
	if s := sec["EXAMPLE"]; s.Count != 0 {
		t.Errorf("pending or another period's contribution counts: EXAMPLE = %d", s.Count)
	}
	if s := sec["ADVICE"]; s.Count != 0 {
		t.Errorf("another unit's contribution counts: ADVICE = %d", s.Count)
	}
	if s := sec[graph.RoleLiaison]; s.Count != r.Interactions {
		t.Errorf("LIAISON = %d, want the report's interactions %d", s.Count, r.Interactions)
	}

	// Targets: two supports won and one promotion in 2024.
	if _, err := g.db.SetContributionTarget(g.ctx, graph.SetTargetInput{PersonID: g.serving.ID, Year: 2024,
		Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 2}, {Kind: graph.ContributionPromotion, Count: 1}}}, "admin"); err != nil {
		t.Fatal(err)
	}
	_, err = g.db.SetContributionTarget(g.ctx, graph.SetTargetInput{PersonID: g.fan.ID, Year: 2024,
		Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 2}}}, "admin")
	wantCode(t, err, graph.CodeInvalidInput, "input.person")
	pr, err := g.db.ContributionProgress(g.ctx, []string{g.serving.ID}, 2024)
	if err != nil {
		t.Fatal(err)
	}
	p := pr[g.serving.ID]
	if p == nil || p.Target == nil {
		t.Fatalf("progress = %+v", p)
	}
	for _, k := range p.Kinds {
		switch k.Kind {
		case graph.ContributionSupport:
			if k.Target != 2 || k.Done != 1 {
				t.Errorf("SUPPORT progress = %d/%d, want 1/2 (the sought one does not count)", k.Done, k.Target)
			}
		case graph.ContributionPromotion:
			if k.Target != 1 || k.Done != 0 {
				t.Errorf("PROMOTION progress = %d/%d, want 0/1 (it was in 2023)", k.Done, k.Target)
			}
		case graph.ContributionInnovation:
			if k.Done != 0 {
				t.Errorf("a returned contribution counts towards the target")
			}
		}
	}
	if p.Met() {
		t.Errorf("target met, want not")
	}

	// The city summary: totals by role cover every unit; the joint
	// promotion counts once in the city and once for the unit.
	s, err := rs.CitySummary(g.ctx, reportFrom, reportTo)
	if err != nil {
		t.Fatal(err)
	}
	unitRows := map[string]graph.RoleSummaryRow{}
	for _, row := range s.Roles.ByUnit {
		if row.UnitID == g.unit.ID {
			unitRows[row.Role] = row
		}
		if row.UnitID == g.other.ID && row.Role == "ADVICE" && row.Count != 1 {
			t.Errorf("other unit ADVICE = %d, want 1", row.Count)
		}
	}
	if unitRows["SUPPORT"].Count != 2 || unitRows["PROMOTION"].Count != 1 || unitRows["INNOVATION"].Count != 0 {
		t.Errorf("unit rows = %+v", unitRows)
	}

	// Stories: a confirmed one marked as a story is listed.
	g.review(won, graph.ReviewConfirmed, func(in *graph.ReviewContributionInput) {
		in.Story, in.StoryText = ptr(true), ptr("三千万资金落地")
	})
	s, err = rs.CitySummary(g.ctx, reportFrom, reportTo)
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, st := range s.Roles.Stories {
		listed = listed || st.ID == won.ID
		if !st.Story || st.Review != graph.ReviewConfirmed {
			t.Errorf("story %+v", st)
		}
	}
	if !listed {
		t.Errorf("the story is not listed")
	}

	// Undiscoverable cadres: their contributions are absent for others.
	if _, err := g.db.UpdatePerson(g.ctx, g.serving.ID, graph.UpdatePersonInput{Discoverable: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	closed := context.Background()
	if _, err := g.db.FindContribution(closed, won.ID); graph.ErrorCode(err) != graph.CodeNotFound {
		t.Errorf("an undiscoverable cadre's contribution found: %v", err)
	}
	l, err := g.db.FindContributions(closed, graph.ContributionFilter{PersonID: g.serving.ID}, graph.Page{Limit: 10})
	if err != nil || l.TotalCount != 0 {
		t.Errorf("list of an undiscoverable cadre = %v, %v", l, err)
	}
	jl, err := g.db.FindContributions(closed, graph.ContributionFilter{PersonID: g.former.ID}, graph.Page{Limit: 10})
	if err != nil || jl.TotalCount != 1 || len(jl.Items[0].CadreIDs) != 1 {
		t.Errorf("the joint contribution for others: %+v, %v", jl, err)
	}
	ur, err := g.db.UnitRoles(closed, g.unit.ID, reportFrom, reportTo, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, sct := range ur.Roles {
		if sct.Role == "SUPPORT" && sct.Count != 0 {
			t.Errorf("SUPPORT counts an undiscoverable cadre's for others: %d", sct.Count)
		}
	}
}

// TestLoadContributions: the seed's load writes contributions and
// targets as they are, and loading them again changes nothing.
func TestLoadContributions(t *testing.T) {
	t.Parallel()
	g := newContribGraph(t)
	id := "con_load-" + g.tag[len(g.tag)-6:]
	g.contribs = append(g.contribs, id)
	won := graph.StageWon
	cs := []*graph.Contribution{{ID: id, Kind: graph.ContributionSupport, Title: "争取资金", Date: day("2024-02-01"), Stage: &won, Amount: ptr(1e6),
		CadreIDs: []string{g.serving.ID, g.former.ID}, AboutIDs: []string{g.p1.ID}, Review: graph.ReviewConfirmed, RecordedBy: "seed", RecordedAt: day("2024-02-02")}}
	ts := []*graph.ContributionTarget{{PersonID: g.serving.ID, Year: 2024, Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 1}}}}
	for i := 0; i < 2; i++ {
		if err := g.db.LoadContributions(g.ctx, cs, ts); err != nil {
			t.Fatal(err)
		}
	}
	c, err := g.db.FindContribution(g.ctx, id)
	if err != nil || len(c.CadreIDs) != 2 || len(c.AboutIDs) != 1 || *c.Amount != 1e6 {
		t.Fatalf("loaded = %+v, %v", c, err)
	}
	rows, err := g.db.Query(g.ctx, `MATCH (c:Contribution {id: $id})-[r]->() RETURN count(r) AS n`, map[string]any{"id": id})
	if err != nil || rows[0]["n"].(int64) != 3 {
		t.Errorf("relationships after two loads: %v, %v", rows, err)
	}
	pr, err := g.db.ContributionProgress(g.ctx, []string{g.serving.ID}, 2024)
	if err != nil || !pr[g.serving.ID].Met() {
		t.Errorf("progress after load: %+v, %v", pr[g.serving.ID], err)
	}
}

// TestMergeMovesContributions: merging a duplicate moves its
// contributions to the person kept.
func TestMergeMovesContributions(t *testing.T) {
	t.Parallel()
	g := newContribGraph(t)
	dup := g.person("李四副本")
	g.post(dup, g.hostCity, g.unit, "副局长", "2024-01-01", "")
	c := g.record(graph.ContributionExample, "专题讲座", "2024-04-01", nil, nil, dup)
	both := g.record(graph.ContributionExample, "联合讲座", "2024-04-02", nil, nil, dup, g.serving)
	if _, err := g.db.MergePeople(g.ctx, g.serving.ID, dup.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{c.ID, both.ID} {
		got, err := g.db.FindContribution(g.ctx, id)
		if err != nil || len(got.CadreIDs) != 1 || got.CadreIDs[0] != g.serving.ID {
			t.Errorf("after the merge %s: %+v, %v", id, got, err)
		}
	}
}

// TestFindContributionsOf: the contributions of many people in one
// statement, each with its own filter, are what FindContributions
// answers for each alone, for every viewer (an undiscoverable cadre's
// list is empty for others, not for themselves or admins).
func TestFindContributionsOf(t *testing.T) {
	t.Parallel()
	g := newContribGraph(t)
	won := g.record(graph.ContributionSupport, "争取资金", "2024-07-01", ptr(3e7), stage(graph.StageWon), g.serving)
	joint := g.record(graph.ContributionPromotion, "推介会", "2023-05-01", ptr(5e8), nil, g.serving, g.former)
	g.record(graph.ContributionExample, "专题讲座", "2024-10-01", nil, nil, g.serving)
	g.record(graph.ContributionAdvice, "建议", "2024-03-01", nil, stage(graph.StageSubmitted), g.former)
	g.review(won, graph.ReviewConfirmed)
	g.review(joint, graph.ReviewConfirmed)
	if _, err := g.db.UpdatePerson(g.ctx, g.former.ID, graph.UpdatePersonInput{Discoverable: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	kind := graph.ContributionPromotion
	from := day("2024-01-01")
	people := []*graph.Person{g.serving, g.former, g.fan}
	for _, v := range []struct {
		name string
		ctx  context.Context
	}{{"admin", graph.WithViewer(context.Background(), graph.Viewer{All: true})}, {"other", context.Background()},
		{"themselves", graph.WithViewer(context.Background(), graph.Viewer{Self: g.former.ID})}} {
		for _, f := range []graph.ContributionFilter{{}, {Review: []graph.ContributionReview{graph.ReviewConfirmed}}, {Kind: &kind}, {From: &from}} {
			for _, page := range []graph.Page{{Limit: 10}, {Limit: 1}, {Offset: 1, Limit: 1}} {
				fs := make([]graph.ContributionFilter, len(people))
				for i, p := range people {
					fs[i] = f
					fs[i].PersonID = p.ID
				}
				many, err := g.db.FindContributionsOf(v.ctx, fs, page)
				if err != nil {
					t.Fatal(err)
				}
				for _, one := range fs {
					alone, err := g.db.FindContributions(v.ctx, one, page)
					if err != nil {
						t.Fatal(err)
					}
					got, _ := json.Marshal(many[one.PersonID])
					want, _ := json.Marshal(alone)
					if string(got) != string(want) {
						t.Errorf("%s, %+v, %+v: many people's %s\n%s\nalone\n%s", v.name, f, page, one.PersonID, got, want)
					}
				}
			}
		}
	}
	if _, err := g.db.FindContributionsOf(g.ctx, []graph.ContributionFilter{{}}, graph.Page{Limit: 10}); graph.ErrorCode(err) != graph.CodeInvalidInput {
		t.Errorf("a filter without a person: %v", err)
	}
}
