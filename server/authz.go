package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// Authorized is the service layer's access control. It holds the services
// the server serves as a named field, not embedded, and implements every
// method of Services itself: a method added to Services does not compile
// here until it says who may call it. Resolvers, loaders and the report
// routes all go through it, so nested fields are covered.
//
// Each method passes through one rule (below): the principal from the
// context (auth.FromContext; none means UNAUTHENTICATED), the action of
// the role matrix (auth.Matrix) it needs, and the viewer it puts into the
// context for the data layer (graph.Viewer): admins see undiscoverable
// people, everyone else sees only themselves among them. Private fields
// (phone, email, wechat, interaction summaries) are masked where they are
// served, by their field resolvers (resolvers/private.go), not here.
//
// Every mutation it lets through carries an auth.AuditRequest in its
// context, so that the database records it in the same transaction.
type Authorized struct {
	next Services
}

var _ Services = (*Authorized)(nil)

// Authorize wraps svc.
func Authorize(svc Services) *Authorized { return &Authorized{next: svc} }

func unauthenticated() error {
	return graph.Errorf(graph.CodeUnauthenticated, "authentication required: send a bearer token")
}

// viewerOf is what the principal may see of undiscoverable people.
func viewerOf(p *auth.Principal) graph.Viewer {
	return graph.Viewer{All: p.Can(auth.ReadUndiscoverable), Self: p.Person}
}

// allow returns the principal and the context to call the services with
// when the principal may perform the action on something concerning ids.
func allow(ctx context.Context, a auth.Action, what string, ids ...string) (context.Context, *auth.Principal, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, nil, unauthenticated()
	}
	if !p.Can(a, ids...) {
		if auth.ScopeOf(p.Role, a) == auth.Self {
			return nil, nil, graph.Errorf(graph.CodeForbidden, "%s: the %s role may do this only for their own person", what, p.Role)
		}
		return nil, nil, graph.Errorf(graph.CodeForbidden, "%s: not allowed for the %s role", what, p.Role)
	}
	return graph.WithViewer(ctx, viewerOf(p)), p, nil
}

// rule checks a call and returns the context to make it with.
type rule func(ctx context.Context) (context.Context, error)

// can is the rule of an action of the matrix.
func can(a auth.Action, what string, ids ...string) rule {
	return func(ctx context.Context) (context.Context, error) {
		ctx, _, err := allow(ctx, a, what, ids...)
		return ctx, err
	}
}

// reads is the rule of reading the graph.
func reads(what string) rule { return can(auth.ReadGraph, what) }

// writes is the rule of a mutation of the graph: it is audited.
func writes(op string, ids ...string) rule {
	return func(ctx context.Context) (context.Context, error) {
		ctx, _, err := allow(ctx, auth.Write, op)
		if err != nil {
			return nil, err
		}
		return auth.WithAudit(ctx, auth.AuditRequest{Operation: op, EntityIDs: ids}), nil
	}
}

// call runs fn under the rule.
func call[T any](ctx context.Context, r rule, fn func(context.Context) (T, error)) (T, error) {
	ctx, err := r(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(ctx)
}

// do runs fn, which answers only an error, under the rule.
func do(ctx context.Context, r rule, fn func(context.Context) error) error {
	ctx, err := r(ctx)
	if err != nil {
		return err
	}
	return fn(ctx)
}

// call1, call2 and call3 run fn with its arguments under the rule; do1
// does so for an fn that answers only an error.
func call1[X, T any](ctx context.Context, r rule, fn func(context.Context, X) (T, error), x X) (T, error) {
	return call(ctx, r, func(ctx context.Context) (T, error) { return fn(ctx, x) })
}

func call2[X, Y, T any](ctx context.Context, r rule, fn func(context.Context, X, Y) (T, error), x X, y Y) (T, error) {
	return call(ctx, r, func(ctx context.Context) (T, error) { return fn(ctx, x, y) })
}

func call3[X, Y, Z, T any](ctx context.Context, r rule, fn func(context.Context, X, Y, Z) (T, error), x X, y Y, z Z) (T, error) {
	return call(ctx, r, func(ctx context.Context) (T, error) { return fn(ctx, x, y, z) })
}

func do1[X any](ctx context.Context, r rule, fn func(context.Context, X) error, x X) error {
	return do(ctx, r, func(ctx context.Context) error { return fn(ctx, x) })
}

// Ping needs no principal: /readyz answers it.
func (a *Authorized) Ping(ctx context.Context) error { return a.next.Ping(ctx) }

// --- people --------------------------------------------------------------

func (a *Authorized) FindPersonByID(ctx context.Context, id string) (*graph.Person, error) {
	return call1(ctx, reads("person"), a.next.FindPersonByID, id)
}

func (a *Authorized) FindPeople(ctx context.Context, where graph.PersonWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Person], error) {
	return call3(ctx, reads("people"), a.next.FindPeople, where, order, page)
}

func (a *Authorized) CreatePerson(ctx context.Context, in graph.CreatePersonInput) (*graph.Person, error) {
	return call1(ctx, writes("createPerson"), a.next.CreatePerson, in)
}

func (a *Authorized) UpdatePerson(ctx context.Context, id string, in graph.UpdatePersonInput) (*graph.Person, error) {
	return a.updatePerson(ctx, id, in) // authz_self.go: admins, or the person's own profile fields
}

func (a *Authorized) DeletePerson(ctx context.Context, id string) error {
	return do1(ctx, writes("deletePerson", id), a.next.DeletePerson, id)
}

// --- units, regions, companies, projects -------------------------------

func (a *Authorized) FindUnitByID(ctx context.Context, id string) (*graph.Unit, error) {
	return call1(ctx, reads("unit"), a.next.FindUnitByID, id)
}

func (a *Authorized) FindUnits(ctx context.Context, where graph.UnitWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Unit], error) {
	return call3(ctx, reads("units"), a.next.FindUnits, where, order, page)
}

func (a *Authorized) CreateUnit(ctx context.Context, in graph.CreateUnitInput) (*graph.Unit, error) {
	return call1(ctx, writes("createUnit"), a.next.CreateUnit, in)
}

func (a *Authorized) UpdateUnit(ctx context.Context, id string, in graph.UpdateUnitInput) (*graph.Unit, error) {
	return call2(ctx, writes("updateUnit", id), a.next.UpdateUnit, id, in)
}

func (a *Authorized) DeleteUnit(ctx context.Context, id string) error {
	return do1(ctx, writes("deleteUnit", id), a.next.DeleteUnit, id)
}

func (a *Authorized) FindRegionByID(ctx context.Context, id string) (*graph.Region, error) {
	return call1(ctx, reads("region"), a.next.FindRegionByID, id)
}

func (a *Authorized) FindRegions(ctx context.Context, where graph.RegionWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Region], error) {
	return call3(ctx, reads("regions"), a.next.FindRegions, where, order, page)
}

func (a *Authorized) CreateRegion(ctx context.Context, in graph.CreateRegionInput) (*graph.Region, error) {
	return call1(ctx, writes("createRegion"), a.next.CreateRegion, in)
}

func (a *Authorized) UpdateRegion(ctx context.Context, id string, in graph.UpdateRegionInput) (*graph.Region, error) {
	return call2(ctx, writes("updateRegion", id), a.next.UpdateRegion, id, in)
}

func (a *Authorized) DeleteRegion(ctx context.Context, id string) error {
	return do1(ctx, writes("deleteRegion", id), a.next.DeleteRegion, id)
}

func (a *Authorized) FindCompanyByID(ctx context.Context, id string) (*graph.Company, error) {
	return call1(ctx, reads("company"), a.next.FindCompanyByID, id)
}

func (a *Authorized) FindCompanies(ctx context.Context, where graph.CompanyWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Company], error) {
	return call3(ctx, reads("companies"), a.next.FindCompanies, where, order, page)
}

func (a *Authorized) CreateCompany(ctx context.Context, in graph.CreateCompanyInput) (*graph.Company, error) {
	return call1(ctx, writes("createCompany"), a.next.CreateCompany, in)
}

func (a *Authorized) UpdateCompany(ctx context.Context, id string, in graph.UpdateCompanyInput) (*graph.Company, error) {
	return call2(ctx, writes("updateCompany", id), a.next.UpdateCompany, id, in)
}

func (a *Authorized) DeleteCompany(ctx context.Context, id string) error {
	return do1(ctx, writes("deleteCompany", id), a.next.DeleteCompany, id)
}

func (a *Authorized) FindProjectByID(ctx context.Context, id string) (*graph.Project, error) {
	return call1(ctx, reads("project"), a.next.FindProjectByID, id)
}

func (a *Authorized) FindProjects(ctx context.Context, where graph.ProjectWhere, order []graph.Order, page graph.Page) (*graph.List[*graph.Project], error) {
	return call3(ctx, reads("projects"), a.next.FindProjects, where, order, page)
}

func (a *Authorized) CreateProject(ctx context.Context, in graph.CreateProjectInput) (*graph.Project, error) {
	return call1(ctx, writes("createProject"), a.next.CreateProject, in)
}

func (a *Authorized) UpdateProject(ctx context.Context, id string, in graph.UpdateProjectInput) (*graph.Project, error) {
	return call2(ctx, writes("updateProject", id), a.next.UpdateProject, id, in)
}

func (a *Authorized) DeleteProject(ctx context.Context, id string) error {
	return do1(ctx, writes("deleteProject", id), a.next.DeleteProject, id)
}

// --- nodes and relationships ---------------------------------------------

func (a *Authorized) FindNodes(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	return call1(ctx, reads("node"), a.next.FindNodes, ids)
}

func (a *Authorized) FindRelated(ctx context.Context, field graph.RelField, parentIDs []string, filter graph.RelFilter, page graph.Page) (map[string]*graph.RelList, error) {
	return call(ctx, reads(string(field)), func(ctx context.Context) (map[string]*graph.RelList, error) {
		return a.next.FindRelated(ctx, field, parentIDs, filter, page)
	})
}

func (a *Authorized) AddPosting(ctx context.Context, in graph.AddPostingInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addPosting"), a.next.AddPosting, in)
}

func (a *Authorized) AddMembership(ctx context.Context, in graph.AddMembershipInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addMembership"), a.next.AddMembership, in)
}

func (a *Authorized) AddEmployment(ctx context.Context, in graph.AddEmploymentInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addEmployment"), a.next.AddEmployment, in)
}

func (a *Authorized) AddLocation(ctx context.Context, in graph.AddLocationInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addLocation"), a.next.AddLocation, in)
}

func (a *Authorized) AddProjectRole(ctx context.Context, in graph.AddProjectRoleInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addProjectRole"), a.next.AddProjectRole, in)
}

func (a *Authorized) AddInvestment(ctx context.Context, in graph.AddInvestmentInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addInvestment"), a.next.AddInvestment, in)
}

func (a *Authorized) AddSupport(ctx context.Context, in graph.AddSupportInput) (*graph.Relationship, error) {
	return call1(ctx, writes("addSupport"), a.next.AddSupport, in)
}

func (a *Authorized) AddAcquaintance(ctx context.Context, in graph.AddAcquaintanceInput) (*graph.Relationship, error) {
	return a.addAcquaintance(ctx, in) // authz_self.go: admins, or one of the two
}

func (a *Authorized) EndRelationship(ctx context.Context, id string, to time.Time) (*graph.Relationship, error) {
	return a.endRelationship(ctx, id, to) // authz_self.go: admins, or one's own acquaintance
}

func (a *Authorized) RemoveRelationship(ctx context.Context, id string) error {
	return do1(ctx, writes("removeRelationship", id), a.next.RemoveRelationship, id)
}

// --- search --------------------------------------------------------------

func (a *Authorized) Search(ctx context.Context, query string, kinds []graph.Kind, first int) ([]*graph.SearchHit, error) {
	return call3(ctx, reads("search"), a.next.Search, query, kinds, first)
}

// --- interactions and ties ---------------------------------------------

// LogInteraction: admins log any interaction, the others (as the matrix
// says) only those they take part in; loggedBy is the token's subject.
func (a *Authorized) LogInteraction(ctx context.Context, in graph.LogInteractionInput, loggedBy string) (*graph.Interaction, error) {
	ctx, p, err := allow(ctx, auth.LogInteraction, "logInteraction", in.ParticipantIDs...)
	if err != nil {
		return nil, err
	}
	if loggedBy == "" {
		loggedBy = p.Subject
	}
	in.LoggedByUnit = p.Unit
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "logInteraction"})
	return a.next.LogInteraction(ctx, in, loggedBy)
}

// FindInteractions lists only the interactions of the people whose lists
// the principal may read; the lists of the others are empty.
func (a *Authorized) FindInteractions(ctx context.Context, personIDs []string, page graph.Page) (map[string]*graph.List[*graph.Interaction], error) {
	ctx, p, err := allow(ctx, auth.ReadGraph, "interactions")
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
		if out, err = a.next.FindInteractions(ctx, allowed, page); err != nil {
			return nil, err
		}
	}
	for _, id := range personIDs {
		if _, ok := out[id]; !ok {
			out[id] = &graph.List[*graph.Interaction]{Offset: page.Offset}
		}
	}
	return out, nil
}

func (a *Authorized) FindTies(ctx context.Context, personIDs []string, page graph.Page) (map[string]*graph.List[*graph.Tie], error) {
	return call2(ctx, reads("ties"), a.next.FindTies, personIDs, page)
}

func (a *Authorized) RecomputeTies(ctx context.Context, personIDs []string) error {
	return do1(ctx, can(auth.Maintain, "recomputeTies"), a.next.RecomputeTies, personIDs)
}

func (a *Authorized) RecomputeAllTies(ctx context.Context, progress graph.Progress) (int, error) {
	return call1(ctx, can(auth.Maintain, "recomputeAllTies"), a.next.RecomputeAllTies, progress)
}

// --- paths, network, neighborhood ---------------------------------------

// visibleEnds fails as the data layer fails for a missing end when an end
// is a person the principal may not see: an undiscoverable person is
// absent, not forbidden, so that the answer tells nothing of them.
func (a *Authorized) visibleEnds(ctx context.Context, ends ...[2]string) error {
	ids := make([]string, 0, len(ends))
	for _, e := range ends {
		if e[1] != "" {
			ids = append(ids, e[1])
		}
	}
	found, err := a.next.FindNodes(ctx, ids)
	if err != nil {
		return err
	}
	for _, e := range ends {
		if k, err := graph.ParseID(e[1]); err == nil && k == graph.KindPerson && found[e[1]] == nil {
			return graph.Errorf(graph.CodeNotFound, "%s: %s", e[0], graph.NotFound(k, e[1]).Message)
		}
	}
	return nil
}

func (a *Authorized) Paths(ctx context.Context, q graph.PathQuery) ([]*graph.Path, error) {
	return call(ctx, can(auth.ReadPaths, "paths"), func(ctx context.Context) ([]*graph.Path, error) {
		if err := a.visibleEnds(ctx, [2]string{"from", q.From}, [2]string{"to", q.To}); err != nil {
			return nil, err
		}
		return a.next.Paths(ctx, q)
	})
}

func (a *Authorized) Introducers(ctx context.Context, q graph.IntroducerQuery) ([]*graph.Introducer, error) {
	return call(ctx, can(auth.ReadPaths, "introducers"), func(ctx context.Context) ([]*graph.Introducer, error) {
		ends := [][2]string{{"target", q.Target}}
		if q.From != nil {
			ends = append(ends, [2]string{"from", *q.From})
		}
		if err := a.visibleEnds(ctx, ends...); err != nil {
			return nil, err
		}
		return a.next.Introducers(ctx, q)
	})
}

func (a *Authorized) Cohort(ctx context.Context, personID string, page graph.Page) (*graph.List[*graph.CohortMember], error) {
	return call2(ctx, can(auth.ReadNetwork, "cohort", personID), a.next.Cohort, personID, page)
}

func (a *Authorized) ReconnectSuggestions(ctx context.Context, personID string, first int) ([]*graph.ReconnectSuggestion, error) {
	return call2(ctx, can(auth.ReadNetwork, "reconnectSuggestions", personID), a.next.ReconnectSuggestions, personID, first)
}

func (a *Authorized) PossibleDuplicates(ctx context.Context, first int) ([]*graph.DuplicateCandidate, error) {
	return call1(ctx, can(auth.Duplicates, "possibleDuplicates"), a.next.PossibleDuplicates, first)
}

func (a *Authorized) MergePeople(ctx context.Context, keep, remove string) (*graph.Person, error) {
	return call(ctx, can(auth.Duplicates, "mergePeople"), func(ctx context.Context) (*graph.Person, error) {
		ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "mergePeople", EntityIDs: []string{keep, remove}})
		return a.next.MergePeople(ctx, keep, remove)
	})
}

func (a *Authorized) MarkNotDuplicate(ctx context.Context, x, y string) (*graph.NotDuplicateDecision, error) {
	return call(ctx, can(auth.Duplicates, "markNotDuplicate"), func(ctx context.Context) (*graph.NotDuplicateDecision, error) {
		ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "markNotDuplicate", EntityIDs: []string{x, y}})
		return a.next.MarkNotDuplicate(ctx, x, y)
	})
}

// --- imports (server/importer.go) ---------------------------------------

// importing is the rule of an import from the page: the write action, and
// its writes are audited as the operation "import".
func importing(what string) rule {
	return func(ctx context.Context) (context.Context, error) {
		ctx, _, err := allow(ctx, auth.Write, what)
		if err != nil {
			return nil, err
		}
		return auth.WithAudit(ctx, auth.AuditRequest{Operation: "import"}), nil
	}
}

func (a *Authorized) CheckImport(ctx context.Context, ids, creditCodes []string) (map[string]bool, map[string]string, error) {
	type found struct {
		existing map[string]bool
		owners   map[string]string
	}
	f, err := call(ctx, can(auth.Write, "import"), func(ctx context.Context) (found, error) {
		e, o, err := a.next.CheckImport(ctx, ids, creditCodes)
		return found{e, o}, err
	})
	return f.existing, f.owners, err
}

func (a *Authorized) DeleteMovedRelationships(ctx context.Context, rels []*graph.Relationship) ([]string, error) {
	return call1(ctx, importing("import"), a.next.DeleteMovedRelationships, rels)
}

func (a *Authorized) Load(ctx context.Context, b *graph.Batch, progress graph.Progress) (*graph.LoadStats, error) {
	return call2(ctx, importing("import"), a.next.Load, b, progress)
}

func (a *Authorized) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (*graph.Neighborhood, error) {
	return call1(ctx, reads("neighborhood"), a.next.Neighborhood, q)
}

// --- reports and audit -------------------------------------------------

func (a *Authorized) UnitReport(ctx context.Context, unitID string, from, to time.Time) (*graph.UnitReport, error) {
	return call3(ctx, can(auth.ReadReports, "unitReport"), a.next.UnitReport, unitID, from, to)
}

func (a *Authorized) CitySummary(ctx context.Context, from, to time.Time) (*graph.CitySummary, error) {
	return call2(ctx, can(auth.ReadReports, "citySummary"), a.next.CitySummary, from, to)
}

func (a *Authorized) CadreAchievements(ctx context.Context, personIDs []string) (map[string][]*graph.Achievement, error) {
	return call1(ctx, reads("achievements"), a.next.CadreAchievements, personIDs)
}

func (a *Authorized) FindAudit(ctx context.Context, f auth.AuditFilter, page graph.Page) (*graph.List[*auth.AuditEntry], error) {
	return call2(ctx, can(auth.ReadAudit, "auditLog"), a.next.FindAudit, f, page)
}

// --- aggregates ------------------------------------------------------------

func (a *Authorized) AggregatePeople(ctx context.Context, where graph.PersonWhere) (*graph.PersonAggregate, error) {
	return call1(ctx, reads("people.aggregate"), a.next.AggregatePeople, where)
}

func (a *Authorized) AggregateUnits(ctx context.Context, where graph.UnitWhere) (*graph.EntityAggregate, error) {
	return call1(ctx, reads("units.aggregate"), a.next.AggregateUnits, where)
}

func (a *Authorized) AggregateRegions(ctx context.Context, where graph.RegionWhere) (*graph.EntityAggregate, error) {
	return call1(ctx, reads("regions.aggregate"), a.next.AggregateRegions, where)
}

func (a *Authorized) AggregateCompanies(ctx context.Context, where graph.CompanyWhere) (*graph.EntityAggregate, error) {
	return call1(ctx, reads("companies.aggregate"), a.next.AggregateCompanies, where)
}

func (a *Authorized) AggregateProjects(ctx context.Context, where graph.ProjectWhere) (*graph.ProjectAggregate, error) {
	return call1(ctx, reads("projects.aggregate"), a.next.AggregateProjects, where)
}

func (a *Authorized) AggregateRelated(ctx context.Context, field graph.RelField, parentIDs []string, filter graph.RelFilter) (map[string]*graph.RelAggregate, error) {
	return call3(ctx, reads(string(field)+".aggregate"), a.next.AggregateRelated, field, parentIDs, filter)
}

func (a *Authorized) GroupProjects(ctx context.Context, by graph.ProjectGroup, where graph.ProjectWhere) ([]*graph.GroupRow, error) {
	return call2(ctx, reads("projectGroups"), a.next.GroupProjects, by, where)
}

func (a *Authorized) GroupCadres(ctx context.Context, by graph.CadreGroup, where graph.PersonWhere) ([]*graph.GroupRow, error) {
	return call2(ctx, reads("cadreGroups"), a.next.GroupCadres, by, where)
}

func (a *Authorized) CooperationMatrix(ctx context.Context, rows graph.MatrixRows, columns graph.MatrixColumns, measure graph.MatrixMeasure, where graph.ProjectWhere) (*graph.CooperationMatrix, error) {
	return call(ctx, reads("cooperationMatrix"), func(ctx context.Context) (*graph.CooperationMatrix, error) {
		return a.next.CooperationMatrix(ctx, rows, columns, measure, where)
	})
}

// --- network analysis ------------------------------------------------------

// AuthorizedAnalytics guards brokers and communities like the graph reads
// they are made of. Like paths, they never include an undiscoverable
// person, for any viewer: an opted-out person is no one's bridge.
type AuthorizedAnalytics struct{ next graph.NetworkAnalysisService }

var _ graph.NetworkAnalysisService = AuthorizedAnalytics{}

func (a AuthorizedAnalytics) Brokers(ctx context.Context, q graph.BrokerQuery) (*graph.BrokerResult, error) {
	return call1(ctx, reads("brokers"), a.next.Brokers, q)
}

func (a AuthorizedAnalytics) Communities(ctx context.Context, q graph.CommunityQuery) (*graph.CommunityResult, error) {
	return call1(ctx, reads("communities"), a.next.Communities, q)
}
