package bench

import (
	"fmt"
	"slices"
	"time"

	"cchc/internal/period"
)

// The calendar of the generated data: local dates at midnight in Vietnam;
// working days Monday to Friday outside the public holidays; and the seasons
// of the one-stop shops, which make dossiers arrive unevenly over the year.

// tet is the first day of the lunar new year (Tết Nguyên Đán) of each year
// the generator supports: the seasons turn on it.
var tet = func() map[int]time.Time {
	m := map[int]time.Time{}
	for y, md := range map[int][2]int{
		2010: {2, 14}, 2011: {2, 3}, 2012: {1, 23}, 2013: {2, 10}, 2014: {1, 31},
		2015: {2, 19}, 2016: {2, 8}, 2017: {1, 28}, 2018: {2, 16}, 2019: {2, 5},
		2020: {1, 25}, 2021: {2, 12}, 2022: {2, 1}, 2023: {1, 22}, 2024: {2, 10},
		2025: {1, 29}, 2026: {2, 17}, 2027: {2, 6}, 2028: {1, 26}, 2029: {2, 13},
		2030: {2, 3}, 2031: {1, 23}, 2032: {2, 11}, 2033: {1, 31}, 2034: {2, 19},
		2035: {2, 8},
	} {
		m[y] = localDay(y, time.Month(md[0]), md[1])
	}
	return m
}()

// MinYear and MaxYear bound the years the generator can cover: those whose
// Tết it knows, the year after the last included.
var (
	MinYear = slices.Min(yearsOf(tet))
	MaxYear = slices.Max(yearsOf(tet)) - 1
)

func yearsOf(m map[int]time.Time) []int {
	var ys []int
	for y := range m {
		ys = append(ys, y)
	}
	return ys
}

// checkYears refuses years the calendar does not cover.
func checkYears(first, last int) error {
	if first > last || first < MinYear || last > MaxYear {
		return fmt.Errorf("bench: years %d to %d: the generator covers %d to %d (the years whose Tết it knows)", first, last, MinYear, MaxYear)
	}
	return nil
}

func localDay(y int, m time.Month, d int) time.Time { return period.Date(y, m, d) }

func atTime(day time.Time, minutes int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), minutes/60, minutes%60, 0, 0, loc)
}

// daysBetween is the number of local days from a to b.
func daysBetween(a, b time.Time) int {
	return int(period.LocalDate(b).Sub(period.LocalDate(a)).Round(24*time.Hour).Hours() / 24)
}

// holiday tells the public holidays the offices close on: New Year's Day,
// the Tết break (from three days before Tết to four after), Reunification
// Day and Labour Day (30 April, 1 May) and National Day (2 September).
func holiday(day time.Time) bool {
	y, m, d := day.In(loc).Date()
	switch {
	case m == time.January && d == 1, m == time.April && d == 30, m == time.May && d == 1, m == time.September && d == 2:
		return true
	}
	if t, ok := tet[y]; ok {
		off := daysBetween(t, day)
		return off >= -3 && off <= 4
	}
	return false
}

func working(day time.Time) bool {
	wd := day.In(loc).Weekday()
	return wd != time.Saturday && wd != time.Sunday && !holiday(day)
}

func nextWorking(day time.Time) time.Time {
	day = period.LocalDate(day).AddDate(0, 0, 1)
	for !working(day) {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

func addWorking(day time.Time, n int) time.Time {
	for ; n > 0; n-- {
		day = nextWorking(day)
	}
	return day
}

// season is what drives a day's dossiers beside the day of the week.
type season int

const (
	ordinary  season = iota
	preTet           // the three weeks before the Tết break: papers settled before the holiday, weddings
	tetBreak         // the offices are closed; a trickle arrives online
	afterTet         // the fortnight after the break: the backlog comes in
	enrolment        // June and July: school enrolment (tuyển sinh) wants certified copies and confirmations
	august           // the summer lull after enrolment
	yearEnd          // December: the year's business closed before the accounts
	seasons
)

// seasonOf is the season of a local day.
func seasonOf(day time.Time) season {
	y, m, _ := day.In(loc).Date()
	for _, ty := range []int{y, y + 1} { // a late-January Tết begins its rush in December
		t, ok := tet[ty]
		if !ok {
			continue
		}
		switch off := daysBetween(t, day); {
		case off >= -3 && off <= 4:
			return tetBreak
		case off >= -24 && off < -3:
			return preTet
		case off > 4 && off <= 18:
			return afterTet
		}
	}
	switch m {
	case time.June, time.July:
		return enrolment
	case time.August:
		return august
	case time.December:
		return yearEnd
	}
	return ordinary
}

// arrivals is the relative number of dossiers arriving in each season.
var arrivals = [seasons]float64{
	ordinary: 1, preTet: 1.6, tetBreak: 0.08, afterTet: 1.2, enrolment: 1.3, august: 0.7, yearEnd: 1.15,
}

// lateLoad multiplies the share of dossiers resolved late in each season:
// the rushes leave the offices behind.
var lateLoad = [seasons]float64{
	ordinary: 1, preTet: 2.2, tetBreak: 2, afterTet: 1.8, enrolment: 1.6, august: 0.8, yearEnd: 1.3,
}

// seasonalProcedure multiplies how often a procedure is asked for in a
// season, by the procedure's name (procedureKinds): enrolment wants copies
// of birth extracts, certified copies and confirmations for pupils; the
// wedding season around Tết wants marriages and marital status.
var seasonalProcedure = map[season]map[string]float64{
	enrolment: {"Cấp bản sao trích lục hộ tịch": 2.5, "Chứng thực bản sao từ bản chính": 1.5, "Xác nhận hoàn cảnh khó khăn học sinh": 5},
	august:    {"Xác nhận hoàn cảnh khó khăn học sinh": 3},
	preTet:    {"Đăng ký kết hôn": 2.5, "Xác nhận tình trạng hôn nhân": 2, "Chứng thực hợp đồng, giao dịch": 1.5},
	yearEnd:   {"Đăng ký kết hôn": 1.6, "Xác nhận tình trạng hôn nhân": 1.4},
	afterTet:  {"Đăng ký kết hôn": 1.5},
}

// weekday multiplies a day's arrivals: citizens file online at weekends
// too, fewer; those who come in person come on the next working day.
func weekday(day time.Time) float64 {
	switch day.In(loc).Weekday() {
	case time.Saturday:
		return 0.35
	case time.Sunday:
		return 0.25
	}
	return 1
}

// onlineByYear is the share of dossiers received online in a year, before
// each commune's own lean: it grew year by year as the online public
// services (dịch vụ công trực tuyến) spread.
var onlineByYear = map[int]float64{
	2015: 0.01, 2016: 0.02, 2017: 0.03, 2018: 0.04, 2019: 0.07, 2020: 0.12, 2021: 0.22,
	2022: 0.35, 2023: 0.55, 2024: 0.7, 2025: 0.78, 2026: 0.84, 2027: 0.88,
}

// onlineShare is the share of dossiers received online on a day: the year's
// share at mid-year, moving towards the neighbouring years' through the year.
func onlineShare(day time.Time) float64 {
	at := func(y int) float64 {
		switch {
		case y < 2015:
			return 0.01
		case y > 2027:
			return 0.9
		}
		return onlineByYear[y]
	}
	y := day.In(loc).Year()
	f := float64(day.In(loc).YearDay()-1)/365 - 0.5 // -0.5 on 1 January, about +0.5 on 31 December
	if f < 0 {
		return at(y) + (at(y)-at(y-1))*f
	}
	return at(y) + (at(y+1)-at(y))*f
}

// calendar is the days of the generated years with their seasons, and the
// cumulative weights of dossier arrivals to draw a day from.
type calendar struct {
	days       []time.Time
	seasons    []season
	cumulative []float64
}

// newCalendar covers [first-01-01, end) with a volume that grows by growth a year.
func newCalendar(first int, end time.Time, growth float64) *calendar {
	c := &calendar{}
	total := 0.0
	for d := localDay(first, time.January, 1); d.Before(end); d = d.AddDate(0, 0, 1) {
		s := seasonOf(d)
		w := arrivals[s] * weekday(d) * (1 + growth*float64(d.Year()-first))
		if holiday(d) && s != tetBreak {
			w *= 0.2
		}
		total += w
		c.days, c.seasons, c.cumulative = append(c.days, d), append(c.seasons, s), append(c.cumulative, total)
	}
	return c
}

// draw picks a day by its weight, given x uniform in [0, 1).
func (c *calendar) draw(x float64) int {
	i, _ := slices.BinarySearch(c.cumulative, x*c.cumulative[len(c.cumulative)-1])
	return min(i, len(c.days)-1)
}
