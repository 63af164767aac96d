package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/liaison/liaison/internal/neo4jtest"
)

// walk pages through a list field of Query with first: size, following
// endCursor, and checks every page: the same totalCount, hasNextPage true
// until the last, hasPreviousPage after the first, cursors that continue.
// It returns the ids in the order seen.
func walk(t *testing.T, e *env, field, whereType string, where map[string]any, size int) []string {
	t.Helper()
	q := fmt.Sprintf(`query($w: %s, $first: Int, $after: String) { %s(where: $w, first: $first, after: $after) {
		totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, whereType, field)
	var ids []string
	seen := map[string]bool{}
	var after any
	total := -1
	for page := 0; ; page++ {
		if page > 50 {
			t.Fatalf("%s: more than 50 pages", field)
		}
		d := e.query(q, map[string]any{"w": where, "first": size, "after": after})
		c := get(d, field)
		n := int(getNum(c, "totalCount"))
		if total >= 0 && n != total {
			t.Errorf("%s page %d: totalCount %d, was %d", field, page, n, total)
		}
		total = n
		edges := getList(c, "edges")
		hasNext := get(c, "pageInfo.hasNextPage") == true
		if len(edges) > size || hasNext && len(edges) != size {
			t.Errorf("%s page %d: %d edges, hasNextPage %v, page size %d", field, page, len(edges), hasNext, size)
		}
		if hasPrev := get(c, "pageInfo.hasPreviousPage") == true; hasPrev != (page > 0) {
			t.Errorf("%s page %d: hasPreviousPage %v", field, page, hasPrev)
		}
		for i, ed := range edges {
			id := getStr(ed, "node.id")
			if seen[id] {
				t.Errorf("%s page %d: %s seen twice", field, page, id)
			}
			seen[id] = true
			ids = append(ids, id)
			if i == 0 && getStr(ed, "cursor") != getStr(c, "pageInfo.startCursor") {
				t.Errorf("%s page %d: startCursor is not the first edge's cursor", field, page)
			}
			if i == len(edges)-1 && getStr(ed, "cursor") != getStr(c, "pageInfo.endCursor") {
				t.Errorf("%s page %d: endCursor is not the last edge's cursor", field, page)
			}
		}
		if !hasNext {
			break
		}
		after = getStr(c, "pageInfo.endCursor")
	}
	if len(ids) != total {
		t.Errorf("%s: walked %d items, totalCount %d", field, len(ids), total)
	}
	return ids
}

// whereCase is a filter of a list and the ids it must answer, in any
// order.
type whereCase struct {
	name  string
	where map[string]any
	want  []string
}

// listWhere runs each case on the list field of Query and checks the ids
// and the totalCount.
func listWhere(t *testing.T, e *env, field, whereType string, cases []whereCase) {
	t.Helper()
	q := fmt.Sprintf(`query($w: %s) { %s(where: $w, first: 100) { totalCount edges { node { id } } } }`, whereType, field)
	for _, tc := range cases {
		d := e.query(q, map[string]any{"w": tc.where})
		got := names(getList(d, field+".edges"), "node.id")
		if !sameSet(got, tc.want) || int(getNum(d, field+".totalCount")) != len(tc.want) {
			t.Errorf("%s: %s(where: %v) = %v (total %v), want %v", tc.name, field, tc.where, got, get(d, field+".totalCount"), tc.want)
		}
	}
}

// listOrder checks the order of the items of the list field whose name
// contains the tag under orderBy (none where order is ""); an empty want
// only checks that the order is accepted.
func listOrder(t *testing.T, e *env, field, order string, want []string) {
	t.Helper()
	arg := ""
	if order != "" {
		arg = ", orderBy: " + order
	}
	d := e.query(`query($t: String) { `+field+`(where: {nameContains: $t}`+arg+`) { edges { node { id } } } }`, map[string]any{"t": e.tag})
	if got := names(getList(d, field+".edges"), "node.id"); len(want) > 0 && strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s orderBy %s = %v, want %v", field, order, got, want)
	}
}

// listPages walks the items of the list field whose name contains the
// tag in pages of size and checks that they are want, in any order.
func listPages(t *testing.T, e *env, field, whereType string, size int, want []string) {
	t.Helper()
	if got := walk(t, e, field, whereType, map[string]any{"nameContains": e.tag}, size); !sameSet(got, want) {
		t.Errorf("%s in pages of %d: %v, want %v", field, size, got, want)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

// TestLists filters, sorts and pages the five top-level lists.
func TestLists(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tag := e.tag
	n := func(s string) string { return s + tag }
	// People, in pinyin order: lisi, qianqi, wangwu, zhangsan, zhaoliu.
	zhang := e.person("张三", map[string]any{"gender": "MALE", "birthYear": 1975, "nameEn": "Zhang San"})
	li := e.person("李四", map[string]any{"gender": "FEMALE", "birthYear": 1982, "nameEn": "Lisa " + tag, "expertise": []string{"科技金融"}})
	wang := e.person("王五", map[string]any{"gender": "MALE", "birthYear": 1990})
	zhao := e.person("赵六", map[string]any{"gender": "FEMALE", "birthYear": 1968, "discoverable": false})
	qian := e.person("钱七", map[string]any{"birthYear": 1979, "expertise": []string{"科技金融", "产业规划"}})
	allPeople := []string{li, qian, wang, zhang, zhao}

	prov := e.region("河北省", "PROVINCE", map[string]any{"code": "130000"})
	city := e.region("保定市", "CITY", map[string]any{"code": "130600", "parentId": prov})
	district := e.region("竞秀区", "DISTRICT", map[string]any{"code": "130602", "parentId": city})

	ndrc := e.unit("市发展和改革委员会", "LOCAL_GOVERNMENT", map[string]any{"regionId": city})
	miit := e.unit("工业和信息化部", "CENTRAL_AGENCY", nil)
	boc := e.unit("中国银行", "FINANCIAL_INSTITUTION", map[string]any{"parentId": miit, "regionId": district})

	c1 := e.company("保定新能源科技有限公司", map[string]any{"industry": "新能源", "regionId": district, "creditCode": neo4jtest.CreditCode(t, tag)})
	c2 := e.company("长城汽车配件有限公司", map[string]any{"industry": "汽车", "regionId": city})
	c3 := e.company("保定云计算有限公司", map[string]any{"industry": "新能源", "parentId": c1})

	p1 := e.project("光伏产业园", "INVESTMENT", map[string]any{"amount": 3e9, "startDate": "2022-05-01", "status": "SIGNED", "regionId": district})
	p2 := e.project("科技成果转化基金", "FUNDING", map[string]any{"amount": 5e7, "startDate": "2023-01-01"})
	p3 := e.project("人才引进计划", "TALENT", map[string]any{"startDate": "2024-07-01", "regionId": city})

	t.Run("People", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		listWhere(t, e, "people", "PersonWhere", []whereCase{
			{"Tag", map[string]any{"nameContains": tag}, allPeople},
			{"Chinese", map[string]any{"nameContains": "三" + tag}, []string{zhang}},
			{"ChineseWhole", map[string]any{"nameContains": n("张三")}, []string{zhang}},
			{"PinyinFull", map[string]any{"nameContains": "zhangsan" + tag}, []string{zhang}},
			{"PinyinFullUpper", map[string]any{"nameContains": "ZhangSan" + strings.ToUpper(tag)}, []string{zhang}},
			{"PinyinInitials", map[string]any{"nameContains": "zs" + tag}, []string{zhang}},
			{"PinyinInitialsOther", map[string]any{"nameContains": "qq" + tag}, []string{qian}},
			{"NameEnCaseInsensitive", map[string]any{"nameContains": "LISA " + strings.ToUpper(tag)}, []string{li}},
			{"Name", map[string]any{"name": n("王五")}, []string{wang}},
			{"Gender", map[string]any{"nameContains": tag, "gender": "FEMALE"}, []string{li, zhao}},
			{"BirthYear", map[string]any{"nameContains": tag, "birthYear": map[string]any{"min": 1975, "max": 1982}}, []string{li, qian, zhang}},
			{"Expertise", map[string]any{"nameContains": tag, "expertise": "科技金融"}, []string{li, qian}},
			{"Discoverable", map[string]any{"nameContains": tag, "discoverable": false}, []string{zhao}},
			{"IDs", map[string]any{"nameContains": tag, "ids": []string{wang, zhao, "per_doesnotexist"}}, []string{wang, zhao}},
			{"None", map[string]any{"nameContains": tag, "isCadre": true}, nil},
		})
		for _, tc := range []struct {
			order string
			want  []string
		}{
			{"", allPeople}, // pinyin by default
			{`[{field: PINYIN, direction: DESC}]`, []string{zhao, zhang, wang, qian, li}},
			{`[{field: BIRTH_YEAR}]`, []string{zhao, zhang, qian, li, wang}},
			{`[{field: BIRTH_YEAR, direction: DESC}]`, []string{wang, li, qian, zhang, zhao}},
			{`[{field: NAME}]`, []string{zhang, li, wang, zhao, qian}}, // by code point: 张 李 王 赵 钱
			{`[{field: CREATED_AT}]`, allPeople[:0]},                   // only checked to be accepted
		} {
			listOrder(t, e, "people", tc.order, tc.want)
		}
		got := walk(t, e, "people", "PersonWhere", map[string]any{"nameContains": tag}, 2)
		if strings.Join(got, ",") != strings.Join(allPeople, ",") {
			t.Errorf("pages of 2: %v, want %v", got, allPeople)
		}
	})
	// The other four lists: filters, orders (an order and the ids in it)
	// and pages of each size of pages.
	type order struct {
		orderBy string
		want    []string
	}
	for _, l := range []struct {
		name, field, whereType string
		where                  []whereCase
		orders                 []order
		pages                  []int
		all                    []string
	}{
		{name: "Units", field: "units", whereType: "UnitWhere", where: []whereCase{
			{"Tag", map[string]any{"nameContains": tag}, []string{ndrc, miit, boc}},
			{"Chinese", map[string]any{"nameContains": "改革委员会" + tag}, []string{ndrc}},
			{"Pinyin", map[string]any{"nameContains": "zhongguoyinhang" + tag}, []string{boc}},
			{"Initials", map[string]any{"nameContains": "gyhxxhb" + tag}, []string{miit}},
			{"Kind", map[string]any{"nameContains": tag, "kind": []string{"CENTRAL_AGENCY", "FINANCIAL_INSTITUTION"}}, []string{miit, boc}},
			{"Parent", map[string]any{"nameContains": tag, "parentId": miit}, []string{boc}},
			{"RegionWithin", map[string]any{"nameContains": tag, "regionId": city}, []string{ndrc, boc}},
			{"RegionExact", map[string]any{"nameContains": tag, "regionId": district}, []string{boc}},
		}, orders: []order{
			{`[{field: PINYIN, direction: DESC}]`, []string{boc, ndrc, miit}}, // shi fa zhan…, zhong guo…, gong ye…
		}, pages: []int{2}, all: []string{ndrc, miit, boc}},
		{name: "Regions", field: "regions", whereType: "RegionWhere", where: []whereCase{
			{"Tag", map[string]any{"nameContains": tag}, []string{prov, city, district}},
			{"Pinyin", map[string]any{"nameContains": "baodingshi" + tag}, []string{city}},
			{"Level", map[string]any{"nameContains": tag, "level": []string{"CITY", "DISTRICT"}}, []string{city, district}},
			{"Parent", map[string]any{"nameContains": tag, "parentId": city}, []string{district}},
			{"Code", map[string]any{"nameContains": tag, "code": "130600"}, []string{city}},
		}, orders: []order{
			{`[{field: CODE, direction: DESC}]`, []string{district, city, prov}},
		}, pages: []int{2}, all: []string{prov, city, district}},
		{name: "Companies", field: "companies", whereType: "CompanyWhere", where: []whereCase{
			{"Tag", map[string]any{"nameContains": tag}, []string{c1, c2, c3}},
			{"Chinese", map[string]any{"nameContains": "云计算有限公司" + tag}, []string{c3}},
			{"Industry", map[string]any{"nameContains": tag, "industry": "新能源"}, []string{c1, c3}},
			{"Region", map[string]any{"nameContains": tag, "regionId": city}, []string{c1, c2}},
			{"Parent", map[string]any{"nameContains": tag, "parentId": c1}, []string{c3}},
			{"CreditCode", map[string]any{"creditCode": strings.ToLower(neo4jtest.CreditCode(t, tag))}, []string{c1}},
		}, pages: []int{2, 1}, all: []string{c1, c2, c3}},
		{name: "Projects", field: "projects", whereType: "ProjectWhere", where: []whereCase{
			{"Tag", map[string]any{"nameContains": tag}, []string{p1, p2, p3}},
			{"Initials", map[string]any{"nameContains": "gfcyy" + tag}, []string{p1}},
			{"Kind", map[string]any{"nameContains": tag, "kind": []string{"FUNDING", "TALENT"}}, []string{p2, p3}},
			{"Status", map[string]any{"nameContains": tag, "status": []string{"LEAD"}}, []string{p2, p3}},
			{"Amount", map[string]any{"nameContains": tag, "amount": map[string]any{"min": 1e8}}, []string{p1}},
			{"StartDate", map[string]any{"nameContains": tag, "startDate": map[string]any{"from": "2023-01-01", "to": "2024-12-31"}}, []string{p2, p3}},
			{"Region", map[string]any{"nameContains": tag, "regionId": city}, []string{p1, p3}},
		}, orders: []order{
			{`[{field: AMOUNT}, {field: NAME}]`, []string{p2, p1, p3}}, // a missing amount sorts last
			{`[{field: START_DATE, direction: DESC}]`, []string{p3, p2, p1}},
		}, pages: []int{2}, all: []string{p1, p2, p3}},
	} {
		t.Run(l.name, func(t *testing.T) {
			t.Parallel()
			e := e.in(t)
			listWhere(t, e, l.field, l.whereType, l.where)
			for _, o := range l.orders {
				listOrder(t, e, l.field, o.orderBy, o.want)
			}
			for _, size := range l.pages {
				listPages(t, e, l.field, l.whereType, size, l.all)
			}
		})
	}
	t.Run("EmptyPage", func(t *testing.T) {
		t.Parallel()
		e := e.in(t)
		d := e.query(`query($t: String) { people(where: {nameContains: $t}, first: 0) { totalCount edges { cursor }
			pageInfo { hasNextPage endCursor } } }`, map[string]any{"t": tag})
		if getNum(d, "people.totalCount") != 5 || len(getList(d, "people.edges")) != 0 || get(d, "people.pageInfo.hasNextPage") != true ||
			get(d, "people.pageInfo.endCursor") != nil {
			t.Errorf("first: 0 = %v", d)
		}
		// Past the end: no edges, no next page.
		last := walk(t, e, "people", "PersonWhere", map[string]any{"nameContains": tag}, 5)
		if len(last) != 5 {
			t.Fatalf("one page of 5: %v", last)
		}
	})
}
