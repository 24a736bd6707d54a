package results_test

import (
	"testing"

	"cchc/ent"
	"cchc/internal/results"
)

func TestEffective(t *testing.T) {
	p := func(v float64) *float64 { return &v }
	formula := "tỷ lệ trực tuyến 1/2 = 50,00% ≥ 50% → 2,00/2,00 điểm"
	for _, c := range []struct {
		name   string
		score  ent.CriterionScore
		points *float64
		step   results.Step
		scored bool
	}{
		{"nothing yet", ent.CriterionScore{SelfNote: &formula}, nil, "", false},
		{"self", ent.CriterionScore{SelfScore: p(7)}, p(7), results.StepSelf, true},
		{"appraised over self", ent.CriterionScore{SelfScore: p(7), AppraisedScore: p(6)}, p(6), results.StepAppraised, true},
		{"final over both", ent.CriterionScore{SelfScore: p(7), AppraisedScore: p(6), FinalScore: p(6.5)}, p(6.5), results.StepFinal, true},
		{"final over self", ent.CriterionScore{SelfScore: p(7), FinalScore: p(0)}, p(0), results.StepFinal, true},
		{"not applicable over any score", ent.CriterionScore{NotApplicable: true, SelfScore: p(7)}, nil, "", true},
	} {
		points, step := results.Effective(&c.score)
		if (points == nil) != (c.points == nil) || points != nil && *points != *c.points || step != c.step {
			t.Errorf("%s: %v %q, want %v %q", c.name, points, step, c.points, c.step)
		}
		s, scored := results.Score(&c.score)
		if scored != c.scored || s.NotApplicable != c.score.NotApplicable || c.points != nil && s.Points != *c.points {
			t.Errorf("%s: score %+v %v", c.name, s, scored)
		}
		if c.score.NotApplicable && s.Points != 0 {
			t.Errorf("%s: a criterion that does not apply has no points, got %v", c.name, s.Points)
		}
	}
	s, _ := results.Score(&ent.CriterionScore{SelfScore: p(2), ComputedValue: p(0.5), Formula: &formula})
	if s.Formula != formula || *s.Value != 0.5 {
		t.Errorf("an INDICATOR score keeps its value and formula: %+v", s)
	}
}
