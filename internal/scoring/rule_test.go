package scoring_test

import (
	"testing"

	"cchc/internal/scoring"
)

func TestRound2(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{1.005, 1.01}, // the double nearest 1.005 is below it; math.Round(x*100)/100 gives 1.00
		{2.675, 2.68},
		{0.125, 0.13},
		{-1.005, -1.01},
		{1.0 / 3, 0.33},
		{87.8125, 87.81},
		{89.995, 90},
		{0.1 + 0.2, 0.3},
		{1e-7, 0},
		{0, 0},
		{100, 100},
	} {
		if got := scoring.Round2(c.in); got != c.want {
			t.Errorf("Round2(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestThresholdRule(t *testing.T) {
	for _, c := range []struct {
		threshold, max, value, want float64
	}{
		{0.5, 2, 0, 0},              // nothing online
		{0.5, 2, 0.25, 1},           // half the threshold, half the points
		{0.5, 2, 0.49, 1.96},        // just below: pro rata
		{0.5, 2, 0.4999, 2},         // 1.9996 rounds to 2.00
		{0.5, 2, 202.0 / 404, 2},    // exactly at the threshold
		{0.5, 2, 381.0 / 404, 2},    // above: capped at the maximum
		{0.5, 2, 1, 2},              // everything online
		{0.5, 2, 150.0 / 404, 1.49}, // 1.48515 → 1.49
		{1, 10, 0.875, 8.75},        // 7 of 8 tasks
		{1, 10, 1, 10},              // a threshold of 100%
		{1, 1, 0.005, 0.01},         // 0.005 rounds half up
		{0.5, 2, 1.0 / 3, 1.33},     // 1.3333…
		{0.8, 3, 0.6, 2.25},         // 3 × 0.6 / 0.8
		{1, 10, 1.25, 10},           // feedback above 100%: still the maximum
	} {
		r := threshold(c.threshold)
		if got := r.Points(c.value, c.max); got != c.want {
			t.Errorf("THRESHOLD %v max %v, value %v: %v points, want %v", c.threshold, c.max, c.value, got, c.want)
		}
	}
}

func TestBandsRule(t *testing.T) {
	for _, c := range []struct {
		rule        scoring.Rule
		value, want float64
	}{
		{onTimeBands, 0, 0},
		{onTimeBands, 0.79, 0},         // below the lowest band
		{onTimeBands, 0.8, 6},          // exactly at a band
		{onTimeBands, 0.85, 6},         // between bands: the lower one
		{onTimeBands, 0.9, 12},         // exactly at the next
		{onTimeBands, 398.0 / 403, 15}, // Tái Sơn's 98.76%
		{onTimeBands, 0.9999, 15},      // just below the top
		{onTimeBands, 1, 18},           // the top band
		{bands(scoring.RuleBand{AtLeast: 0, Points: 1}, scoring.RuleBand{AtLeast: 0.5, Points: 2}), 0, 1}, // a band from 0
		{bands(scoring.RuleBand{AtLeast: 1, Points: 4}), 0, 0},                                            // yes or no
		{bands(scoring.RuleBand{AtLeast: 1, Points: 4}), 1, 4},
	} {
		if got := c.rule.Points(c.value, 18); got != c.want {
			t.Errorf("%v, value %v: %v points, want %v", c.rule.Bands, c.value, got, c.want)
		}
	}
}

// The formula shows every number of the computation, in Vietnamese.
func TestRuleFormulas(t *testing.T) {
	online := func(online, received int) scoring.Figures {
		in := taiSon2023()
		in.Dossiers.Online, in.Dossiers.ReceivedInPeriod = online, received
		return in
	}
	onTime := func(early, onTime, resolved int) scoring.Figures {
		in := taiSon2023()
		in.Dossiers.Early, in.Dossiers.OnTime, in.Dossiers.Resolved = early, onTime, resolved
		return in
	}
	onlineCriterion := scoring.Criterion{Code: "2.2", MaxPoints: 2, Method: scoring.MethodIndicator, Indicator: scoring.IndicatorOnlineRate, Rule: threshold(0.5)}
	onTimeCriterion := scoring.Criterion{Code: "2.1", MaxPoints: 18, Method: scoring.MethodIndicator, Indicator: scoring.IndicatorOnTimeRate, Rule: onTimeBands}
	budget := scoring.Criterion{Code: "3.1", MaxPoints: 4, Method: scoring.MethodIndicator, Indicator: scoring.IndicatorBudgetPublished, Rule: threshold(1)}
	unpublished := taiSon2023()
	unpublished.Budget.PublishedOn = nil
	for _, c := range []struct {
		name    string
		c       scoring.Criterion
		in      scoring.Figures
		points  float64
		formula string
	}{
		{"above the threshold", onlineCriterion, online(381, 404), 2, "tỷ lệ trực tuyến 381/404 = 94,31% ≥ 50% → 2,00/2,00 điểm"},
		{"exactly at the threshold", onlineCriterion, online(202, 404), 2, "tỷ lệ trực tuyến 202/404 = 50,00% ≥ 50% → 2,00/2,00 điểm"},
		{"pro rata", onlineCriterion, online(150, 404), 1.49, "tỷ lệ trực tuyến 150/404 = 37,13% < 50% → 2,00 × 37,13% / 50% = 1,49/2,00 điểm"},
		{"zero", onlineCriterion, online(0, 404), 0, "tỷ lệ trực tuyến 0/404 = 0,00% < 50% → 2,00 × 0,00% / 50% = 0,00/2,00 điểm"},
		{"thousands", onlineCriterion, online(12345, 23456), 2, "tỷ lệ trực tuyến 12.345/23.456 = 52,63% ≥ 50% → 2,00/2,00 điểm"},
		{"band reached", onTimeCriterion, onTime(381, 17, 403), 15, "tỷ lệ đúng hạn (381 + 17)/403 = 98,76% ≥ 95% → 15,00/18,00 điểm"},
		{"top band", onTimeCriterion, onTime(381, 22, 403), 18, "tỷ lệ đúng hạn (381 + 22)/403 = 100,00% ≥ 100% → 18,00/18,00 điểm"},
		{"below every band", onTimeCriterion, onTime(100, 0, 403), 0, "tỷ lệ đúng hạn (100 + 0)/403 = 24,81% < 80% (dưới mức thấp nhất) → 0,00/18,00 điểm"},
		{"published", budget, taiSon2023(), 4, "dự toán ngân sách năm 2023 công khai ngày 05/01/2023: 1 ≥ 1 → 4,00/4,00 điểm"},
		{"not published", budget, unpublished, 0, "dự toán ngân sách năm 2023 chưa công khai: 0 < 1 → 4,00 × 0 / 1 = 0,00/4,00 điểm"},
	} {
		s, err := scoring.ScoreIndicator(c.c, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if s.Points != c.points || s.Formula != c.formula || s.NotApplicable {
			t.Errorf("%s:\n got %v %q (not applicable %v)\nwant %v %q", c.name, s.Points, s.Formula, s.NotApplicable, c.points, c.formula)
		}
	}
}
