package scoring_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"cchc/internal/scoring"
)

// standings writes a ranking as "code rank total" lines, "-" for nil.
func standings(ss []scoring.Standing) string {
	var b strings.Builder
	for _, s := range ss {
		rank, total := "-", "-"
		if s.Rank != nil {
			rank = fmt.Sprint(*s.Rank)
		}
		if s.Total != nil {
			total = fmt.Sprint(*s.Total)
		}
		fmt.Fprintf(&b, "%s %s %s\n", s.UnitCode, rank, total)
	}
	return b.String()
}

func TestRank(t *testing.T) {
	for _, c := range []struct {
		name   string
		totals map[string]*float64
		want   string
	}{
		{"ties share a rank and skip the next", map[string]*float64{
			"11098": ptr(87.81), "11101": ptr(90.5), "11095": ptr(87.81), "11023": nil, "11200": ptr(70.0),
		}, "11101 1 90.5\n11095 2 87.81\n11098 2 87.81\n11200 4 70\n11023 - -\n"},
		{"equal after rounding", map[string]*float64{
			"11098": ptr(87.814), "11095": ptr(87.806), "11101": ptr(87.815), "11023": ptr(87.8149),
		}, "11101 1 87.82\n11023 2 87.81\n11095 2 87.81\n11098 2 87.81\n"},
		{"three tied at the top", map[string]*float64{
			"3": ptr(95.0), "1": ptr(95.0), "2": ptr(95.0), "4": ptr(94.99),
		}, "1 1 95\n2 1 95\n3 1 95\n4 4 94.99\n"},
		{"zero is a total", map[string]*float64{"1": ptr(0.0), "2": nil}, "1 1 0\n2 - -\n"},
		{"no totals", map[string]*float64{"2": nil, "1": nil, "3": ptr(math.NaN())}, "1 - -\n2 - -\n3 - -\n"},
		{"codes compared as numbers", map[string]*float64{"1101": ptr(50.0), "297": ptr(50.0)}, "297 1 50\n1101 1 50\n"},
		{"nobody", nil, ""},
	} {
		if got := standings(scoring.Rank(c.totals)); got != c.want {
			t.Errorf("%s:\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

func TestChangeFrom(t *testing.T) {
	for _, c := range []struct {
		name              string
		previous, current scoring.Standing
		total             *float64
		rank              *int
	}{
		{"up", scoring.Standing{Total: ptr(80.1), Rank: ptr(5)}, scoring.Standing{Total: ptr(85.3), Rank: ptr(2)}, ptr(5.2), ptr(3)},
		{"down", scoring.Standing{Total: ptr(85.3), Rank: ptr(2)}, scoring.Standing{Total: ptr(80.1), Rank: ptr(3)}, ptr(-5.2), ptr(-1)},
		{"unchanged", scoring.Standing{Total: ptr(90.0), Rank: ptr(1)}, scoring.Standing{Total: ptr(90.0), Rank: ptr(1)}, ptr(0.0), ptr(0)},
		{"no previous year", scoring.Standing{}, scoring.Standing{Total: ptr(85.3), Rank: ptr(2)}, nil, nil},
		{"not yet approved", scoring.Standing{Total: ptr(85.3), Rank: ptr(2)}, scoring.Standing{}, nil, nil},
		// A total without a rank (say, a unit alone at its level was not ranked).
		{"totals without ranks", scoring.Standing{Total: ptr(70.0)}, scoring.Standing{Total: ptr(75.55)}, ptr(5.55), nil},
	} {
		got := scoring.ChangeFrom(c.previous, c.current)
		if fmt.Sprint(deref(got.Total)) != fmt.Sprint(deref(c.total)) || fmt.Sprint(derefInt(got.Rank)) != fmt.Sprint(derefInt(c.rank)) {
			t.Errorf("%s: %v %v, want %v %v", c.name, deref(got.Total), derefInt(got.Rank), deref(c.total), derefInt(c.rank))
		}
	}
}

func derefInt(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

func TestBandOf(t *testing.T) {
	for _, c := range []struct {
		total float64
		want  scoring.Band
	}{
		{100, scoring.BandExcellent},
		{90, scoring.BandExcellent},
		{89.995, scoring.BandExcellent}, // shown as 90,00
		{89.99, scoring.BandGood},
		{80, scoring.BandGood},
		{79.99, scoring.BandFair},
		{70, scoring.BandFair},
		{69.99, scoring.BandAverage},
		{50, scoring.BandAverage},
		{49.99, scoring.BandWeak},
		{0, scoring.BandWeak},
	} {
		if got := scoring.BandOf(c.total); got != c.want {
			t.Errorf("BandOf(%v) = %s, want %s", c.total, got, c.want)
		}
	}
	names := []string{}
	for _, b := range scoring.Bands {
		info, ok := b.Band.Info()
		if !ok || !strings.Contains(info.Description, " / ") {
			t.Errorf("%s: %+v", b.Band, info)
		}
		names = append(names, info.Name)
	}
	if got := strings.Join(names, ", "); got != "Xuất sắc, Tốt, Khá, Trung bình, Yếu" {
		t.Errorf("names %s", got)
	}
}
