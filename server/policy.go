package server

import (
	"maps"

	"github.com/liaison/liaison/auth"
)

// fieldRules is the policy table: the action of the role matrix
// (auth.Matrix) that each GraphQL field needs. Every Query and Mutation
// field has a rule, and so has every field that returns people or counts
// them (TestPolicyCoversSchema walks the schema and fails on a missing
// one). A root field without a rule is refused before it runs, and a
// field whose action the role may not perform at all (scope none) too;
// the services (Authorized) then check the scope against the ids.
var fieldRules = map[string]auth.Action{
	// Queries.
	"Query.auditLog":             auth.ReadAudit,
	"Query.brokers":              auth.ReadGraph,
	"Query.cadreGroups":          auth.ReadGraph,
	"Query.citySummary":          auth.ReadReports,
	"Query.cohort":               auth.ReadNetwork,
	"Query.communities":          auth.ReadGraph,
	"Query.companies":            auth.ReadGraph,
	"Query.cooperationMatrix":    auth.ReadGraph,
	"Query.introducers":          auth.ReadPaths,
	"Query.neighborhood":         auth.ReadGraph,
	"Query.node":                 auth.ReadGraph,
	"Query.nodes":                auth.ReadGraph,
	"Query.paths":                auth.ReadPaths,
	"Query.people":               auth.ReadGraph,
	"Query.possibleDuplicates":   auth.Duplicates,
	"Query.projectGroups":        auth.ReadGraph,
	"Query.projects":             auth.ReadGraph,
	"Query.reconnectSuggestions": auth.ReadNetwork,
	"Query.regions":              auth.ReadGraph,
	"Query.search":               auth.ReadGraph,
	"Query.unitReport":           auth.ReadReports,
	"Query.me":                   auth.ReadGraph,
	"Query.reminders":            auth.ReadNetwork,
	"Query.units":                auth.ReadGraph,
	"Query.contributionQueue":    auth.ReviewContribution,
	// Mutations. updatePerson, addAcquaintance and endRelationship need
	// only the self-service actions here; authz_self.go asks write for
	// anything beyond a person's own profile and acquaintances.
	"Mutation.rotateCalendarFeed": auth.EditProfile,
	"Mutation.addAcquaintance":    auth.Acquaint,
	"Mutation.addEmployment":      auth.Write,
	"Mutation.addInvestment":      auth.Write,
	"Mutation.addLocation":        auth.Write,
	"Mutation.addMembership":      auth.Write,
	"Mutation.addPosting":         auth.Write,
	"Mutation.addProjectRole":     auth.Write,
	"Mutation.addSupport":         auth.Write,
	"Mutation.createCompany":      auth.Write,
	"Mutation.createPerson":       auth.Write,
	"Mutation.createProject":      auth.Write,
	"Mutation.createRegion":       auth.Write,
	"Mutation.createUnit":         auth.Write,
	"Mutation.deleteCompany":      auth.Write,
	"Mutation.deletePerson":       auth.Write,
	"Mutation.deleteProject":      auth.Write,
	"Mutation.deleteRegion":       auth.Write,
	"Mutation.deleteUnit":         auth.Write,
	"Mutation.endRelationship":    auth.Acquaint,
	"Mutation.logInteraction":     auth.LogInteraction,
	"Mutation.mergePeople":        auth.Duplicates,
	"Mutation.markNotDuplicate":   auth.Duplicates,
	"Mutation.removeRelationship": auth.Write,
	"Mutation.updateCompany":      auth.Write,
	"Mutation.updatePerson":       auth.EditProfile,
	"Mutation.updateProject":      auth.Write,
	"Mutation.updateRegion":       auth.Write,
	"Mutation.updateUnit":         auth.Write,
	// Contributions (authz_contrib.go checks the scope and the kind).
	"Mutation.recordContribution":    auth.RecordContribution,
	"Mutation.reviewContribution":    auth.ReviewContribution,
	"Mutation.setContributionTarget": auth.ReviewContribution,
	// Fields of entities that return people (relationships end at people).
	"Company.employees":           auth.ReadGraph,
	"Company.investments":         auth.ReadGraph,
	"Company.subsidiaries":        auth.ReadGraph,
	"Person.acquaintances":        auth.ReadGraph,
	"Person.employments":          auth.ReadGraph,
	"Person.interactions":         auth.ReadInteractions,
	"Person.locations":            auth.ReadGraph,
	"Person.memberships":          auth.ReadGraph,
	"Person.postings":             auth.ReadGraph,
	"Person.projects":             auth.ReadGraph,
	"Person.ties":                 auth.ReadGraph,
	"Project.investors":           auth.ReadGraph,
	"Project.people":              auth.ReadGraph,
	"Project.supporters":          auth.ReadGraph,
	"Region.companies":            auth.ReadGraph,
	"Region.people":               auth.ReadGraph,
	"Region.projects":             auth.ReadGraph,
	"Region.subRegions":           auth.ReadGraph,
	"Region.units":                auth.ReadGraph,
	"Unit.dispatchedCadres":       auth.ReadGraph,
	"Unit.hostedCadres":           auth.ReadGraph,
	"Unit.members":                auth.ReadGraph,
	"Unit.subUnits":               auth.ReadGraph,
	"Unit.supports":               auth.ReadGraph,
	"Contribution.cadres":         auth.ReadGraph,
	"Contribution.about":          auth.ReadGraph,
	"ContributionTarget.items":    auth.ReadGraph,
	"Person.contributions":        auth.ReadGraph,
	"Person.contributionProgress": auth.ReadGraph,
	"ContributionTarget.person":   auth.ReadGraph,
	"CadreProgress.person":        auth.ReadGraph,
	// Aggregates, reports and their parts, which count people.
	"AcquaintanceConnection.aggregate": auth.ReadGraph,
	"CitySummary.byRegion":             auth.ReadReports,
	"CitySummary.byUnit":               auth.ReadReports,
	"CitySummary.byYear":               auth.ReadReports,
	"CitySummary.total":                auth.ReadReports,
	"CitySummary.roles":                auth.ReadReports,
	"CityRoles.byUnit":                 auth.ReadReports,
	"CityRoles.total":                  auth.ReadReports,
	"RoleReport.roles":                 auth.ReadReports,
	"UnitReport.roles":                 auth.ReadReports,
	"CompanyConnection.aggregate":      auth.ReadGraph,
	"EmploymentConnection.aggregate":   auth.ReadGraph,
	"EntityAggregate.createdAt":        auth.ReadGraph,
	"InvestmentConnection.aggregate":   auth.ReadGraph,
	"LocationConnection.aggregate":     auth.ReadGraph,
	"MembershipConnection.aggregate":   auth.ReadGraph,
	"PersonAggregate.birthYear":        auth.ReadGraph,
	"PersonAggregate.createdAt":        auth.ReadGraph,
	"PersonConnection.aggregate":       auth.ReadGraph,
	"PostingConnection.aggregate":      auth.ReadGraph,
	"ProjectAggregate.amount":          auth.ReadGraph,
	"ProjectAggregate.createdAt":       auth.ReadGraph,
	"ProjectAggregate.endDate":         auth.ReadGraph,
	"ProjectAggregate.startDate":       auth.ReadGraph,
	"ProjectConnection.aggregate":      auth.ReadGraph,
	"ProjectRoleConnection.aggregate":  auth.ReadGraph,
	"RegionConnection.aggregate":       auth.ReadGraph,
	"RelAggregate.amount":              auth.ReadGraph,
	"RelAggregate.batch":               auth.ReadGraph,
	"RelAggregate.from":                auth.ReadGraph,
	"RelAggregate.to":                  auth.ReadGraph,
	"ReportTotals.byKind":              auth.ReadReports,
	"ReportTotals.byRole":              auth.ReadReports,
	"ReportTotals.byStatus":            auth.ReadReports,
	"SupportConnection.aggregate":      auth.ReadGraph,
	"UnitConnection.aggregate":         auth.ReadGraph,
}

// FieldRules returns a copy of the policy table.
func FieldRules() map[string]auth.Action { return maps.Clone(fieldRules) }

// Public marks a route that needs no principal: the health checks, the
// page and its assets, the demo tokens (demo mode only), and /graphql,
// whose fields have rules of their own (fieldRules).
const Public auth.Action = "public"

// routeRules is the policy table of the HTTP routes, by method and gin
// path. A route missing from it answers 403 (guardRoutes), so a new route
// is closed until a rule opens it.
var routeRules = map[string]auth.Action{
	"POST /graphql":                  Public,
	"GET /graphql":                   Public,
	"OPTIONS /graphql":               Public,
	"PUT /graphql":                   Public, // GraphQL over HTTP answers 405 (graphqlhttp.go)
	"PATCH /graphql":                 Public,
	"DELETE /graphql":                Public,
	"HEAD /graphql":                  Public,
	"GET /healthz":                   Public,
	"GET /readyz":                    Public,
	"GET /auth/demo-tokens":          Public,
	"GET /":                          Public,
	"GET /graphiql":                  Public,
	"GET /assets/*file":              Public,
	"GET /favicon.ico":               Public,
	"GET /calendar/:file":            Public, // the feed secret in the URL is the credential (calendar.go)
	"GET /reports/units/:id":         auth.ReadReports,
	"GET /reports/summary":           auth.ReadReports,
	"GET /analytics/cooperation.csv": auth.ReadGraph,
	// A query's connection as a spreadsheet (export.go): every page runs
	// through the /graphql handler, so the field rules decide as there.
	"POST /export": auth.ReadGraph,
	// Importing a workbook from the page (importer.go): admin only.
	"GET /import/template.xlsx":     auth.Write,
	"POST /import/check":            auth.Write,
	"GET /import/:id":               auth.Write,
	"GET /import/:id/problems.xlsx": auth.Write,
	"POST /import/:id/run":          auth.Write,
}

// RouteRules returns a copy of the routes' policy table.
func RouteRules() map[string]auth.Action { return maps.Clone(routeRules) }
