package rule

import (
	"context"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/ent/reformplan"
	"cchc/ent/scoringframework"
	"cchc/internal/archive"
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

// parentFields names, for records owned through another record, the field
// that points to it.
var parentFields = map[string]string{
	"Task": "plan_id", "Training": "official_id", "DisciplinaryAction": "official_id", "BudgetLine": "budget_id",
	"Criterion": "framework_id",
}

// ownerField is the field of a record of type typ that leads to the unit
// owning it: unit_id, or the field pointing to the record it belongs to.
func ownerField(typ string) string {
	if f, ok := parentFields[typ]; ok {
		return f
	}
	return "unit_id"
}

// unitOf returns the unit that id, a value of the owner field, leads to.
// Parents are read past the privacy filter: whether the caller sees them is
// checked elsewhere (DenyInvisibleReferences, or reading the child itself);
// and archived ones too: a task still belongs to its archived plan's unit.
func unitOf(ctx context.Context, m ent.Mutation, field string, id int) (int, error) {
	if field == "unit_id" {
		return id, nil
	}
	c := m.(mutation).Client() // a client of its own each time: not for unit_id
	allow := archive.Include(privacy.DecisionContext(ctx, privacy.Allow))
	switch field {
	case "plan_id":
		return c.ReformPlan.Query().Where(reformplan.ID(id)).Select(reformplan.FieldUnitID).Int(allow)
	case "official_id":
		return c.Official.Query().Where(official.ID(id)).Select(official.FieldUnitID).Int(allow)
	case "budget_id":
		return c.Budget.Query().Where(budget.ID(id)).Select(budget.FieldUnitID).Int(allow)
	case "framework_id":
		return c.ScoringFramework.Query().Where(scoringframework.ID(id)).Select(scoringframework.FieldUnitID).Int(allow)
	}
	return id, nil
}

// newOwner returns the unit that will own the record after m, when m sets it:
// directly (unit_id) or through the record it belongs to (a task's plan).
func newOwner(ctx context.Context, m ent.Mutation) (unitID int, set bool, err error) {
	field := ownerField(m.Type())
	v, set := m.Field(field)
	if !set {
		return 0, false, nil
	}
	unitID, err = unitOf(ctx, m, field, v.(int))
	return unitID, err == nil, err
}

// storedOwner returns the unit that owns the stored row m updates. The row is
// read with the caller's context, so a row the caller cannot read is an error.
func storedOwner(ctx context.Context, m ent.Mutation) (int, error) {
	if m.Type() == "Unit" {
		id, _ := m.(interface{ ID() (int, bool) }).ID()
		_, err := m.OldField(ctx, "code")
		return id, err
	}
	field := ownerField(m.Type())
	v, err := m.OldField(ctx, field)
	if err != nil {
		return 0, err
	}
	return unitOf(ctx, m, field, v.(int))
}

// Owner returns the unit that owns the record of m once m is applied: the one
// m sets, directly or through the record it belongs to, else on an update the
// stored one, which must be read before the update is made. A unit owns
// itself, known once it is saved; the national procedure catalogue has no
// owner. known is false when there is none (yet).
func Owner(ctx context.Context, m ent.Mutation) (unitID int, known bool, err error) {
	switch m.Type() {
	case "Procedure":
		return 0, false, nil
	case "Unit":
		unitID, known = m.(interface{ ID() (int, bool) }).ID()
		return unitID, known, nil
	}
	if unitID, known, err = newOwner(ctx, m); err != nil || known || !m.Op().Is(ent.OpUpdateOne) {
		return unitID, known, err
	}
	unitID, err = storedOwner(ctx, m)
	return unitID, err == nil, err
}
