package loaders

import (
	"context"
	"reflect"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/liaison/liaison/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"
)

// Prefetching reads the selection set of a request and fetches every
// nested level for all its parents before the resolvers of that level run,
// so that they find their answers in the loaders' caches and nothing waits
// for a batching window. One level costs one statement per field asked
// (sibling fields run concurrently), whatever the number of parents: N+1
// stays impossible. The prefetcher only primes the caches, through the
// same service calls (and so the same access rules and masking) the
// loaders make; a field it does not know, or whose arguments it cannot
// read, is left to the loader, which batches it as before.

// stepKind says how a field's objects are reached from its parents.
type stepKind int

const (
	// relList: a page of relationships (Posting, Membership, ...).
	relList stepKind = iota
	// endList: a page of the nodes at the other end (subUnits, ...).
	endList
	// byID: one node named by an id the parent holds.
	byID
	// relStart, relEnd: the node at one end of a relationship, which the
	// relationship brought with it (else fetched by its id, as byID).
	relStart
	relEnd
	// held: objects the parent holds (a search hit's node, a path's
	// steps, a cohort member's person, ...), which its service answered
	// with it: nothing to fetch; the walk continues on them.
	held
	// tieList, intList: a page of a person's ties or interactions.
	tieList
	intList
	// served: a field whose resolver asks a service of its own
	// (servedSteps): one call for all the parents, priming the loader the
	// resolver asks.
	served
)

// step is what the prefetcher knows of one field.
type step struct {
	kind  stepKind
	field graph.RelField
	// typ is the GraphQL type of the objects the field leads to ("" when
	// it is an interface: the type of each object decides).
	typ string
	// ids names the nodes of a byID field.
	ids func(any) []string
	// objs are the objects of a held field.
	objs func(any) []any
	// serve is the group and fetch of a served field with its arguments.
	serve func(ctx context.Context, l *Loaders, a Args) (group any, fetch func([]string) (map[string]any, bool), ok bool)
	// conn says a served field is a connection: the walk goes on under
	// its edges' nodes.
	conn bool
}

func idOf[T any](f func(T) string) func(any) []string {
	return idsOf(func(t T) []string { return []string{f(t)} })
}

func idsOf[T any](f func(T) []string) func(any) []string {
	return func(o any) []string {
		if t, ok := o.(T); ok {
			return f(t)
		}
		return nil
	}
}

var (
	unitParent   = idOf(func(u *graph.Unit) string { return u.ParentID })
	unitRegion   = idOf(func(u *graph.Unit) string { return u.RegionID })
	compParent   = idOf(func(c *graph.Company) string { return c.ParentID })
	compRegion   = idOf(func(c *graph.Company) string { return c.RegionID })
	projRegion   = idOf(func(p *graph.Project) string { return p.RegionID })
	regionParent = idOf(func(r *graph.Region) string { return r.ParentID })
	dispatching  = idOf(func(r *graph.Relationship) string { return r.DispatchingUnitID })
	stepUnit     = idOf(func(s *graph.PathStep) string { return s.DispatchingUnitID })
)

// lists are the relationship lists by "Object.field"; their steps come
// from graph.RelFields (relStep).
var lists = map[string]graph.RelField{
	"Person.postings":       graph.FieldPersonPostings,
	"Person.memberships":    graph.FieldPersonMemberships,
	"Person.employments":    graph.FieldPersonEmployments,
	"Person.projects":       graph.FieldPersonProjects,
	"Person.acquaintances":  graph.FieldPersonAcquaintances,
	"Person.locations":      graph.FieldPersonLocations,
	"Unit.dispatchedCadres": graph.FieldUnitDispatched,
	"Unit.hostedCadres":     graph.FieldUnitHostedPostings,
	"Unit.members":          graph.FieldUnitMembers,
	"Unit.subUnits":         graph.FieldUnitSubUnits,
	"Unit.supports":         graph.FieldUnitSupports,
	"Region.subRegions":     graph.FieldRegionSubRegions,
	"Region.units":          graph.FieldRegionUnits,
	"Region.companies":      graph.FieldRegionCompanies,
	"Region.projects":       graph.FieldRegionProjects,
	"Region.people":         graph.FieldRegionPeople,
	"Company.employees":     graph.FieldCompanyEmployees,
	"Company.subsidiaries":  graph.FieldCompanySubsidiaries,
	"Company.investments":   graph.FieldCompanyInvestments,
	"Project.people":        graph.FieldProjectPeople,
	"Project.investors":     graph.FieldProjectInvestors,
	"Project.supporters":    graph.FieldProjectSupporters,
}

// relTypeNames are the GraphQL types of relationships by their type.
var relTypeNames = map[graph.RelType]string{
	graph.RelPostedTo: "Posting", graph.RelMemberOf: "Membership", graph.RelEmployedBy: "Employment",
	graph.RelSecured: "ProjectRoleLink", graph.RelIntroduced: "ProjectRoleLink", graph.RelKnows: "Acquaintance",
	graph.RelLocatedIn: "Location", graph.RelInvestsIn: "Investment", graph.RelSupports: "Support",
}

// relStep is the step of a relationship list: a list of the far ends'
// nodes or of the relationships.
func relStep(f graph.RelField) step {
	def := graph.RelFields[f]
	if def.Nodes {
		return step{kind: endList, field: f, typ: def.Far.Label()}
	}
	return step{kind: relList, field: f, typ: relTypeNames[def.Types[0]]}
}

// steps is keyed by "Object.field", as the resolvers are: the lists, and
// the fields that lead to one node.
var steps = func() map[string]step {
	out := map[string]step{
		"Unit.parent":             {kind: byID, typ: "Unit", ids: unitParent},
		"Unit.region":             {kind: byID, typ: "Region", ids: unitRegion},
		"Region.parent":           {kind: byID, typ: "Region", ids: regionParent},
		"Company.parent":          {kind: byID, typ: "Company", ids: compParent},
		"Company.region":          {kind: byID, typ: "Region", ids: compRegion},
		"Project.region":          {kind: byID, typ: "Region", ids: projRegion},
		"Posting.person":          {kind: relStart, typ: "Person"},
		"Posting.hostUnit":        {kind: relEnd, typ: "Unit"},
		"Posting.dispatchingUnit": {kind: byID, typ: "Unit", ids: dispatching},
		"Membership.person":       {kind: relStart, typ: "Person"},
		"Membership.unit":         {kind: relEnd, typ: "Unit"},
		"Employment.person":       {kind: relStart, typ: "Person"},
		"Employment.company":      {kind: relEnd, typ: "Company"},
		"Acquaintance.person":     {kind: relEnd, typ: "Person"},
		"Location.entity":         {kind: relStart},
		"Location.region":         {kind: relEnd, typ: "Region"},
		"ProjectRoleLink.person":  {kind: relStart, typ: "Person"},
		"ProjectRoleLink.project": {kind: relEnd, typ: "Project"},
		"Investment.company":      {kind: relStart, typ: "Company"},
		"Investment.project":      {kind: relEnd, typ: "Project"},
		"Support.unit":            {kind: relStart, typ: "Unit"},
		"Support.project":         {kind: relEnd, typ: "Project"},
	}
	for name, f := range lists {
		out[name] = relStep(f)
	}
	for name, s := range heldSteps {
		out[name] = s
	}
	for name, s := range servedSteps {
		out[name] = s
	}
	return out
}()

// TypeName is the GraphQL type of a Node, the name of its Go type
// (graph.Person is Person, ...); "" for anything else, and for a nil
// pointer.
func TypeName(o any) string {
	t := reflect.TypeOf(o)
	if n, ok := o.(graph.Node); !ok || isNil(n) || t.Kind() != reflect.Pointer {
		return ""
	}
	return t.Elem().Name()
}

// Prefetch primes the loaders with every nested level that sel asks of
// objs, whose GraphQL type is typ ("" for entities of any type). It
// returns when all levels are in the caches. Errors are not reported
// here: the resolver that needs the value fetches it again through the
// loader and reports its error in its place.
func (l *Loaders) Prefetch(ctx context.Context, objs []any, typ string, sel ast.SelectionSet) {
	l.prefetchSome(ctx, objs, typ, sel, nil)
}

// The two halves of a prefetch of node(id) (PrefetchLists, then
// PrefetchRest): the lists of the first level need only the parent's id,
// which the request names, the node fields need the parent's own
// properties.
var (
	// Ties and interactions wait for the node: their statements are not
	// known to leave out a parent the viewer may not see.
	listStep = func(s step) bool { return s.kind == relList || s.kind == endList }
	restStep = func(s step) bool { return !listStep(s) }
)

// PrefetchLists fetches, for the entity of type typ named by id, the
// relationship and end lists sel asks of it and every level under them,
// without waiting for the entity itself: node(id) starts it beside the
// node's own statement, so that the two levels cost one wait. What it
// fetches goes through the same service calls and rules as Prefetch
// (a parent the viewer may not see has empty lists: the statements filter
// it); it only fills caches, which no resolver reads when node(id)
// answers null. PrefetchRest does the other fields once the node is there.
func (l *Loaders) PrefetchLists(ctx context.Context, id string, typ string, sel ast.SelectionSet) {
	stub := stubNode(typ, id)
	if stub == nil {
		return
	}
	l.prefetchSome(ctx, []any{stub}, typ, sel, listStep)
}

// PrefetchRest is Prefetch without the first level's lists, which
// PrefetchLists fetched.
func (l *Loaders) PrefetchRest(ctx context.Context, objs []any, typ string, sel ast.SelectionSet) {
	l.prefetchSome(ctx, objs, typ, sel, restStep)
}

// stubNode is an entity of type typ that holds only its id.
func stubNode(typ, id string) graph.Node {
	switch typ {
	case "Person":
		return &graph.Person{ID: id}
	case "Unit":
		return &graph.Unit{ID: id}
	case "Region":
		return &graph.Region{ID: id}
	case "Company":
		return &graph.Company{ID: id}
	case "Project":
		return &graph.Project{ID: id}
	}
	return nil
}

// prefetchSome prefetches the fields of the first level that only keeps
// (nil: all), and everything under them.
func (l *Loaders) prefetchSome(ctx context.Context, objs []any, typ string, sel ast.SelectionSet, only func(step) bool) {
	op := graphql.GetOperationContext(ctx)
	if op == nil || len(objs) == 0 || len(sel) == 0 {
		return
	}
	l.prefetch(ctx, op, objs, typ, sel, only)
}

// NodeSelections returns the GraphQL type of the nodes of a connection
// field (Node for the interface) and the selection sets of its
// edges.node, given the connection's selection set.
func NodeSelections(ctx context.Context, sel ast.SelectionSet) (string, []ast.SelectionSet) {
	op := graphql.GetOperationContext(ctx)
	if op == nil {
		return "", nil
	}
	typ := ""
	for _, e := range graphql.CollectFields(op, sel, nil) {
		for _, n := range graphql.CollectFields(op, e.Selections, nil) {
			if e.Name == "edges" && n.Name == "node" && n.Definition != nil {
				typ = n.Definition.Type.Name()
			}
		}
	}
	return typ, nodeSelections(op, sel)
}

func nodeSelections(op *graphql.OperationContext, sel ast.SelectionSet) []ast.SelectionSet {
	var out []ast.SelectionSet
	for _, e := range graphql.CollectFields(op, sel, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(op, e.Selections, nil) {
			if n.Name == "node" && len(n.Selections) > 0 {
				out = append(out, n.Selections)
			}
		}
	}
	return out
}

// The walk goes level by level. A level is every field of the query that
// needs a statement at that depth, whichever branch of the query reached
// it; the fields whose objects are already there (held objects, the ends
// a relationship brought) are followed at once, without a level of their
// own. The requests of a level are grouped by the loader they prime (a
// field with its arguments, or the node loader), and each group sends one
// statement for all its parents: two branches that reach the same
// entities (a path's nodes and its steps' ends) or the same list with the
// same arguments cost one statement, not two, and the count does not
// depend on how goroutines are scheduled. Then each request goes on with
// its own parents' part of the answer.

// wantSet is a selection set asked of objects of type typ ("" when it
// varies).
type wantSet struct {
	objs []any
	typ  string
	sel  ast.SelectionSet
}

// request is a field of a level that needs a statement: the keys it asks
// for (parents, or node ids), the loader it primes (group: a relKey, a
// pageKey or "node") and the selection sets to walk on what comes back.
type request struct {
	s     step
	group any
	keys  []string
	fetch func(keys []string) (map[string]any, bool)
	sels  []ast.SelectionSet
	// aggregate is the request of the list's aggregate, when asked.
	aggregate *request
}

func (l *Loaders) prefetch(ctx context.Context, op *graphql.OperationContext, objs []any, typ string, sel ast.SelectionSet, only func(step) bool) {
	level := []wantSet{{objs, typ, sel}}
	for len(level) > 0 {
		var reqs []*request
		for _, w := range level {
			l.expand(ctx, op, w, only, &reqs)
		}
		only = nil
		level = l.runLevel(reqs)
	}
}

// expand adds the requests of what w asks to reqs, following at once the
// fields whose objects are there.
func (l *Loaders) expand(ctx context.Context, op *graphql.OperationContext, w wantSet, only func(step) bool, reqs *[]*request) {
	if len(w.objs) == 0 {
		return
	}
	if w.typ == "" || w.typ == "Node" { // an interface: split the objects by their type
		byType := map[string][]any{}
		var types []string
		for _, o := range w.objs {
			if t := TypeName(o); t != "" {
				if byType[t] == nil {
					types = append(types, t)
				}
				byType[t] = append(byType[t], o)
			}
		}
		for _, t := range types {
			l.expand(ctx, op, wantSet{byType[t], t, w.sel}, only, reqs)
		}
		return
	}
	for _, f := range graphql.CollectFields(op, w.sel, []string{w.typ, "Node"}) {
		s, ok := steps[w.typ+"."+f.Name]
		if !ok || len(f.Selections) == 0 || (only != nil && !only(s)) {
			continue
		}
		l.expandField(ctx, op, w, s, f, reqs)
	}
}

func (l *Loaders) expandField(ctx context.Context, op *graphql.OperationContext, w wantSet, s step, f graphql.CollectedField, reqs *[]*request) {
	var next []any
	var ids []string
	switch s.kind {
	case held:
		for _, o := range w.objs {
			next = append(next, s.objs(o)...)
		}
	case relStart, relEnd:
		for _, o := range w.objs {
			r := relOf(o)
			if r == nil {
				continue
			}
			n, id := r.End, r.EndID
			if s.kind == relStart {
				n, id = r.Start, r.StartID
			}
			if n != nil {
				next = append(next, n)
			} else {
				ids = append(ids, id) // the resolver loads it by id
			}
		}
	case byID:
		for _, o := range w.objs {
			ids = append(ids, s.ids(o)...)
		}
	case relList, endList, tieList, intList, served:
		if r := l.listRequest(ctx, op, w, s, f); r != nil {
			*reqs = append(*reqs, r)
			if agg := r.aggregate; agg != nil {
				*reqs = append(*reqs, agg)
			}
		}
		return
	}
	l.expand(ctx, op, wantSet{next, s.typ, f.Selections}, nil, reqs)
	if ids = distinct(ids); len(ids) > 0 {
		*reqs = append(*reqs, &request{s: s, group: "node", keys: ids, fetch: l.fetchNodes(ctx), sels: []ast.SelectionSet{f.Selections}})
	}
}

// runLevel sends one statement per group of requests (concurrently) and
// returns what each request asks of the objects that came back.
func (l *Loaders) runLevel(reqs []*request) []wantSet {
	groups := map[any][]*request{}
	var order []any
	for _, r := range reqs {
		if groups[r.group] == nil {
			order = append(order, r.group)
		}
		groups[r.group] = append(groups[r.group], r)
	}
	results := make([]map[string]any, len(order))
	var wg sync.WaitGroup
	for i, g := range order {
		rs := groups[g]
		var keys []string
		for _, r := range rs {
			keys = append(keys, r.keys...)
		}
		wg.Go(func() { results[i] = once(l, g, distinct(keys), rs[0].fetch) })
	}
	wg.Wait()
	var next []wantSet
	for i, g := range order {
		for _, r := range groups[g] {
			var objs []any
			for _, k := range r.keys {
				objs = append(objs, found(r.s, k, results[i][k])...)
			}
			for _, sel := range r.sels {
				next = append(next, wantSet{objs, r.s.typ, sel})
			}
		}
	}
	return next
}

// found is what the walk goes on with from the answer v for key k: the
// node, or the items of a list (for a list of other ends, those ends).
func found(s step, k string, v any) []any {
	switch x := v.(type) {
	case graph.Node:
		return objects([]graph.Node{x})
	case *graph.RelList:
		var out []any
		for _, r := range x.Items {
			if s.kind != endList {
				out = append(out, r)
			} else if n := r.Other(k); n != nil {
				out = append(out, n)
			}
		}
		return out
	case *graph.List[*graph.Tie]:
		return objects(x.Items)
	case *graph.List[*graph.Interaction]:
		return objects(x.Items)
	case []*graph.Achievement:
		return objects(x)
	case *graph.List[*graph.Contribution]:
		if x != nil {
			return objects(x.Items)
		}
	case *graph.CadreProgress:
		return objects([]*graph.CadreProgress{x})
	}
	return nil
}

// relOf is the relationship of a Relationship-typed object (a path's step
// holds one).
func relOf(o any) *graph.Relationship {
	switch r := o.(type) {
	case *graph.Relationship:
		return r
	case *graph.PathStep:
		if r != nil {
			return r.Relationship
		}
	}
	return nil
}

// fetchNodes loads nodes by id and primes the node loader with them (nil
// for those the viewer may not see).
func (l *Loaders) fetchNodes(ctx context.Context) func([]string) (map[string]any, bool) {
	return primed(l.nodes, func() graph.Node { return nil }, func(ids []string) (map[string]graph.Node, error) {
		return l.svc.FindNodes(ctx, ids)
	})
}

// primed is the fetch of a request: one statement for the keys, and each
// key's value (empty() for a key the statement left out: what the
// resolver gets from the loader then) primed in ld.
func primed[V any](ld *dataloadgen.Loader[string, V], empty func() V, fetch func([]string) (map[string]V, error)) func([]string) (map[string]any, bool) {
	return func(keys []string) (map[string]any, bool) {
		got, err := fetch(keys)
		if err != nil {
			return nil, false
		}
		out := make(map[string]any, len(keys))
		for _, k := range keys {
			v, ok := got[k]
			if !ok || isNil(v) {
				v = empty()
			}
			ld.Prime(k, v)
			out[k] = v
		}
		return out, true
	}
}

// distinct drops empty and repeated ids, keeping the first of each.
func distinct(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range ids {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// listRequest is the request of a list field (relationships, other ends,
// ties or interactions) or a served field of w's objects, with the
// arguments and page the resolver reads; nil when they do not read (the
// resolver reports it).
func (l *Loaders) listRequest(ctx context.Context, op *graphql.OperationContext, w wantSet, s step, f graphql.CollectedField) *request {
	a, ok := l.args(ctx, w.typ, f.Name, f.ArgumentMap(op.Variables))
	filter, first, after := a.Filter, a.First, a.After
	if !ok {
		return nil
	}
	var parents []string
	for _, o := range w.objs {
		if n, ok := o.(graph.Node); ok {
			parents = append(parents, n.NodeID())
		}
	}
	// The resolver reads the list whatever it is asked of it (only
	// totalCount, say): it is fetched even when no node is asked.
	r := &request{s: s, keys: distinct(parents), sels: nodeSelections(op, f.Selections)}
	if len(r.keys) == 0 {
		return nil
	}
	switch s.kind {
	case served:
		if !s.conn {
			r.sels = []ast.SelectionSet{f.Selections}
		}
		r.group, r.fetch, ok = s.serve(ctx, l, a)
	case tieList:
		r.group, r.fetch, ok = pageRequest(ctx, l, "ties", first, after, l.tieLoaders, l.ties.FindTies)
	case intList:
		r.group, r.fetch, ok = pageRequest(ctx, l, "interactions", first, after, l.intLoaders, l.interactions.FindInteractions)
	default:
		page, err := graph.ParseKeysetPage(first, after)
		if err != nil {
			return nil
		}
		page.NoTotal = !selects(op, f.Selections, "totalCount")
		r.group, r.fetch = relKeyOf(s.field, filter, page), l.fetchRelated(ctx, s.field, filter, page)
		if s.kind == relList && selects(op, f.Selections, "aggregate") {
			r.aggregate = &request{s: s, group: aggKey{relKeyOf(s.field, filter, graph.Page{})}, keys: r.keys,
				fetch: l.fetchAggregates(ctx, s.field, filter)}
		}
	}
	if !ok {
		return nil
	}
	return r
}

// aggKey names the loader of a relationship list's aggregates for claims
// and groups (the list's own key with the zero page).
type aggKey struct{ relKey }

// fetchAggregates summarizes a relationship field for parents in one
// statement and primes the loader the resolvers of aggregate will ask.
func (l *Loaders) fetchAggregates(ctx context.Context, field graph.RelField, filter graph.RelFilter) func([]string) (map[string]any, bool) {
	return primed(l.aggregateLoader(field, filter), func() *graph.RelAggregate { return &graph.RelAggregate{} },
		func(parents []string) (map[string]*graph.RelAggregate, error) {
			return l.svc.AggregateRelated(ctx, field, parents, filter)
		})
}

// fetchRelated lists a relationship field for parents in one statement
// and primes the loader the resolvers will ask, and the node loader with
// the relationships' ends.
func (l *Loaders) fetchRelated(ctx context.Context, field graph.RelField, filter graph.RelFilter, page graph.Page) func([]string) (map[string]any, bool) {
	return primed(l.relatedLoader(field, filter, page), func() *graph.RelList { return &graph.RelList{} },
		func(parents []string) (map[string]*graph.RelList, error) {
			lists, err := l.rels.FindRelated(ctx, field, parents, filter, page)
			for _, res := range lists {
				if res == nil {
					continue
				}
				for _, r := range res.Items {
					l.Prime(r.Start)
					l.Prime(r.End)
				}
			}
			return lists, err
		})
}

// selects reports whether the selection set asks for the field name, as
// the resolvers' wantsField sees it (a relationship list is counted only
// when totalCount is asked for: both must decide alike, or the loader
// the resolver asks is not the one primed).
func selects(op *graphql.OperationContext, sel ast.SelectionSet, name string) bool {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}
