// Package check holds the invariants that span several fields of a record
// (a dossier is not due before it was received, a commune sits under a
// district or a province …) as ent hooks, run on every create and update
// whoever writes, and the version of optimistic locking that refuses a
// change made against a record since changed (Version). Single-field rules
// live in the schema as validators.
package check

import (
	"context"
	"time"

	"entgo.io/ent"

	"cchc/internal/apperr"
)

// required returns the value a mutation leaves in a non-null field: the new
// value when it sets one, else on an update the stored one.
func required[T any](ctx context.Context, m ent.Mutation, get func() (T, bool), old func(context.Context) (T, error)) (*T, error) {
	if v, ok := get(); ok {
		return &v, nil
	}
	if !m.Op().Is(ent.OpUpdateOne) {
		return nil, nil
	}
	v, err := old(ctx)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// optional is required for a nillable field, which the mutation may also clear.
func optional[T any](ctx context.Context, m ent.Mutation, get func() (T, bool), old func(context.Context) (*T, error), cleared bool) (*T, error) {
	if v, ok := get(); ok {
		return &v, nil
	}
	if cleared || !m.Op().Is(ent.OpUpdateOne) {
		return nil, nil
	}
	return old(ctx)
}

// notBefore fails when later and earlier are both set and later comes first.
func notBefore(laterName string, later *time.Time, earlierName string, earlier *time.Time) error {
	if later != nil && earlier != nil && later.Before(*earlier) {
		return apperr.Input(laterName, "must not be before %s", earlierName)
	}
	return nil
}
