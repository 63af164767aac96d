package server_test

import (
	"testing"
)

// TestOptionalFieldsAnswerNull: an optional field without a value answers
// null, never "", on every kind of entity and relationship, at the top, in
// lists and inside paths; and a value, once set, is answered as it is.
func TestOptionalFieldsAnswerNull(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p1 := e.person("甲", nil)
	p2 := e.person("乙", map[string]any{"nameEn": "Yi", "bio": "简介", "phone": "13800000009", "email": "yi@example.cn", "wechat": "wx-yi"})
	unit := e.unit("单位", "CENTRAL_AGENCY", nil)
	region := e.region("区", "DISTRICT", nil)
	company := e.company("公司", nil)
	project := e.project("项目", "INVESTMENT", nil)
	m := e.query(`mutation($m: AddMembershipInput!, $a: AddAcquaintanceInput!) { m: addMembership(input: $m) { id } a: addAcquaintance(input: $a) { id } }`,
		map[string]any{"m": map[string]any{"personId": p1, "unitId": unit}, "a": map[string]any{"personId": p1, "otherId": p2}})
	e.track(getStr(m, "m.id"))
	e.track(getStr(m, "a.id"))

	d := e.query(`query($p1: ID!, $p2: ID!, $u: ID!, $r: ID!, $c: ID!, $pr: ID!) {
	  p1: node(id: $p1) { ... on Person { nameEn bio phone email wechat
	    memberships { edges { node { title } } } acquaintances { edges { node { how } } } } }
	  p2: node(id: $p2) { ... on Person { nameEn bio phone email wechat } }
	  u: node(id: $u) { ... on Unit { nameEn shortName description } }
	  r: node(id: $r) { ... on Region { nameEn code } }
	  c: node(id: $c) { ... on Company { nameEn creditCode industry description } }
	  pr: node(id: $pr) { ... on Project { nameEn description } }
	  paths(from: $p1, to: $p2, first: 1) { relationships { title how note } }
	}`, map[string]any{"p1": p1, "p2": p2, "u": unit, "r": region, "c": company, "pr": project})

	for _, path := range []string{
		"p1.nameEn", "p1.bio", "p1.phone", "p1.email", "p1.wechat",
		"p1.memberships.edges.0.node.title", "p1.acquaintances.edges.0.node.how",
		"u.nameEn", "u.shortName", "u.description",
		"r.nameEn", "r.code",
		"c.nameEn", "c.creditCode", "c.industry", "c.description",
		"pr.nameEn", "pr.description",
		"paths.0.relationships.0.title", "paths.0.relationships.0.how", "paths.0.relationships.0.note",
	} {
		if !hasNull(d, path) {
			t.Errorf("%s = %#v, want null\n%s", path, get(d, path), dump(d))
		}
	}
	for path, want := range map[string]string{"p2.nameEn": "Yi", "p2.bio": "简介", "p2.phone": "13800000009", "p2.email": "yi@example.cn", "p2.wechat": "wx-yi"} {
		if got := getStr(d, path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
}

// hasNull tells whether the entry at path is there and null (a missing
// entry is not null: it means the field was not answered at all).
func hasNull(v any, path string) bool {
	parent, key := v, path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			parent, key = get(v, path[:i]), path[i+1:]
			break
		}
	}
	m, ok := parent.(map[string]any)
	if !ok {
		return false
	}
	x, has := m[key]
	return has && x == nil
}
