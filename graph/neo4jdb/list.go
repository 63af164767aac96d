package neo4jdb

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/liaison/liaison/graph"
)

// sortKey is how one order field sorts: an expression on n that is never
// null (a property every node has, such as name and pinyin, which the
// indexes can serve in order; else the property with a missing value
// sorting as the highest of its type: last ascending, first descending, as
// Neo4j sorts nulls) and the type its cursor value is read
// back as.
type sortKey struct {
	expr string
	typ  keyType
}

type keyType int

const (
	keyString keyType = iota
	keyInt
	keyFloat
	keyDate
	keyDateTime
)

// orderKeys maps each order field to its sort key: the only way a sort key
// reaches Cypher.
var orderKeys = map[graph.OrderField]sortKey{
	graph.OrderName:      {`n.name`, keyString},
	graph.OrderPinyin:    {`n.pinyin`, keyString},
	graph.OrderBirthYear: {`coalesce(n.birthYear, 9223372036854775807)`, keyInt},
	graph.OrderCreatedAt: {`coalesce(n.createdAt, datetime('9999-12-31T23:59:59Z'))`, keyDateTime},
	graph.OrderUpdatedAt: {`coalesce(n.updatedAt, datetime('9999-12-31T23:59:59Z'))`, keyDateTime},
	graph.OrderAmount:    {`coalesce(toFloat(n.amount), 1.0e308)`, keyFloat},
	graph.OrderStartDate: {`coalesce(n.startDate, date('9999-12-31'))`, keyDate},
	graph.OrderCode:      {`coalesce(n.code, '\uFFFF')`, keyString},
}

// orderAllowed lists the fields each kind sorts by.
var orderAllowed = map[graph.Kind][]graph.OrderField{
	graph.KindPerson:  {graph.OrderName, graph.OrderPinyin, graph.OrderBirthYear, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindUnit:    {graph.OrderName, graph.OrderPinyin, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindRegion:  {graph.OrderName, graph.OrderPinyin, graph.OrderCode, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindCompany: {graph.OrderName, graph.OrderPinyin, graph.OrderCreatedAt, graph.OrderUpdatedAt},
	graph.KindProject: {graph.OrderName, graph.OrderPinyin, graph.OrderAmount, graph.OrderStartDate, graph.OrderCreatedAt, graph.OrderUpdatedAt},
}

// sorting is a list's order: its keys (then n.id ascending) and its name,
// which the cursors carry.
type sorting struct {
	keys []sortKey
	desc []bool
	name string
	// id is the unique tie-break, ascending: n.id for entity lists.
	id string
}

const (
	orderAsc  = `{{k}} ASC`
	orderDesc = `{{k}} DESC`
	orderSep  = `, `
	orderByID = `{{id}} ASC`
	keysList  = `[{{keys}}]`
	// (k, rest) after (c, r) is k >= c AND (k > c OR rest after r): the
	// plain range on the first key lets an index on it serve the rows in
	// order, so that a page deep in the list costs what the first does.
	// The second half is "k > c OR rest" written as a NOT: with an OR
	// of two indexable comparisons (k > c, n.id > r) beside the viewer's
	// condition, Neo4j 5.26 planned a union of two index seeks, which
	// loses the order and sorts the whole rest of the label (PROFILE of
	// page 11 of people at scale 1: 20,000 database hits against 24).
	seekAfter  = `({{k}} >= {{p}} AND NOT ({{k}} = {{p}} AND NOT {{rest}}))`
	seekBefore = `({{k}} <= {{p}} AND NOT ({{k}} = {{p}} AND NOT {{rest}}))`
	seekID     = `{{id}} > {{p}}`
)

// entityID is the tie-break of entity lists.
const entityID = `n.id`

func orderBy(k graph.Kind, order []graph.Order) (*sorting, error) {
	if len(order) > 3 {
		return nil, graph.Errorf(graph.CodeInvalidInput, "orderBy: at most 3 keys")
	}
	s := &sorting{id: entityID}
	names := make([]string, 0, len(order))
	for i, o := range order {
		key, ok := orderKeys[o.Field]
		allowed := false
		for _, f := range orderAllowed[k] {
			allowed = allowed || f == o.Field
		}
		if !ok || !allowed {
			return nil, graph.Errorf(graph.CodeInvalidInput, "orderBy[%d].field: cannot sort by %q", i, o.Field)
		}
		s.keys = append(s.keys, key)
		s.desc = append(s.desc, o.Direction == graph.Desc)
		dir := "ASC"
		if o.Direction == graph.Desc {
			dir = "DESC"
		}
		names = append(names, string(o.Field)+" "+dir)
	}
	if len(s.keys) == 0 {
		s.keys, s.desc, names = []sortKey{orderKeys[graph.OrderPinyin]}, []bool{false}, []string{"PINYIN ASC"}
	}
	s.name = strings.Join(names, ",")
	return s, nil
}

// order is the ORDER BY of the sorting.
func (s *sorting) order() string {
	parts := make([]string, 0, len(s.keys)+1)
	for i, k := range s.keys {
		tmpl := orderAsc
		if s.desc[i] {
			tmpl = orderDesc
		}
		parts = append(parts, fill(tmpl, "k", k.expr))
	}
	return strings.Join(append(parts, fill(orderByID, "id", s.id)), orderSep)
}

// keyList is the list of the sort key values of n, for its cursor.
func (s *sorting) keyList() string {
	parts := make([]string, len(s.keys))
	for i, k := range s.keys {
		parts[i] = k.expr
	}
	return fill(keysList, "keys", strings.Join(parts, orderSep))
}

// seek adds to w the condition that keeps the rows after the cursor.
func (s *sorting) seek(w *where, cursor string) error {
	ks, err := graph.DecodeKeyset(cursor, s.name)
	if err != nil {
		return err
	}
	if len(ks.Keys) != len(s.keys) {
		return graph.Errorf(graph.CodeInvalidInput, "after: not a valid cursor")
	}
	cond := fill(seekID, "id", s.id, "p", w.param(ks.ID))
	for i := len(s.keys) - 1; i >= 0; i-- {
		v, err := s.keys[i].typ.decode(ks.Keys[i])
		if err != nil {
			return err
		}
		tmpl := seekAfter
		if s.desc[i] {
			tmpl = seekBefore
		}
		cond = fill(tmpl, "k", s.keys[i].expr, "p", w.param(v), "rest", cond)
	}
	w.conds = append(w.conds, cond)
	return nil
}

// decode turns a cursor's key back into a parameter of the key's type.
func (t keyType) decode(v any) (any, error) {
	bad := graph.Errorf(graph.CodeInvalidInput, "after: not a valid cursor")
	switch t {
	case keyString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case keyInt:
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return i, nil
			}
		}
	case keyFloat:
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				return f, nil
			}
		}
	case keyDate:
		if s, ok := v.(string); ok {
			if d, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return neo4j.DateOf(d), nil
			}
		}
	case keyDateTime:
		if s, ok := v.(string); ok {
			if d, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return d, nil
			}
		}
	}
	return nil, bad
}

// cursor is the keyset cursor of a row with the tie-break id and the sort
// key values keys (a list from Neo4j, keyList's).
func (s *sorting) cursor(id string, keys any) string {
	raw, _ := keys.([]any)
	out := make([]any, len(raw))
	for i, v := range raw {
		out[i] = cursorKey(v)
	}
	return graph.EncodeKeyset(s.name, id, out)
}

// cursorKey turns a key value from Neo4j into what the cursor holds.
func cursorKey(v any) any {
	switch x := v.(type) {
	case neo4j.Date:
		return x.Time()
	case time.Time:
		return x
	}
	return v
}

// cypherList counts the filtered set and returns one page of it with each
// row's sort keys, in one round trip. {{seek}} is the where and the
// condition that starts after the cursor. cypherListPage is the same
// without the count, for callers that do not ask for totalCount.
const (
	cypherList = `CALL () { MATCH (n:{{label}}) {{where}} RETURN count(n) AS total }
CALL () { MATCH (n:{{label}}) {{seek}} WITH n ORDER BY {{order}} LIMIT $limit RETURN collect({node: {{proj}}, keys: {{keys}}}) AS items }
RETURN total, items`
	cypherListPage = `CALL () { MATCH (n:{{label}}) {{seek}} WITH n ORDER BY {{order}} LIMIT $limit RETURN collect({node: {{proj}}, keys: {{keys}}}) AS items }
RETURN -1 AS total, items`
)

func list[T graph.Node](ctx context.Context, db *DB, k graph.Kind, w *where, order []graph.Order, page graph.Page) (*graph.List[T], error) {
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	s, err := orderBy(k, order)
	if err != nil {
		return nil, err
	}
	filter := w.String()
	if page.After != "" {
		if err := s.seek(w, page.After); err != nil {
			return nil, err
		}
	}
	var cypher string
	if page.NoTotal {
		cypher = fill(cypherListPage, "label", k.Label(), "seek", w.String(), "order", s.order(), "proj", nodeProj("n"), "keys", s.keyList())
	} else {
		cypher = fill(cypherList, "label", k.Label(), "where", filter, "seek", w.String(), "order", s.order(), "proj", nodeProj("n"), "keys", s.keyList())
	}
	w.params["limit"] = page.Limit + 1
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	out := &graph.List[T]{HasPrevious: page.After != "", Cursors: []string{}}
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
		m, _ := it.(map[string]any)
		if nm, _ := m["node"].(map[string]any); len(strings_(nm, "_labels")) == 0 {
			continue // deleted by another transaction while this one read it
		}
		n, err := as[T](decodeNode(m["node"]))
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, n)
		out.Cursors = append(out.Cursors, s.cursor(n.NodeID(), m["keys"]))
	}
	return out, nil
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
