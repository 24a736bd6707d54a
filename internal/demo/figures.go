package demo

import (
	"cchc/ent"
	"cchc/internal/indicator"
	"cchc/internal/scoring"
)

// scoringFigures maps a unit's indicators onto the figures the reform index
// is scored from, and criterionOf a stored criterion onto the scoring view.
//
// The assessment workflow needs the same two mappings; until the two are
// folded into one place, they must stay field for field alike, since the
// demonstration's computed scores stand for what the workflow computes.
func scoringFigures(in *indicator.Indicators) scoring.Figures {
	d, p, f, b := in.Dossiers, in.Plans, in.Feedback, in.Budget
	return scoring.Figures{
		Period: in.Period,
		Dossiers: scoring.DossierCounts{
			ReceivedInPeriod: d.ReceivedInPeriod, Online: d.Online,
			Resolved: d.Resolved, Early: d.Early, OnTime: d.OnTime, Late: d.Late,
		},
		Plans:    scoring.TaskCounts{TasksDue: p.TasksDue, TasksDoneOnTime: p.TasksDoneOnTime, TasksDoneLate: p.TasksDoneLate},
		Feedback: scoring.FeedbackCounts{Received: f.Received, Resolved: f.Resolved, ResolvedOnTime: f.ResolvedOnTime},
		Budget:   scoring.BudgetDates{ApprovedOn: b.ApprovedOn, PublishedOn: b.PublishedOn},
	}
}

func criterionOf(c *ent.Criterion) scoring.Criterion {
	out := scoring.Criterion{ID: c.ID, ParentID: c.ParentID, Code: c.Code, Title: c.Title, MaxPoints: c.MaxPoints,
		Area: c.Area, Method: c.Method, Rule: scoring.Rule{Bands: c.Bands}}
	if c.Indicator != nil {
		out.Indicator = *c.Indicator
	}
	if c.RuleKind != nil {
		out.Rule.Kind = *c.RuleKind
	}
	if c.Threshold != nil {
		out.Rule.Threshold = *c.Threshold
	}
	return out
}
