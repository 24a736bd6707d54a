package results

import (
	"fmt"
	"io"
	"strconv"

	"cchc/ent"
	"cchc/internal/scoring"
)

// Step is the step of an assessment a criterion's points come from.
type Step string

// The steps, in the order they happen.
const (
	StepSelf      Step = "SELF"      // tự chấm: the unit's own score
	StepAppraised Step = "APPRAISED" // thẩm định: the level above's score
	StepFinal     Step = "FINAL"     // phê duyệt: the province's score
)

// MarshalGQL writes the step as a GraphQL enum value.
func (s Step) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a GraphQL enum value.
func (s *Step) UnmarshalGQL(v any) error {
	switch v {
	case string(StepSelf), string(StepAppraised), string(StepFinal):
		*s = Step(v.(string))
		return nil
	}
	return fmt.Errorf("%v is not a step (SELF, APPRAISED or FINAL)", v)
}

// Effective returns the points cs counts with and the step they come from:
// the final score once set, else the appraised score, else the self score.
// It returns nil when the criterion does not apply or nothing is scored yet.
func Effective(cs *ent.CriterionScore) (*float64, Step) {
	switch {
	case cs.NotApplicable:
		return nil, ""
	case cs.FinalScore != nil:
		return cs.FinalScore, StepFinal
	case cs.AppraisedScore != nil:
		return cs.AppraisedScore, StepAppraised
	case cs.SelfScore != nil:
		return cs.SelfScore, StepSelf
	}
	return nil, ""
}

// Score maps cs onto a scoring.Score; scored is false when the criterion is
// neither scored at any step nor marked not applicable, so that it counts as
// missing.
func Score(cs *ent.CriterionScore) (s scoring.Score, scored bool) {
	s.Value = cs.ComputedValue
	if cs.Formula != nil {
		s.Formula = *cs.Formula
	}
	if cs.NotApplicable {
		s.NotApplicable = true
		return s, true
	}
	p, _ := Effective(cs)
	if p == nil {
		return s, false
	}
	s.Points = *p
	return s, true
}
