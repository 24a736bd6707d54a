package period_test

import (
	"testing"
	"time"

	"cchc/internal/enum"
	"cchc/internal/period"
)

// FuzzParseDate: a date that parses writes back as it was read, at local
// midnight; anything else is refused with a message, never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-06-30", "2024-02-29", "2023-02-29", "2023-13-01", "2023-6-30", "0000-01-01", "9999-12-31",
		"2023-06-30T00:00:00+07:00", " 2023-06-30", "", "२०२३-०६-३०"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := period.ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if got := period.FormatDate(d); got != s {
			t.Fatalf("%q reads as %v and writes as %q", s, d, got)
		}
		if !period.LocalDate(d).Equal(d) || d.Location() != period.Location {
			t.Fatalf("%q reads as %v, not local midnight", s, d)
		}
	})
}

// FuzzPeriod: Validate names the field at fault of any period; a valid
// period is a non-empty half-open interval of local midnights with a title.
func FuzzPeriod(f *testing.F) {
	for _, c := range []struct {
		year  int
		kind  string
		index int
	}{{2023, "HALF_YEAR", 1}, {2023, "QUARTER", 4}, {2023, "QUARTER", 5}, {2024, "MONTH", 2}, {2023, "NINE_MONTHS", 1},
		{2023, "YEAR", 0}, {1989, "YEAR", 1}, {2100, "MONTH", 12}, {2023, "WEEK", 1}, {-1 << 62, "MONTH", 1 << 62}} {
		f.Add(c.year, c.kind, c.index)
	}
	f.Fuzz(func(t *testing.T, year int, kind string, index int) {
		p := period.Period{Year: year, Kind: enum.PeriodKind(kind), Index: index}
		field, err := p.Validate()
		if err != nil {
			if field != "year" && field != "kind" && field != "index" {
				t.Fatalf("%+v: %v names the field %q", p, err, field)
			}
			return
		}
		start, end := p.Start(), p.End()
		if !start.Before(end) || !p.Contains(start) || p.Contains(end) || p.Contains(start.Add(-time.Nanosecond)) {
			t.Fatalf("%+v: [%v, %v) is not its half-open interval", p, start, end)
		}
		if !period.LocalDate(start).Equal(start) || !period.LocalDate(end).Equal(end) || start.In(period.Location).Day() != 1 {
			t.Fatalf("%+v: [%v, %v) does not run from local midnights on the first of a month", p, start, end)
		}
		if p.Title() == "" {
			t.Fatalf("%+v has no title", p)
		}
	})
}
