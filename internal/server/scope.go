package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"cchc/ent"
	"cchc/internal/rule"
)

// scopeWhereArguments narrows the edge predicates of a field's where argument
// to the caller's read scope, and guards its filters on restricted fields,
// before the field resolves (see rule.ScopeWhere). No restricted field is
// offered to order by (rule's TestRestrictedFieldsAreNotOrderedOrGrouped).
func scopeWhereArguments(ctx context.Context, next graphql.Resolver) (any, error) {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Args != nil {
		if where, ok := fc.Args["where"]; ok {
			if err := rule.ScopeWhere(ctx, where); err != nil {
				return nil, err
			}
		}
	}
	return next(ctx)
}

// scopeEagerWhere does the same for nested edges that entgql loads eagerly:
// it reads their where arguments from the operation itself, through the
// context's input unmarshalers, so under each root field those unmarshalers
// are replaced by ones that scope what they return.
func scopeEagerWhere(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if fc := graphql.GetRootFieldContext(ctx); fc != nil && fc.Field.Field != nil && !hasWhere(fc.Field.Field) {
		return next(ctx) // nothing to scope: the index costs a map and a closure per type
	}
	return next(graphql.WithInputUnmarshalerIndex(ctx, graphql.NewInputUnmarshalerIndex(
		scopedWhere[ent.UnitWhereInput](ctx, "UnitWhereInput"),
		scopedWhere[ent.ReformPlanWhereInput](ctx, "ReformPlanWhereInput"),
		scopedWhere[ent.TaskWhereInput](ctx, "TaskWhereInput"),
		scopedWhere[ent.OfficialWhereInput](ctx, "OfficialWhereInput"),
		scopedWhere[ent.TrainingWhereInput](ctx, "TrainingWhereInput"),
		scopedWhere[ent.DisciplinaryActionWhereInput](ctx, "DisciplinaryActionWhereInput"),
		scopedWhere[ent.StaffingQuotaWhereInput](ctx, "StaffingQuotaWhereInput"),
		scopedWhere[ent.ProcedureWhereInput](ctx, "ProcedureWhereInput"),
		scopedWhere[ent.ProvinceProcedureWhereInput](ctx, "ProvinceProcedureWhereInput"),
		scopedWhere[ent.DossierWhereInput](ctx, "DossierWhereInput"),
		scopedWhere[ent.FeedbackWhereInput](ctx, "FeedbackWhereInput"),
		scopedWhere[ent.BudgetWhereInput](ctx, "BudgetWhereInput"),
		scopedWhere[ent.BudgetLineWhereInput](ctx, "BudgetLineWhereInput"),
		scopedWhere[ent.ReportWhereInput](ctx, "ReportWhereInput"),
		scopedWhere[ent.AuditEntryWhereInput](ctx, "AuditEntryWhereInput"),
		scopedWhere[ent.ScoringFrameworkWhereInput](ctx, "ScoringFrameworkWhereInput"),
		scopedWhere[ent.CriterionWhereInput](ctx, "CriterionWhereInput"),
		scopedWhere[ent.AssessmentWhereInput](ctx, "AssessmentWhereInput"),
		scopedWhere[ent.CriterionScoreWhereInput](ctx, "CriterionScoreWhereInput"),
		scopedWhere[ent.EvidenceWhereInput](ctx, "EvidenceWhereInput"),
	)))
}

// hasWhere says whether f or a field under it has a where argument, the name
// of every argument of a …WhereInput type in the schema.
func hasWhere(f *ast.Field) bool {
	return f.Arguments.ForName("where") != nil || setHasWhere(f.SelectionSet)
}

func setHasWhere(set ast.SelectionSet) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if hasWhere(s) {
				return true
			}
		case *ast.InlineFragment:
			if setHasWhere(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || setHasWhere(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}

// scopedWhere unmarshals the where input name with the generated unmarshaler
// of outer, then scopes it.
func scopedWhere[T any](outer context.Context, name string) graphql.InputUnmarshaler {
	return graphql.NewInputUnmarshaler(name, func(ctx context.Context, raw any) (T, error) {
		var v T
		if err := graphql.UnmarshalNamedInputFromContext(outer, name, raw, &v); err != nil {
			return v, err
		}
		return v, rule.ScopeWhere(ctx, &v)
	})
}
