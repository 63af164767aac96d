package server_test

import (
	"context"
	"testing"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// Issue 21: the six roles. Who records and who confirms contributions.

const (
	recordQ = `mutation($in: RecordContributionInput!) { recordContribution(input: $in) { id kind review stage amount cadres { id } recordedBy } }`
	reviewQ = `mutation($id: ID!, $in: ReviewContributionInput!) { reviewContribution(id: $id, input: $in) { id review reviewComment stage story storyText } }`
	listQ   = `query($id: ID!, $review: [ContributionReview!]) { node(id: $id) { ... on Person { contributions(review: $review, first: 50) { totalCount edges { node { id review reviewComment } } } } } }`
	nodeQ   = `query($id: ID!) { node(id: $id) { ... on Contribution { id title review } } }`
	queueQ  = `{ contributionQueue(first: 100) { totalCount edges { node { id } } } }`
	targetQ = `mutation($in: SetContributionTargetInput!) { setContributionTarget(input: $in) { year items { kind count } person { id } } }`
)

// TestContributionRoles is the role matrix of recording and reviewing.
func TestContributionRoles(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	host := a.unit
	disp := a.env.unit("履职派出单位", "CENTRAL_AGENCY", nil)
	for _, p := range []string{a.self, a.other} {
		a.env.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"personId": p, "hostUnitId": host, "dispatchingUnitId": disp, "title": "副主任", "from": "2024-01-01"}})
	}
	var recorded []string
	t.Cleanup(func() {
		if err := a.db.Exec(context.Background(), `MATCH (c:Contribution) WHERE c.id IN $ids DETACH DELETE c`, map[string]any{"ids": recorded}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		if err := a.db.Exec(context.Background(), `MATCH (t:ContributionTarget) WHERE split(t.key, ':')[0] IN $ids DETACH DELETE t`, map[string]any{"ids": []string{a.self, a.other}}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	rec := func(who string, in map[string]any) gqlResponse {
		t.Helper()
		r := a.as(t, who, recordQ, map[string]any{"in": in})
		if id := getStr(r.Data, "recordContribution.id"); id != "" {
			recorded = append(recorded, id)
		}
		return r
	}
	advice := func(cadres ...string) map[string]any {
		return map[string]any{"kind": "ADVICE", "title": "关于十三五规划的建议", "date": "2024-05-01", "stage": "SUBMITTED", "cadreIds": cadres}
	}

	// A cadre records their own.
	r := rec("cadre", advice(a.self))
	wantOK(t, r)
	mine := getStr(r.Data, "recordContribution.id")
	if getStr(r.Data, "recordContribution.review") != "PENDING" || getStr(r.Data, "recordContribution.recordedBy") != "az-cadre" {
		t.Errorf("recorded: %s", r.Body)
	}

	before := a.fingerprint()
	// Refusals, each naming why; nothing changes.
	wantCode(t, rec("cadre", advice(a.other)), 0, graph.CodeForbidden)
	wantCode(t, rec("analyst", advice(a.self)), 0, graph.CodeForbidden)
	r = rec("officer", advice(a.self))
	wantCode(t, r, 0, graph.CodeForbidden)
	if f, _ := r.Errors[0].Extensions["field"].(string); f != "input.kind" {
		t.Errorf("officer advice: field %q: %s", f, r.Body)
	}
	r = rec("cadre", map[string]any{"kind": "EXAMPLE", "title": "讲座", "date": "2024-05-01", "amount": 5, "cadreIds": []string{a.self}})
	wantCode(t, r, 0, graph.CodeInvalidInput)
	if f, _ := r.Errors[0].Extensions["field"].(string); f != "input.amount" {
		t.Errorf("amount on an example: field %q: %s", f, r.Body)
	}
	for _, who := range []string{"cadre", "officer", "analyst"} {
		wantCode(t, a.as(t, who, reviewQ, map[string]any{"id": mine, "in": map[string]any{"decision": "CONFIRMED"}}), 0, graph.CodeForbidden)
		wantCode(t, a.as(t, who, queueQ, nil), 0, graph.CodeForbidden)
		wantCode(t, a.as(t, who, targetQ, map[string]any{"in": map[string]any{"person": a.self, "year": 2024, "items": []any{map[string]any{"kind": "SUPPORT", "count": 2}}}}), 0, graph.CodeForbidden)
	}
	r = a.as(t, "admin", reviewQ, map[string]any{"id": mine, "in": map[string]any{"decision": "RETURNED"}})
	wantCode(t, r, 0, graph.CodeInvalidInput)
	if f, _ := r.Errors[0].Extensions["field"].(string); f != "input.comment" {
		t.Errorf("return without comment: field %q: %s", f, r.Body)
	}
	if a.fingerprint() != before {
		t.Error("a refused contribution write changed the graph")
	}

	// An officer records a promotion they witnessed, for the cadres involved.
	r = rec("officer", map[string]any{"kind": "PROMOTION", "title": "京津冀推介会", "date": "2024-06-01", "amount": 2e8, "cadreIds": []string{a.self, a.other}})
	wantOK(t, r)
	promo := getStr(r.Data, "recordContribution.id")

	// The admin's queue holds both; the admin returns one with a comment.
	r = a.as(t, "admin", queueQ, nil)
	wantOK(t, r)
	inQueue := map[string]bool{}
	for _, e := range getList(r.Data, "contributionQueue.edges") {
		inQueue[getStr(e, "node.id")] = true
	}
	if !inQueue[mine] || !inQueue[promo] {
		t.Errorf("queue: %s", r.Body)
	}
	r = a.as(t, "admin", reviewQ, map[string]any{"id": mine, "in": map[string]any{"decision": "RETURNED", "comment": "请补充采纳情况"}})
	wantOK(t, r)
	r = a.as(t, "admin", reviewQ, map[string]any{"id": promo, "in": map[string]any{"decision": "CONFIRMED", "story": true, "storyText": "推介会促成两亿元签约"}})
	wantOK(t, r)
	if get(r.Data, "reviewContribution.story") != true {
		t.Errorf("story: %s", r.Body)
	}

	// The cadre sees the returned one with its comment; another cadre
	// only the confirmed ones, and asking for more is FORBIDDEN.
	r = a.as(t, "cadre", listQ, map[string]any{"id": a.self})
	wantOK(t, r)
	if getNum(r.Data, "node.contributions.totalCount") != 2 {
		t.Errorf("own list: %s", r.Body)
	}
	for _, e := range getList(r.Data, "node.contributions.edges") {
		if getStr(e, "node.id") == mine && (getStr(e, "node.review") != "RETURNED" || getStr(e, "node.reviewComment") != "请补充采纳情况") {
			t.Errorf("returned: %s", r.Body)
		}
	}
	r = a.as(t, "cadre2", listQ, map[string]any{"id": a.self})
	wantOK(t, r)
	if getNum(r.Data, "node.contributions.totalCount") != 1 || getStr(getList(r.Data, "node.contributions.edges")[0], "node.id") != promo {
		t.Errorf("another cadre's view: %s", r.Body)
	}
	wantCode(t, a.as(t, "cadre2", listQ, map[string]any{"id": a.self, "review": []string{"RETURNED"}}), 0, graph.CodeForbidden)
	r = a.as(t, "cadre2", nodeQ, map[string]any{"id": mine})
	wantOK(t, r)
	if get(r.Data, "node") != nil {
		t.Errorf("another cadre sees a returned contribution: %s", r.Body)
	}
	r = a.as(t, "cadre", nodeQ, map[string]any{"id": mine})
	wantOK(t, r)
	if getStr(r.Data, "node.review") != "RETURNED" {
		t.Errorf("node of one's own: %s", r.Body)
	}

	// Targets: the admin sets one; the cadre sees their progress.
	r = a.as(t, "admin", targetQ, map[string]any{"in": map[string]any{"person": a.self, "year": 2024, "items": []any{map[string]any{"kind": "PROMOTION", "count": 1}}}})
	wantOK(t, r)
	r = a.as(t, "cadre", `query($id: ID!) { node(id: $id) { ... on Person { contributionProgress(year: 2024) { met kinds { kind target done } } } } }`, map[string]any{"id": a.self})
	wantOK(t, r)
	if get(r.Data, "node.contributionProgress.met") != true {
		t.Errorf("progress: %s", r.Body)
	}
	wantCode(t, a.as(t, "cadre2", `query($id: ID!) { node(id: $id) { ... on Person { contributionProgress(year: 2024) { met } } } }`, map[string]any{"id": a.self}), 0, graph.CodeForbidden)

	// The unit report counts only the confirmed promotion.
	r = a.as(t, "admin", `query($u: ID!) { unitReport(unit: $u, from: "2024-01-01", to: "2024-12-31") { roles { roles { role count amount items { id } } progress { person { id } met } } } }`, map[string]any{"u": disp})
	wantOK(t, r)
	for _, s := range getList(r.Data, "unitReport.roles.roles") {
		switch getStr(s, "role") {
		case "PROMOTION":
			if getNum(s, "count") != 1 || getNum(s, "amount") != 2e8 {
				t.Errorf("PROMOTION: %s", dump(s))
			}
		case "ADVICE":
			if getNum(s, "count") != 0 {
				t.Errorf("the returned advice counts: %s", dump(s))
			}
		}
	}

	// Every write was audited under its operation.
	l, err := a.db.FindAudit(context.Background(), auth.AuditFilter{EntityID: &mine}, graph.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]bool{}
	for _, e := range l.Items {
		ops[e.Operation] = true
	}
	if !ops["recordContribution"] || !ops["reviewContribution"] {
		t.Errorf("audit: %s", dump(l.Items))
	}
}

// TestContributionSearchAndNode: search finds a confirmed contribution by
// its title for every reader, a pending one only for its cadre and admins;
// node(id) answers it as a Contribution.
func TestContributionSearchAndNode(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	disp := a.env.unit("检索派出单位", "CENTRAL_AGENCY", nil)
	a.env.query(`mutation($in: AddPostingInput!) { addPosting(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"personId": a.self, "hostUnitId": a.unit, "dispatchingUnitId": disp, "title": "副主任", "from": "2024-01-01"}})
	word := "检索专用" + a.self[len(a.self)-6:]
	var ids []string
	t.Cleanup(func() {
		if err := a.db.Exec(context.Background(), `MATCH (c:Contribution) WHERE c.id IN $ids DETACH DELETE c`, map[string]any{"ids": ids}); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	for _, title := range []string{word + "已确认", word + "待确认"} {
		r := a.as(t, "cadre", recordQ, map[string]any{"in": map[string]any{"kind": "EXAMPLE", "title": title, "date": "2024-05-01", "cadreIds": []string{a.self}}})
		wantOK(t, r)
		ids = append(ids, getStr(r.Data, "recordContribution.id"))
	}
	wantOK(t, a.as(t, "admin", reviewQ, map[string]any{"id": ids[0], "in": map[string]any{"decision": "CONFIRMED"}}))
	searchQ := `query($q: String!) { search(query: $q, first: 10) { matched node { id ... on Contribution { title } } } }`
	for who, want := range map[string]int{"admin": 2, "cadre": 2, "cadre2": 1, "analyst": 1} {
		r := a.as(t, who, searchQ, map[string]any{"q": word})
		wantOK(t, r)
		n := 0
		for _, h := range getList(r.Data, "search") {
			if getStr(h, "matched") == "title" {
				n++
			}
		}
		if n != want {
			t.Errorf("%s finds %d contributions, want %d: %s", who, n, want, r.Body)
		}
	}
	r := a.as(t, "analyst", nodeQ, map[string]any{"id": ids[0]})
	wantOK(t, r)
	if getStr(r.Data, "node.title") != word+"已确认" {
		t.Errorf("node: %s", r.Body)
	}
}
