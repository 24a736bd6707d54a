package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"cchc/ent"
	"cchc/internal/results"
)

// PerRootField is the gqlgen handler extension that gives each root field
// of an operation, with everything under it, its own cache of what the
// resolvers load (results.WithCache): the results of a page of assessments
// are loaded once for the page, and a mutation's results, loaded after it
// wrote, never come from before it (the fields of a mutation run one after
// the other).
type PerRootField struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.RootFieldInterceptor
} = PerRootField{}

// ExtensionName names the extension for gqlgen.
func (PerRootField) ExtensionName() string { return "PerRootField" }

// Validate accepts any schema.
func (PerRootField) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptRootField resolves the root field with a fresh cache.
func (PerRootField) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	return next(results.WithCache(ctx))
}

// siblings returns the records listed beside obj in the list the resolver
// in ctx works through (a page of a connection, or the records of an edge),
// so that a field computed per record can load what the whole list needs
// at once: gqlgen resolves the records of a list one by one, in parallel.
// It walks up the resolved fields to the nearest one whose value of means
// a list, and returns that list when it holds obj, else nil.
func siblings[T comparable](ctx context.Context, obj T, of func(any) []T) []T {
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if list := of(fc.Result); list != nil {
			if slices.Contains(list, obj) {
				return list
			}
			return nil
		}
	}
	return nil
}

// assessmentsOf returns the assessments a resolved value lists, if any:
// a list of assessments, or the assessments loaded with a list of scores.
func assessmentsOf(v any) []*ent.Assessment {
	switch v := v.(type) {
	case []*ent.Assessment:
		return v
	case *ent.AssessmentConnection:
		if v != nil {
			return assessmentsOf(v.Edges)
		}
	case []*ent.AssessmentEdge:
		out := make([]*ent.Assessment, len(v))
		for i, e := range v {
			out[i] = e.Node
		}
		return out
	case *ent.CriterionScoreConnection, []*ent.CriterionScoreEdge, []*ent.CriterionScore:
		var out []*ent.Assessment
		for _, s := range criterionScoresOf(v) {
			if a := s.Edges.Assessment; a != nil {
				out = append(out, a)
			}
		}
		return out
	}
	return nil
}

// criterionScoresOf returns the criterion scores a resolved value lists, if any.
func criterionScoresOf(v any) []*ent.CriterionScore {
	switch v := v.(type) {
	case []*ent.CriterionScore:
		return v
	case *ent.CriterionScoreConnection:
		if v != nil {
			return criterionScoresOf(v.Edges)
		}
	case []*ent.CriterionScoreEdge:
		out := make([]*ent.CriterionScore, len(v))
		for i, e := range v {
			out[i] = e.Node
		}
		return out
	}
	return nil
}
