package neo4jdb

import (
	"context"
	"strings"

	"github.com/liaison/liaison/graph"
)

// Aggregates: one statement each over the same filtered set as the lists.

const (
	cypherStats       = `{{p}}N: count({{e}}), {{p}}Min: min({{e}}), {{p}}Max: max({{e}})`
	cypherNumberStats = `{{p}}N: count({{e}}), {{p}}Min: min({{e}}), {{p}}Max: max({{e}}), {{p}}Sum: sum({{e}}), {{p}}Avg: avg({{e}})`
	// cypherAggregate summarizes the nodes of a kind that the where keeps.
	cypherAggregate = `MATCH (n:{{label}}) {{where}} RETURN {count: count(n), {{fields}}} AS m`
)

// statsProj returns the map entries that summarize expression e under the
// prefix p: count, min, max, and for numbers sum and avg. e is a fixed
// expression from this file.
func statsProj(p, e string, numeric bool) string {
	if numeric {
		return fill(cypherNumberStats, "p", p, "e", e)
	}
	return fill(cypherStats, "p", p, "e", e)
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
	cypher := fill(cypherAggregate, "label", k.Label(), "where", w.String(), "fields", fields)
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
	personAggFields = fill(`cadres: count(CASE WHEN EXISTS { (n)-[:POSTED_TO]->() } THEN 1 END), {{birthYear}}, {{createdAt}}`,
		"birthYear", statsProj("by", "n.birthYear", true), "createdAt", statsProj("ca", "n.createdAt", false))
	projectAggFields = fill(`{{amount}}, {{startDate}}, {{endDate}}, {{createdAt}}`,
		"amount", statsProj("am", "n.amount", true), "startDate", statsProj("sd", "n.startDate", false),
		"endDate", statsProj("ed", "n.endDate", false), "createdAt", statsProj("ca", "n.createdAt", false))
	entityAggFields = statsProj("ca", "n.createdAt", false)
)

// AggregatePeople summarizes the people the filter keeps, in one statement.
func (db *DB) AggregatePeople(ctx context.Context, f graph.PersonWhere) (*graph.PersonAggregate, error) {
	w, err := peopleWhere(f)
	return aggregateOf(ctx, db, graph.KindPerson, w, err, personAggFields, func(m map[string]any) *graph.PersonAggregate {
		return &graph.PersonAggregate{Count: count(m, "count"), Cadres: count(m, "cadres"), BirthYear: intStats(m, "by"), CreatedAt: dateTimeStats(m, "ca")}
	})
}

// AggregateProjects summarizes the projects the filter keeps.
func (db *DB) AggregateProjects(ctx context.Context, f graph.ProjectWhere) (*graph.ProjectAggregate, error) {
	w, err := projectsWhere(f)
	return aggregateOf(ctx, db, graph.KindProject, w, err, projectAggFields, func(m map[string]any) *graph.ProjectAggregate {
		return &graph.ProjectAggregate{Count: count(m, "count"), Amount: floatStats(m, "am"), StartDate: dateStats(m, "sd"),
			EndDate: dateStats(m, "ed"), CreatedAt: dateTimeStats(m, "ca")}
	})
}

func (db *DB) entityAggregate(ctx context.Context, k graph.Kind, w *where, err error) (*graph.EntityAggregate, error) {
	return aggregateOf(ctx, db, k, w, err, entityAggFields, func(m map[string]any) *graph.EntityAggregate {
		return &graph.EntityAggregate{Count: count(m, "count"), CreatedAt: dateTimeStats(m, "ca")}
	})
}

// aggregateOf runs the aggregate of the nodes of kind k that w keeps (err:
// the filter's, when it could not be built) and hands its answer to build.
func aggregateOf[T any](ctx context.Context, db *DB, k graph.Kind, w *where, err error, fields string, build func(map[string]any) T) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	m, err := db.aggregate(ctx, k, w, fields)
	if err != nil {
		return zero, err
	}
	return build(m), nil
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
	w, err := relListWhere(spec, f)
	if err != nil {
		return nil, err
	}
	stats := strings.Join([]string{statsProj("f", "r.from", false), statsProj("t", "r.to", false),
		statsProj("b", "r.batch", true), statsProj("a", amount, true)}, ", ")
	cypher := fill(cypherRelAggregate, "pattern", spec.list, "where", w.String(), "stats", stats)
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
