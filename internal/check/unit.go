package check

import (
	"context"

	"cchc/ent"
	"cchc/ent/hook"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
)

// allowedParents says under which levels a unit of each level may sit. Since
// 1 July 2025 a commune may sit directly under a province.
var allowedParents = map[unit.Level][]unit.Level{
	unit.LevelPROVINCE: nil,
	unit.LevelDISTRICT: {unit.LevelPROVINCE},
	unit.LevelCOMMUNE:  {unit.LevelDISTRICT, unit.LevelPROVINCE},
}

// UnitTree keeps the unit tree well formed: a province has no parent, a
// district sits under a province, a commune under a district or a province;
// no unit is its own parent or merged into itself; validity ends after it
// starts; a merger joins units of one level and province, in no cycle, and
// ends the merged unit's validity (lineage.go).
func UnitTree() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.UnitFunc(func(ctx context.Context, m *ent.UnitMutation) (ent.Value, error) {
			level, err := required(ctx, m, m.Level, m.OldLevel)
			if err != nil {
				return nil, err
			}
			parent, err := optional(ctx, m, m.ParentID, m.OldParentID, m.ParentCleared())
			if err != nil {
				return nil, err
			}
			if err := checkParent(ctx, m, level, parent); err != nil {
				return nil, err
			}
			id, _ := m.ID()
			if merged, ok := m.MergedIntoID(); ok && merged == id {
				return nil, apperr.Input("mergedIntoID", "a unit cannot be merged into itself")
			}
			from, err := optional(ctx, m, m.ValidFrom, m.OldValidFrom, m.ValidFromCleared())
			if err != nil {
				return nil, err
			}
			to, err := optional(ctx, m, m.ValidTo, m.OldValidTo, m.ValidToCleared())
			if err != nil {
				return nil, err
			}
			if from != nil && to != nil && !to.After(*from) {
				return nil, apperr.Input("validTo", "must be after validFrom")
			}
			if err := checkMerger(ctx, m, level, parent, to); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

func checkParent(ctx context.Context, m *ent.UnitMutation, level *unit.Level, parent *int) error {
	if level == nil {
		return nil
	}
	allowed := allowedParents[*level]
	if parent == nil {
		if len(allowed) > 0 {
			return apperr.Input("parentID", "a %s must have a parent unit", *level)
		}
		return nil
	}
	if id, ok := m.ID(); ok && id == *parent {
		return apperr.Input("parentID", "a unit cannot be its own parent")
	}
	// The parent's visibility was checked by the privacy rules; its level is read past them.
	p, err := m.Client().Unit.Get(privacy.DecisionContext(ctx, privacy.Allow), *parent)
	if ent.IsNotFound(err) {
		return apperr.Input("parentID", "no unit with this ID")
	}
	if err != nil {
		return err
	}
	for _, l := range allowed {
		if p.Level == l {
			return nil
		}
	}
	return apperr.Input("parentID", "a %s cannot sit under a %s", *level, p.Level)
}
