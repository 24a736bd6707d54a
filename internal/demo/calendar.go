package demo

import (
	"math/rand/v2"
	"time"

	"cchc/internal/period"
)

// holidays are the public holidays of 2022–2024 that fall on working days
// (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4 – 1/5, Quốc khánh),
// with the days off the government moved onto them.
var holidays = map[time.Time]bool{}

func init() {
	days := [][3]int{
		{2022, 12, 31},
		{2023, 1, 2},
		{2023, 1, 20}, {2023, 1, 23}, {2023, 1, 24}, {2023, 1, 25}, {2023, 1, 26},
		{2023, 5, 1}, {2023, 5, 2}, {2023, 5, 3},
		{2023, 9, 1}, {2023, 9, 4},
		{2024, 1, 1},
	}
	for _, d := range days {
		holidays[period.Date(d[0], time.Month(d[1]), d[2])] = true
	}
}

// day returns local midnight of a date.
func day(y int, m time.Month, d int) time.Time { return period.Date(y, m, d) }

// at returns the local time hh:mm on the local date of d.
func at(d time.Time, hh, mm int) time.Time {
	return period.LocalDate(d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// nextDay is the local date after d (by calendar, so it stays midnight).
func nextDay(d time.Time) time.Time {
	l := d.In(period.Location)
	return period.Date(l.Year(), l.Month(), l.Day()+1)
}

// isWorkingDay reports whether the local date of d is a working day.
func isWorkingDay(d time.Time) bool {
	d = period.LocalDate(d)
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !holidays[d]
}

// nextWorkingDay is the first working day strictly after the local date of d.
func nextWorkingDay(d time.Time) time.Time {
	d = nextDay(period.LocalDate(d))
	for !isWorkingDay(d) {
		d = nextDay(d)
	}
	return d
}

// addWorkingDays is the n-th working day after the local date of d.
func addWorkingDays(d time.Time, n int) time.Time {
	d = period.LocalDate(d)
	for range n {
		d = nextWorkingDay(d)
	}
	return d
}

// workingDays lists the working days in [from, to).
func workingDays(from, to time.Time) []time.Time {
	var out []time.Time
	for d := period.LocalDate(from); d.Before(to); d = nextDay(d) {
		if isWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// allDays lists every local date in [from, to).
func allDays(from, to time.Time) []time.Time {
	var out []time.Time
	for d := period.LocalDate(from); d.Before(to); d = nextDay(d) {
		out = append(out, d)
	}
	return out
}

// sameDate reports whether a and b fall on the same local date.
func sameDate(a, b time.Time) bool { return period.LocalDate(a).Equal(period.LocalDate(b)) }

// officeTime is a random time during office hours (7:30–11:30, 13:30–16:45) on d.
func officeTime(r *rand.Rand, d time.Time) time.Time {
	if r.IntN(2) == 0 {
		return at(d, 7, 30).Add(time.Duration(r.IntN(240)) * time.Minute)
	}
	return at(d, 13, 30).Add(time.Duration(r.IntN(195)) * time.Minute)
}

// officeTimeAfter is a random office time on the date of t, after t; it
// returns false when the office day is already over.
func officeTimeAfter(r *rand.Rand, t time.Time) (time.Time, bool) {
	earliest := t.Add(15 * time.Minute)
	if s := at(t, 7, 30); earliest.Before(s) {
		earliest = s
	}
	closing := at(t, 17, 0)
	if !earliest.Before(closing) {
		return time.Time{}, false
	}
	span := int(closing.Sub(earliest) / time.Minute)
	return earliest.Add(time.Duration(r.IntN(span)) * time.Minute), true
}

// onlineTime is a random time on d at which citizens submit online: mostly
// in the day, sometimes in the evening.
func onlineTime(r *rand.Rand, d time.Time) time.Time {
	if r.IntN(5) == 0 {
		return at(d, 18, 0).Add(time.Duration(r.IntN(330)) * time.Minute) // 18:00–23:29
	}
	return at(d, 6, 30).Add(time.Duration(r.IntN(690)) * time.Minute) // 6:30–17:59
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
