package scoring_test

import (
	"errors"
	"strings"
	"testing"

	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

func TestMeasure(t *testing.T) {
	none := scoring.Figures{Period: year2023}
	feedback := scoring.Figures{Period: year2023, Feedback: scoring.FeedbackCounts{Received: 4, Resolved: 5, ResolvedOnTime: 3}}
	for _, c := range []struct {
		ind     scoring.Indicator
		in      scoring.Figures
		value   *float64
		formula string
	}{
		{scoring.IndicatorOnTimeRate, taiSon2023(), ptr(398.0 / 403), "tỷ lệ đúng hạn (381 + 17)/403 = 98,76%"},
		{scoring.IndicatorOnTimeRate, none, nil, "không có hồ sơ nào được giải quyết trong năm 2023"},
		{scoring.IndicatorOnlineRate, taiSon2023(), ptr(381.0 / 404), "tỷ lệ trực tuyến 381/404 = 94,31%"},
		{scoring.IndicatorOnlineRate, none, nil, "không tiếp nhận hồ sơ nào trong năm 2023"},
		{scoring.IndicatorTasksDoneRate, taiSon2023(), ptr(0.875), "tỷ lệ nhiệm vụ hoàn thành đúng hạn 7/8 = 87,50%"},
		{scoring.IndicatorTasksDoneRate, none, nil, "không có nhiệm vụ nào đến hạn trong năm 2023"},
		// Feedback of the year before resolved this year can take the share above 100%.
		{scoring.IndicatorFeedbackResolvedRate, feedback, ptr(1.25), "tỷ lệ phản ánh, kiến nghị đã giải quyết 5/4 = 125,00%"},
		{scoring.IndicatorFeedbackResolvedRate, none, nil, "không tiếp nhận phản ánh, kiến nghị nào trong năm 2023"},
		{scoring.IndicatorFeedbackOnTimeRate, feedback, ptr(0.75), "tỷ lệ phản ánh, kiến nghị giải quyết trong 10 ngày 3/4 = 75,00%"},
		{scoring.IndicatorFeedbackOnTimeRate, none, nil, "không tiếp nhận phản ánh, kiến nghị nào trong năm 2023"},
		{scoring.IndicatorBudgetPublished, taiSon2023(), ptr(1.0), "dự toán ngân sách năm 2023 công khai ngày 05/01/2023: 1"},
		{scoring.IndicatorBudgetPublished, none, ptr(0.0), "dự toán ngân sách năm 2023 chưa công khai: 0"},
	} {
		m, err := scoring.Measure(c.ind, c.in)
		if err != nil {
			t.Fatal(err)
		}
		if m.Indicator != c.ind || m.Formula != c.formula || (m.Value == nil) != (c.value == nil) || (m.Value != nil && *m.Value != *c.value) {
			t.Errorf("%s: got %v %q, want %v %q", c.ind, deref(m.Value), m.Formula, deref(c.value), c.formula)
		}
	}
	if _, err := scoring.Measure("SPEED", none); err == nil {
		t.Error("an unknown indicator is measured")
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// Every indicator has a Vietnamese and an English name and description, for
// the GraphQL enum, and is a value of the ent enum.
func TestIndicatorCatalog(t *testing.T) {
	values := (scoring.Indicator("")).Values()
	if len(values) != len(scoring.IndicatorCatalog) || len(values) < 5 {
		t.Fatalf("values %v", values)
	}
	for i, info := range scoring.IndicatorCatalog {
		if string(info.Indicator) != values[i] || !strings.Contains(info.Name, " / ") || !strings.Contains(info.Description, " / ") {
			t.Errorf("%s: %q, %q", info.Indicator, info.Name, info.Description)
		}
		if got, ok := info.Indicator.Info(); !ok || got.Name != info.Name {
			t.Errorf("%s: Info %v", info.Indicator, ok)
		}
	}
}

// A commune with no feedback in the year: the feedback criteria do not apply,
// and the formula says why.
func TestScoreIndicatorNotApplicable(t *testing.T) {
	c := criterion(demo(), "5.1")
	s, err := scoring.ScoreIndicator(*c, taiSon2023())
	if err != nil {
		t.Fatal(err)
	}
	want := "không tiếp nhận phản ánh, kiến nghị nào trong năm 2023 → không áp dụng, không tính vào điểm tối đa"
	if !s.NotApplicable || s.Points != 0 || s.Value != nil || s.Formula != want {
		t.Errorf("got %+v", s)
	}
}

func TestScoreIndicatorRefuses(t *testing.T) {
	f := demo()
	manual := *criterion(f, "1.1")
	if _, err := scoring.ScoreIndicator(manual, taiSon2023()); err == nil {
		t.Error("a MANUAL criterion is computed")
	}
	unknown := *criterion(f, "2.2")
	unknown.Indicator = "SPEED"
	if _, err := scoring.ScoreIndicator(unknown, taiSon2023()); err == nil {
		t.Error("an unknown indicator is computed")
	}
	badRule := *criterion(f, "2.2")
	badRule.Rule.Threshold = 0
	_, err := scoring.ScoreIndicator(badRule, taiSon2023())
	var ps scoring.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Criterion != "2.2" || ps[0].Field != "rule.threshold" {
		t.Errorf("a threshold of 0: %v", err)
	}
}

func TestScoreIndicatorsTakesTheYear(t *testing.T) {
	in := taiSon2023()
	in.Period = period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1}
	_, err := demo().ScoreIndicators(in)
	if err == nil || !strings.Contains(err.Error(), "năm 2023") || !strings.Contains(err.Error(), "6 tháng đầu năm 2023") {
		t.Errorf("half-year figures: %v", err)
	}
	in.Period = period.Period{Year: 2022, Kind: enum.PeriodYear, Index: 1}
	if _, err := demo().ScoreIndicators(in); err == nil {
		t.Error("the figures of 2022 score the framework of 2023")
	}
	bad := demo()
	criterion(bad, "2.2").Rule.Threshold = 2
	if _, err := bad.ScoreIndicators(taiSon2023()); err == nil {
		t.Error("an invalid framework is scored")
	}
}

// Tái Sơn 2023: the automatic criteria come out of its figures with the
// formula shown, and the manual scores complete its total.
func TestTaiSon2023(t *testing.T) {
	f := demo()
	auto, err := f.ScoreIndicators(taiSon2023())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		points  float64
		na      bool
		formula string
	}{
		"1.2": {8.75, false, "tỷ lệ nhiệm vụ hoàn thành đúng hạn 7/8 = 87,50% < 100% → 10,00 × 87,50% / 100% = 8,75/10,00 điểm"},
		"2.1": {15, false, "tỷ lệ đúng hạn (381 + 17)/403 = 98,76% ≥ 95% → 15,00/18,00 điểm"},
		"2.2": {2, false, "tỷ lệ trực tuyến 381/404 = 94,31% ≥ 50% → 2,00/2,00 điểm"},
		"3.1": {4, false, "dự toán ngân sách năm 2023 công khai ngày 05/01/2023: 1 ≥ 1 → 4,00/4,00 điểm"},
		"5.1": {0, true, "không tiếp nhận phản ánh, kiến nghị nào trong năm 2023 → không áp dụng, không tính vào điểm tối đa"},
		"5.2": {0, true, "không tiếp nhận phản ánh, kiến nghị nào trong năm 2023 → không áp dụng, không tính vào điểm tối đa"},
	}
	if len(auto) != len(want) {
		t.Fatalf("%d automatic scores, want %d", len(auto), len(want))
	}
	for code, w := range want {
		s := auto[id(f, code)]
		if s.Points != w.points || s.NotApplicable != w.na || s.Formula != w.formula {
			t.Errorf("%s:\n got %v %v %q\nwant %v %v %q", code, s.Points, s.NotApplicable, s.Formula, w.points, w.na, w.formula)
		}
	}
	if v := auto[id(f, "2.1")].Value; v == nil || scoring.Round2(*v*100) != 98.76 {
		t.Errorf("on-time value %v", deref(v))
	}

	for code, points := range map[string]float64{"1.1": 9, "2.3.1": 6, "2.3.2": 3.5, "3.2": 5, "4.1": 8, "5.3": 9} {
		auto[id(f, code)] = scoring.Score{Points: points}
	}
	res, err := f.Totals(auto)
	if err != nil {
		t.Fatal(err)
	}
	// 9 + 8.75 + 15 + 2 + 6 + 3.5 + 4 + 5 + 8 + 9 = 70.25 out of the 80 that apply.
	checkSubtotal(t, "overall", res.Overall, 70.25, 100, 80, ptr(87.81))
	if b := scoring.BandOf(*res.Overall.Total); b != scoring.BandGood {
		t.Errorf("band %s, want GOOD", b)
	}
	if len(res.Missing) != 0 {
		t.Errorf("missing %v", res.Missing)
	}
}
