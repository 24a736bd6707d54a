package assessment

import (
	"context"
	"fmt"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterionscore"
	"cchc/internal/apperr"
	"cchc/internal/check"
	"cchc/internal/scoring"
)

// Appraise records the appraised score (điểm thẩm định) of a leaf
// criterion: allowed to the officers of the unit above the assessed unit
// (the district for a commune, the province for a district) while the
// assessment is SELF_ASSESSED. The score is from 0 to the criterion's
// maximum; a reason is required when it differs from the self score.
// Appraising it again replaces the score and reason. version is the
// criterion score's as the caller read it, as for every step on a score.
func (s *Service) Appraise(ctx context.Context, assessmentID, criterionID, version int, points float64, reason *string) (*ent.CriterionScore, error) {
	c, cs, err := s.rescore(ctx, assessmentID, criterionID, version, points, "appraiseCriterion")
	if err != nil {
		return nil, err
	}
	required := ""
	if self := deref(cs.SelfScore); cs.SelfScore == nil || scoring.Round2(self) != scoring.Round2(points) {
		required = fmt.Sprintf("when the appraised score %v differs from the self score %v: say why", points, self)
	}
	r, err := text("reason", reason, required)
	if err != nil {
		return nil, err
	}
	u := c.CriterionScore.UpdateOne(cs).SetVersion(version).SetAppraisedScore(points).SetNillableAppraisalReason(orNil(r))
	if r == "" {
		u.ClearAppraisalReason()
	}
	return u.Save(allow(ctx))
}

// CompleteAppraisal completes the appraisal: allowed to the appraisers
// while SELF_ASSESSED. Criteria not appraised keep the self score as their
// appraised score; the assessment becomes APPRAISED, with who and when.
func (s *Service) CompleteAppraisal(ctx context.Context, id, version int) (*ent.Assessment, error) {
	c, sb, err := s.advance(ctx, id, version, "completeAppraisal")
	if err != nil {
		return nil, err
	}
	err = s.carryOver(ctx, c, sb, func(cs *ent.CriterionScore) (*float64, *float64) { return cs.SelfScore, cs.AppraisedScore },
		(*ent.CriterionScoreUpdateOne).SetAppraisedScore)
	if err != nil {
		return nil, err
	}
	return c.Assessment.UpdateOne(sb.a).SetVersion(version).SetStatus(assessment.StatusAPPRAISED).
		SetAppraisedAt(s.now()).SetAppraisedBy(subjectOf(ctx)).Save(allow(ctx))
}

// SetFinalScore records the province's final score (điểm cuối cùng) of a
// leaf criterion, with the reason for it: allowed to the province officers
// of the framework's province while APPRAISED.
func (s *Service) SetFinalScore(ctx context.Context, assessmentID, criterionID, version int, points float64, reason string) (*ent.CriterionScore, error) {
	c, cs, err := s.rescore(ctx, assessmentID, criterionID, version, points, "setFinalScore")
	if err != nil {
		return nil, err
	}
	r, err := text("reason", &reason, "to set a final score: say why it differs from the appraisal")
	if err != nil {
		return nil, err
	}
	return c.CriterionScore.UpdateOne(cs).SetVersion(version).SetFinalScore(points).SetFinalReason(r).Save(allow(ctx))
}

// Approve approves the assessment: allowed to the province officers of the
// framework's province while APPRAISED. Each criterion's final score is the
// one the province set, else the appraised one; the assessment becomes
// APPROVED, with who and when, and is frozen.
func (s *Service) Approve(ctx context.Context, id, version int) (*ent.Assessment, error) {
	c, sb, err := s.advance(ctx, id, version, "approveAssessment")
	if err != nil {
		return nil, err
	}
	err = s.carryOver(ctx, c, sb, func(cs *ent.CriterionScore) (*float64, *float64) { return cs.AppraisedScore, cs.FinalScore },
		(*ent.CriterionScoreUpdateOne).SetFinalScore)
	if err != nil {
		return nil, err
	}
	return c.Assessment.UpdateOne(sb.a).SetVersion(version).SetStatus(assessment.StatusAPPROVED).
		SetApprovedAt(s.now()).SetApprovedBy(subjectOf(ctx)).Save(allow(ctx))
}

// Return returns the assessment to its unit for rework, with the reason:
// allowed to the appraisers while SELF_ASSESSED and to the province officers
// of the framework's province while APPRAISED. The appraisal and the final
// scores are cleared; the unit scores again and submits anew.
func (s *Service) Return(ctx context.Context, id, version int, reason string) (*ent.Assessment, error) {
	c, sb, err := s.advance(ctx, id, version, "returnAssessment")
	if err != nil {
		return nil, err
	}
	r, err := text("reason", &reason, "to return an assessment: say what the unit should change")
	if err != nil {
		return nil, err
	}
	err = s.eachScore(ctx, c, sb, func(cs *ent.CriterionScore) *ent.CriterionScoreUpdateOne {
		if cs.AppraisedScore == nil && cs.AppraisalReason == nil && cs.FinalScore == nil && cs.FinalReason == nil {
			return nil
		}
		return c.CriterionScore.UpdateOne(cs).ClearAppraisedScore().ClearAppraisalReason().ClearFinalScore().ClearFinalReason()
	})
	if err != nil {
		return nil, err
	}
	return c.Assessment.UpdateOne(sb.a).SetVersion(version).SetStatus(assessment.StatusRETURNED).ClearAppraisedAt().ClearAppraisedBy().
		SetReturnedAt(s.now()).SetReturnedBy(subjectOf(ctx)).SetReturnReason(r).Save(allow(ctx))
}

// rescore starts a step of the levels above the unit, which change the
// scores the unit gave: the criterion's score, once the caller may make the
// step now, the criterion applies and the new points are within its maximum.
// A criterion the unit marked not applicable (or an indicator without a
// value) has no score to change, and is put right by returning the
// assessment. version is the score's as the caller read it.
func (s *Service) rescore(ctx context.Context, assessmentID, criterionID, version int, points float64, step string) (*ent.Client, *ent.CriterionScore, error) {
	c, sb, err := s.begin(ctx, "assessmentID", assessmentID, step)
	if err != nil {
		return nil, nil, err
	}
	cs, cr, err := s.leaf(ctx, c, sb, criterionID)
	switch {
	case err != nil:
		return nil, nil, err
	case cs.NotApplicable:
		return nil, nil, apperr.Input("criterionID", "criterion %s does not apply to %s, so it has no score to change: return the assessment if it does apply", cr.Code, sb.unit.Name)
	}
	if err := check.Unchanged("CriterionScore", cs.ID, cs.Version, version); err != nil {
		return nil, nil, err
	}
	return c, cs, checkPoints("score", points, cr)
}

// carryOver gives each score that applies and has no score of this step
// (to) the score of the step before (from), with set.
func (s *Service) carryOver(ctx context.Context, c *ent.Client, sb *subject, scores func(*ent.CriterionScore) (from, to *float64),
	set func(*ent.CriterionScoreUpdateOne, float64) *ent.CriterionScoreUpdateOne) error {
	return s.eachScore(ctx, c, sb, func(cs *ent.CriterionScore) *ent.CriterionScoreUpdateOne {
		from, to := scores(cs)
		if cs.NotApplicable || to != nil || from == nil {
			return nil
		}
		return set(c.CriterionScore.UpdateOne(cs), *from)
	})
}

// eachScore applies the update change returns for each score of sb's
// assessment, one at a time as the audit trail requires; nil skips a score.
func (s *Service) eachScore(ctx context.Context, c *ent.Client, sb *subject, change func(*ent.CriterionScore) *ent.CriterionScoreUpdateOne) error {
	stored, err := c.CriterionScore.Query().Where(criterionscore.AssessmentID(sb.a.ID)).All(allow(ctx))
	if err != nil {
		return err
	}
	for _, cs := range stored {
		if u := change(cs); u != nil {
			if err := u.Exec(allow(ctx)); err != nil {
				return err
			}
		}
	}
	return nil
}
