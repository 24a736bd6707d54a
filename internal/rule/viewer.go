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

// forbidden is a denial the API reports as FORBIDDEN.
func forbidden(format string, args ...any) error {
	e := apperr.New(apperr.Forbidden, format, args...)
	e.Err = privacy.Deny
	return e
}
