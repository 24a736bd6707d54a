package scoring_test

import (
	"strings"
	"time"

	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

// row is a criterion of a test framework: its parent follows from its code.
type row struct {
	code string
	max  float64
	area scoring.Area
	ind  scoring.Indicator // empty for MANUAL
	rule scoring.Rule
}

// build makes a framework of the rows, numbering IDs from 1 in row order
// and linking each criterion to the one whose code is its code's prefix.
func build(year int, rows ...row) scoring.Framework {
	f := scoring.Framework{Year: year}
	ids := map[string]int{}
	for i, r := range rows {
		c := scoring.Criterion{ID: i + 1, Code: r.code, Title: "tiêu chí " + r.code, MaxPoints: r.max, Area: r.area, Method: scoring.MethodManual}
		if r.ind != "" {
			c.Method, c.Indicator, c.Rule = scoring.MethodIndicator, r.ind, r.rule
		}
		if j := strings.LastIndex(r.code, "."); j > 0 {
			if id, ok := ids[r.code[:j]]; ok {
				c.ParentID = &id
			}
		}
		ids[r.code] = c.ID
		f.Criteria = append(f.Criteria, c)
	}
	return f
}

func threshold(t float64) scoring.Rule {
	return scoring.Rule{Kind: scoring.RuleThreshold, Threshold: t}
}

func bands(b ...scoring.RuleBand) scoring.Rule {
	return scoring.Rule{Kind: scoring.RuleBands, Bands: b}
}

// onTimeBands is the on-time rule of the demo framework, worth 18 points.
var onTimeBands = bands(
	scoring.RuleBand{AtLeast: 0.8, Points: 6},
	scoring.RuleBand{AtLeast: 0.9, Points: 12},
	scoring.RuleBand{AtLeast: 0.95, Points: 15},
	scoring.RuleBand{AtLeast: 1, Points: 18},
)

// demo is a framework like a province's: five areas, three levels, half of
// the leaves computed from indicators. IDs follow the row order (1.1 is 2).
func demo() scoring.Framework {
	const (
		dir, proc, fin, dig, imp = scoring.AreaDirection, scoring.AreaProcedures, scoring.AreaPublicFinance, scoring.AreaDigitalGovernment, scoring.AreaImpact
	)
	return build(2023,
		row{"1", 20, dir, "", scoring.Rule{}},
		row{"1.1", 10, dir, "", scoring.Rule{}},
		row{"1.2", 10, dir, scoring.IndicatorTasksDoneRate, threshold(1)},
		row{"2", 30, proc, "", scoring.Rule{}},
		row{"2.1", 18, proc, scoring.IndicatorOnTimeRate, onTimeBands},
		row{"2.2", 2, proc, scoring.IndicatorOnlineRate, threshold(0.5)},
		row{"2.3", 10, proc, "", scoring.Rule{}},
		row{"2.3.1", 6, proc, "", scoring.Rule{}},
		row{"2.3.2", 4, proc, "", scoring.Rule{}},
		row{"3", 10, fin, "", scoring.Rule{}},
		row{"3.1", 4, fin, scoring.IndicatorBudgetPublished, threshold(1)},
		row{"3.2", 6, fin, "", scoring.Rule{}},
		row{"4", 10, dig, "", scoring.Rule{}},
		row{"4.1", 10, dig, "", scoring.Rule{}},
		row{"5", 30, imp, "", scoring.Rule{}},
		row{"5.1", 10, imp, scoring.IndicatorFeedbackResolvedRate, threshold(1)},
		row{"5.2", 10, imp, scoring.IndicatorFeedbackOnTimeRate, bands(scoring.RuleBand{AtLeast: 0.5, Points: 5}, scoring.RuleBand{AtLeast: 0.8, Points: 10})},
		row{"5.3", 10, imp, "", scoring.Rule{}},
	)
}

// id returns the ID of the criterion with code in f.
func id(f scoring.Framework, code string) int {
	for _, c := range f.Criteria {
		if c.Code == code {
			return c.ID
		}
	}
	panic("no criterion " + code)
}

// criterion returns a pointer to the criterion with code in f, to change it.
func criterion(f scoring.Framework, code string) *scoring.Criterion {
	for i := range f.Criteria {
		if f.Criteria[i].Code == code {
			return &f.Criteria[i]
		}
	}
	panic("no criterion " + code)
}

var year2023 = period.Period{Year: 2023, Kind: enum.PeriodYear, Index: 1}

// taiSon2023 are figures like Tái Sơn's for 2023: the dossiers of DOMAIN.md,
// 7 of 8 tasks done on time, no feedback, the budget published in January.
func taiSon2023() scoring.Figures {
	published := period.Date(2023, time.January, 5)
	return scoring.Figures{
		Period: year2023,
		Dossiers: scoring.DossierCounts{
			ReceivedInPeriod: 404, Online: 381, Resolved: 403, Early: 381, OnTime: 17, Late: 5,
		},
		Plans:  scoring.TaskCounts{TasksDue: 8, TasksDoneOnTime: 7, TasksDoneLate: 1},
		Budget: scoring.BudgetDates{ApprovedOn: &published, PublishedOn: &published},
	}
}

func ptr[T any](v T) *T { return &v }
