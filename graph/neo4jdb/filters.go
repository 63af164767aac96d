package neo4jdb

import (
	"strings"

	"github.com/liaison/liaison/graph"
)

// The filters of the lists and the aggregates, as where builders: FindPeople,
// FindProjects... and the aggregates (aggregate.go), groups (groups.go) and
// the matrix (matrix.go) share them.

// A filter that crosses a relationship to a node named by id is written as
// "n.id IN COLLECT { the anchored pattern }": Neo4j plans the subquery
// first, from the unique index of the anchor (or the relationship index),
// and then seeks the list's nodes by their ids. Written as
// EXISTS { (n)-...->(:X {id: $p}) }, the planner scans every node of the
// label and expands each (PROFILE on the scale-10 graph: 602,428 database
// hits against 66 for people posted to one unit; docs/nested-queries.md).
const (
	sentBy   = `n.id IN COLLECT { MATCH (fx:Person)-[fr:POSTED_TO]->() WHERE fr.dispatchingUnitId = %s RETURN fx.id }`
	postedTo = `n.id IN COLLECT { MATCH (:Unit {id: %s})<-[:POSTED_TO]-(fx:Person) RETURN fx.id }`
	ofBatch  = `n.id IN COLLECT { MATCH (fx:Person)-[fr:POSTED_TO]->() WHERE fr.batch = %s RETURN fx.id }`
	// partOf keeps the direct parts of the {{label}} named.
	partOf = `n.id IN COLLECT { MATCH (:{{label}} {id: %s})<-[:PART_OF]-(fx:{{label}}) RETURN fx.id }`
	// securedBy keeps the projects the person secured or introduced.
	securedBy = `n.id IN COLLECT { MATCH (x:Person {id: %s})-[:SECURED|INTRODUCED]->(fy:Project) WHERE {{visible}} RETURN fy.id }`
	// locatedIn keeps what is located in the region or a region under it.
	// The subqueries name their variables f*, which no statement around
	// them binds (a subquery in an expression sees the outer variables).
	locatedIn = `n.id IN COLLECT { MATCH (:Region {id: %s})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx) RETURN fx.id }`
)

func peopleWhere(f graph.PersonWhere) (*where, error) {
	if err := checkRefs(idRef{"where.dispatchingUnitId", f.DispatchingUnitID, graph.KindUnit}, idRef{"where.hostUnitId", f.HostUnitID, graph.KindUnit},
		idRef{"where.regionId", f.RegionID, graph.KindRegion}); err != nil {
		return nil, err
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
		w.add(sentBy, *f.DispatchingUnitID)
	}
	if f.HostUnitID != nil {
		w.add(postedTo, *f.HostUnitID)
	}
	if f.Batch != nil {
		w.add(ofBatch, *f.Batch)
	}
	w.inRegion(f.RegionID)
	w.exists("(n)-[:KNOWS]-(x:Person) WHERE "+visibleX, f.HasAcquaintances)
	return w, nil
}

func unitsWhere(f graph.UnitWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindUnit); err != nil {
		return nil, err
	}
	if err := checkRefs(idRef{"where.parentId", f.ParentID, graph.KindUnit}, idRef{"where.regionId", f.RegionID, graph.KindRegion}); err != nil {
		return nil, err
	}
	w := entityWhere(f.IDs, f.Name, f.NameContains)
	whereIn(w, "kind", f.Kind)
	if f.ParentID != nil {
		w.add(fill(partOf, "label", "Unit"), *f.ParentID)
	}
	w.inRegion(f.RegionID)
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
	if err := checkRefs(idRef{"where.parentId", f.ParentID, graph.KindRegion}); err != nil {
		return nil, err
	}
	w := entityWhere(f.IDs, f.Name, f.NameContains)
	whereIn(w, "level", f.Level)
	w.eq("code", f.Code)
	if f.ParentID != nil {
		w.add(fill(partOf, "label", "Region"), *f.ParentID)
	}
	return w, nil
}

func companiesWhere(f graph.CompanyWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindCompany); err != nil {
		return nil, err
	}
	if err := checkRefs(idRef{"where.parentId", f.ParentID, graph.KindCompany}, idRef{"where.regionId", f.RegionID, graph.KindRegion}); err != nil {
		return nil, err
	}
	w := entityWhere(f.IDs, f.Name, f.NameContains)
	if f.CreditCode != nil {
		w.add("n.creditCode = %s", graph.NormalizeCreditCode(*f.CreditCode))
	}
	w.eq("industry", f.Industry)
	if f.ParentID != nil {
		w.add(fill(partOf, "label", "Company"), *f.ParentID)
	}
	w.inRegion(f.RegionID)
	w.exists("(n)-[:INVESTS_IN]->()", f.HasProjects)
	return w, nil
}

func projectsWhere(f graph.ProjectWhere) (*where, error) {
	if err := graph.ValidateWhereIDs("where.ids", f.IDs, graph.KindProject); err != nil {
		return nil, err
	}
	if err := checkRefs(idRef{"where.regionId", f.RegionID, graph.KindRegion}, idRef{"where.securedById", f.SecuredByID, graph.KindPerson}); err != nil {
		return nil, err
	}
	w := entityWhere(f.IDs, f.Name, f.NameContains)
	whereIn(w, "kind", f.Kind)
	whereIn(w, "status", f.Status)
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
	w.inRegion(f.RegionID)
	if f.SecuredByID != nil {
		w.add(fill(securedBy, "visible", visibleX), *f.SecuredByID)
	}
	return w, nil
}
