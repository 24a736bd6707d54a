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

// DenyUnwritableRow answers FORBIDDEN to an update of a record the caller can
// read but may not change (a district officer editing a commune's dossier).
// A record the caller cannot read is left to FilterWritable, which answers
// NOT_FOUND, exactly as for a record that does not exist.
func DenyUnwritableRow() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpUpdateOne) || m.Type() == "Procedure" {
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

// parentFields names, for records owned through another record, the field
// that points to it.
var parentFields = map[string]string{
	"Task": "plan_id", "Training": "official_id", "DisciplinaryAction": "official_id", "BudgetLine": "budget_id",
}

// storedOwner returns the unit that owns the stored row m updates. The row is
// read with the caller's context, so a row the caller cannot read is an error.
func storedOwner(ctx context.Context, m ent.Mutation) (int, error) {
	if m.Type() == "Unit" {
		id, _ := m.(interface{ ID() (int, bool) }).ID()
		_, err := m.OldField(ctx, "code")
		return id, err
	}
	field, ok := parentFields[m.Type()]
	if !ok {
		field = "unit_id"
	}
	v, err := m.OldField(ctx, field)
	if err != nil {
		return 0, err
	}
	id := v.(int)
	if !ok {
		return id, nil
	}
	c := m.(mutation).Client()
	allow := privacy.DecisionContext(ctx, privacy.Allow) // the child is readable, so is its parent's unit
	switch field {
	case "plan_id":
		return c.ReformPlan.Query().Where(reformplan.ID(id)).Select(reformplan.FieldUnitID).Int(allow)
	case "official_id":
		return c.Official.Query().Where(official.ID(id)).Select(official.FieldUnitID).Int(allow)
	default:
		return c.Budget.Query().Where(budget.ID(id)).Select(budget.FieldUnitID).Int(allow)
	}
}
