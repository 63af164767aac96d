package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// Issue 12: what cadres and officers do for themselves.

const (
	profileQ = `mutation($id: ID!, $in: UpdatePersonInput!) { updatePerson(id: $id, input: $in) { id phone bio discoverable reconnectAfterDays } }`
	logQ12   = `mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id loggedBy summary } }`
	intsQ    = `query($id: ID!) { node(id: $id) { ... on Person { interactions(first: 50) { totalCount edges { node { id summary loggedBy } } } } } }`
)

// TestSelfProfile: a cadre edits their own profile fields, audited as
// themselves; any other field is FORBIDDEN and named in extensions.field;
// another person's profile is FORBIDDEN; nothing changes on refusal.
func TestSelfProfile(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	r := a.as(t, "cadre", profileQ, map[string]any{"id": a.self, "in": map[string]any{"phone": "13912345678", "bio": "改过", "discoverable": false, "reconnectAfterDays": 90}})
	wantOK(t, r)
	if getStr(r.Data, "updatePerson.phone") != "13912345678" || get(r.Data, "updatePerson.discoverable") != false || getNum(r.Data, "updatePerson.reconnectAfterDays") != 90 {
		t.Errorf("updatePerson: %s", r.Body)
	}
	l, err := a.db.FindAudit(context.Background(), auth.AuditFilter{EntityID: &a.self}, graph.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) == 0 || l.Items[0].Operation != "updatePerson" || l.Items[0].Actor != "az-cadre" || l.Items[0].Role != auth.RoleCadre ||
		!strings.Contains(l.Items[0].After, "改过") {
		t.Errorf("audit of the cadre's own update: %s", dump(l.Items))
	}
	before := a.fingerprint()
	for _, c := range []struct {
		who, id string
		in      map[string]any
		field   string
	}{
		{"cadre", a.self, map[string]any{"bio": "x", "name": "新名字"}, "input.name"},
		{"cadre", a.self, map[string]any{"birthYear": 1990}, "input.birthYear"},
		{"officer", a.officer, map[string]any{"gender": "MALE"}, "input.gender"},
		{"cadre", a.other, map[string]any{"bio": "别人的"}, ""},
		{"analyst", a.self, map[string]any{"bio": "x"}, ""},
	} {
		r := a.as(t, c.who, profileQ, map[string]any{"id": c.id, "in": c.in})
		wantCode(t, r, 0, graph.CodeForbidden)
		if f, _ := r.Errors[0].Extensions["field"].(string); f != c.field {
			t.Errorf("%s %v: extensions.field %q, want %q (%s)", c.who, c.in, f, c.field, r.Body)
		}
	}
	if a.fingerprint() != before {
		t.Error("a refused profile change changed the graph")
	}
	// Invalid input names its field too.
	r = a.as(t, "cadre", profileQ, map[string]any{"id": a.self, "in": map[string]any{"email": "not an address"}})
	wantCode(t, r, 0, graph.CodeInvalidInput)
	if f, _ := r.Errors[0].Extensions["field"].(string); f != "input.email" {
		t.Errorf("extensions.field %q, want input.email: %s", f, r.Body)
	}
	// The person still sees themselves in me, though undiscoverable.
	r = a.as(t, "cadre", `{ me { subject role person { id discoverable phone } permissions { action scope } } }`, nil)
	wantOK(t, r)
	if getStr(r.Data, "me.person.id") != a.self || getStr(r.Data, "me.role") != "cadre" || getStr(r.Data, "me.person.phone") != "13912345678" {
		t.Errorf("me: %s", r.Body)
	}
	scopes := map[string]string{}
	for _, p := range getList(r.Data, "me.permissions") {
		scopes[getStr(p, "action")] = getStr(p, "scope")
	}
	if scopes["logInteraction"] != "self" || scopes["write"] != "none" || scopes["editProfile"] != "self" || scopes["acquaint"] != "self" {
		t.Errorf("me.permissions: %v", scopes)
	}
}

// TestSelfAcquaintance: a cadre declares and ends their own acquaintance;
// nobody else's, and no other relationship of theirs.
func TestSelfAcquaintance(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	add := `mutation($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id person { id } since how } }`
	r := a.as(t, "cadre", add, map[string]any{"in": map[string]any{"personId": a.spare, "otherId": a.self, "since": "2020-05-01", "how": "同期挂职"}})
	wantOK(t, r)
	rid := getStr(r.Data, "addAcquaintance.id")
	if getStr(r.Data, "addAcquaintance.since") != "2020-05-01" || getStr(r.Data, "addAcquaintance.how") != "同期挂职" {
		t.Errorf("addAcquaintance: %s", r.Body)
	}
	wantCode(t, a.as(t, "cadre", add, map[string]any{"in": map[string]any{"personId": a.spare, "otherId": a.other}}), 0, graph.CodeForbidden)
	end := `mutation($id: ID!) { endRelationship(id: $id, to: "2026-01-01") { id to } }`
	wantCode(t, a.as(t, "cadre2", end, map[string]any{"id": rid}), 0, graph.CodeForbidden)
	wantCode(t, a.as(t, "analyst", end, map[string]any{"id": rid}), 0, graph.CodeForbidden)
	r = a.as(t, "cadre", end, map[string]any{"id": rid})
	wantOK(t, r)
	if getStr(r.Data, "endRelationship.to") != "2026-01-01" {
		t.Errorf("endRelationship: %s", r.Body)
	}
	// The cadre's membership is not an acquaintance.
	d := a.query(`query($id: ID!) { node(id: $id) { ... on Person { memberships { edges { node { id } } } } } }`, map[string]any{"id": a.self})
	mid := getStr(getList(d, "node.memberships.edges")[0], "node.id")
	r = a.as(t, "cadre", end, map[string]any{"id": mid})
	wantCode(t, r, 0, graph.CodeForbidden)
	if !strings.Contains(r.Errors[0].Message, "acquaintances") {
		t.Errorf("message %q should say why", r.Errors[0].Message)
	}
	l, _ := a.db.FindAudit(context.Background(), auth.AuditFilter{EntityID: &rid}, graph.Page{Limit: 10})
	if len(l.Items) != 2 || l.Items[0].Actor != "az-cadre" || l.Items[0].Operation != "endRelationship" {
		t.Errorf("audit of the acquaintance: %s", dump(l.Items))
	}
}

// TestUnitSummaries: an officer reads the summaries of interactions logged
// by people of their unit (the token's unit claim), not another unit's;
// a cadre logs an interaction they take part in, as the token's subject.
func TestUnitSummaries(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	unitV := a.env.unit("授权别的单位", "OTHER", nil)
	tok := func(sub string, role auth.Role, person, unit string) string {
		return azToken(t, auth.Principal{Subject: sub, Role: role, Person: person, Unit: unit})
	}
	cadreU := tok("az-cadre-u", auth.RoleCadre, a.self, a.unit)
	cadreV := tok("az-cadre-v", auth.RoleCadre, a.other, unitV)
	officerU := tok("az-officer-u", auth.RoleOfficer, a.officer, a.unit)
	officerV := tok("az-officer-v", auth.RoleOfficer, a.officer, unitV)
	at := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)
	r := postAs(t, a.url, cadreU, logQ12, map[string]any{"in": map[string]any{"participantIds": []string{a.self, a.spare}, "at": at, "kind": "MEETING", "summary": "本单位纪要"}})
	wantOK(t, r)
	idU := getStr(r.Data, "logInteraction.id")
	if getStr(r.Data, "logInteraction.loggedBy") != "az-cadre-u" || getStr(r.Data, "logInteraction.summary") != "本单位纪要" {
		t.Errorf("logInteraction: %s", r.Body)
	}
	r = postAs(t, a.url, cadreV, logQ12, map[string]any{"in": map[string]any{"participantIds": []string{a.other, a.spare}, "at": at, "kind": "CALL", "summary": "别单位纪要"}})
	wantOK(t, r)
	idV := getStr(r.Data, "logInteraction.id")
	// A cadre may not log for others.
	wantCode(t, postAs(t, a.url, cadreU, logQ12, map[string]any{"in": map[string]any{"participantIds": []string{a.other, a.spare}, "at": at, "kind": "CALL"}}), 0, graph.CodeForbidden)

	for name, c := range map[string]struct {
		token string
		want  map[string]string
	}{
		"officer of the unit":  {officerU, map[string]string{idU: "本单位纪要", idV: ""}},
		"officer of the other": {officerV, map[string]string{idU: "", idV: "别单位纪要"}},
		"analyst":              {a.tokens["analyst"], map[string]string{idU: "", idV: ""}},
	} {
		r := postAs(t, a.url, c.token, intsQ, map[string]any{"id": a.spare})
		wantOK(t, r)
		got := map[string]string{}
		for _, e := range getList(r.Data, "node.interactions.edges") {
			got[getStr(e, "node.id")] = getStr(e, "node.summary")
		}
		for id, w := range c.want {
			if s, ok := got[id]; !ok || s != w {
				t.Errorf("%s: summary of %s = %q (listed %v), want %q", name, id, s, ok, w)
			}
		}
	}
}

// TestFutureInteraction: a date in the future answers INVALID_INPUT with
// extensions.field input.at and writes nothing.
func TestFutureInteraction(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	count := func() float64 {
		return getNum(a.query(intsQ, map[string]any{"id": a.self}), "node.interactions.totalCount")
	}
	n := count()
	at := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	r := a.as(t, "cadre", logQ12, map[string]any{"in": map[string]any{"participantIds": []string{a.self, a.spare}, "at": at, "kind": "MEETING", "summary": "未来"}})
	wantCode(t, r, 0, graph.CodeInvalidInput)
	if f, _ := r.Errors[0].Extensions["field"].(string); f != "input.at" || !strings.Contains(r.Errors[0].Message, "future") {
		t.Errorf("error %s", r.Body)
	}
	if count() != n {
		t.Error("a refused interaction was written")
	}
}

// TestRemindersAndCalendar: the cohort leaving within 60 days, the new
// arrivals, the reconnect suggestion, all in the iCalendar feed (valid
// RFC 5545), and a rotated secret stops the old URL (403).
func TestRemindersAndCalendar(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	host := a.env.unit("授权接收单位", "LOCAL_GOVERNMENT", nil)
	today := graph.Today()
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	post := func(p, from, to string) {
		in := map[string]any{"personId": p, "hostUnitId": host, "dispatchingUnitId": a.unit, "title": "副县长", "from": from}
		if to != "" {
			in["to"] = to
		}
		a.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`, map[string]any{"in": in})
	}
	post(a.self, day(-400), "")       // serving
	post(a.other, day(-300), day(30)) // leaves in 30 days
	post(a.spare, day(-10), "")       // arrived 10 days ago
	post(a.hidden, day(-5), "")       // undiscoverable: never listed
	// Serving together and never in touch makes spare a reconnect
	// suggestion of self (other and officer had an interaction two days ago).

	r := a.as(t, "cadre", `query($p: ID!) { reminders(person: $p) { days leaving { person { id } to } arrivals { person { id } from } } }`, map[string]any{"p": a.self})
	wantOK(t, r)
	leaving, arrivals := getList(r.Data, "reminders.leaving"), getList(r.Data, "reminders.arrivals")
	if len(leaving) != 1 || getStr(leaving[0], "person.id") != a.other || getStr(leaving[0], "to") != day(30) {
		t.Errorf("leaving: %s", r.Body)
	}
	ids := names(arrivals, "person.id")
	if !azContains(ids, a.spare) || azContains(ids, a.hidden) || azContains(ids, a.self) {
		t.Errorf("arrivals %v (spare %s, hidden %s)", ids, a.spare, a.hidden)
	}
	wantCode(t, a.as(t, "cadre", `query($p: ID!) { reminders(person: $p, days: 400) { days } }`, map[string]any{"p": a.self}), 0, graph.CodeInvalidInput)

	rotate := `mutation($p: ID!) { rotateCalendarFeed(person: $p) { secret path } }`
	r = a.as(t, "cadre", rotate, map[string]any{"p": a.self})
	wantOK(t, r)
	oldPath := getStr(r.Data, "rotateCalendarFeed.path")
	body := fetchFeed(t, a.url+oldPath, http.StatusOK)
	checkRFC5545(t, body)
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse the feed: %v\n%s", err, body)
	}
	r = a.as(t, "cadre", `query($p: ID!) { reconnectSuggestions(person: $p) { person { id name } reason } }`, map[string]any{"p": a.self})
	wantOK(t, r)
	sugg := getList(r.Data, "reconnectSuggestions")
	if len(sugg) == 0 || !azContains(names(sugg, "person.id"), a.spare) {
		t.Fatalf("reconnectSuggestions: %s", r.Body)
	}
	reconnect := map[string]bool{}
	leave := false
	for _, ev := range cal.Events() {
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertyUniqueId, ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtStart, ics.ComponentPropertySummary} {
			if ev.GetProperty(p) == nil {
				t.Errorf("event %s lacks %s", ev.Id(), p)
			}
		}
		sum := ev.GetProperty(ics.ComponentPropertySummary).Value
		desc := ev.GetProperty(ics.ComponentPropertyDescription).Value
		for _, sg := range sugg {
			if strings.HasPrefix(ev.Id(), "reconnect-") && strings.Contains(sum, getStr(sg, "person.name")) &&
				strings.Contains(desc, strings.ReplaceAll(getStr(sg, "reason"), ",", "\\,")) {
				reconnect[getStr(sg, "person.id")] = true
			}
		}
		if strings.HasPrefix(ev.Id(), "leaving-") && strings.Contains(sum, "授权他人") && ev.GetProperty(ics.ComponentPropertyDtStart).Value == today.AddDate(0, 0, 30).Format("20060102") {
			leave = true
		}
	}
	if len(reconnect) != len(sugg) || !leave {
		t.Errorf("feed: reconnect suggestion %v, leaving %v:\n%s", reconnect, leave, body)
	}
	// Rotation: the old URL is refused, the new one works.
	r = a.as(t, "cadre", rotate, map[string]any{"p": a.self})
	wantOK(t, r)
	fetchFeed(t, a.url+oldPath, http.StatusForbidden)
	fetchFeed(t, a.url+getStr(r.Data, "rotateCalendarFeed.path"), http.StatusOK)
	fetchFeed(t, a.url+"/calendar/not-a-secret.ics", http.StatusForbidden)
	// Another cadre may not rotate it.
	wantCode(t, a.as(t, "cadre2", rotate, map[string]any{"p": a.self}), 0, graph.CodeForbidden)
}

func fetchFeed(t *testing.T, url string, status int) []byte {
	t.Helper()
	a := httpGet(t, url)
	if a.Status != status {
		t.Fatalf("GET %s: %d, want %d: %s", url, a.Status, status, a.Body)
	}
	if status == http.StatusOK && !strings.HasPrefix(a.ContentType, "text/calendar") {
		t.Errorf("Content-Type %q", a.ContentType)
	}
	return a.Body
}

// checkRFC5545 checks the rules a parser may forgive: CRLF line ends,
// lines of at most 75 octets, folded lines starting with a space, VERSION
// and PRODID once in the calendar, UID and DTSTAMP in every component.
func checkRFC5545(t *testing.T, b []byte) {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Error("lines must end in CRLF, and only there")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("first and last lines %q, %q", lines[0], lines[len(lines)-1])
	}
	var unfolded []string
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	count := map[string]int{}
	inComp := ""
	compProps := map[string]bool{}
	for _, l := range unfolded {
		name := strings.ToUpper(strings.SplitN(strings.SplitN(l, ":", 2)[0], ";", 2)[0])
		switch {
		case name == "BEGIN" && l != "BEGIN:VCALENDAR":
			inComp, compProps = strings.TrimPrefix(l, "BEGIN:"), map[string]bool{}
		case name == "END" && l != "END:VCALENDAR":
			for _, req := range []string{"UID", "DTSTAMP"} {
				if !compProps[req] {
					t.Errorf("%s without %s", inComp, req)
				}
			}
			inComp = ""
		case inComp != "":
			compProps[name] = true
		default:
			count[name]++
		}
	}
	if count["VERSION"] != 1 || count["PRODID"] != 1 {
		t.Errorf("VERSION %d, PRODID %d times", count["VERSION"], count["PRODID"])
	}
	if !strings.Contains(s, "VERSION:2.0\r\n") {
		t.Error("VERSION is not 2.0")
	}
}
