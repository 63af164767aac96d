package graph

import "time"

// Gender of a person.
type Gender string

const (
	GenderMale   Gender = "MALE"
	GenderFemale Gender = "FEMALE"
)

// Valid reports whether g is a known gender.
func (g Gender) Valid() bool { return g == GenderMale || g == GenderFemale }

// Person is anyone in the network. A person with postings is a cadre on a
// temporary post (挂职干部); when every posting has ended, a former cadre.
type Person struct {
	ID        string
	Name      string // Chinese name, e.g. 张三
	NameEn    string
	Pinyin    string // derived from Name: "zhang san"
	Gender    *Gender
	BirthYear *int
	Expertise []string
	Bio       string
	// Private contact fields.
	Phone  string
	Email  string
	Wechat string
	// Discoverable people may appear inside paths and as introducers.
	Discoverable bool
	// ReconnectAfterDays is how long without contact makes a tie worth a
	// reconnect suggestion; nil means DefaultReconnectAfterDays.
	ReconnectAfterDays *int
	// IsCadre is derived: the person has at least one posting.
	IsCadre   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (p *Person) NodeID() string      { return p.ID }
func (p *Person) NodeKind() Kind      { return KindPerson }
func (p *Person) DisplayName() string { return p.Name }

// UnitKind classifies units: dispatching units (the ministries, agencies,
// enterprises and universities that send cadres) and host units alike.
type UnitKind string

const (
	UnitCentralAgency        UnitKind = "CENTRAL_AGENCY"
	UnitProvincialAgency     UnitKind = "PROVINCIAL_AGENCY"
	UnitBeijingTianjinAgency UnitKind = "BEIJING_TIANJIN_AGENCY"
	UnitLocalGovernment      UnitKind = "LOCAL_GOVERNMENT"
	UnitStateOwnedEnterprise UnitKind = "STATE_OWNED_ENTERPRISE"
	UnitFinancialInstitution UnitKind = "FINANCIAL_INSTITUTION"
	UnitUniversity           UnitKind = "UNIVERSITY"
	UnitResearchInstitute    UnitKind = "RESEARCH_INSTITUTE"
	UnitOther                UnitKind = "OTHER"
)

// UnitKinds lists every unit kind.
var UnitKinds = []UnitKind{UnitCentralAgency, UnitProvincialAgency, UnitBeijingTianjinAgency, UnitLocalGovernment,
	UnitStateOwnedEnterprise, UnitFinancialInstitution, UnitUniversity, UnitResearchInstitute, UnitOther}

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool { return oneOf(k, UnitKinds) }

// Unit is an organization: a dispatching unit, a host unit of the city, a
// university or research institute.
type Unit struct {
	ID          string
	Name        string
	NameEn      string
	ShortName   string
	Kind        UnitKind
	Description string
	ParentID    string // PART_OF
	RegionID    string // LOCATED_IN
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (u *Unit) NodeID() string      { return u.ID }
func (u *Unit) NodeKind() Kind      { return KindUnit }
func (u *Unit) DisplayName() string { return u.Name }

// RegionLevel is the administrative level of a region.
type RegionLevel string

const (
	RegionContinent RegionLevel = "CONTINENT"
	RegionCountry   RegionLevel = "COUNTRY"
	RegionProvince  RegionLevel = "PROVINCE"
	RegionCity      RegionLevel = "CITY"
	RegionDistrict  RegionLevel = "DISTRICT"
	RegionCounty    RegionLevel = "COUNTY"
	RegionTown      RegionLevel = "TOWN"
)

// RegionLevels lists every level, largest first.
var RegionLevels = []RegionLevel{RegionContinent, RegionCountry, RegionProvince, RegionCity, RegionDistrict, RegionCounty, RegionTown}

// Valid reports whether l is a known level.
func (l RegionLevel) Valid() bool { return oneOf(l, RegionLevels) }

// Region is a place: province, city, district, county or town (and, for
// imported foreign data, country and continent).
type Region struct {
	ID        string
	Name      string
	NameEn    string
	Level     RegionLevel
	Code      string // 6-digit administrative division code, optional
	ParentID  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (r *Region) NodeID() string      { return r.ID }
func (r *Region) NodeKind() Kind      { return KindRegion }
func (r *Region) DisplayName() string { return r.Name }

// Company is an enterprise the city wants to attract or that cadres helped
// bring in.
type Company struct {
	ID          string
	Name        string
	NameEn      string
	CreditCode  string // unified social credit code, validated when given
	Industry    string
	Description string
	ParentID    string
	RegionID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (c *Company) NodeID() string      { return c.ID }
func (c *Company) NodeKind() Kind      { return KindCompany }
func (c *Company) DisplayName() string { return c.Name }

// ProjectKind is what a project brings: investment, funds, technology,
// talent, a platform or a policy.
type ProjectKind string

const (
	ProjectInvestment ProjectKind = "INVESTMENT"
	ProjectFunding    ProjectKind = "FUNDING"
	ProjectTechnology ProjectKind = "TECHNOLOGY"
	ProjectTalent     ProjectKind = "TALENT"
	ProjectPlatform   ProjectKind = "PLATFORM"
	ProjectPolicy     ProjectKind = "POLICY"
)

// ProjectKinds lists every project kind.
var ProjectKinds = []ProjectKind{ProjectInvestment, ProjectFunding, ProjectTechnology, ProjectTalent, ProjectPlatform, ProjectPolicy}

// Valid reports whether k is a known project kind.
func (k ProjectKind) Valid() bool { return oneOf(k, ProjectKinds) }

// ProjectStatus is where a project stands.
type ProjectStatus string

const (
	StatusLead        ProjectStatus = "LEAD"
	StatusNegotiating ProjectStatus = "NEGOTIATING"
	StatusSigned      ProjectStatus = "SIGNED"
	StatusLanded      ProjectStatus = "LANDED"
	StatusOperating   ProjectStatus = "OPERATING"
	StatusStalled     ProjectStatus = "STALLED"
)

// ProjectStatuses lists every status in the order a project moves.
var ProjectStatuses = []ProjectStatus{StatusLead, StatusNegotiating, StatusSigned, StatusLanded, StatusOperating, StatusStalled}

// Valid reports whether s is a known status.
func (s ProjectStatus) Valid() bool { return oneOf(s, ProjectStatuses) }

// Project is an investment project, funding, technology, talent, platform
// or policy support that cadres secured or introduced.
type Project struct {
	ID          string
	Name        string
	NameEn      string
	Kind        ProjectKind
	Status      ProjectStatus
	Amount      *float64 // CNY
	StartDate   *time.Time
	EndDate     *time.Time
	Description string
	RegionID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (p *Project) NodeID() string      { return p.ID }
func (p *Project) NodeKind() Kind      { return KindProject }
func (p *Project) DisplayName() string { return p.Name }

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if a == v {
			return true
		}
	}
	return false
}
