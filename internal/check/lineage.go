package check

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cchc/ent"
	"cchc/ent/hook"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

// The caller's scope follows merged_into_id downward (auth's viewerQuery):
// the officers of the unit a unit is merged into read the merged unit's
// records. So a merger may only join units of one level and, below the
// provinces, of one province, never in a cycle, and only for a unit whose
// validity has ended (validTo); a merged unit then takes no record dated
// from its validTo on.

// maxLineage bounds the walks up parents and along mergers, should stored
// data hold a loop these checks did not make.
const maxLineage = 16

// unrestricted lets a check read units past the privacy rules: the units a
// mutation names were checked by them.
func unrestricted(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// checkMerger checks the merger of the unit m writes, of level under parent
// with validity ending at to, and, when its level or parent changes, the
// mergers into it.
func checkMerger(ctx context.Context, m *ent.UnitMutation, level *unit.Level, parent *int, to *time.Time) error {
	if level == nil {
		return nil
	}
	into, err := optional(ctx, m, m.MergedIntoID, m.OldMergedIntoID, m.MergedIntoCleared())
	if err != nil {
		return err
	}
	id, hasID := m.ID()
	_, levelSet := m.Level()
	_, parentSet := m.ParentID()
	moved := levelSet || parentSet || m.ParentCleared()
	if into != nil {
		if to == nil {
			return apperr.Input("validTo", "is required when mergedIntoID is set: the first date on which the merged unit no longer exists")
		}
		if _, set := m.MergedIntoID(); set || moved {
			if err := checkTarget(ctx, m.Client(), id, hasID, *level, parent, *into); err != nil {
				return err
			}
		}
	}
	if !hasID || !moved {
		return nil
	}
	// Units merged into this one must still be of its level and province.
	from, err := m.Client().Unit.Query().Where(unit.MergedIntoID(id)).All(unrestricted(ctx))
	if err != nil {
		return err
	}
	if len(from) == 0 {
		return nil
	}
	mine, err := provinceOf(ctx, m.Client(), parent)
	if err != nil {
		return err
	}
	for _, f := range from {
		if f.Level != *level {
			return apperr.Input("level", "units of level %s are merged into this unit: it must stay a %s", f.Level, f.Level)
		}
		if *level == unit.LevelPROVINCE {
			continue
		}
		theirs, err := provinceOf(ctx, m.Client(), f.ParentID)
		if err != nil {
			return err
		}
		if mine != theirs {
			return apperr.Input("parentID", "units of another province would be merged into this unit: a merger stays within one province")
		}
	}
	return nil
}

// checkTarget checks that the unit id (hasID false on a create), of level
// under parent, may be merged into the unit into (not itself: UnitTree).
func checkTarget(ctx context.Context, c *ent.Client, id int, hasID bool, level unit.Level, parent *int, into int) error {
	target, err := c.Unit.Get(unrestricted(ctx), into)
	if ent.IsNotFound(err) {
		return apperr.Input("mergedIntoID", "no unit with this ID")
	}
	if err != nil {
		return err
	}
	if target.Level != level {
		return apperr.Input("mergedIntoID", "a %s cannot be merged into a %s: a merger joins units of the same level", level, target.Level)
	}
	// Provinces merge into provinces (the reform of 2025); below them a
	// merger stays within the province.
	if level != unit.LevelPROVINCE {
		mine, err := provinceOf(ctx, c, parent)
		if err != nil {
			return err
		}
		theirs, err := provinceOf(ctx, c, target.ParentID)
		if err != nil {
			return err
		}
		if mine != theirs {
			return apperr.Input("mergedIntoID", "a merger joins units of the same province")
		}
	}
	if !hasID {
		return nil // a unit being created has nothing merged into it
	}
	for u, i := target, 0; u.MergedIntoID != nil; i++ {
		if *u.MergedIntoID == id || i == maxLineage {
			return apperr.Input("mergedIntoID", "the unit %s is already merged, directly or not, into this unit: mergers cannot form a cycle", target.Code)
		}
		if u, err = c.Unit.Get(unrestricted(ctx), *u.MergedIntoID); err != nil {
			return err
		}
	}
	return nil
}

// provinceOf returns the ID of the province at or above the unit parent, 0
// when there is none.
func provinceOf(ctx context.Context, c *ent.Client, parent *int) (int, error) {
	for i := 0; parent != nil && i < maxLineage; i++ {
		u, err := c.Unit.Query().Where(unit.ID(*parent)).Select(unit.FieldLevel, unit.FieldParentID).Only(unrestricted(ctx))
		if err != nil {
			return 0, err
		}
		if u.Level == unit.LevelPROVINCE {
			return u.ID, nil
		}
		parent = u.ParentID
	}
	return 0, nil
}

// received is the mutation of a record received at a unit: a dossier or feedback.
type received interface {
	ent.Mutation
	UnitID() (int, bool)
	OldUnitID(context.Context) (int, error)
	ReceivedAt() (time.Time, bool)
	OldReceivedAt(context.Context) (time.Time, error)
}

// ReceivedUnitOpen refuses a dossier or feedback received at a unit from
// the unit's validTo on.
func ReceivedUnitOpen() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			r, ok := m.(received)
			if !ok {
				return nil, fmt.Errorf("check: ReceivedUnitOpen on a %s", m.Type())
			}
			if err := unitOpen(ctx, m, "receivedAt", r.UnitID, r.OldUnitID, r.ReceivedAt, nillable(r.OldReceivedAt), false); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// PlanUnitOpen refuses a reform plan issued by a unit from the unit's validTo on.
func PlanUnitOpen() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.ReformPlanFunc(func(ctx context.Context, m *ent.ReformPlanMutation) (ent.Value, error) {
			if err := unitOpen(ctx, m, "issuedOn", m.UnitID, m.OldUnitID, m.IssuedOn, m.OldIssuedOn, m.IssuedOnCleared()); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// nillable adapts the old value of a required field to optional's.
func nillable[T any](old func(context.Context) (T, error)) func(context.Context) (*T, error) {
	return func(ctx context.Context) (*T, error) {
		v, err := old(ctx)
		return &v, err
	}
}

// unitOpen fails when m sets a record's unit or its date (the field name)
// and leaves the record dated on or after the validTo of its unit: the
// first local date on which the unit no longer exists.
func unitOpen(ctx context.Context, m ent.Mutation, name string,
	unitID func() (int, bool), oldUnitID func(context.Context) (int, error),
	at func() (time.Time, bool), oldAt func(context.Context) (*time.Time, error), atCleared bool) error {
	_, unitSet := unitID()
	_, atSet := at()
	if !unitSet && !atSet {
		return nil
	}
	u, err := required(ctx, m, unitID, oldUnitID)
	if err != nil || u == nil {
		return err
	}
	d, err := optional(ctx, m, at, oldAt, atCleared)
	if err != nil || d == nil {
		return err
	}
	// The caller's viewer lists the ended units of its scope: the others
	// need no read (a request's usual case).
	if v := viewer.FromContext(ctx); v != nil && v.Ended != nil && !v.Ended[*u] && slices.Contains(v.Scope, *u) {
		return nil
	}
	c := m.(interface{ Client() *ent.Client }).Client()
	to, err := c.Unit.Query().Where(unit.ID(*u)).Select(unit.FieldValidTo).Only(unrestricted(ctx))
	if ent.IsNotFound(err) {
		return nil // the reference's own check answers
	}
	if err != nil {
		return err
	}
	if to.ValidTo != nil && !period.LocalDate(*d).Before(period.LocalDate(*to.ValidTo)) {
		return apperr.Input(name, "must be before %s: the unit no longer exists from that date (validTo), after a merger or dissolution", period.FormatDate(*to.ValidTo))
	}
	return nil
}
