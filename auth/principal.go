package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/liaison/liaison/graph"
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

// Validate checks the claims of a principal: a known role, ids of the
// right kinds, and a person for a cadre.
func (p *Principal) Validate() error {
	if _, err := ParseRole(string(p.Role)); err != nil {
		return err
	}
	if p.Person != "" {
		if err := graph.ParseIDOf("person", p.Person, graph.KindPerson); err != nil {
			return errors.New("the person claim is not a person id")
		}
	}
	if p.Unit != "" {
		if err := graph.ParseIDOf("unit", p.Unit, graph.KindUnit); err != nil {
			return errors.New("the unit claim is not a unit id")
		}
	}
	if p.Role == RoleCadre && p.Person == "" {
		return errors.New("a cadre token needs a person claim")
	}
	return nil
}

// DefaultSubject is the subject of a token without a sub claim.
func (p *Principal) DefaultSubject() string {
	if p.Person != "" {
		return string(p.Role) + ":" + p.Person
	}
	return string(p.Role)
}

// DemoPrincipals are the principals of the demo tokens: one per role; the
// cadre is 张三 (per_demo-1, of 国家发展和改革委员会 unt_demo-1) and the
// officer 李四 (per_demo-2, of 北京市科学技术委员会 unt_demo-17) of the
// demo graph.
var DemoPrincipals = map[Role]Principal{
	RoleAdmin:   {Subject: "demo-admin", Role: RoleAdmin},
	RoleOfficer: {Subject: "demo-officer", Role: RoleOfficer, Person: "per_demo-2", Unit: "unt_demo-17"},
	RoleCadre:   {Subject: "demo-cadre", Role: RoleCadre, Person: "per_demo-1", Unit: "unt_demo-1"},
	RoleAnalyst: {Subject: "demo-analyst", Role: RoleAnalyst},
}
