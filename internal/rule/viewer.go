package rule

import (
	"context"

	"cchc/ent/privacy"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// DenyIfNoViewer refuses any query or mutation made without an authenticated caller.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return forbidden("no authenticated caller")
		}
		return privacy.Skip
	})
}

// DenyIfReadOnlyRole refuses every write of the roles that only read (analysts, scoring services).
func DenyIfReadOnlyRole() privacy.MutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if len(viewer.FromContext(ctx).Writable()) == 0 {
			return forbidden("role %s does not write records", viewer.FromContext(ctx).Role)
		}
		return privacy.Skip
	})
}

// forbidden is a denial the API reports as FORBIDDEN.
func forbidden(format string, args ...any) error {
	e := apperr.New(apperr.Forbidden, format, args...)
	e.Err = privacy.Deny
	return e
}
