// Package graph holds Liaison's domain: the entities of the cadre network
// (people, units, regions, companies, projects), the relationships between
// them, the errors the service speaks, and the service interfaces that the
// storage layer implements. It imports only the standard library, so that
// every other package can depend on it and it depends on none of them.
package graph

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
)

// Kind names an entity kind. Its value is also the node label in Neo4j.
type Kind string

const (
	KindPerson  Kind = "PERSON"
	KindUnit    Kind = "UNIT"
	KindRegion  Kind = "REGION"
	KindCompany Kind = "COMPANY"
	KindProject Kind = "PROJECT"
)

// Kinds lists every entity kind in a fixed order.
var Kinds = []Kind{KindPerson, KindUnit, KindRegion, KindCompany, KindProject}

// Label is the Neo4j label of the kind's nodes.
func (k Kind) Label() string {
	switch k {
	case KindPerson:
		return "Person"
	case KindUnit:
		return "Unit"
	case KindRegion:
		return "Region"
	case KindCompany:
		return "Company"
	case KindProject:
		return "Project"
	}
	return ""
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k.Label() != "" }

// KindOfLabel is the inverse of Kind.Label.
func KindOfLabel(label string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Label() == label {
			return k, true
		}
	}
	return "", false
}

// idPrefix is the readable prefix of every id of a kind: ids carry their
// kind, so that node(id) needs no lookup table and a wrong id is caught
// before the database is asked.
func (k Kind) idPrefix() string {
	switch k {
	case KindPerson:
		return "per"
	case KindUnit:
		return "unt"
	case KindRegion:
		return "reg"
	case KindCompany:
		return "com"
	case KindProject:
		return "prj"
	}
	return ""
}

// RelIDPrefix prefixes relationship ids.
const RelIDPrefix = "rel"

const maxIDLen = 64

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

func randomSuffix() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("graph: crypto/rand failed: %v", err))
	}
	return idEncoding.EncodeToString(b[:])
}

// NewID returns a fresh random id for an entity of kind k.
func NewID(k Kind) string { return k.idPrefix() + "_" + randomSuffix() }

// NewRelID returns a fresh random relationship id.
func NewRelID() string { return RelIDPrefix + "_" + randomSuffix() }

// MakeID builds a deterministic id of kind k from a suffix, for seeds and
// imports that bring their own keys. The suffix is validated like any id.
func MakeID(k Kind, suffix string) (string, error) {
	id := k.idPrefix() + "_" + suffix
	if _, err := ParseID(id); err != nil {
		return "", err
	}
	return id, nil
}

func validIDSuffix(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
		default:
			return false
		}
	}
	return true
}

// ParseID returns the kind an entity id belongs to, or an INVALID_INPUT
// error when the id is not one of ours.
func ParseID(id string) (Kind, error) {
	if len(id) > maxIDLen {
		return "", Errorf(CodeInvalidInput, "id: longer than %d characters", maxIDLen)
	}
	prefix, suffix, ok := strings.Cut(id, "_")
	if ok && validIDSuffix(suffix) {
		for _, k := range Kinds {
			if k.idPrefix() == prefix {
				return k, nil
			}
		}
	}
	return "", Errorf(CodeInvalidInput, "id: %q is not a valid entity id", Truncate(id, 80))
}

// ParseIDOf checks that id is an id of kind want; field names the argument
// for the error message.
func ParseIDOf(field, id string, want Kind) error {
	k, err := ParseID(id)
	if err != nil {
		return Errorf(CodeInvalidInput, "%s: %q is not a valid id", field, Truncate(id, 80))
	}
	if k != want {
		return Errorf(CodeInvalidInput, "%s: %q is a %s id, expected a %s id", field, Truncate(id, 80), strings.ToLower(string(k)), strings.ToLower(string(want)))
	}
	return nil
}

// ParseTwoPeople checks the ids of two different people named by the
// arguments fieldA and fieldB; same is the problem when they are one
// person (said of fieldB).
func ParseTwoPeople(fieldA, a, fieldB, b, same string) error {
	if err := ParseIDOf(fieldA, a, KindPerson); err != nil {
		return err
	}
	if err := ParseIDOf(fieldB, b, KindPerson); err != nil {
		return err
	}
	if a == b {
		return Errorf(CodeInvalidInput, "%s: %s", fieldB, same)
	}
	return nil
}

// ParseRelID checks a relationship id.
func ParseRelID(field, id string) error {
	prefix, suffix, ok := strings.Cut(id, "_")
	if !ok || prefix != RelIDPrefix || !validIDSuffix(suffix) || len(id) > maxIDLen {
		return Errorf(CodeInvalidInput, "%s: %q is not a valid relationship id", field, Truncate(id, 80))
	}
	return nil
}

// Truncate cuts s to its first n characters (runes, never inside a UTF-8
// sequence) and marks the cut with "…"; a shorter s is returned as it is.
// Messages quote what a client sent through it.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Node is implemented by every entity.
type Node interface {
	NodeID() string
	NodeKind() Kind
	DisplayName() string
}
