package graph

import "time"

// RelType is a relationship type; its value is the Neo4j relationship type.
type RelType string

const (
	RelPostedTo   RelType = "POSTED_TO"   // person → host unit: a posting, with the dispatching unit
	RelMemberOf   RelType = "MEMBER_OF"   // person → unit
	RelEmployedBy RelType = "EMPLOYED_BY" // person → company
	RelLocatedIn  RelType = "LOCATED_IN"  // unit, company, project, person → region
	RelSecured    RelType = "SECURED"     // person → project
	RelIntroduced RelType = "INTRODUCED"  // person → project
	RelInvestsIn  RelType = "INVESTS_IN"  // company → project
	RelSupports   RelType = "SUPPORTS"    // unit → project
	RelKnows      RelType = "KNOWS"       // person — person, undirected
	RelPartOf     RelType = "PART_OF"     // unit → unit, region → region, company → company
)

// RelTypes lists every relationship type.
var RelTypes = []RelType{RelPostedTo, RelMemberOf, RelEmployedBy, RelLocatedIn, RelSecured, RelIntroduced,
	RelInvestsIn, RelSupports, RelKnows, RelPartOf}

// Valid reports whether t is a known type.
func (t RelType) Valid() bool { return oneOf(t, RelTypes) }

// Cypher is the type's name for Cypher text: the element of RelTypes equal
// to t, "" when there is none. Statements take the name from this table,
// never the caller's string (internal/cypherlint checks it).
func (t RelType) Cypher() string {
	for _, c := range RelTypes {
		if c == t {
			return string(c)
		}
	}
	return ""
}

// Timed reports whether relationships of type t carry a period.
func (t RelType) Timed() bool {
	switch t {
	case RelPostedTo, RelMemberOf, RelEmployedBy, RelKnows, RelLocatedIn:
		return true
	}
	return false
}

// Relationship is one edge of the graph. One struct serves every type; the
// fields that a type does not use are empty. Start and End are filled when
// the query that produced the relationship also returned its nodes.
type Relationship struct {
	ID      string
	Type    RelType
	StartID string
	EndID   string
	From    *time.Time // start of the period (for KNOWS: since)
	To      *time.Time // end of the period; nil while it lasts
	Title   string     // posting, membership or employment title
	// Batch is the posting's batch (the year a cohort of cadres arrived).
	Batch             *int
	DispatchingUnitID string   // POSTED_TO only
	Amount            *float64 // INVESTS_IN: CNY
	How               string   // KNOWS: how they met
	Note              string
	// TieStrength is the tie strength of a KNOWS pair, mirrored from
	// their TIE when ties are computed.
	TieStrength *float64
	Start       Node
	End         Node
}

// Current reports whether the relationship lasts at the given day.
func (r *Relationship) Current(day time.Time) bool {
	if r.From != nil && r.From.After(day) {
		return false
	}
	return r.To == nil || !r.To.Before(day)
}

// Other returns the node at the other end from id, if it was loaded.
func (r *Relationship) Other(id string) Node {
	if r.StartID == id {
		return r.End
	}
	return r.Start
}

// OtherID returns the id at the other end from id.
func (r *Relationship) OtherID(id string) string {
	if r.StartID == id {
		return r.EndID
	}
	return r.StartID
}

// AddPostingInput records a posting: person posted to a host unit, sent by
// a dispatching unit.
type AddPostingInput struct {
	PersonID          string
	HostUnitID        string
	DispatchingUnitID string
	Title             string
	Batch             *int
	From              time.Time
	To                *time.Time
	Note              *string
}

// AddMembershipInput records that a person belongs to a unit.
type AddMembershipInput struct {
	PersonID string
	UnitID   string
	Title    *string
	From     *time.Time
	To       *time.Time
}

// AddEmploymentInput records that a person works at a company.
type AddEmploymentInput struct {
	PersonID  string
	CompanyID string
	Title     *string
	From      *time.Time
	To        *time.Time
}

// AddLocationInput places a person, unit, company or project in a region.
type AddLocationInput struct {
	EntityID string
	RegionID string
	From     *time.Time
	To       *time.Time
}

// ProjectRole is what a person did for a project.
type ProjectRole string

const (
	RoleSecured    ProjectRole = "SECURED"
	RoleIntroduced ProjectRole = "INTRODUCED"
)

// Valid reports whether r is a known role.
func (r ProjectRole) Valid() bool { return r == RoleSecured || r == RoleIntroduced }

// AddProjectRoleInput records that a person secured or introduced a project.
type AddProjectRoleInput struct {
	PersonID  string
	ProjectID string
	Role      ProjectRole
	Date      *time.Time
	Note      *string
}

// AddInvestmentInput records that a company invests in a project.
type AddInvestmentInput struct {
	CompanyID string
	ProjectID string
	Amount    *float64
	Date      *time.Time
}

// AddSupportInput records that a unit supports a project.
type AddSupportInput struct {
	UnitID    string
	ProjectID string
	Note      *string
	Date      *time.Time
}

// AddAcquaintanceInput records that two people know each other.
type AddAcquaintanceInput struct {
	PersonID string
	OtherID  string
	Since    *time.Time
	How      *string
}

// RelField names a relationship list reachable from an entity: the
// fields that traverse relationships (a person's postings, a unit's
// cadres, a region's companies...). RelFields says how each lies in the
// graph.
type RelField string

const (
	FieldPersonPostings      RelField = "person.postings"
	FieldPersonMemberships   RelField = "person.memberships"
	FieldPersonEmployments   RelField = "person.employments"
	FieldPersonProjects      RelField = "person.projects"
	FieldPersonAcquaintances RelField = "person.acquaintances"
	FieldPersonLocations     RelField = "person.locations"
	FieldUnitHostedPostings  RelField = "unit.hostedPostings"
	FieldUnitDispatched      RelField = "unit.dispatchedPostings"
	FieldUnitMembers         RelField = "unit.members"
	FieldUnitSubUnits        RelField = "unit.subUnits"
	FieldUnitSupports        RelField = "unit.supports"
	FieldRegionSubRegions    RelField = "region.subRegions"
	FieldRegionUnits         RelField = "region.units"
	FieldRegionCompanies     RelField = "region.companies"
	FieldRegionProjects      RelField = "region.projects"
	FieldRegionPeople        RelField = "region.people"
	FieldCompanyEmployees    RelField = "company.employees"
	FieldCompanySubsidiaries RelField = "company.subsidiaries"
	FieldCompanyInvestments  RelField = "company.investments"
	FieldProjectPeople       RelField = "project.people"
	FieldProjectInvestors    RelField = "project.investors"
	FieldProjectSupporters   RelField = "project.supporters"
)

// RelSide is where the parent of a relationship list stands in its
// relationships.
type RelSide int

const (
	// SideStart: the parent is the start, (parent)-[r]->(far).
	SideStart RelSide = iota
	// SideEnd: the parent is the end, (parent)<-[r]-(far).
	SideEnd
	// SideEither: either end (KNOWS, which has no direction).
	SideEither
	// SideProp: no end; a property of the relationship holds the parent's
	// id (RelFieldDef.Prop), and the relationship runs from the far end to
	// a node of kind RelFieldDef.Other.
	SideProp
)

// RelFieldDef is how the relationships of one list lie in the graph.
type RelFieldDef struct {
	// Parent is the kind of the entity that has the list.
	Parent Kind
	// Types are the relationship types (a project role is either).
	Types []RelType
	// Side is where the parent stands; Far is the kind at the other end.
	Side RelSide
	Far  Kind
	// Prop and Other, for SideProp: the property that holds the parent's
	// id and the kind of the relationship's end that is not Far.
	Prop  string
	Other Kind
	// Nodes says the list shows the far ends (sub-units, a region's
	// companies), not the relationships.
	Nodes bool
}

// Posting reports whether the relationships are postings: their unit end
// is the host unit, and they carry a dispatching unit.
func (d RelFieldDef) Posting() bool { return len(d.Types) == 1 && d.Types[0] == RelPostedTo }

// RelFields is the one table of the relationship lists: the statements of
// the lists, their aggregates and the relationship conditions of filters
// (graph/neo4jdb) and the prefetcher (server/loaders) derive from it.
var RelFields = map[RelField]RelFieldDef{
	FieldPersonPostings:      {Parent: KindPerson, Types: []RelType{RelPostedTo}, Side: SideStart, Far: KindUnit},
	FieldPersonMemberships:   {Parent: KindPerson, Types: []RelType{RelMemberOf}, Side: SideStart, Far: KindUnit},
	FieldPersonEmployments:   {Parent: KindPerson, Types: []RelType{RelEmployedBy}, Side: SideStart, Far: KindCompany},
	FieldPersonProjects:      {Parent: KindPerson, Types: []RelType{RelSecured, RelIntroduced}, Side: SideStart, Far: KindProject},
	FieldPersonAcquaintances: {Parent: KindPerson, Types: []RelType{RelKnows}, Side: SideEither, Far: KindPerson},
	FieldPersonLocations:     {Parent: KindPerson, Types: []RelType{RelLocatedIn}, Side: SideStart, Far: KindRegion},
	FieldUnitHostedPostings:  {Parent: KindUnit, Types: []RelType{RelPostedTo}, Side: SideEnd, Far: KindPerson},
	// A unit's dispatched postings: the cadres it sent, to their host units.
	FieldUnitDispatched:      {Parent: KindUnit, Types: []RelType{RelPostedTo}, Side: SideProp, Far: KindPerson, Prop: "dispatchingUnitId", Other: KindUnit},
	FieldUnitMembers:         {Parent: KindUnit, Types: []RelType{RelMemberOf}, Side: SideEnd, Far: KindPerson},
	FieldUnitSubUnits:        {Parent: KindUnit, Types: []RelType{RelPartOf}, Side: SideEnd, Far: KindUnit, Nodes: true},
	FieldUnitSupports:        {Parent: KindUnit, Types: []RelType{RelSupports}, Side: SideStart, Far: KindProject},
	FieldRegionSubRegions:    {Parent: KindRegion, Types: []RelType{RelPartOf}, Side: SideEnd, Far: KindRegion, Nodes: true},
	FieldRegionUnits:         {Parent: KindRegion, Types: []RelType{RelLocatedIn}, Side: SideEnd, Far: KindUnit, Nodes: true},
	FieldRegionCompanies:     {Parent: KindRegion, Types: []RelType{RelLocatedIn}, Side: SideEnd, Far: KindCompany, Nodes: true},
	FieldRegionProjects:      {Parent: KindRegion, Types: []RelType{RelLocatedIn}, Side: SideEnd, Far: KindProject, Nodes: true},
	FieldRegionPeople:        {Parent: KindRegion, Types: []RelType{RelLocatedIn}, Side: SideEnd, Far: KindPerson},
	FieldCompanyEmployees:    {Parent: KindCompany, Types: []RelType{RelEmployedBy}, Side: SideEnd, Far: KindPerson},
	FieldCompanySubsidiaries: {Parent: KindCompany, Types: []RelType{RelPartOf}, Side: SideEnd, Far: KindCompany, Nodes: true},
	FieldCompanyInvestments:  {Parent: KindCompany, Types: []RelType{RelInvestsIn}, Side: SideStart, Far: KindProject},
	FieldProjectPeople:       {Parent: KindProject, Types: []RelType{RelSecured, RelIntroduced}, Side: SideEnd, Far: KindPerson},
	FieldProjectInvestors:    {Parent: KindProject, Types: []RelType{RelInvestsIn}, Side: SideEnd, Far: KindCompany},
	FieldProjectSupporters:   {Parent: KindProject, Types: []RelType{RelSupports}, Side: SideEnd, Far: KindUnit},
}

// RelFilter narrows a relationship list by time and by the filter
// grammar of relationship conditions.
type RelFilter struct {
	// Current keeps relationships that last today (true) or have ended
	// (false).
	Current *bool
	// At keeps relationships valid at the date.
	At *time.Time
	// Where keeps the relationships it matches (the fields a RelWhere
	// holds for this relationship; a far end it does not have is
	// refused).
	Where *RelWhere
	// Far keeps, in a list of nodes (sub-units, a region's companies, ...),
	// the nodes it matches: a *UnitWhere, *RegionWhere, *CompanyWhere or
	// *ProjectWhere of the list's kind (FarWhere makes one).
	Far any
}

// FarWhere is w as RelFilter.Far: nil when w is.
func FarWhere[W any](w *W) any {
	if w == nil {
		return nil
	}
	return w
}

// RelList is one page of a relationship list.
type RelList struct {
	Items      []*Relationship
	TotalCount int
	// Cursors are the keyset cursors of Items, one each (Page).
	Cursors []string
	HasNext bool
	// HasPrevious says the page was asked for after a cursor.
	HasPrevious bool
}
