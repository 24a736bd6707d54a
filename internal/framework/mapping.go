package framework

import (
	"cchc/ent"
	"cchc/internal/indicator"
	"cchc/internal/scoring"
)

// The one mapping of stored records onto package scoring, used wherever a
// framework is checked, scored or totalled (publishing, the assessment
// workflow, results, the demonstration data).

// Criterion maps a stored criterion onto a scoring.Criterion.
func Criterion(c *ent.Criterion) scoring.Criterion {
	out := scoring.Criterion{
		ID: c.ID, ParentID: c.ParentID, Code: c.Code, Title: c.Title,
		MaxPoints: c.MaxPoints, Area: c.Area, Method: c.Method,
		Rule: scoring.Rule{Bands: c.Bands},
	}
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

// Of maps a framework's year and its stored criteria onto a scoring.Framework.
func Of(year int, criteria []*ent.Criterion) scoring.Framework {
	f := scoring.Framework{Year: year, Criteria: make([]scoring.Criterion, len(criteria))}
	for i, c := range criteria {
		f.Criteria[i] = Criterion(c)
	}
	return f
}

// Figures copies the figures of internal/indicator that the indicators of
// package scoring are measured from.
func Figures(in *indicator.Indicators) scoring.Figures {
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
