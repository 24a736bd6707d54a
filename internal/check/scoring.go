package check

import (
	"context"

	"cchc/ent"
	"cchc/ent/hook"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/apperr"
	"cchc/internal/archive"
)

// frozen is the error of a write to a published framework or its criteria.
var frozen = &apperr.Error{Code: apperr.Conflict, Field: "status",
	Message: "status: the framework is PUBLISHED and frozen: copy it to a new DRAFT to change it"}

// FrameworkFrozen keeps a published framework as it was published: only a
// DRAFT changes (publishing it is its last change), and a framework is
// created as a DRAFT.
func FrameworkFrozen() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.ScoringFrameworkFunc(func(ctx context.Context, m *ent.ScoringFrameworkMutation) (ent.Value, error) {
			switch {
			case m.Op().Is(ent.OpCreate):
				if s, ok := m.Status(); ok && s != scoringframework.StatusDRAFT {
					return nil, &apperr.Error{Code: apperr.Conflict, Field: "status", Message: "status: a framework is created as a DRAFT and published with publishScoringFramework"}
				}
			case m.Op().Is(ent.OpUpdateOne):
				old, err := m.OldStatus(ctx)
				if err != nil {
					return nil, err
				}
				if old == scoringframework.StatusPUBLISHED {
					return nil, frozen
				}
			case m.Op().Is(ent.OpUpdate | ent.OpDelete | ent.OpDeleteOne):
				return nil, apperr.New(apperr.Forbidden, "frameworks change one at a time")
			}
			return next.Mutate(ctx, m)
		})
	}
}

// CriterionFrozen refuses creating or changing a criterion of a published framework.
func CriterionFrozen() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.CriterionFunc(func(ctx context.Context, m *ent.CriterionMutation) (ent.Value, error) {
			var frameworks []int
			if id, ok := m.FrameworkID(); ok {
				frameworks = append(frameworks, id)
			}
			switch {
			case m.Op().Is(ent.OpUpdateOne):
				old, err := m.OldFrameworkID(ctx)
				if err != nil {
					return nil, err
				}
				frameworks = append(frameworks, old)
			case m.Op().Is(ent.OpUpdate | ent.OpDelete | ent.OpDeleteOne):
				return nil, apperr.New(apperr.Forbidden, "criteria change one at a time")
			}
			if len(frameworks) > 0 {
				// Whether the caller may see the framework is the privacy rules' concern.
				allow := archive.Include(privacy.DecisionContext(ctx, privacy.Allow))
				n, err := m.Client().ScoringFramework.Query().
					Where(scoringframework.IDIn(frameworks...), scoringframework.StatusEQ(scoringframework.StatusPUBLISHED)).Count(allow)
				if err != nil {
					return nil, err
				}
				if n > 0 {
					return nil, frozen
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// FrameworkProvince keeps frameworks with provinces: the province issues
// them and its officers approve the assessments made against them, so a
// framework given to a district would let that district approve its own
// communes' scores. Checked whenever a write sets the framework's unit
// (create, copy, move), whoever writes.
func FrameworkProvince() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.ScoringFrameworkFunc(func(ctx context.Context, m *ent.ScoringFrameworkMutation) (ent.Value, error) {
			if err := provinceUnit(ctx, m, "a scoring framework"); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}
