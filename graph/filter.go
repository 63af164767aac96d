package graph

import (
	"reflect"
	"strings"
	"time"
)

// The filter grammar of every list (schema/filter.graphqls): each Where
// type holds shorthand fields (nameContains, dispatchingUnitId...),
// operator fields named <field>Is with an operator object fitting the
// field's type, relationship conditions (some / none / all over a
// relationship, with its own properties and the far end's Where nested),
// and AND / OR / NOT over Where values of the same type. Every set field
// of one Where must hold. A comparison with a missing value is false, and
// NOT is its complement, so NOT {birthYearIs: {gt: 1970}} keeps the people
// whose birth year is unknown.

// StringFilter compares a text field. On name fields contains and
// startsWith also match the pinyin, in full and by initials, as search
// does.
type StringFilter struct {
	Eq         *string
	In         []string
	Contains   *string
	StartsWith *string
	IsNull     *bool
}

// IntFilter compares a whole number.
type IntFilter struct {
	Eq     *int
	In     []int
	Gt     *int
	Gte    *int
	Lt     *int
	Lte    *int
	IsNull *bool
}

// FloatFilter compares an amount.
type FloatFilter struct {
	Eq     *float64
	Gt     *float64
	Gte    *float64
	Lt     *float64
	Lte    *float64
	IsNull *bool
}

// DateFilter compares a calendar date.
type DateFilter struct {
	Eq     *time.Time
	Gt     *time.Time
	Gte    *time.Time
	Lt     *time.Time
	Lte    *time.Time
	IsNull *bool
}

// StringListFilter tests a list of texts such as a person's expertise.
type StringListFilter struct {
	// Includes: one element equals this.
	Includes *string
	// IncludesAny: one element equals one of these.
	IncludesAny []string
	// Contains: one element contains this text.
	Contains *string
	IsEmpty  *bool
}

// The enumeration filters: equals, one of, missing.
type (
	GenderFilter struct {
		Eq     *Gender
		In     []Gender
		IsNull *bool
	}
	UnitKindFilter struct {
		Eq *UnitKind
		In []UnitKind
	}
	RegionLevelFilter struct {
		Eq *RegionLevel
		In []RegionLevel
	}
	ProjectKindFilter struct {
		Eq *ProjectKind
		In []ProjectKind
	}
	ProjectStatusFilter struct {
		Eq *ProjectStatus
		In []ProjectStatus
	}
	ProjectRoleFilter struct {
		Eq *ProjectRole
		In []ProjectRole
	}
)

// RelCondition quantifies over one relationship of the filtered item:
// Some keeps items with at least one matching relationship, None items
// with none, All items whose every relationship matches (an item without
// any matches All). Relationships to people the caller may not see do not
// exist for the condition.
type RelCondition struct {
	Some *RelWhere
	None *RelWhere
	All  *RelWhere
}

// RelWhere filters relationships: their own properties and their far end.
// One Go type serves the GraphQL inputs PostingWhere, MembershipWhere,
// EmploymentWhere, ProjectRoleWhere, InvestmentWhere and AcquaintanceWhere;
// a far-end field a relationship does not have is refused.
type RelWhere struct {
	And []*RelWhere
	Or  []*RelWhere
	Not *RelWhere

	Title   *StringFilter
	Batch   *IntFilter
	Role    *ProjectRoleFilter
	Amount  *FloatFilter
	From    *DateFilter
	To      *DateFilter
	Current *bool

	Person          *PersonWhere
	HostUnit        *UnitWhere
	DispatchingUnit *UnitWhere
	Unit            *UnitWhere
	Company         *CompanyWhere
	Project         *ProjectWhere
}

// Bounds of a filter tree.
const (
	MaxFilterDepth      = 6
	MaxFilterConditions = 100
	// QuantifierCost is what one some/none/all weighs in the complexity
	// of a query, times its depth.
	QuantifierCost = 20
)

// FilterShape measures a filter (any Where value or pointer): its number
// of conditions, its depth (1 for a flat filter; every AND/OR/NOT element,
// relationship condition and far-end filter adds one) and its complexity
// cost: each condition weighs its depth, each quantifier QuantifierCost
// times its depth.
func FilterShape(f any) (conditions, depth, cost int) {
	var walk func(v reflect.Value, d int)
	walk = func(v reflect.Value, d int) {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return
		}
		if d > depth {
			depth = d
		}
		quant := v.Type() == reflect.TypeOf(RelCondition{})
		for i := 0; i < v.NumField(); i++ {
			fv := v.Field(i)
			if (fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Slice) && fv.IsNil() {
				continue
			}
			switch {
			case quant:
				cost += QuantifierCost * d
				walk(fv, d+1)
			case isFilterTree(fv.Type()):
				if fv.Type() == reflect.TypeOf(&RelCondition{}) {
					walk(fv, d) // its some/none/all are one level down
				} else if fv.Kind() == reflect.Slice {
					for j := 0; j < fv.Len(); j++ {
						walk(fv.Index(j), d+1)
					}
				} else {
					walk(fv, d+1)
				}
			default:
				conditions++
				cost += d
			}
		}
	}
	walk(reflect.ValueOf(f), 1)
	return conditions, depth, cost
}

// isFilterTree reports whether a field holds nested filters (Where values
// or a RelCondition) rather than a condition of its own.
func isFilterTree(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeOf(RelWhere{}).PkgPath() &&
		(strings.HasSuffix(t.Name(), "Where") || t.Name() == "RelCondition")
}

// CheckFilterShape refuses a filter deeper or larger than the bounds.
func CheckFilterShape(field string, f any) error {
	n, d, _ := FilterShape(f)
	if d > MaxFilterDepth {
		return Errorf(CodeInvalidInput, "%s: nested %d levels deep, at most %d", field, d, MaxFilterDepth)
	}
	if n > MaxFilterConditions {
		return Errorf(CodeInvalidInput, "%s: %d conditions, at most %d", field, n, MaxFilterConditions)
	}
	return nil
}
