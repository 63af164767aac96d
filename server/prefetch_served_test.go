package server_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func (r readCalls) CadreAchievements(ctx context.Context, people []string) (map[string][]*graph.Achievement, error) {
	r.record("achievements", ctx)
	return r.DB.CadreAchievements(ctx, people)
}

func (r readCalls) ContributionProgress(ctx context.Context, people []string, year int) (map[string]*graph.CadreProgress, error) {
	r.record("contributionProgress", ctx)
	return r.DB.ContributionProgress(ctx, people, year)
}

func (r readCalls) FindContributionsOf(ctx context.Context, fs []graph.ContributionFilter, page graph.Page) (map[string]*graph.List[*graph.Contribution], error) {
	r.record("contributions", ctx)
	return r.DB.FindContributionsOf(ctx, fs, page)
}

// TestPrefetchServed checks that the fields whose resolver asks a service
// of its own (a person's achievements, contributions and contribution
// progress) and the
// six-role parts of the reports, with what is under them, are prefetched:
// each is read once for all its parents, under the root field, in the
// same number of statements in each of three runs; and that each person's
// answer in a list equals the answer asked of that person alone.
func TestPrefetchServed(t *testing.T) {
	db, svc, base, tag := recordedNetwork(t)
	ctx := context.Background()
	d := mustQuery(t, base, `query($t: String) { people(where: {nameContains: $t}, first: 10, orderBy: [{field: NAME}]) { edges { node { id } } }
		units(where: {nameContains: $t, kind: [CENTRAL_AGENCY]}, first: 1, orderBy: [{field: NAME}]) { edges { node { id } } } }`, map[string]any{"t": tag})
	people := getList(d, "people.edges")
	if len(people) != 6 {
		t.Fatalf("%d cadres, want 6: %s", len(people), dump(d))
	}
	first, second := getStr(people[0], "node.id"), getStr(people[1], "node.id")
	sending := getStr(d, "units.edges.0.node.id")
	// The first two cadres of the first unit secured a project; the first
	// won a support in 2024 (a story) against a target of two.
	pr, err := db.CreateProject(ctx, graph.CreateProjectInput{Name: "预取项目" + tag, Kind: graph.ProjectInvestment})
	if err != nil {
		t.Fatal(err)
	}
	won := graph.StageWon
	c, err := db.RecordContribution(ctx, graph.RecordContributionInput{Kind: graph.ContributionSupport, Title: "争取资金" + tag,
		Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Stage: &won, Amount: new(3e7), CadreIDs: []string{first, second}, AboutIDs: []string{pr.ID}}, "test", "")
	t.Cleanup(func() {
		for _, q := range []string{`MATCH (c:Contribution) WHERE c.id = $c DETACH DELETE c`, `MATCH (t:ContributionTarget) WHERE split(t.key, ':')[0] = $p DETACH DELETE t`,
			`MATCH (j:Project {id: $j}) DETACH DELETE j`} {
			if err := db.Exec(context.Background(), q, map[string]any{"c": c.ID, "p": first, "j": pr.ID}); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewContribution(ctx, graph.ReviewContributionInput{ID: c.ID, Decision: graph.ReviewConfirmed, Story: new(true), StoryText: new("落地")}, "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetContributionTarget(ctx, graph.SetTargetInput{PersonID: first, Year: 2024, Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 2}}}, "admin"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{first, second} {
		if _, err := db.AddProjectRole(ctx, graph.AddProjectRoleInput{PersonID: p, ProjectID: pr.ID, Role: graph.RoleSecured, Date: new(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))}); err != nil {
			t.Fatal(err)
		}
	}

	// What each person is asked: achievements, contributions (with their
	// cadres) and progress, and under the progress, the person's
	// memberships (a list under a node by id).
	const person = `id name achievements { role date project { name } } contributions(first: 5) { totalCount edges { node { title review cadres { name } } } }
		contributionProgress(year: 2024) { year met kinds { kind target done }
		target { year items { kind count } person { name } } person { name memberships(first: 3) { edges { node { unit { name } } } } } }`
	runPrefetchCases(t, db, svc, base, []prefetchCase{
		{"people", "Query.people", `query($t: String) { people(where: {nameContains: $t}, first: 10, orderBy: [{field: NAME}]) { edges { node { ` + person + ` } } } }`,
			map[string]any{"t": tag},
			// the list; achievements, contributions, progress; the
			// contributions', progress' and targets' people; their
			// memberships
			[]graph.RelField{"achievements", "contributionProgress", "contributions", "nodes", graph.FieldPersonMemberships}, 1 + 5, func(t *testing.T, d map[string]any) {
				eachOf(t, d, "people.edges", 6, func(e any) bool {
					return len(getList(e, "node.contributionProgress.person.memberships.edges")) == 1 && len(getList(e, "node.contributionProgress.kinds")) == 5
				})
				p := getList(d, "people.edges")
				if getStr(p[0], "node.achievements.0.project.name") != "预取项目"+tag || len(getList(p[2], "node.achievements")) != 0 ||
					getStr(p[0], "node.contributionProgress.target.person.name") == "" || getNum(p[1], "node.contributions.totalCount") != 1 ||
					len(getList(p[1], "node.contributions.edges.0.node.cadres")) != 2 || getNum(p[2], "node.contributions.totalCount") != 0 {
					t.Errorf("achievements or target: %s", dump(d))
				}
				// Each person's answer is the answer asked of them alone.
				for _, e := range p {
					alone := mustQuery(t, base, `query($id: ID!) { node(id: $id) { ... on Person { `+person+` } } }`, map[string]any{"id": getStr(e, "node.id")})
					if dump(alone["node"]) != dump(get(e, "node")) {
						t.Errorf("in the list:\n%s\nalone:\n%s", dump(get(e, "node")), dump(alone["node"]))
					}
				}
			}},
		{"unit report", "Query.unitReport", `query($u: ID!) { unitReport(unit: $u, from: "2024-01-01", to: "2024-12-31") { roles { year
			progress { met person { name memberships(first: 3) { edges { node { unit { name } } } } } target { person { name } } }
			roles { role count items { title cadres { name postings(first: 2) { totalCount } } about { id } } } } } }`,
			map[string]any{"u": sending},
			// the cadres, the contributions' cadres and what they are
			// about (one statement); memberships, postings; the report's
			// own statements
			[]graph.RelField{"nodes", graph.FieldPersonMemberships, graph.FieldPersonPostings}, 3 + 3, func(t *testing.T, d map[string]any) {
				eachOf(t, d, "unitReport.roles.progress", 2, func(p any) bool { return len(getList(p, "person.memberships.edges")) == 1 })
				found := false
				for _, s := range getList(d, "unitReport.roles.roles") {
					for _, it := range getList(s, "items") {
						found = found || (getStr(it, "title") == "争取资金"+tag && len(getList(it, "cadres")) == 2 &&
							getNum(it, "cadres.0.postings.totalCount") == 1 && getStr(it, "about.0.id") == pr.ID)
					}
				}
				if !found || getStr(d, "unitReport.roles.progress.0.target.person.name") == "" {
					t.Errorf("the support, its cadres and the target: %s", dump(d))
				}
			}},
		{"city summary", "Query.citySummary", `{ citySummary(from: "2024-01-01", to: "2024-12-31") { roles {
			total { role count unit { name } } byUnit { role count unit { id name members(first: 2) { totalCount } } }
			stories { title cadres { name postings(first: 2) { totalCount } } } } } }`, nil,
			// the rows' units and the stories' cadres (one statement);
			// members, postings; the summary's own statements
			[]graph.RelField{"nodes", graph.FieldPersonPostings, graph.FieldUnitMembers}, 3 + 2, func(t *testing.T, d map[string]any) {
				row, story := false, false
				for _, r := range getList(d, "citySummary.roles.byUnit") {
					row = row || (getStr(r, "unit.id") == sending && getStr(r, "role") == "SUPPORT" && getNum(r, "count") == 1 && getNum(r, "unit.members.totalCount") == 2)
				}
				for _, s := range getList(d, "citySummary.roles.stories") {
					story = story || (getStr(s, "title") == "争取资金"+tag && getNum(s, "cadres.1.postings.totalCount") == 1)
				}
				if !row || !story {
					t.Errorf("the unit's row or the story: %v %v", row, story)
				}
			}},
	})
}

// TestPrefetchServedRules checks that people asked together get, each,
// what they get asked alone, for every role: a cadre lists their own
// pending contributions and reads their own progress, and is refused the
// others' (FORBIDDEN, as alone); an undiscoverable person stays absent.
func TestPrefetchServedRules(t *testing.T) {
	t.Parallel()
	a := newAzEnv(t)
	const fields = `id contributions(review: [PENDING]) { totalCount } contributionProgress(year: 2024) { year }`
	people := []string{a.self, a.other, a.hidden}
	for _, who := range []string{"admin", "officer", "cadre", "analyst"} {
		together := a.as(t, who, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { `+fields+` } } }`, map[string]any{"ids": people})
		if who == "cadre" && (len(together.Errors) != 2 || together.Errors[0].Code() != graph.CodeForbidden ||
			getNum(together.Data, "nodes.0.contributionProgress.year") != 2024 || get(together.Data, "nodes.2") != nil) {
			t.Errorf("a cadre: their own, the other's refused, the hidden one absent: %s", together.Body)
		}
		for i, id := range people {
			alone := a.as(t, who, `query($id: ID!) { node(id: $id) { ... on Person { `+fields+` } } }`, map[string]any{"id": id})
			if got, want := dump(get(together.Data, "nodes."+string(rune('0'+i)))), dump(get(alone.Data, "node")); got != want {
				t.Errorf("%s, person %d: together %s, alone %s", who, i, got, want)
			}
			var errsTogether, errsAlone []string
			for _, e := range together.Errors {
				if len(e.Path) > 1 && e.Path[1] == float64(i) {
					errsTogether = append(errsTogether, e.Code()+" "+e.Message+" "+dump(e.Path[2:]))
				}
			}
			for _, e := range alone.Errors {
				errsAlone = append(errsAlone, e.Code()+" "+e.Message+" "+dump(e.Path[1:]))
			}
			slices.Sort(errsTogether)
			if slices.Sort(errsAlone); !slices.Equal(errsTogether, errsAlone) {
				t.Errorf("%s, person %d: errors together %v, alone %v", who, i, errsTogether, errsAlone)
			}
		}
	}
}
