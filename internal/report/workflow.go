package report

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/ent/report"
	"cchc/internal/apperr"
	"cchc/internal/check"
	"cchc/internal/database"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Service builds report documents and runs the report workflow over a
// database. Inside a GraphQL mutation it uses the mutation's transaction.
type Service struct {
	Client  *ent.Client
	Dialect string // dialect.Postgres or dialect.SQLite
	now     func() time.Time
}

// New returns the service over client, whose SQL dialect is dialect.
func New(client *ent.Client, dialect string) *Service {
	return &Service{Client: client, Dialect: dialect, now: func() time.Time { return time.Now().UTC() }}
}

// client is the transaction of the request when there is one (database.Request).
func (s *Service) client(ctx context.Context) *ent.Client { return database.Request(ctx, s.Client) }

// maxComment is the longest review comment (Report.review_comment).
const maxComment = 5000

// Errors of the workflow:
//   - a report the caller cannot read: NOT_FOUND, as one that does not exist;
//   - a caller who may not make the move (another unit's officer submitting,
//     an analyst or a commune reviewing, a unit reviewing its own report):
//     FORBIDDEN;
//   - a move the report's status does not allow (submitting an accepted
//     report, accepting a draft): CONFLICT with extensions.field "status";
//   - a return without a comment, or a comment too long: BAD_USER_INPUT
//     with extensions.field "comment".

// Submit sends the report with the given ID to the level above: allowed to
// the officers who write the report's unit (its commune officers), from
// DRAFT or RETURNED. Every figure of the unit for the report's period is
// computed and frozen into the report's snapshot, with the submission time;
// a previous review is cleared. version is the report's as the caller read
// it: a report changed since is not submitted (check.Version).
func (s *Service) Submit(ctx context.Context, id, version int) (*ent.Report, error) {
	c := s.client(ctx)
	r, err := c.Report.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := rule.MayTake(viewer.FromContext(ctx), "submitReport", rule.Place{Record: "Report", Unit: r.UnitID}, string(r.Status)); err != nil {
		return nil, err
	}
	if err := check.Unchanged("Report", r.ID, r.Version, version); err != nil {
		return nil, err
	}
	tree, err := indicator.LoadTree(ctx, c)
	if err != nil {
		return nil, err
	}
	u, err := c.Unit.Get(ctx, r.UnitID)
	if err != nil {
		return nil, err
	}
	p := period.Period{Year: r.PeriodYear, Kind: r.PeriodKind, Index: r.PeriodIndex}
	// The snapshot holds every figure, whoever submits; readers are shown
	// what they may read of it.
	f, err := compute(ctx, c, s.Dialect, tree, u, p, nil)
	if err != nil {
		return nil, err
	}
	now := s.now()
	frozen, err := freeze(f, u, p, now)
	if err != nil {
		return nil, err
	}
	return c.Report.UpdateOne(r).SetVersion(version).SetStatus(report.StatusSUBMITTED).SetSnapshot(frozen).SetSubmittedAt(now).
		ClearReviewedAt().ClearReviewComment().Save(ctx)
}

// Accept accepts a submitted report, with an optional comment.
func (s *Service) Accept(ctx context.Context, id, version int, comment *string) (*ent.Report, error) {
	return s.review(ctx, "acceptReport", id, version, report.StatusACCEPTED, comment)
}

// Return returns a submitted report to its unit for changes; the comment
// says what to change and is required.
func (s *Service) Return(ctx context.Context, id, version int, comment string) (*ent.Report, error) {
	return s.review(ctx, "returnReport", id, version, report.StatusRETURNED, &comment)
}

// review decides on a submitted report (the step mutation). Reviewers do not
// write reports (rule.Records), so once rule.MayTake has allowed the caller, the update of
// status and review alone runs past the privacy rules; check.ReportWorkflow
// still refuses any other change.
func (s *Service) review(ctx context.Context, step string, id, version int, to report.Status, comment *string) (*ent.Report, error) {
	c := s.client(ctx)
	r, err := c.Report.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := rule.MayTake(viewer.FromContext(ctx), step, rule.Place{Record: "Report", Unit: r.UnitID}, string(r.Status)); err != nil {
		return nil, err
	}
	if err := check.Unchanged("Report", r.ID, r.Version, version); err != nil {
		return nil, err
	}
	text := ""
	if comment != nil {
		text = strings.TrimSpace(*comment)
	}
	switch {
	case to == report.StatusRETURNED && text == "":
		return nil, apperr.Input("comment", "is required to return a report: say what the unit should change")
	case utf8.RuneCountInString(text) > maxComment:
		return nil, apperr.Input("comment", "must be at most %d characters", maxComment)
	}
	u := c.Report.UpdateOne(r).SetVersion(version).SetStatus(to).SetReviewedAt(s.now())
	if text != "" {
		u.SetReviewComment(text)
	} else {
		u.ClearReviewComment()
	}
	return u.Save(privacy.DecisionContext(ctx, privacy.Allow))
}
