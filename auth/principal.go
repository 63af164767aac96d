package auth

import (
	"context"
	"fmt"
)

// Role is what a token may do; see the matrix in doc.go.
type Role string

const (
	RoleAdmin   Role = "admin"
	RoleOfficer Role = "officer"
	RoleCadre   Role = "cadre"
	RoleAnalyst Role = "analyst"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleCadre, RoleAnalyst}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (admin, officer, cadre or analyst)", s)
}

// Principal is who makes a request: the verified claims of their token.
type Principal struct {
	// Subject is the token's sub claim (or, without one, a name derived
	// from role and person); rate limits and the audit trail use it.
	Subject string
	Role    Role
	// Unit is the unit id of the unit claim, if any.
	Unit string
	// Person is the person id of the person claim: required for cadres,
	// needed by officers to log interactions.
	Person string
}

// Anonymous is the principal of a server without authentication
// (server.Options.Auth nil, for tests and embedding): an admin.
var Anonymous = &Principal{Subject: "anonymous", Role: RoleAdmin}

// IsAdmin reports whether p is an admin.
func (p *Principal) IsAdmin() bool { return p != nil && p.Role == RoleAdmin }

// IsSelf reports whether p is the person id.
func (p *Principal) IsSelf(personID string) bool {
	return p != nil && p.Person != "" && p.Person == personID
}

// Can reports whether p may perform the action on something that
// concerns the people ids (for Self scopes: p must be one of them; with no
// ids a Self scope allows nothing).
func (p *Principal) Can(a Action, ids ...string) bool {
	if p == nil {
		return false
	}
	switch ScopeOf(p.Role, a) {
	case Any:
		return true
	case Self, Unit:
		for _, id := range ids {
			if p.IsSelf(id) {
				return true
			}
		}
	}
	return false
}

// CanForUnit is Can, and for a Unit scope also allows what concerns the
// principal's unit: unit is the unit the thing belongs to (for an
// interaction, the unit of whoever logged it).
func (p *Principal) CanForUnit(a Action, unit string, ids ...string) bool {
	if p.Can(a, ids...) {
		return true
	}
	return p != nil && ScopeOf(p.Role, a) == Unit && p.Unit != "" && p.Unit == unit
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of the request, nil when there is none.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
