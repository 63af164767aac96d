package neo4jdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

// reportGraph is a dispatching unit with a former and a serving cadre,
// a cadre whose posting lies before the period, and a cadre of another
// unit; projects secured and introduced in and out of the period; and
// interactions in and out of it.
type reportGraph struct {
	*fixture
	city, district      *graph.Region
	unit, other         *graph.Unit
	hostCity, hostDist  *graph.Unit
	serving, former     *graph.Person // A and B, the unit's cadres in the period
	early, foreign, fan *graph.Person // C: posted before the period; D: another unit's; X: no cadre
	p1, p2, p3, p4, p5  *graph.Project
	p6                  *graph.Project
	interactions        []string
}

// The report period of the tests.
var reportFrom, reportTo = day("2020-01-01"), day("2025-12-31")

func newReportGraph(t *testing.T) *reportGraph {
	t.Helper()
	g := &reportGraph{fixture: newFixture(t)}
	t.Cleanup(func() {
		if len(g.interactions) > 0 {
			if err := g.db.Exec(context.Background(), `MATCH (i:Interaction) WHERE i.id IN $ids DETACH DELETE i`, map[string]any{"ids": g.interactions}); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
	g.city = g.region("保定市", graph.RegionCity, "")
	g.district = g.region("竞秀区", graph.RegionDistrict, g.city.ID)
	g.unit = g.fixture.unit("北京市科学技术委员会", graph.UnitBeijingTianjinAgency)
	g.other = g.fixture.unit("天津市科学技术局", graph.UnitBeijingTianjinAgency)
	g.hostCity = g.fixture.unit("市商务局", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &g.city.ID })
	g.hostDist = g.fixture.unit("竞秀区人民政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &g.district.ID })
	g.serving, g.former = g.person("李四"), g.person("单新")
	g.early, g.foreign, g.fan = g.person("郝天辉"), g.person("段航"), g.person("王五")

	g.post(g.serving, g.hostDist, g.unit, "副区长", "2024-03-01", "")
	g.post(g.former, g.hostCity, g.unit, "副局长", "2021-03-01", "2023-02-28")
	g.post(g.former, g.hostDist, g.unit, "区长助理", "2023-03-01", "2023-08-31")
	g.post(g.early, g.hostCity, g.unit, "副局长", "2015-01-01", "2017-01-01")
	g.post(g.foreign, g.hostCity, g.other, "副局长", "2022-01-01", "")

	g.p1 = g.project("智能制造产业园", graph.ProjectInvestment, graph.StatusSigned, ptr(5e8))
	g.p2 = g.project("生态修复中央预算内投资", graph.ProjectFunding, graph.StatusLanded, ptr(2e7))
	g.p3 = g.project("智能电网示范", graph.ProjectTechnology, graph.StatusLead, nil)
	g.p4 = g.project("博士后科研工作站", graph.ProjectTalent, graph.StatusOperating, ptr(3e6))
	g.p5 = g.project("食品生产基地", graph.ProjectInvestment, graph.StatusOperating, ptr(1e8))
	g.p6 = g.project("人才政策", graph.ProjectPolicy, graph.StatusOperating, ptr(7e6))

	g.role(g.serving, g.p1, graph.RoleSecured, "2024-05-01")
	g.role(g.serving, g.p2, graph.RoleSecured, "") // undated: counts
	g.role(g.former, g.p1, graph.RoleIntroduced, "2022-01-10")
	g.role(g.former, g.p3, graph.RoleIntroduced, "2022-06-01")
	g.role(g.former, g.p3, graph.RoleSecured, "2022-07-01")
	g.role(g.former, g.p4, graph.RoleSecured, "2019-05-01") // before the period
	g.role(g.early, g.p5, graph.RoleSecured, "2021-01-01")  // not a cadre of the period
	g.role(g.foreign, g.p6, graph.RoleSecured, "2022-03-01")

	cst := graph.ReportZone
	g.meetAt(time.Date(2024, 6, 1, 10, 0, 0, 0, cst), g.serving, g.former)
	g.meetAt(time.Date(2025, 1, 1, 10, 0, 0, 0, cst), g.serving, g.fan)
	g.meetAt(time.Date(2019, 6, 1, 10, 0, 0, 0, cst), g.former, g.fan) // before the period
	g.meetAt(time.Date(2022, 1, 1, 10, 0, 0, 0, cst), g.early, g.fan)  // not a cadre of the period
	g.meetAt(time.Date(2023, 1, 1, 10, 0, 0, 0, cst), g.former, g.foreign)
	g.meetAt(time.Date(2025, 12, 31, 23, 30, 0, 0, cst), g.serving, g.fan) // the last evening of the period
	g.meetAt(time.Date(2026, 1, 1, 0, 30, 0, 0, cst), g.serving, g.fan)    // still 2025-12-31 in UTC, but after the period
	return g
}

func (g *reportGraph) post(p *graph.Person, host, by *graph.Unit, title, from, to string) {
	g.tb.Helper()
	in := graph.AddPostingInput{PersonID: p.ID, HostUnitID: host.ID, DispatchingUnitID: by.ID, Title: title, From: day(from)}
	if to != "" {
		in.To = ptr(day(to))
	}
	if _, err := g.db.AddPosting(g.ctx, in); err != nil {
		g.tb.Fatal(err)
	}
}

func (g *reportGraph) project(name string, kind graph.ProjectKind, status graph.ProjectStatus, amount *float64) *graph.Project {
	g.tb.Helper()
	return g.fixture.project(name, kind, func(in *graph.CreateProjectInput) { in.Status, in.Amount = &status, amount })
}

func (g *reportGraph) role(p *graph.Person, pr *graph.Project, role graph.ProjectRole, date string) {
	g.tb.Helper()
	in := graph.AddProjectRoleInput{PersonID: p.ID, ProjectID: pr.ID, Role: role, Note: ptr("备注" + string(role))}
	if date != "" {
		in.Date = ptr(day(date))
	}
	if _, err := g.db.AddProjectRole(g.ctx, in); err != nil {
		g.tb.Fatal(err)
	}
}

func (g *reportGraph) meetAt(at time.Time, people ...*graph.Person) {
	g.tb.Helper()
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	it, err := g.db.LogInteraction(g.ctx, graph.LogInteractionInput{ParticipantIDs: ids, At: at, Kind: graph.InteractionMeeting}, "test")
	if err != nil {
		g.tb.Fatal(err)
	}
	g.interactions = append(g.interactions, it.ID)
}

func (g *reportGraph) report(t *testing.T, from, to time.Time) *graph.UnitReport {
	t.Helper()
	r, err := g.db.UnitReport(g.ctx, g.unit.ID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func rowsOf(rows []graph.ReportRow) map[string][2]float64 {
	m := map[string][2]float64{}
	for _, r := range rows {
		m[r.Key] = [2]float64{float64(r.Count), r.Amount}
	}
	return m
}

func sameRows(t *testing.T, what string, got []graph.ReportRow, want map[string][2]float64) {
	t.Helper()
	g := rowsOf(got)
	if len(g) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for k, w := range want {
		if g[k] != w {
			t.Errorf("%s[%s] = %v, want %v (all: %v)", what, k, g[k], w, got)
		}
	}
}

func TestUnitReport(t *testing.T) {
	t.Parallel()
	g := newReportGraph(t)
	before := g.fingerprint()
	trips := g.db.RoundTrips()
	r := g.report(t, reportFrom, reportTo)
	if n := g.db.RoundTrips() - trips; n != 1 {
		t.Errorf("a unit report took %d statements, want 1", n)
	}

	// Totals: P1 (two cadres), P2 (undated) and P3 (one cadre, two
	// roles) count once each; P4 is before the period, P5 and P6 are
	// not the unit's cadres'.
	if r.Unit.ID != g.unit.ID || r.Unit.Name != g.unit.Name {
		t.Errorf("unit = %+v", r.Unit)
	}
	if r.CadreCount != 2 || len(r.Cadres) != 2 || r.ServingCount != 1 || r.Truncated {
		t.Fatalf("cadres %d listed of %d, %d serving, truncated %v; want 2 of 2, 1 serving", len(r.Cadres), r.CadreCount, r.ServingCount, r.Truncated)
	}
	if r.Totals.Projects != 3 || r.Totals.Amount != 5e8+2e7 {
		t.Errorf("totals = %d projects, %v CNY; want 3, 5.2e8", r.Totals.Projects, r.Totals.Amount)
	}
	sameRows(t, "by kind", r.Totals.ByKind, map[string][2]float64{"INVESTMENT": {1, 5e8}, "FUNDING": {1, 2e7}, "TECHNOLOGY": {1, 0}})
	sameRows(t, "by status", r.Totals.ByStatus, map[string][2]float64{"SIGNED": {1, 5e8}, "LANDED": {1, 2e7}, "LEAD": {1, 0}})
	sameRows(t, "by role", r.Totals.ByRole, map[string][2]float64{"SECURED": {3, 5e8 + 2e7}, "INTRODUCED": {2, 5e8}})
	if k := r.Totals.ByKind; k[0].Key != "INVESTMENT" || k[1].Key != "FUNDING" || k[2].Key != "TECHNOLOGY" {
		t.Errorf("kinds not in the order of graph.ProjectKinds: %v", k)
	}
	// Interactions: 2024-06-01 (both cadres, once), 2025-01-01, 2023-01-01
	// and the last evening; not 2019, not the early cadre's, not
	// 2026-01-01 00:30 in the city.
	if r.Interactions != 4 {
		t.Errorf("interactions = %d, want 4", r.Interactions)
	}

	former, serving := r.Cadres[0], r.Cadres[1] // by first posting in the period
	if former.Person.ID != g.former.ID || serving.Person.ID != g.serving.ID {
		t.Fatalf("cadres = %s, %s; want the former (posted 2021) before the serving (2024)", former.Person.Name, serving.Person.Name)
	}
	if former.Serving || !serving.Serving {
		t.Errorf("serving flags = %v, %v; want false, true", former.Serving, serving.Serving)
	}
	if len(former.Postings) != 2 || former.Postings[0].EndID != g.hostCity.ID || former.Postings[1].EndID != g.hostDist.ID ||
		former.Postings[1].End.DisplayName() != g.hostDist.Name || former.Postings[0].DispatchingUnitID != g.unit.ID {
		t.Errorf("former's postings = %+v", former.Postings)
	}
	if len(serving.Postings) != 1 || serving.Postings[0].To != nil || serving.Postings[0].Title != "副区长" {
		t.Errorf("serving's postings = %+v", serving.Postings)
	}
	type ach struct {
		project string
		role    graph.ProjectRole
		date    string
	}
	achievements := func(c *graph.CadreRecord) []ach {
		var out []ach
		for _, a := range c.Achievements {
			d := ""
			if a.Date != nil {
				d = a.Date.Format(time.DateOnly)
			}
			out = append(out, ach{a.Project.ID, a.Role, d})
			if a.Note != "备注"+string(a.Role) {
				t.Errorf("note = %q", a.Note)
			}
		}
		return out
	}
	wantAch := func(c *graph.CadreRecord, want ...ach) {
		t.Helper()
		got := achievements(c)
		if len(got) != len(want) {
			t.Errorf("%s: achievements %v, want %v", c.Person.Name, got, want)
			return
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: achievement %d = %v, want %v", c.Person.Name, i, got[i], want[i])
			}
		}
	}
	wantAch(former, ach{g.p1.ID, graph.RoleIntroduced, "2022-01-10"}, ach{g.p3.ID, graph.RoleIntroduced, "2022-06-01"},
		ach{g.p3.ID, graph.RoleSecured, "2022-07-01"})
	wantAch(serving, ach{g.p1.ID, graph.RoleSecured, "2024-05-01"}, ach{g.p2.ID, graph.RoleSecured, ""})
	if former.ProjectCount() != 2 || former.Amount() != 5e8 || serving.ProjectCount() != 2 || serving.Amount() != 5.2e8 {
		t.Errorf("per cadre: %d/%v and %d/%v", former.ProjectCount(), former.Amount(), serving.ProjectCount(), serving.Amount())
	}
	if p := serving.Achievements[0].Project; p.Kind != graph.ProjectInvestment || p.Status != graph.StatusSigned || *p.Amount != 5e8 {
		t.Errorf("project = %+v", p)
	}
	if former.Interactions != 2 || serving.Interactions != 3 {
		t.Errorf("interactions per cadre = %d, %d; want 2, 3", former.Interactions, serving.Interactions)
	}
	if r.GeneratedAt.IsZero() || !r.From.Equal(reportFrom) || !r.To.Equal(reportTo) {
		t.Errorf("period %v–%v, generated %v", r.From, r.To, r.GeneratedAt)
	}
	if after := g.fingerprint(); after != before {
		t.Errorf("a report changed the graph")
	}

	t.Run("Period", func(t *testing.T) {
		// 2016: only the early cadre, serving at its end (the posting ran
		// to 2017), whose achievement lies outside it.
		r := g.report(t, day("2016-01-01"), day("2016-12-31"))
		if r.CadreCount != 1 || r.Cadres[0].Person.ID != g.early.ID || !r.Cadres[0].Serving || r.ServingCount != 1 {
			t.Fatalf("2016: %d cadres %v", r.CadreCount, r.Cadres)
		}
		if r.Totals.Projects != 0 || r.Interactions != 0 || len(r.Totals.ByKind) != 0 || len(r.Cadres[0].Achievements) != 0 {
			t.Errorf("2016: %+v, %d interactions", r.Totals, r.Interactions)
		}
		// 2024: the serving cadre alone; the former's postings ended in 2023.
		r = g.report(t, day("2024-01-01"), day("2024-12-31"))
		if r.CadreCount != 1 || r.Cadres[0].Person.ID != g.serving.ID || r.ServingCount != 1 {
			t.Fatalf("2024: %d cadres", r.CadreCount)
		}
		if r.Totals.Projects != 2 || r.Totals.Amount != 5.2e8 || r.Interactions != 1 {
			t.Errorf("2024: %d projects, %v, %d interactions; want 2, 5.2e8, 1", r.Totals.Projects, r.Totals.Amount, r.Interactions)
		}
		// A period that ends on the day a posting begins includes it.
		r = g.report(t, day("2023-09-01"), day("2024-03-01"))
		if r.CadreCount != 1 || r.Cadres[0].Person.ID != g.serving.ID {
			t.Errorf("2023-09-01..2024-03-01: %d cadres", r.CadreCount)
		}
		// Judged at its end, a period after the posting finds him former.
		r = g.report(t, day("2016-06-01"), day("2017-06-30"))
		if r.CadreCount != 1 || r.Cadres[0].Serving || r.ServingCount != 0 {
			t.Errorf("2016-06..2017-06: %d cadres, serving %d", r.CadreCount, r.ServingCount)
		}
		// Nobody in 2018.
		r = g.report(t, day("2018-01-01"), day("2018-12-31"))
		if r.CadreCount != 0 || len(r.Cadres) != 0 || r.Totals.Projects != 0 || r.Unit.ID != g.unit.ID {
			t.Errorf("2018: %+v", r)
		}
	})
	t.Run("CadreAchievements", func(t *testing.T) {
		m, err := g.db.CadreAchievements(g.ctx, []string{g.serving.ID, g.former.ID, g.fan.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(m[g.serving.ID]) != 2 || len(m[g.former.ID]) != 4 || m[g.fan.ID] != nil {
			t.Errorf("achievements: %d, %d, %v; want 2, 4 (any date), none", len(m[g.serving.ID]), len(m[g.former.ID]), m[g.fan.ID])
		}
		if a := m[g.former.ID][0]; a.Project.ID != g.p4.ID || a.Date == nil || a.Date.Year() != 2019 {
			t.Errorf("first of the former's = %+v, want P4 of 2019", a)
		}
		_, err = g.db.CadreAchievements(g.ctx, []string{g.unit.ID})
		wantCode(t, err, graph.CodeInvalidInput, "personIds")
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := g.db.UnitReport(g.ctx, "unt_missing"+g.tag, reportFrom, reportTo)
		wantCode(t, err, graph.CodeNotFound, "unitId")
		_, err = g.db.UnitReport(g.ctx, g.unit.ID, reportTo, reportFrom)
		wantCode(t, err, graph.CodeInvalidInput, "to:")
		_, err = g.db.UnitReport(g.ctx, g.serving.ID, reportFrom, reportTo)
		wantCode(t, err, graph.CodeInvalidInput, "unitId", "person")
		_, err = g.db.UnitReport(g.ctx, g.unit.ID, day("1950-01-01"), day("2020-01-01"))
		wantCode(t, err, graph.CodeInvalidInput, "at most 50 years")
		_, err = g.db.CitySummary(g.ctx, reportTo, reportFrom)
		wantCode(t, err, graph.CodeInvalidInput, "to:")
	})
}

func TestCitySummary(t *testing.T) {
	t.Parallel()
	g := newReportGraph(t)
	trips := g.db.RoundTrips()
	s, err := g.db.CitySummary(g.ctx, reportFrom, reportTo)
	if err != nil {
		t.Fatal(err)
	}
	if n := g.db.RoundTrips() - trips; n != 1 {
		t.Errorf("the summary took %d statements, want 1", n)
	}
	// The test database holds other tests' data too: rows of this test's
	// units and regions are exact, the rest only bounded.
	find := func(rows []graph.SummaryRow, key string) graph.SummaryRow {
		t.Helper()
		for _, r := range rows {
			if r.Key == key {
				return r
			}
		}
		t.Fatalf("no row %s in %v", key, rows)
		return graph.SummaryRow{}
	}
	want := func(what string, got, want graph.SummaryRow) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %+v, want %+v", what, got, want)
		}
	}
	want("unit row", find(s.ByUnit, g.unit.ID), graph.SummaryRow{Key: g.unit.ID, Label: g.unit.Name, Cadres: 2, Projects: 3, Amount: 5.2e8, Interactions: 4})
	want("other unit row", find(s.ByUnit, g.other.ID), graph.SummaryRow{Key: g.other.ID, Label: g.other.Name, Cadres: 1, Projects: 1, Amount: 7e6, Interactions: 1})
	// The district hosts both of the unit's cadres; the city the former
	// (first posting) and the other unit's cadre.
	want("district row", find(s.ByRegion, g.district.ID), graph.SummaryRow{Key: g.district.ID, Label: g.district.Name, Cadres: 2, Projects: 3, Amount: 5.2e8, Interactions: 4})
	want("city row", find(s.ByRegion, g.city.ID), graph.SummaryRow{Key: g.city.ID, Label: g.city.Name, Cadres: 2, Projects: 3, Amount: 5e8 + 7e6, Interactions: 2})
	if len(s.ByYear) < 6 {
		t.Fatalf("by year: %v, want a row for each of 2020..2025", s.ByYear)
	}
	for i, y := range []string{"2020", "2021", "2022", "2023", "2024", "2025"} {
		if s.ByYear[i].Key != y {
			t.Errorf("year row %d = %q, want %s", i, s.ByYear[i].Key, y)
		}
	}
	// Lower bounds from this test's data: in 2022 the former and the
	// other unit's cadre served, and P1, P3 and P6 were dated.
	if y := s.ByYear[2]; y.Cadres < 2 || y.Projects < 3 || y.Amount < 5.07e8 {
		t.Errorf("2022 = %+v", y)
	}
	if u := s.ByYear[len(s.ByYear)-1]; u.Key != "" || u.Label != graph.LabelUndated || u.Projects < 1 {
		t.Errorf("last row = %+v, want the undated achievements (P2 at least)", u)
	}
	if s.Total.Cadres < 3 || s.Total.Projects < 4 || s.Total.Amount < 5.27e8 || s.Total.Interactions < 4 || s.Total.Label != graph.LabelTotal {
		t.Errorf("total = %+v", s.Total)
	}

	t.Run("Period", func(t *testing.T) {
		s, err := g.db.CitySummary(g.ctx, day("2016-06-01"), day("2016-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		want("2016 unit row", find(s.ByUnit, g.unit.ID), graph.SummaryRow{Key: g.unit.ID, Label: g.unit.Name, Cadres: 1})
		for _, r := range s.ByUnit {
			if r.Key == g.other.ID {
				t.Errorf("the other unit had no cadre in 2016: %+v", r)
			}
		}
		if len(s.ByYear) == 0 || len(s.ByYear) > 2 || s.ByYear[0].Key != "2016" {
			t.Errorf("by year = %v, want 2016 (and perhaps the undated row) only", s.ByYear)
		}
	})
}
