package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/auth/bearer"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/graph/neo4jdb"
	"github.com/liaison/liaison/internal/neo4jtest"
	"github.com/liaison/liaison/server"
)

// azEnv is a small graph created without authentication (e.url) and a
// server over the same database that demands tokens (url).
type azEnv struct {
	*env
	url                    string
	unit                   string
	self, other, hidden    string // cadres: self holds the cadre token
	officer, spare         string
	tokens                 map[string]string // admin, officer, cadre (self), cadre2 (other), analyst
	intSelfOfficer, intTwo string
}

func newAzEnv(t *testing.T) *azEnv {
	t.Helper()
	e := newEnv(t)
	a := &azEnv{env: e}
	a.unit = e.unit("授权测试单位", "LOCAL_GOVERNMENT", nil)
	contact := func(n string) map[string]any {
		return map[string]any{"phone": "1380000" + n, "email": n + "@example.cn", "wechat": "wx" + n}
	}
	a.self = e.person("授权自己", contact("0001"))
	a.other = e.person("授权他人", contact("0002"))
	a.hidden = e.person("授权隐身", with(contact("0003"), map[string]any{"discoverable": false}))
	a.officer = e.person("授权干事", contact("0004"))
	a.spare = e.person("授权备用", nil)
	for _, p := range []string{a.self, a.other, a.hidden} {
		e.query(`mutation($in: AddMembershipInput!) { addMembership(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"personId": p, "unitId": a.unit, "title": "成员"}})
	}
	at := time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339)
	logI := func(summary string, ids ...string) string {
		d := e.query(`mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"participantIds": ids, "at": at, "kind": "MEETING", "summary": summary}})
		return getStr(d, "logInteraction.id")
	}
	a.intSelfOfficer = logI("机密一", a.self, a.officer)
	a.intTwo = logI("机密二", a.self, a.other)
	azCleanup(t, e.db, e)
	v := azVerifier(t, bearer.Config{Secret: azSecret})
	a.url = startServer(t, e.db, server.Options{Auth: v, RateLimit: -1})
	a.tokens = map[string]string{
		"admin":   azToken(t, auth.Principal{Subject: "az-admin", Role: auth.RoleAdmin}),
		"officer": azToken(t, auth.Principal{Subject: "az-officer", Role: auth.RoleOfficer, Person: a.officer}),
		"cadre":   azToken(t, auth.Principal{Subject: "az-cadre", Role: auth.RoleCadre, Person: a.self}),
		"cadre2":  azToken(t, auth.Principal{Subject: "az-cadre2", Role: auth.RoleCadre, Person: a.other}),
		"analyst": azToken(t, auth.Principal{Subject: "az-analyst", Role: auth.RoleAnalyst}),
	}
	return a
}

// azCleanup deletes, when the test ends (before the entities go), the
// interactions of the env's people and the audit records of the entities.
func azCleanup(t *testing.T, db *neo4jdb.DB, e *env) {
	t.Cleanup(func() {
		ctx := context.Background()
		e.mu.Lock()
		ids := append([]string(nil), e.ids...)
		e.mu.Unlock()
		rows, err := db.Query(ctx, `MATCH (i:Interaction)-[:WITH]->(p:Person) WHERE p.id IN $ids RETURN collect(DISTINCT i.id) AS ids`, map[string]any{"ids": ids})
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		ints, _ := rows[0]["ids"].([]any)
		for _, i := range ints {
			ids = append(ids, i.(string))
		}
		if err := db.Exec(ctx, `MATCH (i:Interaction) WHERE i.id IN $ids DETACH DELETE i`, map[string]any{"ids": ids}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		if err := db.Exec(ctx, `MATCH (f:CalendarFeed) WHERE f.personId IN $ids DELETE f`, map[string]any{"ids": ids}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		if err := db.Exec(ctx, `MATCH (a:Audit) WHERE a.entityId IN $ids DELETE a`, map[string]any{"ids": ids}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
}

func (a *azEnv) as(tb testing.TB, who, query string, vars map[string]any) gqlResponse {
	tb.Helper()
	tok, ok := a.tokens[who]
	if !ok {
		tb.Fatalf("no token %q", who)
	}
	return postAs(tb, a.url, tok, query, vars)
}

// TestRoleMatrix checks every cell of the matrix (auth.Matrix, auth/doc.go)
// through GraphQL and the report routes: allowed (no error) or FORBIDDEN.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	logVars := func(ids ...string) map[string]any {
		return map[string]any{"in": map[string]any{"participantIds": ids, "at": at, "kind": "CALL"}}
	}
	const logQ = `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id loggedBy } }`
	type cell struct {
		action auth.Action
		query  string
		vars   map[string]any
		ok     []string // tokens allowed; every other token is FORBIDDEN
	}
	all := []string{"admin", "officer", "cadre", "cadre2", "analyst"}
	cells := map[string]cell{
		"node":         {auth.ReadGraph, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": a.unit}, all},
		"units":        {auth.ReadGraph, `query($n: String) { units(where: {nameContains: $n}) { totalCount } }`, map[string]any{"n": a.tag}, all},
		"neighborhood": {auth.ReadGraph, `query($id: ID!) { neighborhood(id: $id) { nodes { id } } }`, map[string]any{"id": a.unit}, all},
		"paths": {auth.ReadPaths, `query($f: ID!, $t: ID!) { paths(from: $f, to: $t) { length } }`,
			map[string]any{"f": a.self, "t": a.unit}, []string{"admin", "officer", "analyst"}},
		"introducers": {auth.ReadPaths, `query($t: ID!) { introducers(target: $t) { strength } }`,
			map[string]any{"t": a.unit}, []string{"admin", "officer", "analyst"}},
		"cohort-of-self-cadre": {auth.ReadNetwork, `query($p: ID!) { cohort(person: $p) { totalCount } }`,
			map[string]any{"p": a.self}, []string{"admin", "cadre"}},
		"cohort-of-officer": {auth.ReadNetwork, `query($p: ID!) { cohort(person: $p) { totalCount } }`,
			map[string]any{"p": a.officer}, []string{"admin", "officer"}},
		"reconnect-of-self-cadre": {auth.ReadNetwork, `query($p: ID!) { reconnectSuggestions(person: $p) { reason } }`,
			map[string]any{"p": a.self}, []string{"admin", "cadre"}},
		"log-officer-participates":    {auth.LogInteraction, logQ, logVars(a.officer, a.spare), []string{"admin", "officer"}},
		"log-officer-not-participant": {auth.LogInteraction, logQ, logVars(a.spare, a.other), []string{"admin", "cadre2"}},
		"log-cadre-participates":      {auth.LogInteraction, logQ, logVars(a.self, a.spare), []string{"admin", "cadre"}},
		"createUnit": {auth.Write, `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"name": "授权新单位" + a.tag, "kind": "OTHER"}}, []string{"admin"}},
		"updatePerson-self-profile": {auth.EditProfile, `mutation($id: ID!) { updatePerson(id: $id, input: {bio: "改", phone: "13800000001", discoverable: true, reconnectAfterDays: 180}) { id } }`,
			map[string]any{"id": a.self}, []string{"admin", "cadre"}},
		"updatePerson-officer-profile": {auth.EditProfile, `mutation($id: ID!) { updatePerson(id: $id, input: {expertise: ["联络"]}) { id } }`,
			map[string]any{"id": a.officer}, []string{"admin", "officer"}},
		"updatePerson-self-name": {auth.Write, `mutation($id: ID!) { updatePerson(id: $id, input: {name: "授权自己", bio: "改"}) { id } }`,
			map[string]any{"id": a.self}, []string{"admin"}},
		"rotateCalendarFeed-self": {auth.EditProfile, `mutation($p: ID!) { rotateCalendarFeed(person: $p) { path } }`,
			map[string]any{"p": a.self}, []string{"admin", "cadre"}},
		"reminders-self": {auth.ReadNetwork, `query($p: ID!) { reminders(person: $p) { days leaving { id } arrivals { id } } }`,
			map[string]any{"p": a.self}, []string{"admin", "cadre"}},
		"addAcquaintance-self": {auth.Acquaint, `mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"personId": a.self, "otherId": a.spare, "how": "授权"}}, []string{"admin", "cadre"}},
		"addAcquaintance-officer": {auth.Acquaint, `mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"personId": a.spare, "otherId": a.officer}}, []string{"admin", "officer"}},
		"addMembership": {auth.Write, `mutation($in: AddMembershipInput!) { addMembership(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"personId": a.spare, "unitId": a.unit}}, []string{"admin"}},
		"deletePerson": {auth.Write, `mutation($id: ID!) { deletePerson(id: $id) }`,
			map[string]any{"id": "per_doesnotexist"}, []string{"admin"}}, // admin: NOT_FOUND, not FORBIDDEN
		"possibleDuplicates": {auth.Duplicates, `{ possibleDuplicates(first: 1) { score } }`, nil, []string{"admin"}},
		"mergePeople": {auth.Duplicates, `mutation($k: ID!, $r: ID!) { mergePeople(keep: $k, remove: $r) { id } }`,
			map[string]any{"k": a.spare, "r": "per_doesnotexist"}, []string{"admin"}},
	}
	covered := map[auth.Action]bool{}
	for name, c := range cells {
		covered[c.action] = true
		for _, who := range all {
			allowed := azContains(c.ok, who)
			t.Run(name+"/"+who, func(t *testing.T) {
				r := a.as(t, who, c.query, c.vars)
				if r.Status >= 500 {
					t.Fatalf("status %d: %s", r.Status, r.Body)
				}
				forbidden := len(r.Errors) > 0 && r.Errors[0].Code() == graph.CodeForbidden
				switch {
				case allowed && len(r.Errors) > 0 && !(name == "deletePerson" || name == "mergePeople"):
					t.Errorf("want allowed, got %s", r.Body)
				case allowed && forbidden:
					t.Errorf("want allowed, got FORBIDDEN: %s", r.Body)
				case !allowed && !forbidden:
					t.Errorf("want FORBIDDEN, got %s", r.Body)
				}
				if id := getStr(r.Data, "createUnit.id"); id != "" {
					a.track(id)
				}
				if id := getStr(r.Data, "addAcquaintance.id"); id != "" {
					a.db.Exec(context.Background(), `MATCH ()-[r:KNOWS {id: $id}]->() DELETE r`, map[string]any{"id": id})
				}
				if id := getStr(r.Data, "addMembership.id"); id != "" {
					a.db.Exec(context.Background(), `MATCH ()-[r:MEMBER_OF {id: $id}]->() DELETE r`, map[string]any{"id": id})
				}
				if lb := getStr(r.Data, "logInteraction.loggedBy"); lb != "" && lb != "az-"+who {
					t.Errorf("loggedBy %q, want the token's subject", lb)
				}
			})
		}
	}
	// The report routes.
	covered[auth.ReadReports] = true
	for _, who := range all {
		req, _ := http.NewRequest(http.MethodGet, a.url+"/reports/summary?format=csv&from=2024-01-01&to=2024-12-31", nil)
		req.Header.Set("Authorization", "Bearer "+a.tokens[who])
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusOK
		if who == "cadre" || who == "cadre2" {
			want = http.StatusForbidden
		}
		if resp.StatusCode != want {
			t.Errorf("reports/summary as %s: %d, want %d", who, resp.StatusCode, want)
		}
	}
	if g := httpGet(t, a.url+"/reports/summary?format=csv"); g.Status != http.StatusUnauthorized {
		t.Errorf("reports/summary without a token: %d, want 401", g.Status)
	}

	// The cells without a GraphQL field yet: the audit log and tie
	// maintenance, on the decorator itself.
	svc := server.Authorize(a.db)
	for _, who := range []auth.Principal{{Role: auth.RoleAdmin}, {Role: auth.RoleOfficer, Person: a.officer},
		{Role: auth.RoleCadre, Person: a.self}, {Role: auth.RoleAnalyst}} {
		ctx := auth.WithPrincipal(context.Background(), &who)
		_, err := svc.FindAudit(ctx, auth.AuditFilter{EntityID: &a.self}, graph.Page{Limit: 1})
		wantAllowed(t, "FindAudit", who.Role, err, who.Role == auth.RoleAdmin)
		err = svc.RecomputeTies(ctx, []string{a.spare})
		wantAllowed(t, "RecomputeTies", who.Role, err, who.Role == auth.RoleAdmin)
	}
	covered[auth.ReadAudit], covered[auth.Maintain] = true, true
	// Contributions (TestContributionRoles goes through every case): here
	// each role once, with an input the service refuses as invalid when
	// the role may call it at all, so that nothing is written.
	for _, who := range []auth.Principal{{Role: auth.RoleAdmin}, {Role: auth.RoleOfficer, Person: a.officer},
		{Role: auth.RoleCadre, Person: a.self}, {Role: auth.RoleAnalyst}} {
		ctx := auth.WithPrincipal(context.Background(), &who)
		_, err := svc.RecordContribution(ctx, graph.RecordContributionInput{Kind: graph.ContributionPromotion, CadreIDs: []string{a.self}}, "", "")
		if code := graph.ErrorCode(err); (code == graph.CodeForbidden) != (who.Role == auth.RoleAnalyst) {
			t.Errorf("RecordContribution as %s: %v", who.Role, err)
		}
		_, err = svc.ReviewContribution(ctx, graph.ReviewContributionInput{ID: "con_nothere", Decision: graph.ReviewConfirmed}, "")
		if code := graph.ErrorCode(err); (code == graph.CodeForbidden) != (who.Role != auth.RoleAdmin) {
			t.Errorf("ReviewContribution as %s: %v", who.Role, err)
		}
	}
	covered[auth.RecordContribution], covered[auth.ReviewContribution] = true, true
	// The field-level cells are TestPrivateFields' and TestUndiscoverable's.
	covered[auth.ReadPrivate], covered[auth.ReadSummaries], covered[auth.ReadInteractions], covered[auth.ReadUndiscoverable] = true, true, true, true
	for _, act := range auth.Actions {
		if !covered[act] {
			t.Errorf("no test for action %s", act)
		}
	}
	// Without a principal the decorator refuses.
	if _, err := svc.FindPeople(context.Background(), graph.PersonWhere{}, nil, graph.Page{Limit: 1}); graph.ErrorCode(err) != graph.CodeUnauthenticated {
		t.Errorf("FindPeople without a principal: %v", err)
	}
}

func wantAllowed(t *testing.T, op string, r auth.Role, err error, allowed bool) {
	t.Helper()
	switch {
	case allowed && err != nil:
		t.Errorf("%s as %s: %v", op, r, err)
	case !allowed && graph.ErrorCode(err) != graph.CodeForbidden:
		t.Errorf("%s as %s: %v, want FORBIDDEN", op, r, err)
	}
}

// TestPrivateFields: phone, email, wechat and interaction summaries are
// visible to admins and the person (participants for summaries) and null
// for everyone else, at the top and in nested fields.
func TestPrivateFields(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	node := `query($id: ID!) { node(id: $id) { ... on Person { phone email wechat } } }`
	for who, visible := range map[string]bool{"admin": true, "cadre": true, "cadre2": false, "officer": false, "analyst": false} {
		r := a.as(t, who, node, map[string]any{"id": a.self})
		wantOK(t, r)
		got := optStr(t, r.Data, "node.phone") + optStr(t, r.Data, "node.email") + optStr(t, r.Data, "node.wechat")
		if visible && got != "13800000001"+"0001@example.cn"+"wx0001" {
			t.Errorf("%s: contact %q, want it visible", who, got)
		}
		if !visible && got != "" {
			t.Errorf("%s: contact %q, want it masked", who, got)
		}
	}

	// Nested: unit members, through the loaders.
	nested := `query($n: String) { units(where: {nameContains: $n}) { edges { node {
	  members(first: 10) { edges { node { person { id phone } } } } } } } }`
	for who, want := range map[string]map[string]string{
		"admin":   {a.self: "13800000001", a.other: "13800000002", a.hidden: "13800000003"},
		"cadre":   {a.self: "13800000001", a.other: ""},
		"officer": {a.self: "", a.other: ""},
		"analyst": {a.self: "", a.other: ""},
	} {
		r := a.as(t, who, nested, map[string]any{"n": a.tag})
		wantOK(t, r)
		got := map[string]string{}
		azWalk(r.Data, func(m map[string]any) {
			if id, ok := m["id"].(string); ok {
				if _, has := m["phone"]; has {
					got[id] = optStr(t, m, "phone")
				}
			}
		})
		for id, w := range want {
			if p, ok := got[id]; !ok || p != w {
				t.Errorf("%s: members' phone of %s = %q (present %v), want %q", who, id, p, ok, w)
			}
		}
		// The undiscoverable member is absent for everyone but admins.
		if _, ok := got[a.hidden]; ok != (who == "admin") {
			t.Errorf("%s: the undiscoverable member listed: %v", who, ok)
		}
		// A masked field is null, not "".
		azWalk(r.Data, func(m map[string]any) {
			if v, has := m["phone"]; has && v == "" {
				t.Errorf("%s: phone of %v is \"\", want null", who, m["id"])
			}
		})
	}

	// Lists: people, and ties' persons.
	r := a.as(t, "officer", `query($n: String) { people(where: {nameContains: $n}) { edges { node { id phone } } } }`, map[string]any{"n": a.tag})
	wantOK(t, r)
	for _, e := range getList(r.Data, "people.edges") {
		if optStr(t, e, "node.phone") != "" && getStr(e, "node.id") != a.officer {
			t.Errorf("officer sees the phone of %s in people", getStr(e, "node.id"))
		}
	}
	ties := `query($id: ID!) { node(id: $id) { ... on Person { ties { edges { node { person { id phone } } } } } } }`
	r = a.as(t, "cadre", ties, map[string]any{"id": a.officer})
	wantOK(t, r)
	for _, e := range getList(r.Data, "node.ties.edges") {
		id, phone := getStr(e, "node.person.id"), optStr(t, e, "node.person.phone")
		if (id == a.self) != (phone != "") {
			t.Errorf("cadre: tie person %s phone %q", id, phone)
		}
	}

	// Interactions and their summaries.
	ints := `query($id: ID!) { node(id: $id) { ... on Person { interactions { totalCount edges { node { id summary } } } } } }`
	for who, want := range map[string]struct {
		total     int
		summaries map[string]string
	}{
		"admin":   {2, map[string]string{a.intSelfOfficer: "机密一", a.intTwo: "机密二"}},
		"cadre":   {2, map[string]string{a.intSelfOfficer: "机密一", a.intTwo: "机密二"}},
		"officer": {2, map[string]string{a.intSelfOfficer: "机密一", a.intTwo: ""}},
		"analyst": {2, map[string]string{a.intSelfOfficer: "", a.intTwo: ""}},
		"cadre2":  {0, nil}, // a cadre sees only their own person's list
	} {
		r := a.as(t, who, ints, map[string]any{"id": a.self})
		wantOK(t, r)
		if n := int(getNum(r.Data, "node.interactions.totalCount")); n != want.total {
			t.Errorf("%s: %d interactions, want %d", who, n, want.total)
		}
		for _, e := range getList(r.Data, "node.interactions.edges") {
			id := getStr(e, "node.id")
			if s := optStr(t, e, "node.summary"); s != want.summaries[id] {
				t.Errorf("%s: summary of %s = %q, want %q", who, id, s, want.summaries[id])
			}
		}
	}
}

// TestUndiscoverable: undiscoverable people are left out of people,
// search and neighborhood for everyone but admins, and admins see them
// (TestUndiscoverableAbsentEverywhere asks every other question).
func TestUndiscoverable(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	for _, who := range []string{"admin", "officer", "cadre", "analyst"} {
		wantHidden := who != "admin"
		r := a.as(t, who, `query($n: String) { people(where: {nameContains: $n}, first: 50) { totalCount edges { node { id } } } }`, map[string]any{"n": a.tag})
		wantOK(t, r)
		ids := names(getList(r.Data, "people.edges"), "node.id")
		if azContains(ids, a.hidden) == wantHidden || !azContains(ids, a.self) {
			t.Errorf("%s: people %v (hidden %s)", who, ids, a.hidden)
		}
		r = a.as(t, who, `query($n: String) { people(where: {nameContains: $n, discoverable: false}) { totalCount } }`, map[string]any{"n": a.tag})
		wantOK(t, r)
		if n := getNum(r.Data, "people.totalCount"); (n == 0) != wantHidden {
			t.Errorf("%s: %v undiscoverable people listed", who, n)
		}
		r = a.as(t, who, `query($q: String!) { search(query: $q, kinds: [PERSON], first: 20) { node { id } } }`, map[string]any{"q": "授权隐身" + a.tag})
		wantOK(t, r)
		ids = names(getList(r.Data, "search"), "node.id")
		if azContains(ids, a.hidden) == wantHidden {
			t.Errorf("%s: search %v", who, ids)
		}
		r = a.as(t, who, `query($id: ID!) { neighborhood(id: $id) { nodes { id } relationships { id } degrees { id } more } }`, map[string]any{"id": a.unit})
		wantOK(t, r)
		ids = names(getList(r.Data, "neighborhood.nodes"), "id")
		if azContains(ids, a.hidden) == wantHidden || !azContains(ids, a.self) {
			t.Errorf("%s: neighborhood %v", who, ids)
		}
		if wantHidden && strings.Contains(dump(r.Data), a.hidden) {
			t.Errorf("%s: the neighborhood mentions the hidden person: %s", who, dump(r.Data))
		}
	}
}

// TestAudit: a mutation leaves one audit record with the entity before and
// after, who and what; a failing one leaves none; a failing audit write
// rolls the mutation back.
func TestAudit(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	ctx := context.Background()
	find := func(db *neo4jdb.DB, id string) []*auth.AuditEntry {
		t.Helper()
		l, err := db.FindAudit(ctx, auth.AuditFilter{EntityID: &id}, graph.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return l.Items
	}
	// Update.
	r := a.as(t, "admin", `mutation($id: ID!, $n: String!) { updatePerson(id: $id, input: {name: $n}) { name } }`,
		map[string]any{"id": a.spare, "n": "授权改名" + a.tag})
	wantOK(t, r)
	got := find(a.db, a.spare)
	var upd []*auth.AuditEntry
	for _, e := range got {
		if e.Operation == "updatePerson" {
			upd = append(upd, e)
		}
	}
	if len(upd) != 1 {
		t.Fatalf("%d updatePerson audit records, want 1: %v", len(upd), dump(got))
	}
	e := upd[0]
	if e.Actor != "az-admin" || e.Role != auth.RoleAdmin || e.EntityID != a.spare || time.Since(e.At) > time.Minute ||
		!strings.Contains(e.Before, "授权备用") || !strings.Contains(e.After, "授权改名") || strings.Contains(e.After, "授权备用") {
		t.Errorf("audit record %+v", e)
	}
	// Create: the new id, no before.
	r = a.as(t, "admin", `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "授权审计单位" + a.tag, "kind": "OTHER"}})
	wantOK(t, r)
	uid := getStr(r.Data, "createUnit.id")
	a.track(uid)
	if got := find(a.db, uid); len(got) != 1 || got[0].Operation != "createUnit" || got[0].Before != "" || !strings.Contains(got[0].After, "授权审计单位") {
		t.Errorf("createUnit audit: %s", dump(got))
	}
	// Delete: no after.
	r = a.as(t, "admin", `mutation($id: ID!) { deleteUnit(id: $id) }`, map[string]any{"id": uid})
	wantOK(t, r)
	if got := find(a.db, uid); len(got) != 2 || got[0].Operation != "deleteUnit" || got[0].After != "" || got[0].Before == "" {
		t.Errorf("deleteUnit audit: %s", dump(got))
	}
	// Relationship and interaction.
	r = a.as(t, "admin", `mutation($in: AddMembershipInput!) { addMembership(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"personId": a.spare, "unitId": a.unit, "title": "审计"}})
	wantOK(t, r)
	rid := getStr(r.Data, "addMembership.id")
	r = a.as(t, "admin", `mutation($id: ID!) { endRelationship(id: $id, to: "2025-01-01") { id } }`, map[string]any{"id": rid})
	wantOK(t, r)
	if got := find(a.db, rid); len(got) != 2 || got[0].Operation != "endRelationship" || !strings.Contains(got[0].After, "2025-01-01") || strings.Contains(got[0].Before, "2025-01-01") {
		t.Errorf("relationship audit: %s", dump(got))
	}
	r = a.as(t, "officer", `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"participantIds": []string{a.officer, a.spare}, "at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), "kind": "VISIT", "summary": "审计"}})
	wantOK(t, r)
	if got := find(a.db, getStr(r.Data, "logInteraction.id")); len(got) != 1 || got[0].Actor != "az-officer" || got[0].Role != auth.RoleOfficer || !strings.Contains(got[0].After, a.spare) {
		t.Errorf("logInteraction audit: %s", dump(got))
	}

	// A failing mutation (NOT_FOUND inside the transaction) and a
	// forbidden one leave no record.
	missing := "per_auditmissing" + strings.ToLower(a.tag)
	wantCode(t, a.as(t, "admin", `mutation($id: ID!) { updatePerson(id: $id, input: {bio: "x"}) { id } }`, map[string]any{"id": missing}), 0, graph.CodeNotFound)
	wantCode(t, a.as(t, "analyst", `mutation($id: ID!) { updatePerson(id: $id, input: {bio: "x"}) { id } }`, map[string]any{"id": a.other}), 0, graph.CodeForbidden)
	if got := find(a.db, missing); len(got) != 0 {
		t.Errorf("a failed mutation left audit records: %s", dump(got))
	}
	if got := find(a.db, a.other); len(got) != 1 || got[0].Operation != "createPerson" {
		t.Errorf("a forbidden mutation left audit records (want only the fixture's createPerson): %s", dump(got))
	}

	// A failing audit write: the mutation does not happen.
	db2 := neo4jtest.MustOpen(t)
	db2.SetAuditFault(func(op string) error {
		if op == "updatePerson" {
			return errors.New("simulated audit failure")
		}
		return nil
	})
	url2 := startServer(t, db2, server.Options{})
	before := a.fingerprint()
	_, errs := gqlPost(t, url2, `mutation($id: ID!) { updatePerson(id: $id, input: {bio: "不该写入"}) { id } }`, map[string]any{"id": a.other})
	if len(errs) == 0 || errs[0].Code() != graph.CodeInternal {
		t.Fatalf("updatePerson with a failing audit: %v", dump(errs))
	}
	if after := a.fingerprint(); after != before {
		t.Errorf("the mutation happened although its audit failed")
	}
	if got := find(a.db, a.other); len(got) != 1 {
		t.Errorf("audit records after a failed audit: %s", dump(got))
	}
	// Filters.
	actor, op := "az-admin", "updatePerson"
	l, err := a.db.FindAudit(ctx, auth.AuditFilter{Actor: &actor, Operation: &op, EntityID: &a.spare}, graph.Page{Limit: 10})
	if err != nil || l.TotalCount != 1 {
		t.Errorf("FindAudit by actor and operation: %v %v", l, err)
	}
	future := time.Now().Add(time.Hour)
	l, err = a.db.FindAudit(ctx, auth.AuditFilter{EntityID: &a.spare, From: &future}, graph.Page{Limit: 10})
	if err != nil || l.TotalCount != 0 {
		t.Errorf("FindAudit from the future: %v %v", l, err)
	}
}

// TestAuthorizedViewer: the access layer hands the services the viewer
// of the principal (admins see undiscoverable people, the others only
// themselves among them), and calls nothing without a principal.
func TestAuthorizedViewer(t *testing.T) {
	stub := &azStub{}
	svc := server.Authorize(stub)
	for _, c := range []struct {
		p    *auth.Principal
		want graph.Viewer
	}{
		{&auth.Principal{Subject: "a", Role: auth.RoleAdmin}, graph.Viewer{All: true}},
		{&auth.Principal{Subject: "o", Role: auth.RoleOfficer, Person: "per_o1"}, graph.Viewer{Self: "per_o1"}},
		{&auth.Principal{Subject: "c", Role: auth.RoleCadre, Person: "per_c1"}, graph.Viewer{Self: "per_c1"}},
		{&auth.Principal{Subject: "y", Role: auth.RoleAnalyst}, graph.Viewer{}},
	} {
		stub.seen = nil
		if _, err := svc.FindNodes(auth.WithPrincipal(context.Background(), c.p), []string{"per_x1"}); err != nil {
			t.Fatal(err)
		}
		if stub.seen == nil || *stub.seen != c.want {
			t.Errorf("%s: the services saw the viewer %+v, want %+v", c.p.Role, stub.seen, c.want)
		}
	}
	stub.seen = nil
	if _, err := svc.FindNodes(context.Background(), []string{"per_x1"}); graph.ErrorCode(err) != graph.CodeUnauthenticated || stub.seen != nil {
		t.Errorf("without a principal: %v, services called: %v", err, stub.seen != nil)
	}
}

type azStub struct {
	server.Services
	seen *graph.Viewer
}

func (s *azStub) FindNodes(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	v := graph.ViewerOf(ctx)
	s.seen = &v
	return map[string]graph.Node{}, nil
}

func azContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// azWalk calls f on every object in a decoded JSON value.
func azWalk(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, y := range x {
			azWalk(y, f)
		}
	case []any:
		for _, y := range x {
			azWalk(y, f)
		}
	}
}
