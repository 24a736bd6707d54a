package check

import (
	"context"
	"fmt"
	"slices"

	"cchc/ent"
	"cchc/ent/hook"
	"cchc/ent/report"
	"cchc/internal/apperr"
)

// reportMoves are the steps of the report workflow: the unit submits a draft
// or a returned report; the level above accepts or returns a submitted one.
var reportMoves = map[report.Status][]report.Status{
	report.StatusDRAFT:     {report.StatusSUBMITTED},
	report.StatusRETURNED:  {report.StatusSUBMITTED},
	report.StatusSUBMITTED: {report.StatusACCEPTED, report.StatusRETURNED},
}

// ReportMove returns nil when the workflow lets a report go from status from
// to status to, else a CONFLICT naming the status.
func ReportMove(from, to report.Status) error {
	if slices.Contains(reportMoves[from], to) {
		return nil
	}
	return &apperr.Error{Code: apperr.Conflict, Field: "status",
		Message: fmt.Sprintf("status: the report is %s and cannot become %s", from, to)}
}

// Frozen tells whether a report in status s is frozen: submitted or accepted,
// its narrative, period and snapshot no longer change.
func Frozen(s report.Status) bool {
	return s == report.StatusSUBMITTED || s == report.StatusACCEPTED
}

// reviewFields are what a review changes on a frozen report.
var reviewFields = []string{report.FieldStatus, "reviewed_at", "review_comment", report.FieldUpdatedAt, VersionField}

// submissionFields are set only when the report is submitted.
var submissionFields = []string{"snapshot", "submitted_at"}

// ReportWorkflow keeps reports to their workflow, whoever writes: a report is
// created as a draft; its status moves only as ReportMove allows; a submitted
// or accepted report changes only by a review (status, reviewed_at and
// review_comment), so its narrative cannot be edited (CONFLICT naming
// status) until the level above returns it; and its snapshot and submission
// time are set only together with its submission.
func ReportWorkflow() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.ReportFunc(func(ctx context.Context, m *ent.ReportMutation) (ent.Value, error) {
			var err error
			switch {
			case m.Op().Is(ent.OpCreate):
				if s, ok := m.Status(); ok && s != report.StatusDRAFT {
					err = &apperr.Error{Code: apperr.Conflict, Field: "status", Message: "status: a report is created as a DRAFT"}
				}
			case m.Op().Is(ent.OpUpdateOne):
				var old report.Status
				if old, err = m.OldStatus(ctx); err == nil {
					err = reportChange(m, old)
				}
			case m.Op().Is(ent.OpUpdate):
				err = bulkReportChange(ctx, m)
			}
			if err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// reportChange checks an update of a report stored in status old.
func reportChange(m *ent.ReportMutation, old report.Status) error {
	to, moves := m.Status()
	if moves && to != old {
		if err := ReportMove(old, to); err != nil {
			return err
		}
	}
	changed := append(m.Fields(), m.ClearedFields()...)
	if Frozen(old) {
		if !moves || to == old {
			return &apperr.Error{Code: apperr.Conflict, Field: "status",
				Message: fmt.Sprintf("status: the report is %s; it can be changed again only once the level above returns it", old)}
		}
		for _, f := range changed {
			if !slices.Contains(reviewFields, f) {
				return &apperr.Error{Code: apperr.Conflict, Field: "status",
					Message: fmt.Sprintf("status: a review of a %s report changes its status and review only, not %s", old, f)}
			}
		}
		return nil
	}
	submitting := moves && to == report.StatusSUBMITTED
	for _, f := range changed {
		if slices.Contains(submissionFields, f) && !submitting {
			return &apperr.Error{Code: apperr.Conflict, Field: "status",
				Message: fmt.Sprintf("status: %s is set only when the report is submitted", f)}
		}
	}
	return nil
}

// bulkReportChange refuses an update of many reports that touches a frozen
// one; no API makes such updates, and every status move goes one at a time.
func bulkReportChange(ctx context.Context, m *ent.ReportMutation) error {
	if _, ok := m.Status(); ok {
		return &apperr.Error{Code: apperr.Conflict, Field: "status", Message: "status: reports move through the workflow one at a time"}
	}
	ids, err := m.IDs(ctx)
	if err != nil {
		return err
	}
	frozen, err := m.Client().Report.Query().
		Where(report.IDIn(ids...), report.StatusIn(report.StatusSUBMITTED, report.StatusACCEPTED)).Exist(ctx)
	if err != nil {
		return err
	}
	if frozen {
		return &apperr.Error{Code: apperr.Conflict, Field: "status", Message: "status: a submitted or accepted report cannot be changed"}
	}
	return nil
}
