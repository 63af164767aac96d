package neo4jdb

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/pinyin"
)

// The filters of the lists and the aggregates (the grammar: graph/filter.go
// and schema/filter.graphqls), compiled into one Cypher condition on the
// alias n: FindPeople, FindProjects... and the aggregates (aggregate.go),
// groups (groups.go) and the matrix (matrix.go) share them.
//
// Every piece of text below is a constant of this file; fill puts in the
// aliases (n, or fxN/frN/fyN/fdN generated from a counter), property names
// from the constants and the parameter names $wN. Values are parameters.
// A comparison with a missing value is null in Cypher; every NOT (and the
// NOT of all) coalesces its operand to false first, so that everywhere a
// comparison with a missing value counts as false and NOT is its
// complement (the Go model of the property test, filters_property_test.go,
// has the same rule). The leaves stay plain comparisons, which the planner
// can serve from indexes. Relationships to
// people the viewer may not see do not exist for a condition, and a
// person at a far end the viewer may not see matches nothing.

// where collects the conditions of a list query and their parameters.
type where struct {
	conds   []string
	params  map[string]any
	aliases int
}

func newWhere() *where { return &where{params: map[string]any{}} }

const (
	paramName   = `w{{n}}`
	paramRef    = `${{name}}`
	whereClause = `WHERE {{conds}}`
	andSep      = ` AND `
	orSep       = ` OR `
	condGroup   = `({{c}})`
	condNot     = `(NOT coalesce({{c}}, false))`
	condOpaque  = `coalesce({{c}}, false)`
	condTrue    = `true`
	condFalse   = `false`
	propOf      = `{{a}}.{{prop}}`
	relTypeOf   = `type({{r}})`
	aliasName   = `{{prefix}}{{n}}`
	placeholder = `%s`
)

// param stores v as a fresh parameter and returns its reference ($wN).
func (w *where) param(v any) string {
	name := fill(paramName, "n", strconv.Itoa(len(w.params)))
	w.params[name] = v
	return fill(paramRef, "name", name)
}

// alias returns a fresh variable name with the prefix (a constant).
func (w *where) alias(prefix string) string {
	w.aliases++
	return fill(aliasName, "prefix", prefix, "n", strconv.Itoa(w.aliases))
}

// add appends a condition of this package; each value replaces one %s of
// the fragment with a fresh parameter.
func (w *where) add(fragment string, values ...any) {
	for _, v := range values {
		fragment = strings.Replace(fragment, placeholder, w.param(v), 1)
	}
	w.conds = append(w.conds, fragment)
}

// beyondVisibility says whether w keeps fewer than the nodes the viewer
// may see: whether it holds a condition other than visibleN, with which
// peopleWhere starts.
func (w *where) beyondVisibility() bool {
	return slices.ContainsFunc(w.conds, func(c string) bool { return c != visibleN })
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return fill(whereClause, "conds", strings.Join(w.conds, andSep))
}

// all joins conditions with AND (none: true).
func all(conds []string) string {
	switch len(conds) {
	case 0:
		return condTrue
	case 1:
		return conds[0]
	}
	return fill(condGroup, "c", strings.Join(conds, andSep))
}

// anyOf joins conditions with OR (none: false). An operand holding an AND
// is wrapped in coalesce(..., false): the planner rewrites a condition
// into a conjunction of disjunctions by distributing OR over AND, which
// copies every operand (and every EXISTS subquery in it, each planned on
// its own) once per term; on an OR of ANDs nested a few levels deep that
// took longer to plan than the 30 s limit of a request (a random tree of
// the property test under load). coalesce is opaque to that rewrite, and
// the same here, since a missing value counts as false everywhere (see
// above): turning a null operand of OR into false changes no answer.
func anyOf(conds []string) string {
	switch len(conds) {
	case 0:
		return condFalse
	case 1:
		return conds[0]
	}
	ops := make([]string, len(conds))
	for i, c := range conds {
		ops[i] = c
		if strings.Contains(c, andSep) {
			ops[i] = fill(condOpaque, "c", c)
		}
	}
	return fill(condGroup, "c", strings.Join(ops, orSep))
}

func not(cond string) string { return fill(condNot, "c", cond) }

func prop(a, p string) string { return fill(propOf, "a", a, "prop", p) }

const visibleT = `(coalesce({{a}}.discoverable, true) OR $viewAll OR {{a}}.id = $viewSelf)`

func visible(a string) string { return fill(visibleT, "a", a) }

// conds is the list of conditions one Where compiles to, on alias a.
// nested is set for a far end of a relationship condition: its alias is
// bound row by row by the expansion around it, so the shorthands that
// cross a relationship take their outward form (outward).
type conds struct {
	w      *where
	a      string
	list   []string
	nested bool
	// free is set inside an anchored some (quantified): the far ends of
	// its relationship are bound by a MATCH of their own, which may start
	// at them, so their shorthands keep the seekable form.
	free bool
}

// cond appends tmpl filled with the alias ({{a}}) and, for each value, a
// fresh parameter ({{p}}, {{q}}, ... in order).
func (c *conds) cond(tmpl string, values ...any) {
	if o, ok := outward[tmpl]; ok && c.nested {
		tmpl = o
	}
	pairs := []string{}
	if strings.Contains(tmpl, "{{a}}") {
		pairs = append(pairs, "a", c.a)
	}
	for i, v := range values {
		pairs = append(pairs, paramSlots[i], c.w.param(v))
	}
	c.list = append(c.list, fill(tmpl, pairs...))
}

var paramSlots = []string{"p", "q"}

// The operators, on a value expression {{v}} and a parameter {{p}}.
const (
	opEq       = `{{v}} = {{p}}`
	opIn       = `{{v}} IN {{p}}`
	opContains = `{{v}} CONTAINS {{p}}`
	opStarts   = `{{v}} STARTS WITH {{p}}`
	opGt       = `{{v}} > {{p}}`
	opGte      = `{{v}} >= {{p}}`
	opLt       = `{{v}} < {{p}}`
	opLte      = `{{v}} <= {{p}}`
	opIsNull   = `(({{v}} IS NULL) = {{p}})`

	opListIncludes    = `{{p}} IN {{v}}`
	opListIncludesAny = `any(e IN coalesce({{v}}, []) WHERE e IN {{p}})`
	opListContains    = `any(e IN coalesce({{v}}, []) WHERE e CONTAINS {{p}})`
	opListIsEmpty     = `((size(coalesce({{v}}, [])) = 0) = {{p}})`

	// On names: the search text holds the name, its pinyin in full and by
	// initials, and the other names (record.go, searchText).
	opNameContains = `({{a}}.searchText CONTAINS {{p}} OR {{a}}.searchText CONTAINS {{q}})`
	opNameStarts   = `({{a}}.searchText STARTS WITH {{p}} OR any(k IN coalesce({{a}}.pinyinKeys, []) + coalesce({{a}}.initials, []) WHERE k STARTS WITH {{q}}))`
)

// comparisons are the operators of eq, gt, gte, lt, lte in that order.
var comparisons = [...]string{opEq, opGt, opGte, opLt, opLte}

// op appends one operator on the value expression v.
func (c *conds) op(tmpl, v string, value any) {
	c.list = append(c.list, fill(tmpl, "v", v, "p", c.w.param(value)))
}

func (c *conds) str(v string, f *graph.StringFilter) {
	if f == nil {
		return
	}
	if f.Eq != nil {
		c.op(opEq, v, *f.Eq)
	}
	if f.In != nil {
		c.op(opIn, v, f.In)
	}
	if f.Contains != nil {
		c.op(opContains, v, *f.Contains)
	}
	if f.StartsWith != nil {
		c.op(opStarts, v, *f.StartsWith)
	}
	c.isNull(v, f.IsNull)
}

// name is a StringFilter on the name of alias a: contains and startsWith
// also match pinyin and initials.
func (c *conds) name(f *graph.StringFilter) {
	if f == nil {
		return
	}
	v := prop(c.a, "name")
	if f.Eq != nil {
		c.op(opEq, v, *f.Eq)
	}
	if f.In != nil {
		c.op(opIn, v, f.In)
	}
	if f.Contains != nil {
		q := pinyin.Normalize(*f.Contains)
		c.cond(opNameContains, q, strings.ReplaceAll(q, " ", ""))
	}
	if f.StartsWith != nil {
		q := pinyin.Normalize(*f.StartsWith)
		c.cond(opNameStarts, q, strings.ReplaceAll(q, " ", ""))
	}
	c.isNull(v, f.IsNull)
}

func (c *conds) isNull(v string, b *bool) {
	if b != nil {
		c.op(opIsNull, v, *b)
	}
}

func (c *conds) int(v string, f *graph.IntFilter) {
	if f == nil {
		return
	}
	if f.In != nil {
		c.op(opIn, v, f.In)
	}
	for i, x := range []*int{f.Eq, f.Gt, f.Gte, f.Lt, f.Lte} {
		if x != nil {
			c.op(comparisons[i], v, *x)
		}
	}
	c.isNull(v, f.IsNull)
}

func (c *conds) float(v string, f *graph.FloatFilter) {
	if f == nil {
		return
	}
	for i, x := range []*float64{f.Eq, f.Gt, f.Gte, f.Lt, f.Lte} {
		if x != nil {
			c.op(comparisons[i], v, *x)
		}
	}
	c.isNull(v, f.IsNull)
}

func (c *conds) date(v string, f *graph.DateFilter) {
	if f == nil {
		return
	}
	for i, x := range []*time.Time{f.Eq, f.Gt, f.Gte, f.Lt, f.Lte} {
		if x != nil {
			c.op(comparisons[i], v, dateValue(x))
		}
	}
	c.isNull(v, f.IsNull)
}

func (c *conds) strList(v string, f *graph.StringListFilter) {
	if f == nil {
		return
	}
	if f.Includes != nil {
		c.op(opListIncludes, v, *f.Includes)
	}
	if f.IncludesAny != nil {
		c.op(opListIncludesAny, v, f.IncludesAny)
	}
	if f.Contains != nil {
		c.op(opListContains, v, *f.Contains)
	}
	if f.IsEmpty != nil {
		c.op(opListIsEmpty, v, *f.IsEmpty)
	}
}

// enum appends eq / in / isNull of an enumeration filter.
func enum[T ~string](c *conds, v string, eq *T, in []T, isNull *bool) {
	if eq != nil {
		c.op(opEq, v, string(*eq))
	}
	if in != nil {
		c.op(opIn, v, enumStrings(in))
	}
	c.isNull(v, isNull)
}

func enumStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// relScope is what a RelWhere compiles against: its relationship and the
// variables of the quantifier it is in.
type relScope struct {
	spec relSpec
	v    relVars
}

// body compiles one Where of any kind into c (rs: for a RelWhere). The
// kinds are dispatched here rather than passed as functions, so that the
// taint analysis (internal/cypherlint) follows every call.
func (c *conds) body(path string, f any, rs *relScope) error {
	switch f := f.(type) {
	case *graph.PersonWhere:
		return personBody(c, path, f)
	case *graph.UnitWhere:
		return unitBody(c, path, f)
	case *graph.RegionWhere:
		return regionBody(c, path, f)
	case *graph.CompanyWhere:
		return companyBody(c, path, f)
	case *graph.ProjectWhere:
		return projectBody(c, path, f)
	case *graph.RelWhere:
		return relBody(c, path, rs.spec, rs.v, f)
	}
	return graph.Errorf(graph.CodeInternal, "internal error")
}

// sub compiles nested Where values of one kind: AND, OR and NOT.
func sub[W any](c *conds, path string, and, or []*W, nt *W, rs *relScope) error {
	one := func(p string, f *W) (string, error) {
		s := &conds{w: c.w, a: c.a, nested: c.nested, free: c.free}
		if f != nil {
			if err := s.body(p, f, rs); err != nil {
				return "", err
			}
		}
		return all(s.list), nil
	}
	for i, f := range and {
		s, err := one(path+".AND["+strconv.Itoa(i)+"]", f)
		if err != nil {
			return err
		}
		c.list = append(c.list, s)
	}
	if or != nil {
		alts := make([]string, 0, len(or))
		for i, f := range or {
			s, err := one(path+".OR["+strconv.Itoa(i)+"]", f)
			if err != nil {
				return err
			}
			alts = append(alts, s)
		}
		c.list = append(c.list, anyOf(alts))
	}
	if nt != nil {
		s, err := one(path+".NOT", nt)
		if err != nil {
			return err
		}
		c.list = append(c.list, not(s))
	}
	return nil
}

// The shorthand conditions, on alias {{a}}. A shorthand that crosses a relationship to a node named by id is written
// as "{{a}}.id IN COLLECT { the anchored pattern }": Neo4j plans the
// subquery first, from the unique index of the anchor (or the relationship
// index), and then seeks the list's nodes by their ids. Written as
// EXISTS { (n)-...->(:X {id: $p}) }, the planner scans every node of the
// label and expands each (PROFILE on the scale-10 graph: 602,428 database
// hits against 66 for people posted to one unit; docs/nested-queries.md).
// The subqueries name their variables fx, fr, fy, which no statement
// around them binds (the compiler's aliases carry a number).
const (
	shIDs          = `{{a}}.id IN {{p}}`
	shName         = `{{a}}.name = {{p}}`
	shGender       = `{{a}}.gender = {{p}}`
	shBirthMin     = `{{a}}.birthYear >= {{p}}`
	shBirthMax     = `{{a}}.birthYear <= {{p}}`
	shExpertise    = `{{p}} IN {{a}}.expertise`
	shDiscoverable = `coalesce({{a}}.discoverable, true) = {{p}}`
	shIsCadre      = `EXISTS { ({{a}})-[:POSTED_TO]->() } = {{p}}`
	shServingAt    = `EXISTS { ({{a}})-[r:POSTED_TO]->() WHERE r.from <= {{p}} AND (r.to IS NULL OR r.to >= {{q}}) }`
	shDispatchedBy = `{{a}}.id IN COLLECT { MATCH (fx:Person)-[fr:POSTED_TO]->() WHERE fr.dispatchingUnitId = {{p}} RETURN fx.id }`
	shHostUnit     = `{{a}}.id IN COLLECT { MATCH (:Unit {id: {{p}}})<-[:POSTED_TO]-(fx:Person) RETURN fx.id }`
	shBatch        = `{{a}}.id IN COLLECT { MATCH (fx:Person)-[fr:POSTED_TO]->() WHERE fr.batch = {{p}} RETURN fx.id }`
	// In a region or its sub-regions, one for each kind located there: the
	// label keeps the ids to the kind at hand (at scale 1, the 84 units of
	// a city, not its 3,337 units, people, companies and projects).
	shInRegionP     = `{{a}}.id IN COLLECT { MATCH (:Region {id: {{p}}})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx:Person) RETURN fx.id }`
	shInRegionU     = `{{a}}.id IN COLLECT { MATCH (:Region {id: {{p}}})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx:Unit) RETURN fx.id }`
	shInRegionC     = `{{a}}.id IN COLLECT { MATCH (:Region {id: {{p}}})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx:Company) RETURN fx.id }`
	shInRegionJ     = `{{a}}.id IN COLLECT { MATCH (:Region {id: {{p}}})<-[:PART_OF*0..6]-(:Region)<-[:LOCATED_IN]-(fx:Project) RETURN fx.id }`
	shHasKnows      = `EXISTS { ({{a}})-[:KNOWS]-(x:Person) WHERE (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) } = {{p}}`
	shKind          = `{{a}}.kind IN {{p}}`
	shLevel         = `{{a}}.level IN {{p}}`
	shStatus        = `{{a}}.status IN {{p}}`
	shCode          = `{{a}}.code = {{p}}`
	shIndustry      = `{{a}}.industry = {{p}}`
	shCreditCode    = `{{a}}.creditCode = {{p}}`
	shUnitParent    = `{{a}}.id IN COLLECT { MATCH (:Unit {id: {{p}}})<-[:PART_OF]-(fx:Unit) RETURN fx.id }`
	shRegionParent  = `{{a}}.id IN COLLECT { MATCH (:Region {id: {{p}}})<-[:PART_OF]-(fx:Region) RETURN fx.id }`
	shCompanyParent = `{{a}}.id IN COLLECT { MATCH (:Company {id: {{p}}})<-[:PART_OF]-(fx:Company) RETURN fx.id }`
	shHasDispatched = `EXISTS { (x:Person)-[r:POSTED_TO]->() WHERE r.dispatchingUnitId = {{a}}.id AND (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) } = {{p}}`
	shHasHosted     = `EXISTS { ({{a}})<-[:POSTED_TO]-(x:Person) WHERE (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) } = {{p}}`
	shHasProjects   = `EXISTS { ({{a}})-[:INVESTS_IN]->() } = {{p}}`
	shAmountMin     = `{{a}}.amount >= {{p}}`
	shAmountMax     = `{{a}}.amount <= {{p}}`
	shStartFrom     = `{{a}}.startDate >= {{p}}`
	shStartTo       = `{{a}}.startDate <= {{p}}`
	shSecuredBy     = `{{a}}.id IN COLLECT { MATCH (x:Person {id: {{p}}})-[:SECURED|INTRODUCED]->(fy:Project) WHERE (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) RETURN fy.id }`
)

const inRegionOutward = `EXISTS { ({{a}})-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(:Region {id: {{p}}}) }`

// outward holds, for each shorthand written as "{{a}}.id IN COLLECT
// {...}", the same condition written from the alias outwards. Inside a
// relationship condition (people whose postings' host unit is in a
// region) the alias is bound by the expansion, row by row: the planner
// cannot seek the COLLECT's ids there and evaluates the subquery again
// for every row (PROFILE at scale 1, people who served at a unit of a
// city: 3.6 million rows, 25 s), while the outward pattern follows the
// few relationships of the one node at hand (a unit's LOCATED_IN and the
// region's PART_OF chain). The variables fx, fr, fy are no compiler
// aliases, as above.
var outward = map[string]string{
	shDispatchedBy:  `EXISTS { ({{a}})-[fr:POSTED_TO]->() WHERE fr.dispatchingUnitId = {{p}} }`,
	shHostUnit:      `EXISTS { ({{a}})-[:POSTED_TO]->(:Unit {id: {{p}}}) }`,
	shBatch:         `EXISTS { ({{a}})-[fr:POSTED_TO]->() WHERE fr.batch = {{p}} }`,
	shInRegionP:     inRegionOutward,
	shInRegionU:     inRegionOutward,
	shInRegionC:     inRegionOutward,
	shInRegionJ:     inRegionOutward,
	shUnitParent:    `EXISTS { ({{a}})-[:PART_OF]->(:Unit {id: {{p}}}) }`,
	shRegionParent:  `EXISTS { ({{a}})-[:PART_OF]->(:Region {id: {{p}}}) }`,
	shCompanyParent: `EXISTS { ({{a}})-[:PART_OF]->(:Company {id: {{p}}}) }`,
	shSecuredBy:     `EXISTS { (x:Person {id: {{p}}})-[:SECURED|INTRODUCED]->({{a}}) WHERE (coalesce(x.discoverable, true) OR $viewAll OR x.id = $viewSelf) }`,
}

// common appends the shorthands every kind has: ids, name, nameContains.
func (c *conds) common(path string, ids []string, name, nameContains *string, k graph.Kind) error {
	if err := graph.ValidateWhereIDs(path+".ids", ids, k); err != nil {
		return err
	}
	if ids != nil {
		c.cond(shIDs, ids)
	}
	if name != nil {
		c.cond(shName, strings.TrimSpace(*name))
	}
	if nameContains != nil {
		q := pinyin.Normalize(*nameContains)
		c.cond(opNameContains, q, strings.ReplaceAll(q, " ", ""))
	}
	return nil
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

func (c *conds) boolean(tmpl string, b *bool) {
	if b != nil {
		c.cond(tmpl, *b)
	}
}

func (c *conds) optStr(tmpl string, s *string) {
	if s != nil {
		c.cond(tmpl, *s)
	}
}

func personBody(c *conds, path string, f *graph.PersonWhere) error {
	if err := checkRefs(idRef{path + ".dispatchingUnitId", f.DispatchingUnitID, graph.KindUnit}, idRef{path + ".hostUnitId", f.HostUnitID, graph.KindUnit},
		idRef{path + ".regionId", f.RegionID, graph.KindRegion}); err != nil {
		return err
	}
	if err := c.common(path, f.IDs, f.Name, f.NameContains, graph.KindPerson); err != nil {
		return err
	}
	if f.Gender != nil {
		c.cond(shGender, string(*f.Gender))
	}
	if f.BirthYear != nil && f.BirthYear.Min != nil {
		c.cond(shBirthMin, *f.BirthYear.Min)
	}
	if f.BirthYear != nil && f.BirthYear.Max != nil {
		c.cond(shBirthMax, *f.BirthYear.Max)
	}
	if f.Expertise != nil {
		c.cond(shExpertise, strings.TrimSpace(*f.Expertise))
	}
	c.boolean(shDiscoverable, f.Discoverable)
	c.boolean(shIsCadre, f.IsCadre)
	if f.ServingAt != nil {
		d := dateValue(f.ServingAt)
		c.cond(shServingAt, d, d)
	}
	c.optStr(shDispatchedBy, f.DispatchingUnitID)
	c.optStr(shHostUnit, f.HostUnitID)
	if f.Batch != nil {
		c.cond(shBatch, *f.Batch)
	}
	c.optStr(shInRegionP, f.RegionID)
	c.boolean(shHasKnows, f.HasAcquaintances)

	c.name(f.NameIs)
	c.str(prop(c.a, "nameEn"), f.NameEnIs)
	if f.GenderIs != nil {
		enum(c, prop(c.a, "gender"), f.GenderIs.Eq, f.GenderIs.In, f.GenderIs.IsNull)
	}
	c.int(prop(c.a, "birthYear"), f.BirthYearIs)
	c.strList(prop(c.a, "expertise"), f.ExpertiseIs)
	if err := c.quantifiedAll(path, []string{"postings", "memberships", "employments", "projects", "acquaintances"},
		[]graph.RelField{graph.FieldPersonPostings, graph.FieldPersonMemberships, graph.FieldPersonEmployments, graph.FieldPersonProjects, graph.FieldPersonAcquaintances},
		[]*graph.RelCondition{f.Postings, f.Memberships, f.Employments, f.Projects, f.Acquaintances}); err != nil {
		return err
	}
	return sub(c, path, f.And, f.Or, f.Not, nil)
}

func unitBody(c *conds, path string, f *graph.UnitWhere) error {
	if err := checkRefs(idRef{path + ".parentId", f.ParentID, graph.KindUnit}, idRef{path + ".regionId", f.RegionID, graph.KindRegion}); err != nil {
		return err
	}
	if err := c.common(path, f.IDs, f.Name, f.NameContains, graph.KindUnit); err != nil {
		return err
	}
	if f.Kind != nil {
		c.cond(shKind, enumStrings(f.Kind))
	}
	c.optStr(shUnitParent, f.ParentID)
	c.optStr(shInRegionU, f.RegionID)
	c.boolean(shHasDispatched, f.HasDispatched)
	c.boolean(shHasHosted, f.HasHosted)

	c.name(f.NameIs)
	c.str(prop(c.a, "shortName"), f.ShortNameIs)
	if f.KindIs != nil {
		enum(c, prop(c.a, "kind"), f.KindIs.Eq, f.KindIs.In, nil)
	}
	if err := c.quantifiedAll(path, []string{"hostedPostings", "dispatchedPostings", "members"},
		[]graph.RelField{graph.FieldUnitHostedPostings, graph.FieldUnitDispatched, graph.FieldUnitMembers},
		[]*graph.RelCondition{f.HostedPostings, f.DispatchedPostings, f.Members}); err != nil {
		return err
	}
	return sub(c, path, f.And, f.Or, f.Not, nil)
}

func regionBody(c *conds, path string, f *graph.RegionWhere) error {
	if err := checkRefs(idRef{path + ".parentId", f.ParentID, graph.KindRegion}); err != nil {
		return err
	}
	if err := c.common(path, f.IDs, f.Name, f.NameContains, graph.KindRegion); err != nil {
		return err
	}
	if f.Level != nil {
		c.cond(shLevel, enumStrings(f.Level))
	}
	if f.Code != nil {
		c.cond(shCode, strings.TrimSpace(*f.Code))
	}
	c.optStr(shRegionParent, f.ParentID)

	c.name(f.NameIs)
	if f.LevelIs != nil {
		enum(c, prop(c.a, "level"), f.LevelIs.Eq, f.LevelIs.In, nil)
	}
	c.str(prop(c.a, "code"), f.CodeIs)
	return sub(c, path, f.And, f.Or, f.Not, nil)
}

func companyBody(c *conds, path string, f *graph.CompanyWhere) error {
	if err := checkRefs(idRef{path + ".parentId", f.ParentID, graph.KindCompany}, idRef{path + ".regionId", f.RegionID, graph.KindRegion}); err != nil {
		return err
	}
	if err := c.common(path, f.IDs, f.Name, f.NameContains, graph.KindCompany); err != nil {
		return err
	}
	if f.CreditCode != nil {
		c.cond(shCreditCode, graph.NormalizeCreditCode(*f.CreditCode))
	}
	if f.Industry != nil {
		c.cond(shIndustry, strings.TrimSpace(*f.Industry))
	}
	c.optStr(shCompanyParent, f.ParentID)
	c.optStr(shInRegionC, f.RegionID)
	c.boolean(shHasProjects, f.HasProjects)

	c.name(f.NameIs)
	c.str(prop(c.a, "industry"), f.IndustryIs)
	c.str(prop(c.a, "creditCode"), f.CreditCodeIs)
	if err := c.quantified(path+".employees", graph.FieldCompanyEmployees, f.Employees); err != nil {
		return err
	}
	if err := c.quantified(path+".investments", graph.FieldCompanyInvestments, f.Investments); err != nil {
		return err
	}
	return sub(c, path, f.And, f.Or, f.Not, nil)
}

func projectBody(c *conds, path string, f *graph.ProjectWhere) error {
	if err := checkRefs(idRef{path + ".regionId", f.RegionID, graph.KindRegion}, idRef{path + ".securedById", f.SecuredByID, graph.KindPerson}); err != nil {
		return err
	}
	if err := c.common(path, f.IDs, f.Name, f.NameContains, graph.KindProject); err != nil {
		return err
	}
	if f.Kind != nil {
		c.cond(shKind, enumStrings(f.Kind))
	}
	if f.Status != nil {
		c.cond(shStatus, enumStrings(f.Status))
	}
	if f.Amount != nil && f.Amount.Min != nil {
		c.cond(shAmountMin, *f.Amount.Min)
	}
	if f.Amount != nil && f.Amount.Max != nil {
		c.cond(shAmountMax, *f.Amount.Max)
	}
	if f.StartDate != nil && f.StartDate.From != nil {
		c.cond(shStartFrom, dateValue(f.StartDate.From))
	}
	if f.StartDate != nil && f.StartDate.To != nil {
		c.cond(shStartTo, dateValue(f.StartDate.To))
	}
	c.optStr(shInRegionJ, f.RegionID)
	c.optStr(shSecuredBy, f.SecuredByID)

	c.name(f.NameIs)
	if f.KindIs != nil {
		enum(c, prop(c.a, "kind"), f.KindIs.Eq, f.KindIs.In, nil)
	}
	if f.StatusIs != nil {
		enum(c, prop(c.a, "status"), f.StatusIs.Eq, f.StatusIs.In, nil)
	}
	c.float(prop(c.a, "amount"), f.AmountIs)
	c.date(prop(c.a, "startDate"), f.StartDateIs)
	c.date(prop(c.a, "endDate"), f.EndDateIs)
	if err := c.quantified(path+".people", graph.FieldProjectPeople, f.People); err != nil {
		return err
	}
	if err := c.quantified(path+".investors", graph.FieldProjectInvestors, f.Investors); err != nil {
		return err
	}
	return sub(c, path, f.And, f.Or, f.Not, nil)
}

const (
	quantSome = `EXISTS { MATCH {{pattern}} WHERE {{scope}} AND {{cond}} }`
	// quantAnchored is some from the far end: the ids of the parents
	// that have such a relationship ({{id}}: relSpec.parentID), computed
	// once for the whole list.
	quantAnchored = `{{a}}.id IN COLLECT { MATCH {{pattern}} WHERE {{scope}} AND {{cond}} RETURN {{id}} }`
	quantNone     = `NOT EXISTS { MATCH {{pattern}} WHERE {{scope}} AND {{cond}} }`
	quantAll      = `NOT EXISTS { MATCH {{pattern}} WHERE {{scope}} AND NOT coalesce({{cond}}, false) }`

	relCurrent    = `(coalesce({{r}}.from <= date(), true) AND coalesce({{r}}.to >= date(), true))`
	relEnded      = `{{r}}.to < date()`
	relDispatcher = `EXISTS { MATCH ({{d}}:Unit) WHERE {{d}}.id = {{r}}.dispatchingUnitId AND {{cond}} }`
)

// quantifiers are the templates of some, none and all, in that order.
var (
	quantifiers = [...]string{quantSome, quantNone, quantAll}
	quantNames  = [...]string{"some", "none", "all"}
)

// quantifiedAll appends the conditions over several relationships: names,
// fields and conds side by side.
func (c *conds) quantifiedAll(path string, names []string, fields []graph.RelField, qs []*graph.RelCondition) error {
	for i, q := range qs {
		if err := c.quantified(path+"."+names[i], fields[i], q); err != nil {
			return err
		}
	}
	return nil
}

// quantified appends the some / none / all of a condition on the
// relationships of field.
func (c *conds) quantified(path string, field graph.RelField, q *graph.RelCondition) error {
	if q == nil {
		return nil
	}
	spec := relSpecs[field]
	for i, f := range []*graph.RelWhere{q.Some, q.None, q.All} {
		if f == nil {
			continue
		}
		// A some whose far end is named by id, on a node not bound row by
		// row, starts from that end: without it the planner walks the
		// list's label and tries the relationships of every node (people
		// who served at a unit of a city: every person in pinyin order).
		// Its pattern leaves the parent free (fa) and returns the parent's
		// id (relSpec.parentID).
		anchored := i == 0 && !c.nested && named(f)
		v := relVars{r: c.w.alias("fr"), x: c.w.alias("fx")}
		a := c.a
		if anchored {
			a = c.w.alias("fa")
		}
		if spec.Side == graph.SideProp {
			v.y = c.w.alias("fy")
		}
		scope := condTrue
		if spec.Far == graph.KindPerson {
			scope = visible(v.x)
		}
		rc := &conds{w: c.w, a: a, nested: c.nested, free: anchored}
		if err := relBody(rc, path+"."+quantNames[i], spec, v, f); err != nil {
			return err
		}
		if anchored {
			pattern := spec.pattern(anchor{node: fill(patBound, "v", a)}, v)
			c.list = append(c.list, fill(quantAnchored, "a", c.a, "pattern", pattern, "scope", scope, "cond", all(rc.list), "id", spec.parentID(a, v)))
			continue
		}
		pattern := spec.pattern(anchor{node: fill(patBound, "v", a), id: prop(a, "id")}, v)
		c.list = append(c.list, fill(quantifiers[i], "pattern", pattern, "scope", scope, "cond", all(rc.list)))
	}
	return nil
}

// named reports whether a relationship condition names a far end by id:
// its ids, or a parent, region, host unit, dispatching unit or person
// that secured it (the shorthands ending in ID), a few nodes to start
// from.
func named(f *graph.RelWhere) bool {
	for _, end := range []any{f.Person, f.HostUnit, f.Unit, f.Company, f.Project} {
		v := reflect.ValueOf(end)
		if v.IsNil() {
			continue
		}
		e := v.Elem()
		for i := 0; i < e.NumField(); i++ {
			name, fv := e.Type().Field(i).Name, e.Field(i)
			if (name == "IDs" && !fv.IsNil()) || (strings.HasSuffix(name, "ID") && fv.Kind() == reflect.Pointer && !fv.IsNil()) {
				return true
			}
		}
	}
	return false
}

// relVars are the variables of a relationship's pattern: the
// relationship, the far end and the other end (relSpec.pattern).
type relVars struct{ r, x, y string }

// far compiles a far-end Where (a non-nil pointer) on variable at, or
// refuses a field the relationship does not have.
func far(c *conds, path string, at string, f any) error {
	if at == "" {
		return graph.Errorf(graph.CodeInvalidInput, "%s: this relationship has no such end here", path)
	}
	s := &conds{w: c.w, a: at, nested: !c.free}
	if err := s.body(path, f, nil); err != nil {
		return err
	}
	c.list = append(c.list, all(s.list))
	return nil
}

// relBody compiles a RelWhere on the relationships of spec, bound as v.
// Its far-end fields name the ends by kind: a posting's unit is its host
// unit, and a posting not listed from its dispatching unit has one.
func relBody(c *conds, path string, spec relSpec, v relVars, f *graph.RelWhere) error {
	c.str(prop(v.r, "title"), f.Title)
	c.int(prop(v.r, "batch"), f.Batch)
	if f.Role != nil {
		enum(c, fill(relTypeOf, "r", v.r), f.Role.Eq, f.Role.In, nil)
	}
	c.float(prop(v.r, "amount"), f.Amount)
	c.date(prop(v.r, "from"), f.From)
	c.date(prop(v.r, "to"), f.To)
	if f.Current != nil {
		if *f.Current {
			c.list = append(c.list, fill(relCurrent, "r", v.r))
		} else {
			c.list = append(c.list, fill(relEnded, "r", v.r))
		}
	}
	unit, hostUnit := spec.endVar(v, graph.KindUnit), ""
	if spec.Posting() {
		unit, hostUnit = "", unit
	}
	if f.Person != nil {
		if err := far(c, path+".person", spec.endVar(v, graph.KindPerson), f.Person); err != nil {
			return err
		}
	}
	if f.HostUnit != nil {
		if err := far(c, path+".hostUnit", hostUnit, f.HostUnit); err != nil {
			return err
		}
	}
	if f.Unit != nil {
		if err := far(c, path+".unit", unit, f.Unit); err != nil {
			return err
		}
	}
	if f.Company != nil {
		if err := far(c, path+".company", spec.endVar(v, graph.KindCompany), f.Company); err != nil {
			return err
		}
	}
	if f.Project != nil {
		if err := far(c, path+".project", spec.endVar(v, graph.KindProject), f.Project); err != nil {
			return err
		}
	}
	if f.DispatchingUnit != nil {
		if !spec.Posting() || spec.Side == graph.SideProp {
			return graph.Errorf(graph.CodeInvalidInput, "%s.dispatchingUnit: this relationship has no such end here", path)
		}
		d := c.w.alias("fd")
		s := &conds{w: c.w, a: d, nested: true}
		if err := unitBody(s, path+".dispatchingUnit", f.DispatchingUnit); err != nil {
			return err
		}
		c.list = append(c.list, fill(relDispatcher, "d", d, "r", v.r, "cond", all(s.list)))
	}
	return sub(c, path, f.And, f.Or, f.Not, &relScope{spec: spec, v: v})
}

// compile turns a filter (a pointer to a Where) into the where of alias n;
// people add that the viewer may see them.
func compile(f any, person bool) (*where, error) {
	if err := graph.CheckFilterShape("where", f); err != nil {
		return nil, err
	}
	w := newWhere()
	if person {
		w.conds = append(w.conds, visibleN)
	}
	c := &conds{w: w, a: "n"}
	if err := c.body("where", f, nil); err != nil {
		return nil, err
	}
	if len(c.list) > 0 {
		w.conds = append(w.conds, all(c.list))
	}
	return w, nil
}

func peopleWhere(f graph.PersonWhere) (*where, error) { return compile(&f, true) }

func unitsWhere(f graph.UnitWhere) (*where, error) { return compile(&f, false) }

func regionsWhere(f graph.RegionWhere) (*where, error) { return compile(&f, false) }

func companiesWhere(f graph.CompanyWhere) (*where, error) { return compile(&f, false) }

func projectsWhere(f graph.ProjectWhere) (*where, error) { return compile(&f, false) }
