package server_test

import (
	"slices"
	"testing"

	"github.com/liaison/liaison/graph"
)

// TestNestedWhere: the relationship lists inside an entity take the
// filter grammar of relationship conditions, for the page, the total and
// the aggregate; two selections of one list with different filters get
// their own answers; a filter too deep is refused by name.
func TestNestedWhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	host := e.unit("嵌套接收单位", "LOCAL_GOVERNMENT", nil)
	other := e.unit("嵌套另一单位", "LOCAL_GOVERNMENT", nil)
	disp1 := e.unit("嵌套派出一", "CENTRAL_AGENCY", nil)
	disp2 := e.unit("嵌套派出二", "STATE_OWNED_ENTERPRISE", nil)
	p := e.person("嵌套甲", map[string]any{"birthYear": 1975})
	q := e.person("嵌套乙", map[string]any{"birthYear": 1985})
	r := e.person("嵌套丙", map[string]any{"birthYear": 1965})
	post := func(person, host, disp, title string, batch int, from string, to any) {
		e.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"personId": person, "hostUnitId": host, "dispatchingUnitId": disp, "title": title, "batch": batch, "from": from, "to": to}})
	}
	post(p, host, disp1, "副区长", 2020, "2020-03-01", "2022-03-01")
	post(p, other, disp2, "副局长", 2023, "2023-03-01", nil)
	post(q, host, disp2, "副主任", 2023, "2023-04-01", nil)
	for _, o := range []string{q, r} {
		e.query(`mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": p, "otherId": o}})
	}

	d := e.query(`query($p: ID!, $host: ID!, $disp2name: String) { node(id: $p) { ... on Person {
		a: postings(where: {batch: {gte: 2023}}) { totalCount aggregate { count } edges { node { title } } }
		b: postings(where: {OR: [{title: {contains: "区"}}, {dispatchingUnit: {name: $disp2name}}]}) { totalCount }
		c: postings(where: {NOT: {hostUnit: {ids: [$host]}}}) { totalCount edges { node { title } } }
		d: postings { totalCount }
		e: postings(where: {current: true, hostUnit: {ids: [$host]}}) { totalCount }
		k: acquaintances(where: {person: {birthYearIs: {gt: 1980}}}) { totalCount edges { node { person { id } } } }
		l: acquaintances(where: {person: {postings: {some: {batch: {eq: 2023}}}}}) { totalCount } } } }`,
		map[string]any{"p": p, "host": host, "disp2name": "嵌套派出二" + e.tag})
	for path, want := range map[string]float64{
		"node.a.totalCount": 1, "node.a.aggregate.count": 1, "node.b.totalCount": 2, "node.c.totalCount": 1,
		"node.d.totalCount": 2, "node.e.totalCount": 0, "node.k.totalCount": 1, "node.l.totalCount": 1,
	} {
		if got := getNum(d, path); got != want {
			t.Errorf("%s = %v, want %v: %s", path, got, want, dump(d))
		}
	}
	if got := names(getList(d, "node.a.edges"), "node.title"); len(got) != 1 || got[0] != "副局长" {
		t.Errorf("postings from batch 2023: %v", got)
	}
	if got := names(getList(d, "node.k.edges"), "node.person.id"); len(got) != 1 || got[0] != q {
		t.Errorf("acquaintances born after 1980: %v, want [%s]", got, q)
	}

	// Inside a list (the level the prefetch would load) and from the
	// dispatching unit, whose host unit is the far end of a condition.
	d = e.query(`query($ids: [ID!], $disp2: ID!, $host: ID!) {
		people(where: {ids: $ids}) { edges { node { id postings(where: {current: true}) { totalCount } } } }
		u: node(id: $disp2) { ... on Unit { dispatchedCadres(where: {hostUnit: {ids: [$host]}}) { totalCount edges { node { person { id } } } } } }
		h: node(id: $host) { ... on Unit { hostedCadres(where: {person: {birthYearIs: {lt: 1980}}}) { totalCount } } } }`,
		map[string]any{"ids": []string{p, q, r}, "disp2": disp2, "host": host})
	current := map[string]float64{}
	for _, edge := range getList(d, "people.edges") {
		current[getStr(edge, "node.id")] = getNum(edge, "node.postings.totalCount")
	}
	if current[p] != 1 || current[q] != 1 || current[r] != 0 {
		t.Errorf("current postings per person: %v", current)
	}
	if got := names(getList(d, "u.dispatchedCadres.edges"), "node.person.id"); getNum(d, "u.dispatchedCadres.totalCount") != 1 || len(got) != 1 || got[0] != q {
		t.Errorf("cadres of the second unit posted to the host: %s", dump(d["u"]))
	}
	if got := getNum(d, "h.hostedCadres.totalCount"); got != 1 {
		t.Errorf("cadres born before 1980 posted to the host: %v, want 1", got)
	}

	deep := `{AND: [{AND: [{AND: [{AND: [{AND: [{AND: [{batch: {eq: 1}}]}]}]}]}]}]}`
	wantError(t, e.url, "INVALID_INPUT", `query($p: ID!) { node(id: $p) { ... on Person { postings(where: `+deep+`) { totalCount } } } }`,
		map[string]any{"p": p}, "where")
}

// TestNestedKeyset: the relationship lists inside an entity page by keyset
// cursors. Paging a unit's members two at a time sees each member exactly
// once, in the order of the whole list, while members are added and removed
// before and after the position of the cursor; an offset cursor of earlier
// versions is refused by name.
func TestNestedKeyset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	unit := e.unit("游标单位", "LOCAL_GOVERNMENT", nil)
	join := func(name, from string) (person, rel string) {
		person = e.person(name, nil)
		in := map[string]any{"personId": person, "unitId": unit}
		if from != "" {
			in["from"] = from
		}
		d := e.query(`mutation($in: AddMembershipInput!) { addMembership(input: $in) { id } }`, map[string]any{"in": in})
		return person, getStr(d, "addMembership.id")
	}
	// Two without a date (first, newest-first order), two on one day (the
	// id breaks the tie), the others apart.
	froms := []string{"", "", "2021-05-01", "2021-05-01", "2019-01-01", "2023-07-01", "2015-03-01"}
	var stay []string
	for i, from := range froms {
		p, _ := join("游标成员"+string(rune('甲'+i)), from)
		stay = append(stay, p)
	}
	const page = `query($u: ID!, $first: Int, $after: String) { node(id: $u) { ... on Unit {
		members(first: $first, after: $after) { totalCount edges { cursor node { person { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`
	whole := names(getList(e.query(page, map[string]any{"u": unit, "first": 100}), "node.members.edges"), "node.person.id")
	if len(whole) != len(froms) {
		t.Fatalf("members: %d, want %d", len(whole), len(froms))
	}
	var seen []string
	var after any
	var gone string
	for round := 0; ; round++ {
		d := e.query(page, map[string]any{"u": unit, "first": 2, "after": after})
		for _, id := range names(getList(d, "node.members.edges"), "node.person.id") {
			if slices.Contains(stay, id) {
				seen = append(seen, id)
			}
		}
		if got := get(d, "node.members.pageInfo.hasPreviousPage"); got != (after != nil) {
			t.Errorf("round %d: hasPreviousPage %v", round, got)
		}
		if get(d, "node.members.pageInfo.hasNextPage") != true {
			break
		}
		after = getStr(d, "node.members.pageInfo.endCursor")
		// Meanwhile: one joins at the newest end (before the cursor) and
		// one at the oldest (after it); the one who joined last round leaves.
		if gone != "" {
			e.query(`mutation($id: ID!) { removeRelationship(id: $id) }`, map[string]any{"id": gone})
		}
		join("游标新人"+string(rune('子'+round)), "")
		_, gone = join("游标旧人"+string(rune('子'+round)), "1990-01-01")
	}
	if !slices.Equal(seen, whole) {
		t.Errorf("paged by two: %v\nwhole list:  %v", seen, whole)
	}

	offset := graph.EncodeCursor(3)
	wantError(t, e.url, "INVALID_INPUT", page, map[string]any{"u": unit, "first": 2, "after": offset}, "after")
}

// TestNestedNodeWhere: the lists of nodes inside an entity (sub-units,
// subsidiaries, a region's sub-regions, units, companies and projects)
// take the filter of their nodes' kind.
func TestNestedNodeWhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	region := e.region("节点筛选市", "CITY", nil)
	e.region("节点筛选甲区", "DISTRICT", map[string]any{"parentId": region})
	e.region("节点筛选乙区", "DISTRICT", map[string]any{"parentId": region})
	parent := e.unit("节点筛选上级", "LOCAL_GOVERNMENT", map[string]any{"regionId": region})
	e.unit("节点筛选甲科", "LOCAL_GOVERNMENT", map[string]any{"parentId": parent, "regionId": region})
	e.unit("节点筛选乙科", "STATE_OWNED_ENTERPRISE", map[string]any{"parentId": parent})
	group := e.company("节点筛选集团", map[string]any{"regionId": region, "industry": "汽车"})
	e.company("节点筛选新能源", map[string]any{"parentId": group, "regionId": region, "industry": "新能源"})
	e.company("节点筛选配件", map[string]any{"parentId": group, "industry": "汽车"})
	e.project("节点筛选园区", "INVESTMENT", map[string]any{"regionId": region, "amount": 5e8})
	e.project("节点筛选基金", "FUNDING", map[string]any{"regionId": region, "amount": 1e6})

	d := e.query(`query($u: ID!, $c: ID!, $r: ID!) {
		u: node(id: $u) { ... on Unit { all: subUnits { totalCount } some: subUnits(where: {kindIs: {eq: LOCAL_GOVERNMENT}}) { totalCount edges { node { name } } } } }
		c: node(id: $c) { ... on Company { subsidiaries(where: {NOT: {industry: "汽车"}}) { totalCount edges { node { name } } } } }
		r: node(id: $r) { ... on Region {
			subRegions(where: {nameIs: {contains: "乙"}}) { totalCount }
			units(where: {OR: [{kindIs: {eq: STATE_OWNED_ENTERPRISE}}, {nameIs: {startsWith: "节点筛选甲"}}]}) { totalCount edges { node { name } } }
			companies(where: {industry: "新能源"}) { totalCount }
			projects(where: {amountIs: {gte: 1e8}}) { totalCount edges { node { name } } } } } }`,
		map[string]any{"u": parent, "c": group, "r": region})
	for path, want := range map[string]float64{
		"u.all.totalCount": 2, "u.some.totalCount": 1, "c.subsidiaries.totalCount": 1, "r.subRegions.totalCount": 1,
		"r.units.totalCount": 1, "r.companies.totalCount": 1, "r.projects.totalCount": 1,
	} {
		if got := getNum(d, path); got != want {
			t.Errorf("%s = %v, want %v: %s", path, got, want, dump(d))
		}
	}
	for path, want := range map[string]string{
		"u.some.edges": "节点筛选甲科", "c.subsidiaries.edges": "节点筛选新能源", "r.units.edges": "节点筛选甲科", "r.projects.edges": "节点筛选园区",
	} {
		if got := names(getList(d, path), "node.name"); len(got) != 1 || got[0] != want+e.tag {
			t.Errorf("%s: %v, want [%s]", path, got, want+e.tag)
		}
	}
}
