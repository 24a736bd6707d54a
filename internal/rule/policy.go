package rule

import (
	"cchc/ent"
	"cchc/ent/privacy"
)

// Policy is the policy of every record: read within the caller's scope,
// write only what the caller's role may write, through references the caller
// can see. Anything no rule allows is denied.
func Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			DenyIfNoViewer(),
			FilterReadable(),
			privacy.AlwaysAllowRule(),
		},
		Mutation: privacy.MutationPolicy{
			DenyIfNoViewer(),
			DenyIfReadOnlyRole(),
			DenyInvisibleReferences(),
			DenyUnwritableOwner(),
			FilterWritable(),
			privacy.AlwaysAllowRule(),
		},
	}
}
