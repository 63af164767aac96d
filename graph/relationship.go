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
// cadres, a region's companies...). Storage maps each to a fixed pattern.
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
