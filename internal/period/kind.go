package period

import (
	"fmt"
	"time"

	"cchc/internal/enum"
)

// Period is a reporting period {year, kind, index}: the half-open interval
// [Start, End) of local dates in Vietnam.
type Period struct {
	Year  int
	Kind  enum.PeriodKind
	Index int
}

// maxIndex is the number of periods of each kind in a year.
var maxIndex = map[enum.PeriodKind]int{
	enum.PeriodMonth: 12, enum.PeriodQuarter: 4, enum.PeriodHalfYear: 2, enum.PeriodNineMonths: 1, enum.PeriodYear: 1,
}

// Validate reports what is wrong with p, naming the input field at fault.
func (p Period) Validate() (field string, err error) {
	n, ok := maxIndex[p.Kind]
	switch {
	case p.Year < 1990 || p.Year > 2100:
		return "year", fmt.Errorf("must be between 1990 and 2100")
	case !ok:
		return "kind", fmt.Errorf("%q is not a period kind", p.Kind)
	case p.Index < 1 || p.Index > n:
		return "index", fmt.Errorf("a %s period has index 1 to %d", p.Kind, n)
	}
	return "", nil
}

// months returns the first month of p and how many months it spans.
func (p Period) months() (first, count int) {
	switch p.Kind {
	case enum.PeriodMonth:
		return p.Index, 1
	case enum.PeriodQuarter:
		return 3*(p.Index-1) + 1, 3
	case enum.PeriodHalfYear:
		return 6*(p.Index-1) + 1, 6
	case enum.PeriodNineMonths:
		return 1, 9
	}
	return 1, 12
}

// Start is local midnight of the first day of p.
func (p Period) Start() time.Time {
	first, _ := p.months()
	return Date(p.Year, time.Month(first), 1)
}

// End is local midnight of the first day after p.
func (p Period) End() time.Time {
	first, n := p.months()
	return Date(p.Year, time.Month(first+n), 1)
}

// Contains tells whether t falls in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start()) && t.Before(p.End())
}

// Title names p as the official reports do: "6 tháng đầu năm 2023".
func (p Period) Title() string {
	switch p.Kind {
	case enum.PeriodMonth:
		return fmt.Sprintf("tháng %d năm %d", p.Index, p.Year)
	case enum.PeriodQuarter:
		return fmt.Sprintf("quý %s năm %d", [...]string{"I", "II", "III", "IV"}[p.Index-1], p.Year)
	case enum.PeriodHalfYear:
		if p.Index == 1 {
			return fmt.Sprintf("6 tháng đầu năm %d", p.Year)
		}
		return fmt.Sprintf("6 tháng cuối năm %d", p.Year)
	case enum.PeriodNineMonths:
		return fmt.Sprintf("9 tháng năm %d", p.Year)
	}
	return fmt.Sprintf("năm %d", p.Year)
}

// InYears returns every period of every kind in the years first to last.
func InYears(first, last int) []Period {
	var out []Period
	for y := first; y <= last; y++ {
		for _, k := range enum.PeriodKinds {
			for i := 1; i <= maxIndex[k]; i++ {
				out = append(out, Period{Year: y, Kind: k, Index: i})
			}
		}
	}
	return out
}
