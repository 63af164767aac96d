package neo4jdb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
)

func ptr[T any](v T) *T { return &v }

// fixture is a small graph a test owns: every entity it creates is
// deleted when the test ends.
type fixture struct {
	tb  testing.TB
	db  *neo4jdb.DB
	ctx context.Context
	tag string
	ids []string
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	db := neo4jtest.MustOpen(tb)
	f := &fixture{tb: tb, db: db, ctx: graph.SeeAll(context.Background()), tag: neo4jtest.Tag()}
	neo4jtest.Cleanup(tb, db, &f.ids)
	return f
}

func (f *fixture) track(id string) { f.ids = append(f.ids, id) }

// id makes the id of kind k with the fixture's tag and n, and tracks it.
func (f *fixture) id(k graph.Kind, n string) string {
	f.tb.Helper()
	s, err := graph.MakeID(k, f.tag+"-"+n)
	if err != nil {
		f.tb.Fatal(err)
	}
	f.track(s)
	return s
}

func (f *fixture) person(name string, mods ...func(*graph.CreatePersonInput)) *graph.Person {
	f.tb.Helper()
	in := graph.CreatePersonInput{Name: name + f.tag}
	for _, m := range mods {
		m(&in)
	}
	p, err := f.db.CreatePerson(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("CreatePerson(%q): %v", in.Name, err)
	}
	f.track(p.ID)
	return p
}

func (f *fixture) unit(name string, kind graph.UnitKind, mods ...func(*graph.CreateUnitInput)) *graph.Unit {
	f.tb.Helper()
	in := graph.CreateUnitInput{Name: name + f.tag, Kind: kind}
	for _, m := range mods {
		m(&in)
	}
	u, err := f.db.CreateUnit(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("CreateUnit(%q): %v", in.Name, err)
	}
	f.track(u.ID)
	return u
}

func (f *fixture) region(name string, level graph.RegionLevel, parent string) *graph.Region {
	f.tb.Helper()
	in := graph.CreateRegionInput{Name: name + f.tag, Level: level}
	if parent != "" {
		in.ParentID = &parent
	}
	r, err := f.db.CreateRegion(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("CreateRegion(%q): %v", in.Name, err)
	}
	f.track(r.ID)
	return r
}

func (f *fixture) company(name string, mods ...func(*graph.CreateCompanyInput)) *graph.Company {
	f.tb.Helper()
	in := graph.CreateCompanyInput{Name: name + f.tag}
	for _, m := range mods {
		m(&in)
	}
	c, err := f.db.CreateCompany(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("CreateCompany(%q): %v", in.Name, err)
	}
	f.track(c.ID)
	return c
}

func (f *fixture) project(name string, kind graph.ProjectKind, mods ...func(*graph.CreateProjectInput)) *graph.Project {
	f.tb.Helper()
	in := graph.CreateProjectInput{Name: name + f.tag, Kind: kind}
	for _, m := range mods {
		m(&in)
	}
	p, err := f.db.CreateProject(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("CreateProject(%q): %v", in.Name, err)
	}
	f.track(p.ID)
	return p
}

func (f *fixture) fingerprint(ids ...string) string {
	f.tb.Helper()
	return neo4jtest.Fingerprint(f.tb, f.db, f.tag, append(ids, f.ids...)...)
}

// wantCode fails unless err carries the code and its message mentions
// every part of want.
func wantCode(tb testing.TB, err error, code string, want ...string) {
	tb.Helper()
	if got := graph.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	for _, w := range want {
		if !strings.Contains(graph.ErrorMessage(err), w) {
			tb.Fatalf("error %q does not mention %q", graph.ErrorMessage(err), w)
		}
	}
}

func TestPerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	t.Run("OK", func(t *testing.T) {
		p := f.person("曾国藩", func(in *graph.CreatePersonInput) {
			in.Gender = ptr(graph.GenderMale)
			in.BirthYear = ptr(1975)
			in.Expertise = []string{"产业规划", " 科技金融 "}
			in.Phone = ptr("13800000001")
			in.Email = ptr("zeng@example.cn")
		})
		if !strings.HasPrefix(p.Pinyin, "zengguofan") {
			t.Errorf("pinyin = %q, want the surname reading zeng…", p.Pinyin)
		}
		if p.Gender == nil || *p.Gender != graph.GenderMale || *p.BirthYear != 1975 || !p.Discoverable || p.IsCadre {
			t.Errorf("created person = %+v", p)
		}
		if len(p.Expertise) != 2 || p.Expertise[1] != "科技金融" {
			t.Errorf("expertise = %q, want trimmed fields", p.Expertise)
		}
		got, err := f.db.FindPersonByID(f.ctx, p.ID)
		if err != nil || got.Name != p.Name || got.Phone != "13800000001" {
			t.Fatalf("FindPersonByID = %+v, %v", got, err)
		}
		up, err := f.db.UpdatePerson(f.ctx, p.ID, graph.UpdatePersonInput{Bio: ptr("曾任某部委处长"), Phone: ptr(""), Discoverable: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		if up.Bio != "曾任某部委处长" || up.Phone != "" || up.Discoverable || up.Email != "zeng@example.cn" || up.Name != p.Name {
			t.Errorf("updated person = %+v", up)
		}
		if !up.UpdatedAt.After(p.UpdatedAt) && !up.UpdatedAt.Equal(p.UpdatedAt) || !up.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("times: created %v→%v, updated %v→%v", p.CreatedAt, up.CreatedAt, p.UpdatedAt, up.UpdatedAt)
		}
		if err := f.db.DeletePerson(f.ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.db.FindPersonByID(f.ctx, p.ID)
		wantCode(t, err, graph.CodeNotFound, p.ID)
	})
	t.Run("ErrInvalidName", func(t *testing.T) {
		before := f.fingerprint()
		_, err := f.db.CreatePerson(f.ctx, graph.CreatePersonInput{Name: "   "})
		wantCode(t, err, graph.CodeInvalidInput, "input.name", "empty")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
	t.Run("ErrInvalidFields", func(t *testing.T) {
		for _, tc := range []struct {
			in    graph.CreatePersonInput
			field string
		}{
			{graph.CreatePersonInput{Name: "甲" + f.tag, BirthYear: ptr(1800)}, "input.birthYear"},
			{graph.CreatePersonInput{Name: "乙" + f.tag, Email: ptr("not-an-email")}, "input.email"},
			{graph.CreatePersonInput{Name: "丙" + f.tag, Phone: ptr("call me")}, "input.phone"},
			{graph.CreatePersonInput{Name: strings.Repeat("长", 201)}, "input.name"},
		} {
			before := f.fingerprint()
			_, err := f.db.CreatePerson(f.ctx, tc.in)
			wantCode(t, err, graph.CodeInvalidInput, tc.field)
			if after := f.fingerprint(); after != before {
				t.Errorf("%s: graph changed", tc.field)
			}
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := f.db.UpdatePerson(f.ctx, "per_doesnotexist", graph.UpdatePersonInput{Name: ptr("x")})
		wantCode(t, err, graph.CodeNotFound, "per_doesnotexist")
		wantCode(t, f.db.DeletePerson(f.ctx, "per_doesnotexist"), graph.CodeNotFound)
		_, err = f.db.FindPersonByID(f.ctx, "unt_wrongkind")
		wantCode(t, err, graph.CodeInvalidInput, "unit id")
		_, err = f.db.FindPersonByID(f.ctx, "'; MATCH (n) DETACH DELETE n //")
		wantCode(t, err, graph.CodeInvalidInput)
	})
	t.Run("ErrUpdateEmptyName", func(t *testing.T) {
		p := f.person("李四")
		before := f.fingerprint()
		_, err := f.db.UpdatePerson(f.ctx, p.ID, graph.UpdatePersonInput{Name: ptr(""), Bio: ptr("x")})
		wantCode(t, err, graph.CodeInvalidInput, "input.name")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
}

func TestUnitHierarchy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	prov := f.region("河北省", graph.RegionProvince, "")
	city := f.region("保定市", graph.RegionCity, prov.ID)
	if city.ParentID != prov.ID {
		t.Fatalf("city parent = %q, want %q", city.ParentID, prov.ID)
	}
	head := f.unit("国家开发银行", graph.UnitFinancialInstitution)
	branch := f.unit("国家开发银行河北省分行", graph.UnitFinancialInstitution, func(in *graph.CreateUnitInput) {
		in.ParentID, in.RegionID = &head.ID, &city.ID
	})
	if branch.ParentID != head.ID || branch.RegionID != city.ID {
		t.Fatalf("branch = %+v", branch)
	}
	t.Run("OK", func(t *testing.T) {
		u, err := f.db.UpdateUnit(f.ctx, branch.ID, graph.UpdateUnitInput{RegionID: ptr(prov.ID), ShortName: ptr("国开行河北分行")})
		if err != nil {
			t.Fatal(err)
		}
		if u.RegionID != prov.ID || u.ParentID != head.ID || u.ShortName != "国开行河北分行" {
			t.Errorf("updated = %+v", u)
		}
		u, err = f.db.UpdateUnit(f.ctx, branch.ID, graph.UpdateUnitInput{RegionID: ptr("")})
		if err != nil || u.RegionID != "" {
			t.Errorf("clearing region: %+v, %v", u, err)
		}
	})
	t.Run("ErrCycle", func(t *testing.T) {
		before := f.fingerprint()
		_, err := f.db.UpdateUnit(f.ctx, head.ID, graph.UpdateUnitInput{ParentID: &branch.ID})
		wantCode(t, err, graph.CodeInvalidInput, "input.parentId")
		_, err = f.db.UpdateUnit(f.ctx, head.ID, graph.UpdateUnitInput{ParentID: &head.ID})
		wantCode(t, err, graph.CodeInvalidInput, "input.parentId")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		before := f.fingerprint()
		_, err := f.db.CreateUnit(f.ctx, graph.CreateUnitInput{Name: "孤儿单位" + f.tag, Kind: graph.UnitOther, ParentID: ptr("unt_missing")})
		wantCode(t, err, graph.CodeNotFound, "input.parentId")
		_, err = f.db.UpdateUnit(f.ctx, branch.ID, graph.UpdateUnitInput{Name: ptr("改名" + f.tag), RegionID: ptr("reg_missing")})
		wantCode(t, err, graph.CodeNotFound, "input.regionId")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed by a failed mutation")
		}
	})
	t.Run("ErrInvalidKind", func(t *testing.T) {
		_, err := f.db.CreateUnit(f.ctx, graph.CreateUnitInput{Name: "x" + f.tag, Kind: "MINISTRY"})
		wantCode(t, err, graph.CodeInvalidInput, "input.kind")
	})
}

func TestCompanyCreditCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := neo4jtest.CreditCode(t, f.tag)
	c := f.company("保定某新能源科技有限公司", func(in *graph.CreateCompanyInput) {
		in.CreditCode = ptr(strings.ToLower(code))
		in.Industry = ptr("新能源")
	})
	if c.CreditCode != code {
		t.Errorf("credit code = %q, want normalized %q", c.CreditCode, code)
	}
	t.Run("ErrInvalidCreditCode", func(t *testing.T) {
		bad := code[:17] + string(otherCheck(code[17]))
		before := f.fingerprint()
		_, err := f.db.CreateCompany(f.ctx, graph.CreateCompanyInput{Name: "坏代码公司" + f.tag, CreditCode: &bad})
		wantCode(t, err, graph.CodeInvalidInput, "input.creditCode", "check character")
		_, err = f.db.UpdateCompany(f.ctx, c.ID, graph.UpdateCompanyInput{CreditCode: ptr("12345")})
		wantCode(t, err, graph.CodeInvalidInput, "input.creditCode")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
	t.Run("ErrDuplicateCreditCode", func(t *testing.T) {
		before := f.fingerprint()
		_, err := f.db.CreateCompany(f.ctx, graph.CreateCompanyInput{Name: "重复代码公司" + f.tag, CreditCode: &code})
		wantCode(t, err, graph.CodeConflict, "credit code")
		if after := f.fingerprint(); after != before {
			t.Errorf("graph changed")
		}
	})
}

func otherCheck(c byte) byte {
	if c == '0' {
		return '1'
	}
	return '0'
}

func TestProjectPeriod(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	start, end := day("2024-03-01"), day("2023-01-01")
	before := f.fingerprint()
	_, err := f.db.CreateProject(f.ctx, graph.CreateProjectInput{Name: "倒序项目" + f.tag, Kind: graph.ProjectInvestment, StartDate: &start, EndDate: &end})
	wantCode(t, err, graph.CodeInvalidInput, "input.endDate", "before")
	if after := f.fingerprint(); after != before {
		t.Errorf("graph changed")
	}
	p := f.project("新能源产业园", graph.ProjectInvestment, func(in *graph.CreateProjectInput) {
		in.StartDate, in.Amount = &start, ptr(3.2e9)
	})
	if p.Status != graph.StatusLead || *p.Amount != 3.2e9 || !p.StartDate.Equal(start) {
		t.Errorf("project = %+v", p)
	}
	_, err = f.db.UpdateProject(f.ctx, p.ID, graph.UpdateProjectInput{EndDate: &end})
	wantCode(t, err, graph.CodeInvalidInput, "input.endDate")
	up, err := f.db.UpdateProject(f.ctx, p.ID, graph.UpdateProjectInput{Status: ptr(graph.StatusSigned)})
	if err != nil || up.Status != graph.StatusSigned || !up.StartDate.Equal(start) {
		t.Errorf("update = %+v, %v", up, err)
	}
}
