package rule

import (
	"context"

	"cchc/ent"
	"cchc/ent/criterion"
	"cchc/ent/predicate"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/viewer"
)

// FilterPublished keeps a DRAFT framework, and its criteria with their
// rules, with the officers who write it (the province's, see Access): a
// draft is the province's work in progress, and its thresholds are not yet
// anyone's rules. Everyone else reads PUBLISHED frameworks only. It runs
// after FilterReadable, which has already narrowed them to the caller's
// province.
func FilterPublished() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		switch q := q.(type) {
		case *ent.ScoringFrameworkQuery:
			q.Where(ReadableFrameworks(viewer.FromContext(ctx)))
		case *ent.CriterionQuery:
			q.Where(criterion.HasFrameworkWith(ReadableFrameworks(viewer.FromContext(ctx))))
		}
		return privacy.Skip
	})
}

// ReadableFrameworks is the predicate of the frameworks v reads by their
// status: PUBLISHED ones, and DRAFT ones of the units whose frameworks v
// writes. The where inputs' edge predicates (has…With) need it too.
func ReadableFrameworks(v *viewer.Viewer) predicate.ScoringFramework {
	published := scoringframework.StatusEQ(scoringframework.StatusPUBLISHED)
	if v == nil {
		return published
	}
	units, err := writeUnits(v, "ScoringFramework")
	if err != nil {
		return published
	}
	return scoringframework.Or(published, scoringframework.UnitIDIn(units...))
}
