package rule

import (
	"context"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/internal/viewer"
)

// DenyUnwritableRow answers FORBIDDEN to an update of a record the caller can
// read but may not change (a district officer editing a commune's dossier).
// A record the caller cannot read is left to FilterWritable, which answers
// NOT_FOUND, exactly as for a record that does not exist.
func DenyUnwritableRow() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpUpdateOne) || Records[m.Type()].Owner.Column == "" {
			return privacy.Skip
		}
		owner, err := storedOwner(ctx, m)
		if err != nil {
			return privacy.Skip // not readable, or gone: answered as missing
		}
		if v := viewer.FromContext(ctx); !canWrite(v, m.Type(), owner) {
			return forbidden("role %s may not change this %s", v.Role, m.Type())
		}
		return privacy.Skip
	})
}
