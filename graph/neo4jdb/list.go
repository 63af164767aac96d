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

// entityWhere starts the where of an entity list with the filters every
// kind has: ids, name and nameContains.
func entityWhere(ids []string, name, nameContains *string) *where {
	w := newWhere()
	w.ids(ids)
	w.eq("name", name)
	w.nameContains(nameContains)
	return w
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

// inRegion keeps the items located in the region or in a region under it.
func (w *where) inRegion(id *string) {
	if id != nil {
		w.add(locatedIn, *id)
	}
}

// whereIn keeps the items whose property prop is one of xs (nil: no
// condition).
func whereIn[T ~string](w *where, prop string, xs []T) {
	if xs != nil {
		w.add("n."+prop+" IN %s", enumStrings(xs))
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

// idRef is an id a filter refers to: its field and the kind it must name.
type idRef struct {
	field string
	id    *string
	kind  graph.Kind
}

// checkRefs checks the ids a filter refers to, in order; nil ones are not
// set.
func checkRefs(refs ...idRef) error {
	for _, r := range refs {
		if r.id == nil {
			continue
		}
		if err := graph.ParseIDOf(r.field, *r.id, r.kind); err != nil {
			return err
		}
	}
	return nil
}

// FindPeople lists people.
func (db *DB) FindPeople(ctx context.Context, f graph.PersonWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Person], error) {
	w, err := peopleWhere(f)
	if err != nil {
		return nil, err
	}
	return list[*graph.Person](ctx, db, graph.KindPerson, w, order, page)
}

// FindUnits lists units.
func (db *DB) FindUnits(ctx context.Context, f graph.UnitWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Unit], error) {
	w, err := unitsWhere(f)
	if err != nil {
		return nil, err
	}
	return list[*graph.Unit](ctx, db, graph.KindUnit, w, order, page)
}

// FindRegions lists regions.
func (db *DB) FindRegions(ctx context.Context, f graph.RegionWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Region], error) {
	w, err := regionsWhere(f)
	if err != nil {
		return nil, err
	}
	return list[*graph.Region](ctx, db, graph.KindRegion, w, order, page)
}

// FindCompanies lists companies.
func (db *DB) FindCompanies(ctx context.Context, f graph.CompanyWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Company], error) {
	w, err := companiesWhere(f)
	if err != nil {
		return nil, err
	}
	return list[*graph.Company](ctx, db, graph.KindCompany, w, order, page)
}

// FindProjects lists projects.
func (db *DB) FindProjects(ctx context.Context, f graph.ProjectWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Project], error) {
	w, err := projectsWhere(f)
	if err != nil {
		return nil, err
	}
	return list[*graph.Project](ctx, db, graph.KindProject, w, order, page)
}
