package rule

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"entgo.io/ent/entql"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/ent/reformplan"
	"cchc/ent/scoringframework"
	"cchc/internal/viewer"
)

// recordType names the record type of a generated ent value by its Go type:
// *ent.DossierFilter, *ent.DossierWhereInput … → "Dossier".
func recordType(v any, suffix string) string {
	return strings.TrimSuffix(reflect.TypeOf(v).Elem().Name(), suffix)
}

// FilterReadable narrows every query to the records the caller's role may
// read (see Access): those of its own unit, or of its unit and every unit under it.
func FilterReadable() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		typ := recordType(f, "Filter")
		units, err := readUnits(v, typ)
		if err != nil {
			return err
		}
		if f, ok := f.(*ent.AuditEntryFilter); ok {
			f.Where(auditFilter(v, units))
			return privacy.Skip
		}
		return filterByOwner(f, typ, units)
	})
}

// DenyIfNoWrite refuses at once a write of a record type the caller's role does not write.
func DenyIfNoWrite() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if _, err := writeUnits(viewer.FromContext(ctx), m.Type()); err != nil {
			return err
		}
		return privacy.Skip
	})
}

// FilterWritable narrows updates to the rows the caller may change.
func FilterWritable() privacy.MutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		typ := recordType(f, "Filter")
		units, err := writeUnits(viewer.FromContext(ctx), typ)
		if err != nil {
			return err
		}
		return filterByOwner(f, typ, units)
	})
}

// filterByOwner keeps the rows owned by one of units: directly (unit_id),
// through the record they belong to (a task through its plan), or, for units,
// by their own ID. The procedure catalogue is national: it has no owner.
func filterByOwner(f privacy.Filter, typ string, units []int) error {
	switch f := f.(type) {
	case *ent.UnitFilter:
		f.Where(in("id", units))
	case *ent.ProcedureFilter:
	case *ent.TaskFilter:
		f.WhereHasPlanWith(reformplan.UnitIDIn(units...))
	case *ent.TrainingFilter:
		f.WhereHasOfficialWith(official.UnitIDIn(units...))
	case *ent.DisciplinaryActionFilter:
		f.WhereHasOfficialWith(official.UnitIDIn(units...))
	case *ent.BudgetLineFilter:
		f.WhereHasBudgetWith(budget.UnitIDIn(units...))
	case *ent.CriterionFilter:
		f.WhereHasFrameworkWith(scoringframework.UnitIDIn(units...))
	case interface{ WhereUnitID(entql.IntP) }:
		f.(privacy.Filter).Where(in("unit_id", units))
	default:
		// A record type added without an ownership rule is refused, not shown.
		return forbidden("no access rule for %s", typ)
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

// canWrite tells whether v may place a record of type typ under unit.
func canWrite(v *viewer.Viewer, typ string, unit int) bool {
	units, err := writeUnits(v, typ)
	return err == nil && slices.Contains(units, unit)
}
