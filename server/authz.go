package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// Authorized is the service layer's access control: it wraps the services
// the server serves and enforces the role matrix of package auth on every
// call, whoever makes it (resolvers and the per-request loaders alike, so
// nested fields are covered). The principal comes from the context
// (auth.FromContext); without one, calls that need a role fail with
// UNAUTHENTICATED and private fields are masked.
//
// It also masks what a principal may not see: the private fields of people
// (phone, email, wechat) unless the principal is an admin or the person,
// interaction summaries unless an admin or a participant (never for
// analysts), and undiscoverable people in the directory (people, search,
// neighborhood) unless an admin. Masking copies: the objects the inner
// services return are never modified.
//
// Every mutation it lets through carries an auth.AuditRequest in its
// context, so that the database records it in the same transaction.
type Authorized struct {
	Services
}

// Authorize wraps svc.
func Authorize(svc Services) *Authorized { return &Authorized{Services: svc} }

func unauthenticated() error {
	return graph.Errorf(graph.CodeUnauthenticated, "authentication required: send a bearer token")
}

func forbidden(p *auth.Principal, what string) error {
	return graph.Errorf(graph.CodeForbidden, "%s: not allowed for the %s role", what, p.Role)
}

// need returns the principal when it may perform the action on something
// concerning ids.
func need(ctx context.Context, a auth.Action, what string, ids ...string) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, unauthenticated()
	}
	if !p.Can(a, ids...) {
		if auth.ScopeOf(p.Role, a) == auth.Self {
			return nil, graph.Errorf(graph.CodeForbidden, "%s: the %s role may do this only for their own person", what, p.Role)
		}
		return nil, forbidden(p, what)
	}
	return p, nil
}

// reader returns the principal of a read that every role may make.
func reader(ctx context.Context) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, unauthenticated()
	}
	return p, nil
}

// write checks a mutation and returns the context that audits it.
func write(ctx context.Context, op string, ids ...string) (context.Context, error) {
	if _, err := need(ctx, auth.Write, op); err != nil {
		return nil, err
	}
	return auth.WithAudit(ctx, auth.AuditRequest{Operation: op, EntityIDs: ids}), nil
}

// --- masking -----------------------------------------------------------

// view masks what its principal may not see.
type view struct{ p *auth.Principal }

func (v view) person(x *graph.Person) *graph.Person {
	if x == nil || (x.Phone == "" && x.Email == "" && x.Wechat == "") || v.p.Can(auth.ReadPrivate, x.ID) {
		return x
	}
	c := *x
	c.Phone, c.Email, c.Wechat = "", "", ""
	return &c
}

func (v view) node(n graph.Node) graph.Node {
	if p, ok := n.(*graph.Person); ok {
		return v.person(p)
	}
	return n
}

func (v view) rel(r *graph.Relationship) *graph.Relationship {
	if r == nil {
		return nil
	}
	s, e := v.node(r.Start), v.node(r.End)
	if s == r.Start && e == r.End {
		return r
	}
	c := *r
	c.Start, c.End = s, e
	return &c
}

func (v view) rels(rs []*graph.Relationship) []*graph.Relationship {
	out := make([]*graph.Relationship, len(rs))
	for i, r := range rs {
		out[i] = v.rel(r)
	}
	return out
}

func (v view) path(p *graph.Path) *graph.Path {
	if p == nil {
		return nil
	}
	c := *p
	c.Nodes = make([]graph.Node, len(p.Nodes))
	for i, n := range p.Nodes {
		c.Nodes[i] = v.node(n)
	}
	c.Steps = make([]*graph.PathStep, len(p.Steps))
	for i, s := range p.Steps {
		if s == nil {
			continue
		}
		cs := *s
		cs.Relationship = v.rel(s.Relationship)
		c.Steps[i] = &cs
	}
	return &c
}

func (v view) tie(t *graph.Tie) *graph.Tie {
	if t == nil || t.Person == nil {
		return t
	}
	c := *t
	c.Person = v.person(t.Person)
	return &c
}

func (v view) interaction(it *graph.Interaction) *graph.Interaction {
	if it == nil || it.Summary == "" || v.p.CanForUnit(auth.ReadSummaries, it.LoggedByUnit, it.ParticipantIDs...) {
		return it
	}
	c := *it
	c.Summary = ""
	return &c
}

// hidden reports whether n is an undiscoverable person the principal may
// not see in the directory.
func (v view) hidden(n graph.Node) bool {
	p, ok := n.(*graph.Person)
	return ok && !p.Discoverable && !v.p.Can(auth.ReadUndiscoverable) && !v.p.IsSelf(p.ID)
}

func mapList[T any](l *graph.List[T], f func(T) T) *graph.List[T] {
	if l == nil {
		return nil
	}
	c := *l
	c.Items = make([]T, len(l.Items))
	for i, x := range l.Items {
		c.Items[i] = f(x)
	}
	return &c
}

// --- people --------------------------------------------------------------

func (a *Authorized) FindPersonByID(ctx context.Context, id string) (*graph.Person, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	x, err := a.Services.FindPersonByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return view{p}.person(x), nil
}

// FindPeople lists only discoverable people for everyone but admins.
func (a *Authorized) FindPeople(ctx context.Context, where graph.PersonWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Person], error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Can(auth.ReadUndiscoverable) {
		if where.Discoverable != nil && !*where.Discoverable {
			return &graph.List[*graph.Person]{Offset: page.Offset}, nil
		}
		t := true
		where.Discoverable = &t
	}
	l, err := a.Services.FindPeople(ctx, where, order, page)
	if err != nil {
		return nil, err
	}
	return mapList(l, view{p}.person), nil
}

func (a *Authorized) CreatePerson(ctx context.Context, in graph.CreatePersonInput) (*graph.Person, error) {
	ctx, err := write(ctx, "createPerson")
	if err != nil {
		return nil, err
	}
	return a.Services.CreatePerson(ctx, in)
}

func (a *Authorized) UpdatePerson(ctx context.Context, id string, in graph.UpdatePersonInput) (*graph.Person, error) {
	return a.updatePerson(ctx, id, in) // authz_self.go: admins, or the person's own profile fields
}

func (a *Authorized) DeletePerson(ctx context.Context, id string) error {
	ctx, err := write(ctx, "deletePerson", id)
	if err != nil {
		return err
	}
	return a.Services.DeletePerson(ctx, id)
}

// --- units, regions, companies, projects (reads pass through) -------------

func (a *Authorized) CreateUnit(ctx context.Context, in graph.CreateUnitInput) (*graph.Unit, error) {
	ctx, err := write(ctx, "createUnit")
	if err != nil {
		return nil, err
	}
	return a.Services.CreateUnit(ctx, in)
}

func (a *Authorized) UpdateUnit(ctx context.Context, id string, in graph.UpdateUnitInput) (*graph.Unit, error) {
	ctx, err := write(ctx, "updateUnit", id)
	if err != nil {
		return nil, err
	}
	return a.Services.UpdateUnit(ctx, id, in)
}

func (a *Authorized) DeleteUnit(ctx context.Context, id string) error {
	ctx, err := write(ctx, "deleteUnit", id)
	if err != nil {
		return err
	}
	return a.Services.DeleteUnit(ctx, id)
}

func (a *Authorized) CreateRegion(ctx context.Context, in graph.CreateRegionInput) (*graph.Region, error) {
	ctx, err := write(ctx, "createRegion")
	if err != nil {
		return nil, err
	}
	return a.Services.CreateRegion(ctx, in)
}

func (a *Authorized) UpdateRegion(ctx context.Context, id string, in graph.UpdateRegionInput) (*graph.Region, error) {
	ctx, err := write(ctx, "updateRegion", id)
	if err != nil {
		return nil, err
	}
	return a.Services.UpdateRegion(ctx, id, in)
}

func (a *Authorized) DeleteRegion(ctx context.Context, id string) error {
	ctx, err := write(ctx, "deleteRegion", id)
	if err != nil {
		return err
	}
	return a.Services.DeleteRegion(ctx, id)
}

func (a *Authorized) CreateCompany(ctx context.Context, in graph.CreateCompanyInput) (*graph.Company, error) {
	ctx, err := write(ctx, "createCompany")
	if err != nil {
		return nil, err
	}
	return a.Services.CreateCompany(ctx, in)
}

func (a *Authorized) UpdateCompany(ctx context.Context, id string, in graph.UpdateCompanyInput) (*graph.Company, error) {
	ctx, err := write(ctx, "updateCompany", id)
	if err != nil {
		return nil, err
	}
	return a.Services.UpdateCompany(ctx, id, in)
}

func (a *Authorized) DeleteCompany(ctx context.Context, id string) error {
	ctx, err := write(ctx, "deleteCompany", id)
	if err != nil {
		return err
	}
	return a.Services.DeleteCompany(ctx, id)
}

func (a *Authorized) CreateProject(ctx context.Context, in graph.CreateProjectInput) (*graph.Project, error) {
	ctx, err := write(ctx, "createProject")
	if err != nil {
		return nil, err
	}
	return a.Services.CreateProject(ctx, in)
}

func (a *Authorized) UpdateProject(ctx context.Context, id string, in graph.UpdateProjectInput) (*graph.Project, error) {
	ctx, err := write(ctx, "updateProject", id)
	if err != nil {
		return nil, err
	}
	return a.Services.UpdateProject(ctx, id, in)
}

func (a *Authorized) DeleteProject(ctx context.Context, id string) error {
	ctx, err := write(ctx, "deleteProject", id)
	if err != nil {
		return err
	}
	return a.Services.DeleteProject(ctx, id)
}

// --- nodes and relationships ---------------------------------------------

func (a *Authorized) FindNodes(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.Services.FindNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make(map[string]graph.Node, len(m))
	for id, n := range m {
		out[id] = v.node(n)
	}
	return out, nil
}

func (a *Authorized) FindRelated(ctx context.Context, field graph.RelField, parentIDs []string, filter graph.RelFilter, page graph.Page) (map[string]*graph.RelList, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.Services.FindRelated(ctx, field, parentIDs, filter, page)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make(map[string]*graph.RelList, len(m))
	for id, l := range m {
		if l == nil {
			out[id] = nil
			continue
		}
		c := *l
		c.Items = v.rels(l.Items)
		out[id] = &c
	}
	return out, nil
}

func (a *Authorized) AddPosting(ctx context.Context, in graph.AddPostingInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addPosting")
	if err != nil {
		return nil, err
	}
	return a.Services.AddPosting(ctx, in)
}

func (a *Authorized) AddMembership(ctx context.Context, in graph.AddMembershipInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addMembership")
	if err != nil {
		return nil, err
	}
	return a.Services.AddMembership(ctx, in)
}

func (a *Authorized) AddEmployment(ctx context.Context, in graph.AddEmploymentInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addEmployment")
	if err != nil {
		return nil, err
	}
	return a.Services.AddEmployment(ctx, in)
}

func (a *Authorized) AddLocation(ctx context.Context, in graph.AddLocationInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addLocation")
	if err != nil {
		return nil, err
	}
	return a.Services.AddLocation(ctx, in)
}

func (a *Authorized) AddProjectRole(ctx context.Context, in graph.AddProjectRoleInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addProjectRole")
	if err != nil {
		return nil, err
	}
	return a.Services.AddProjectRole(ctx, in)
}

func (a *Authorized) AddInvestment(ctx context.Context, in graph.AddInvestmentInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addInvestment")
	if err != nil {
		return nil, err
	}
	return a.Services.AddInvestment(ctx, in)
}

func (a *Authorized) AddSupport(ctx context.Context, in graph.AddSupportInput) (*graph.Relationship, error) {
	ctx, err := write(ctx, "addSupport")
	if err != nil {
		return nil, err
	}
	return a.Services.AddSupport(ctx, in)
}

func (a *Authorized) AddAcquaintance(ctx context.Context, in graph.AddAcquaintanceInput) (*graph.Relationship, error) {
	return a.addAcquaintance(ctx, in) // authz_self.go: admins, or one of the two
}

func (a *Authorized) EndRelationship(ctx context.Context, id string, to time.Time) (*graph.Relationship, error) {
	return a.endRelationship(ctx, id, to) // authz_self.go: admins, or one's own acquaintance
}

func (a *Authorized) RemoveRelationship(ctx context.Context, id string) error {
	ctx, err := write(ctx, "removeRelationship", id)
	if err != nil {
		return err
	}
	return a.Services.RemoveRelationship(ctx, id)
}

// --- search --------------------------------------------------------------

// Search drops undiscoverable people for everyone but admins (and the
// person themselves), so a page may hold fewer hits than asked for.
func (a *Authorized) Search(ctx context.Context, query string, kinds []graph.Kind, first int) ([]*graph.SearchHit, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	hits, err := a.Services.Search(ctx, query, kinds, first)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make([]*graph.SearchHit, 0, len(hits))
	for _, h := range hits {
		if h == nil || v.hidden(h.Node) {
			continue
		}
		c := *h
		c.Node = v.node(h.Node)
		out = append(out, &c)
	}
	return out, nil
}

// --- interactions and ties ---------------------------------------------

// LogInteraction: admins log any interaction, officers only those they
// take part in (their token's person claim is a participant).
func (a *Authorized) LogInteraction(ctx context.Context, in graph.LogInteractionInput, loggedBy string) (*graph.Interaction, error) {
	p, err := need(ctx, auth.LogInteraction, "logInteraction", in.ParticipantIDs...)
	if err != nil {
		return nil, err
	}
	if loggedBy == "" {
		loggedBy = p.Subject
	}
	in.LoggedByUnit = p.Unit
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "logInteraction"})
	it, err := a.Services.LogInteraction(ctx, in, loggedBy)
	if err != nil {
		return nil, err
	}
	return view{p}.interaction(it), nil
}

// FindInteractions lists, for a cadre, only their own interactions (the
// lists of others are empty), and clears the summaries the principal may
// not read.
func (a *Authorized) FindInteractions(ctx context.Context, personIDs []string, page graph.Page) (map[string]*graph.List[*graph.Interaction], error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	allowed := make([]string, 0, len(personIDs))
	for _, id := range personIDs {
		if p.Can(auth.ReadInteractions, id) {
			allowed = append(allowed, id)
		}
	}
	out := map[string]*graph.List[*graph.Interaction]{}
	if len(allowed) > 0 {
		m, err := a.Services.FindInteractions(ctx, allowed, page)
		if err != nil {
			return nil, err
		}
		v := view{p}
		for id, l := range m {
			out[id] = mapList(l, v.interaction)
		}
	}
	for _, id := range personIDs {
		if _, ok := out[id]; !ok && !p.Can(auth.ReadInteractions, id) {
			out[id] = &graph.List[*graph.Interaction]{Offset: page.Offset}
		}
	}
	return out, nil
}

func (a *Authorized) FindTies(ctx context.Context, personIDs []string, page graph.Page) (map[string]*graph.List[*graph.Tie], error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.Services.FindTies(ctx, personIDs, page)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make(map[string]*graph.List[*graph.Tie], len(m))
	for id, l := range m {
		out[id] = mapList(l, v.tie)
	}
	return out, nil
}

func (a *Authorized) RecomputeTies(ctx context.Context, personIDs []string) error {
	if _, err := need(ctx, auth.Maintain, "recomputeTies"); err != nil {
		return err
	}
	return a.Services.RecomputeTies(ctx, personIDs)
}

func (a *Authorized) RecomputeAllTies(ctx context.Context, progress graph.Progress) (int, error) {
	if _, err := need(ctx, auth.Maintain, "recomputeAllTies"); err != nil {
		return 0, err
	}
	return a.Services.RecomputeAllTies(ctx, progress)
}

// --- paths, network, neighborhood ---------------------------------------

func (a *Authorized) Paths(ctx context.Context, q graph.PathQuery) ([]*graph.Path, error) {
	p, err := need(ctx, auth.ReadPaths, "paths")
	if err != nil {
		return nil, err
	}
	ps, err := a.Services.Paths(ctx, q)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make([]*graph.Path, len(ps))
	for i, x := range ps {
		out[i] = v.path(x)
	}
	return out, nil
}

func (a *Authorized) Introducers(ctx context.Context, q graph.IntroducerQuery) ([]*graph.Introducer, error) {
	p, err := need(ctx, auth.ReadPaths, "introducers")
	if err != nil {
		return nil, err
	}
	is, err := a.Services.Introducers(ctx, q)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make([]*graph.Introducer, len(is))
	for i, x := range is {
		if x == nil {
			continue
		}
		c := *x
		c.Person, c.Path, c.CurrentPost = v.person(x.Person), v.path(x.Path), v.rel(x.CurrentPost)
		out[i] = &c
	}
	return out, nil
}

func (a *Authorized) Cohort(ctx context.Context, personID string, page graph.Page) (*graph.List[*graph.CohortMember], error) {
	p, err := need(ctx, auth.ReadNetwork, "cohort", personID)
	if err != nil {
		return nil, err
	}
	l, err := a.Services.Cohort(ctx, personID, page)
	if err != nil {
		return nil, err
	}
	v := view{p}
	return mapList(l, func(m *graph.CohortMember) *graph.CohortMember {
		if m == nil {
			return nil
		}
		c := *m
		c.Person, c.CurrentPost = v.person(m.Person), v.rel(m.CurrentPost)
		return &c
	}), nil
}

func (a *Authorized) ReconnectSuggestions(ctx context.Context, personID string, first int) ([]*graph.ReconnectSuggestion, error) {
	p, err := need(ctx, auth.ReadNetwork, "reconnectSuggestions", personID)
	if err != nil {
		return nil, err
	}
	ss, err := a.Services.ReconnectSuggestions(ctx, personID, first)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := make([]*graph.ReconnectSuggestion, len(ss))
	for i, s := range ss {
		if s == nil {
			continue
		}
		c := *s
		c.Person, c.Tie, c.CurrentPost = v.person(s.Person), v.tie(s.Tie), v.rel(s.CurrentPost)
		out[i] = &c
	}
	return out, nil
}

func (a *Authorized) PossibleDuplicates(ctx context.Context, first int) ([]*graph.DuplicateCandidate, error) {
	if _, err := need(ctx, auth.Duplicates, "possibleDuplicates"); err != nil {
		return nil, err
	}
	return a.Services.PossibleDuplicates(ctx, first)
}

func (a *Authorized) MergePeople(ctx context.Context, keep, remove string) (*graph.Person, error) {
	if _, err := need(ctx, auth.Duplicates, "mergePeople"); err != nil {
		return nil, err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "mergePeople", EntityIDs: []string{keep, remove}})
	return a.Services.MergePeople(ctx, keep, remove)
}

// Neighborhood leaves out undiscoverable people (but the centre asked for
// and the principal's own person) and their relationships for everyone but
// admins.
func (a *Authorized) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (*graph.Neighborhood, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	nb, err := a.Services.Neighborhood(ctx, q)
	if err != nil || nb == nil {
		return nb, err
	}
	v := view{p}
	hidden := map[string]bool{}
	c := *nb
	c.Nodes = make([]graph.Node, 0, len(nb.Nodes))
	for _, n := range nb.Nodes {
		if n != nil && n.NodeID() != q.ID && v.hidden(n) {
			hidden[n.NodeID()] = true
			continue
		}
		c.Nodes = append(c.Nodes, v.node(n))
	}
	c.Relationships = make([]*graph.Relationship, 0, len(nb.Relationships))
	for _, r := range nb.Relationships {
		if r != nil && (hidden[r.StartID] || hidden[r.EndID]) {
			continue
		}
		c.Relationships = append(c.Relationships, v.rel(r))
	}
	c.More = make([]string, 0, len(nb.More))
	for _, id := range nb.More {
		if !hidden[id] {
			c.More = append(c.More, id)
		}
	}
	c.Degrees = make(map[string]int, len(nb.Degrees))
	for id, d := range nb.Degrees {
		if !hidden[id] {
			c.Degrees[id] = d
		}
	}
	return &c, nil
}

// --- reports and audit -------------------------------------------------

func (a *Authorized) UnitReport(ctx context.Context, unitID string, from, to time.Time) (*graph.UnitReport, error) {
	p, err := need(ctx, auth.ReadReports, "unitReport")
	if err != nil {
		return nil, err
	}
	r, err := a.Services.UnitReport(ctx, unitID, from, to)
	if err != nil || r == nil {
		return r, err
	}
	v := view{p}
	c := *r
	c.Cadres = make([]*graph.CadreRecord, len(r.Cadres))
	for i, cr := range r.Cadres {
		if cr == nil {
			continue
		}
		x := *cr
		x.Person, x.Postings = v.person(cr.Person), v.rels(cr.Postings)
		c.Cadres[i] = &x
	}
	return &c, nil
}

func (a *Authorized) CitySummary(ctx context.Context, from, to time.Time) (*graph.CitySummary, error) {
	if _, err := need(ctx, auth.ReadReports, "citySummary"); err != nil {
		return nil, err
	}
	return a.Services.CitySummary(ctx, from, to)
}

func (a *Authorized) CadreAchievements(ctx context.Context, personIDs []string) (map[string][]*graph.Achievement, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return a.Services.CadreAchievements(ctx, personIDs)
}

func (a *Authorized) FindAudit(ctx context.Context, f auth.AuditFilter, page graph.Page) (*graph.List[*auth.AuditEntry], error) {
	if _, err := need(ctx, auth.ReadAudit, "auditLog"); err != nil {
		return nil, err
	}
	return a.Services.FindAudit(ctx, f, page)
}

// --- analytics -----------------------------------------------------------

// AuthorizedAnalytics guards brokers and communities like the graph reads
// they are made of: any role, private fields masked. The results are
// shared through the cache, so they are copied, never changed.
type AuthorizedAnalytics struct{ graph.NetworkAnalysisService }

func (a AuthorizedAnalytics) Brokers(ctx context.Context, q graph.BrokerQuery) (*graph.BrokerResult, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	res, err := a.NetworkAnalysisService.Brokers(ctx, q)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := *res
	out.Brokers = make([]*graph.Broker, 0, len(res.Brokers))
	for _, b := range res.Brokers {
		c := *b
		c.Person = v.person(b.Person)
		out.Brokers = append(out.Brokers, &c)
	}
	return &out, nil
}

func (a AuthorizedAnalytics) Communities(ctx context.Context, q graph.CommunityQuery) (*graph.CommunityResult, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	res, err := a.NetworkAnalysisService.Communities(ctx, q)
	if err != nil {
		return nil, err
	}
	v := view{p}
	out := *res
	out.Communities = make([]*graph.Community, 0, len(res.Communities))
	for _, cm := range res.Communities {
		c := *cm
		c.Central = make([]*graph.Person, len(cm.Central))
		for i, x := range cm.Central {
			c.Central[i] = v.person(x)
		}
		out.Communities = append(out.Communities, &c)
	}
	return &out, nil
}
