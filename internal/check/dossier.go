package check

import (
	"context"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/hook"
	"cchc/internal/apperr"
)

// finishedStatuses are the statuses in which processing has ended (DOMAIN.md:
// finishedAt is when a dossier was resolved, rejected, withdrawn or stopped).
var finishedStatuses = map[dossier.Status]bool{
	dossier.StatusRESOLVED: true, dossier.StatusRETURNED: true, dossier.StatusREJECTED: true,
	dossier.StatusWITHDRAWN: true, dossier.StatusSTOPPED: true,
}

// Finished tells whether processing of a dossier in status s has ended, so
// that it needs a finish time (for imports that check before they write).
func Finished(s dossier.Status) bool { return finishedStatuses[s] }

// DossierTimeline keeps a dossier's times in order (due and finished not
// before received) and its finish time in step with its status: a finished
// status needs finishedAt, an open one must not have it.
func DossierTimeline() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.DossierFunc(func(ctx context.Context, m *ent.DossierMutation) (ent.Value, error) {
			received, err := required(ctx, m, m.ReceivedAt, m.OldReceivedAt)
			if err != nil {
				return nil, err
			}
			due, err := optional(ctx, m, m.DueAt, m.OldDueAt, m.DueAtCleared())
			if err != nil {
				return nil, err
			}
			finished, err := optional(ctx, m, m.FinishedAt, m.OldFinishedAt, m.FinishedAtCleared())
			if err != nil {
				return nil, err
			}
			status, err := required(ctx, m, m.Status, m.OldStatus)
			if err != nil {
				return nil, err
			}
			if err := notBefore("dueAt", due, "receivedAt", received); err != nil {
				return nil, err
			}
			if err := notBefore("finishedAt", finished, "receivedAt", received); err != nil {
				return nil, err
			}
			if status != nil {
				switch {
				case finishedStatuses[*status] && finished == nil:
					return nil, apperr.Input("finishedAt", "is required when status is %s", *status)
				case !finishedStatuses[*status] && finished != nil:
					return nil, apperr.Input("finishedAt", "must be empty while status is %s (processing has not ended)", *status)
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}
