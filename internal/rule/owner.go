package rule

import (
	"context"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/ent/reformplan"
	"cchc/internal/viewer"
)

// DenyUnwritableOwner refuses a create or update that would place a record
// under a unit the caller may not write: a commune officer writes its own
// commune only, so it can neither create a dossier in another commune nor
// move one there. Units themselves may be created only under the province
// officer's scope.
func DenyUnwritableOwner() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne) {
			return privacy.Skip
		}
		if u, ok := m.(*ent.UnitMutation); ok {
			if parent, set := u.ParentID(); set && !canWrite(v, "Unit", parent) {
				return forbidden("parentID: the unit is outside your scope")
			}
			if m.Op().Is(ent.OpCreate) && !u.ParentCleared() {
				if _, set := u.ParentID(); !set {
					return forbidden("parentID: only units under your own may be created")
				}
			}
			return privacy.Skip
		}
		owner, set, err := newOwner(ctx, m)
		if err != nil {
			return err
		}
		if set && !canWrite(v, m.Type(), owner) {
			return forbidden("role %s may not write %s records of this unit", v.Role, m.Type())
		}
		return privacy.Skip
	})
}

// newOwner returns the unit that will own the record after m, when m sets it:
// directly (unit_id) or through the record it belongs to (a task's plan).
func newOwner(ctx context.Context, m ent.Mutation) (unitID int, set bool, err error) {
	if m, ok := m.(interface{ UnitID() (int, bool) }); ok {
		id, set := m.UnitID()
		return id, set, nil
	}
	// Owners are looked up past the privacy filter: DenyInvisibleReferences
	// has already checked that the caller sees the parent.
	allow := privacy.DecisionContext(ctx, privacy.Allow)
	switch m := m.(type) {
	case *ent.TaskMutation:
		if id, ok := m.PlanID(); ok {
			return owned(m.Client().ReformPlan.Query().Where(reformplan.ID(id)).Select(reformplan.FieldUnitID).Int(allow))
		}
	case *ent.TrainingMutation:
		if id, ok := m.OfficialID(); ok {
			return owned(m.Client().Official.Query().Where(official.ID(id)).Select(official.FieldUnitID).Int(allow))
		}
	case *ent.DisciplinaryActionMutation:
		if id, ok := m.OfficialID(); ok {
			return owned(m.Client().Official.Query().Where(official.ID(id)).Select(official.FieldUnitID).Int(allow))
		}
	case *ent.BudgetLineMutation:
		if id, ok := m.BudgetID(); ok {
			return owned(m.Client().Budget.Query().Where(budget.ID(id)).Select(budget.FieldUnitID).Int(allow))
		}
	}
	return 0, false, nil
}

// owned passes on the unit read from a parent record.
func owned(unitID int, err error) (int, bool, error) { return unitID, err == nil, err }
