package neo4jdb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/liaison/liaison/graph"
)

// Reports: what counts is defined in graph/report.go. Each report is one
// read statement; the figures are aggregated in Cypher so that they count
// every cadre even when the list of cadres is cut at its limit.
//
// The fragments below share the parameters $from and $to (the period's
// dates), $start and $end (its first instant and the first instant after
// it, in UTC) and bind p to a cadre, r to a posting, a to an achievement,
// j to its project and i to an interaction.

// postingInPeriod keeps postings that overlap the period.
const postingInPeriod = `r.from <= $to AND (r.to IS NULL OR r.to >= $from)`

// Achievements count when dated in the period, or undated; by year, when
// dated in the year y; and undated ones have a row of their own.
const (
	achievedInPeriod = `a.from IS NULL OR (a.from >= $from AND a.from <= $to)`
	achievedInYear   = `a.from >= y.from AND a.from <= y.to`
	achievedUndated  = `a.from IS NULL`
)

// cypherMetrics binds projects and amount (the distinct projects the
// people in {{list}} achieved under {{achieved}}) and interactions (the
// distinct interactions with them between {{start}} and {{end}}).
// {{imports}} lists the variables the subqueries need.
const cypherMetrics = `CALL ({{imports}}) {
  UNWIND {{list}} AS p
  MATCH (p)-[a:SECURED|INTRODUCED]->(j:Project) WHERE {{achieved}}
  WITH DISTINCT j
  RETURN count(j) AS projects, sum(coalesce(j.amount, 0.0)) AS amount
}
CALL ({{imports}}) {
  UNWIND {{list}} AS p
  MATCH (p)<-[:WITH]-(i:Interaction) WHERE i.at >= {{start}} AND i.at < {{end}}
  RETURN count(DISTINCT i) AS interactions
}
`

func reportMetrics(imports, people, achieved, start, end string) string {
	return fill(cypherMetrics, "imports", imports, "list", people, "achieved", achieved, "start", start, "end", end)
}

// cypherUnitReport is a unit's report: its cadres in the period (ordered,
// the first $limit of them with their postings, achievements and
// interactions) and the figures over all of them. No row means no unit.
var cypherUnitReport = fill(`MATCH (u:Unit {id: $unit})
CALL (u) {
  MATCH (p:Person)-[r:POSTED_TO {dispatchingUnitId: $unit}]->(:Unit)
  WHERE {{postingInPeriod}} AND {{visibleP}}
  WITH p, min(r.from) AS first,
       max(CASE WHEN r.from <= $ref AND (r.to IS NULL OR r.to >= $ref) THEN 1 ELSE 0 END) AS serving
  ORDER BY first, p.pinyin, p.id
  RETURN collect(p) AS cadres, sum(serving) AS serving
}
CALL (cadres) {
  UNWIND cadres AS p
  MATCH (p)-[a:SECURED|INTRODUCED]->(j:Project) WHERE {{achievedInPeriod}}
  RETURN collect(DISTINCT j) AS projs, collect(DISTINCT {key: type(a), id: j.id, amount: j.amount}) AS roles
}
CALL (projs) { UNWIND projs AS x {{byKind}} AS byKind }
CALL (projs) { UNWIND projs AS x {{byStatus}} AS byStatus }
CALL (roles) { UNWIND roles AS x {{byRole}} AS byRole }
CALL (cadres) {
  UNWIND cadres AS p
  MATCH (p)<-[:WITH]-(i:Interaction) WHERE i.at >= $start AND i.at < $end
  RETURN count(DISTINCT i) AS interactions
}
CALL (cadres) {
  UNWIND range(0, size(cadres) - 1) AS idx
  WITH idx, cadres[idx] AS p WHERE idx < $limit
  CALL (p) {
    MATCH (p)-[r:POSTED_TO {dispatchingUnitId: $unit}]->(:Unit)
    WHERE {{postingInPeriod}}
    WITH r ORDER BY r.from, r.id
    {{withR}}
    RETURN collect({{relR}}) AS postings
  }
  CALL (p) {
    MATCH (p)-[a:SECURED|INTRODUCED]->(j:Project) WHERE {{achievedInPeriod}}
    WITH a, j ORDER BY a.from, j.pinyin, j.id, type(a) LIMIT $achievements
    RETURN collect({role: type(a), date: a.from, note: a.note, project: {{projJ}}}) AS achievements
  }
  CALL (p) {
    MATCH (p)<-[:WITH]-(i:Interaction) WHERE i.at >= $start AND i.at < $end
    RETURN count(i) AS interactions
  }
  RETURN collect({idx: idx, person: {{projP}}, postings: postings, achievements: achievements, interactions: interactions}) AS rows
}
RETURN {{projU}} AS unit, size(cadres) AS cadreCount, serving, size(projs) AS projects,
  reduce(s = 0.0, x IN projs | s + coalesce(x.amount, 0.0)) AS amount, byKind, byStatus, byRole, interactions, rows`,
	"postingInPeriod", postingInPeriod, "visibleP", visibleP, "achievedInPeriod", achievedInPeriod, "byKind", reportBreakdown(`x.kind`), "byStatus", reportBreakdown(`x.status`), "byRole", reportBreakdown(`x.key`), "withR", relWith("r"), "relR", relProj("r"), "projJ", nodeProj("j"), "projP", nodeProj("p"), "projU", nodeProj("u"))

// cypherBreakdown groups the rows x by {{key}} into [{key, count, amount}].
const cypherBreakdown = `WITH {{key}} AS key, count(*) AS n, sum(coalesce(x.amount, 0.0)) AS amount
  RETURN collect({key: key, count: n, amount: amount})`

func reportBreakdown(key string) string { return fill(cypherBreakdown, "key", key) }

// UnitReport is the report of a dispatching unit for [from, to].
func (db *DB) UnitReport(ctx context.Context, unitID string, from, to time.Time) (*graph.UnitReport, error) {
	p, err := graph.ValidateUnitReport(unitID, from, to)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ref := p.ReferenceDay(now)
	params := reportParams(p)
	params["unit"] = unitID
	params["ref"] = dateValue(&ref)
	params["limit"] = graph.MaxReportCadres
	params["achievements"] = graph.MaxReportAchievements + 1
	recs, err := db.readWithin(ctx, db.reports(), cypherUnitReport, params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.Errorf(graph.CodeNotFound, "unitId: unit %q not found", unitID)
	}
	m := recs[0].AsMap()
	u, err := as[*graph.Unit](decodeNode(m["unit"]))
	if err != nil {
		return nil, err
	}
	rep := &graph.UnitReport{Unit: u, From: p.From, To: p.To, CadreCount: reportInt(m, "cadreCount"),
		ServingCount: reportInt(m, "serving"), Interactions: reportInt(m, "interactions"), GeneratedAt: now.UTC(),
		Totals: graph.ReportTotals{Projects: reportInt(m, "projects"), Amount: reportFloat(m, "amount"),
			ByKind:   graph.SortReportRows(reportRows(m["byKind"]), graph.ProjectKinds),
			ByStatus: graph.SortReportRows(reportRows(m["byStatus"]), graph.ProjectStatuses),
			ByRole:   graph.SortReportRows(reportRows(m["byRole"]), graph.ProjectRoles)}}
	rows, _ := m["rows"].([]any)
	sort.SliceStable(rows, func(i, j int) bool {
		return reportInt(reportMap(rows[i]), "idx") < reportInt(reportMap(rows[j]), "idx")
	})
	for _, row := range rows {
		c, err := decodeCadreRecord(reportMap(row), ref)
		if err != nil {
			return nil, err
		}
		rep.Cadres = append(rep.Cadres, c)
	}
	rep.Truncated = len(rep.Cadres) < rep.CadreCount
	return rep, nil
}

func decodeCadreRecord(m map[string]any, ref time.Time) (*graph.CadreRecord, error) {
	person, err := as[*graph.Person](decodeNode(m["person"]))
	if err != nil {
		return nil, err
	}
	c := &graph.CadreRecord{Person: person, Interactions: reportInt(m, "interactions")}
	ps, _ := m["postings"].([]any)
	for _, x := range ps {
		r, err := decodeRel(x)
		if err != nil {
			return nil, err
		}
		c.Postings = append(c.Postings, r)
	}
	c.Serving = graph.ServingOn(c.Postings, ref)
	as, _ := m["achievements"].([]any)
	if c.Achievements, err = decodeAchievements(as); err != nil {
		return nil, err
	}
	if len(c.Achievements) > graph.MaxReportAchievements {
		c.Achievements, c.AchievementsTruncated = c.Achievements[:graph.MaxReportAchievements], true
	}
	return c, nil
}

func decodeAchievements(xs []any) ([]*graph.Achievement, error) {
	out := make([]*graph.Achievement, 0, len(xs))
	for _, x := range xs {
		m := reportMap(x)
		pr, err := as[*graph.Project](decodeNode(m["project"]))
		if err != nil {
			return nil, err
		}
		out = append(out, &graph.Achievement{Project: pr, Role: graph.ProjectRole(str(m, "role")), Date: optDate(m, "date"), Note: str(m, "note")})
	}
	return out, nil
}

// cypherCitySummary is the city summary: the total, then the cadres of
// the period grouped by dispatching unit, by the host unit's region and
// by year, each block in its own subquery.
var cypherCitySummary = fill(`CALL () {
  MATCH (p:Person)-[r:POSTED_TO]->(:Unit) WHERE {{postingInPeriod}} AND {{visibleP}}
  WITH collect(DISTINCT p) AS cadres
  {{metrics}}
  RETURN {cadres: size(cadres), projects: projects, amount: amount, interactions: interactions} AS total
}
CALL () {
  MATCH (p:Person)-[r:POSTED_TO]->(:Unit) WHERE {{postingInPeriod}} AND {{visibleP}}
  WITH r.dispatchingUnitId AS key, collect(DISTINCT p) AS cadres
  {{metrics}}
  OPTIONAL MATCH (u:Unit {id: key})
  WITH {key: key, label: u.name, cadres: size(cadres), projects: projects, amount: amount, interactions: interactions} AS row
  ORDER BY row.cadres DESC, row.amount DESC, row.label, row.key
  RETURN count(row) AS unitCount, collect(row)[..$limit] AS byUnit
}
CALL () {
  MATCH (p:Person)-[r:POSTED_TO]->(h:Unit) WHERE {{postingInPeriod}} AND {{visibleP}}
  WITH p, [(h)-[l:LOCATED_IN]->(g:Region) WHERE l.to IS NULL | g][0] AS g
  WITH g, collect(DISTINCT p) AS cadres
  {{metrics}}
  WITH {key: g.id, label: g.name, cadres: size(cadres), projects: projects, amount: amount, interactions: interactions} AS row
  ORDER BY row.cadres DESC, row.amount DESC, row.label, row.key
  RETURN count(row) AS regionCount, collect(row)[..$limit] AS byRegion
}
CALL () {
  MATCH (p:Person)-[r:POSTED_TO]->(:Unit) WHERE {{postingInPeriod}} AND {{visibleP}}
  WITH collect(DISTINCT p) AS cadres, collect({id: p.id, from: r.from, to: r.to}) AS spans
  CALL (cadres) {
    UNWIND cadres AS p
    MATCH (p)-[a:SECURED|INTRODUCED]->(j:Project) WHERE {{achievedUndated}}
    WITH DISTINCT j
    RETURN {projects: count(j), amount: sum(coalesce(j.amount, 0.0))} AS undated
  }
  UNWIND $years AS y
  CALL (spans, y) {
    UNWIND spans AS s
    WITH s WHERE s.from <= y.to AND (s.to IS NULL OR s.to >= y.from)
    RETURN count(DISTINCT s.id) AS serving
  }
  {{metricsOfYear}}
  WITH undated, y, serving, projects, amount, interactions ORDER BY y.key
  RETURN undated, collect({key: y.key, cadres: serving, projects: projects, amount: amount, interactions: interactions}) AS byYear
}
RETURN total, unitCount, byUnit, regionCount, byRegion, undated, byYear`,
	"postingInPeriod", postingInPeriod, "visibleP", visibleP, "metrics", reportMetrics("cadres", "cadres", achievedInPeriod, "$start", "$end"), "achievedUndated", achievedUndated, "metricsOfYear", reportMetrics("cadres, y", "cadres", achievedInYear, "y.start", "y.end"))

// CitySummary is the city-wide summary for [from, to].
func (db *DB) CitySummary(ctx context.Context, from, to time.Time) (*graph.CitySummary, error) {
	p, err := graph.NewReportPeriod(from, to)
	if err != nil {
		return nil, err
	}
	params := reportParams(p)
	params["limit"] = graph.MaxSummaryRows
	var years []map[string]any
	for _, y := range p.Years() {
		years = append(years, map[string]any{"key": strconv.Itoa(y.From.Year()), "from": dateValue(&y.From), "to": dateValue(&y.To),
			"start": y.Start().UTC(), "end": y.End().UTC()})
	}
	params["years"] = years
	recs, err := db.readWithin(ctx, db.reports(), cypherCitySummary, params)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("neo4jdb: city summary: %d records", len(recs))
	}
	m := recs[0].AsMap()
	s := &graph.CitySummary{From: p.From, To: p.To, Total: reportSummaryRow(m["total"]), GeneratedAt: time.Now().UTC()}
	s.Total.Label = graph.LabelTotal
	for _, x := range reportList(m["byUnit"]) {
		s.ByUnit = append(s.ByUnit, reportSummaryRow(x))
	}
	for _, x := range reportList(m["byRegion"]) {
		r := reportSummaryRow(x)
		if r.Key == "" {
			r.Label = graph.LabelNoRegion
		}
		s.ByRegion = append(s.ByRegion, r)
	}
	for _, x := range reportList(m["byYear"]) {
		r := reportSummaryRow(x)
		r.Label = r.Key
		s.ByYear = append(s.ByYear, r)
	}
	if u := reportSummaryRow(m["undated"]); u.Projects > 0 {
		u.Key, u.Label = "", graph.LabelUndated
		s.ByYear = append(s.ByYear, u)
	}
	s.UnitsTruncated = len(s.ByUnit) < reportInt(m, "unitCount")
	s.RegionsTruncated = len(s.ByRegion) < reportInt(m, "regionCount")
	return s, nil
}

func reportSummaryRow(v any) graph.SummaryRow {
	m := reportMap(v)
	r := graph.SummaryRow{Key: str(m, "key"), Label: str(m, "label"), Cadres: reportInt(m, "cadres"), Projects: reportInt(m, "projects"),
		Amount: reportFloat(m, "amount"), Interactions: reportInt(m, "interactions")}
	if r.Label == "" {
		r.Label = r.Key
	}
	return r
}

// cypherCadreAchievements lists every achievement of each person.
var cypherCadreAchievements = fill(`UNWIND $ids AS pid
MATCH (p:Person {id: pid})-[a:SECURED|INTRODUCED]->(j:Project) WHERE {{visibleP}}
WITH pid, a, j ORDER BY a.from, j.pinyin, j.id, type(a)
WITH pid, collect({role: type(a), date: a.from, note: a.note, project: {{projJ}}})[..$limit] AS achievements
RETURN pid, achievements`,
	"visibleP", visibleP, "projJ", nodeProj("j"))

// CadreAchievements lists every achievement of each person, any date.
func (db *DB) CadreAchievements(ctx context.Context, personIDs []string) (map[string][]*graph.Achievement, error) {
	if err := graph.ValidateAchievementPeople(personIDs); err != nil {
		return nil, err
	}
	out := make(map[string][]*graph.Achievement, len(personIDs))
	if len(personIDs) == 0 {
		return out, nil
	}
	recs, err := db.read(ctx, cypherCadreAchievements, map[string]any{"ids": personIDs, "limit": graph.MaxReportAchievements})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		pid, _ := rec.Values[0].(string)
		xs, _ := rec.Values[1].([]any)
		as, err := decodeAchievements(xs)
		if err != nil {
			return nil, err
		}
		out[pid] = as
	}
	return out, nil
}

// periodParams are the parameters every report statement shares.
func reportParams(p graph.ReportPeriod) map[string]any {
	return map[string]any{"from": dateValue(&p.From), "to": dateValue(&p.To), "start": p.Start().UTC(), "end": p.End().UTC()}
}

func reportRows(v any) []graph.ReportRow {
	var out []graph.ReportRow
	for _, x := range reportList(v) {
		m := reportMap(x)
		out = append(out, graph.ReportRow{Key: str(m, "key"), Count: reportInt(m, "count"), Amount: reportFloat(m, "amount")})
	}
	return out
}

func reportMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func reportList(v any) []any {
	xs, _ := v.([]any)
	return xs
}

func reportInt(m map[string]any, k string) int {
	if i := optInt(m, k); i != nil {
		return *i
	}
	return 0
}

func reportFloat(m map[string]any, k string) float64 {
	if f := optFloat(m, k); f != nil {
		return *f
	}
	return 0
}
