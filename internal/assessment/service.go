package assessment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/archive"
	"cchc/internal/check"
	"cchc/internal/database"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Service runs the assessment workflow over a database. Inside a GraphQL
// mutation it uses the mutation's transaction.
type Service struct {
	Client  *ent.Client
	Dialect string // dialect.Postgres or dialect.SQLite, for the indicators
	now     func() time.Time
}

// New returns the service over client, whose SQL dialect is dialect.
func New(client *ent.Client, dialect string) *Service {
	return &Service{Client: client, Dialect: dialect, now: func() time.Time { return time.Now().UTC() }}
}

// client is the transaction of the request when there is one (database.Request).
func (s *Service) client(ctx context.Context) *ent.Client { return database.Request(ctx, s.Client) }

// Errors of the workflow, as those of the report workflow:
//   - an assessment (criterion score, evidence) the caller cannot read:
//     NOT_FOUND, as one that does not exist;
//   - a caller who is not of the step's level and role (a commune appraising
//     itself, a district approving, an analyst or a scoring service doing
//     anything): FORBIDDEN;
//   - a step the assessment's status does not allow (appraising a draft,
//     any change once APPROVED): CONFLICT with extensions.field "status";
//   - a bad value: BAD_USER_INPUT naming the argument (score, reason,
//     criterionID, url …).

// maxText is the longest note or reason (CriterionScore.self_note and the
// reasons, Assessment.return_reason).
const maxText = 5000

// subject is an assessment the caller can read, with the units its steps
// are checked against.
type subject struct {
	a        *ent.Assessment
	unit     *ent.Unit // the unit assessed
	parent   *ent.Unit // the unit above it, which appraises; nil at the top
	province *ent.Unit // the framework's province, which approves
	fw       *ent.ScoringFramework
}

// begin starts the step (a mutation of rule.Steps) on the assessment id,
// given as the argument field: it reads the assessment for the caller and
// checks that the caller may make the step now.
func (s *Service) begin(ctx context.Context, field string, id int, step string) (*ent.Client, *subject, error) {
	c := s.client(ctx)
	sb, err := s.load(ctx, c, field, id)
	if err == nil {
		err = sb.check(ctx, step)
	}
	return c, sb, err
}

// advance starts a step that moves the assessment id itself (submit,
// appraise, approve, return), made against its version as the caller read it.
func (s *Service) advance(ctx context.Context, id, version int, step string) (*ent.Client, *subject, error) {
	c, sb, err := s.begin(ctx, "id", id, step)
	if err == nil {
		err = check.Unchanged("Assessment", sb.a.ID, sb.a.Version, version)
	}
	return c, sb, err
}

// load reads the assessment id for the caller, as field (the argument
// naming it): NOT_FOUND when the caller cannot read it. The units around it
// are read past the privacy rules: the assessment's visibility is what counts.
func (s *Service) load(ctx context.Context, c *ent.Client, field string, id int) (*subject, error) {
	a, err := c.Assessment.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, field, "assessment")
	}
	return s.around(ctx, c, a)
}

// around reads the units of a's steps.
func (s *Service) around(ctx context.Context, c *ent.Client, a *ent.Assessment) (*subject, error) {
	all := archive.Include(allow(ctx))
	sb := &subject{a: a}
	var err error
	if sb.unit, err = c.Unit.Get(all, a.UnitID); err != nil {
		return nil, fmt.Errorf("unit of assessment %d: %w", a.ID, err)
	}
	if p := sb.unit.ParentID; p != nil {
		if sb.parent, err = c.Unit.Get(all, *p); err != nil {
			return nil, fmt.Errorf("unit above %s: %w", sb.unit.Code, err)
		}
	}
	if sb.fw, err = c.ScoringFramework.Get(all, a.FrameworkID); err != nil {
		return nil, fmt.Errorf("framework of assessment %d: %w", a.ID, err)
	}
	if sb.province, err = c.Unit.Get(all, sb.fw.UnitID); err != nil {
		return nil, fmt.Errorf("province of framework %d: %w", sb.fw.ID, err)
	}
	return sb, nil
}

// notFound answers a record that is absent or out of the caller's scope as
// NOT_FOUND naming the argument; other errors pass.
func notFound(err error, field, what string) error {
	if ent.IsNotFound(err) {
		return &apperr.Error{Code: apperr.NotFound, Field: field, Message: fmt.Sprintf("%s: no %s has this ID", field, what)}
	}
	return err
}

// place is where the assessment sits, for the actors of its steps. A
// framework left with a unit that is not a province by older data has no
// approver (check.FrameworkProvince), so that unit does not approve its own
// scoring.
func (sb *subject) place() rule.Place {
	p := rule.Place{Record: "Assessment", Unit: sb.unit.ID, Level: string(sb.unit.Level)}
	if sb.parent != nil {
		p.Above, p.AboveLevel = sb.parent.ID, string(sb.parent.Level)
	}
	if sb.province.Level == unit.LevelPROVINCE {
		p.Province = sb.province.ID
	}
	return p
}

// describe names the officers of an actor, for messages.
func (sb *subject) describe(who rule.Actor) string {
	switch who {
	case rule.OwnOfficers:
		return fmt.Sprintf("the officers (%s) of %s", rule.OfficerRole(string(sb.unit.Level)), sb.unit.Name)
	case rule.UnitAbove:
		if sb.parent == nil {
			return "the officers of the unit above " + sb.unit.Name + ", which has none,"
		}
		return fmt.Sprintf("the officers (%s) of %s, the unit above %s", rule.OfficerRole(string(sb.parent.Level)), sb.parent.Name, sb.unit.Name)
	}
	return fmt.Sprintf("the province officers (%s) of %s", viewer.ProvinceOfficer, sb.province.Name)
}

// check refuses the caller unless it may take the step (a mutation of
// rule.Steps) now: FORBIDDEN when it is none of the step's actors, CONFLICT
// with field status when it is one but not from the assessment's status.
// The decision is rule.MayTake's; the messages name the units.
func (sb *subject) check(ctx context.Context, step string) error {
	v := viewer.FromContext(ctx)
	err := rule.MayTake(v, step, sb.place(), string(sb.a.Status))
	var e *apperr.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	switch {
	case e.Code == apperr.Conflict && sb.a.Status == assessment.StatusAPPROVED:
		e.Message = "status: the assessment is APPROVED and frozen: nothing of it changes any more"
	case e.Code == apperr.Forbidden:
		var who []string
		for _, st := range rule.StepsOf(step) {
			who = append(who, sb.describe(st.By))
		}
		e.Message = fmt.Sprintf("%s: only %s may take this step of this assessment, not a %s", step, strings.Join(who, " or "), rule.CallerName(v))
	}
	return err
}

// leaf returns the score of the criterion criterionID of sb's framework,
// with the criterion: BAD_USER_INPUT naming criterionID when the framework
// has no such criterion or it has sub-criteria. Read past the privacy rules:
// the caller has been checked.
func (s *Service) leaf(ctx context.Context, c *ent.Client, sb *subject, criterionID int) (*ent.CriterionScore, *ent.Criterion, error) {
	cr, err := c.Criterion.Query().Where(criterion.ID(criterionID), criterion.FrameworkID(sb.a.FrameworkID)).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, nil, apperr.Input("criterionID", "the assessment's framework has no criterion with ID %d", criterionID)
	}
	if err != nil {
		return nil, nil, err
	}
	cs, err := c.CriterionScore.Query().
		Where(criterionscore.AssessmentID(sb.a.ID), criterionscore.CriterionID(cr.ID)).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, nil, apperr.Input("criterionID", "criterion %s has sub-criteria, which are scored instead", cr.Code)
	}
	return cs, cr, err
}

// checkPoints refuses points outside 0 to the criterion's maximum.
func checkPoints(field string, points float64, cr *ent.Criterion) error {
	if !(points >= 0 && points <= cr.MaxPoints) {
		return apperr.Input(field, "criterion %s is worth from 0 to its maximum of %v points, not %v", cr.Code, cr.MaxPoints, points)
	}
	return nil
}

// text trims an optional text argument and checks its length; required
// refuses it blank, saying why.
func text(field string, s *string, required string) (string, error) {
	t := ""
	if s != nil {
		t = strings.TrimSpace(*s)
	}
	switch {
	case t == "" && required != "":
		return "", apperr.Input(field, "is required %s", required)
	case utf8.RuneCountInString(t) > maxText:
		return "", apperr.Input(field, "must be at most %d characters", maxText)
	}
	return t, nil
}

// orNil is nil for the empty string: an optional text cleared.
func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// allow is ctx past the privacy rules, for the writes of a checked step.
func allow(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

// subjectOf returns the account of the caller, recorded as who made a step.
func subjectOf(ctx context.Context) string {
	if v := viewer.FromContext(ctx); v != nil {
		return v.Subject
	}
	return ""
}
