package assessment

import (
	"context"
	"slices"

	"cchc/ent"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/internal/enum"
	"cchc/internal/framework"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

// yearOf is the period whose indicators score a framework of year.
func yearOf(year int) period.Period {
	return period.Period{Year: year, Kind: enum.PeriodYear, Index: 1}
}

// leaves returns the criteria without sub-criteria: those scored.
func leaves(criteria []*ent.Criterion) []*ent.Criterion {
	parents := map[int]bool{}
	for _, c := range criteria {
		if c.ParentID != nil {
			parents[*c.ParentID] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(criteria), func(c *ent.Criterion) bool { return parents[c.ID] })
}

// computeIndicators scores the INDICATOR criteria of the assessment a of
// unit u from u's indicators of the framework's year and stores the points,
// value and formula (or, without a value, not applicable). The indicators
// are queried with the caller's context: the unit's own officers read them.
func (s *Service) computeIndicators(ctx context.Context, c *ent.Client, a *ent.Assessment, u *ent.Unit, fw *ent.ScoringFramework) error {
	criteria, err := c.Criterion.Query().Where(criterion.FrameworkID(fw.ID)).All(allow(ctx))
	if err != nil {
		return err
	}
	engine := &indicator.Engine{Client: c, Dialect: s.Dialect}
	ins, err := engine.Query(ctx, yearOf(fw.Year), indicator.Selection{Units: []string{u.Code}})
	if err != nil {
		return err
	}
	scores, err := framework.Of(fw.Year, criteria).ScoreIndicators(framework.Figures(ins[0]))
	if err != nil {
		return err
	}
	stored, err := c.CriterionScore.Query().
		Where(criterionscore.AssessmentID(a.ID), criterionscore.CriterionIDIn(keys(scores)...)).All(allow(ctx))
	if err != nil {
		return err
	}
	for _, cs := range stored {
		sc := scores[cs.CriterionID]
		if unchanged(cs, sc) {
			continue // no empty entry in the audit trail
		}
		u := c.CriterionScore.UpdateOne(cs).SetNotApplicable(sc.NotApplicable).SetFormula(sc.Formula).
			SetNillableComputedValue(sc.Value)
		if sc.Value == nil {
			u.ClearComputedValue()
		}
		if sc.NotApplicable {
			u.ClearSelfScore()
		} else {
			u.SetSelfScore(sc.Points)
		}
		if err := u.Exec(allow(ctx)); err != nil {
			return err
		}
	}
	return nil
}

// unchanged tells whether cs already holds the computed score sc.
func unchanged(cs *ent.CriterionScore, sc scoring.Score) bool {
	same := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	points := &sc.Points
	if sc.NotApplicable {
		points = nil
	}
	return cs.NotApplicable == sc.NotApplicable && cs.Formula != nil && *cs.Formula == sc.Formula &&
		same(cs.ComputedValue, sc.Value) && same(cs.SelfScore, points)
}

func keys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
