package rule

import (
	"context"
	"reflect"
	"strings"

	"cchc/ent/account"
	"cchc/ent/assessment"
	"cchc/ent/auditentry"
	"cchc/ent/budget"
	"cchc/ent/budgetline"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/ent/disciplinaryaction"
	"cchc/ent/dossier"
	"cchc/ent/evidence"
	"cchc/ent/feedback"
	"cchc/ent/official"
	"cchc/ent/predicate"
	"cchc/ent/reformplan"
	"cchc/ent/report"
	"cchc/ent/scoringframework"
	"cchc/ent/staffingquota"
	"cchc/ent/task"
	"cchc/ent/training"
	"cchc/ent/unit"
	"cchc/internal/viewer"
)

// readablePredicate returns, for the where input of a record type (by name),
// the predicate of the rows v may read: the rule of FilterReadable, in the
// typed form that where inputs take. Procedures need none.
func readablePredicate(v *viewer.Viewer, typ string) (any, bool) {
	scope, err := readUnits(v, typ)
	if err != nil {
		return predicate.Unit(unit.IDIn()), true // reads nothing of this type
	}
	switch typ {
	case "Unit":
		return predicate.Unit(unit.IDIn(scope...)), true
	case "Procedure":
		return nil, false
	case "Account":
		return account.UnitIDIn(scope...), true
	case "ReformPlan":
		return reformplan.UnitIDIn(scope...), true
	case "Task":
		return task.HasPlanWith(reformplan.UnitIDIn(scope...)), true
	case "Official":
		return official.UnitIDIn(scope...), true
	case "Training":
		return training.HasOfficialWith(official.UnitIDIn(scope...)), true
	case "DisciplinaryAction":
		return disciplinaryaction.HasOfficialWith(official.UnitIDIn(scope...)), true
	case "StaffingQuota":
		return staffingquota.UnitIDIn(scope...), true
	case "Dossier":
		return dossier.UnitIDIn(scope...), true
	case "Feedback":
		return feedback.UnitIDIn(scope...), true
	case "Budget":
		return budget.UnitIDIn(scope...), true
	case "BudgetLine":
		return budgetline.HasBudgetWith(budget.UnitIDIn(scope...)), true
	case "Report":
		return report.UnitIDIn(scope...), true
	case "ScoringFramework":
		return scoringframework.UnitIDIn(scope...), true
	case "Criterion":
		return criterion.HasFrameworkWith(scoringframework.UnitIDIn(scope...)), true
	case "Assessment":
		return assessment.UnitIDIn(scope...), true
	case "CriterionScore":
		return criterionscore.UnitIDIn(scope...), true
	case "Evidence":
		return evidence.UnitIDIn(scope...), true
	case "AuditEntry":
		return auditentry.Or(auditPredicates(v, scope)...), true
	}
	// A record type without a rule matches nothing.
	return predicate.Unit(unit.IDIn()), true
}

// ScopeWhere closes the hole that edge predicates open in where inputs:
// ent runs has…With and has… as subqueries that the privacy filter does not
// reach, so units(where: {hasChildrenWith: {name: "X"}}) would tell whether an
// out-of-scope unit named X exists. ScopeWhere adds the caller's read scope to
// every edge predicate of a where input (any *XWhereInput), at any depth.
func ScopeWhere(ctx context.Context, where any) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return
	}
	scopeInput(v, reflect.ValueOf(where))
}

var boolPtr = reflect.TypeOf((*bool)(nil))

func scopeInput(v *viewer.Viewer, p reflect.Value) {
	if p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return
	}
	s := p.Elem()
	for i := 0; i < s.NumField(); i++ {
		name, f := s.Type().Field(i).Name, s.Field(i)
		switch {
		case name == "Not":
			scopeInput(v, f)
		case name == "Or" || name == "And":
			for j := 0; j < f.Len(); j++ {
				scopeInput(v, f.Index(j))
			}
		case strings.HasPrefix(name, "Has") && strings.HasSuffix(name, "With"):
			for j := 0; j < f.Len(); j++ {
				scopeInput(v, f.Index(j))
				restrict(v, f.Index(j))
			}
		case strings.HasPrefix(name, "Has") && f.Type() == boolPtr && !f.IsNil():
			// has…: true/false becomes has…With a readable row, or its negation.
			with := s.FieldByName(name + "With")
			neighbour := reflect.New(with.Type().Elem().Elem())
			restrict(v, neighbour)
			cond := reflect.New(s.Type())
			cond.Elem().FieldByName(name + "With").Set(reflect.Append(reflect.MakeSlice(with.Type(), 0, 1), neighbour))
			if !f.Elem().Bool() {
				not := reflect.New(s.Type())
				not.Elem().FieldByName("Not").Set(cond)
				cond = not
			}
			and := s.FieldByName("And")
			and.Set(reflect.Append(and, cond))
			f.Set(reflect.Zero(f.Type()))
		}
	}
}

// restrict adds the read scope of its record type to a where input.
func restrict(v *viewer.Viewer, in reflect.Value) {
	pred, ok := readablePredicate(v, recordType(in.Interface(), "WhereInput"))
	if !ok {
		return
	}
	add := in.MethodByName("AddPredicates")
	p := reflect.ValueOf(pred).Convert(add.Type().In(0).Elem())
	add.Call([]reflect.Value{p})
}
