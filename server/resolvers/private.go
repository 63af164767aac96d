package resolvers

import (
	"context"

	"github.com/liaison/liaison/auth"
)

// private is the one place where a private field is masked: its value for
// a principal the matrix allows the action on something concerning ids,
// null for everyone else (and null when there is no value).
func private(ctx context.Context, a auth.Action, value string, ids ...string) *string {
	if value == "" || !auth.FromContext(ctx).Can(a, ids...) {
		return nil
	}
	return &value
}
