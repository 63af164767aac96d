package neo4jdb

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
)

// A contribution is a node (:Contribution)-[:BY]->(:Person) for each of
// its cadres and -[:CONCERNS]->(:Entity) for the units, companies,
// projects and regions it concerns. Like an interaction it carries no
// Entity label: it is no node of paths, lists or the neighbourhood.
// A target is (:Person)-[:HAS_TARGET]->(:ContributionTarget {year}), its
// counts in two parallel lists (kinds, counts).
//
// A contribution is visible to a viewer when one of its cadres is; its
// list of cadres holds only the visible ones.

// ContributionSchemaStatements are the constraints and indexes of
// contributions and targets.
var ContributionSchemaStatements = []string{
	"CREATE CONSTRAINT Contribution_id IF NOT EXISTS FOR (n:Contribution) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX Contribution_date IF NOT EXISTS FOR (n:Contribution) ON (n.date)",
	"CREATE INDEX Contribution_review IF NOT EXISTS FOR (n:Contribution) ON (n.review)",
	"CREATE CONSTRAINT ContributionTarget_key IF NOT EXISTS FOR (n:ContributionTarget) REQUIRE n.key IS UNIQUE",
}

// contributionProj is the map projection of the contribution c.
var contributionProj = fill(`c {.*, by: [(c)-[:BY]->(p:Person) WHERE {{visibleP}} | {id: p.id, name: p.name}], about: [(c)-[:CONCERNS]->(x) | x.id]}`,
	"visibleP", visibleP)

// contributionVisible keeps c when one of its cadres is visible.
var contributionVisible = fill(`EXISTS { MATCH (c)-[:BY]->(p:Person) WHERE {{visibleP}} }`,
	"visibleP", visibleP)

// One contribution by id: as it is (inside a write), and as the viewer may
// see it.
var (
	getContribution        = fill(`MATCH (c:Contribution {id: $id}) RETURN {{proj}}`, "proj", contributionProj)
	getVisibleContribution = fill(`MATCH (c:Contribution {id: $id}) WHERE {{visible}} RETURN {{proj}}`,
		"visible", contributionVisible, "proj", contributionProj)
)

var cypherRecordContribution = createLinked(`CREATE (x:Contribution {id: $id, kind: $kind, title: $title, titleEn: $titleEn, date: $date,
  description: $description, stage: $stage, amount: $amount, review: 'PENDING', story: false, storyText: $storyText,
  recordedBy: $recordedBy, recordedByPerson: $recordedByPerson, recordedAt: datetime(), updatedAt: datetime()})`, "BY", "CONCERNS")

// cypherNotCadres lists the people of $ids without any posting.
const cypherNotCadres = `UNWIND $ids AS pid MATCH (p:Person {id: pid}) WHERE NOT EXISTS { (p)-[:POSTED_TO]->() } RETURN p.id`

// RecordContribution records a new PENDING contribution.
func (db *DB) RecordContribution(ctx context.Context, in graph.RecordContributionInput, recordedBy, recordedByPerson string) (*graph.Contribution, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id := graph.NewContributionID()
	out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		if err := requireExist(ctx, tx, append(refsTo("input.cadreIds", in.CadreIDs), refsTo("input.aboutIds", in.AboutIDs)...)); err != nil {
			return nil, err
		}
		recs, err := tx.run(ctx, cypherNotCadres, map[string]any{"ids": in.CadreIDs})
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			pid, _ := recs[0].Values[0].(string)
			return nil, graph.Errorf(graph.CodeInvalidInput, "input.cadreIds: %q is not a cadre (the person has no posting)", pid)
		}
		var stage any
		if in.Stage != nil {
			stage = string(*in.Stage)
		}
		var amount any
		if in.Amount != nil {
			amount = *in.Amount
		}
		if _, err := tx.run(ctx, cypherRecordContribution, map[string]any{"id": id, "kind": string(in.Kind),
			"title": strings.TrimSpace(in.Title), "titleEn": optStr(in.TitleEn), "date": dateValue(&in.Date),
			"description": optStr(in.Description), "stage": stage, "amount": amount, "storyText": optStr(in.StoryText),
			"recordedBy": nullIfEmpty(recordedBy), "recordedByPerson": nullIfEmpty(recordedByPerson),
			"people": in.CadreIDs, "about": nonNil(in.AboutIDs)}); err != nil {
			return nil, err
		}
		return findContributionTx(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return out.(*graph.Contribution), nil
}

func findContributionTx(ctx context.Context, tx txRunner, id string) (*graph.Contribution, error) {
	recs, err := tx.run(ctx, getContribution, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.Errorf(graph.CodeNotFound, "id: contribution %q not found", id)
	}
	return decodeContribution(recs[0].Values[0]), nil
}

const cypherReviewContribution = `MATCH (c:Contribution {id: $id})
SET c.review = $decision, c.reviewComment = $comment, c.reviewedBy = $reviewedBy, c.reviewedAt = datetime(),
    c.updatedAt = datetime(), c.stage = coalesce($stage, c.stage),
    c.story = CASE WHEN $decision = 'CONFIRMED' THEN coalesce($story, c.story) ELSE false END,
    c.storyText = coalesce($storyText, c.storyText)`

// ReviewContribution confirms or returns a contribution.
func (db *DB) ReviewContribution(ctx context.Context, in graph.ReviewContributionInput, reviewedBy string) (*graph.Contribution, error) {
	if !graph.IsContributionID(in.ID) {
		return nil, graph.Errorf(graph.CodeInvalidInput, "id: %q is not a valid contribution id", in.ID)
	}
	out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		c, err := findContributionTx(ctx, tx, in.ID)
		if err != nil {
			return nil, err
		}
		if err := in.Validate(c.Kind); err != nil {
			return nil, err
		}
		var stage, story any
		if in.Stage != nil {
			stage = string(*in.Stage)
		}
		if in.Story != nil {
			story = *in.Story
		}
		if _, err := tx.run(ctx, cypherReviewContribution, map[string]any{"id": in.ID, "decision": string(in.Decision),
			"comment": optStr(in.Comment), "reviewedBy": nullIfEmpty(reviewedBy), "stage": stage, "story": story,
			"storyText": optStr(in.StoryText)}); err != nil {
			return nil, err
		}
		return findContributionTx(ctx, tx, in.ID)
	})
	if err != nil {
		return nil, err
	}
	return out.(*graph.Contribution), nil
}

// FindContribution is one contribution the viewer may see.
func (db *DB) FindContribution(ctx context.Context, id string) (*graph.Contribution, error) {
	if !graph.IsContributionID(id) {
		return nil, graph.Errorf(graph.CodeInvalidInput, "id: %q is not a valid contribution id", id)
	}
	recs, err := db.read(ctx, getVisibleContribution,
		map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.Errorf(graph.CodeNotFound, "id: contribution %q not found", id)
	}
	return decodeContribution(recs[0].Values[0]), nil
}

var cypherContributionsWhere = fill(`MATCH (c:Contribution)
WHERE ($person IS NULL OR EXISTS { MATCH (c)-[:BY]->(p:Person {id: $person}) WHERE {{visibleP}} })
  AND (size($review) = 0 OR c.review IN $review) AND ($kind IS NULL OR c.kind = $kind)
  AND ($from IS NULL OR c.date >= $from) AND ($to IS NULL OR c.date <= $to)
  AND {{contributionVisible}}`,
	"visibleP", visibleP, "contributionVisible", contributionVisible)

var cypherFindContributions = fill(`CALL () { {{cypherContributionsWhere}} RETURN count(c) AS total }
CALL () { {{cypherContributionsWhere}}
  WITH c ORDER BY c.date DESC, c.recordedAt DESC, c.id SKIP $skip LIMIT $limit
  RETURN collect({{contributionProj}}) AS items }
RETURN total, items`,
	"cypherContributionsWhere", cypherContributionsWhere, "contributionProj", contributionProj)

// FindContributions lists contributions, newest first.
func (db *DB) FindContributions(ctx context.Context, f graph.ContributionFilter, page graph.Page) (*graph.List[*graph.Contribution], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	params := contributionParams(f)
	params["skip"], params["limit"] = page.Offset, page.Limit+1
	recs, err := db.read(ctx, cypherFindContributions, params)
	if err != nil {
		return nil, err
	}
	return pageOf(recs, page, decodeContribution), nil
}

// contributionParams are the values of a contribution filter.
func contributionParams(f graph.ContributionFilter) map[string]any {
	review := make([]string, 0, len(f.Review))
	for _, r := range f.Review {
		review = append(review, string(r))
	}
	var kind any
	if f.Kind != nil {
		kind = string(*f.Kind)
	}
	return map[string]any{"person": nullIfEmpty(f.PersonID), "review": review, "kind": kind, "from": dateValue(f.From), "to": dateValue(f.To)}
}

// cypherContributionsOfWhere keeps the contributions of the person of
// the key k that its filter keeps: cypherContributionsWhere, from the
// person.
var cypherContributionsOfWhere = fill(`MATCH (p:Person {id: k.person})<-[:BY]-(c:Contribution) WHERE {{visibleP}}
WITH DISTINCT c WHERE (size(k.review) = 0 OR c.review IN k.review) AND (k.kind IS NULL OR c.kind = k.kind)
  AND (k.from IS NULL OR c.date >= k.from) AND (k.to IS NULL OR c.date <= k.to)
  AND {{contributionVisible}}`,
	"visibleP", visibleP, "contributionVisible", contributionVisible)

// cypherFindContributionsOf is cypherFindContributions for many people,
// each with its own filter ($keys: the values of contributionParams).
var cypherFindContributionsOf = fill(`UNWIND $keys AS k
CALL (k) { {{where}} RETURN count(c) AS total }
CALL (k) { {{where}}
  WITH c ORDER BY c.date DESC, c.recordedAt DESC, c.id SKIP $skip LIMIT $limit
  RETURN collect({{contributionProj}}) AS items }
RETURN k.person AS person, total, items`,
	"where", cypherContributionsOfWhere, "contributionProj", contributionProj)

// FindContributionsOf lists the contributions of many people in one
// statement: for each filter, which names a person, the page that
// FindContributions answers for it, keyed by the person.
func (db *DB) FindContributionsOf(ctx context.Context, fs []graph.ContributionFilter, page graph.Page) (map[string]*graph.List[*graph.Contribution], error) {
	ids := make([]string, len(fs))
	keys := make([]map[string]any, len(fs))
	for i, f := range fs {
		if err := f.Validate(); err != nil {
			return nil, err
		}
		ids[i], keys[i] = f.PersonID, contributionParams(f)
	}
	if err := graph.ValidateAchievementPeople(ids); err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		if err := page.CheckLimit(); err != nil {
			return nil, err
		}
		return map[string]*graph.List[*graph.Contribution]{}, nil
	}
	return perPerson(ctx, db, cypherFindContributionsOf, map[string]any{"keys": keys}, page,
		func(m map[string]any) (*graph.Contribution, error) { return decodeContribution(m), nil })
}

func decodeContribution(v any) *graph.Contribution {
	m, _ := v.(map[string]any)
	c := &graph.Contribution{ID: str(m, "id"), Kind: graph.ContributionKind(str(m, "kind")), Title: str(m, "title"),
		TitleEn: str(m, "titleEn"), Date: timeOf(m, "date"), Description: str(m, "description"), Amount: optFloat(m, "amount"),
		AboutIDs: strings_(m, "about"), Review: graph.ContributionReview(str(m, "review")),
		ReviewComment: str(m, "reviewComment"), ReviewedBy: str(m, "reviewedBy"), ReviewedAt: optDate(m, "reviewedAt"),
		Story: boolOr(m, "story", false), StoryText: str(m, "storyText"), RecordedBy: str(m, "recordedBy"),
		RecordedByPerson: str(m, "recordedByPerson"), RecordedAt: timeOf(m, "recordedAt"), UpdatedAt: timeOf(m, "updatedAt")}
	for _, b := range reportList(m["by"]) {
		bm := reportMap(b)
		c.CadreIDs, c.CadreNames = append(c.CadreIDs, str(bm, "id")), append(c.CadreNames, str(bm, "name"))
	}
	if c.CadreIDs == nil {
		c.CadreIDs = []string{}
	}
	if s := str(m, "stage"); s != "" {
		st := graph.ContributionStage(s)
		c.Stage = &st
	}
	return c
}

// --- targets ---------------------------------------------------------------

const cypherSetTarget = `MATCH (p:Person {id: $person})
MERGE (t:ContributionTarget {key: $key})
ON CREATE SET t.year = $year
SET t.kinds = $kinds, t.counts = $counts, t.note = $note, t.setBy = $setBy, t.setAt = datetime()
MERGE (p)-[:HAS_TARGET]->(t)
RETURN t {.*}`

// SetContributionTarget sets (replaces) a cadre's target for a year.
func (db *DB) SetContributionTarget(ctx context.Context, in graph.SetTargetInput, setBy string) (*graph.ContributionTarget, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	kinds := make([]string, len(in.Items))
	counts := make([]int64, len(in.Items))
	for i, it := range in.Items {
		kinds[i], counts[i] = string(it.Kind), int64(it.Count)
	}
	out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		if err := requireExist(ctx, tx, [][2]string{{"input.person", in.PersonID}}); err != nil {
			return nil, err
		}
		recs, err := tx.run(ctx, cypherNotCadres, map[string]any{"ids": []string{in.PersonID}})
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			return nil, graph.Errorf(graph.CodeInvalidInput, "input.person: %q is not a cadre (the person has no posting)", in.PersonID)
		}
		recs, err = tx.run(ctx, cypherSetTarget, map[string]any{"person": in.PersonID, "key": targetKey(in.PersonID, in.Year),
			"year": in.Year, "kinds": kinds, "counts": counts, "note": optStr(in.Note), "setBy": nullIfEmpty(setBy)})
		if err != nil {
			return nil, err
		}
		t := decodeTarget(recs[0].Values[0])
		t.PersonID = in.PersonID
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*graph.ContributionTarget), nil
}

func targetKey(personID string, year int) string {
	return personID + ":" + time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
}

func decodeTarget(v any) *graph.ContributionTarget {
	m, _ := v.(map[string]any)
	if m == nil {
		return nil
	}
	t := &graph.ContributionTarget{Year: reportInt(m, "year"), Note: str(m, "note"), SetBy: str(m, "setBy"), SetAt: timeOf(m, "setAt")}
	if k := str(m, "key"); k != "" {
		t.PersonID, _, _ = strings.Cut(k, ":")
	}
	kinds := strings_(m, "kinds")
	counts, _ := m["counts"].([]any)
	for i, k := range kinds {
		n := 0
		if i < len(counts) {
			if c, ok := counts[i].(int64); ok {
				n = int(c)
			}
		}
		t.Items = append(t.Items, graph.TargetItem{Kind: graph.ContributionKind(k), Count: n})
	}
	return t
}

// contributionCounts keeps c when it counts towards a target
// (graph.Contribution.Counts).
const contributionCounts = `c.review = 'CONFIRMED' AND (c.kind <> 'SUPPORT' OR c.stage = 'WON')`

var cypherProgress = fill(`UNWIND $ids AS pid
MATCH (p:Person {id: pid}) WHERE {{visibleP}}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_TARGET]->(t:ContributionTarget {year: $year})
  RETURN t {.*} AS target
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:BY]-(c:Contribution) WHERE c.date >= $yfrom AND c.date <= $yto AND {{contributionCounts}}
  RETURN collect(c.kind) AS done
}
RETURN pid, target, done`,
	"visibleP", visibleP, "contributionCounts", contributionCounts)

// ContributionProgress is each visible person's progress in the year.
func (db *DB) ContributionProgress(ctx context.Context, personIDs []string, year int) (map[string]*graph.CadreProgress, error) {
	if err := graph.ValidateAchievementPeople(personIDs); err != nil {
		return nil, err
	}
	if year < graph.MinDateYear || year > graph.Today().Year()+graph.MaxDateYearOffset {
		return nil, graph.Errorf(graph.CodeInvalidInput, "year: must lie between %d and %d, got %d", graph.MinDateYear, graph.Today().Year()+graph.MaxDateYearOffset, year)
	}
	yfrom := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	yto := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	recs, err := db.read(ctx, cypherProgress, map[string]any{"ids": personIDs, "year": year,
		"yfrom": dateValue(&yfrom), "yto": dateValue(&yto)})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*graph.CadreProgress, len(recs))
	for _, rec := range recs {
		pid, _ := rec.Values[0].(string)
		t := decodeTarget(rec.Values[1])
		if t != nil {
			t.PersonID = pid
		}
		done := map[graph.ContributionKind]int{}
		for _, k := range reportList(rec.Values[2]) {
			if s, ok := k.(string); ok {
				done[graph.ContributionKind(s)]++
			}
		}
		out[pid] = progressOf(pid, year, t, done)
	}
	return out, nil
}

func progressOf(pid string, year int, t *graph.ContributionTarget, done map[graph.ContributionKind]int) *graph.CadreProgress {
	p := &graph.CadreProgress{PersonID: pid, Year: year, Target: t}
	for _, k := range graph.ContributionKinds {
		tp := graph.TargetProgress{Kind: k, Done: done[k]}
		if t != nil {
			for _, it := range t.Items {
				if it.Kind == k {
					tp.Target = it.Count
				}
			}
		}
		p.Kinds = append(p.Kinds, tp)
	}
	return p
}

// --- reports ---------------------------------------------------------------

// confirmedInPeriod keeps c when it counts in the report's period.
const confirmedInPeriod = `c.review = 'CONFIRMED' AND c.date >= $from AND c.date <= $to`

// cypherUnitRoles is the six-role part of a unit report: the confirmed
// contributions of the unit's cadres in the period by kind, and the
// distinct interactions with them.
var cypherUnitRoles = fill(`CALL () {
  MATCH (p:Person)-[r:POSTED_TO {dispatchingUnitId: $unit}]->(:Unit)
  WHERE {{postingInPeriod}} AND {{visibleP}}
  RETURN collect(DISTINCT p) AS cadres
}
CALL (cadres) {
  UNWIND cadres AS p
  MATCH (p)<-[:BY]-(c:Contribution) WHERE {{confirmedInPeriod}}
  WITH DISTINCT c
  ORDER BY c.date, c.id
  WITH c.kind AS kind, count(c) AS n, sum(coalesce(c.amount, 0.0)) AS amount, collect(c) AS cs
  RETURN collect({key: kind, count: n, amount: amount, items: [c IN cs[..$limit] | {{contributionProj}}]}) AS roles
}
CALL (cadres) {
  UNWIND cadres AS p
  MATCH (p)<-[:WITH]-(i:Interaction) WHERE i.at >= $start AND i.at < $end
  RETURN count(DISTINCT i) AS interactions
}
RETURN roles, interactions`,
	"postingInPeriod", postingInPeriod, "visibleP", visibleP, "confirmedInPeriod", confirmedInPeriod, "contributionProj", contributionProj)

// UnitRoles is the six-role part of a unit's report for [from, to], with
// the progress of the cadres listed (in the year of to).
func (db *DB) UnitRoles(ctx context.Context, unitID string, from, to time.Time, cadreIDs []string) (*graph.RoleReport, error) {
	p, err := graph.ValidateUnitReport(unitID, from, to)
	if err != nil {
		return nil, err
	}
	params := reportParams(p)
	params["unit"] = unitID
	params["limit"] = graph.MaxReportContributions
	recs, err := db.read(ctx, cypherUnitRoles, params)
	if err != nil {
		return nil, err
	}
	rep := &graph.RoleReport{Year: p.To.Year()}
	m := recs[0].AsMap()
	rep.Roles = roleSections(reportList(m["roles"]), reportInt(m, "interactions"))
	if len(cadreIDs) == 0 {
		return rep, nil
	}
	progress := map[string]*graph.CadreProgress{}
	for start := 0; start < len(cadreIDs); start += graph.MaxAchievementPeople {
		batch := cadreIDs[start:min(len(cadreIDs), start+graph.MaxAchievementPeople)]
		got, err := db.ContributionProgress(ctx, batch, rep.Year)
		if err != nil {
			return nil, err
		}
		for k, v := range got {
			progress[k] = v
		}
	}
	for _, id := range cadreIDs {
		if pr := progress[id]; pr != nil {
			rep.Progress = append(rep.Progress, pr)
		}
	}
	return rep, nil
}

// roleSections orders the rows of a role breakdown as the speech does,
// with a zero section for each role without any, and the interactions as
// the liaison section.
func roleSections(rows []any, interactions int) []*graph.RoleSection {
	byKey := map[string]*graph.RoleSection{}
	for _, x := range rows {
		m := reportMap(x)
		s := &graph.RoleSection{Role: str(m, "key"), Count: reportInt(m, "count"), Amount: reportFloat(m, "amount")}
		for _, it := range reportList(m["items"]) {
			s.Items = append(s.Items, decodeContribution(it))
		}
		sort.SliceStable(s.Items, func(i, j int) bool { return s.Items[i].Date.Before(s.Items[j].Date) })
		s.Truncated = len(s.Items) < s.Count
		byKey[s.Role] = s
	}
	out := make([]*graph.RoleSection, 0, len(graph.SixRoles))
	for _, r := range graph.SixRoles {
		s := byKey[r]
		if s == nil {
			s = &graph.RoleSection{Role: r}
		}
		if r == graph.RoleLiaison {
			s.Count = interactions
		}
		out = append(out, s)
	}
	return out
}

// cypherCityRoles is the six-role part of the city summary: confirmed
// contributions of the period by kind, in the city and by the
// dispatching units of their cadres' postings that overlap the period,
// and the stories.
var cypherCityRoles = fill(`CALL () {
  MATCH (c:Contribution) WHERE {{confirmedInPeriod}} AND {{contributionVisible}}
  RETURN c.kind AS key, count(c) AS n, sum(coalesce(c.amount, 0.0)) AS amount
}
WITH collect({key: key, count: n, amount: amount}) AS total
CALL () {
  MATCH (c:Contribution)-[:BY]->(p:Person)-[r:POSTED_TO]->(:Unit)
  WHERE {{confirmedInPeriod}} AND {{postingInPeriod}} AND {{visibleP}} AND r.dispatchingUnitId IS NOT NULL
  WITH DISTINCT r.dispatchingUnitId AS unit, c
  WITH unit, c.kind AS key, count(c) AS n, sum(coalesce(c.amount, 0.0)) AS amount
  MATCH (u:Unit {id: unit})
  WITH u, key, n, amount ORDER BY u.pinyin, u.id
  RETURN collect({unit: u.id, name: u.name, key: key, count: n, amount: amount})[..$rows] AS byUnit
}
CALL () {
  MATCH (c:Contribution) WHERE {{confirmedInPeriod}} AND c.story AND {{contributionVisible}}
  WITH c ORDER BY c.date DESC, c.id LIMIT $stories
  RETURN collect({{contributionProj}}) AS stories
}
RETURN total, byUnit, stories`,
	"confirmedInPeriod", confirmedInPeriod, "contributionVisible", contributionVisible, "postingInPeriod", postingInPeriod, "visibleP", visibleP, "contributionProj", contributionProj)

// CityRoles is the six-role part of the city summary of [from, to]. The
// liaison rows are left to the summary's interactions.
func (db *DB) CityRoles(ctx context.Context, from, to time.Time) (*graph.CityRoles, error) {
	p, err := graph.NewReportPeriod(from, to)
	if err != nil {
		return nil, err
	}
	params := reportParams(p)
	params["rows"] = graph.MaxSummaryRows * len(graph.ContributionKinds)
	params["stories"] = graph.MaxSummaryStories
	recs, err := db.read(ctx, cypherCityRoles, params)
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	out := &graph.CityRoles{}
	totals := map[string]graph.ReportRow{}
	for _, r := range reportRows(m["total"]) {
		totals[r.Key] = r
	}
	for _, k := range graph.ContributionKinds {
		r := totals[string(k)]
		out.Total = append(out.Total, graph.RoleSummaryRow{Role: string(k), Count: r.Count, Amount: r.Amount})
	}
	order := map[string]int{}
	for i, k := range graph.ContributionKinds {
		order[string(k)] = i
	}
	first := map[string]int{}
	for _, x := range reportList(m["byUnit"]) {
		r := reportMap(x)
		row := graph.RoleSummaryRow{UnitID: str(r, "unit"), UnitName: str(r, "name"), Role: str(r, "key"),
			Count: reportInt(r, "count"), Amount: reportFloat(r, "amount")}
		if _, ok := first[row.UnitID]; !ok {
			first[row.UnitID] = len(first)
		}
		out.ByUnit = append(out.ByUnit, row)
	}
	sort.SliceStable(out.ByUnit, func(i, j int) bool {
		a, b := out.ByUnit[i], out.ByUnit[j]
		if a.UnitID != b.UnitID {
			return first[a.UnitID] < first[b.UnitID]
		}
		return order[a.Role] < order[b.Role]
	})
	for _, x := range reportList(m["stories"]) {
		out.Stories = append(out.Stories, decodeContribution(x))
	}
	return out, nil
}

// --- bulk ------------------------------------------------------------------

const cypherLoadContributions = `UNWIND $rows AS row
MERGE (c:Contribution {id: row.id})
SET c += row.props
WITH c, row
CALL (c, row) {
  UNWIND row.cadres AS pid
  MATCH (p:Person {id: pid})
  MERGE (c)-[:BY]->(p)
}
CALL (c, row) {
  UNWIND row.about AS aid
  MATCH (x:Entity {id: aid})
  MERGE (c)-[:CONCERNS]->(x)
}
RETURN count(c)`

const cypherLoadTargets = `UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MERGE (t:ContributionTarget {key: row.key})
SET t.year = row.year, t.kinds = row.kinds, t.counts = row.counts, t.note = row.note, t.setBy = row.setBy, t.setAt = datetime()
MERGE (p)-[:HAS_TARGET]->(t)
RETURN count(t)`

// LoadContributions writes contributions and targets as they are (the
// seed's): by id and by person and year, so that loading them again
// changes nothing.
func (db *DB) LoadContributions(ctx context.Context, cs []*graph.Contribution, ts []*graph.ContributionTarget) error {
	const chunk = 500
	for start := 0; start < len(cs); start += chunk {
		var rows []any
		for _, c := range cs[start:min(len(cs), start+chunk)] {
			props := map[string]any{"kind": string(c.Kind), "title": c.Title, "titleEn": nullIfEmpty(c.TitleEn), "date": dateValue(&c.Date),
				"description": nullIfEmpty(c.Description), "review": string(c.Review), "reviewComment": nullIfEmpty(c.ReviewComment),
				"reviewedBy": nullIfEmpty(c.ReviewedBy), "story": c.Story, "storyText": nullIfEmpty(c.StoryText),
				"recordedBy": nullIfEmpty(c.RecordedBy), "recordedByPerson": nullIfEmpty(c.RecordedByPerson),
				"recordedAt": c.RecordedAt.UTC(), "updatedAt": c.RecordedAt.UTC()}
			if c.Stage != nil {
				props["stage"] = string(*c.Stage)
			}
			if c.Amount != nil {
				props["amount"] = *c.Amount
			}
			if c.ReviewedAt != nil {
				props["reviewedAt"] = c.ReviewedAt.UTC()
			}
			rows = append(rows, map[string]any{"id": c.ID, "props": props, "cadres": nonNil(c.CadreIDs), "about": nonNil(c.AboutIDs)})
		}
		if _, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
			return tx.run(ctx, cypherLoadContributions, map[string]any{"rows": rows})
		}); err != nil {
			return err
		}
	}
	var rows []any
	for _, t := range ts {
		kinds := make([]string, len(t.Items))
		counts := make([]int64, len(t.Items))
		for i, it := range t.Items {
			kinds[i], counts[i] = string(it.Kind), int64(it.Count)
		}
		rows = append(rows, map[string]any{"person": t.PersonID, "key": targetKey(t.PersonID, t.Year), "year": t.Year,
			"kinds": kinds, "counts": counts, "note": nullIfEmpty(t.Note), "setBy": nullIfEmpty(t.SetBy)})
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := db.bulkWrite(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		return tx.run(ctx, cypherLoadTargets, map[string]any{"rows": rows})
	})
	return err
}

// cypherSearchContributions finds contributions whose title contains the
// query: confirmed ones, and for the viewer also their own; every one for
// a viewer who sees all (admins).
var cypherSearchContributions = fill(`MATCH (c:Contribution)
WHERE (toLower(c.title) CONTAINS $q OR toLower(coalesce(c.titleEn, '')) CONTAINS $q)
  AND (c.review = 'CONFIRMED' OR $viewAll OR EXISTS { MATCH (c)-[:BY]->(:Person {id: $viewSelf}) })
  AND {{contributionVisible}}
WITH c ORDER BY size(c.title), c.date DESC, c.id LIMIT $first
RETURN {{contributionProj}}`,
	"contributionVisible", contributionVisible, "contributionProj", contributionProj)

// searchContributions adds the contributions matching q to the entity
// hits of a search without kinds, after them, up to first.
func (db *DB) searchContributions(ctx context.Context, q string, hits []*graph.SearchHit, first int) ([]*graph.SearchHit, error) {
	recs, err := db.read(ctx, cypherSearchContributions, map[string]any{"q": q, "first": first - len(hits)})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		hits = append(hits, &graph.SearchHit{Node: decodeContribution(rec.Values[0]), Score: 0.3, Matched: "title"})
	}
	return hits, nil
}
