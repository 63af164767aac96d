package graph

import (
	"io"
	"strconv"
)

// The enum types marshal themselves for the GraphQL layer (the
// MarshalGQL/UnmarshalGQL pair gqlgen looks for); it keeps one type per
// enum from storage to the wire, with no copies to convert between.

func marshalEnum[T ~string](v T, w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

func unmarshalEnum[T ~string](dst *T, v any, valid func(T) bool, what string) error {
	s, ok := v.(string)
	if !ok {
		return Errorf(CodeInvalidInput, "%s must be a string", what)
	}
	if !valid(T(s)) {
		return Errorf(CodeInvalidInput, "%q is not a valid %s", Truncate(s, 40), what)
	}
	*dst = T(s)
	return nil
}

func (k Kind) MarshalGQL(w io.Writer) { marshalEnum(k, w) }
func (k *Kind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, Kind.Valid, "EntityKind")
}

func (g Gender) MarshalGQL(w io.Writer) { marshalEnum(g, w) }
func (g *Gender) UnmarshalGQL(v any) error {
	return unmarshalEnum(g, v, Gender.Valid, "Gender")
}

func (k UnitKind) MarshalGQL(w io.Writer) { marshalEnum(k, w) }
func (k *UnitKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, UnitKind.Valid, "UnitKind")
}

func (l RegionLevel) MarshalGQL(w io.Writer) { marshalEnum(l, w) }
func (l *RegionLevel) UnmarshalGQL(v any) error {
	return unmarshalEnum(l, v, RegionLevel.Valid, "RegionLevel")
}

func (k ProjectKind) MarshalGQL(w io.Writer) { marshalEnum(k, w) }
func (k *ProjectKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, ProjectKind.Valid, "ProjectKind")
}

func (s ProjectStatus) MarshalGQL(w io.Writer) { marshalEnum(s, w) }
func (s *ProjectStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, ProjectStatus.Valid, "ProjectStatus")
}

func (r ProjectRole) MarshalGQL(w io.Writer) { marshalEnum(r, w) }
func (r *ProjectRole) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, ProjectRole.Valid, "ProjectRole")
}

func (t RelType) MarshalGQL(w io.Writer) { marshalEnum(t, w) }
func (t *RelType) UnmarshalGQL(v any) error {
	return unmarshalEnum(t, v, RelType.Valid, "RelationshipType")
}

var orderFields = []OrderField{OrderName, OrderPinyin, OrderBirthYear, OrderCreatedAt, OrderUpdatedAt, OrderAmount, OrderStartDate, OrderCode}

// Valid reports whether f is a known order field.
func (f OrderField) Valid() bool { return oneOf(f, orderFields) }

func (f OrderField) MarshalGQL(w io.Writer) { marshalEnum(f, w) }
func (f *OrderField) UnmarshalGQL(v any) error {
	return unmarshalEnum(f, v, OrderField.Valid, "order field")
}

// Valid reports whether d is ASC or DESC.
func (d OrderDirection) Valid() bool { return d == Asc || d == Desc }

func (d OrderDirection) MarshalGQL(w io.Writer) { marshalEnum(d, w) }
func (d *OrderDirection) UnmarshalGQL(v any) error {
	return unmarshalEnum(d, v, OrderDirection.Valid, "OrderDirection")
}

func (k InteractionKind) MarshalGQL(w io.Writer) { marshalEnum(k, w) }
func (k *InteractionKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, InteractionKind.Valid, "InteractionKind")
}

func (o PathOrder) MarshalGQL(w io.Writer) { marshalEnum(o, w) }
func (o *PathOrder) UnmarshalGQL(v any) error {
	return unmarshalEnum(o, v, PathOrder.Valid, "PathOrder")
}
