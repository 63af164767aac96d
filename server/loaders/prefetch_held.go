package loaders

import (
	"context"
	"reflect"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/server/model"
	"github.com/vikstrous/dataloadgen"
)

// heldSteps are the fields whose objects their parent holds: the results
// of root fields that are not entity lists (search hits, paths, the
// neighbourhood, the cohort, reports, ...) and of a person's ties and
// interactions, down to the entities in them, from which the walk goes on
// with the steps of the entities. Keyed by "Object.field", like steps;
// typ "" is an interface (Node): each object's type decides.
var heldSteps = map[string]step{
	"SearchHit.node":                   heldOne("", func(h *graph.SearchHit) graph.Node { return h.Node }),
	"Path.nodes":                       heldAll("", func(p *graph.Path) []graph.Node { return p.Nodes }),
	"Path.relationships":               heldAll("PathRelationship", func(p *graph.Path) []*graph.PathStep { return p.Steps }),
	"PathRelationship.start":           {kind: relStart},
	"PathRelationship.end":             {kind: relEnd},
	"PathRelationship.dispatchingUnit": {kind: byID, typ: "Unit", ids: stepUnit},
	"Introducer.person":                heldOne("Person", func(i *graph.Introducer) *graph.Person { return i.Person }),
	"Introducer.path":                  heldOne("Path", func(i *graph.Introducer) *graph.Path { return i.Path }),
	"Introducer.currentPost":           heldOne("Relationship", func(i *graph.Introducer) *graph.Relationship { return i.CurrentPost }),
	"Neighborhood.nodes":               heldAll("", func(n *graph.Neighborhood) []graph.Node { return n.Nodes }),
	"Neighborhood.relationships":       heldAll("Relationship", func(n *graph.Neighborhood) []*graph.Relationship { return n.Relationships }),
	"Relationship.start":               {kind: relStart},
	"Relationship.end":                 {kind: relEnd},
	"Relationship.dispatchingUnit":     {kind: byID, typ: "Unit", ids: dispatching},
	"CohortMember.person":              heldOne("Person", func(c *graph.CohortMember) *graph.Person { return c.Person }),
	"CohortMember.hostUnit":            heldOne("Unit", func(c *graph.CohortMember) *graph.Unit { return c.HostUnit }),
	"CohortMember.region":              heldOne("Region", func(c *graph.CohortMember) *graph.Region { return c.Region }),
	"CohortMember.currentPost":         heldOne("Relationship", func(c *graph.CohortMember) *graph.Relationship { return c.CurrentPost }),
	"ReconnectSuggestion.person":       heldOne("Person", func(r *graph.ReconnectSuggestion) *graph.Person { return r.Person }),
	"ReconnectSuggestion.tie":          heldOne("Tie", func(r *graph.ReconnectSuggestion) *graph.Tie { return r.Tie }),
	"ReconnectSuggestion.currentPost":  heldOne("Relationship", func(r *graph.ReconnectSuggestion) *graph.Relationship { return r.CurrentPost }),
	"DuplicateCandidate.a":             heldOne("Person", func(d *graph.DuplicateCandidate) *graph.Person { return d.A }),
	"DuplicateCandidate.b":             heldOne("Person", func(d *graph.DuplicateCandidate) *graph.Person { return d.B }),
	"Tie.person":                       heldOne("Person", func(t *graph.Tie) *graph.Person { return t.Person }),
	"Person.ties":                      {kind: tieList, typ: "Tie"},
	"Person.interactions":              {kind: intList, typ: "Interaction"},
	"Interaction.participants":         {kind: byID, typ: "Person", ids: idsOf(func(i *graph.Interaction) []string { return i.ParticipantIDs })},
	"Interaction.about":                {kind: byID, ids: idsOf(func(i *graph.Interaction) []string { return i.AboutIDs })},
	"UnitReport.unit":                  heldOne("Unit", func(r *graph.UnitReport) *graph.Unit { return r.Unit }),
	"UnitReport.cadres":                heldAll("CadreRecord", func(r *graph.UnitReport) []*graph.CadreRecord { return r.Cadres }),
	"CadreRecord.person":               heldOne("Person", func(c *graph.CadreRecord) *graph.Person { return c.Person }),
	"CadreRecord.postings":             heldAll("Posting", func(c *graph.CadreRecord) []*graph.Relationship { return c.Postings }),
	"CadreRecord.achievements":         heldAll("Achievement", func(c *graph.CadreRecord) []*graph.Achievement { return c.Achievements }),
	"Achievement.project":              heldOne("Project", func(a *graph.Achievement) *graph.Project { return a.Project }),
	"Reminders.leaving":                heldAll("Posting", func(r *graph.Reminders) []*graph.Relationship { return r.Leaving }),
	"Reminders.arrivals":               heldAll("Posting", func(r *graph.Reminders) []*graph.Relationship { return r.Arrivals }),
	"BrokerResult.brokers":             heldAll("Broker", func(r *graph.BrokerResult) []*graph.Broker { return r.Brokers }),
	"Broker.person":                    heldOne("Person", func(b *graph.Broker) *graph.Person { return b.Person }),
	"CommunityResult.communities":      heldAll("Community", func(r *graph.CommunityResult) []*graph.Community { return r.Communities }),
	"Community.central":                heldAll("Person", func(c *graph.Community) []*graph.Person { return c.Central }),
	"Community.units":                  heldAll("UnitCount", func(c *graph.Community) []*graph.UnitCount { return c.Units }),
	"Community.regions":                heldAll("RegionCount", func(c *graph.Community) []*graph.RegionCount { return c.Regions }),
	"UnitCount.unit":                   heldOne("Unit", func(u *graph.UnitCount) *graph.Unit { return u.Unit }),
	"RegionCount.region":               heldOne("Region", func(r *graph.RegionCount) *graph.Region { return r.Region }),
	"Contribution.cadres":              {kind: byID, typ: "Person", ids: idsOf(func(c *graph.Contribution) []string { return c.CadreIDs })},
	"Contribution.about":               {kind: byID, ids: idsOf(func(c *graph.Contribution) []string { return c.AboutIDs })},
	"Me.person":                        heldOne("Person", func(m *model.Me) *graph.Person { return m.Person }),
	// The six-role parts of the reports, which the report's service
	// answered with it.
	"UnitReport.roles":          heldOne("RoleReport", func(r *graph.UnitReport) *graph.RoleReport { return r.Roles }),
	"RoleReport.roles":          heldAll("RoleSection", func(r *graph.RoleReport) []*graph.RoleSection { return r.Roles }),
	"RoleReport.progress":       heldAll("CadreProgress", func(r *graph.RoleReport) []*graph.CadreProgress { return r.Progress }),
	"RoleSection.items":         heldAll("Contribution", func(s *graph.RoleSection) []*graph.Contribution { return s.Items }),
	"CadreProgress.person":      {kind: byID, typ: "Person", ids: idOf(func(p *graph.CadreProgress) string { return p.PersonID })},
	"CadreProgress.target":      heldOne("ContributionTarget", func(p *graph.CadreProgress) *graph.ContributionTarget { return p.Target }),
	"ContributionTarget.person": {kind: byID, typ: "Person", ids: idOf(func(t *graph.ContributionTarget) string { return t.PersonID })},
	"CitySummary.roles":         heldOne("CityRoles", func(s *graph.CitySummary) *graph.CityRoles { return s.Roles }),
	"CityRoles.total":           heldAll("RoleSummaryRow", func(c *graph.CityRoles) []*graph.RoleSummaryRow { return addrs(c.Total) }),
	"CityRoles.byUnit":          heldAll("RoleSummaryRow", func(c *graph.CityRoles) []*graph.RoleSummaryRow { return addrs(c.ByUnit) }),
	"CityRoles.stories":         heldAll("Contribution", func(c *graph.CityRoles) []*graph.Contribution { return c.Stories }),
	"RoleSummaryRow.unit":       {kind: byID, typ: "Unit", ids: idOf(func(r *graph.RoleSummaryRow) string { return r.UnitID })},
}

// addrs returns the addresses of the elements of xs.
func addrs[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

// heldOne is the step of a field that holds one object of type typ.
func heldOne[P, T any](typ string, f func(P) T) step {
	return heldAll(typ, func(p P) []T { return []T{f(p)} })
}

// heldAll is the step of a field that holds a list of objects of type typ.
func heldAll[P, T any](typ string, f func(P) []T) step {
	return step{kind: held, typ: typ, objs: func(o any) []any {
		p, ok := o.(P)
		if !ok || isNil(p) {
			return nil
		}
		return objects(f(p))
	}}
}

// objects returns the elements of xs that are not nil, as []any.
func objects[T any](xs []T) []any {
	out := make([]any, 0, len(xs))
	for _, x := range xs {
		if !isNil(x) {
			out = append(out, x)
		}
	}
	return out
}

// isNil reports whether x is nil or a nil pointer (or interface holding one).
func isNil(x any) bool {
	if x == nil {
		return true
	}
	v := reflect.ValueOf(x)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// claimKey names one value a loader caches: the loader (a relKey, a
// pageKey, or "node") and the key.
type claimKey struct {
	loader any
	key    string
}

// claim is the value one prefetch fetches for a key; done is closed when
// it is there (ok false: the statement failed).
type claim struct {
	done chan struct{}
	val  any
	ok   bool
}

// once fetches the values of keys for the loader named loader, each key
// once per request: keys that an earlier level of the walk, or the other
// half of a node(id) prefetch, fetched or is fetching are not fetched
// again but awaited (within a level, runLevel already merged the
// requests). fetch primes the loader and returns a value for every key it
// was given, or false when it failed. The result holds the keys whose
// value is there.
func once(l *Loaders, loader any, keys []string, fetch func([]string) (map[string]any, bool)) map[string]any {
	var mine []string
	own := map[string]*claim{}
	theirs := map[string]*claim{}
	l.mu.Lock()
	for _, k := range keys {
		ck := claimKey{loader, k}
		if c, ok := l.claims[ck]; ok {
			theirs[k] = c
			continue
		}
		c := &claim{done: make(chan struct{})}
		l.claims[ck] = c
		own[k] = c
		mine = append(mine, k)
	}
	l.mu.Unlock()
	out := map[string]any{}
	if len(mine) > 0 {
		got, ok := fetch(mine)
		for _, k := range mine {
			c := own[k]
			if v, has := got[k]; ok && has {
				c.val, c.ok = v, true
				out[k] = v
			}
			close(c.done)
		}
	}
	for k, c := range theirs {
		<-c.done
		if c.ok {
			out[k] = c.val
		}
	}
	return out
}

// pageKey names a loader of ties or interactions for claims.
type pageKey struct {
	list string
	page graph.Page
}

// pageRequest is the group and fetch of a page of a person's ties or
// interactions (the loaders in m, which fetch), the page read as the
// resolvers read it; ok is false when it does not read.
func pageRequest[T any](ctx context.Context, l *Loaders, list string, first *int, after *string,
	m map[graph.Page]*dataloadgen.Loader[string, *graph.List[T]],
	fetch func(context.Context, []string, graph.Page) (map[string]*graph.List[T], error)) (group any, f func([]string) (map[string]any, bool), ok bool) {
	page, err := graph.ParsePage(first, after, graph.DefaultPageSize, graph.MaxPageSize)
	if err != nil {
		return nil, nil, false
	}
	// What loadList answers for a person the statement left out.
	empty := func() *graph.List[T] { return &graph.List[T]{Offset: page.Offset} }
	return pageKey{list, page}, primed(listFor(l, m, page, fetch), empty, func(people []string) (map[string]*graph.List[T], error) {
		return fetch(ctx, people, page)
	}), true
}
