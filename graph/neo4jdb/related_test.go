package neo4jdb_test

import (
	"testing"

	"github.com/liaison/liaison/graph"
)

// cadreGraph is a cadre sent by a ministry to a city commission, who knows
// a company manager and secured a project.
type cadreGraph struct {
	*fixture
	city, district          *graph.Region
	ministry, host          *graph.Unit
	cadre, manager, officer *graph.Person
	company                 *graph.Company
	project                 *graph.Project
	posting                 *graph.Relationship
}

func newCadreGraph(t *testing.T) *cadreGraph {
	t.Helper()
	g := &cadreGraph{fixture: newFixture(t)}
	g.city = g.region("保定市", graph.RegionCity, "")
	g.district = g.region("竞秀区", graph.RegionDistrict, g.city.ID)
	g.ministry = g.unit("工业和信息化部", graph.UnitCentralAgency)
	g.host = g.unit("市发展和改革委员会", graph.UnitLocalGovernment, func(in *graph.CreateUnitInput) { in.RegionID = &g.city.ID })
	g.cadre = g.person("张三")
	g.manager = g.person("王五")
	g.officer = g.person("赵六")
	g.company = g.fixture.company("保定某科技有限公司", func(in *graph.CreateCompanyInput) { in.RegionID = &g.district.ID })
	g.project = g.fixture.project("智能制造产业园", graph.ProjectInvestment, func(in *graph.CreateProjectInput) { in.RegionID = &g.district.ID })
	var err error
	g.posting, err = g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.cadre.ID, HostUnitID: g.host.ID,
		DispatchingUnitID: g.ministry.ID, Title: "副主任", From: day("2021-03-01"), To: ptr(day("2023-03-01"))})
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ *graph.Relationship, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(g.db.AddMembership(g.ctx, graph.AddMembershipInput{PersonID: g.cadre.ID, UnitID: g.ministry.ID, Title: ptr("处长"), From: ptr(day("2015-07-01"))}))
	must(g.db.AddEmployment(g.ctx, graph.AddEmploymentInput{PersonID: g.manager.ID, CompanyID: g.company.ID, Title: ptr("总经理"), From: ptr(day("2019-01-01"))}))
	must(g.db.AddAcquaintance(g.ctx, graph.AddAcquaintanceInput{PersonID: g.cadre.ID, OtherID: g.manager.ID, Since: ptr(day("2021-06-01")), How: ptr("招商活动")}))
	must(g.db.AddProjectRole(g.ctx, graph.AddProjectRoleInput{PersonID: g.cadre.ID, ProjectID: g.project.ID, Role: graph.RoleSecured, Date: ptr(day("2022-05-01"))}))
	must(g.db.AddInvestment(g.ctx, graph.AddInvestmentInput{CompanyID: g.company.ID, ProjectID: g.project.ID, Amount: ptr(5e8)}))
	must(g.db.AddSupport(g.ctx, graph.AddSupportInput{UnitID: g.ministry.ID, ProjectID: g.project.ID, Note: ptr("政策支持")}))
	must(g.db.AddLocation(g.ctx, graph.AddLocationInput{EntityID: g.cadre.ID, RegionID: g.district.ID, From: ptr(day("2021-03-01"))}))
	return g
}

func (g *cadreGraph) related(t *testing.T, field graph.RelField, parent string, f graph.RelFilter) *graph.RelList {
	t.Helper()
	m, err := g.db.FindRelated(g.ctx, field, []string{parent}, f, graph.Page{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if m[parent] == nil {
		t.Fatalf("FindRelated(%s): no list for %s", field, parent)
	}
	return m[parent]
}

func TestRelationships(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	if g.posting.Type != graph.RelPostedTo || g.posting.DispatchingUnitID != g.ministry.ID || *g.posting.Batch != 2021 ||
		g.posting.StartID != g.cadre.ID || g.posting.EndID != g.host.ID {
		t.Fatalf("posting = %+v", g.posting)
	}
	t.Run("Fields", func(t *testing.T) {
		for _, tc := range []struct {
			field  graph.RelField
			parent string
			want   string // id of the node at the other end
		}{
			{graph.FieldPersonPostings, g.cadre.ID, g.host.ID},
			{graph.FieldUnitHostedPostings, g.host.ID, g.cadre.ID},
			{graph.FieldUnitDispatched, g.ministry.ID, g.host.ID},
			{graph.FieldPersonMemberships, g.cadre.ID, g.ministry.ID},
			{graph.FieldUnitMembers, g.ministry.ID, g.cadre.ID},
			{graph.FieldPersonEmployments, g.manager.ID, g.company.ID},
			{graph.FieldCompanyEmployees, g.company.ID, g.manager.ID},
			{graph.FieldPersonAcquaintances, g.cadre.ID, g.manager.ID},
			{graph.FieldPersonAcquaintances, g.manager.ID, g.cadre.ID},
			{graph.FieldPersonProjects, g.cadre.ID, g.project.ID},
			{graph.FieldProjectPeople, g.project.ID, g.cadre.ID},
			{graph.FieldCompanyInvestments, g.company.ID, g.project.ID},
			{graph.FieldProjectInvestors, g.project.ID, g.company.ID},
			{graph.FieldUnitSupports, g.ministry.ID, g.project.ID},
			{graph.FieldProjectSupporters, g.project.ID, g.ministry.ID},
			{graph.FieldPersonLocations, g.cadre.ID, g.district.ID},
			{graph.FieldRegionPeople, g.district.ID, g.cadre.ID},
			{graph.FieldRegionSubRegions, g.city.ID, g.district.ID},
			{graph.FieldRegionUnits, g.city.ID, g.host.ID},
			{graph.FieldRegionCompanies, g.district.ID, g.company.ID},
			{graph.FieldRegionProjects, g.district.ID, g.project.ID},
		} {
			l := g.related(t, tc.field, tc.parent, graph.RelFilter{})
			if l.TotalCount != 1 || len(l.Items) != 1 {
				t.Errorf("%s: %d items, total %d; want 1", tc.field, len(l.Items), l.TotalCount)
				continue
			}
			r := l.Items[0]
			other := r.Other(tc.parent)
			if tc.field == graph.FieldUnitDispatched {
				other = r.End
			}
			if other == nil || other.NodeID() != tc.want {
				t.Errorf("%s: other end = %v, want %s", tc.field, other, tc.want)
			}
			if tc.field == graph.FieldPersonAcquaintances && r.StartID != tc.parent {
				t.Errorf("acquaintance not oriented from %s: %+v", tc.parent, r)
			}
			// Both ends come with their nodes, the parent's included.
			if r.Start == nil || r.End == nil || r.Start.NodeID() != r.StartID || r.End.NodeID() != r.EndID {
				t.Errorf("%s: ends %v / %v do not match %s / %s", tc.field, r.Start, r.End, r.StartID, r.EndID)
			}
			// Not counted when the total is not asked for; the page is the same.
			m, err := g.db.FindRelated(g.ctx, tc.field, []string{tc.parent}, graph.RelFilter{}, graph.Page{Limit: 20, NoTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			if n := m[tc.parent]; n == nil || n.TotalCount != -1 || len(n.Items) != 1 || n.Items[0].ID != r.ID ||
				n.Cursors[0] != l.Cursors[0] || n.Items[0].End.NodeID() != r.End.NodeID() {
				t.Errorf("%s without the total: %+v, want total -1 and the same page", tc.field, n)
			}
		}
	})
	t.Run("Time", func(t *testing.T) {
		if l := g.related(t, graph.FieldPersonPostings, g.cadre.ID, graph.RelFilter{Current: ptr(true)}); l.TotalCount != 0 {
			t.Errorf("a posting that ended in 2023 is current")
		}
		if l := g.related(t, graph.FieldPersonPostings, g.cadre.ID, graph.RelFilter{Current: ptr(false)}); l.TotalCount != 1 {
			t.Errorf("the ended posting is not listed as past")
		}
		if l := g.related(t, graph.FieldPersonPostings, g.cadre.ID, graph.RelFilter{At: ptr(day("2022-01-01"))}); l.TotalCount != 1 {
			t.Errorf("posting not valid in 2022")
		}
		if l := g.related(t, graph.FieldPersonPostings, g.cadre.ID, graph.RelFilter{At: ptr(day("2020-01-01"))}); l.TotalCount != 0 {
			t.Errorf("posting valid before it began")
		}
	})
	t.Run("End", func(t *testing.T) {
		emp := g.related(t, graph.FieldPersonEmployments, g.manager.ID, graph.RelFilter{}).Items[0]
		before := g.fingerprint()
		_, err := g.db.EndRelationship(g.ctx, emp.ID, day("2018-12-31"))
		wantCode(t, err, graph.CodeInvalidInput, "before")
		_, err = g.db.EndRelationship(g.ctx, g.posting.ID, day("2024-01-01"))
		wantCode(t, err, graph.CodeConflict, "already ended")
		_, err = g.db.EndRelationship(g.ctx, "rel_missing", day("2024-01-01"))
		wantCode(t, err, graph.CodeNotFound)
		if after := g.fingerprint(); after != before {
			t.Errorf("graph changed by failed ends")
		}
		ended, err := g.db.EndRelationship(g.ctx, emp.ID, day("2025-06-30"))
		if err != nil || ended.To == nil || !ended.To.Equal(day("2025-06-30")) {
			t.Fatalf("end = %+v, %v", ended, err)
		}
		if l := g.related(t, graph.FieldCompanyEmployees, g.company.ID, graph.RelFilter{Current: ptr(true)}); l.TotalCount != 0 {
			t.Errorf("ended employment still current")
		}
	})
	t.Run("Remove", func(t *testing.T) {
		inv := g.related(t, graph.FieldProjectInvestors, g.project.ID, graph.RelFilter{}).Items[0]
		if *inv.Amount != 5e8 {
			t.Errorf("amount = %v", inv.Amount)
		}
		if err := g.db.RemoveRelationship(g.ctx, inv.ID); err != nil {
			t.Fatal(err)
		}
		if l := g.related(t, graph.FieldProjectInvestors, g.project.ID, graph.RelFilter{}); l.TotalCount != 0 {
			t.Errorf("removed investment still listed")
		}
		wantCode(t, g.db.RemoveRelationship(g.ctx, inv.ID), graph.CodeNotFound)
		wantCode(t, g.db.RemoveRelationship(g.ctx, "per_notarel"), graph.CodeInvalidInput)
	})
}

func TestAddRelationshipErrors(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	cases := []struct {
		name  string
		add   func() (*graph.Relationship, error)
		code  string
		field string
	}{
		{"ErrUnknownHost", func() (*graph.Relationship, error) {
			return g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.officer.ID, HostUnitID: "unt_missing", DispatchingUnitID: g.ministry.ID, Title: "副县长", From: day("2024-01-01")})
		}, graph.CodeNotFound, "input.hostUnitId"},
		{"ErrUnknownDispatcher", func() (*graph.Relationship, error) {
			return g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.officer.ID, HostUnitID: g.host.ID, DispatchingUnitID: "unt_missing", Title: "副县长", From: day("2024-01-01")})
		}, graph.CodeNotFound, "input.dispatchingUnitId"},
		{"ErrToBeforeFrom", func() (*graph.Relationship, error) {
			return g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.officer.ID, HostUnitID: g.host.ID, DispatchingUnitID: g.ministry.ID, Title: "副县长", From: day("2024-01-01"), To: ptr(day("2023-01-01"))})
		}, graph.CodeInvalidInput, "input.to"},
		{"ErrEmptyTitle", func() (*graph.Relationship, error) {
			return g.db.AddPosting(g.ctx, graph.AddPostingInput{PersonID: g.officer.ID, HostUnitID: g.host.ID, DispatchingUnitID: g.ministry.ID, Title: " ", From: day("2024-01-01")})
		}, graph.CodeInvalidInput, "input.title"},
		{"ErrWrongKind", func() (*graph.Relationship, error) {
			return g.db.AddMembership(g.ctx, graph.AddMembershipInput{PersonID: g.officer.ID, UnitID: g.company.ID})
		}, graph.CodeInvalidInput, "input.unitId"},
		{"ErrSelfAcquaintance", func() (*graph.Relationship, error) {
			return g.db.AddAcquaintance(g.ctx, graph.AddAcquaintanceInput{PersonID: g.officer.ID, OtherID: g.officer.ID})
		}, graph.CodeInvalidInput, "input.otherId"},
		{"ErrDuplicateAcquaintance", func() (*graph.Relationship, error) {
			return g.db.AddAcquaintance(g.ctx, graph.AddAcquaintanceInput{PersonID: g.manager.ID, OtherID: g.cadre.ID})
		}, graph.CodeConflict, "already know"},
		{"ErrFutureSince", func() (*graph.Relationship, error) {
			return g.db.AddAcquaintance(g.ctx, graph.AddAcquaintanceInput{PersonID: g.officer.ID, OtherID: g.cadre.ID, Since: ptr(graph.Today().AddDate(1, 0, 0))})
		}, graph.CodeInvalidInput, "input.since"},
		{"ErrUnknownRole", func() (*graph.Relationship, error) {
			return g.db.AddProjectRole(g.ctx, graph.AddProjectRoleInput{PersonID: g.officer.ID, ProjectID: g.project.ID, Role: "FUNDED"})
		}, graph.CodeInvalidInput, "input.role"},
		{"ErrDuplicateRole", func() (*graph.Relationship, error) {
			return g.db.AddProjectRole(g.ctx, graph.AddProjectRoleInput{PersonID: g.cadre.ID, ProjectID: g.project.ID, Role: graph.RoleSecured})
		}, graph.CodeConflict, "already"},
		{"ErrNegativeAmount", func() (*graph.Relationship, error) {
			return g.db.AddInvestment(g.ctx, graph.AddInvestmentInput{CompanyID: g.company.ID, ProjectID: g.project.ID, Amount: ptr(-1.0)})
		}, graph.CodeInvalidInput, "input.amount"},
		{"ErrRegionLocation", func() (*graph.Relationship, error) {
			return g.db.AddLocation(g.ctx, graph.AddLocationInput{EntityID: g.district.ID, RegionID: g.city.ID})
		}, graph.CodeInvalidInput, "input.entityId"},
		{"ErrUnknownRegion", func() (*graph.Relationship, error) {
			return g.db.AddLocation(g.ctx, graph.AddLocationInput{EntityID: g.officer.ID, RegionID: "reg_missing"})
		}, graph.CodeNotFound, "input.regionId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := g.fingerprint()
			_, err := tc.add()
			wantCode(t, err, tc.code, tc.field)
			if after := g.fingerprint(); after != before {
				t.Errorf("graph changed")
			}
		})
	}
}
