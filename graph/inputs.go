package graph

import "time"

// CreatePersonInput holds the fields of a new person.
type CreatePersonInput struct {
	Name         string
	NameEn       *string
	Gender       *Gender
	BirthYear    *int
	Expertise    []string
	Bio          *string
	Phone        *string
	Email        *string
	Wechat       *string
	Discoverable *bool
	// ReconnectAfterDays sets the reconnect threshold.
	ReconnectAfterDays *int
}

// UpdatePersonInput holds the fields to change; nil leaves a field as it is
// and an empty string clears it.
type UpdatePersonInput struct {
	Name         *string
	NameEn       *string
	Gender       *Gender
	BirthYear    *int
	Expertise    []string
	Bio          *string
	Phone        *string
	Email        *string
	Wechat       *string
	Discoverable *bool
	// ReconnectAfterDays sets the reconnect threshold.
	ReconnectAfterDays *int
}

// CreateUnitInput holds the fields of a new unit.
type CreateUnitInput struct {
	Name        string
	NameEn      *string
	ShortName   *string
	Kind        UnitKind
	Description *string
	ParentID    *string
	RegionID    *string
}

// UpdateUnitInput holds the fields to change; an empty ParentID or RegionID
// removes the link.
type UpdateUnitInput struct {
	Name        *string
	NameEn      *string
	ShortName   *string
	Kind        *UnitKind
	Description *string
	ParentID    *string
	RegionID    *string
}

// CreateRegionInput holds the fields of a new region.
type CreateRegionInput struct {
	Name     string
	NameEn   *string
	Level    RegionLevel
	Code     *string
	ParentID *string
}

// UpdateRegionInput holds the fields to change.
type UpdateRegionInput struct {
	Name     *string
	NameEn   *string
	Level    *RegionLevel
	Code     *string
	ParentID *string
}

// CreateCompanyInput holds the fields of a new company.
type CreateCompanyInput struct {
	Name        string
	NameEn      *string
	CreditCode  *string
	Industry    *string
	Description *string
	ParentID    *string
	RegionID    *string
}

// UpdateCompanyInput holds the fields to change.
type UpdateCompanyInput struct {
	Name        *string
	NameEn      *string
	CreditCode  *string
	Industry    *string
	Description *string
	ParentID    *string
	RegionID    *string
}

// CreateProjectInput holds the fields of a new project.
type CreateProjectInput struct {
	Name        string
	NameEn      *string
	Kind        ProjectKind
	Status      *ProjectStatus
	Amount      *float64
	StartDate   *time.Time
	EndDate     *time.Time
	Description *string
	RegionID    *string
}

// UpdateProjectInput holds the fields to change.
type UpdateProjectInput struct {
	Name        *string
	NameEn      *string
	Kind        *ProjectKind
	Status      *ProjectStatus
	Amount      *float64
	StartDate   *time.Time
	EndDate     *time.Time
	Description *string
	RegionID    *string
}

// OrderDirection of a sorted list.
type OrderDirection string

const (
	Asc  OrderDirection = "ASC"
	Desc OrderDirection = "DESC"
)

// OrderField names what a list may be sorted by. Each value maps to one
// fixed property in storage; user input never reaches a query as a name.
type OrderField string

const (
	OrderName      OrderField = "NAME"
	OrderPinyin    OrderField = "PINYIN"
	OrderBirthYear OrderField = "BIRTH_YEAR"
	OrderCreatedAt OrderField = "CREATED_AT"
	OrderUpdatedAt OrderField = "UPDATED_AT"
	OrderAmount    OrderField = "AMOUNT"
	OrderStartDate OrderField = "START_DATE"
	OrderCode      OrderField = "CODE"
)

// Order sorts a list.
type Order struct {
	Field     OrderField
	Direction OrderDirection
}

// Range bounds a number, both ends inclusive.
type IntRange struct {
	Min *int
	Max *int
}

// FloatRange bounds an amount, both ends inclusive.
type FloatRange struct {
	Min *float64
	Max *float64
}

// DateRange bounds a date, both ends inclusive.
type DateRange struct {
	From *time.Time
	To   *time.Time
}

// PersonWhere filters people. Every set field must hold.
type PersonWhere struct {
	IDs          []string
	Name         *string // exact
	NameContains *string // Chinese, pinyin or Latin substring
	Gender       *Gender
	BirthYear    *IntRange
	Expertise    *string // one of the person's fields equals this
	Discoverable *bool
	IsCadre      *bool
	// ServingAt keeps cadres whose posting lasts at the date.
	ServingAt *time.Time
	// DispatchingUnitID keeps cadres sent by the unit.
	DispatchingUnitID *string
	// HostUnitID keeps cadres posted to the unit.
	HostUnitID *string
	// Batch keeps cadres of a batch year.
	Batch *int
	// RegionID keeps people located in the region.
	RegionID *string
	// HasAcquaintances keeps people with (true) or without (false) KNOWS.
	HasAcquaintances *bool

	NameIs      *StringFilter
	NameEnIs    *StringFilter
	GenderIs    *GenderFilter
	BirthYearIs *IntFilter
	ExpertiseIs *StringListFilter

	Postings      *RelCondition
	Memberships   *RelCondition
	Employments   *RelCondition
	Projects      *RelCondition
	Acquaintances *RelCondition

	And []*PersonWhere
	Or  []*PersonWhere
	Not *PersonWhere
}

// UnitWhere filters units.
type UnitWhere struct {
	IDs          []string
	Name         *string
	NameContains *string
	Kind         []UnitKind
	ParentID     *string
	RegionID     *string
	// HasDispatched keeps units that sent (true) or never sent (false) cadres.
	HasDispatched *bool
	// HasHosted keeps units that hosted (true) or never hosted cadres.
	HasHosted *bool

	NameIs      *StringFilter
	ShortNameIs *StringFilter
	KindIs      *UnitKindFilter

	// HostedPostings are the postings to the unit, DispatchedPostings
	// those of the cadres it sent.
	HostedPostings     *RelCondition
	DispatchedPostings *RelCondition
	Members            *RelCondition

	And []*UnitWhere
	Or  []*UnitWhere
	Not *UnitWhere
}

// RegionWhere filters regions.
type RegionWhere struct {
	IDs          []string
	Name         *string
	NameContains *string
	Level        []RegionLevel
	Code         *string
	ParentID     *string

	NameIs  *StringFilter
	LevelIs *RegionLevelFilter
	CodeIs  *StringFilter

	And []*RegionWhere
	Or  []*RegionWhere
	Not *RegionWhere
}

// CompanyWhere filters companies.
type CompanyWhere struct {
	IDs          []string
	Name         *string
	NameContains *string
	CreditCode   *string
	Industry     *string
	ParentID     *string
	RegionID     *string
	// HasProjects keeps companies that invest (true) or not (false).
	HasProjects *bool

	NameIs       *StringFilter
	IndustryIs   *StringFilter
	CreditCodeIs *StringFilter

	Employees   *RelCondition
	Investments *RelCondition

	And []*CompanyWhere
	Or  []*CompanyWhere
	Not *CompanyWhere
}

// ProjectWhere filters projects.
type ProjectWhere struct {
	IDs          []string
	Name         *string
	NameContains *string
	Kind         []ProjectKind
	Status       []ProjectStatus
	Amount       *FloatRange
	StartDate    *DateRange
	RegionID     *string
	// SecuredByID keeps projects the person secured or introduced.
	SecuredByID *string

	NameIs      *StringFilter
	KindIs      *ProjectKindFilter
	StatusIs    *ProjectStatusFilter
	AmountIs    *FloatFilter
	StartDateIs *DateFilter
	EndDateIs   *DateFilter

	// People are the project's roles (who secured or introduced it).
	People    *RelCondition
	Investors *RelCondition

	And []*ProjectWhere
	Or  []*ProjectWhere
	Not *ProjectWhere
}
