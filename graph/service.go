package graph

import (
	"context"
	"time"
)

// PersonService reads and writes people.
type PersonService interface {
	FindPersonByID(ctx context.Context, id string) (*Person, error)
	FindPeople(ctx context.Context, where PersonWhere, order []Order, page Page) (*List[*Person], error)
	CreatePerson(ctx context.Context, in CreatePersonInput) (*Person, error)
	UpdatePerson(ctx context.Context, id string, in UpdatePersonInput) (*Person, error)
	DeletePerson(ctx context.Context, id string) error
}

// UnitService reads and writes units.
type UnitService interface {
	FindUnitByID(ctx context.Context, id string) (*Unit, error)
	FindUnits(ctx context.Context, where UnitWhere, order []Order, page Page) (*List[*Unit], error)
	CreateUnit(ctx context.Context, in CreateUnitInput) (*Unit, error)
	UpdateUnit(ctx context.Context, id string, in UpdateUnitInput) (*Unit, error)
	DeleteUnit(ctx context.Context, id string) error
}

// RegionService reads and writes regions.
type RegionService interface {
	FindRegionByID(ctx context.Context, id string) (*Region, error)
	FindRegions(ctx context.Context, where RegionWhere, order []Order, page Page) (*List[*Region], error)
	CreateRegion(ctx context.Context, in CreateRegionInput) (*Region, error)
	UpdateRegion(ctx context.Context, id string, in UpdateRegionInput) (*Region, error)
	DeleteRegion(ctx context.Context, id string) error
}

// CompanyService reads and writes companies.
type CompanyService interface {
	FindCompanyByID(ctx context.Context, id string) (*Company, error)
	FindCompanies(ctx context.Context, where CompanyWhere, order []Order, page Page) (*List[*Company], error)
	CreateCompany(ctx context.Context, in CreateCompanyInput) (*Company, error)
	UpdateCompany(ctx context.Context, id string, in UpdateCompanyInput) (*Company, error)
	DeleteCompany(ctx context.Context, id string) error
}

// ProjectService reads and writes projects.
type ProjectService interface {
	FindProjectByID(ctx context.Context, id string) (*Project, error)
	FindProjects(ctx context.Context, where ProjectWhere, order []Order, page Page) (*List[*Project], error)
	CreateProject(ctx context.Context, in CreateProjectInput) (*Project, error)
	UpdateProject(ctx context.Context, id string, in UpdateProjectInput) (*Project, error)
	DeleteProject(ctx context.Context, id string) error
}

// NodeService loads entities of any kind by id, many at once (the
// dataloaders' batch function).
type NodeService interface {
	// FindNodes returns the nodes found, keyed by id; missing ids are absent.
	FindNodes(ctx context.Context, ids []string) (map[string]Node, error)
}

// RelationshipService adds, ends, removes and lists relationships.
type RelationshipService interface {
	AddPosting(ctx context.Context, in AddPostingInput) (*Relationship, error)
	AddMembership(ctx context.Context, in AddMembershipInput) (*Relationship, error)
	AddEmployment(ctx context.Context, in AddEmploymentInput) (*Relationship, error)
	AddLocation(ctx context.Context, in AddLocationInput) (*Relationship, error)
	AddProjectRole(ctx context.Context, in AddProjectRoleInput) (*Relationship, error)
	AddInvestment(ctx context.Context, in AddInvestmentInput) (*Relationship, error)
	AddSupport(ctx context.Context, in AddSupportInput) (*Relationship, error)
	AddAcquaintance(ctx context.Context, in AddAcquaintanceInput) (*Relationship, error)
	// EndRelationship closes a timed relationship at the date.
	EndRelationship(ctx context.Context, id string, to time.Time) (*Relationship, error)
	// RemoveRelationship deletes a relationship recorded by mistake.
	RemoveRelationship(ctx context.Context, id string) error
	// FindRelated lists a relationship field for many parents at once, one
	// page each.
	FindRelated(ctx context.Context, field RelField, parentIDs []string, filter RelFilter, page Page) (map[string]*RelList, error)
}

// SearchHit is one search result.
type SearchHit struct {
	Node  Node
	Score float64
	// Matched says what matched: "name", "pinyin", "initials", "nameEn".
	Matched string
}

// SearchService finds entities by Chinese text, pinyin and Latin text.
type SearchService interface {
	Search(ctx context.Context, query string, kinds []Kind, first int) ([]*SearchHit, error)
}

// InteractionService logs and lists interactions.
type InteractionService interface {
	// LogInteraction records an interaction and refreshes the ties of its
	// participants, in one transaction.
	LogInteraction(ctx context.Context, in LogInteractionInput, loggedBy string) (*Interaction, error)
	// FindInteractions lists the interactions of many people, newest first.
	FindInteractions(ctx context.Context, personIDs []string, page Page) (map[string]*List[*Interaction], error)
}

// TieService reads and refreshes tie strengths.
type TieService interface {
	// FindTies lists the ties of many people, strongest first.
	FindTies(ctx context.Context, personIDs []string, page Page) (map[string]*List[*Tie], error)
	// RecomputeTies refreshes every tie of the people.
	RecomputeTies(ctx context.Context, personIDs []string) error
	// RecomputeAllTies refreshes every tie in the graph.
	RecomputeAllTies(ctx context.Context, progress Progress) (int, error)
}

// PathService finds cooperation paths and introducers.
type PathService interface {
	Paths(ctx context.Context, q PathQuery) ([]*Path, error)
	Introducers(ctx context.Context, q IntroducerQuery) ([]*Introducer, error)
}

// NeighborhoodService returns subgraphs for the explorer page.
type NeighborhoodService interface {
	Neighborhood(ctx context.Context, q NeighborhoodQuery) (*Neighborhood, error)
}
