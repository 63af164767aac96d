package resolvers

import (
	"context"

	"github.com/liaison/liaison/auth"
)

// private is the one place where a private field is masked: its value for
// a principal the matrix allows the action on something concerning ids,
// null for everyone else (and null when there is no value).
func private(ctx context.Context, a auth.Action, value string, ids ...string) *string {
	return privateForUnit(ctx, a, value, "", ids...)
}

// privateForUnit is private where a Unit scope also opens what concerns
// the principal's unit (interaction summaries logged under it).
func privateForUnit(ctx context.Context, a auth.Action, value, unit string, ids ...string) *string {
	if value == "" || !auth.FromContext(ctx).CanForUnit(a, unit, ids...) {
		return nil
	}
	return &value
}
