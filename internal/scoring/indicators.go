package scoring

import (
	"fmt"
	"time"

	"cchc/internal/period"
)

// Indicator names a figure an INDICATOR criterion is scored from.
type Indicator string

// The indicators criteria can be scored from.
const (
	IndicatorOnTimeRate           Indicator = "ON_TIME_RATE"
	IndicatorOnlineRate           Indicator = "ONLINE_RATE"
	IndicatorTasksDoneRate        Indicator = "TASKS_DONE_RATE"
	IndicatorFeedbackResolvedRate Indicator = "FEEDBACK_RESOLVED_RATE"
	IndicatorFeedbackOnTimeRate   Indicator = "FEEDBACK_ON_TIME_RATE"
	IndicatorBudgetPublished      Indicator = "BUDGET_PUBLISHED"
)

// IndicatorInfo describes an indicator and how it is measured.
type IndicatorInfo struct {
	Indicator   Indicator
	Name        string // Vietnamese name / English name
	Description string // what is counted, in Vietnamese and English
	// Percent tells whether the value is a share shown as a percentage;
	// otherwise it is 1 for yes and 0 for no.
	Percent bool
	measure func(in *Figures) Measurement
}

// IndicatorCatalog lists every indicator, for the GraphQL enum and its
// descriptions. The figures are those of DOMAIN.md for the period given.
var IndicatorCatalog = []IndicatorInfo{
	{
		Indicator: IndicatorOnTimeRate, Percent: true,
		Name: "tỷ lệ hồ sơ giải quyết đúng hạn / on-time share of resolved dossiers",
		Description: "(trước hạn + đúng hạn) / đã giải quyết trong kỳ; không áp dụng khi không có hồ sơ đã giải quyết / " +
			"(early + on time) / resolved in the period; does not apply when no dossier was resolved",
		measure: func(in *Figures) Measurement {
			d := in.Dossiers
			return share("tỷ lệ đúng hạn ("+count(d.Early)+" + "+count(d.OnTime)+")", d.Early+d.OnTime, d.Resolved,
				"không có hồ sơ nào được giải quyết trong "+in.Period.Title())
		},
	},
	{
		Indicator: IndicatorOnlineRate, Percent: true,
		Name: "tỷ lệ hồ sơ tiếp nhận trực tuyến / online share of dossiers received",
		Description: "trực tuyến / tiếp nhận trong kỳ (Quyết định 766/QĐ-TTg); không áp dụng khi không tiếp nhận hồ sơ nào / " +
			"online / received in the period (Decision 766/QĐ-TTg); does not apply when no dossier was received",
		measure: func(in *Figures) Measurement {
			d := in.Dossiers
			return share("tỷ lệ trực tuyến "+count(d.Online), d.Online, d.ReceivedInPeriod,
				"không tiếp nhận hồ sơ nào trong "+in.Period.Title())
		},
	},
	{
		Indicator: IndicatorTasksDoneRate, Percent: true,
		Name: "tỷ lệ nhiệm vụ hoàn thành đúng hạn / share of tasks done on time",
		Description: "nhiệm vụ hoàn thành đúng hạn / nhiệm vụ đến hạn trong kỳ; không áp dụng khi không có nhiệm vụ đến hạn / " +
			"tasks done by their due date / tasks due in the period; does not apply when no task was due",
		measure: func(in *Figures) Measurement {
			p := in.Plans
			return share("tỷ lệ nhiệm vụ hoàn thành đúng hạn "+count(p.TasksDoneOnTime), p.TasksDoneOnTime, p.TasksDue,
				"không có nhiệm vụ nào đến hạn trong "+in.Period.Title())
		},
	},
	{
		Indicator: IndicatorFeedbackResolvedRate, Percent: true,
		Name: "tỷ lệ phản ánh, kiến nghị đã giải quyết / share of feedback resolved",
		Description: "phản ánh, kiến nghị giải quyết trong kỳ / tiếp nhận trong kỳ (có thể quá 100% khi giải quyết cả phản ánh kỳ trước); " +
			"không áp dụng khi không tiếp nhận phản ánh nào / feedback resolved in the period / received in the period " +
			"(above 100% when earlier feedback is resolved too); does not apply when none was received",
		measure: func(in *Figures) Measurement {
			f := in.Feedback
			return share("tỷ lệ phản ánh, kiến nghị đã giải quyết "+count(f.Resolved), f.Resolved, f.Received,
				"không tiếp nhận phản ánh, kiến nghị nào trong "+in.Period.Title())
		},
	},
	{
		Indicator: IndicatorFeedbackOnTimeRate, Percent: true,
		Name: "tỷ lệ phản ánh, kiến nghị giải quyết đúng hạn / share of feedback resolved on time",
		Description: fmt.Sprintf("phản ánh, kiến nghị giải quyết trong %d ngày kể từ khi tiếp nhận / tiếp nhận trong kỳ; "+
			"không áp dụng khi không tiếp nhận phản ánh nào / feedback resolved within %d days of receipt / received "+
			"in the period; does not apply when none was received", FeedbackDays, FeedbackDays),
		measure: func(in *Figures) Measurement {
			f := in.Feedback
			return share(fmt.Sprintf("tỷ lệ phản ánh, kiến nghị giải quyết trong %d ngày %s", FeedbackDays, count(f.ResolvedOnTime)),
				f.ResolvedOnTime, f.Received, "không tiếp nhận phản ánh, kiến nghị nào trong "+in.Period.Title())
		},
	},
	{
		Indicator: IndicatorBudgetPublished,
		Name:      "công khai dự toán ngân sách / budget published",
		Description: "1 nếu dự toán ngân sách của năm đã được công khai, 0 nếu chưa / " +
			"1 if the budget of the fiscal year has been published, else 0",
		measure: func(in *Figures) Measurement {
			budget := fmt.Sprintf("dự toán ngân sách năm %d", in.Period.Year)
			if on := in.Budget.PublishedOn; on != nil {
				return measured(1, budget+" công khai ngày "+on.In(period.Location).Format("02/01/2006")+": 1")
			}
			return measured(0, budget+" chưa công khai: 0")
		},
	},
}

// Figures are the figures of a unit for a period that the indicators are
// measured from: those of internal/indicator (DOMAIN.md), copied so that
// this package depends on no stored record and ent can use its types.
type Figures struct {
	Period   period.Period
	Dossiers DossierCounts
	Plans    TaskCounts
	Feedback FeedbackCounts
	Budget   BudgetDates
}

// DossierCounts are the dossier figures indicators use.
type DossierCounts struct {
	ReceivedInPeriod, Online      int
	Resolved, Early, OnTime, Late int
}

// TaskCounts are the task figures indicators use.
type TaskCounts struct{ TasksDue, TasksDoneOnTime, TasksDoneLate int }

// FeedbackCounts are the feedback figures indicators use.
type FeedbackCounts struct{ Received, Resolved, ResolvedOnTime int }

// BudgetDates are the budget figures indicators use.
type BudgetDates struct{ ApprovedOn, PublishedOn *time.Time }

// FeedbackDays is the time within which feedback counts as resolved on time:
// internal/indicator's FeedbackDays, which a test keeps equal.
const FeedbackDays = 10

// Measurement is the value of an indicator for a unit and a period.
type Measurement struct {
	Indicator Indicator
	// Value is nil when the indicator has no value, its divisor being 0 (no
	// dossier received, say): the criterion then does not apply, since the
	// unit could neither earn nor lose its points.
	Value   *float64
	Formula string // how the value was computed, or why there is none
}

// Info returns the description of i.
func (i Indicator) Info() (IndicatorInfo, bool) {
	for _, info := range IndicatorCatalog {
		if info.Indicator == i {
			return info, true
		}
	}
	return IndicatorInfo{}, false
}

// Measure computes indicator i from the figures in.
func Measure(i Indicator, in Figures) (Measurement, error) {
	info, ok := i.Info()
	if !ok {
		return Measurement{}, fmt.Errorf("scoring: %q is not an indicator", i)
	}
	m := info.measure(&in)
	m.Indicator = i
	return m, nil
}

func indicatorCodes() []Indicator {
	out := make([]Indicator, len(IndicatorCatalog))
	for i, info := range IndicatorCatalog {
		out[i] = info.Indicator
	}
	return out
}

// share measures num/den, the formula starting with label and the numerator
// ("tỷ lệ trực tuyến 381"), or explains with none why there is no value.
func share(label string, num, den int, none string) Measurement {
	if den == 0 {
		return Measurement{Formula: none}
	}
	v := float64(num) / float64(den)
	return measured(v, label+"/"+count(den)+" = "+percent(v))
}

func measured(v float64, formula string) Measurement { return Measurement{Value: &v, Formula: formula} }
