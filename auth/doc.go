// Package auth is the domain of Liaison's access control: the roles, the
// principal of a request, the permission matrix that server.Authorized
// enforces in the service layer, and the audit entry. It does not link the
// JWT library: package auth/bearer verifies and mints the bearer tokens
// (HS256 with a shared secret, RS256 and ES256 with keys from a JWKS file
// or URL) whose claims become a Principal.
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
// Matrix (matrix.go) is the one role x action table: any (everyone), self
// (only for the principal's own person, the person claim; for interaction
// summaries, interactions the principal takes part in), unit (self, and for
// interaction summaries also those logged under the token's unit claim),
// none (FORBIDDEN, or, for private fields, null). The README's table is checked against it
// cell by cell. server/policy.go says which action each GraphQL field and
// HTTP route needs, and server.Authorized enforces the scopes in the
// service layer.
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
