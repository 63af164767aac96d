package graph

import "testing"

func TestFilterShape(t *testing.T) {
	y := 1970
	flat := &PersonWhere{BirthYearIs: &IntFilter{Gte: &y}, Expertise: new(string)}
	if n, d, c := FilterShape(flat); n != 2 || d != 1 || c != 2 {
		t.Errorf("flat: %d conditions, depth %d, cost %d", n, d, c)
	}
	if n, d, c := FilterShape((*PersonWhere)(nil)); n != 0 || d != 0 || c != 0 {
		t.Errorf("nil: %d %d %d", n, d, c)
	}
	// people with some posting whose host unit has a member born after 1970,
	// OR not a cadre.
	nested := &PersonWhere{Or: []*PersonWhere{
		{Postings: &RelCondition{Some: &RelWhere{HostUnit: &UnitWhere{Members: &RelCondition{All: &RelWhere{Person: flat}}}}}},
		{IsCadre: new(bool)},
	}}
	n, d, c := FilterShape(nested)
	// OR element (2) → some (3) → hostUnit (4) → all (5) → person (6).
	if n != 3 || d != 6 {
		t.Errorf("nested: %d conditions, depth %d", n, d)
	}
	// Leaves: isCadre at 2, birthYearIs and expertise at 6; quantifiers at 2 and 4.
	if want := 2 + 6 + 6 + QuantifierCost*2 + QuantifierCost*4; c != want {
		t.Errorf("nested cost %d, want %d", c, want)
	}
	if err := CheckFilterShape("where", nested); err != nil {
		t.Errorf("depth 6 refused: %v", err)
	}
	deeper := &PersonWhere{Not: nested}
	if err := CheckFilterShape("where", deeper); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("depth 7: %v", err)
	}
	many := &PersonWhere{}
	for i := 0; i <= MaxFilterConditions; i++ {
		many.And = append(many.And, &PersonWhere{IsCadre: new(bool)})
	}
	if err := CheckFilterShape("where", many); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("%d conditions: %v", MaxFilterConditions+1, err)
	}
}
