package check

import (
	"context"
	"time"

	"cchc/ent"
	"cchc/ent/hook"
	"cchc/ent/task"
	"cchc/internal/apperr"
)

// FeedbackTimeline keeps a feedback's resolution not before its receipt.
func FeedbackTimeline() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.FeedbackFunc(func(ctx context.Context, m *ent.FeedbackMutation) (ent.Value, error) {
			received, err := required(ctx, m, m.ReceivedAt, m.OldReceivedAt)
			if err != nil {
				return nil, err
			}
			resolved, err := optional(ctx, m, m.ResolvedAt, m.OldResolvedAt, m.ResolvedAtCleared())
			if err != nil {
				return nil, err
			}
			if err := notBefore("resolvedAt", resolved, "receivedAt", received); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// OfficialService keeps the end of an official's service not before its start.
func OfficialService() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.OfficialFunc(func(ctx context.Context, m *ent.OfficialMutation) (ent.Value, error) {
			if err := span(ctx, m, dateField{"startedOn", m.StartedOn, m.OldStartedOn, m.StartedOnCleared()},
				dateField{"endedOn", m.EndedOn, m.OldEndedOn, m.EndedOnCleared()}); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// TrainingPeriod keeps a training's end not before its start.
func TrainingPeriod() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.TrainingFunc(func(ctx context.Context, m *ent.TrainingMutation) (ent.Value, error) {
			if err := span(ctx, m, dateField{"startedOn", m.StartedOn, m.OldStartedOn, m.StartedOnCleared()},
				dateField{"endedOn", m.EndedOn, m.OldEndedOn, m.EndedOnCleared()}); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// dateField is a nillable time field of a mutation, with its GraphQL name.
type dateField struct {
	name    string
	get     func() (time.Time, bool)
	old     func(context.Context) (*time.Time, error)
	cleared bool
}

// span fails when the mutation leaves end before start.
func span(ctx context.Context, m ent.Mutation, start, end dateField) error {
	s, err := optional(ctx, m, start.get, start.old, start.cleared)
	if err != nil {
		return err
	}
	e, err := optional(ctx, m, end.get, end.old, end.cleared)
	if err != nil {
		return err
	}
	return notBefore(end.name, e, start.name, s)
}

// TaskCompletion requires a completion date on a task marked done.
func TaskCompletion() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.TaskFunc(func(ctx context.Context, m *ent.TaskMutation) (ent.Value, error) {
			status, err := required(ctx, m, m.Status, m.OldStatus)
			if err != nil {
				return nil, err
			}
			completed, err := optional(ctx, m, m.CompletedOn, m.OldCompletedOn, m.CompletedOnCleared())
			if err != nil {
				return nil, err
			}
			if status != nil && *status == task.StatusDONE && completed == nil {
				return nil, apperr.Input("completedOn", "is required when status is DONE")
			}
			return next.Mutate(ctx, m)
		})
	}
}
