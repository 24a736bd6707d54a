package rule

import (
	"context"

	"entgo.io/ent/entql"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/ent/reformplan"
	"cchc/internal/viewer"
)

// FilterReadable narrows every query to the records of the caller's scope:
// records of its unit and the units under it; units themselves also above it,
// so a commune sees its district and province by name. The procedure
// catalogue is national and read by everyone.
func FilterReadable() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if _, ok := f.(*ent.UnitFilter); ok {
			f.Where(in("id", v.Visible()))
			return privacy.Skip
		}
		if _, ok := f.(*ent.ProcedureFilter); ok {
			return privacy.Skip
		}
		return filterByOwner(f, v.Scope)
	})
}

// FilterWritable narrows updates and deletes to the rows the caller may change.
func FilterWritable() privacy.MutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		switch f := f.(type) {
		case *ent.UnitFilter, *ent.ProcedureFilter:
			// Units and the procedure catalogue are managed by the province.
			if v.Role != viewer.ProvinceOfficer {
				return forbidden("only a province officer manages units and procedures")
			}
			if f, ok := f.(*ent.UnitFilter); ok {
				f.Where(in("id", v.Scope))
			}
			return privacy.Skip
		}
		return filterByOwner(f, v.Writable())
	})
}

// filterByOwner keeps the rows owned by one of units, directly (unit_id) or
// through the record they belong to (a task through its plan).
func filterByOwner(f privacy.Filter, units []int) error {
	switch f := f.(type) {
	case *ent.TaskFilter:
		f.WhereHasPlanWith(reformplan.UnitIDIn(units...))
	case *ent.TrainingFilter:
		f.WhereHasOfficialWith(official.UnitIDIn(units...))
	case *ent.DisciplinaryActionFilter:
		f.WhereHasOfficialWith(official.UnitIDIn(units...))
	case *ent.BudgetLineFilter:
		f.WhereHasBudgetWith(budget.UnitIDIn(units...))
	case interface{ WhereUnitID(entql.IntP) }:
		f.(privacy.Filter).Where(in("unit_id", units))
	default:
		// A record type added without an ownership rule is refused, not shown.
		return forbidden("no access rule for %T", f)
	}
	return privacy.Skip
}

// in is the predicate field IN (ids…).
func in(field string, ids []int) entql.P {
	vs := make([]any, len(ids))
	for i, id := range ids {
		vs[i] = id
	}
	return entql.FieldIn(field, vs...)
}
