package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// wantGone fails unless node(id) is null.
func (e *env) wantGone(t *testing.T, id string) {
	t.Helper()
	d := e.query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
	if d["node"] != nil {
		t.Errorf("node(%s) = %v after delete, want null", id, d["node"])
	}
}

// wantDeleted deletes id with the mutation field (deletePerson...), which
// must answer the id, and checks that the node is gone.
func (e *env) wantDeleted(t *testing.T, field, id string) {
	t.Helper()
	d := e.query(`mutation($id: ID!) { `+field+`(id: $id) }`, map[string]any{"id": id})
	wantEq(t, field, getStr(d, field), id)
	e.wantGone(t, id)
}

func wantEq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestEntityMutations creates, updates and deletes every entity kind
// through GraphQL and reads the results back.
func TestEntityMutations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	t.Run("Person", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		p := e.create("createPerson", map[string]any{"name": "曾国藩" + e.tag, "nameEn": "Zeng Guofan", "gender": "MALE",
			"birthYear": 1975, "expertise": []string{"产业规划", " 科技金融 "}, "phone": "13800000001", "email": "zeng@example.cn"},
			`id name nameEn pinyin gender birthYear expertise phone email discoverable isCadre createdAt updatedAt`)
		id := getStr(p, "id")
		if !strings.HasPrefix(id, "per_") {
			t.Errorf("id = %q, want a person id", id)
		}
		wantEq(t, "pinyin", getStr(p, "pinyin"), "zengguofan"+e.tag)
		wantEq(t, "gender", getStr(p, "gender"), "MALE")
		wantEq(t, "birthYear", getNum(p, "birthYear"), 1975)
		wantEq(t, "expertise", strings.Join(names(getList(p, "expertise"), ""), ","), "产业规划,科技金融")
		wantEq(t, "discoverable", get(p, "discoverable"), any(true))
		wantEq(t, "isCadre", get(p, "isCadre"), any(false))
		if getStr(p, "createdAt") == "" || getStr(p, "updatedAt") == "" {
			t.Errorf("timestamps missing: %v", p)
		}
		d := e.query(`mutation($id: ID!) { updatePerson(id: $id, input: {bio: "曾任某部委处长", phone: "", discoverable: false}) {
			id name bio phone email discoverable } }`, map[string]any{"id": id})
		up := get(d, "updatePerson")
		wantEq(t, "name", getStr(up, "name"), "曾国藩"+e.tag)
		wantEq(t, "bio", getStr(up, "bio"), "曾任某部委处长")
		wantEq(t, "phone (cleared: null)", get(up, "phone"), any(nil))
		wantEq(t, "email", getStr(up, "email"), "zeng@example.cn")
		wantEq(t, "discoverable", get(up, "discoverable"), any(false))
		d = e.query(`query($id: ID!) { node(id: $id) { __typename id ... on Person { name bio } } }`, map[string]any{"id": id})
		wantEq(t, "node.__typename", getStr(d, "node.__typename"), "Person")
		wantEq(t, "node.bio", getStr(d, "node.bio"), "曾任某部委处长")
		e.wantDeleted(t, "deletePerson", id)
	})
	t.Run("Unit", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		city := e.region("保定市", "CITY", nil)
		head := e.unit("国家开发银行", "FINANCIAL_INSTITUTION", nil)
		u := e.create("createUnit", map[string]any{"name": "国家开发银行河北省分行" + e.tag, "kind": "FINANCIAL_INSTITUTION",
			"shortName": "国开行河北分行", "parentId": head, "regionId": city},
			`id name kind shortName parent { id name } region { id name }`)
		id := getStr(u, "id")
		wantEq(t, "kind", getStr(u, "kind"), "FINANCIAL_INSTITUTION")
		wantEq(t, "parent.id", getStr(u, "parent.id"), head)
		wantEq(t, "region.name", getStr(u, "region.name"), "保定市"+e.tag)
		d := e.query(`query($id: ID!) { node(id: $id) { ... on Unit { subUnits { totalCount edges { node { id shortName } } } } } }`,
			map[string]any{"id": head})
		wantEq(t, "subUnits.totalCount", getNum(d, "node.subUnits.totalCount"), 1)
		wantEq(t, "subUnits[0].shortName", getStr(d, "node.subUnits.edges.0.node.shortName"), "国开行河北分行")
		d = e.query(`mutation($id: ID!) { updateUnit(id: $id, input: {regionId: "", kind: CENTRAL_AGENCY, description: "总行直属"}) {
			kind description region { id } parent { id } } }`, map[string]any{"id": id})
		wantEq(t, "kind", getStr(d, "updateUnit.kind"), "CENTRAL_AGENCY")
		wantEq(t, "description", getStr(d, "updateUnit.description"), "总行直属")
		wantEq(t, "region", get(d, "updateUnit.region"), nil)
		wantEq(t, "parent.id", getStr(d, "updateUnit.parent.id"), head)
		e.wantDeleted(t, "deleteUnit", id)
	})
	t.Run("Region", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		prov := e.region("河北省", "PROVINCE", map[string]any{"code": "130000"})
		r := e.create("createRegion", map[string]any{"name": "保定市" + e.tag, "level": "CITY", "code": "130600", "parentId": prov},
			`id name level code parent { id name level }`)
		id := getStr(r, "id")
		wantEq(t, "level", getStr(r, "level"), "CITY")
		wantEq(t, "code", getStr(r, "code"), "130600")
		wantEq(t, "parent.level", getStr(r, "parent.level"), "PROVINCE")
		d := e.query(`mutation($id: ID!) { updateRegion(id: $id, input: {nameEn: "Baoding"}) { name nameEn code parent { id } } }`,
			map[string]any{"id": id})
		wantEq(t, "nameEn", getStr(d, "updateRegion.nameEn"), "Baoding")
		wantEq(t, "code", getStr(d, "updateRegion.code"), "130600")
		wantEq(t, "parent.id", getStr(d, "updateRegion.parent.id"), prov)
		e.wantDeleted(t, "deleteRegion", id)
		d = e.query(`query($id: ID!) { node(id: $id) { ... on Region { subRegions { totalCount } } } }`, map[string]any{"id": prov})
		wantEq(t, "province subRegions after delete", getNum(d, "node.subRegions.totalCount"), 0)
	})
	t.Run("Company", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		district := e.region("竞秀区", "DISTRICT", nil)
		group := e.company("某新能源集团", nil)
		code := neo4jtest.CreditCode(t, e.tag)
		c := e.create("createCompany", map[string]any{"name": "保定某新能源科技有限公司" + e.tag, "nameEn": "Baoding New Energy",
			"creditCode": strings.ToLower(code), "industry": "新能源", "parentId": group, "regionId": district},
			`id name nameEn creditCode industry parent { name } region { name }`)
		id := getStr(c, "id")
		wantEq(t, "creditCode", getStr(c, "creditCode"), code)
		wantEq(t, "industry", getStr(c, "industry"), "新能源")
		wantEq(t, "parent.name", getStr(c, "parent.name"), "某新能源集团"+e.tag)
		wantEq(t, "region.name", getStr(c, "region.name"), "竞秀区"+e.tag)
		d := e.query(`query($id: ID!) { node(id: $id) { ... on Company { subsidiaries { totalCount edges { node { id } } } } } }`,
			map[string]any{"id": group})
		wantEq(t, "subsidiaries[0]", getStr(d, "node.subsidiaries.edges.0.node.id"), id)
		d = e.query(`mutation($id: ID!) { updateCompany(id: $id, input: {industry: "储能", description: "电池"}) {
			industry description creditCode } }`, map[string]any{"id": id})
		wantEq(t, "industry", getStr(d, "updateCompany.industry"), "储能")
		wantEq(t, "creditCode", getStr(d, "updateCompany.creditCode"), code)
		e.wantDeleted(t, "deleteCompany", id)
	})
	t.Run("Project", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		district := e.region("竞秀区", "DISTRICT", nil)
		p := e.create("createProject", map[string]any{"name": "新能源产业园" + e.tag, "kind": "INVESTMENT", "amount": 3.2e9,
			"startDate": "2024-03-01", "regionId": district},
			`id name kind status amount startDate endDate region { id }`)
		id := getStr(p, "id")
		wantEq(t, "status", getStr(p, "status"), "LEAD")
		wantEq(t, "amount", getNum(p, "amount"), 3.2e9)
		wantEq(t, "startDate", getStr(p, "startDate"), "2024-03-01")
		wantEq(t, "endDate", get(p, "endDate"), nil)
		wantEq(t, "region.id", getStr(p, "region.id"), district)
		d := e.query(`mutation($id: ID!, $end: Date) { updateProject(id: $id, input: {status: SIGNED, endDate: $end}) {
			status startDate endDate } }`, map[string]any{"id": id, "end": "2026-12-31"})
		wantEq(t, "status", getStr(d, "updateProject.status"), "SIGNED")
		wantEq(t, "startDate", getStr(d, "updateProject.startDate"), "2024-03-01")
		wantEq(t, "endDate", getStr(d, "updateProject.endDate"), "2026-12-31")
		e.wantDeleted(t, "deleteProject", id)
	})
}

// TestRelationshipMutations adds every kind of relationship through
// GraphQL, reads them back from both ends, ends and removes them.
func TestRelationshipMutations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	city := e.region("保定市", "CITY", nil)
	district := e.region("竞秀区", "DISTRICT", map[string]any{"parentId": city})
	ministry := e.unit("工业和信息化部", "CENTRAL_AGENCY", nil)
	host := e.unit("市发展和改革委员会", "LOCAL_GOVERNMENT", map[string]any{"regionId": city})
	cadre := e.person("张三", nil)
	manager := e.person("王五", nil)
	company := e.company("保定某科技有限公司", map[string]any{"regionId": district})
	project := e.project("智能制造产业园", "INVESTMENT", map[string]any{"regionId": district, "startDate": "2022-01-01"})
	n := func(s string) string { return s + e.tag }
	add := func(field, input string, in map[string]any, sel string) map[string]any {
		t.Helper()
		d := e.query(`mutation($in: `+input+`!) { `+field+`(input: $in) { id `+sel+` } }`, map[string]any{"in": in})
		obj, _ := d[field].(map[string]any)
		if !strings.HasPrefix(getStr(obj, "id"), "rel_") {
			t.Fatalf("%s: id = %q, want a relationship id", field, getStr(obj, "id"))
		}
		return obj
	}

	past := add("addPosting", "AddPostingInput", map[string]any{"personId": cadre, "hostUnitId": host, "dispatchingUnitId": ministry,
		"title": "副主任", "from": "2021-03-01", "to": "2023-03-01"},
		`title batch from to current person { name } hostUnit { name } dispatchingUnit { name }`)
	wantEq(t, "posting.batch", getNum(past, "batch"), 2021)
	wantEq(t, "posting.from", getStr(past, "from"), "2021-03-01")
	wantEq(t, "posting.to", getStr(past, "to"), "2023-03-01")
	wantEq(t, "posting.current", get(past, "current"), any(false))
	wantEq(t, "posting.person", getStr(past, "person.name"), n("张三"))
	wantEq(t, "posting.hostUnit", getStr(past, "hostUnit.name"), n("市发展和改革委员会"))
	wantEq(t, "posting.dispatchingUnit", getStr(past, "dispatchingUnit.name"), n("工业和信息化部"))
	now := add("addPosting", "AddPostingInput", map[string]any{"personId": cadre, "hostUnitId": host, "dispatchingUnitId": ministry,
		"title": "主任助理", "batch": 2024, "from": "2024-03-01", "note": "第二批"}, `batch to current note`)
	wantEq(t, "current posting.current", get(now, "current"), any(true))
	wantEq(t, "current posting.to", get(now, "to"), nil)
	member := add("addMembership", "AddMembershipInput", map[string]any{"personId": cadre, "unitId": ministry, "title": "处长", "from": "2015-07-01"},
		`title from to current person { name } unit { name }`)
	wantEq(t, "membership.unit", getStr(member, "unit.name"), n("工业和信息化部"))
	wantEq(t, "membership.current", get(member, "current"), any(true))
	job := add("addEmployment", "AddEmploymentInput", map[string]any{"personId": manager, "companyId": company, "title": "总经理", "from": "2019-01-01"},
		`title current person { name } company { name }`)
	wantEq(t, "employment.company", getStr(job, "company.name"), n("保定某科技有限公司"))
	loc := add("addLocation", "AddLocationInput", map[string]any{"entityId": cadre, "regionId": district, "from": "2021-03-01"},
		`current entity { __typename ... on Person { name } } region { name }`)
	wantEq(t, "location.entity", getStr(loc, "entity.__typename")+" "+getStr(loc, "entity.name"), "Person "+n("张三"))
	wantEq(t, "location.region", getStr(loc, "region.name"), n("竞秀区"))
	role := add("addProjectRole", "AddProjectRoleInput", map[string]any{"personId": cadre, "projectId": project, "role": "SECURED",
		"date": "2022-05-01", "note": "争取专项资金"}, `role date note person { name } project { name }`)
	wantEq(t, "projectRole.role", getStr(role, "role"), "SECURED")
	wantEq(t, "projectRole.date", getStr(role, "date"), "2022-05-01")
	intro := add("addProjectRole", "AddProjectRoleInput", map[string]any{"personId": manager, "projectId": project, "role": "INTRODUCED"}, `role`)
	wantEq(t, "projectRole.role", getStr(intro, "role"), "INTRODUCED")
	inv := add("addInvestment", "AddInvestmentInput", map[string]any{"companyId": company, "projectId": project, "amount": 5e8, "date": "2022-06-01"},
		`amount date company { name } project { name }`)
	wantEq(t, "investment.amount", getNum(inv, "amount"), 5e8)
	wantEq(t, "investment.project", getStr(inv, "project.name"), n("智能制造产业园"))
	sup := add("addSupport", "AddSupportInput", map[string]any{"unitId": ministry, "projectId": project, "note": "政策支持"},
		`note unit { name } project { name }`)
	wantEq(t, "support.unit", getStr(sup, "unit.name"), n("工业和信息化部"))
	acq := add("addAcquaintance", "AddAcquaintanceInput", map[string]any{"personId": cadre, "otherId": manager, "since": "2021-06-01", "how": "招商活动"},
		`since to how current person { id name }`)
	wantEq(t, "acquaintance.person", getStr(acq, "person.id"), manager)
	wantEq(t, "acquaintance.since", getStr(acq, "since"), "2021-06-01")
	wantEq(t, "acquaintance.how", getStr(acq, "how"), "招商活动")

	t.Run("Person", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`query($id: ID!) { node(id: $id) { ... on Person { isCadre
			postings { totalCount edges { node { id title hostUnit { name } dispatchingUnit { name } from to current } } }
			current: postings(current: true) { totalCount edges { node { id } } }
			at2022: postings(at: "2022-01-01") { totalCount edges { node { id } } }
			memberships { edges { node { unit { name } title } } }
			projects { edges { node { role project { name } } } }
			acquaintances { edges { node { person { name } since how current } } }
			locations { edges { node { region { name } current } } } } } }`, map[string]any{"id": cadre})
		p := get(d, "node")
		wantEq(t, "isCadre", get(p, "isCadre"), any(true))
		wantEq(t, "postings.totalCount", getNum(p, "postings.totalCount"), 2)
		// Newest first.
		wantEq(t, "postings[0]", getStr(p, "postings.edges.0.node.id"), getStr(now, "id"))
		wantEq(t, "postings[1].hostUnit", getStr(p, "postings.edges.1.node.hostUnit.name"), n("市发展和改革委员会"))
		wantEq(t, "postings[1].dispatchingUnit", getStr(p, "postings.edges.1.node.dispatchingUnit.name"), n("工业和信息化部"))
		wantEq(t, "postings[1].from/to", getStr(p, "postings.edges.1.node.from")+"/"+getStr(p, "postings.edges.1.node.to"), "2021-03-01/2023-03-01")
		wantEq(t, "postings[1].current", get(p, "postings.edges.1.node.current"), any(false))
		wantEq(t, "postings(current: true)", getStr(p, "current.edges.0.node.id")+" "+strings.Repeat("+", int(getNum(p, "current.totalCount"))), getStr(now, "id")+" +")
		wantEq(t, "postings(at: 2022-01-01)", getStr(p, "at2022.edges.0.node.id")+" "+strings.Repeat("+", int(getNum(p, "at2022.totalCount"))), getStr(past, "id")+" +")
		wantEq(t, "memberships[0]", getStr(p, "memberships.edges.0.node.unit.name")+" "+getStr(p, "memberships.edges.0.node.title"), n("工业和信息化部")+" 处长")
		wantEq(t, "projects[0]", getStr(p, "projects.edges.0.node.role")+" "+getStr(p, "projects.edges.0.node.project.name"), "SECURED "+n("智能制造产业园"))
		wantEq(t, "acquaintances[0].person", getStr(p, "acquaintances.edges.0.node.person.name"), n("王五"))
		wantEq(t, "acquaintances[0].how", getStr(p, "acquaintances.edges.0.node.how"), "招商活动")
		wantEq(t, "locations[0]", getStr(p, "locations.edges.0.node.region.name"), n("竞秀区"))
		// The acquaintance seen from the other side names the cadre.
		d = e.query(`query($id: ID!) { node(id: $id) { ... on Person { isCadre acquaintances { totalCount edges { node { person { id } since } } }
			employments { edges { node { company { name } title current } } } } } }`, map[string]any{"id": manager})
		wantEq(t, "manager.isCadre", get(d, "node.isCadre"), any(false))
		wantEq(t, "manager.acquaintances[0].person", getStr(d, "node.acquaintances.edges.0.node.person.id"), cadre)
		wantEq(t, "manager.employments[0]", getStr(d, "node.employments.edges.0.node.company.name")+" "+getStr(d, "node.employments.edges.0.node.title"), n("保定某科技有限公司")+" 总经理")
	})
	t.Run("Unit", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`query($m: ID!, $h: ID!) { m: node(id: $m) { ... on Unit {
			dispatchedCadres { totalCount edges { node { person { name } hostUnit { name } dispatchingUnit { name } title } } }
			members { edges { node { person { name } } } }
			supports { edges { node { project { name } note } } } } }
			h: node(id: $h) { ... on Unit { region { name } hostedCadres(current: true) { totalCount edges { node { title person { name } } } } } } }`,
			map[string]any{"m": ministry, "h": host})
		wantEq(t, "dispatchedCadres.totalCount", getNum(d, "m.dispatchedCadres.totalCount"), 2)
		for _, ed := range getList(d, "m.dispatchedCadres.edges") {
			wantEq(t, "dispatchedCadres.person", getStr(ed, "node.person.name"), n("张三"))
			wantEq(t, "dispatchedCadres.hostUnit", getStr(ed, "node.hostUnit.name"), n("市发展和改革委员会"))
			wantEq(t, "dispatchedCadres.dispatchingUnit", getStr(ed, "node.dispatchingUnit.name"), n("工业和信息化部"))
		}
		wantEq(t, "members[0]", getStr(d, "m.members.edges.0.node.person.name"), n("张三"))
		wantEq(t, "supports[0]", getStr(d, "m.supports.edges.0.node.project.name")+" "+getStr(d, "m.supports.edges.0.node.note"), n("智能制造产业园")+" 政策支持")
		wantEq(t, "host.region", getStr(d, "h.region.name"), n("保定市"))
		wantEq(t, "hostedCadres(current).totalCount", getNum(d, "h.hostedCadres.totalCount"), 1)
		wantEq(t, "hostedCadres(current)[0].title", getStr(d, "h.hostedCadres.edges.0.node.title"), "主任助理")
	})
	t.Run("Region", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`query($c: ID!, $d: ID!) { c: node(id: $c) { ... on Region { subRegions { edges { node { name parent { id } } } }
			units { totalCount edges { node { name } } } } }
			d: node(id: $d) { ... on Region { companies { edges { node { name } } } projects { edges { node { name } } }
			people { edges { node { entity { ... on Person { name } } } } } } } }`, map[string]any{"c": city, "d": district})
		wantEq(t, "subRegions[0]", getStr(d, "c.subRegions.edges.0.node.name"), n("竞秀区"))
		wantEq(t, "subRegions[0].parent", getStr(d, "c.subRegions.edges.0.node.parent.id"), city)
		wantEq(t, "units", strings.Join(names(getList(d, "c.units.edges"), "node.name"), ","), n("市发展和改革委员会"))
		wantEq(t, "companies", strings.Join(names(getList(d, "d.companies.edges"), "node.name"), ","), n("保定某科技有限公司"))
		wantEq(t, "projects", strings.Join(names(getList(d, "d.projects.edges"), "node.name"), ","), n("智能制造产业园"))
		wantEq(t, "people", strings.Join(names(getList(d, "d.people.edges"), "node.entity.name"), ","), n("张三"))
	})
	t.Run("CompanyProject", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`query($c: ID!, $p: ID!) { c: node(id: $c) { ... on Company {
			employees { edges { node { person { name } title } } } investments { edges { node { project { name } amount date } } } } }
			p: node(id: $p) { ... on Project { people { totalCount edges { node { role person { name } } } }
			investors { edges { node { company { name } amount } } } supporters { edges { node { unit { name } } } } } } }`,
			map[string]any{"c": company, "p": project})
		wantEq(t, "employees[0]", getStr(d, "c.employees.edges.0.node.person.name"), n("王五"))
		wantEq(t, "investments[0]", getStr(d, "c.investments.edges.0.node.project.name"), n("智能制造产业园"))
		wantEq(t, "investments[0].amount", getNum(d, "c.investments.edges.0.node.amount"), 5e8)
		wantEq(t, "investments[0].date", getStr(d, "c.investments.edges.0.node.date"), "2022-06-01")
		wantEq(t, "project.people.totalCount", getNum(d, "p.people.totalCount"), 2)
		var roles []string
		for _, ed := range getList(d, "p.people.edges") {
			roles = append(roles, getStr(ed, "node.role")+" "+getStr(ed, "node.person.name"))
		}
		slices.Sort(roles)
		wantEq(t, "project.people", strings.Join(roles, ","), "INTRODUCED "+n("王五")+",SECURED "+n("张三"))
		wantEq(t, "investors[0]", getStr(d, "p.investors.edges.0.node.company.name"), n("保定某科技有限公司"))
		wantEq(t, "supporters[0]", getStr(d, "p.supporters.edges.0.node.unit.name"), n("工业和信息化部"))
	})
	t.Run("Nodes", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
			... on Person { name isCadre } ... on Unit { unitKind: kind } ... on Region { level } ... on Company { name } ... on Project { kind status } } }`,
			map[string]any{"ids": []string{project, cadre, "per_doesnotexist", ministry, city, company}})
		l := getList(d, "nodes")
		if len(l) != 6 {
			t.Fatalf("nodes: %d entries, want 6: %v", len(l), l)
		}
		wantEq(t, "nodes[0]", getStr(l[0], "__typename")+" "+getStr(l[0], "kind")+" "+getStr(l[0], "status"), "Project INVESTMENT LEAD")
		wantEq(t, "nodes[1]", getStr(l[1], "__typename")+" "+getStr(l[1], "name"), "Person "+n("张三"))
		wantEq(t, "nodes[2]", l[2], nil)
		wantEq(t, "nodes[3]", getStr(l[3], "__typename")+" "+getStr(l[3], "unitKind"), "Unit CENTRAL_AGENCY")
		wantEq(t, "nodes[4]", getStr(l[4], "__typename")+" "+getStr(l[4], "level"), "Region CITY")
		wantEq(t, "nodes[5]", getStr(l[5], "__typename")+" "+getStr(l[5], "id"), "Company "+company)
	})
	t.Run("EndRelationship", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`mutation($id: ID!) { endRelationship(id: $id, to: "2020-12-31") { id type from to current title
			start { id } end { id ... on Unit { name } } } }`, map[string]any{"id": getStr(member, "id")})
		r := get(d, "endRelationship")
		wantEq(t, "type", getStr(r, "type"), "MEMBER_OF")
		wantEq(t, "to", getStr(r, "to"), "2020-12-31")
		wantEq(t, "current", get(r, "current"), any(false))
		wantEq(t, "start", getStr(r, "start.id"), cadre)
		wantEq(t, "end", getStr(r, "end.name"), n("工业和信息化部"))
		d = e.query(`mutation($id: ID!) { endRelationship(id: $id, to: "2025-01-31") { type to current dispatchingUnit { id } batch } }`,
			map[string]any{"id": getStr(now, "id")})
		wantEq(t, "posting type", getStr(d, "endRelationship.type"), "POSTED_TO")
		wantEq(t, "posting dispatchingUnit", getStr(d, "endRelationship.dispatchingUnit.id"), ministry)
		wantEq(t, "posting batch", getNum(d, "endRelationship.batch"), 2024)
		d = e.query(`query($id: ID!) { node(id: $id) { ... on Person { isCadre current: postings(current: true) { totalCount }
			memberships(current: true) { totalCount } } } }`, map[string]any{"id": cadre})
		wantEq(t, "current postings after end", getNum(d, "node.current.totalCount"), 0)
		wantEq(t, "current memberships after end", getNum(d, "node.memberships.totalCount"), 0)
		wantEq(t, "former cadre isCadre", get(d, "node.isCadre"), any(true))
		e.unchanged(t, func() {
			wantError(t, e.url, graph.CodeConflict, `mutation($id: ID!) { endRelationship(id: $id, to: "2021-01-01") { id } }`,
				map[string]any{"id": getStr(member, "id")}, "already ended")
			wantError(t, e.url, graph.CodeInvalidInput, `mutation($id: ID!) { endRelationship(id: $id, to: "2021-01-01") { id } }`,
				map[string]any{"id": getStr(acq, "id")}, "before")
		})
	})
	t.Run("RemoveRelationship", func(t *testing.T) {
		e := e.in(t)
		id := getStr(sup, "id")
		d := e.query(`mutation($id: ID!) { removeRelationship(id: $id) }`, map[string]any{"id": id})
		wantEq(t, "removeRelationship", getStr(d, "removeRelationship"), id)
		d = e.query(`query($id: ID!) { node(id: $id) { ... on Project { supporters { totalCount } } } }`, map[string]any{"id": project})
		wantEq(t, "supporters after remove", getNum(d, "node.supporters.totalCount"), 0)
		e.unchanged(t, func() {
			wantError(t, e.url, graph.CodeNotFound, `mutation($id: ID!) { removeRelationship(id: $id) }`, map[string]any{"id": id})
		})
	})
	t.Run("DeleteCascades", func(t *testing.T) {
		e := e.in(t)
		d := e.query(`mutation($id: ID!) { deletePerson(id: $id) }`, map[string]any{"id": manager})
		wantEq(t, "deletePerson", getStr(d, "deletePerson"), manager)
		d = e.query(`query($c: ID!, $p: ID!, $x: ID!) {
			c: node(id: $c) { ... on Company { employees { totalCount } } }
			p: node(id: $p) { ... on Project { people { totalCount edges { node { person { id } } } } } }
			x: node(id: $x) { ... on Person { acquaintances { totalCount } } } }`, map[string]any{"c": company, "p": project, "x": cadre})
		wantEq(t, "employees after delete", getNum(d, "c.employees.totalCount"), 0)
		wantEq(t, "project people after delete", getNum(d, "p.people.totalCount"), 1)
		wantEq(t, "acquaintances after delete", getNum(d, "x.acquaintances.totalCount"), 0)
	})
}
