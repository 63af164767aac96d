package neo4jdb

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Analytics.
//
// Aggregates, group-by summaries and the cooperation matrix are one
// statement each over the same filtered set as the lists: FindPeople,
// FindProjects... and the aggregates share the where builders below.
//
// Brokers and communities run in Go over a projection of the people graph
// (Neo4j Community has no Graph Data Science library): see Analytics.

// The filters of the lists and the aggregates, as where builders.

func peopleWhere(f graph.PersonWhere) (*where, error) {
	for _, c := range []struct {
		field string
		id    *string
		kind  graph.Kind
	}{{"where.dispatchingUnitId", f.DispatchingUnitID, graph.KindUnit}, {"where.hostUnitId", f.HostUnitID, graph.KindUnit}, {"where.regionId", f.RegionID, graph.KindRegion}} {
		if err := checkIDs(c.field, c.id, c.kind); err != nil {
			return nil, err
		}
	}
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindPerson); err != nil {
		return nil, err
	}
	w := newWhere()
	w.add(visibleN)
	w.ids(f.IDs)
	w.eq("name", f.Name)
	w.nameContains(f.NameContains)
	if f.Gender != nil {
		w.add("n.gender = %s", string(*f.Gender))
	}
	if f.BirthYear != nil && f.BirthYear.Min != nil {
		w.add("n.birthYear >= %s", *f.BirthYear.Min)
	}
	if f.BirthYear != nil && f.BirthYear.Max != nil {
		w.add("n.birthYear <= %s", *f.BirthYear.Max)
	}
	if f.Expertise != nil {
		w.add("%s IN n.expertise", strings.TrimSpace(*f.Expertise))
	}
	if f.Discoverable != nil {
		w.add("coalesce(n.discoverable, true) = %s", *f.Discoverable)
	}
	w.exists("(n)-[:POSTED_TO]->()", f.IsCadre)
	if f.ServingAt != nil {
		d := dateValue(f.ServingAt)
		w.add("EXISTS { (n)-[r:POSTED_TO]->() WHERE r.from <= %s AND (r.to IS NULL OR r.to >= %s) }", d, d)
	}
	if f.DispatchingUnitID != nil {
		w.add("EXISTS { (n)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = %s }", *f.DispatchingUnitID)
	}
	if f.HostUnitID != nil {
		w.add("EXISTS { (n)-[:POSTED_TO]->(:Unit {id: %s}) }", *f.HostUnitID)
	}
	if f.Batch != nil {
		w.add("EXISTS { (n)-[r:POSTED_TO]->() WHERE r.batch = %s }", *f.Batch)
	}
	if f.RegionID != nil {
		w.add("EXISTS { (n)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: %s}) }", *f.RegionID)
	}
	w.exists("(n)-[:KNOWS]-(x:Person) WHERE "+visibleX, f.HasAcquaintances)
	return w, nil
}

func unitsWhere(f graph.UnitWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindUnit); err != nil {
		return nil, err
	}
	if err := checkIDs("where.parentId", f.ParentID, graph.KindUnit); err != nil {
		return nil, err
	}
	if err := checkIDs("where.regionId", f.RegionID, graph.KindRegion); err != nil {
		return nil, err
	}
	w := newWhere()
	w.ids(f.IDs)
	w.eq("name", f.Name)
	w.nameContains(f.NameContains)
	if f.Kind != nil {
		w.add("n.kind IN %s", enumStrings(f.Kind))
	}
	if f.ParentID != nil {
		w.add("EXISTS { (n)-[:PART_OF]->(:Unit {id: %s}) }", *f.ParentID)
	}
	if f.RegionID != nil {
		w.add("EXISTS { (n)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: %s}) }", *f.RegionID)
	}
	if f.HasDispatched != nil {
		w.add("EXISTS { (x:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = n.id AND "+visibleX+" } = %s", *f.HasDispatched)
	}
	w.exists("(n)<-[:POSTED_TO]-(x:Person) WHERE "+visibleX, f.HasHosted)
	return w, nil
}

func regionsWhere(f graph.RegionWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindRegion); err != nil {
		return nil, err
	}
	if err := checkIDs("where.parentId", f.ParentID, graph.KindRegion); err != nil {
		return nil, err
	}
	w := newWhere()
	w.ids(f.IDs)
	w.eq("name", f.Name)
	w.nameContains(f.NameContains)
	if f.Level != nil {
		w.add("n.level IN %s", enumStrings(f.Level))
	}
	w.eq("code", f.Code)
	if f.ParentID != nil {
		w.add("EXISTS { (n)-[:PART_OF]->(:Region {id: %s}) }", *f.ParentID)
	}
	return w, nil
}

func companiesWhere(f graph.CompanyWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindCompany); err != nil {
		return nil, err
	}
	if err := checkIDs("where.parentId", f.ParentID, graph.KindCompany); err != nil {
		return nil, err
	}
	if err := checkIDs("where.regionId", f.RegionID, graph.KindRegion); err != nil {
		return nil, err
	}
	w := newWhere()
	w.ids(f.IDs)
	w.eq("name", f.Name)
	w.nameContains(f.NameContains)
	if f.CreditCode != nil {
		w.add("n.creditCode = %s", graph.NormalizeCreditCode(*f.CreditCode))
	}
	w.eq("industry", f.Industry)
	if f.ParentID != nil {
		w.add("EXISTS { (n)-[:PART_OF]->(:Company {id: %s}) }", *f.ParentID)
	}
	if f.RegionID != nil {
		w.add("EXISTS { (n)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: %s}) }", *f.RegionID)
	}
	w.exists("(n)-[:INVESTS_IN]->()", f.HasProjects)
	return w, nil
}

func projectsWhere(f graph.ProjectWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindProject); err != nil {
		return nil, err
	}
	if err := checkIDs("where.regionId", f.RegionID, graph.KindRegion); err != nil {
		return nil, err
	}
	if err := checkIDs("where.securedById", f.SecuredByID, graph.KindPerson); err != nil {
		return nil, err
	}
	w := newWhere()
	w.ids(f.IDs)
	w.eq("name", f.Name)
	w.nameContains(f.NameContains)
	if f.Kind != nil {
		w.add("n.kind IN %s", enumStrings(f.Kind))
	}
	if f.Status != nil {
		w.add("n.status IN %s", enumStrings(f.Status))
	}
	if f.Amount != nil && f.Amount.Min != nil {
		w.add("n.amount >= %s", *f.Amount.Min)
	}
	if f.Amount != nil && f.Amount.Max != nil {
		w.add("n.amount <= %s", *f.Amount.Max)
	}
	if f.StartDate != nil && f.StartDate.From != nil {
		w.add("n.startDate >= %s", dateValue(f.StartDate.From))
	}
	if f.StartDate != nil && f.StartDate.To != nil {
		w.add("n.startDate <= %s", dateValue(f.StartDate.To))
	}
	if f.RegionID != nil {
		w.add("EXISTS { (n)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: %s}) }", *f.RegionID)
	}
	if f.SecuredByID != nil {
		w.add("EXISTS { (x:Person {id: %s})-[:SECURED|INTRODUCED]->(n) WHERE "+visibleX+" }", *f.SecuredByID)
	}
	return w, nil
}

// Aggregates.

// statsProj returns the map entries that summarize expression e under the
// prefix p: count, min, max, and for numbers sum and avg. e is a fixed
// expression from this file.
func statsProj(p, e string, numeric bool) string {
	s := p + "N: count(" + e + "), " + p + "Min: min(" + e + "), " + p + "Max: max(" + e + ")"
	if numeric {
		s += ", " + p + "Sum: sum(" + e + "), " + p + "Avg: avg(" + e + ")"
	}
	return s
}

func count(m map[string]any, k string) int {
	if v := optInt(m, k); v != nil {
		return *v
	}
	return 0
}

func intStats(m map[string]any, p string) *graph.IntStats {
	s := &graph.IntStats{Count: count(m, p+"N"), Min: optInt(m, p+"Min"), Max: optInt(m, p+"Max"), Sum: count(m, p+"Sum"), Avg: optFloat(m, p+"Avg")}
	if s.Count == 0 {
		s.Avg = nil
	}
	return s
}

func floatStats(m map[string]any, p string) *graph.FloatStats {
	s := &graph.FloatStats{Count: count(m, p+"N"), Min: optFloat(m, p+"Min"), Max: optFloat(m, p+"Max"), Sum: orZero(optFloat(m, p+"Sum")), Avg: optFloat(m, p+"Avg")}
	if s.Count == 0 {
		s.Avg = nil
	}
	return s
}

func dateStats(m map[string]any, p string) *graph.DateStats {
	return &graph.DateStats{Count: count(m, p+"N"), Min: optDate(m, p+"Min"), Max: optDate(m, p+"Max")}
}

func dateTimeStats(m map[string]any, p string) *graph.DateTimeStats {
	return &graph.DateTimeStats{Count: count(m, p+"N"), Min: optDate(m, p+"Min"), Max: optDate(m, p+"Max")}
}

// aggregate runs MATCH (n:label) where RETURN {fields} and returns the map.
func (db *DB) aggregate(ctx context.Context, k graph.Kind, w *where, fields string) (map[string]any, error) {
	cypher := "MATCH (n:" + k.Label() + ") " + w.String() + " RETURN {count: count(n), " + fields + "} AS m"
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return map[string]any{}, nil
	}
	m, _ := recs[0].Values[0].(map[string]any)
	return m, nil
}

var (
	personAggFields  = `cadres: count(CASE WHEN EXISTS { (n)-[:POSTED_TO]->() } THEN 1 END), ` + statsProj("by", "n.birthYear", true) + `, ` + statsProj("ca", "n.createdAt", false)
	projectAggFields = statsProj("am", "n.amount", true) + `, ` + statsProj("sd", "n.startDate", false) + `, ` + statsProj("ed", "n.endDate", false) + `, ` + statsProj("ca", "n.createdAt", false)
	entityAggFields  = statsProj("ca", "n.createdAt", false)
)

// AggregatePeople summarizes the people the filter keeps, in one statement.
func (db *DB) AggregatePeople(ctx context.Context, f graph.PersonWhere) (*graph.PersonAggregate, error) {
	w, err := peopleWhere(f)
	if err != nil {
		return nil, err
	}
	m, err := db.aggregate(ctx, graph.KindPerson, w, personAggFields)
	if err != nil {
		return nil, err
	}
	return &graph.PersonAggregate{Count: count(m, "count"), Cadres: count(m, "cadres"), BirthYear: intStats(m, "by"), CreatedAt: dateTimeStats(m, "ca")}, nil
}

// AggregateProjects summarizes the projects the filter keeps.
func (db *DB) AggregateProjects(ctx context.Context, f graph.ProjectWhere) (*graph.ProjectAggregate, error) {
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	m, err := db.aggregate(ctx, graph.KindProject, w, projectAggFields)
	if err != nil {
		return nil, err
	}
	return &graph.ProjectAggregate{Count: count(m, "count"), Amount: floatStats(m, "am"), StartDate: dateStats(m, "sd"),
		EndDate: dateStats(m, "ed"), CreatedAt: dateTimeStats(m, "ca")}, nil
}

func (db *DB) entityAggregate(ctx context.Context, k graph.Kind, w *where, err error) (*graph.EntityAggregate, error) {
	if err != nil {
		return nil, err
	}
	m, err := db.aggregate(ctx, k, w, entityAggFields)
	if err != nil {
		return nil, err
	}
	return &graph.EntityAggregate{Count: count(m, "count"), CreatedAt: dateTimeStats(m, "ca")}, nil
}

// AggregateUnits counts the units the filter keeps.
func (db *DB) AggregateUnits(ctx context.Context, f graph.UnitWhere) (*graph.EntityAggregate, error) {
	w, err := unitsWhere(f)
	return db.entityAggregate(ctx, graph.KindUnit, w, err)
}

// AggregateRegions counts the regions the filter keeps.
func (db *DB) AggregateRegions(ctx context.Context, f graph.RegionWhere) (*graph.EntityAggregate, error) {
	w, err := regionsWhere(f)
	return db.entityAggregate(ctx, graph.KindRegion, w, err)
}

// AggregateCompanies counts the companies the filter keeps.
func (db *DB) AggregateCompanies(ctx context.Context, f graph.CompanyWhere) (*graph.EntityAggregate, error) {
	w, err := companiesWhere(f)
	return db.entityAggregate(ctx, graph.KindCompany, w, err)
}

// relAmount is the amount a relationship list sums: the investment's own
// amount, or the amount of the project at the other end.
var relAmount = map[graph.RelField]string{
	graph.FieldCompanyInvestments: "r.amount",
	graph.FieldProjectInvestors:   "r.amount",
	graph.FieldPersonProjects:     "o.amount",
	graph.FieldUnitSupports:       "o.amount",
	graph.FieldRegionProjects:     "o.amount",
}

const cypherRelAggregate = `UNWIND $keys AS key
CALL (key) { MATCH {{pattern}} {{where}}
  RETURN {count: count(r), {{stats}}} AS m }
RETURN key, m`

// AggregateRelated summarizes a relationship field for many parents at
// once, under the same time filter as FindRelated, in one statement.
func (db *DB) AggregateRelated(ctx context.Context, field graph.RelField, parentIDs []string, f graph.RelFilter) (map[string]*graph.RelAggregate, error) {
	spec, ok := relSpecs[field]
	if !ok {
		return nil, graph.Errorf(graph.CodeInternal, "internal error")
	}
	amount, ok := relAmount[field]
	if !ok {
		amount = "null"
	}
	w := newWhere()
	timeWhere(w, f)
	if spec.visible != "" {
		w.add(spec.visible)
	}
	stats := strings.Join([]string{statsProj("f", "r.from", false), statsProj("t", "r.to", false),
		statsProj("b", "r.batch", true), statsProj("a", amount, true)}, ", ")
	cypher := strings.NewReplacer("{{pattern}}", spec.pattern, "{{where}}", w.String(), "{{stats}}", stats).Replace(cypherRelAggregate)
	w.params["keys"] = parentIDs
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*graph.RelAggregate, len(parentIDs))
	for _, rec := range recs {
		key, _ := rec.Values[0].(string)
		m, _ := rec.Values[1].(map[string]any)
		out[key] = &graph.RelAggregate{Count: count(m, "count"), From: dateStats(m, "f"), To: dateStats(m, "t"),
			Batch: intStats(m, "b"), Amount: floatStats(m, "a")}
	}
	return out, nil
}

// Group-by summaries.

// projectGroupKeys binds key and label for each project n, one row per
// (project, key).
var projectGroupKeys = map[graph.ProjectGroup]string{
	graph.GroupProjectKind:   `WITH n, n.kind AS key, n.kind AS label`,
	graph.GroupProjectStatus: `WITH n, n.status AS key, n.status AS label`,
	graph.GroupProjectYear: `WITH n, CASE WHEN n.startDate IS NULL THEN '' ELSE toString(n.startDate.year) END AS key
WITH n, key, key AS label`,
	graph.GroupProjectRegion: `OPTIONAL MATCH (n)-[lr:LOCATED_IN]->(g:Region) WHERE lr.to IS NULL
WITH n, coalesce(g.id, '') AS key, coalesce(g.name, '') AS label`,
	graph.GroupProjectDispatchingUnit: cypherBroughtBy + `
UNWIND CASE WHEN size(units) = 0 THEN [['', '']] ELSE units END AS k
WITH n, k[0] AS key, k[1] AS label`,
}

// cypherBroughtBy binds, for project n, the dispatching units (id, name)
// of the cadres who secured or introduced it.
const cypherBroughtBy = `WITH n, COLLECT { MATCH (p:Person)-[:SECURED|INTRODUCED]->(n) WHERE ` + visibleP + ` MATCH (p)-[post:POSTED_TO]->()
  MATCH (u:Unit {id: post.dispatchingUnitId}) RETURN DISTINCT [u.id, u.name] } AS units`

const cypherGroupProjects = `MATCH (n:Project) {{where}}
{{keys}}
WITH DISTINCT n, key, label
WITH key, label, count(n) AS count, sum(coalesce(n.amount, 0.0)) AS sum
RETURN key, label, count, sum
ORDER BY {{order}}
LIMIT $limit`

// groupOrder: years and batches in order with "" last, other groupings
// largest first.
func groupOrder(chronological bool) string {
	if chronological {
		return "key = '' ASC, key ASC"
	}
	return "count DESC, sum DESC, key ASC"
}

func groupRows(recs []map[string]any) []*graph.GroupRow {
	out := make([]*graph.GroupRow, 0, len(recs))
	for _, m := range recs {
		out = append(out, &graph.GroupRow{Key: str(m, "key"), Label: str(m, "label"), Count: count(m, "count"), Sum: orZero(optFloat(m, "sum"))})
	}
	return out
}

// GroupProjects summarizes the projects the filter keeps by kind, status,
// region, dispatching unit or year, at most graph.MaxGroupRows rows.
func (db *DB) GroupProjects(ctx context.Context, by graph.ProjectGroup, f graph.ProjectWhere) ([]*graph.GroupRow, error) {
	keys, ok := projectGroupKeys[by]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "by: %q is not a project grouping", by)
	}
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	cypher := strings.NewReplacer("{{where}}", w.String(), "{{keys}}", keys, "{{order}}", groupOrder(by == graph.GroupProjectYear)).Replace(cypherGroupProjects)
	w.params["limit"] = graph.MaxGroupRows
	recs, err := db.Query(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	return groupRows(recs), nil
}

// cadreGroupKeys binds key and label for each posting post of cadre n to
// host unit host.
var cadreGroupKeys = map[graph.CadreGroup]string{
	graph.GroupCadreUnitKind: `OPTIONAL MATCH (u:Unit {id: post.dispatchingUnitId})
WITH n, coalesce(u.kind, '') AS key, coalesce(u.kind, '') AS label`,
	graph.GroupCadreBatch: `WITH n, CASE WHEN post.batch IS NULL THEN '' ELSE toString(post.batch) END AS key
WITH n, key, key AS label`,
	graph.GroupCadreHostRegion: `OPTIONAL MATCH (host)-[lr:LOCATED_IN]->(g:Region) WHERE lr.to IS NULL
WITH n, coalesce(g.id, '') AS key, coalesce(g.name, '') AS label`,
}

const cypherGroupCadres = `MATCH (n:Person) {{where}}
MATCH (n)-[post:POSTED_TO]->(host:Unit)
{{keys}}
WITH DISTINCT n, key, label
WITH key, label, collect(n) AS cadres
CALL (cadres) { UNWIND cadres AS c MATCH (c)-[:SECURED|INTRODUCED]->(pr:Project)
  WITH DISTINCT pr RETURN sum(coalesce(pr.amount, 0.0)) AS sum }
WITH key, label, size(cadres) AS count, sum
RETURN key, label, count, sum
ORDER BY {{order}}
LIMIT $limit`

// GroupCadres summarizes the cadres (people with postings) the filter
// keeps, by the dispatching unit kind, batch or host region of each of
// their postings, at most graph.MaxGroupRows rows.
func (db *DB) GroupCadres(ctx context.Context, by graph.CadreGroup, f graph.PersonWhere) ([]*graph.GroupRow, error) {
	keys, ok := cadreGroupKeys[by]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "by: %q is not a cadre grouping", by)
	}
	w, err := peopleWhere(f)
	if err != nil {
		return nil, err
	}
	cypher := strings.NewReplacer("{{where}}", w.String(), "{{keys}}", keys, "{{order}}", groupOrder(by == graph.GroupCadreBatch)).Replace(cypherGroupCadres)
	w.params["limit"] = graph.MaxGroupRows
	recs, err := db.Query(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	return groupRows(recs), nil
}

// The cooperation matrix.

// matrixRowKeys binds rk and rl from the dispatching unit u of cadre p's
// posting, for project n.
var matrixRowKeys = map[graph.MatrixRows]string{
	graph.MatrixByUnitKind: `WITH n, p, u.kind AS rk, u.kind AS rl`,
	graph.MatrixByUnit:     `WITH n, p, u.id AS rk, u.name AS rl`,
	graph.MatrixByUnitRegion: `OPTIONAL MATCH (u)-[lu:LOCATED_IN]->(ur:Region) WHERE lu.to IS NULL
WITH n, p, coalesce(ur.id, '') AS rk, coalesce(ur.name, '') AS rl`,
}

// matrixColumnKeys binds ck and cl for project n.
var matrixColumnKeys = map[graph.MatrixColumns]string{
	graph.MatrixToRegion: `OPTIONAL MATCH (n)-[ln:LOCATED_IN]->(nr:Region) WHERE ln.to IS NULL
WITH n, p, rk, rl, coalesce(nr.id, '') AS ck, coalesce(nr.name, '') AS cl`,
	graph.MatrixToIndustry: `OPTIONAL MATCH (c:Company)-[:INVESTS_IN]->(n)
WITH n, p, rk, rl, coalesce(c.industry, $unknown) AS ck
WITH n, p, rk, rl, ck, ck AS cl`,
	graph.MatrixToYear: `WITH n, p, rk, rl, CASE WHEN n.startDate IS NULL THEN '' ELSE toString(n.startDate.year) END AS ck
WITH n, p, rk, rl, ck, ck AS cl`,
}

// matrixItems is what a cell collects: projects with their amounts, or
// cadres.
var matrixItems = map[graph.MatrixMeasure]string{
	graph.MeasureProjects: `[n.id, coalesce(n.amount, 0.0)]`,
	graph.MeasureAmount:   `[n.id, coalesce(n.amount, 0.0)]`,
	graph.MeasureCadres:   `[p.id, 0.0]`,
}

const cypherMatrix = `MATCH (n:Project) {{where}}
MATCH (p:Person)-[:SECURED|INTRODUCED]->(n) WHERE ` + visibleP + `
MATCH (p)-[post:POSTED_TO]->()
MATCH (u:Unit {id: post.dispatchingUnitId})
{{rows}}
WITH DISTINCT n, p, rk, rl
{{columns}}
WITH rk, rl, ck, cl, collect(DISTINCT {{item}}) AS items
RETURN rk, rl, ck, cl, items`

// CooperationMatrix computes how much each dispatching unit (or kind or
// region of units) brought to each region, industry or year, over the
// projects the filter keeps, in one statement. Rows and columns with the
// largest totals are kept up to graph.MaxMatrixRows and MaxMatrixColumns
// (year columns in order).
func (db *DB) CooperationMatrix(ctx context.Context, rows graph.MatrixRows, columns graph.MatrixColumns, measure graph.MatrixMeasure, f graph.ProjectWhere) (*graph.CooperationMatrix, error) {
	rk, ok := matrixRowKeys[rows]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "rows: %q is not a row dimension", rows)
	}
	ck, ok := matrixColumnKeys[columns]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "columns: %q is not a column dimension", columns)
	}
	item, ok := matrixItems[measure]
	if !ok {
		return nil, graph.Errorf(graph.CodeInvalidInput, "measure: %q is not a measure", measure)
	}
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	cypher := strings.NewReplacer("{{where}}", w.String(), "{{rows}}", rk, "{{columns}}", ck, "{{item}}", item).Replace(cypherMatrix)
	w.params["unknown"] = graph.UnknownIndustry
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	type set map[string]float64
	type cellKey struct{ r, c string }
	cells := map[cellKey]set{}
	rowSets, colSets, all := map[string]set{}, map[string]set{}, set{}
	rowLabel, colLabel := map[string]string{}, map[string]string{}
	add := func(m map[string]set, k, id string, v float64) {
		if m[k] == nil {
			m[k] = set{}
		}
		m[k][id] = v
	}
	for _, rec := range recs {
		r, _ := rec.Values[0].(string)
		rl, _ := rec.Values[1].(string)
		c, _ := rec.Values[2].(string)
		cl, _ := rec.Values[3].(string)
		items, _ := rec.Values[4].([]any)
		rowLabel[r], colLabel[c] = rl, cl
		cell := set{}
		for _, it := range items {
			x, _ := it.([]any)
			if len(x) != 2 {
				continue
			}
			id, _ := x[0].(string)
			v := orZero(optFloat(map[string]any{"v": x[1]}, "v"))
			cell[id] = v
			add(rowSets, r, id, v)
			add(colSets, c, id, v)
			all[id] = v
		}
		cells[cellKey{r, c}] = cell
	}
	value := func(s set) float64 {
		if measure != graph.MeasureAmount {
			return float64(len(s))
		}
		t := 0.0
		for _, v := range s {
			t += v
		}
		return t
	}
	headers := func(sets map[string]set, labels map[string]string, chronological bool, limit int) ([]*graph.MatrixHeader, bool) {
		hs := make([]*graph.MatrixHeader, 0, len(sets))
		for k, s := range sets {
			hs = append(hs, &graph.MatrixHeader{Key: k, Label: labels[k], Total: value(s)})
		}
		sort.Slice(hs, func(i, j int) bool {
			if !chronological && hs[i].Total != hs[j].Total {
				return hs[i].Total > hs[j].Total
			}
			if (hs[i].Key == "") != (hs[j].Key == "") {
				return hs[j].Key == ""
			}
			return hs[i].Key < hs[j].Key
		})
		if len(hs) <= limit {
			return hs, false
		}
		if chronological {
			// Keep the most recent years.
			return hs[len(hs)-limit:], true
		}
		return hs[:limit], true
	}
	m := &graph.CooperationMatrix{RowKind: rows, ColumnKind: columns, Measure: measure, Total: value(all)}
	var tr, tc bool
	m.Rows, tr = headers(rowSets, rowLabel, false, graph.MaxMatrixRows)
	m.Columns, tc = headers(colSets, colLabel, columns == graph.MatrixToYear, graph.MaxMatrixColumns)
	m.Truncated = tr || tc
	m.Cells = make([][]float64, len(m.Rows))
	for i, r := range m.Rows {
		m.Cells[i] = make([]float64, len(m.Columns))
		for j, c := range m.Columns {
			if s := cells[cellKey{r.Key, c.Key}]; s != nil {
				m.Cells[i][j] = value(s)
			}
		}
	}
	return m, nil
}

// The people graph and the network measures.

// cypherPeople projects the people graph, one row per discoverable
// person: their ties (TIE, each read once, from its start), and for people
// whose ties were never computed (no TIE at either end, e.g. right after a
// bulk load without RecomputeAllTies) their acquaintances and the people
// whose postings at the same host unit overlapped theirs. Non-discoverable
// people are left out, as they are from paths. Each row also holds the
// units the person belongs to or was sent by and the regions they live or
// serve in. {{sa}} and {{sb}} restrict both ends to a scope.
const cypherPeople = `MATCH (a:Person) WHERE {{sa}} coalesce(a.discoverable, true)
WITH a, EXISTS { (a)-[:TIE]-() } AS tied
RETURN a.id AS id,
  [(a)-[t:TIE]->(b:Person) WHERE {{sb}} coalesce(b.discoverable, true) | [b.id, t.strength]] AS ties,
  CASE WHEN tied THEN [] ELSE [(a)-[:KNOWS]->(b:Person) WHERE {{sb}} b <> a AND coalesce(b.discoverable, true)
    AND NOT EXISTS { (b)-[:TIE]-() } | b.id] END AS knows,
  CASE WHEN tied THEN [] ELSE COLLECT { MATCH (a)-[x:POSTED_TO]->(:Unit)<-[y:POSTED_TO]-(b:Person)
    WHERE {{sb}} a.id < b.id AND (x.to IS NULL OR y.from <= x.to) AND (y.to IS NULL OR x.from <= y.to)
      AND coalesce(b.discoverable, true) AND NOT EXISTS { (b)-[:TIE]-() }
    RETURN DISTINCT b.id } END AS coPosted,
  [(a)-[:MEMBER_OF]->(u:Unit) | u.id] + [(a)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId IS NOT NULL | r.dispatchingUnitId] AS units,
  [(a)-[l:LOCATED_IN]->(g:Region) WHERE l.to IS NULL | g.id] + [(a)-[:POSTED_TO]->(:Unit)-[l:LOCATED_IN]->(g:Region) WHERE l.to IS NULL | g.id] AS regions`

// projection is the people graph with the units and regions of each
// person, as of At.
type projection struct {
	g       *graph.WeightedGraph
	units   [][]int32 // per node, indexes into unitIDs
	regions [][]int32
	unitIDs []string
	regIDs  []string
	at      time.Time
	took    time.Duration
}

// scopeIDs resolves a scope to the ids of its people.
func (db *DB) scopeIDs(ctx context.Context, scope *graph.PersonWhere) ([]string, error) {
	w, err := peopleWhere(*scope)
	if err != nil {
		return nil, err
	}
	recs, err := db.read(ctx, "MATCH (n:Person) "+w.String()+" RETURN n.id", w.params)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(recs))
	for _, r := range recs {
		if id, ok := r.Values[0].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// project reads the people graph in one statement (two with a scope).
func (db *DB) project(ctx context.Context, scope *graph.PersonWhere) (*projection, error) {
	start := time.Now()
	params := map[string]any{}
	r := strings.NewReplacer("{{sa}}", "", "{{sb}}", "")
	if scope != nil {
		ids, err := db.scopeIDs(ctx, scope)
		if err != nil {
			return nil, err
		}
		params["scope"] = ids
		r = strings.NewReplacer("{{sa}}", "a.id IN $scope AND", "{{sb}}", "b.id IN $scope AND")
	}
	recs, err := db.readLong(ctx, r.Replace(cypherPeople), params)
	if err != nil {
		return nil, err
	}
	at := time.Now()
	acq, cos := db.strengths.Tie.Acquaintance, db.strengths.Tie.CoServedHostUnit
	b := graph.NewGraphBuilder()
	for _, rec := range recs {
		a, _ := rec.Values[0].(string)
		ties, _ := rec.Values[1].([]any)
		for _, t := range ties {
			x, _ := t.([]any)
			if len(x) == 2 {
				id, _ := x[0].(string)
				b.AddEdge(a, id, orZero(optFloat(map[string]any{"s": x[1]}, "s")))
			}
		}
		for _, id := range strings_(map[string]any{"x": rec.Values[2]}, "x") {
			b.AddEdge(a, id, acq)
		}
		for _, id := range strings_(map[string]any{"x": rec.Values[3]}, "x") {
			b.AddEdge(a, id, cos)
		}
	}
	p := &projection{g: b.Build(), at: at}
	p.units, p.regions = make([][]int32, p.g.Len()), make([][]int32, p.g.Len())
	unitIdx, regIdx := map[string]int32{}, map[string]int32{}
	intern := func(idx map[string]int32, ids *[]string, xs []string) []int32 {
		out := make([]int32, 0, len(xs))
		for _, x := range xs {
			i, ok := idx[x]
			if !ok {
				i = int32(len(*ids))
				idx[x] = i
				*ids = append(*ids, x)
			}
			out = append(out, i)
		}
		sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
		return compactInts(out)
	}
	for _, rec := range recs {
		id, _ := rec.Values[0].(string)
		i, ok := p.g.Index(id)
		if !ok {
			continue
		}
		p.units[i] = intern(unitIdx, &p.unitIDs, strings_(map[string]any{"x": rec.Values[4]}, "x"))
		p.regions[i] = intern(regIdx, &p.regIDs, strings_(map[string]any{"x": rec.Values[5]}, "x"))
	}
	p.took = time.Since(start)
	return p, nil
}

func compactInts(xs []int32) []int32 {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// ProjectionTimeout bounds the statements that read the whole people
// graph, which take longer than an interactive query on a large graph.
const ProjectionTimeout = 2 * time.Minute

// readLong is read under ProjectionTimeout (or the query timeout if
// longer).
func (db *DB) readLong(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return db.readWithin(ctx, limits{name: "analytics", timeout: max(db.timeout, ProjectionTimeout), retry: db.bulk().retry}, cypher, params)
}

// AnalyticsConfig configures Analytics.
type AnalyticsConfig struct {
	// TTL is how long a computed result is served from the cache; 0 means
	// 10 minutes.
	TTL time.Duration
	// Unweighted makes betweenness count hops instead of preferring
	// strong ties.
	Unweighted bool
	// Seed chooses the sampled sources of betweenness; 0 means 1.
	Seed uint64
	// Workers run betweenness in parallel; 0 means GOMAXPROCS.
	Workers int
	// MaxEntries bounds the cache; 0 means 32.
	MaxEntries int
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Analytics computes brokers and communities in Go over a projection of
// the people graph, and caches the projection and the results for TTL:
// brokers and communities of the same scope share one projection. A
// result's ComputedAt is when its projection was read from Neo4j; refresh
// reads and computes again. Concurrent requests for the same result wait
// for one computation. It is safe for concurrent use.
type Analytics struct {
	db  *DB
	cfg AnalyticsConfig
	mu  sync.Mutex
	// entries are keyed by kind and parameters.
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	ready   chan struct{}
	val     any
	err     error
	at      time.Time // the projection's time
	created time.Time
}

// NewAnalytics returns the service over db.
func NewAnalytics(db *DB, cfg AnalyticsConfig) *Analytics {
	if cfg.TTL <= 0 {
		cfg.TTL = 10 * time.Minute
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = 32
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Analytics{db: db, cfg: cfg, entries: map[string]*cacheEntry{}}
}

// TTL is how long results are served from the cache.
func (a *Analytics) TTL() time.Duration { return a.cfg.TTL }

// Invalidate empties the cache.
func (a *Analytics) Invalidate() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = map[string]*cacheEntry{}
}

// cached returns the value under key, computing it with fn unless a fresh
// one is cached (or being computed). fn returns the value and the time of
// the data it was computed from.
func (a *Analytics) cached(ctx context.Context, key string, refresh bool, fn func() (any, time.Time, error)) (any, time.Time, error) {
	a.mu.Lock()
	if e := a.entries[key]; e != nil {
		select {
		case <-e.ready:
			if !refresh && e.err == nil && a.cfg.Now().Sub(e.at) < a.cfg.TTL {
				a.mu.Unlock()
				return e.val, e.at, nil
			}
		default:
			// Being computed: that computation is as fresh as a refresh.
			a.mu.Unlock()
			select {
			case <-e.ready:
				return e.val, e.at, e.err
			case <-ctx.Done():
				return nil, time.Time{}, a.db.mapError(ctx, ctx.Err())
			}
		}
	}
	e := &cacheEntry{ready: make(chan struct{}), created: a.cfg.Now()}
	a.evictLocked()
	a.entries[key] = e
	a.mu.Unlock()
	e.val, e.at, e.err = fn()
	close(e.ready)
	if e.err != nil {
		a.mu.Lock()
		if a.entries[key] == e {
			delete(a.entries, key)
		}
		a.mu.Unlock()
	}
	return e.val, e.at, e.err
}

// evictLocked makes room for one entry: stale ones go first, then the
// oldest.
func (a *Analytics) evictLocked() {
	now := a.cfg.Now()
	for k, e := range a.entries {
		select {
		case <-e.ready:
			if now.Sub(e.at) >= a.cfg.TTL {
				delete(a.entries, k)
			}
		default:
		}
	}
	for len(a.entries) >= a.cfg.MaxEntries {
		oldest := ""
		for k, e := range a.entries {
			if oldest == "" || e.created.Before(a.entries[oldest].created) {
				oldest = k
			}
		}
		delete(a.entries, oldest)
	}
}

func scopeKey(scope *graph.PersonWhere) string {
	if scope == nil {
		return "*"
	}
	b, _ := json.Marshal(scope)
	return string(b)
}

func (a *Analytics) projection(ctx context.Context, scope *graph.PersonWhere, refresh bool) (*projection, error) {
	v, _, err := a.cached(ctx, "projection|"+scopeKey(scope), refresh, func() (any, time.Time, error) {
		p, err := a.db.project(ctx, scope)
		if err != nil {
			return nil, time.Time{}, err
		}
		p.at = a.cfg.Now()
		return p, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*projection), nil
}

// PeopleGraph returns the people graph of the scope (nil: everyone), from
// the cache unless refresh, and when it was read from Neo4j.
func (a *Analytics) PeopleGraph(ctx context.Context, scope *graph.PersonWhere, refresh bool) (*graph.WeightedGraph, time.Time, error) {
	if scope != nil {
		if _, err := peopleWhere(*scope); err != nil {
			return nil, time.Time{}, err
		}
	}
	p, err := a.projection(ctx, scope, refresh)
	if err != nil {
		return nil, time.Time{}, err
	}
	return p.g, p.at, nil
}

// ranking is a computed betweenness.
type ranking struct {
	p       *projection
	order   []int32 // nodes by decreasing betweenness, then id
	scores  []float64
	sampled bool
	sources int
	took    time.Duration
}

// Brokers ranks people by betweenness centrality over the people graph
// (weighted unless configured otherwise: shortest paths are the strongest,
// as in path search). Graphs larger than q.Sources people (default 200)
// are estimated from that many sampled sources; the answer says so.
func (a *Analytics) Brokers(ctx context.Context, q graph.BrokerQuery) (*graph.BrokerResult, error) {
	return a.brokers(ctx, q, q.Refresh)
}

// brokers answers q; refreshProjection says whether a refresh also reads
// the people graph again.
func (a *Analytics) brokers(ctx context.Context, q graph.BrokerQuery, refreshProjection bool) (*graph.BrokerResult, error) {
	if err := graph.ValidateFirst(q.First); err != nil {
		return nil, err
	}
	if q.Sources < 0 || q.Sources > graph.MaxBrokerSources {
		return nil, graph.Errorf(graph.CodeInvalidInput, "sources: between 1 and %d, got %d", graph.MaxBrokerSources, q.Sources)
	}
	if q.Sources == 0 {
		q.Sources = graph.DefaultBrokerSources
	}
	filter, err := peopleWhere(q.Where)
	if err != nil {
		return nil, err
	}
	if q.Scope != nil {
		if _, err := peopleWhere(*q.Scope); err != nil {
			return nil, err
		}
	}
	key := "brokers|" + scopeKey(q.Scope) + "|" + strconv.Itoa(q.Sources)
	v, at, err := a.cached(ctx, key, q.Refresh, func() (any, time.Time, error) {
		p, err := a.projection(ctx, q.Scope, refreshProjection)
		if err != nil {
			return nil, time.Time{}, err
		}
		start := time.Now()
		br, err := p.g.Betweenness(ctx, graph.BetweennessOptions{Sources: q.Sources, Seed: a.cfg.Seed, Weighted: !a.cfg.Unweighted, Workers: a.cfg.Workers})
		if err != nil {
			return nil, time.Time{}, a.db.mapError(ctx, err)
		}
		r := &ranking{p: p, scores: br.Scores, sampled: br.Sampled, sources: br.Sources, order: make([]int32, p.g.Len())}
		for i := range r.order {
			r.order[i] = int32(i)
		}
		sort.SliceStable(r.order, func(i, j int) bool { return r.scores[r.order[i]] > r.scores[r.order[j]] })
		r.took = time.Since(start)
		return r, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	r := v.(*ranking)
	g := r.p.g
	var keep map[string]bool
	if len(filter.conds) > 0 {
		recs, err := a.db.read(ctx, "MATCH (n:Person) "+filter.String()+" RETURN n.id", filter.params)
		if err != nil {
			return nil, err
		}
		keep = make(map[string]bool, len(recs))
		for _, rec := range recs {
			id, _ := rec.Values[0].(string)
			keep[id] = true
		}
	}
	res := &graph.BrokerResult{ComputedAt: at, Sampled: r.sampled, Sources: r.sources, People: g.Len(), Edges: g.Edges(),
		Weighted: !a.cfg.Unweighted, ProjectionMs: ms(r.p.took), ComputeMs: ms(r.took)}
	var ids []string
	for rank, i := range r.order {
		if len(res.Brokers) == q.First {
			break
		}
		id := g.IDs[i]
		if keep != nil && !keep[id] {
			continue
		}
		adj, ws := g.Neighbors(int(i))
		units, regions := map[int32]bool{}, map[int32]bool{}
		strength := 0.0
		for k, j := range adj {
			strength += ws[k]
			for _, u := range r.p.units[j] {
				units[u] = true
			}
			for _, x := range r.p.regions[j] {
				regions[x] = true
			}
		}
		res.Brokers = append(res.Brokers, &graph.Broker{Rank: rank + 1, Person: &graph.Person{ID: id}, Betweenness: r.scores[i],
			Degree: len(adj), Strength: strength, Units: len(units), Regions: len(regions)})
		ids = append(ids, id)
	}
	nodes, err := a.db.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := res.Brokers[:0]
	for _, b := range res.Brokers {
		// A person deleted since the projection is left out.
		if p, ok := nodes[b.Person.ID].(*graph.Person); ok {
			b.Person = p
			out = append(out, b)
		}
	}
	res.Brokers = out
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// partition is a computed Louvain partition with its communities, largest
// first.
type partition struct {
	p           *projection
	communities []*community
	modularity  float64
	took        time.Duration
}

type community struct {
	members       []int32 // most central first
	internalEdges int
	units         []idCount
	regions       []idCount
	unitCount     int
	regionCount   int
}

type idCount struct {
	id string
	n  int
}

// Communities finds groups of densely connected people with Louvain
// modularity maximization over the people graph (edge weight: tie
// strength), largest first.
func (a *Analytics) Communities(ctx context.Context, q graph.CommunityQuery) (*graph.CommunityResult, error) {
	return a.communities(ctx, q, q.Refresh)
}

func (a *Analytics) communities(ctx context.Context, q graph.CommunityQuery, refreshProjection bool) (*graph.CommunityResult, error) {
	if err := graph.ValidateFirst(q.First); err != nil {
		return nil, err
	}
	if q.MinSize < 0 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "minSize: must not be negative, got %d", q.MinSize)
	}
	if q.MinSize == 0 {
		q.MinSize = 2
	}
	if q.Scope != nil {
		if _, err := peopleWhere(*q.Scope); err != nil {
			return nil, err
		}
	}
	v, at, err := a.cached(ctx, "communities|"+scopeKey(q.Scope), q.Refresh, func() (any, time.Time, error) {
		p, err := a.projection(ctx, q.Scope, refreshProjection)
		if err != nil {
			return nil, time.Time{}, err
		}
		start := time.Now()
		lr, err := p.g.Louvain(ctx, graph.LouvainOptions{})
		if err != nil {
			return nil, time.Time{}, a.db.mapError(ctx, err)
		}
		part := &partition{p: p, modularity: lr.Modularity, communities: describe(p, lr)}
		part.took = time.Since(start)
		return part, p.at, nil
	})
	if err != nil {
		return nil, err
	}
	part := v.(*partition)
	res := &graph.CommunityResult{Modularity: part.modularity, ComputedAt: at, People: part.p.g.Len(), Edges: part.p.g.Edges(),
		ProjectionMs: ms(part.p.took), ComputeMs: ms(part.took)}
	var chosen []*community
	for _, c := range part.communities {
		if len(c.members) < q.MinSize {
			continue
		}
		res.Total++
		if len(chosen) < q.First {
			chosen = append(chosen, c)
		}
	}
	var ids []string
	for _, c := range chosen {
		for _, m := range c.members[:min(len(c.members), graph.CommunityTopMembers)] {
			ids = append(ids, part.p.g.IDs[m])
		}
		for _, u := range c.units {
			ids = append(ids, u.id)
		}
		for _, r := range c.regions {
			ids = append(ids, r.id)
		}
	}
	nodes, err := a.db.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, c := range chosen {
		size := len(c.members)
		out := &graph.Community{Rank: i + 1, Size: size, InternalEdges: c.internalEdges, UnitCount: c.unitCount, RegionCount: c.regionCount}
		if size > 1 {
			out.Density = float64(c.internalEdges) / (float64(size) * float64(size-1) / 2)
		}
		for _, m := range c.members[:min(size, graph.CommunityTopMembers)] {
			if p, ok := nodes[part.p.g.IDs[m]].(*graph.Person); ok {
				out.Central = append(out.Central, p)
			}
		}
		for _, u := range c.units {
			if n, ok := nodes[u.id].(*graph.Unit); ok {
				out.Units = append(out.Units, &graph.UnitCount{Unit: n, People: u.n})
			}
		}
		for _, r := range c.regions {
			if n, ok := nodes[r.id].(*graph.Region); ok {
				out.Regions = append(out.Regions, &graph.RegionCount{Region: n, People: r.n})
			}
		}
		res.Communities = append(res.Communities, out)
	}
	return res, nil
}

// describe turns a partition into communities, largest first (then by
// their first member's id): members by internal degree, then internal
// strength, then id; units and regions by members.
func describe(p *projection, lr *graph.LouvainResult) []*community {
	g := p.g
	byComm := make([][]int32, lr.Communities)
	for i, c := range lr.Membership {
		byComm[c] = append(byComm[c], int32(i))
	}
	out := make([]*community, 0, len(byComm))
	innerDeg := make([]int, g.Len())
	innerW := make([]float64, g.Len())
	for _, members := range byComm {
		c := &community{members: members}
		unitN, regN := map[int32]int{}, map[int32]int{}
		for _, i := range members {
			adj, ws := g.Neighbors(int(i))
			for k, j := range adj {
				if lr.Membership[j] == lr.Membership[i] {
					innerDeg[i]++
					innerW[i] += ws[k]
				}
			}
			c.internalEdges += innerDeg[i]
			for _, u := range p.units[i] {
				unitN[u]++
			}
			for _, r := range p.regions[i] {
				regN[r]++
			}
		}
		c.internalEdges /= 2
		sort.SliceStable(c.members, func(x, y int) bool {
			a, b := c.members[x], c.members[y]
			if innerDeg[a] != innerDeg[b] {
				return innerDeg[a] > innerDeg[b]
			}
			if innerW[a] != innerW[b] {
				return innerW[a] > innerW[b]
			}
			return a < b
		})
		c.units, c.unitCount = topCounts(unitN, p.unitIDs, graph.CommunityTopUnits), len(unitN)
		c.regions, c.regionCount = topCounts(regN, p.regIDs, graph.CommunityTopRegions), len(regN)
		out = append(out, c)
	}
	first := func(c *community) int32 {
		m := c.members[0]
		for _, x := range c.members {
			m = min(m, x)
		}
		return m
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].members) != len(out[j].members) {
			return len(out[i].members) > len(out[j].members)
		}
		return first(out[i]) < first(out[j])
	})
	return out
}

func topCounts(counts map[int32]int, ids []string, limit int) []idCount {
	out := make([]idCount, 0, len(counts))
	for i, n := range counts {
		out = append(out, idCount{ids[i], n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].id < out[j].id
	})
	return out[:min(len(out), limit)]
}

// Warm computes the default brokers and communities (everyone, default
// sources) afresh, so that the first request after a schedule tick is
// served from the cache.
func (a *Analytics) Warm(ctx context.Context) error {
	if _, err := a.brokers(ctx, graph.BrokerQuery{First: 1, Refresh: true}, true); err != nil {
		return err
	}
	// The projection was just read: only the partition is recomputed.
	_, err := a.communities(ctx, graph.CommunityQuery{First: 1, Refresh: true}, false)
	return err
}

// RefreshEvery warms the cache now and then every interval until ctx ends;
// run it in its own goroutine. Errors are logged and retried at the next
// tick.
func (a *Analytics) RefreshEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := a.Warm(ctx); err != nil && ctx.Err() == nil {
			a.db.log.Warn("analytics refresh failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
