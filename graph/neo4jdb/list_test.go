package neo4jdb_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/pinyin"
)

func TestFindPeople(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	mine := ptr(g.tag) // every name of the fixture ends with the tag
	names := func(l *graph.List[*graph.Person]) []string {
		var out []string
		for _, p := range l.Items {
			out = append(out, p.Name[:len(p.Name)-len(g.tag)])
		}
		return out
	}
	find := func(w graph.PersonWhere, order ...graph.Order) *graph.List[*graph.Person] {
		t.Helper()
		w.NameContains = mine
		l, err := g.db.FindPeople(g.ctx, w, order, graph.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := find(graph.PersonWhere{}); l.TotalCount != 3 {
		t.Fatalf("all: %v", names(l))
	}
	if l := find(graph.PersonWhere{IsCadre: ptr(true)}); fmt.Sprint(names(l)) != "[张三]" || !l.Items[0].IsCadre {
		t.Errorf("isCadre: %v", names(l))
	}
	if l := find(graph.PersonWhere{IsCadre: ptr(false)}, graph.Order{Field: graph.OrderPinyin, Direction: graph.Desc}); fmt.Sprint(names(l)) != "[赵六 王五]" {
		t.Errorf("not cadres, pinyin desc: %v", names(l))
	}
	if l := find(graph.PersonWhere{DispatchingUnitID: &g.ministry.ID}); fmt.Sprint(names(l)) != "[张三]" {
		t.Errorf("dispatchingUnit: %v", names(l))
	}
	if l := find(graph.PersonWhere{HostUnitID: &g.host.ID, Batch: ptr(2021)}); fmt.Sprint(names(l)) != "[张三]" {
		t.Errorf("hostUnit+batch: %v", names(l))
	}
	if l := find(graph.PersonWhere{ServingAt: ptr(day("2022-06-01"))}); len(l.Items) != 1 {
		t.Errorf("servingAt 2022: %v", names(l))
	}
	if l := find(graph.PersonWhere{ServingAt: ptr(day("2024-06-01"))}); len(l.Items) != 0 {
		t.Errorf("servingAt 2024: %v", names(l))
	}
	if l := find(graph.PersonWhere{RegionID: &g.city.ID}); fmt.Sprint(names(l)) != "[张三]" {
		t.Errorf("region (via district PART_OF city): %v", names(l))
	}
	if l := find(graph.PersonWhere{HasAcquaintances: ptr(true)}); len(l.Items) != 2 {
		t.Errorf("hasAcquaintances: %v", names(l))
	}
	t.Run("Pinyin", func(t *testing.T) {
		for _, q := range []string{"zhangsan", "zs", "张", "ZHANG"} {
			l, err := g.db.FindPeople(g.ctx, graph.PersonWhere{NameContains: &q, IDs: []string{g.cadre.ID, g.manager.ID}}, nil, graph.Page{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Items) != 1 || l.Items[0].ID != g.cadre.ID {
				t.Errorf("nameContains %q: %d hits", q, len(l.Items))
			}
		}
	})
	t.Run("Pages", func(t *testing.T) {
		var seen []string
		page := graph.Page{Limit: 2}
		for i := 0; i < 5; i++ {
			l, err := g.db.FindPeople(g.ctx, graph.PersonWhere{NameContains: mine}, []graph.Order{{Field: graph.OrderName, Direction: graph.Asc}}, page)
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, names(l)...)
			if l.TotalCount != 3 {
				t.Errorf("totalCount = %d on page %d", l.TotalCount, i)
			}
			if !l.HasNext {
				break
			}
			page.After = l.Cursors[len(l.Cursors)-1]
		}
		if len(seen) != 3 {
			t.Errorf("walked %v, want 3 distinct", seen)
		}
	})
	t.Run("ErrPageSize", func(t *testing.T) {
		_, err := g.db.FindPeople(g.ctx, graph.PersonWhere{}, nil, graph.Page{Limit: graph.MaxPageSize + 1})
		wantCode(t, err, graph.CodeInvalidInput, "first")
		_, err = g.db.FindPeople(g.ctx, graph.PersonWhere{}, []graph.Order{{Field: graph.OrderAmount}}, graph.Page{Limit: 1})
		wantCode(t, err, graph.CodeInvalidInput, "orderBy")
		_, err = g.db.FindPeople(g.ctx, graph.PersonWhere{HostUnitID: ptr("reg_x")}, nil, graph.Page{Limit: 1})
		wantCode(t, err, graph.CodeInvalidInput, "where.hostUnitId")
	})
}

func TestFindOthers(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	mine := ptr(g.tag)
	units, err := g.db.FindUnits(g.ctx, graph.UnitWhere{NameContains: mine, Kind: []graph.UnitKind{graph.UnitCentralAgency}, HasDispatched: ptr(true)}, nil, graph.Page{Limit: 5})
	if err != nil || len(units.Items) != 1 || units.Items[0].ID != g.ministry.ID {
		t.Errorf("units: %+v, %v", units, err)
	}
	hosts, err := g.db.FindUnits(g.ctx, graph.UnitWhere{NameContains: mine, HasHosted: ptr(true), RegionID: &g.city.ID}, nil, graph.Page{Limit: 5})
	if err != nil || len(hosts.Items) != 1 || hosts.Items[0].ID != g.host.ID {
		t.Errorf("host units: %+v, %v", hosts, err)
	}
	regions, err := g.db.FindRegions(g.ctx, graph.RegionWhere{NameContains: mine, ParentID: &g.city.ID}, nil, graph.Page{Limit: 5})
	if err != nil || len(regions.Items) != 1 || regions.Items[0].ID != g.district.ID {
		t.Errorf("regions: %+v, %v", regions, err)
	}
	companies, err := g.db.FindCompanies(g.ctx, graph.CompanyWhere{NameContains: mine, HasProjects: ptr(true), RegionID: &g.city.ID}, nil, graph.Page{Limit: 5})
	if err != nil || len(companies.Items) != 1 {
		t.Errorf("companies: %+v, %v", companies, err)
	}
	projects, err := g.db.FindProjects(g.ctx, graph.ProjectWhere{NameContains: mine, SecuredByID: &g.cadre.ID, Kind: []graph.ProjectKind{graph.ProjectInvestment}}, nil, graph.Page{Limit: 5})
	if err != nil || len(projects.Items) != 1 {
		t.Errorf("projects: %+v, %v", projects, err)
	}
	none, err := g.db.FindProjects(g.ctx, graph.ProjectWhere{NameContains: mine, Status: []graph.ProjectStatus{graph.StatusOperating}}, nil, graph.Page{Limit: 5})
	if err != nil || none.TotalCount != 0 {
		t.Errorf("projects by status: %+v, %v", none, err)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// A name unlikely to exist elsewhere in the shared database: 曾 in its
	// surname reading plus two rare characters.
	name := "曾鼐甡"
	p, err := f.db.CreatePerson(f.ctx, graph.CreatePersonInput{Name: name, NameEn: ptr("Zeng Naishen " + f.tag)})
	if err != nil {
		t.Fatal(err)
	}
	f.track(p.ID)
	keys := pinyin.NameKeys(name)
	for _, tc := range []struct{ q, matched string }{
		{name, "name"},
		{"鼐甡", "name"},
		{keys.Full[0], "pinyin"},
		{keys.Initials[0], "initials"},
		{"ZENG NAISHEN " + f.tag, "nameEn"},
	} {
		hits, err := f.db.Search(f.ctx, tc.q, []graph.Kind{graph.KindPerson}, 10)
		if err != nil {
			t.Fatalf("search %q: %v", tc.q, err)
		}
		found := false
		for _, h := range hits {
			if h.Node.NodeID() == p.ID {
				found = true
				if h.Matched != tc.matched && tc.matched != "nameEn" {
					t.Errorf("search %q matched %q, want %q", tc.q, h.Matched, tc.matched)
				}
			}
		}
		if !found {
			t.Errorf("search %q did not find %s (%d hits)", tc.q, name, len(hits))
		}
	}
	hits, err := f.db.Search(f.ctx, name, []graph.Kind{graph.KindUnit}, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Node.NodeID() == p.ID {
			t.Errorf("kinds: a person found among units")
		}
	}
	for _, q := range []string{`"`, `\`, `AND`, `(*)`, `a:b`, "'; MATCH (n) DETACH DELETE n //"} {
		if _, err := f.db.Search(f.ctx, q, nil, 5); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	_, err = f.db.Search(f.ctx, "  ", nil, 5)
	wantCode(t, err, graph.CodeInvalidInput, "query")
	_, err = f.db.Search(f.ctx, "x", nil, 51)
	wantCode(t, err, graph.CodeInvalidInput, "first")
}

// TestShorthandsInsideConditions: the shorthands that cross a relationship
// (regionId, hostUnitId, dispatchingUnitId, batch, securedById) take their
// outward form at a far end of a relationship condition (filters.go,
// outward); they keep what the same shorthand keeps at the top of a list,
// through PART_OF chains and under OR.
func TestShorthandsInsideConditions(t *testing.T) {
	t.Parallel()
	g := newCadreGraph(t)
	mine := ptr(g.tag)
	some := func(w graph.RelWhere) *graph.RelCondition { return &graph.RelCondition{Some: &w} }
	for _, tc := range []struct {
		name string
		w    graph.PersonWhere
		want string
	}{
		// The host unit is located in the city itself, not in its district.
		{"postings.hostUnit.regionId city", graph.PersonWhere{Postings: some(graph.RelWhere{HostUnit: &graph.UnitWhere{RegionID: &g.city.ID}})}, "[张三]"},
		{"postings.hostUnit.regionId district", graph.PersonWhere{Postings: some(graph.RelWhere{HostUnit: &graph.UnitWhere{RegionID: &g.district.ID}})}, "[]"},
		{"postings.hostUnit OR regionIds", graph.PersonWhere{Postings: some(graph.RelWhere{HostUnit: &graph.UnitWhere{
			Or: []*graph.UnitWhere{{RegionID: &g.district.ID}, {RegionID: &g.city.ID}}}})}, "[张三]"},
		{"postings.dispatchingUnit.regionId", graph.PersonWhere{Postings: some(graph.RelWhere{DispatchingUnit: &graph.UnitWhere{RegionID: &g.city.ID}})}, "[]"},
		// The company is in the district, which is PART_OF the city.
		{"employments.company.regionId city", graph.PersonWhere{Employments: some(graph.RelWhere{Company: &graph.CompanyWhere{RegionID: &g.city.ID}})}, "[王五]"},
		{"employments.company.regionId district", graph.PersonWhere{Employments: some(graph.RelWhere{Company: &graph.CompanyWhere{RegionID: &g.district.ID}})}, "[王五]"},
		// 王五 knows 张三, who was posted to the host unit by the ministry
		// in 2021 and lives in the district.
		{"acquaintances.person.hostUnitId", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{HostUnitID: &g.host.ID}})}, "[王五]"},
		{"acquaintances.person.dispatchingUnitId", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{DispatchingUnitID: &g.ministry.ID}})}, "[王五]"},
		{"acquaintances.person.batch", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{Batch: ptr(2021)}})}, "[王五]"},
		{"acquaintances.person.batch other", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{Batch: ptr(2020)}})}, "[]"},
		{"acquaintances.person.regionId city", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{RegionID: &g.city.ID}})}, "[王五]"},
		{"acquaintances.person NOT hostUnitId", graph.PersonWhere{Acquaintances: some(graph.RelWhere{Person: &graph.PersonWhere{Not: &graph.PersonWhere{HostUnitID: &g.host.ID}}})}, "[张三]"},
		{"projects.project.securedById", graph.PersonWhere{Projects: some(graph.RelWhere{Project: &graph.ProjectWhere{SecuredByID: &g.cadre.ID}})}, "[张三]"},
		{"projects.project.securedById other", graph.PersonWhere{Projects: some(graph.RelWhere{Project: &graph.ProjectWhere{SecuredByID: &g.manager.ID}})}, "[]"},
	} {
		tc.w.NameContains = mine
		l, err := g.db.FindPeople(g.ctx, tc.w, nil, graph.Page{Limit: 20})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var names []string
		for _, p := range l.Items {
			names = append(names, p.Name[:len(p.Name)-len(g.tag)])
		}
		if got := fmt.Sprint(names); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestSearchRanksEveryMatch: a query of three characters or more ranks
// every entity whose search text contains it (up to the long cap), so its
// best results are those of the ranking, not of the order in which the
// TEXT index returns matches. With the caps at 1 for short queries and
// 1,000 for long ones, searching the fixture's tag (in every planted name;
// but for its first letter) answers the planted people in the ranking's order: by the length of the
// name, its pinyin, its id. Not parallel: it changes the caps.
func TestSearchRanksEveryMatch(t *testing.T) {
	f := newFixture(t)
	defer neo4jdb.SetSearchCaps(1, 1000)()
	type planted struct{ id, name, pinyin string }
	var people []planted
	for _, surname := range []string{"赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫"} {
		for _, given := range []string{"", "一"} {
			p := f.person(surname + given)
			people = append(people, planted{p.ID, p.Name, p.Pinyin})
		}
	}
	sort.Slice(people, func(i, j int) bool {
		a, b := people[i], people[j]
		if la, lb := utf8.RuneCountInString(a.name), utf8.RuneCountInString(b.name); la != lb {
			return la < lb
		}
		if a.pinyin != b.pinyin {
			return a.pinyin < b.pinyin
		}
		return a.id < b.id
	})
	// The tag without its first letter: the full-text index, which finds
	// whole words, does not answer it, only CONTAINS does.
	q := f.tag[1:]
	hits, err := f.db.Search(f.ctx, q, []graph.Kind{graph.KindPerson}, 5)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, h := range hits {
		got = append(got, h.Node.(*graph.Person).Name)
	}
	for _, p := range people[:5] {
		want = append(want, p.name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("search %q: %v, want %v", q, got, want)
	}
}
