package rule

import (
	"cchc/ent"
	"cchc/ent/privacy"
)

// Policy is the policy of every record: read and write what the caller's
// role may (Records), within its unit or its unit's subtree, through
// references the caller can see. Anything no rule allows is denied.
func Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			DenyIfNoViewer(),
			FilterReadable(),
			privacy.AlwaysAllowRule(),
		},
		Mutation: privacy.MutationPolicy{
			DenyIfNoViewer(),
			DenyIfNoWrite(),
			DenyInvisibleReferences(),
			DenyUnwritableOwner(),
			DenyUnwritableRow(),
			FilterWritable(),
			privacy.AlwaysAllowRule(),
		},
	}
}
