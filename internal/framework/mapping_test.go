package framework

import (
	"testing"
	"time"

	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

// The indicator of feedback resolved on time names the days of
// internal/indicator, which counts them.
func TestFeedbackDaysAgree(t *testing.T) {
	if scoring.FeedbackDays != indicator.FeedbackDays {
		t.Errorf("scoring.FeedbackDays = %d, indicator.FeedbackDays = %d", scoring.FeedbackDays, indicator.FeedbackDays)
	}
}

// Every figure an indicator is measured from is copied, each to its own place.
func TestFigures(t *testing.T) {
	approved, published := time.Date(2022, 12, 20, 0, 0, 0, 0, period.Location), time.Date(2023, 1, 5, 0, 0, 0, 0, period.Location)
	p := period.Period{Year: 2023, Kind: enum.PeriodYear, Index: 1}
	in := &indicator.Indicators{
		Period:   p,
		Dossiers: indicator.DossierFigures{ReceivedInPeriod: 1, Online: 2, Resolved: 3, Early: 4, OnTime: 5, Late: 6, Total: 99},
		Plans:    indicator.PlanFigures{TasksDue: 7, TasksDoneOnTime: 8, TasksDoneLate: 9, TasksOpen: 99},
		Feedback: indicator.FeedbackFigures{Received: 10, Resolved: 11, ResolvedOnTime: 12},
		Budget:   indicator.BudgetFigures{ApprovedOn: &approved, PublishedOn: &published, RevenueActual: 99},
	}
	want := scoring.Figures{
		Period:   p,
		Dossiers: scoring.DossierCounts{ReceivedInPeriod: 1, Online: 2, Resolved: 3, Early: 4, OnTime: 5, Late: 6},
		Plans:    scoring.TaskCounts{TasksDue: 7, TasksDoneOnTime: 8, TasksDoneLate: 9},
		Feedback: scoring.FeedbackCounts{Received: 10, Resolved: 11, ResolvedOnTime: 12},
		Budget:   scoring.BudgetDates{ApprovedOn: &approved, PublishedOn: &published},
	}
	if got := Figures(in); got != want {
		t.Errorf("Figures:\n got %+v\nwant %+v", got, want)
	}
}
