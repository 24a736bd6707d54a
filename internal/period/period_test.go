package period_test

import (
	"testing"
	"time"

	"cchc/internal/enum"
	"cchc/internal/period"
)

func TestBoundsAreLocalHalfOpen(t *testing.T) {
	for _, c := range []struct {
		p          period.Period
		start, end string
	}{
		{period.Period{2023, enum.PeriodHalfYear, 1}, "2023-01-01", "2023-07-01"},
		{period.Period{2023, enum.PeriodHalfYear, 2}, "2023-07-01", "2024-01-01"},
		{period.Period{2023, enum.PeriodQuarter, 4}, "2023-10-01", "2024-01-01"},
		{period.Period{2024, enum.PeriodMonth, 2}, "2024-02-01", "2024-03-01"},
		{period.Period{2023, enum.PeriodNineMonths, 1}, "2023-01-01", "2023-10-01"},
		{period.Period{2023, enum.PeriodYear, 1}, "2023-01-01", "2024-01-01"},
	} {
		if got := period.FormatDate(c.p.Start()); got != c.start {
			t.Errorf("%v starts %s, want %s", c.p, got, c.start)
		}
		if got := period.FormatDate(c.p.End()); got != c.end {
			t.Errorf("%v ends %s, want %s", c.p, got, c.end)
		}
	}
	h1 := period.Period{2023, enum.PeriodHalfYear, 1}
	// 23:30 on 30 June in Vietnam is 16:30 UTC: still the first half.
	if !h1.Contains(time.Date(2023, 6, 30, 16, 30, 0, 0, time.UTC)) {
		t.Error("23:30 local on 30 June belongs to H1")
	}
	if h1.Contains(time.Date(2023, 6, 30, 17, 0, 0, 0, time.UTC)) {
		t.Error("midnight local on 1 July belongs to H2")
	}
	if !h1.Contains(time.Date(2022, 12, 31, 17, 0, 0, 0, time.UTC)) {
		t.Error("midnight local on 1 January belongs to H1")
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		p     period.Period
		field string
	}{
		{period.Period{2023, enum.PeriodQuarter, 5}, "index"},
		{period.Period{2023, enum.PeriodYear, 2}, "index"},
		{period.Period{1800, enum.PeriodYear, 1}, "year"},
		{period.Period{2023, "WEEK", 1}, "kind"},
		{period.Period{2023, enum.PeriodMonth, 12}, ""},
	} {
		if field, _ := c.p.Validate(); field != c.field {
			t.Errorf("%v: field %q, want %q", c.p, field, c.field)
		}
	}
}
