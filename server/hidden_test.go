package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server"
)

// TestUndiscoverableAbsentEverywhere plants an undiscoverable person H in a
// small graph of its own — a cadre posted and dispatched like the others,
// a member, an employee, living in the region, who secured a project, knows
// a visible cadre and met them — and asks every list, count, aggregate,
// group, matrix, report, download, search, neighbourhood, tie, path and
// network question that could show H, as every role. Then it deletes H and
// asks again. Each non-admin role's answers with H undiscoverable must equal
// its answers without H (nothing about H can be inferred); the admin's must
// differ wherever H belongs. Postings and interactions lie in 1951–1952,
// which no other test uses, so that the city summary is this graph's alone.
func TestUndiscoverableAbsentEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	region := e.region("隐身区", "DISTRICT", nil)
	disp := e.unit("隐身派出单位", "CENTRAL_AGENCY", nil)
	host := e.unit("隐身接收单位", "LOCAL_GOVERNMENT", map[string]any{"regionId": region})
	company := e.company("隐身公司", map[string]any{"regionId": region})
	proj := e.project("隐身项目", "INVESTMENT", map[string]any{"amount": 100.0, "regionId": region})
	proj2 := e.project("公开项目", "INVESTMENT", map[string]any{"amount": 7.0, "regionId": region})
	v1 := e.person("隐身甲", map[string]any{"birthYear": 1960})
	v2 := e.person("隐身乙", map[string]any{"birthYear": 1970})
	h := e.person("隐身丙", map[string]any{"birthYear": 1950, "discoverable": false, "phone": "13800009999"})
	for _, p := range []string{v1, v2, h} {
		e.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"personId": p, "hostUnitId": host, "dispatchingUnitId": disp, "title": "副区长", "batch": 1951, "from": "1951-03-01", "to": "1952-06-30"}})
		e.query(`mutation($in: AddMembershipInput!) { addMembership(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": p, "unitId": host}})
	}
	e.query(`mutation($in: AddEmploymentInput!) { addEmployment(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": h, "companyId": company}})
	e.query(`mutation($in: AddEmploymentInput!) { addEmployment(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": v2, "companyId": company}})
	e.query(`mutation($in: AddLocationInput!) { addLocation(input: $in) { id } }`, map[string]any{"in": map[string]any{"entityId": h, "regionId": region}})
	e.query(`mutation($in: AddProjectRoleInput!) { addProjectRole(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": h, "projectId": proj, "role": "SECURED", "date": "1951-09-01"}})
	e.query(`mutation($in: AddProjectRoleInput!) { addProjectRole(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": v1, "projectId": proj2, "role": "INTRODUCED", "date": "1951-10-01"}})
	e.query(`mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": v1, "otherId": h, "how": "同学"}})
	e.query(`mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`, map[string]any{"in": map[string]any{"personId": v1, "otherId": v2, "how": "同事"}})
	logged := e.query(`mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"participantIds": []string{v1, h}, "at": "1951-06-01T10:00:00Z", "kind": "MEETING", "summary": "见面"}})
	azCleanup(t, e.db, e)
	if getStr(logged, "logInteraction.id") == "" {
		t.Fatal("no interaction logged")
	}

	url := startServer(t, e.db, server.Options{Auth: azVerifier(t, bearer.Config{Secret: azSecret}), RateLimit: -1})
	tokens := map[string]string{
		"admin":   azToken(t, auth.Principal{Subject: "hid-admin", Role: auth.RoleAdmin}),
		"officer": azToken(t, auth.Principal{Subject: "hid-officer", Role: auth.RoleOfficer, Person: v1}),
		"cadre":   azToken(t, auth.Principal{Subject: "hid-cadre", Role: auth.RoleCadre, Person: v1}),
		"analyst": azToken(t, auth.Principal{Subject: "hid-analyst", Role: auth.RoleAnalyst}),
	}
	vars := map[string]any{"tag": e.tag, "region": region, "disp": disp, "host": host, "company": company, "proj": proj,
		"v1": v1, "v2": v2, "h": h, "from": "1951-01-01", "to": "1952-12-31"}
	// Each question; shows says whether H belongs in the admin's answer.
	questions := []struct {
		name, query string
		shows       bool
	}{
		{"people", `query($tag: String) { people(where: {nameContains: $tag}, first: 50) { totalCount edges { node { id name phone } }
			aggregate { count cadres birthYear { count min max sum } } } }`, true},
		{"people undiscoverable", `query($tag: String) { people(where: {nameContains: $tag, discoverable: false}) { totalCount aggregate { count birthYear { min max } } } }`, true},
		{"people by id", `query($h: ID!) { people(where: {ids: [$h]}) { totalCount aggregate { count } } }`, true},
		{"node", `query($h: ID!) { node(id: $h) { id } nodes(ids: [$h]) { id } }`, true},
		{"cadre groups", `query($tag: String) { b: cadreGroups(by: BATCH, where: {nameContains: $tag}) { key count sum }
			k: cadreGroups(by: DISPATCHING_UNIT_KIND, where: {nameContains: $tag}) { key count sum }
			r: cadreGroups(by: HOST_REGION, where: {nameContains: $tag}) { key count sum } }`, true},
		{"project groups", `query($tag: String) { projectGroups(by: DISPATCHING_UNIT, where: {nameContains: $tag}) { key count sum } }`, true},
		{"matrix", `query($tag: String) { c: cooperationMatrix(rows: UNIT, columns: REGION, measure: CADRES, where: {nameContains: $tag}) { total rows { key total } cells }
			p: cooperationMatrix(rows: UNIT, columns: YEAR, measure: AMOUNT, where: {nameContains: $tag}) { total cells } }`, true},
		{"units", `query($disp: ID!, $host: ID!) { d: units(where: {ids: [$disp], hasDispatched: true}) { totalCount }
			h: units(where: {ids: [$host], hasHosted: true}) { totalCount } }`, false},
		{"unit lists", `query($disp: ID!, $host: ID!) {
			d: node(id: $disp) { ... on Unit { dispatchedCadres { totalCount aggregate { count from { count min } } edges { node { person { id } } } } } }
			h: node(id: $host) { ... on Unit { hostedCadres { totalCount aggregate { count } } members { totalCount edges { node { person { id } } } } } } }`, true},
		{"company, project, region", `query($company: ID!, $proj: ID!, $region: ID!) {
			c: node(id: $company) { ... on Company { employees { totalCount aggregate { count } edges { node { person { id } } } } } }
			p: node(id: $proj) { ... on Project { people { totalCount aggregate { count amount { sum } } } } }
			r: node(id: $region) { ... on Region { people { totalCount aggregate { count } } } } }`, true},
		{"projects secured by", `query($h: ID!) { projects(where: {securedById: $h}) { totalCount aggregate { count amount { sum } } } }`, true},
		{"a visible person's links", `query($v1: ID!) { node(id: $v1) { ... on Person {
			acquaintances { totalCount aggregate { count } edges { node { person { id } } } }
			ties { totalCount edges { node { person { id } } } }
			interactions { totalCount edges { node { participants { id } } } } } } }`, true},
		// A filter must not become an oracle: conditions over relationships
		// to H, or on H's fields through them, answer as if H were absent.
		{"filters over relationships", `query($v1: ID!, $h: ID!, $host: ID!, $disp: ID!, $proj: ID!, $company: ID!) {
			a: people(where: {ids: [$v1], acquaintances: {some: {person: {ids: [$h]}}}}) { totalCount }
			b: people(where: {ids: [$v1], acquaintances: {none: {person: {birthYearIs: {lt: 1955}}}}}) { totalCount }
			c: units(where: {ids: [$host], hostedPostings: {some: {person: {OR: [{discoverable: false}, {birthYearIs: {lt: 1955}}]}}}}) { totalCount }
			d: units(where: {ids: [$disp], dispatchedPostings: {some: {person: {nameIs: {startsWith: "yin shen bing"}}}}}) { totalCount }
			e: projects(where: {ids: [$proj], people: {some: {role: {eq: SECURED}}}}) { totalCount }
			f: companies(where: {ids: [$company], employees: {all: {person: {birthYearIs: {gte: 1960}}}}}) { totalCount }
			g: units(where: {ids: [$host], members: {some: {NOT: {person: {birthYearIs: {gte: 1960}}}}}}) { totalCount } }`, true},
		// The same inside an entity: a where on a relationship list.
		{"filters on the lists inside an entity", `query($v1: ID!, $host: ID!, $h: ID!, $company: ID!) {
			a: node(id: $v1) { ... on Person { acquaintances(where: {person: {ids: [$h]}}) { totalCount aggregate { count } edges { node { person { id } } } }
				k: acquaintances(where: {NOT: {person: {birthYearIs: {gte: 1955}}}}) { totalCount } } }
			b: node(id: $host) { ... on Unit { hostedCadres(where: {person: {OR: [{discoverable: false}, {birthYearIs: {lt: 1955}}]}}) { totalCount aggregate { count } edges { node { person { id } } } }
				members(where: {person: {acquaintances: {some: {person: {birthYearIs: {gte: 1960}}}}}}) { totalCount edges { node { person { id } } } } } }
			c: node(id: $company) { ... on Company { employees(where: {person: {birthYearIs: {lt: 1965}}}) { totalCount edges { node { person { id } } } } } } }`, true},
		{"people with acquaintances", `query($tag: String) { people(where: {nameContains: $tag, hasAcquaintances: true}) { totalCount } }`, false},
		{"search", `query($tag: String!) { search(query: $tag, kinds: [PERSON], first: 50) { node { id } } }`, true},
		{"neighbourhood", `query($host: ID!, $v1: ID!) { u: neighborhood(id: $host, first: 50) { nodes { id } relationships { id } degrees { id degree } more }
			v: neighborhood(id: $v1, depth: 2, first: 50) { nodes { id } relationships { id } degrees { id degree } more } }`, true},
		{"unit report", `query($disp: ID!, $from: Date!, $to: Date!) { unitReport(unit: $disp, from: $from, to: $to) {
			cadreCount servingCount interactions cadres { person { id } amount projectCount } totals { projects amount byKind { key count amount } byRole { key count } } } }`, true},
		{"city summary", `query($from: Date!, $to: Date!) { citySummary(from: $from, to: $to) { total { cadres projects amount interactions }
			byUnit { key cadres projects amount } byRegion { key cadres } byYear { key cadres projects } } }`, true},
		{"paths", `query($v2: ID!, $h: ID!, $proj: ID!) { a: paths(from: $v2, to: $h) { length } b: paths(from: $v2, to: $proj, maxHops: 4, first: 10) { length nodes { id } } }`, true},
		{"introducers", `query($proj: ID!, $h: ID!) { a: introducers(target: $proj, first: 10) { person { id } strength } b: introducers(target: $h) { person { id } } }`, true},
		{"network", `query($v1: ID!) { cohort(person: $v1, first: 50) { totalCount edges { node { person { id } } } }
			reconnectSuggestions(person: $v1, first: 50) { person { id } } }`, true},
		{"brokers and communities", `query($tag: String) { brokers(scope: {nameContains: $tag}, refresh: true) { brokers { person { id } } }
			communities(scope: {nameContains: $tag}, refresh: true) { communities { size central { id } } } }`, false},
	}
	ask := func(who string) map[string]string {
		out := map[string]string{}
		for _, q := range questions {
			r := postAs(t, url, tokens[who], q.query, vars)
			codes := make([]string, len(r.Errors))
			for i, e := range r.Errors {
				codes[i] = e.Code()
			}
			b, _ := json.Marshal(map[string]any{"data": r.Data, "errors": codes})
			out[q.name] = string(b)
		}
		for _, path := range []string{"/reports/units/" + disp + "?from=1951-01-01&to=1952-12-31&format=csv", "/reports/summary?from=1951-01-01&to=1952-12-31&format=csv"} {
			req, _ := http.NewRequest(http.MethodGet, url+path, nil)
			req.Header.Set("Authorization", "Bearer "+tokens[who])
			resp, err := httpClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			out["GET "+path] = resp.Status + "\n" + stripGenerated(string(b))
		}
		return out
	}
	roles := []string{"admin", "officer", "cadre", "analyst"}
	with := map[string]map[string]string{}
	for _, who := range roles {
		with[who] = ask(who)
	}
	// Without H: deleted, as if H had never been recorded.
	ctx := graph.SeeAll(context.Background())
	if err := e.db.Exec(ctx, `MATCH (p:Person {id: $id}) DETACH DELETE p`, map[string]any{"id": h}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.RecomputeTies(ctx, []string{v1, v2}); err != nil {
		t.Fatal(err)
	}
	without := map[string]map[string]string{}
	for _, who := range roles {
		without[who] = ask(who)
	}
	for _, who := range roles[1:] {
		for k, w := range with[who] {
			if w != without[who][k] {
				t.Errorf("%s, %s: the answer with the undiscoverable person differs from the answer without them:\nwith    %s\nwithout %s", who, k, w, without[who][k])
			}
		}
	}
	for _, q := range questions {
		if q.shows && with["admin"][q.name] == without["admin"][q.name] {
			t.Errorf("admin, %s: the undiscoverable person is missing: %s", q.name, with["admin"][q.name])
		}
	}
}

// stripGenerated drops the generation time of a report download.
func stripGenerated(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.Contains(line, "生成") && !strings.Contains(line, "enerated") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
