// Package auth is Liaison's authentication and the rules of its
// authorization: bearer JWT verification (HS256 with a shared secret,
// RS256 and ES256 with keys from a JWKS file or URL), token minting for
// local use and demo mode, the roles, the principal of a request, and the
// permission matrix that server.Authorized enforces in the service layer.
//
// # Tokens
//
// Claims: role (admin | officer | cadre | analyst), unit (a unit id),
// person (a person id; required for cadres, needed by officers to log
// interactions), and the registered sub, exp (required), iat, nbf, and iss
// and aud when the server is configured with an issuer or audience. The
// algorithms accepted are exactly HS256 when a secret is configured and
// RS256/ES256 when a JWKS is: a token signed otherwise, or with "none", is
// refused. Every refusal is UNAUTHENTICATED (HTTP 401).
//
// # Roles and the matrix
//
// Any: for everyone; self: only for the principal's own person (the
// person claim), or, for interaction summaries, interactions the principal
// takes part in; none: FORBIDDEN (or, for fields, masked).
//
//	action                 operations                                                    admin  officer  cadre  analyst
//	readGraph              node(s), people, units, regions, companies, projects,         any    any      any    any
//	                       relationships, search, neighborhood, ties
//	readPrivate            Person.phone, email, wechat (others get null)                  any    self     self   self
//	readUndiscoverable     undiscoverable people in people, search, neighborhood          any    none     none   none
//	readPaths              paths, introducers                                            any    any      none   any
//	readInteractions       Person.interactions (a cadre sees others' as empty)          any    any      self   any
//	readSummaries          Interaction.summary (others get null; unit: also those logged  any    unit     self   none
//	                       by someone of the token's unit)
//	readNetwork            cohort, reconnectSuggestions                                   any    self     self   self
//	readReports            unit reports, the city summary                                 any    any      none   any
//	logInteraction         logInteraction (self: as one of the participants)              any    self     self   none
//	editProfile            updatePerson of one's own phone, email, wechat, expertise,    any    self     self   self
//	                       bio, reconnectAfterDays, discoverable; rotateCalendarFeed
//	acquaint               addAcquaintance, endRelationship of one's own acquaintance     any    self     self   none
//	write                  create/update/delete*, add*, endRelationship,                  any    none     none   none
//	                       removeRelationship
//	duplicates             possibleDuplicates, mergePeople                                any    none     none   none
//	readAudit              auditLog                                                       any    none     none   none
//	maintain               recomputing ties                                               any    none     none   none
//
// Matrix holds the same table as data; the server's tests check every
// cell. Undiscoverable people never appear inside paths or as introducers
// (the storage excludes them for everyone); a person found by id (node,
// nested fields) is shown, masked as above.
//
// # Without authentication
//
// server.Options.Auth nil means no authentication: every request is
// Anonymous, an admin, with no rate limit. That is for tests and
// embedding; `liaison serve` always configures a Verifier and refuses to
// start without LIAISON_JWT_SECRET or LIAISON_JWKS (unless LIAISON_DEMO).
//
// # Audit
//
// The service decorator puts an AuditRequest into the context of every
// mutation; graph/neo4jdb records who, when, the operation, the entity and
// its JSON before and after in the mutation's own transaction.
package auth
