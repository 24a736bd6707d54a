package assessment

import (
	"context"
	"fmt"
	"strings"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/internal/apperr"
	"cchc/internal/check"
	"cchc/internal/framework"
	"cchc/internal/scoring"
)

// ScoreCriterion records the unit's own score of a MANUAL leaf criterion:
// points from 0 to the criterion's maximum, or notApplicable (the criterion
// leaves the maximum), with an optional note that replaces the previous one.
// Allowed to the unit's own officers while the assessment is DRAFT or
// RETURNED. INDICATOR criteria are computed, never scored by hand. version
// is the criterion score's as the caller read it (check.Version).
func (s *Service) ScoreCriterion(ctx context.Context, assessmentID, criterionID, version int, points *float64, notApplicable *bool, note *string) (*ent.CriterionScore, error) {
	c, sb, err := s.begin(ctx, "assessmentID", assessmentID, "scoreCriterion")
	if err != nil {
		return nil, err
	}
	cs, cr, err := s.leaf(ctx, c, sb, criterionID)
	if err == nil {
		err = check.Unchanged("CriterionScore", cs.ID, cs.Version, version)
	}
	if err != nil {
		return nil, err
	}
	if cr.Method == scoring.MethodIndicator {
		return nil, apperr.Input("criterionID", "criterion %s is computed from the indicator %s of %d, not scored by hand: it is recomputed when the assessment is submitted",
			cr.Code, deref(cr.Indicator), sb.fw.Year)
	}
	na := notApplicable != nil && *notApplicable
	switch {
	case na && points != nil:
		return nil, apperr.Input("notApplicable", "a criterion that does not apply takes no score: give either score or notApplicable: true")
	case !na && points == nil:
		return nil, apperr.Input("score", "give criterion %s's score (0 to %v), or notApplicable: true when it does not apply to the unit", cr.Code, cr.MaxPoints)
	case points != nil:
		if err := checkPoints("score", *points, cr); err != nil {
			return nil, err
		}
	}
	n, err := text("note", note, "")
	if err != nil {
		return nil, err
	}
	u := c.CriterionScore.UpdateOne(cs).SetVersion(version).SetNotApplicable(na).SetNillableSelfScore(points).SetNillableSelfNote(orNil(n))
	if points == nil {
		u.ClearSelfScore()
	}
	if n == "" {
		u.ClearSelfNote()
	}
	return u.Save(allow(ctx))
}

// Submit submits the unit's self-assessment to the level above: allowed to
// the unit's own officers while DRAFT or RETURNED. The INDICATOR criteria
// are computed again from the records as they are now; every MANUAL leaf
// must be scored (or not applicable), else BAD_USER_INPUT lists the codes of
// those missing in the message and in extensions.missing. version is the
// assessment's as the caller read it, as for every step on an assessment.
func (s *Service) Submit(ctx context.Context, id, version int) (*ent.Assessment, error) {
	c, sb, err := s.advance(ctx, id, version, "submitSelfAssessment")
	if err != nil {
		return nil, err
	}
	if err := s.computeIndicators(ctx, c, sb.a, sb.unit, sb.fw); err != nil {
		return nil, err
	}
	missing, err := s.missing(ctx, c, sb)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, &apperr.Error{Code: apperr.BadInput, Field: "id", Extensions: map[string]any{"missing": missing},
			Message: fmt.Sprintf("id: %s not scored yet: score each criterion (scoreCriterion), or mark it notApplicable, before submitting", codes(missing))}
	}
	return c.Assessment.UpdateOne(sb.a).SetVersion(version).SetStatus(assessment.StatusSELF_ASSESSED).
		SetSelfAssessedAt(s.now()).SetSelfAssessedBy(subjectOf(ctx)).Save(allow(ctx))
}

// missing returns the codes of the leaves of sb's framework that the unit
// has not scored (scoring.Result.Missing).
func (s *Service) missing(ctx context.Context, c *ent.Client, sb *subject) ([]string, error) {
	criteria, err := c.Criterion.Query().Where(criterion.FrameworkID(sb.fw.ID)).All(allow(ctx))
	if err != nil {
		return nil, err
	}
	stored, err := c.CriterionScore.Query().Where(criterionscore.AssessmentID(sb.a.ID)).All(allow(ctx))
	if err != nil {
		return nil, err
	}
	scores := map[int]scoring.Score{}
	for _, cs := range stored {
		switch {
		case cs.NotApplicable:
			scores[cs.CriterionID] = scoring.Score{NotApplicable: true}
		case cs.SelfScore != nil:
			scores[cs.CriterionID] = scoring.Score{Points: *cs.SelfScore}
		}
	}
	res, err := framework.Of(sb.fw.Year, criteria).Totals(scores)
	return res.Missing, err
}

// codes names criteria by their codes: "criterion 1.1 is", "criteria 1.1, 1.2 are".
func codes(cs []string) string {
	if len(cs) == 1 {
		return "criterion " + cs[0] + " is"
	}
	return "criteria " + strings.Join(cs, ", ") + " are"
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
