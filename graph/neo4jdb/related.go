package neo4jdb

import (
	"context"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// relSpec is one relationship field: how it lies in the graph
// (graph.RelFields), from which its patterns are composed (pattern), and
// how its list is sorted and filtered.
type relSpec struct {
	graph.RelFieldDef
	// order is the list's sort (its keys, then r.id or o.id), which its
	// keyset cursors carry.
	order *sorting
	// where says the list, and relationship conditions over it, take a
	// RelWhere.
	where bool
	// list is the list's pattern: the parent by its id key as s (or, named
	// by a property, key in that property and the other end as hu), the
	// relationship as r and the far end as o.
	list string
}

// The parts of a relationship's pattern: the near end (the parent, or
// the other end where a property names the parent), the relationship and
// the far end, in the direction of the relationship from the near end.
const (
	patStart  = `{{near}}-[{{r}}:{{types}}{{props}}]->{{far}}`
	patEnd    = `{{near}}<-[{{r}}:{{types}}{{props}}]-{{far}}`
	patEither = `{{near}}-[{{r}}:{{types}}{{props}}]-{{far}}`
	patNode   = `({{v}}:{{label}})`
	patBound  = `({{v}})`
	patByKey  = `(s:{{label}} {id: key})`
	patProps  = ` { {{prop}}: {{id}} }`
	typeSep   = `|`
)

// anchor is the parent in a pattern: node is its node (relationships
// whose parent is an end), id its id as a value (relationships whose
// property names the parent; "" leaves the parent free).
type anchor struct{ node, id string }

// pattern is the relationship's pattern from the parent a through v.r to
// the far end v.x (and v.y, the other end where a property names the
// parent).
func (s relSpec) pattern(a anchor, v relVars) string {
	types := make([]string, len(s.Types))
	for i, t := range s.Types {
		types[i] = t.Cypher()
	}
	near, props, tmpl := a.node, "", patStart
	switch s.Side {
	case graph.SideEnd:
		tmpl = patEnd
	case graph.SideEither:
		tmpl = patEither
	case graph.SideProp:
		// The relationship runs from the far end to the other end.
		near, tmpl = fill(patNode, "v", v.y, "label", s.Other.Label()), patEnd
		if a.id != "" {
			props = fill(patProps, "prop", s.Prop, "id", a.id)
		}
	}
	return fill(tmpl, "near", near, "r", v.r, "types", strings.Join(types, typeSep), "props", props,
		"far", fill(patNode, "v", v.x, "label", s.Far.Label()))
}

// parentID is the id of the parent in a pattern whose parent is the free
// node a (anchor without id): a's own, or the property of the
// relationship v.r that names it.
func (s relSpec) parentID(a string, v relVars) string {
	if s.Side == graph.SideProp {
		return prop(v.r, s.Prop)
	}
	return prop(a, "id")
}

// visible keeps, in the list's pattern, the people the viewer may see:
// the parent s and the far end o, where they are people.
func (s relSpec) visible(w *where) {
	if s.Parent == graph.KindPerson && s.Side != graph.SideProp {
		w.add(visibleS)
	}
	if s.Far == graph.KindPerson {
		w.add(visibleO)
	}
}

// endVar is the variable of v that holds the end of kind k ("" when the
// relationship has none but the parent).
func (s relSpec) endVar(v relVars, k graph.Kind) string {
	switch {
	case s.Far == k:
		return v.x
	case s.Side == graph.SideProp && s.Other == k:
		return v.y
	}
	return ""
}

// farKind is the kind of a list of nodes, which takes a filter of that
// kind on o (RelFilter.Far); "" for a list of relationships.
func (s relSpec) farKind() graph.Kind {
	if s.Nodes {
		return s.Far
	}
	return ""
}

// The sort keys of relationship lists.
var (
	keyRelFrom     = sortKey{`coalesce(r.from, date('9999-12-31'))`, keyDate}
	keyProjectDate = sortKey{`coalesce(r.from, o.startDate, date('9999-12-31'))`, keyDate}
	keyOtherPinyin = sortKey{`coalesce(o.pinyin, '\uFFFF')`, keyString}
	keyOtherCode   = sortKey{`coalesce(o.code, '\uFFFF')`, keyString}
	keyOtherStart  = sortKey{`coalesce(o.startDate, date('9999-12-31'))`, keyDate}
	keyRelAmount   = sortKey{`coalesce(toFloat(r.amount), 1.0e308)`, keyFloat}
)

// The unique tie-breaks: the relationship's id, or the far end's where the
// list is one of nodes.
const (
	relID   = `r.id`
	otherID = `o.id`
)

// The sorts of relationship lists: newest first, by name, by code... Their
// keys are never null (a missing date sorts as the latest, a missing
// amount as the largest, as Neo4j sorts nulls); their cursors carry the
// name, so that a cursor of another order is refused. They are shared and
// never changed.
var (
	relFromDesc    = &sorting{name: "REL FROM DESC", keys: []sortKey{keyRelFrom}, desc: []bool{true}, id: relID}
	relFromAsc     = &sorting{name: "REL FROM ASC", keys: []sortKey{keyRelFrom}, desc: []bool{false}, id: relID}
	relProjectDate = &sorting{name: "REL DATE DESC", keys: []sortKey{keyProjectDate}, desc: []bool{true}, id: relID}
	relKnowsOrder  = &sorting{name: "REL FROM DESC,PINYIN ASC", keys: []sortKey{keyRelFrom, keyOtherPinyin}, desc: []bool{true, false}, id: relID}
	relPinyin      = &sorting{name: "REL PINYIN ASC", keys: []sortKey{keyOtherPinyin}, desc: []bool{false}, id: otherID}
	relCode        = &sorting{name: "REL CODE ASC,PINYIN ASC", keys: []sortKey{keyOtherCode, keyOtherPinyin}, desc: []bool{false, false}, id: otherID}
	relStartDesc   = &sorting{name: "REL START_DATE DESC", keys: []sortKey{keyOtherStart}, desc: []bool{true}, id: otherID}
	relAmountDesc  = &sorting{name: "REL AMOUNT DESC", keys: []sortKey{keyRelAmount}, desc: []bool{true}, id: relID}
)

// relLists are the sorts of the relationship fields and whether they
// take a where; relSpecs joins them to graph.RelFields.
var relLists = map[graph.RelField]relSpec{
	graph.FieldPersonPostings:      {order: relFromDesc, where: true},
	graph.FieldPersonMemberships:   {order: relFromDesc, where: true},
	graph.FieldPersonEmployments:   {order: relFromDesc, where: true},
	graph.FieldPersonProjects:      {order: relProjectDate, where: true},
	graph.FieldPersonAcquaintances: {order: relKnowsOrder, where: true},
	graph.FieldPersonLocations:     {order: relFromDesc},
	graph.FieldUnitHostedPostings:  {order: relFromDesc, where: true},
	graph.FieldUnitDispatched:      {order: relFromDesc, where: true},
	graph.FieldUnitMembers:         {order: relFromDesc, where: true},
	graph.FieldUnitSubUnits:        {order: relPinyin},
	graph.FieldUnitSupports:        {order: relFromDesc},
	graph.FieldRegionSubRegions:    {order: relCode},
	graph.FieldRegionUnits:         {order: relPinyin},
	graph.FieldRegionCompanies:     {order: relPinyin},
	graph.FieldRegionProjects:      {order: relStartDesc},
	graph.FieldRegionPeople:        {order: relPinyin},
	graph.FieldCompanyEmployees:    {order: relFromDesc, where: true},
	graph.FieldCompanySubsidiaries: {order: relPinyin},
	graph.FieldCompanyInvestments:  {order: relFromDesc, where: true},
	graph.FieldProjectPeople:       {order: relFromAsc, where: true},
	graph.FieldProjectInvestors:    {order: relAmountDesc, where: true},
	graph.FieldProjectSupporters:   {order: relFromAsc},
}

// relListVars are the variables of a relationship list's pattern.
var relListVars = relVars{r: "r", x: "o", y: "hu"}

// relSpecs are the relationship fields, with their list patterns.
var relSpecs = func() map[graph.RelField]relSpec {
	out := make(map[graph.RelField]relSpec, len(graph.RelFields))
	for f, def := range graph.RelFields {
		s, ok := relLists[f]
		if !ok {
			panic("neo4jdb: no sort for relationship field " + string(f))
		}
		s.RelFieldDef = def
		s.list = s.pattern(anchor{node: fill(patByKey, "label", def.Parent.Label()), id: "key"}, relListVars)
		out[f] = s
	}
	return out
}()

// cypherRelated lists one field for many parents, a page each, with the
// size of each list, in one round trip.
// The page starts after the cursor ({{seek}}: the where and the seek)
// and each item carries its sort keys and tie-break for its own cursor.
// Items name their ends by id; every distinct end node of all the pages
// (the parents among them) is projected once, beside the pages (nodes):
// projecting the ends item by item repeated the parent in every item and
// a host unit in every posting to it, each time with its labels, parent
// and region.
const cypherRelated = `UNWIND $keys AS key
{{count}}
CALL (key) { MATCH {{pattern}} {{seek}} WITH r, o ORDER BY {{order}} LIMIT $limit
  {{with}} RETURN collect({rel: {{rel}}, keys: {{keys}}, id: {{id}}}) AS items, collect(rs) + collect(re) AS ends }
WITH collect({key: key, total: total, items: items}) AS lists, collect(ends) AS ends
CALL (ends) { UNWIND ends AS es UNWIND es AS en WITH DISTINCT en RETURN collect({{node}}) AS nodes }
RETURN lists, nodes`

// cypherRelCount counts a list's relationships for cypherRelated;
// cypherRelNoCount stands in for it when the total is not asked for
// (graph.Page.NoTotal): counting walks every relationship of the list.
const (
	cypherRelCount   = `CALL (key) { MATCH {{pattern}} {{where}} RETURN count(r) AS total }`
	cypherRelNoCount = `WITH key, -1 AS total`
)

// cypherRelItem is an item of a relationship list: its ends by id.
const cypherRelItem = `{type: type(r), props: properties(r), s: rs.id, e: re.id}`

// timeWhere is the time filter of relationship lists and path search.
func timeWhere(w *where, f graph.RelFilter) {
	if f.Current != nil {
		if *f.Current {
			w.add("(r.from IS NULL OR r.from <= date()) AND (r.to IS NULL OR r.to >= date())")
		} else {
			w.add("r.to < date()")
		}
	}
	if f.At != nil {
		d := dateValue(f.At)
		w.add("(r.from IS NULL OR r.from <= %s) AND (r.to IS NULL OR r.to >= %s)", d, d)
	}
}

// relListWhere is the where of a relationship list and of its aggregate:
// the time filter, the people the viewer may see, and the filter's Where
// compiled over the list's relationship r and far end o.
func relListWhere(spec relSpec, f graph.RelFilter) (*where, error) {
	w := newWhere()
	timeWhere(w, f)
	spec.visible(w)
	if f.Far != nil {
		if spec.farKind() == "" || whereKind(f.Far) != spec.farKind() {
			return nil, graph.Errorf(graph.CodeInvalidInput, "where: this list takes no such where")
		}
		if err := graph.CheckFilterShape("where", f.Far); err != nil {
			return nil, err
		}
		c := &conds{w: w, a: "o"}
		if err := c.body("where", f.Far, nil); err != nil {
			return nil, err
		}
		if len(c.list) > 0 {
			w.conds = append(w.conds, all(c.list))
		}
	}
	if f.Where == nil {
		return w, nil
	}
	if !spec.where {
		return nil, graph.Errorf(graph.CodeInvalidInput, "where: this list takes no where")
	}
	if err := graph.CheckFilterShape("where", f.Where); err != nil {
		return nil, err
	}
	c := &conds{w: w, a: "o"}
	if err := relBody(c, "where", spec, relListVars, f.Where); err != nil {
		return nil, err
	}
	if len(c.list) > 0 {
		w.conds = append(w.conds, all(c.list))
	}
	return w, nil
}

// whereKind is the kind a node filter filters ("" for anything else).
func whereKind(f any) graph.Kind {
	switch f.(type) {
	case *graph.UnitWhere:
		return graph.KindUnit
	case *graph.RegionWhere:
		return graph.KindRegion
	case *graph.CompanyWhere:
		return graph.KindCompany
	case *graph.ProjectWhere:
		return graph.KindProject
	}
	return ""
}

// FindRelated lists a relationship field for many parents at once.
func (db *DB) FindRelated(ctx context.Context, field graph.RelField, parentIDs []string, f graph.RelFilter, page graph.Page) (map[string]*graph.RelList, error) {
	spec, ok := relSpecs[field]
	if !ok {
		return nil, graph.Errorf(graph.CodeInternal, "internal error")
	}
	if err := page.CheckLimit(); err != nil {
		return nil, err
	}
	if page.Offset != 0 {
		return nil, graph.Errorf(graph.CodeInternal, "internal error")
	}
	w, err := relListWhere(spec, f)
	if err != nil {
		return nil, err
	}
	sort := spec.order
	filter := w.String()
	if page.After != "" {
		if err := sort.seek(w, page.After); err != nil {
			return nil, err
		}
	}
	count := cypherRelNoCount
	if !page.NoTotal {
		count = fill(cypherRelCount, "pattern", spec.list, "where", filter)
	}
	cypher := fill(cypherRelated, "count", count, "pattern", spec.list, "seek", w.String(), "order", sort.order(),
		"with", relWith("r"), "rel", cypherRelItem, "keys", sort.keyList(), "id", sort.id, "node", nodeProj("en"))
	w.params["keys"] = parentIDs
	w.params["limit"] = page.Limit + 1
	recs, err := db.read(ctx, cypher, w.params)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, graph.Errorf(graph.CodeInternal, "related: the statement answered %d rows", len(recs))
	}
	lists, _ := recs[0].Values[0].([]any)
	nodes := map[string]graph.Node{}
	ends, _ := recs[0].Values[1].([]any)
	for _, v := range ends {
		n, err := decodeNode(v)
		if err != nil {
			return nil, err
		}
		nodes[n.NodeID()] = n
	}
	out := make(map[string]*graph.RelList, len(parentIDs))
	for _, v := range lists {
		lm, _ := v.(map[string]any)
		key := str(lm, "key")
		total, _ := lm["total"].(int64)
		items, _ := lm["items"].([]any)
		l := &graph.RelList{TotalCount: int(total), Cursors: []string{}, HasPrevious: page.After != ""}
		if len(items) > page.Limit {
			l.HasNext = true
			items = items[:page.Limit]
		}
		for _, it := range items {
			m, _ := it.(map[string]any)
			r := relFromMap(m["rel"])
			r.Start, r.End = nodes[r.StartID], nodes[r.EndID]
			if r.Start == nil || r.End == nil {
				return nil, graph.Errorf(graph.CodeInternal, "related: an end of %s without its node", r.ID)
			}
			if spec.Side == graph.SideEither && r.StartID != key {
				r.StartID, r.EndID, r.Start, r.End = r.EndID, r.StartID, r.End, r.Start
			}
			l.Items = append(l.Items, r)
			id, _ := m["id"].(string)
			l.Cursors = append(l.Cursors, sort.cursor(id, m["keys"]))
		}
		out[key] = l
	}
	return out, nil
}

// cypherAddRel creates one relationship between two existing nodes and
// returns it with its nodes. The type and labels come from fixed tables.
const cypherAddRel = `MATCH (a:{{start}} {id: $start}) MATCH (b:{{end}} {id: $end})
CREATE (a)-[r:{{type}}]->(b) SET r = $props
{{with}} RETURN {{rel}} AS rel`

// validated is an input that checks itself.
type validated interface{ Validate() error }

// addRel validates the input, checks that the referenced nodes exist
// (NOT_FOUND names the field), runs check for conflicts, and creates the
// relationship, in one transaction.
func (db *DB) addRel(ctx context.Context, in validated, t graph.RelType, startField, startID, endField, endID string, props map[string]any,
	extra [][2]string, check func(ctx context.Context, tx txRunner) error) (*graph.Relationship, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	sk, err := graph.ParseID(startID)
	if err != nil {
		return nil, graph.Errorf(graph.CodeInvalidInput, "%s: not a valid id", startField)
	}
	ek, err := graph.ParseID(endID)
	if err != nil {
		return nil, graph.Errorf(graph.CodeInvalidInput, "%s: not a valid id", endField)
	}
	props["id"] = graph.NewRelID()
	cypher := fill(cypherAddRel, "start", sk.Label(), "end", ek.Label(), "type", t.Cypher(),
		"with", relWith("r"), "rel", relProj("r"))
	return db.writeRel(ctx, func(ctx context.Context, tx txRunner) ([]*neo4j.Record, error) {
		refs := append([][2]string{{startField, startID}, {endField, endID}}, extra...)
		if err := requireExist(ctx, tx, refs); err != nil {
			return nil, err
		}
		if check != nil {
			if err := check(ctx, tx); err != nil {
				return nil, err
			}
		}
		return tx.run(ctx, cypher, map[string]any{"start": startID, "end": endID, "props": props})
	})
}

// writeRel runs fn in a write transaction; fn's statement answers one
// record holding the relationship written, whose people's ties are then
// computed again in the same transaction.
func (db *DB) writeRel(ctx context.Context, fn func(ctx context.Context, tx txRunner) ([]*neo4j.Record, error)) (*graph.Relationship, error) {
	out, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		recs, err := fn(ctx, tx)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, graph.Errorf(graph.CodeInternal, "internal error")
		}
		r, err := decodeRel(recs[0].Values[0])
		if err != nil {
			return nil, err
		}
		return r, db.refreshTies(ctx, tx, r)
	})
	if err != nil {
		return nil, err
	}
	return out.(*graph.Relationship), nil
}

// optStr is an optional text of an input as a property: trimmed, absent
// when empty.
func optStr(s *string) any { return nullIfEmpty(trimmed(s)) }

// trimmed is an optional text of an input without its surrounding space.
func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// AddPosting records a posting.
func (db *DB) AddPosting(ctx context.Context, in graph.AddPostingInput) (*graph.Relationship, error) {
	batch := in.Batch
	if batch == nil {
		y := in.From.Year()
		batch = &y
	}
	props := relProps(&graph.Relationship{Title: strings.TrimSpace(in.Title), Batch: batch, DispatchingUnitID: in.DispatchingUnitID,
		From: &in.From, To: in.To, Note: trimmed(in.Note)})
	return db.addRel(ctx, &in, graph.RelPostedTo, "input.personId", in.PersonID, "input.hostUnitId", in.HostUnitID, props,
		[][2]string{{"input.dispatchingUnitId", in.DispatchingUnitID}}, nil)
}

// AddMembership records that a person belongs to a unit.
func (db *DB) AddMembership(ctx context.Context, in graph.AddMembershipInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{Title: trimmed(in.Title), From: in.From, To: in.To})
	return db.addRel(ctx, &in, graph.RelMemberOf, "input.personId", in.PersonID, "input.unitId", in.UnitID, props, nil, nil)
}

// AddEmployment records that a person works at a company.
func (db *DB) AddEmployment(ctx context.Context, in graph.AddEmploymentInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{Title: trimmed(in.Title), From: in.From, To: in.To})
	return db.addRel(ctx, &in, graph.RelEmployedBy, "input.personId", in.PersonID, "input.companyId", in.CompanyID, props, nil, nil)
}

// AddLocation places an entity in a region.
func (db *DB) AddLocation(ctx context.Context, in graph.AddLocationInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{From: in.From, To: in.To})
	return db.addRel(ctx, &in, graph.RelLocatedIn, "input.entityId", in.EntityID, "input.regionId", in.RegionID, props, nil, nil)
}

// AddProjectRole records that a person secured or introduced a project.
func (db *DB) AddProjectRole(ctx context.Context, in graph.AddProjectRoleInput) (*graph.Relationship, error) {
	t := graph.RelSecured
	if in.Role == graph.RoleIntroduced {
		t = graph.RelIntroduced
	}
	props := relProps(&graph.Relationship{From: in.Date, Note: trimmed(in.Note)})
	return db.addRel(ctx, &in, t, "input.personId", in.PersonID, "input.projectId", in.ProjectID, props, nil,
		db.noDuplicate(fill(cypherHasRole, "type", t.Cypher()), in.PersonID, in.ProjectID,
			"input.projectId: the person already has this role in the project"))
}

// The checks against a second relationship of the same meaning: does the
// person already have the role in the project; do the two already know
// each other?
const (
	cypherHasRole  = `MATCH (:Person {id: $a})-[x:{{type}}]->(:Project {id: $b}) RETURN count(x) > 0`
	cypherKnowsNow = `MATCH (:Person {id: $a})-[x:KNOWS]-(:Person {id: $b}) WHERE x.to IS NULL RETURN count(x) > 0`
)

// AddInvestment records that a company invests in a project.
func (db *DB) AddInvestment(ctx context.Context, in graph.AddInvestmentInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{Amount: in.Amount, From: in.Date})
	return db.addRel(ctx, &in, graph.RelInvestsIn, "input.companyId", in.CompanyID, "input.projectId", in.ProjectID, props, nil, nil)
}

// AddSupport records that a unit supports a project.
func (db *DB) AddSupport(ctx context.Context, in graph.AddSupportInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{Note: trimmed(in.Note), From: in.Date})
	return db.addRel(ctx, &in, graph.RelSupports, "input.unitId", in.UnitID, "input.projectId", in.ProjectID, props, nil, nil)
}

// AddAcquaintance records that two people know each other. A pair has at
// most one acquaintance that lasts.
func (db *DB) AddAcquaintance(ctx context.Context, in graph.AddAcquaintanceInput) (*graph.Relationship, error) {
	props := relProps(&graph.Relationship{From: in.Since, How: trimmed(in.How)})
	return db.addRel(ctx, &in, graph.RelKnows, "input.personId", in.PersonID, "input.otherId", in.OtherID, props, nil,
		db.noDuplicate(cypherKnowsNow, in.PersonID, in.OtherID,
			"input.otherId: the two already know each other"))
}

func (db *DB) noDuplicate(cypher, a, b, msg string) func(context.Context, txRunner) error {
	return func(ctx context.Context, tx txRunner) error {
		recs, err := tx.run(ctx, cypher, map[string]any{"a": a, "b": b})
		if err != nil {
			return err
		}
		if dup, _ := recs[0].Values[0].(bool); dup {
			return graph.Errorf(graph.CodeConflict, "%s", msg)
		}
		return nil
	}
}

// cypherFindRel finds relationship r by id with one index seek per type
// ({{seeks}}, cypherSeekRel of every type joined by UNION ALL): a MATCH
// without a type could not use the relationship indexes.
const (
	cypherFindRel = `CALL () { {{seeks}} } WITH r LIMIT 1`
	cypherSeekRel = `MATCH ()-[r:{{type}}]->() WHERE r.id = $id RETURN r`
)

// The statements on one relationship found by cypherFindRel.
const (
	cypherGetRel    = `{{find}} {{with}} RETURN {{rel}}`
	cypherEndRel    = `{{find}} SET r.to = $to {{with}} RETURN {{rel}}`
	cypherDeleteRel = `{{find}} DELETE r`
)

var (
	findRel = func() string {
		seeks := make([]string, len(graph.RelTypes))
		for i, t := range graph.RelTypes {
			seeks[i] = fill(cypherSeekRel, "type", t.Cypher())
		}
		return fill(cypherFindRel, "seeks", strings.Join(seeks, " UNION ALL "))
	}()
	getRel    = fill(cypherGetRel, "find", findRel, "with", relWith("r"), "rel", relProj("r"))
	endRel    = fill(cypherEndRel, "find", findRel, "with", relWith("r"), "rel", relProj("r"))
	deleteRel = fill(cypherDeleteRel, "find", findRel)
)

// relByID reads the relationship with the id in tx, or NOT_FOUND.
func relByID(ctx context.Context, tx txRunner, id string) (*graph.Relationship, error) {
	recs, err := tx.run(ctx, getRel, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.Errorf(graph.CodeNotFound, "relationship %q not found", id)
	}
	return decodeRel(recs[0].Values[0])
}

// EndRelationship closes a timed relationship at the date.
func (db *DB) EndRelationship(ctx context.Context, id string, to time.Time) (*graph.Relationship, error) {
	if err := graph.ParseRelID("id", id); err != nil {
		return nil, err
	}
	if to.Year() < graph.MinDateYear || to.Year() > graph.Today().Year()+graph.MaxDateYearOffset {
		return nil, graph.Errorf(graph.CodeInvalidInput, "to: year must lie between %d and %d", graph.MinDateYear, graph.Today().Year()+graph.MaxDateYearOffset)
	}
	return db.writeRel(ctx, func(ctx context.Context, tx txRunner) ([]*neo4j.Record, error) {
		cur, err := relByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		switch {
		case !cur.Type.Timed():
			return nil, graph.Errorf(graph.CodeInvalidInput, "id: a %s relationship has no period to end; remove it instead", cur.Type)
		case cur.To != nil:
			return nil, graph.Errorf(graph.CodeConflict, "id: the relationship already ended on %s", cur.To.Format(time.DateOnly))
		case cur.From != nil && to.Before(*cur.From):
			return nil, graph.Errorf(graph.CodeInvalidInput, "to: %s is before the start %s", to.Format(time.DateOnly), cur.From.Format(time.DateOnly))
		}
		return tx.run(ctx, endRel, map[string]any{"id": id, "to": dateValue(&to)})
	})
}

// RemoveRelationship deletes a relationship.
func (db *DB) RemoveRelationship(ctx context.Context, id string) error {
	if err := graph.ParseRelID("id", id); err != nil {
		return err
	}
	_, err := db.write(ctx, func(ctx context.Context, tx txRunner) (any, error) {
		cur, err := relByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if _, err := tx.run(ctx, deleteRel, map[string]any{"id": id}); err != nil {
			return nil, err
		}
		return nil, db.refreshTies(ctx, tx, cur)
	})
	return err
}

// refreshTies recomputes the ties of the people at the ends of r, when r
// is of a type that ties are made of.
func (db *DB) refreshTies(ctx context.Context, tx txRunner, r *graph.Relationship) error {
	switch r.Type {
	case graph.RelPostedTo, graph.RelMemberOf, graph.RelEmployedBy, graph.RelKnows:
	default:
		return nil
	}
	var ids []string
	for _, id := range []string{r.StartID, r.EndID} {
		if k, _ := graph.ParseID(id); k == graph.KindPerson {
			ids = append(ids, id)
		}
	}
	return db.recomputeTies(ctx, tx, ids)
}
