package server

import (
	"context"
	"reflect"

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
	unmarshalers := make([]graphql.InputUnmarshaler, len(scopedWhereInputs))
	for i, in := range scopedWhereInputs {
		unmarshalers[i] = in.unmarshaler(ctx)
	}
	return next(graphql.WithInputUnmarshalerIndex(ctx, graphql.NewInputUnmarshalerIndex(unmarshalers...)))
}

// scopedWhereInputs are the where inputs of every record type with the
// unmarshalers that scope them: a test fails on a where input of the schema
// missing here.
var scopedWhereInputs = []whereInput{
	scoped[ent.UnitWhereInput](),
	scoped[ent.AccountWhereInput](),
	scoped[ent.ReformPlanWhereInput](),
	scoped[ent.TaskWhereInput](),
	scoped[ent.OfficialWhereInput](),
	scoped[ent.TrainingWhereInput](),
	scoped[ent.DisciplinaryActionWhereInput](),
	scoped[ent.StaffingQuotaWhereInput](),
	scoped[ent.ProcedureWhereInput](),
	scoped[ent.ProvinceProcedureWhereInput](),
	scoped[ent.DossierWhereInput](),
	scoped[ent.FeedbackWhereInput](),
	scoped[ent.BudgetWhereInput](),
	scoped[ent.BudgetLineWhereInput](),
	scoped[ent.ReportWhereInput](),
	scoped[ent.AuditEntryWhereInput](),
	scoped[ent.ScoringFrameworkWhereInput](),
	scoped[ent.CriterionWhereInput](),
	scoped[ent.AssessmentWhereInput](),
	scoped[ent.CriterionScoreWhereInput](),
	scoped[ent.EvidenceWhereInput](),
}

// whereInput is a where input, by its GraphQL (and Go) name, and the
// unmarshaler that scopes it under a root field's context.
type whereInput struct {
	name        string
	unmarshaler func(outer context.Context) graphql.InputUnmarshaler
}

// hasWhere says whether f or a field under it has a where argument, the name
// of every argument of a …WhereInput type in the schema.
func hasWhere(f *ast.Field) bool {
	return whereSearch{}.field(f)
}

// whereSearch looks into each fragment once: a fragment spreading the next
// twice, thirty deep, would otherwise be walked 2³⁰ times.
type whereSearch map[string]bool

func (w whereSearch) field(f *ast.Field) bool {
	return f.Arguments.ForName("where") != nil || w.set(f.SelectionSet)
}

func (w whereSearch) set(set ast.SelectionSet) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if w.field(s) {
				return true
			}
		case *ast.InlineFragment:
			if w.set(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil {
				return true
			}
			if w[s.Name] {
				continue // already searched, without finding one
			}
			w[s.Name] = true
			if w.set(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}

// scoped unmarshals the where input T with the generated unmarshaler of
// the root field's context (outer), then scopes it.
func scoped[T any]() whereInput {
	name := reflect.TypeFor[T]().Name()
	return whereInput{name, func(outer context.Context) graphql.InputUnmarshaler {
		return graphql.NewInputUnmarshaler(name, func(ctx context.Context, raw any) (T, error) {
			var v T
			if err := graphql.UnmarshalNamedInputFromContext(outer, name, raw, &v); err != nil {
				return v, err
			}
			return v, rule.ScopeWhere(ctx, &v)
		})
	}}
}
