package server_test

import (
	"strings"
	"testing"
	"time"
)

// TestLiaisonAPI drives the paths, introducers, ties, interactions,
// cohort, reconnect, neighbourhood, duplicates and merge fields through
// GraphQL on one small graph.
func TestLiaisonAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ministry := e.unit("工信部", "CENTRAL_AGENCY", nil)
	host := e.unit("市工信局", "LOCAL_GOVERNMENT", nil)
	co := e.company("某智能装备公司", nil)
	zhang := e.person("张三", nil)
	li := e.person("李四", nil)
	boss := e.person("王总", nil)
	for _, p := range []string{zhang, li} {
		e.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"personId": p, "hostUnitId": host, "dispatchingUnitId": ministry, "title": "副局长", "from": "2021-03-01", "to": "2023-03-01"}})
	}
	e.query(`mutation($in: AddEmploymentInput!) { addEmployment(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"personId": boss, "companyId": co, "title": "总经理", "from": "2020-01-01"}})
	e.query(`mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"personId": li, "otherId": boss, "since": "2022-05-01", "how": "招商活动"}})
	at := time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339)
	d := e.query(`mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id kind at participants { id } } }`, map[string]any{"in": map[string]any{
		"participantIds": []string{li, boss}, "at": at, "kind": "MEETING", "summary": "对接项目"}})
	if n := len(getList(d, "logInteraction.participants")); n != 2 {
		t.Fatalf("logInteraction participants: %v", d)
	}

	t.Run("Paths", func(t *testing.T) {
		d := e.in(t).query(`query($a: ID!, $b: ID!) { paths(from: $a, to: $b, first: 3) { length strength explanation explanationEn
			nodes { id } relationships { type direction strength from to } } }`, map[string]any{"a": zhang, "b": co})
		ps := getList(d, "paths")
		if len(ps) == 0 {
			t.Fatalf("no path from 张三 to the company")
		}
		first := ps[0]
		if getNum(first, "length") != 4 || !strings.Contains(getStr(first, "explanation"), "共事") {
			t.Errorf("first path: %s", dump(first))
		}
		if len(getList(first, "nodes")) != 5 || len(getList(first, "relationships")) != 4 {
			t.Errorf("path shape: %s", dump(first))
		}
		wantError(t, e.url, "INVALID_INPUT", `query($a: ID!) { paths(from: $a, to: $a) { length } }`, map[string]any{"a": zhang}, "to")
		wantError(t, e.url, "INVALID_INPUT", `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 9) { length } }`, map[string]any{"a": zhang, "b": co}, "maxHops")
	})
	t.Run("Introducers", func(t *testing.T) {
		d := e.in(t).query(`query($t: ID!, $f: ID!) { introducers(target: $t, from: $f) { strength person { id } currentPost { type title } path { length } } }`,
			map[string]any{"t": co, "f": zhang})
		ins := getList(d, "introducers")
		if len(ins) == 0 || getStr(ins[0], "person.id") != li {
			t.Errorf("introducers from 张三 to the company: %s", dump(ins))
		}
	})
	t.Run("TiesAndInteractions", func(t *testing.T) {
		d := e.in(t).query(`query($id: ID!) { node(id: $id) { ... on Person { reconnectAfterDays
			ties { totalCount edges { node { person { id } strength acquaintance interactions coService interactionCount lastContact } } }
			interactions { totalCount edges { node { kind summary participants { id } } } } } } }`, map[string]any{"id": li})
		if getNum(d, "node.reconnectAfterDays") != 180 {
			t.Errorf("default reconnect threshold: %v", get(d, "node.reconnectAfterDays"))
		}
		if getNum(d, "node.ties.totalCount") != 2 || getNum(d, "node.interactions.totalCount") != 1 {
			t.Errorf("ties and interactions of 李四: %s", dump(d))
		}
		top := getList(d, "node.ties.edges")[0]
		if getStr(top, "node.person.id") != boss || getNum(top, "node.interactions") <= 0 {
			t.Errorf("strongest tie of 李四: %s", dump(top))
		}
	})
	t.Run("Cohort", func(t *testing.T) {
		d := e.in(t).query(`query($id: ID!) { cohort(person: $id) { totalCount edges { node { person { id } sameHostUnit overlapFrom overlapTo overlapDays hostUnit { id } } } } }`,
			map[string]any{"id": zhang})
		if getNum(d, "cohort.totalCount") != 1 || getStr(getList(d, "cohort.edges")[0], "node.person.id") != li {
			t.Errorf("cohort of 张三: %s", dump(d))
		}
	})
	t.Run("Reconnect", func(t *testing.T) {
		d := e.in(t).query(`query($id: ID!) { reconnectSuggestions(person: $id) { person { id } lastContact daysSince score reason reasonEn } }`,
			map[string]any{"id": zhang})
		ss := getList(d, "reconnectSuggestions")
		if len(ss) != 1 || getStr(ss[0], "person.id") != li || !strings.Contains(getStr(ss[0], "reason"), "共事") {
			t.Errorf("reconnect suggestions of 张三: %s", dump(ss))
		}
	})
	t.Run("Neighborhood", func(t *testing.T) {
		d := e.in(t).query(`query($id: ID!) { neighborhood(id: $id, depth: 2, first: 10) { nodes { id } relationships { id type start { id } end { id } } more degrees { id degree } } }`,
			map[string]any{"id": host})
		if len(getList(d, "neighborhood.nodes")) < 4 || len(getList(d, "neighborhood.relationships")) < 3 {
			t.Errorf("neighbourhood of the host unit: %s", dump(d))
		}
	})
	t.Run("Merge", func(t *testing.T) {
		dup := e.person("张三重复", map[string]any{"email": "zs@example.cn"})
		wantError(t, e.url, "INVALID_INPUT", `mutation($a: ID!) { mergePeople(keep: $a, remove: $a) { id } }`, map[string]any{"a": zhang}, "themselves")
		d := e.in(t).query(`mutation($a: ID!, $b: ID!) { mergePeople(keep: $a, remove: $b) { id email isCadre } }`, map[string]any{"a": zhang, "b": dup})
		if getStr(d, "mergePeople.email") != "zs@example.cn" || get(d, "mergePeople.isCadre") != true {
			t.Errorf("merge: %s", dump(d))
		}
		d = e.in(t).query(`query($b: ID!) { node(id: $b) { id } }`, map[string]any{"b": dup})
		if d["node"] != nil {
			t.Errorf("the removed duplicate is still there")
		}
		e.in(t).query(`{ possibleDuplicates(first: 5) { score reasons a { id } b { id } } }`, nil)
	})
	t.Run("UnitReport", func(t *testing.T) {
		d := e.in(t).query(`query($u: ID!) { unitReport(unit: $u, from: "2020-01-01", to: "2024-12-31") { unit { id } cadreCount servingCount
			cadres { person { id } postings { title hostUnit { id } } serving amount projectCount } totals { projects amount } interactions } }`,
			map[string]any{"u": ministry})
		if getNum(d, "unitReport.cadreCount") != 2 || getNum(d, "unitReport.servingCount") != 0 || len(getList(d, "unitReport.cadres")) != 2 {
			t.Errorf("unit report: %s", dump(d))
		}
		wantError(t, e.url, "INVALID_INPUT", `query($u: ID!) { unitReport(unit: $u, from: "2024-01-01", to: "2023-01-01") { cadreCount } }`, map[string]any{"u": ministry}, "to")
		wantError(t, e.url, "NOT_FOUND", `{ unitReport(unit: "unt_nowhere") { cadreCount } }`, nil)
		e.in(t).query(`query($p: ID!) { node(id: $p) { ... on Person { achievements { role project { id } } } } citySummary(from: "2024-01-01", to: "2024-12-31") { total { cadres } } }`, map[string]any{"p": zhang})
	})
	t.Run("AuditLog", func(t *testing.T) {
		d := e.in(t).query(`query($id: ID!) { auditLog(filter: { entityId: $id }) { totalCount edges { node { operation actor role entityId before after } } } }`,
			map[string]any{"id": zhang})
		edges := getList(d, "auditLog.edges")
		if len(edges) == 0 || getStr(edges[len(edges)-1], "node.operation") != "createPerson" || get(edges[len(edges)-1], "node.before") != nil {
			t.Errorf("audit of 张三: %s", dump(d))
		}
	})
	t.Run("ErrInteraction", func(t *testing.T) {
		e.unchanged(t, func() {
			wantError(t, e.url, "INVALID_INPUT", `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"participantIds": []string{li}, "at": at, "kind": "CALL"}}, "input.participantIds")
			wantError(t, e.url, "INVALID_INPUT", `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"participantIds": []string{li, boss}, "at": time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339), "kind": "CALL"}}, "input.at")
		})
	})
}
