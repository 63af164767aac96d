package auth

// Action is a class of operations the matrix decides on.
type Action string

const (
	// ReadGraph: entities, relationships, search, neighborhood, ties.
	ReadGraph Action = "readGraph"
	// ReadPrivate: a person's phone, email and wechat.
	ReadPrivate Action = "readPrivate"
	// ReadUndiscoverable: undiscoverable people in the directory (people
	// list, search, neighborhood).
	ReadUndiscoverable Action = "readUndiscoverable"
	// ReadPaths: cooperation paths and introducers.
	ReadPaths Action = "readPaths"
	// ReadInteractions: a person's interactions (without summaries).
	ReadInteractions Action = "readInteractions"
	// ReadSummaries: the summary of an interaction (Self: a participant;
	// Unit: also when logged by someone of the principal's unit).
	ReadSummaries Action = "readSummaries"
	// ReadNetwork: cohort and reconnect suggestions of a person.
	ReadNetwork Action = "readNetwork"
	// ReadReports: unit reports and the city summary.
	ReadReports Action = "readReports"
	// LogInteraction: log an interaction (Self: as a participant).
	LogInteraction Action = "logInteraction"
	// EditProfile: change a person's own profile fields (phone, email,
	// wechat, expertise, bio, reconnectAfterDays, discoverable) and rotate
	// their calendar feed secret.
	EditProfile Action = "editProfile"
	// Acquaint: declare and end an acquaintance (Self: one of the two).
	Acquaint Action = "acquaint"
	// Write: create, update and delete entities and relationships.
	Write Action = "write"
	// Duplicates: possible duplicates and merging people.
	Duplicates Action = "duplicates"
	// ReadAudit: the audit log.
	ReadAudit Action = "readAudit"
	// Maintain: recomputing ties.
	Maintain Action = "maintain"
	// RecordContribution: record a contribution (Self: one's own; an
	// officer's Any is for PROMOTION only, server/authz_contrib.go).
	RecordContribution Action = "recordContribution"
	// ReviewContribution: confirm or return contributions, see every
	// pending and returned one, set targets.
	ReviewContribution Action = "reviewContribution"
)

// Scope says how far a role may perform an action.
type Scope int

const (
	// None forbids the action.
	None Scope = iota
	// Self allows it for the principal's own person only.
	Self
	// Any allows it for everyone.
	Any
	// Unit allows it for the principal's own person and for what concerns
	// the principal's unit (the token's unit claim).
	Unit
)

func (s Scope) String() string {
	return [...]string{"none", "self", "any", "unit"}[s]
}

// Actions lists every action in the order of the matrix.
var Actions = []Action{ReadGraph, ReadPrivate, ReadUndiscoverable, ReadPaths, ReadInteractions, ReadSummaries,
	ReadNetwork, ReadReports, LogInteraction, EditProfile, Acquaint, Write, Duplicates, ReadAudit, Maintain,
	RecordContribution, ReviewContribution}

// Matrix is the permission matrix (doc.go shows it as a table). Roles
// missing from a row have None.
var Matrix = map[Action]map[Role]Scope{
	ReadGraph:          {RoleAdmin: Any, RoleOfficer: Any, RoleCadre: Any, RoleAnalyst: Any},
	ReadPrivate:        {RoleAdmin: Any, RoleOfficer: Self, RoleCadre: Self, RoleAnalyst: Self},
	ReadUndiscoverable: {RoleAdmin: Any},
	ReadPaths:          {RoleAdmin: Any, RoleOfficer: Any, RoleAnalyst: Any},
	ReadInteractions:   {RoleAdmin: Any, RoleOfficer: Any, RoleCadre: Self, RoleAnalyst: Any},
	ReadSummaries:      {RoleAdmin: Any, RoleOfficer: Unit, RoleCadre: Self},
	ReadNetwork:        {RoleAdmin: Any, RoleOfficer: Self, RoleCadre: Self, RoleAnalyst: Self},
	ReadReports:        {RoleAdmin: Any, RoleOfficer: Any, RoleAnalyst: Any},
	LogInteraction:     {RoleAdmin: Any, RoleOfficer: Self, RoleCadre: Self},
	EditProfile:        {RoleAdmin: Any, RoleOfficer: Self, RoleCadre: Self, RoleAnalyst: Self},
	Acquaint:           {RoleAdmin: Any, RoleOfficer: Self, RoleCadre: Self},
	Write:              {RoleAdmin: Any},
	Duplicates:         {RoleAdmin: Any},
	ReadAudit:          {RoleAdmin: Any},
	Maintain:           {RoleAdmin: Any},
	RecordContribution: {RoleAdmin: Any, RoleOfficer: Any, RoleCadre: Self},
	ReviewContribution: {RoleAdmin: Any},
}

// ScopeOf is the role's scope for the action.
func ScopeOf(r Role, a Action) Scope { return Matrix[a][r] }
