package assessment

import (
	"context"
	"slices"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterion"
	"cchc/ent/scoringframework"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/archive"
	"cchc/internal/framework"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Start starts the assessment of the unit unitID (by default the caller's)
// against the framework frameworkID: allowed to the unit's own officers
// (commune officers for a commune, district officers for a district), for a
// PUBLISHED framework of the unit's level issued by its province, once per
// unit and framework. It creates the DRAFT assessment with one score per
// leaf criterion, and computes the INDICATOR criteria from the unit's
// indicators of the framework's year.
func (s *Service) Start(ctx context.Context, frameworkID int, unitID *int) (*ent.Assessment, error) {
	c := s.client(ctx)
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Forbidden, "no authenticated caller")
	}
	id := v.UnitID
	if unitID != nil {
		id = *unitID
	}
	u, err := c.Unit.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "unitID", "unit")
	}
	if err := rule.MayTake(v, "startAssessment", rule.Place{Record: "Assessment", Unit: u.ID, Level: string(u.Level)}, ""); err != nil {
		return nil, apperr.New(apperr.Forbidden, "an assessment is started by the officers (%s) of the unit assessed, %s, not a %s of unit %s",
			rule.OfficerRole(string(u.Level)), u.Name, v.Role, v.UnitCode)
	}
	fw, err := c.ScoringFramework.Get(ctx, frameworkID)
	if err != nil {
		return nil, notFound(err, "frameworkID", "framework")
	}
	switch {
	case fw.Status != scoringframework.StatusPUBLISHED:
		return nil, apperr.Input("frameworkID", "%q is a DRAFT: units are assessed against a PUBLISHED framework", fw.Title)
	case string(fw.Level) != string(u.Level):
		return nil, apperr.Input("frameworkID", "%q scores %s units, and %s is a %s", fw.Title, fw.Level, u.Name, u.Level)
	case !slices.Contains(v.Ancestors, fw.UnitID):
		return nil, apperr.Input("frameworkID", "%q is issued by another province than %s's", fw.Title, u.Name)
	}
	// An ancestor that is not a province (a district given a framework
	// before frameworks were kept with provinces) issues none.
	issuer, err := c.Unit.Get(archive.Include(allow(ctx)), fw.UnitID)
	if err != nil {
		return nil, err
	}
	if issuer.Level != unit.LevelPROVINCE {
		return nil, apperr.Input("frameworkID", "%q is issued by %s, not by a province", fw.Title, issuer.Name)
	}
	exists, err := c.Assessment.Query().Where(assessment.UnitID(u.ID), assessment.FrameworkID(fw.ID)).Exist(allow(ctx))
	if err != nil {
		return nil, err
	}
	if exists {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "frameworkID",
			Message: "frameworkID: " + u.Name + " has already started its assessment against " + fw.Title}
	}
	criteria, err := c.Criterion.Query().Where(criterion.FrameworkID(fw.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if err := framework.Of(fw.Year, criteria).Validate(); err != nil {
		return nil, apperr.Input("frameworkID", "%q cannot be scored: %v", fw.Title, err)
	}
	a, err := c.Assessment.Create().SetUnitID(u.ID).SetFrameworkID(fw.ID).Save(allow(ctx))
	if err != nil {
		return nil, err
	}
	var scores []*ent.CriterionScoreCreate
	for _, l := range leaves(criteria) {
		scores = append(scores, c.CriterionScore.Create().SetAssessmentID(a.ID).SetCriterionID(l.ID).SetUnitID(u.ID))
	}
	if err := c.CriterionScore.CreateBulk(scores...).Exec(allow(ctx)); err != nil {
		return nil, err
	}
	if err := s.computeIndicators(ctx, c, a, u, fw); err != nil {
		return nil, err
	}
	return a, nil
}
