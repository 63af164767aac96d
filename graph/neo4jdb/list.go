package neo4jdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/pinyin"
)

// where collects the conditions of a list query. Each condition is a fixed
// Cypher fragment from this file in which %s stands for a parameter; the
// value goes into params, never into the text.
type where struct {
	conds  []string
	params map[string]any
}

func newWhere() *where { return &where{params: map[string]any{}} }

// add appends a condition; each value replaces one %s with a fresh
// parameter.
func (w *where) add(fragment string, values ...any) {
	names := make([]any, len(values))
	for i, v := range values {
		name := fmt.Sprintf("w%d", len(w.params))
		w.params[name] = v
		names[i] = "$" + name
	}
	w.conds = append(w.conds, fmt.Sprintf(fragment, names...))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(w.conds, " AND ")
}

func (w *where) ids(ids []string) {
	if ids != nil {
		w.add("n.id IN %s", ids)
	}
}

func (w *where) eq(prop string, v *string) {
	if v != nil {
		w.add("n."+prop+" = %s", strings.TrimSpace(*v))
	}
}

func (w *where) nameContains(v *string) {
	if v == nil {
		return
	}
	q := pinyin.Normalize(*v)
	compact := strings.ReplaceAll(q, " ", "")
	w.add("(n.searchText CONTAINS %s OR n.searchText CONTAINS %s)", q, compact)
}

func (w *where) exists(pattern string, v *bool) {
	if v != nil {
		w.add("EXISTS { "+pattern+" } = %s", *v)
	}
}

func enumStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// orderProps maps each order field to its property: the only way a sort
// key reaches Cypher.
var orderProps = map[graph.OrderField]string{
	graph.OrderName:      "n.name",
	graph.OrderPinyin:    "n.pinyin",
	graph.OrderBirthYear: "n.birthYear",
	graph.OrderCreatedAt: "n.createdAt",
	graph.OrderUpdatedAt: "n.updatedAt",
	graph.OrderAmount:    "n.amount",
	graph.OrderStartDate: "n.startDate",
	graph.OrderCode:      "n.code",
}

// orderAllowed lists the fields each kind sorts by.
var orderAllowed = map[graph.Kind][]graph.OrderField{
	graph.KindPerson:  {graph.OrderName, graph.OrderPinyin, graph.OrderBirthYear, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindUnit:    {graph.OrderName, graph.OrderPinyin, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindRegion:  {graph.OrderName, graph.OrderPinyin, graph.OrderCode, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindCompany: {graph.OrderName, graph.OrderPinyin, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindProject: {graph.OrderName, graph.OrderPinyin, graph.OrderAmount, graph.OrderStartDate, graph.OrderCreatedAt, graph.OrderUpdatedAt},
}

func orderBy(k graph.Kind, order []graph.Order) (string, error) {
	if len(order) > 3 {
		return "", graph.Errorf(graph.CodeInvalidInput, "orderBy: at most 3 keys")
	}
	parts := make([]string, 0, len(order)+2)
	for i, o := range order {
		prop, ok := orderProps[o.Field]
		allowed := false
		for _, f := range orderAllowed[k] {
			allowed = allowed || f == o.Field
		}
		if !ok || !allowed {
			return "", graph.Errorf(graph.CodeInvalidInput, "orderBy[%d].field: cannot sort by %q", i, o.Field)
		}
		dir := "ASC"
		if o.Direction == graph.Desc {
			dir = "DESC"
		}
		parts = append(parts, prop+" "+dir)
	}
	if len(parts) == 0 {
		parts = append(parts, "n.pinyin ASC")
	}
	return strings.Join(append(parts, "n.id ASC"), ", "), nil
}

// cypherList counts the filtered set and returns one page of it, in one
// round trip.
const cypherList = `CALL () { MATCH (n:{{label}}) {{where}} RETURN count(n) AS total }
CALL () { MATCH (n:{{label}}) {{where}} WITH n ORDER BY {{order}} SKIP $skip LIMIT $limit RETURN collect({{proj}}) AS items }
RETURN total, items`

func list[T graph.Node](ctx context.Context, db *DB, k graph.Kind, w *where, order []graph.Order, page graph.Page) (*graph.List[T], error) {
	if page.Limit > graph.MaxPageSize || page.Limit < 0 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "first: at most %d, got %d", graph.MaxPageSize, page.Limit)
	}
	ord, err := orderBy(k, order)
	if err != nil {
		return nil, err
	}
	cypher := strings.NewReplacer("{{label}}", k.Label(), "{{where}}", w.String(), "{{order}}", ord, "{{proj}}", nodeProj("n")).Replace(cypherList)
	w.params["skip"] = page.Offset
	w.params["limit"] = page.Limit + 1
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	out := &graph.List[T]{Offset: page.Offset}
	if len(recs) == 0 {
		return out, nil
	}
	total, _ := recs[0].Values[0].(int64)
	out.TotalCount = int(total)
	items, _ := recs[0].Values[1].([]any)
	if len(items) > page.Limit {
		out.HasNext = true
		items = items[:page.Limit]
	}
	out.Items = make([]T, 0, len(items))
	for _, it := range items {
		n, err := as[T](decodeNode(it))
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, n)
	}
	return out, nil
}

func checkIDs(field string, id *string, k graph.Kind) error {
	if id == nil {
		return nil
	}
	return graph.ParseIDOf(field, *id, k)
}

// FindPeople lists people.
func (db *DB) FindPeople(ctx context.Context, f graph.PersonWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Person], error) {
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
	w.exists("(n)-[:KNOWS]-()", f.HasAcquaintances)
	return list[*graph.Person](ctx, db, graph.KindPerson, w, order, page)
}

// FindUnits lists units.
func (db *DB) FindUnits(ctx context.Context, f graph.UnitWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Unit], error) {
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
		w.add("EXISTS { ()-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = n.id } = %s", *f.HasDispatched)
	}
	w.exists("(n)<-[:POSTED_TO]-()", f.HasHosted)
	return list[*graph.Unit](ctx, db, graph.KindUnit, w, order, page)
}

// FindRegions lists regions.
func (db *DB) FindRegions(ctx context.Context, f graph.RegionWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Region], error) {
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
	return list[*graph.Region](ctx, db, graph.KindRegion, w, order, page)
}

// FindCompanies lists companies.
func (db *DB) FindCompanies(ctx context.Context, f graph.CompanyWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Company], error) {
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
	return list[*graph.Company](ctx, db, graph.KindCompany, w, order, page)
}

// FindProjects lists projects.
func (db *DB) FindProjects(ctx context.Context, f graph.ProjectWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Project], error) {
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
		w.add("EXISTS { (:Person {id: %s})-[:SECURED|INTRODUCED]->(n) }", *f.SecuredByID)
	}
	return list[*graph.Project](ctx, db, graph.KindProject, w, order, page)
}
