package check

import (
	"testing"

	"cchc/ent/report"
	"cchc/internal/apperr"
)

// TestReportMoves: the workflow's moves, and CONFLICT naming status for any other.
func TestReportMoves(t *testing.T) {
	statuses := []report.Status{report.StatusDRAFT, report.StatusSUBMITTED, report.StatusACCEPTED, report.StatusRETURNED}
	allowed := map[[2]report.Status]bool{
		{report.StatusDRAFT, report.StatusSUBMITTED}:    true,
		{report.StatusRETURNED, report.StatusSUBMITTED}: true,
		{report.StatusSUBMITTED, report.StatusACCEPTED}: true,
		{report.StatusSUBMITTED, report.StatusRETURNED}: true,
	}
	for _, from := range statuses {
		for _, to := range statuses {
			err := ReportMove(from, to)
			if allowed[[2]report.Status{from, to}] {
				if err != nil {
					t.Errorf("%s → %s: %v", from, to, err)
				}
				continue
			}
			if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || e.Field != "status" {
				t.Errorf("%s → %s: %v, want CONFLICT on status", from, to, err)
			}
		}
	}
	for s, want := range map[report.Status]bool{report.StatusDRAFT: false, report.StatusSUBMITTED: true, report.StatusACCEPTED: true, report.StatusRETURNED: false} {
		if Frozen(s) != want {
			t.Errorf("Frozen(%s) = %v", s, !want)
		}
	}
}
