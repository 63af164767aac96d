package neo4jdb_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
)

func (f *fixture) must(_ *graph.Relationship, err error) {
	f.tb.Helper()
	if err != nil {
		f.tb.Fatal(err)
	}
}

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func TestAggregatePeopleAndProjects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	unit := f.unit("派出单位", graph.UnitCentralAgency)
	host := f.unit("挂职单位", graph.UnitLocalGovernment)
	years := []int{1970, 1985, 1980}
	var people []*graph.Person
	for i, y := range years {
		people = append(people, f.person(fmt.Sprintf("人%d", i), func(in *graph.CreatePersonInput) { in.BirthYear = ptr(y) }))
	}
	people = append(people, f.person("无生年"))
	f.post(people[0], host, unit, "2021-01-01", "")
	f.post(people[3], host, unit, "2022-01-01", "2023-01-01")
	tag := &f.tag

	agg, err := f.db.AggregatePeople(f.ctx, graph.PersonWhere{NameContains: tag})
	if err != nil {
		t.Fatal(err)
	}
	sum, lo, hi := 0, years[0], years[0]
	for _, y := range years {
		sum, lo, hi = sum+y, min(lo, y), max(hi, y)
	}
	if agg.Count != 4 || agg.Cadres != 2 || agg.BirthYear.Count != 3 || agg.BirthYear.Sum != sum || *agg.BirthYear.Min != lo || *agg.BirthYear.Max != hi ||
		!approx(*agg.BirthYear.Avg, float64(sum)/3) {
		t.Errorf("people aggregate = %+v, birth years %+v", agg, agg.BirthYear)
	}
	if agg.CreatedAt.Count != 4 || agg.CreatedAt.Min == nil || agg.CreatedAt.Max.Before(*agg.CreatedAt.Min) {
		t.Errorf("createdAt = %+v", agg.CreatedAt)
	}

	amounts := []float64{1e8, 2.5e8, 4e7}
	starts := []string{"2021-05-01", "2023-02-01", "2022-07-15"}
	county := f.region("易县", graph.RegionCounty, "")
	for i, a := range amounts {
		f.project(fmt.Sprintf("项目%d", i), graph.ProjectInvestment, func(in *graph.CreateProjectInput) {
			in.Amount, in.StartDate = ptr(a), ptr(day(starts[i]))
			if i > 0 {
				in.RegionID = &county.ID
			}
		})
	}
	f.project("无金额", graph.ProjectPolicy)
	pa, err := f.db.AggregateProjects(f.ctx, graph.ProjectWhere{NameContains: tag})
	if err != nil {
		t.Fatal(err)
	}
	total := amounts[0] + amounts[1] + amounts[2]
	if pa.Count != 4 || pa.Amount.Count != 3 || !approx(pa.Amount.Sum, total) || !approx(*pa.Amount.Avg, total/3) ||
		*pa.Amount.Min != 4e7 || *pa.Amount.Max != 2.5e8 {
		t.Errorf("project aggregate = %+v, amount %+v", pa, pa.Amount)
	}
	if pa.StartDate.Count != 3 || !pa.StartDate.Min.Equal(day("2021-05-01")) || !pa.StartDate.Max.Equal(day("2023-02-01")) || pa.EndDate.Count != 0 || pa.EndDate.Min != nil {
		t.Errorf("dates: start %+v, end %+v", pa.StartDate, pa.EndDate)
	}
	inCounty, err := f.db.AggregateProjects(f.ctx, graph.ProjectWhere{NameContains: tag, RegionID: &county.ID, Amount: &graph.FloatRange{Max: ptr(1e9)}})
	if err != nil || inCounty.Count != 2 || !approx(inCounty.Amount.Sum, amounts[1]+amounts[2]) {
		t.Errorf("in the county: %+v, %v", inCounty, err)
	}

	empty, err := f.db.AggregateProjects(f.ctx, graph.ProjectWhere{NameContains: ptr("没有这个" + f.tag)})
	if err != nil || empty.Count != 0 || empty.Amount.Sum != 0 || empty.Amount.Avg != nil || empty.Amount.Min != nil || empty.StartDate.Max != nil {
		t.Errorf("empty aggregate = %+v, %v", empty, err)
	}

	// The aggregate counts what the list counts, filter by filter.
	for name, w := range map[string]graph.PersonWhere{
		"name":        {NameContains: tag},
		"cadres":      {NameContains: tag, IsCadre: ptr(true)},
		"birthYear":   {NameContains: tag, BirthYear: &graph.IntRange{Min: ptr(1975)}},
		"dispatching": {NameContains: tag, DispatchingUnitID: &unit.ID},
		"serving":     {NameContains: tag, ServingAt: ptr(day("2024-01-01"))},
	} {
		l, err := f.db.FindPeople(f.ctx, w, nil, graph.Page{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.db.AggregatePeople(f.ctx, w)
		if err != nil || a.Count != l.TotalCount {
			t.Errorf("%s: aggregate %d, list %d, %v", name, a.Count, l.TotalCount, err)
		}
	}
	l, _ := f.db.FindProjects(f.ctx, graph.ProjectWhere{NameContains: tag, Kind: []graph.ProjectKind{graph.ProjectInvestment}}, nil, graph.Page{Limit: 1})
	pk, _ := f.db.AggregateProjects(f.ctx, graph.ProjectWhere{NameContains: tag, Kind: []graph.ProjectKind{graph.ProjectInvestment}})
	if l.TotalCount != 3 || pk.Count != 3 {
		t.Errorf("investment projects: list %d, aggregate %d", l.TotalCount, pk.Count)
	}
	ua, err := f.db.AggregateUnits(f.ctx, graph.UnitWhere{NameContains: tag})
	if err != nil || ua.Count != 2 {
		t.Errorf("units: %+v, %v", ua, err)
	}
	ra, err := f.db.AggregateRegions(f.ctx, graph.RegionWhere{NameContains: tag})
	if err != nil || ra.Count != 1 {
		t.Errorf("regions: %+v, %v", ra, err)
	}
	f.company("公司")
	ca, err := f.db.AggregateCompanies(f.ctx, graph.CompanyWhere{NameContains: tag})
	if err != nil || ca.Count != 1 || ca.CreatedAt.Count != 1 {
		t.Errorf("companies: %+v, %v", ca, err)
	}

	_, err = f.db.AggregatePeople(f.ctx, graph.PersonWhere{DispatchingUnitID: ptr("reg_wrongkind")})
	wantCode(t, err, graph.CodeInvalidInput, "where.dispatchingUnitId")
	_, err = f.db.AggregateProjects(f.ctx, graph.ProjectWhere{IDs: []string{"'; MATCH (n) DETACH DELETE n //"}})
	wantCode(t, err, graph.CodeInvalidInput, "where.ids")
}

func TestAggregateRelated(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	if _, err := g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.officer.ID, HostUnitID: g.host.ID, DispatchingUnitID: g.ministry.ID,
		Title: "副主任", Batch: ptr(2024), From: day("2024-03-01")}); err != nil {
		t.Fatal(err)
	}
	if _, err := g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.manager.ID, HostUnitID: g.host.ID, DispatchingUnitID: g.ministry.ID,
		Title: "挂职", Batch: ptr(2020), From: day("2020-03-01"), To: ptr(day("2021-03-01"))}); err != nil {
		t.Fatal(err)
	}
	other := g.fixture.company("另一家公司")
	g.must(g.db.AddInvestment(g.ctx, graph.AddInvestmentInput{CompanyID: other.ID, ProjectID: g.project.ID, Amount: ptr(1.5e8)}))

	m, err := g.db.AggregateRelated(g.ctx, graph.FieldUnitDispatched, []string{g.ministry.ID, g.host.ID}, graph.RelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	d := m[g.ministry.ID]
	// The cadre's posting takes its batch from its start: 2021.
	if d == nil || d.Count != 3 || d.Batch.Count != 3 || d.Batch.Sum != 2020+2021+2024 || !approx(*d.Batch.Avg, 6065.0/3) || *d.Batch.Min != 2020 || *d.Batch.Max != 2024 ||
		!d.From.Min.Equal(day("2020-03-01")) || !d.From.Max.Equal(day("2024-03-01")) || d.To.Count != 2 || d.Amount.Count != 0 {
		t.Errorf("dispatched postings: %+v (batch %+v, from %+v, to %+v)", d, d.Batch, d.From, d.To)
	}
	if h := m[g.host.ID]; h == nil || h.Count != 0 {
		t.Errorf("a host unit dispatched nobody: %+v", h)
	}
	cur, err := g.db.AggregateRelated(g.ctx, graph.FieldUnitDispatched, []string{g.ministry.ID}, graph.RelFilter{Current: ptr(true)})
	if err != nil || cur[g.ministry.ID].Count != 1 {
		t.Errorf("current postings: %+v, %v", cur[g.ministry.ID], err)
	}
	// The paginated list and its aggregate agree.
	l, err := g.db.FindRelated(g.ctx, graph.FieldUnitDispatched, []string{g.ministry.ID}, graph.RelFilter{Current: ptr(false)}, graph.Page{Limit: 1})
	ended, err2 := g.db.AggregateRelated(g.ctx, graph.FieldUnitDispatched, []string{g.ministry.ID}, graph.RelFilter{Current: ptr(false)})
	if err != nil || err2 != nil || l[g.ministry.ID].TotalCount != ended[g.ministry.ID].Count || ended[g.ministry.ID].Count != 2 {
		t.Errorf("ended: list %+v, aggregate %+v, %v %v", l[g.ministry.ID], ended[g.ministry.ID], err, err2)
	}

	inv, err := g.db.AggregateRelated(g.ctx, graph.FieldProjectInvestors, []string{g.project.ID}, graph.RelFilter{})
	if a := inv[g.project.ID]; err != nil || a.Count != 2 || !approx(a.Amount.Sum, 6.5e8) || *a.Amount.Max != 5e8 || !approx(*a.Amount.Avg, 3.25e8) {
		t.Errorf("investors: %+v, %v", inv[g.project.ID], err)
	}
}

// coop is a small cooperation graph with known answers: two dispatching
// units, two districts, three cadres and four projects.
type coop struct {
	*fixture
	beijing, a, b             *graph.Region
	ministry, bank            *graph.Unit
	c1, c2, c3                *graph.Person
	p1, p2, p3, p4            *graph.Project
	energy, anonymousInvestor *graph.Company
}

func newCoop(t *testing.T) *coop {
	t.Helper()
	c := &coop{fixture: newFixture(t)}
	c.beijing = c.region("北京市", graph.RegionCity, "")
	c.a = c.region("甲区", graph.RegionDistrict, "")
	c.b = c.region("乙县", graph.RegionCounty, "")
	c.ministry = c.unit("某部", graph.UnitCentralAgency, func(in *graph.CreateUnitInput) { in.RegionID = &c.beijing.ID })
	c.bank = c.unit("某银行", graph.UnitFinancialInstitution)
	hostA := c.unit("甲区政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &c.a.ID })
	hostB := c.unit("乙县政府", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &c.b.ID })
	c.c1, c.c2, c.c3 = c.person("干部一"), c.person("干部二"), c.person("干部三")
	c.person("非干部")
	post := func(p *graph.Person, host, disp *graph.Unit, batch int) {
		c.must(c.db.AddPosting(c.ctx, graph.AddPostingInput{PersonID: p.ID, HostUnitID: host.ID, DispatchingUnitID: disp.ID,
			Title: "副县长", Batch: ptr(batch), From: day(fmt.Sprintf("%d-04-01", batch))}))
	}
	post(c.c1, hostA, c.ministry, 2021)
	post(c.c2, hostB, c.bank, 2022)
	post(c.c3, hostB, c.ministry, 2022)
	proj := func(name string, kind graph.ProjectKind, amount float64, region *graph.Region, start string) *graph.Project {
		return c.project(name, kind, func(in *graph.CreateProjectInput) {
			if amount > 0 {
				in.Amount = ptr(amount)
			}
			if region != nil {
				in.RegionID = &region.ID
			}
			if start != "" {
				in.StartDate = ptr(day(start))
			}
		})
	}
	c.p1 = proj("一号项目", graph.ProjectInvestment, 1e8, c.a, "2021-06-01")
	c.p2 = proj("二号项目", graph.ProjectFunding, 5e7, c.b, "2022-06-01")
	c.p3 = proj("三号项目", graph.ProjectInvestment, 2e8, c.a, "2022-09-01")
	c.p4 = proj("四号项目", graph.ProjectTalent, 0, nil, "")
	role := func(p *graph.Person, pr *graph.Project, r graph.ProjectRole) {
		c.must(c.db.AddProjectRole(c.ctx, graph.AddProjectRoleInput{PersonID: p.ID, ProjectID: pr.ID, Role: r}))
	}
	role(c.c1, c.p1, graph.RoleSecured)
	role(c.c2, c.p2, graph.RoleSecured)
	role(c.c3, c.p2, graph.RoleIntroduced)
	role(c.c3, c.p3, graph.RoleIntroduced)
	c.energy = c.company("新能源公司", func(in *graph.CreateCompanyInput) { in.Industry = ptr("新能源" + c.tag) })
	c.anonymousInvestor = c.company("无行业公司")
	c.must(c.db.AddInvestment(c.ctx, graph.AddInvestmentInput{CompanyID: c.energy.ID, ProjectID: c.p1.ID, Amount: ptr(1e8)}))
	c.must(c.db.AddInvestment(c.ctx, graph.AddInvestmentInput{CompanyID: c.anonymousInvestor.ID, ProjectID: c.p3.ID}))
	return c
}

type row struct {
	key   string
	count int
	sum   float64
}

func wantRows(t *testing.T, what string, got []*graph.GroupRow, want ...row) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = got[i].Key == want[i].key && got[i].Count == want[i].count && approx(got[i].Sum, want[i].sum)
	}
	if !ok {
		var b strings.Builder
		for _, r := range got {
			fmt.Fprintf(&b, " {%s %q %d %g}", r.Key, r.Label, r.Count, r.Sum)
		}
		t.Errorf("%s:%s, want %v", what, b.String(), want)
	}
}

func TestGroupProjectsAndCadres(t *testing.T) {
	t.Parallel()
	c := newCoop(t)
	w := graph.ProjectWhere{NameContains: &c.tag}
	group := func(by graph.ProjectGroup, w graph.ProjectWhere) []*graph.GroupRow {
		t.Helper()
		rows, err := c.db.GroupProjects(c.ctx, by, w)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	wantRows(t, "by kind", group(graph.GroupProjectKind, w), row{"INVESTMENT", 2, 3e8}, row{"FUNDING", 1, 5e7}, row{"TALENT", 1, 0})
	wantRows(t, "by region", group(graph.GroupProjectRegion, w), row{c.a.ID, 2, 3e8}, row{c.b.ID, 1, 5e7}, row{"", 1, 0})
	wantRows(t, "by dispatching unit", group(graph.GroupProjectDispatchingUnit, w), row{c.ministry.ID, 3, 3.5e8}, row{c.bank.ID, 1, 5e7}, row{"", 1, 0})
	wantRows(t, "by year", group(graph.GroupProjectYear, w), row{"2021", 1, 1e8}, row{"2022", 2, 2.5e8}, row{"", 1, 0})
	wantRows(t, "by status, investments", group(graph.GroupProjectStatus, graph.ProjectWhere{NameContains: &c.tag, Kind: []graph.ProjectKind{graph.ProjectInvestment}}),
		row{"LEAD", 2, 3e8})
	if rows := group(graph.GroupProjectRegion, w); rows[0].Label != c.a.Name {
		t.Errorf("region label %q", rows[0].Label)
	}

	cadres := func(by graph.CadreGroup) []*graph.GroupRow {
		t.Helper()
		rows, err := c.db.GroupCadres(c.ctx, by, graph.PersonWhere{NameContains: &c.tag})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	wantRows(t, "cadres by unit kind", cadres(graph.GroupCadreUnitKind), row{"CENTRAL_AGENCY", 2, 3.5e8}, row{"FINANCIAL_INSTITUTION", 1, 5e7})
	wantRows(t, "cadres by batch", cadres(graph.GroupCadreBatch), row{"2021", 1, 1e8}, row{"2022", 2, 2.5e8})
	wantRows(t, "cadres by host region", cadres(graph.GroupCadreHostRegion), row{c.b.ID, 2, 2.5e8}, row{c.a.ID, 1, 1e8})

	_, err := c.db.GroupProjects(c.ctx, "COLOUR", w)
	wantCode(t, err, graph.CodeInvalidInput, "by")
	_, err = c.db.GroupCadres(c.ctx, graph.GroupCadreBatch, graph.PersonWhere{HostUnitID: ptr("per_x")})
	wantCode(t, err, graph.CodeInvalidInput, "where.hostUnitId")
}

func TestCooperationMatrix(t *testing.T) {
	t.Parallel()
	c := newCoop(t)
	w := graph.ProjectWhere{NameContains: &c.tag}
	matrix := func(rows graph.MatrixRows, cols graph.MatrixColumns, m graph.MatrixMeasure) *graph.CooperationMatrix {
		t.Helper()
		mx, err := c.db.CooperationMatrix(c.ctx, rows, cols, m, w)
		if err != nil {
			t.Fatal(err)
		}
		return mx
	}
	// cell returns the value at (row key, column key) and the totals.
	cell := func(m *graph.CooperationMatrix, r, col string) float64 {
		t.Helper()
		for i, h := range m.Rows {
			for j, k := range m.Columns {
				if h.Key == r && k.Key == col {
					return m.Cells[i][j]
				}
			}
		}
		t.Fatalf("no cell %s × %s in %+v", r, col, m)
		return 0
	}
	total := func(hs []*graph.MatrixHeader, k string) float64 {
		for _, h := range hs {
			if h.Key == k {
				return h.Total
			}
		}
		return -1
	}

	p := matrix(graph.MatrixByUnit, graph.MatrixToRegion, graph.MeasureProjects)
	if len(p.Rows) != 2 || len(p.Columns) != 2 || p.Rows[0].Key != c.ministry.ID || p.Rows[0].Label != c.ministry.Name || p.Total != 3 || p.Truncated {
		t.Fatalf("matrix %+v rows %+v columns %+v", p, p.Rows, p.Columns)
	}
	for _, x := range []struct {
		r, c string
		want float64
	}{{c.ministry.ID, c.a.ID, 2}, {c.ministry.ID, c.b.ID, 1}, {c.bank.ID, c.b.ID, 1}, {c.bank.ID, c.a.ID, 0}} {
		if got := cell(p, x.r, x.c); got != x.want {
			t.Errorf("projects %s × %s = %g, want %g", x.r, x.c, got, x.want)
		}
	}
	// p2 is in both rows of column B but counts once in its total.
	if total(p.Rows, c.ministry.ID) != 3 || total(p.Columns, c.b.ID) != 1 || total(p.Columns, c.a.ID) != 2 {
		t.Errorf("totals: rows %+v, columns %+v", p.Rows, p.Columns)
	}

	a := matrix(graph.MatrixByUnit, graph.MatrixToRegion, graph.MeasureAmount)
	if cell(a, c.ministry.ID, c.a.ID) != 3e8 || cell(a, c.bank.ID, c.b.ID) != 5e7 || a.Total != 3.5e8 || total(a.Columns, c.b.ID) != 5e7 {
		t.Errorf("amounts: %+v", a.Cells)
	}
	cd := matrix(graph.MatrixByUnit, graph.MatrixToRegion, graph.MeasureCadres)
	if cell(cd, c.ministry.ID, c.a.ID) != 2 || cell(cd, c.ministry.ID, c.b.ID) != 1 || total(cd.Columns, c.b.ID) != 2 || cd.Total != 3 {
		t.Errorf("cadres: %+v, columns %+v", cd.Cells, cd.Columns)
	}
	ind := matrix(graph.MatrixByUnitKind, graph.MatrixToIndustry, graph.MeasureProjects)
	if cell(ind, "CENTRAL_AGENCY", "新能源"+c.tag) != 1 || cell(ind, "CENTRAL_AGENCY", graph.UnknownIndustry) != 2 || cell(ind, "FINANCIAL_INSTITUTION", graph.UnknownIndustry) != 1 {
		t.Errorf("industries: %+v × %+v = %v", ind.Rows, ind.Columns, ind.Cells)
	}
	yr := matrix(graph.MatrixByUnitRegion, graph.MatrixToYear, graph.MeasureAmount)
	if len(yr.Columns) != 2 || yr.Columns[0].Key != "2021" || yr.Columns[1].Key != "2022" || cell(yr, c.beijing.ID, "2022") != 2.5e8 || cell(yr, "", "2022") != 5e7 {
		t.Errorf("by unit region and year: %+v × %+v = %v", yr.Rows, yr.Columns, yr.Cells)
	}

	var buf bytes.Buffer
	if err := graph.WriteMatrixCSV(&buf, p); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 5 || !strings.HasPrefix(lines[2], c.ministry.ID+","+c.ministry.Name+",2,1,3") {
		t.Errorf("csv:\n%s", buf.String())
	}

	_, err := c.db.CooperationMatrix(c.ctx, "PERSON", graph.MatrixToRegion, graph.MeasureProjects, w)
	wantCode(t, err, graph.CodeInvalidInput, "rows")
	_, err = c.db.CooperationMatrix(c.ctx, graph.MatrixByUnit, graph.MatrixToRegion, "WEIGHT", w)
	wantCode(t, err, graph.CodeInvalidInput, "measure")
}

// cliques builds two cliques of five who know each other and one bridge
// person who knows one member of each; a1 and b1 belong to two units.
type cliques struct {
	*fixture
	a, b   []*graph.Person
	bridge *graph.Person
	scope  *graph.PersonWhere
}

func newCliques(t *testing.T) *cliques {
	t.Helper()
	c := &cliques{fixture: newFixture(t)}
	for i := 0; i < 5; i++ {
		c.a = append(c.a, c.person(fmt.Sprintf("甲%d", i)))
		c.b = append(c.b, c.person(fmt.Sprintf("乙%d", i)))
	}
	for _, side := range [][]*graph.Person{c.a, c.b} {
		for i := range side {
			for j := i + 1; j < len(side); j++ {
				c.knows(side[i], side[j])
			}
		}
	}
	c.bridge = c.person("桥")
	c.knows(c.bridge, c.a[0])
	c.knows(c.bridge, c.b[0])
	ua, ub := c.unit("甲部", graph.UnitCentralAgency), c.unit("乙厅", graph.UnitProvincialAgency)
	c.must(c.db.AddMembership(c.ctx, graph.AddMembershipInput{PersonID: c.a[0].ID, UnitID: ua.ID}))
	c.must(c.db.AddMembership(c.ctx, graph.AddMembershipInput{PersonID: c.b[0].ID, UnitID: ub.ID}))
	// Someone outside the scope, tied to the bridge, must not count.
	outsider, err := c.db.CreatePerson(c.ctx, graph.CreatePersonInput{Name: "局外人"})
	if err != nil {
		t.Fatal(err)
	}
	c.track(outsider.ID)
	c.knows(outsider, c.bridge)
	c.scope = &graph.PersonWhere{NameContains: &c.tag}
	return c
}

func TestBrokersBridgeFirst(t *testing.T) {
	t.Parallel()
	c := newCliques(t)
	an := neo4jdb.NewAnalytics(c.db, neo4jdb.AnalyticsConfig{})
	res, err := an.Brokers(c.ctx, graph.BrokerQuery{First: 3, Scope: c.scope})
	if err != nil {
		t.Fatal(err)
	}
	if res.People != 11 || res.Edges != 22 || res.Sampled || res.Sources != 11 || !res.Weighted || len(res.Brokers) != 3 {
		t.Fatalf("result %+v", res)
	}
	top := res.Brokers[0]
	// The bridge lies on the 25 of 45 pairs between the cliques.
	if top.Person.ID != c.bridge.ID || top.Rank != 1 || !approx(top.Betweenness, 25.0/45) || top.Degree != 2 || top.Units != 2 || top.Person.Name != c.bridge.Name {
		t.Errorf("top broker %+v (person %s), want the bridge", top, top.Person.Name)
	}
	for _, b := range res.Brokers[1:] {
		if b.Person.ID != c.a[0].ID && b.Person.ID != c.b[0].ID || !approx(b.Betweenness, 24.0/45) {
			t.Errorf("next broker %+v (%s)", b, b.Person.Name)
		}
	}
	if time.Since(res.ComputedAt) > time.Minute {
		t.Errorf("computedAt %v", res.ComputedAt)
	}

	// where lists only some people; ranks stay those of the whole scope.
	only, err := an.Brokers(c.ctx, graph.BrokerQuery{First: 5, Scope: c.scope, Where: graph.PersonWhere{IDs: []string{c.a[2].ID, c.b[0].ID}}})
	if err != nil || len(only.Brokers) != 2 || only.Brokers[0].Person.ID != c.b[0].ID || only.Brokers[1].Person.ID != c.a[2].ID ||
		only.Brokers[1].Betweenness != 0 || only.Brokers[0].Rank > 3 {
		t.Errorf("with where: %+v, %v", only, err)
	}

	// Sampled: fewer sources than people says so, and still finds the bridge
	// ahead of the members.
	s, err := an.Brokers(c.ctx, graph.BrokerQuery{First: 11, Scope: c.scope, Sources: 5})
	if err != nil || !s.Sampled || s.Sources != 5 {
		t.Fatalf("sampled: %+v, %v", s, err)
	}
	for _, b := range s.Brokers[3:] {
		if b.Betweenness > 0 {
			t.Errorf("a clique member with betweenness: %+v", b)
		}
	}

	_, err = an.Brokers(c.ctx, graph.BrokerQuery{First: 101})
	wantCode(t, err, graph.CodeInvalidInput, "first")
	_, err = an.Brokers(c.ctx, graph.BrokerQuery{First: 1, Sources: graph.MaxBrokerSources + 1})
	wantCode(t, err, graph.CodeInvalidInput, "sources")
	_, err = an.Brokers(c.ctx, graph.BrokerQuery{First: 1, Where: graph.PersonWhere{RegionID: ptr("unt_x")}})
	wantCode(t, err, graph.CodeInvalidInput, "where.regionId")
}

func TestCommunitiesTwoCliques(t *testing.T) {
	t.Parallel()
	c := newCliques(t)
	an := neo4jdb.NewAnalytics(c.db, neo4jdb.AnalyticsConfig{})
	res, err := an.Communities(c.ctx, graph.CommunityQuery{First: 10, Scope: c.scope})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Communities) != 2 || res.People != 11 || res.Modularity < 0.3 {
		t.Fatalf("communities %+v", res)
	}
	of := map[string]int{}
	for _, cm := range res.Communities {
		if len(cm.Central) == 0 || cm.InternalEdges < 10 || cm.Density <= 0.5 || cm.UnitCount != 1 || len(cm.Units) != 1 || cm.Units[0].People != 1 {
			t.Errorf("community %+v", cm)
		}
		// Everyone with 4 ties inside comes before the bridge.
		if cm.Central[0].ID == c.bridge.ID {
			t.Errorf("the bridge is the most central member of a clique")
		}
	}
	for i, cm := range res.Communities {
		for _, p := range cm.Central {
			of[p.ID] = i
		}
	}
	if res.Communities[0].Size != 6 || res.Communities[1].Size != 5 {
		t.Errorf("sizes %d and %d, want 6 (a clique and the bridge) and 5", res.Communities[0].Size, res.Communities[1].Size)
	}
	for _, side := range [][]*graph.Person{c.a, c.b} {
		for _, p := range side[1:] {
			if of[p.ID] != of[side[0].ID] {
				t.Errorf("%s is not with its clique", p.Name)
			}
		}
	}
	if of[c.a[0].ID] == of[c.b[0].ID] {
		t.Errorf("the two cliques came out as one community")
	}
	big, err := an.Communities(c.ctx, graph.CommunityQuery{First: 10, Scope: c.scope, MinSize: 6})
	if err != nil || big.Total != 1 || len(big.Communities) != 1 {
		t.Errorf("minSize 6: %+v, %v", big, err)
	}
	_, err = an.Communities(c.ctx, graph.CommunityQuery{First: 0})
	wantCode(t, err, graph.CodeInvalidInput, "first")
}

func TestAnalyticsCacheFreshness(t *testing.T) {
	t.Parallel()
	c := newCliques(t)
	var mu sync.Mutex
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	an := neo4jdb.NewAnalytics(c.db, neo4jdb.AnalyticsConfig{TTL: 10 * time.Minute, Now: clock})
	q := graph.BrokerQuery{First: 1, Scope: c.scope}

	// Concurrent first requests share one computation.
	var wg sync.WaitGroup
	results := make([]*graph.BrokerResult, 4)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := an.Brokers(c.ctx, q)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}(i)
	}
	wg.Wait()
	first := results[0]
	if first == nil {
		t.FailNow()
	}
	for _, r := range results {
		if r == nil || !r.ComputedAt.Equal(first.ComputedAt) {
			t.Errorf("concurrent requests computed separately: %v vs %v", r, first.ComputedAt)
		}
	}
	if !first.ComputedAt.Equal(clock()) {
		t.Errorf("computedAt %v, want the clock's %v", first.ComputedAt, clock())
	}

	// A new tie makes the cached answer stale but not expired.
	newcomer := c.person("新人")
	c.knows(newcomer, c.bridge)
	advance(5 * time.Minute)
	cached, err := an.Brokers(c.ctx, q)
	if err != nil || !cached.ComputedAt.Equal(first.ComputedAt) || cached.People != 11 {
		t.Errorf("within the TTL: %+v, %v", cached, err)
	}
	// Communities of the same scope reuse the projection, and its time.
	cm, err := an.Communities(c.ctx, graph.CommunityQuery{First: 1, Scope: c.scope})
	if err != nil || !cm.ComputedAt.Equal(first.ComputedAt) || cm.People != 11 {
		t.Errorf("communities from the cached projection: %+v, %v", cm, err)
	}

	// refresh recomputes now.
	fresh, err := an.Brokers(c.ctx, graph.BrokerQuery{First: 1, Scope: c.scope, Refresh: true})
	if err != nil || !fresh.ComputedAt.Equal(clock()) || fresh.People != 12 || fresh.Brokers[0].Person.ID != c.bridge.ID || fresh.Brokers[0].Degree != 3 {
		t.Errorf("refresh: %+v, %v", fresh, err)
	}

	// After the TTL everything is recomputed.
	f2 := c.person("后来者")
	c.knows(f2, newcomer)
	advance(11 * time.Minute)
	cm, err = an.Communities(c.ctx, graph.CommunityQuery{First: 1, Scope: c.scope})
	if err != nil || !cm.ComputedAt.Equal(clock()) || cm.People != 13 {
		t.Errorf("after the TTL: %+v, %v", cm, err)
	}
	an.Invalidate()
	again, err := an.Brokers(c.ctx, q)
	if err != nil || again.People != 13 {
		t.Errorf("after Invalidate: %+v, %v", again, err)
	}
}

// TestAnalyticsOutlivesTheRequest: a request whose deadline passes before
// the brokers are computed is told that they are still being computed, and
// the computation goes on without it; the next request gets the answer.
func TestAnalyticsOutlivesTheRequest(t *testing.T) {
	t.Parallel()
	c := newCliques(t)
	an := neo4jdb.NewAnalytics(c.db, neo4jdb.AnalyticsConfig{})
	q := graph.BrokerQuery{First: 1, Scope: c.scope}
	expired, cancel := context.WithTimeout(c.ctx, time.Nanosecond)
	defer cancel()
	<-expired.Done()
	_, err := an.Brokers(expired, q)
	if graph.ErrorCode(err) != graph.CodeUnavailable || !strings.Contains(graph.ErrorMessage(err), "still being computed") {
		t.Fatalf("brokers past the request's deadline: %v, want UNAVAILABLE, still being computed", err)
	}
	r, err := an.Brokers(c.ctx, q)
	if err != nil || len(r.Brokers) != 1 || r.Brokers[0].Person.ID != c.bridge.ID {
		t.Fatalf("brokers asked again: %+v, %v", r, err)
	}
}
