package server_test

import (
	"encoding/base64"
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/internal/neo4jtest"
)

// TestBadInput sends wrong input through GraphQL: each request answers
// with the right extensions.code and changes nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	person := e.person("张三", nil)
	ministry := e.unit("工业和信息化部", "CENTRAL_AGENCY", nil)
	host := e.unit("市发展和改革委员会", "LOCAL_GOVERNMENT", nil)
	code := neo4jtest.CreditCode(t, e.tag)
	company := e.company("保定某科技有限公司", map[string]any{"creditCode": code})
	const addPosting = `mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`
	posting := func(mod map[string]any) map[string]any {
		return map[string]any{"in": with(map[string]any{"personId": person, "hostUnitId": host, "dispatchingUnitId": ministry,
			"title": "副主任", "from": "2021-03-01"}, mod)}
	}
	// bad runs the request in a subtest and checks that nothing changed.
	bad := func(name, code, query string, vars map[string]any, want ...string) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e.unchanged(t, func() { wantError(t, e.url, code, query, vars, want...) })
		})
	}

	bad("ErrNotFound/UpdatePerson", graph.CodeNotFound,
		`mutation { updatePerson(id: "per_doesnotexist", input: {name: "某人"}) { id } }`, nil, "per_doesnotexist")
	bad("ErrNotFound/DeleteUnit", graph.CodeNotFound, `mutation { deleteUnit(id: "unt_doesnotexist") }`, nil, "unt_doesnotexist")
	bad("ErrNotFound/DeleteCompany", graph.CodeNotFound, `mutation { deleteCompany(id: "com_doesnotexist") }`, nil)
	bad("ErrNotFound/UpdateRegion", graph.CodeNotFound, `mutation { updateRegion(id: "reg_doesnotexist", input: {nameEn: "x"}) { id } }`, nil)
	bad("ErrNotFound/UpdateProject", graph.CodeNotFound, `mutation { updateProject(id: "prj_doesnotexist", input: {status: SIGNED}) { id } }`, nil)
	bad("ErrNotFound/AddPostingHostUnit", graph.CodeNotFound, addPosting, posting(map[string]any{"hostUnitId": "unt_doesnotexist"}), "input.hostUnitId")
	bad("ErrNotFound/AddEmploymentCompany", graph.CodeNotFound,
		`mutation($p: ID!) { addEmployment(input: {personId: $p, companyId: "com_doesnotexist"}) { id } }`, map[string]any{"p": person}, "input.companyId")
	bad("ErrNotFound/CreateUnitParent", graph.CodeNotFound,
		`mutation($n: String!) { createUnit(input: {name: $n, kind: OTHER, parentId: "unt_doesnotexist"}) { id } }`,
		map[string]any{"n": "孤儿单位" + e.tag}, "input.parentId")
	bad("ErrNotFound/EndRelationship", graph.CodeNotFound, `mutation { endRelationship(id: "rel_doesnotexist", to: "2024-01-01") { id } }`, nil)
	bad("ErrNotFound/RemoveRelationship", graph.CodeNotFound, `mutation { removeRelationship(id: "rel_doesnotexist") }`, nil)

	bad("ErrInvalidCreditCode/Create", graph.CodeInvalidInput,
		`mutation($in: CreateCompanyInput!) { createCompany(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "坏代码公司" + e.tag, "creditCode": code[:17] + otherCheck(code[17])}}, "input.creditCode")
	bad("ErrInvalidCreditCode/Update", graph.CodeInvalidInput,
		`mutation($id: ID!) { updateCompany(id: $id, input: {creditCode: "12345"}) { id } }`, map[string]any{"id": company}, "input.creditCode")
	bad("ErrConflictCreditCode", graph.CodeConflict,
		`mutation($in: CreateCompanyInput!) { createCompany(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "重复代码公司" + e.tag, "creditCode": code}}, "credit code")

	bad("ErrEmptyName/CreatePerson", graph.CodeInvalidInput, `mutation { createPerson(input: {name: "   "}) { id } }`, nil, "input.name")
	bad("ErrEmptyName/CreateProject", graph.CodeInvalidInput, `mutation { createProject(input: {name: "", kind: FUNDING}) { id } }`, nil, "input.name")
	bad("ErrEmptyName/UpdateUnit", graph.CodeInvalidInput,
		`mutation($id: ID!) { updateUnit(id: $id, input: {name: "", description: "x"}) { id } }`, map[string]any{"id": host}, "input.name")
	bad("ErrEmptyName/PostingTitle", graph.CodeInvalidInput, addPosting, posting(map[string]any{"title": " "}), "input.title")

	bad("ErrToBeforeFrom", graph.CodeInvalidInput, addPosting, posting(map[string]any{"from": "2023-03-01", "to": "2021-03-01"}), "input.to", "before")
	bad("ErrSameUnits", graph.CodeInvalidInput, addPosting, posting(map[string]any{"dispatchingUnitId": host}), "input.dispatchingUnitId")

	bad("ErrPageTooLarge/People", graph.CodeInvalidInput, `{ people(first: 101) { totalCount } }`, nil, "first")
	bad("ErrPageTooLarge/Companies", graph.CodeInvalidInput, `{ companies(first: 1000) { totalCount } }`, nil, "first")
	bad("ErrPageTooLarge/Nested", graph.CodeInvalidInput,
		`query($id: ID!) { node(id: $id) { ... on Person { postings(first: 101) { totalCount } } } }`, map[string]any{"id": person}, "first")
	bad("ErrPageNegative", graph.CodeInvalidInput, `{ units(first: -1) { totalCount } }`, nil, "first")
	bad("ErrSearchFirst", graph.CodeInvalidInput, `{ search(query: "zhangsan", first: 51) { score } }`, nil, "first")
	bad("ErrSearchEmpty", graph.CodeInvalidInput, `{ search(query: "   ") { score } }`, nil, "query")

	bad("ErrMalformedDate/Posting", graph.CodeInvalidInput, addPosting, posting(map[string]any{"from": "2024-13-45"}), "2024-13-45")
	bad("ErrMalformedDate/Variable", graph.CodeInvalidInput,
		`query($d: Date) { people(where: {servingAt: $d}) { totalCount } }`, map[string]any{"d": "2024-13-45"}, "2024-13-45")
	bad("ErrMalformedDate/Literal", graph.CodeInvalidInput,
		`mutation { endRelationship(id: "rel_doesnotexist", to: "2024-13-45") { id } }`, nil)
	bad("ErrMalformedDate/NotAString", graph.CodeInvalidInput,
		`query($d: Date) { people(where: {servingAt: $d}) { totalCount } }`, map[string]any{"d": 20240101})

	bad("ErrInvalidCursor/Garbage", graph.CodeInvalidInput, `{ people(first: 2, after: "not a cursor!") { totalCount } }`, nil, "after")
	bad("ErrInvalidCursor/Negative", graph.CodeInvalidInput, `query($c: String) { regions(after: $c) { totalCount } }`,
		map[string]any{"c": base64.RawURLEncoding.EncodeToString([]byte("o:-5"))}, "after")
	bad("ErrInvalidCursor/Nested", graph.CodeInvalidInput,
		`query($id: ID!) { node(id: $id) { ... on Unit { dispatchedCadres(after: "zz") { totalCount } } } }`, map[string]any{"id": ministry}, "after")

	bad("ErrUnknownEnum/Variable", graph.CodeInvalidInput, `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "未知类型" + e.tag, "kind": "MINISTRY"}}, "MINISTRY")
	bad("ErrUnknownEnum/Literal", graph.CodeInvalidInput, `mutation { createRegion(input: {name: "x", level: GALAXY}) { id } }`, nil, "GALAXY")
	bad("ErrUnknownEnum/Filter", graph.CodeInvalidInput, `query($k: [ProjectKind!]) { projects(where: {kind: $k}) { totalCount } }`,
		map[string]any{"k": []string{"INVESTMENT", "LOTTERY"}}, "LOTTERY")
	bad("ErrUnknownEnum/OrderBy", graph.CodeInvalidInput, `{ people(orderBy: [{field: SALARY}]) { totalCount } }`, nil)

	bad("ErrWrongKind/UpdatePerson", graph.CodeInvalidInput,
		`mutation($id: ID!) { updatePerson(id: $id, input: {bio: "x"}) { id } }`, map[string]any{"id": host}, "unit id")
	bad("ErrWrongKind/DeleteProject", graph.CodeInvalidInput, `mutation($id: ID!) { deleteProject(id: $id) }`, map[string]any{"id": company})
	bad("ErrWrongKind/AddPosting", graph.CodeInvalidInput, addPosting, posting(map[string]any{"personId": ministry}), "input.personId")
	bad("ErrWrongKind/AddMembership", graph.CodeInvalidInput,
		`mutation($p: ID!, $u: ID!) { addMembership(input: {personId: $p, unitId: $u}) { id } }`,
		map[string]any{"p": person, "u": company}, "input.unitId")
	bad("ErrWrongKind/Filter", graph.CodeInvalidInput, `query($id: ID) { people(where: {hostUnitId: $id}) { totalCount } }`,
		map[string]any{"id": person}, "where.hostUnitId")
	bad("ErrWrongKind/EndRelationship", graph.CodeInvalidInput, `mutation($id: ID!) { endRelationship(id: $id, to: "2024-01-01") { id } }`,
		map[string]any{"id": person}, "relationship id")
	bad("ErrInvalidID/Node", graph.CodeInvalidInput, `{ node(id: "'; MATCH (n) DETACH DELETE n //") { id } }`, nil)
	bad("ErrInvalidID/Update", graph.CodeInvalidInput, `mutation { updateUnit(id: "garbage", input: {name: "x"}) { id } }`, nil)
}

func otherCheck(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
