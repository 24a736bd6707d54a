// Package period turns reporting periods and calendar dates into instants.
// Every period and date of the product is a local date in Asia/Ho_Chi_Minh
// (UTC+7, no daylight saving), whatever the server's or database's time zone.
package period

import (
	"fmt"
	"time"
	_ "time/tzdata"

	entdialect "entgo.io/ent/dialect" // the zone must resolve on machines without a zoneinfo database
)

// Location is Vietnam's time zone.
var Location = mustLoad("Asia/Ho_Chi_Minh")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DateLayout is the layout of a calendar date in GraphQL, CSV and documents.
const DateLayout = "2006-01-02"

// Date returns midnight of the local date year-month-day in Vietnam.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, Location)
}

// LocalDate returns midnight, in Vietnam, of the local date on which t falls.
func LocalDate(t time.Time) time.Time {
	l := t.In(Location)
	return Date(l.Year(), l.Month(), l.Day())
}

// FormatDate writes the local date of t as 2006-01-02.
func FormatDate(t time.Time) string { return t.In(Location).Format(DateLayout) }

// ParseDate reads a local date written as 2006-01-02, of a year from 1 to
// 9999: midnight of 0000-01-01 in Vietnam falls in year -1 in UTC, which
// SQLite stores as text it cannot read back.
func ParseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(DateLayout, s, Location)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	if t.Year() < 1 {
		return time.Time{}, fmt.Errorf("%q is before the first date kept, 0001-01-01", s)
	}
	return t, nil
}

// LocalDateSQL is the SQL, in dialect ("postgres" or "sqlite3"), for the
// local date in Vietnam of the stored instant col: instants are timestamptz
// on PostgreSQL and UTC text on SQLite, and Vietnam has kept UTC+7 since 1975.
func LocalDateSQL(dialect, col string) string {
	if dialect == entdialect.Postgres {
		return "((" + col + ") AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
	}
	return "date(" + col + ", '+7 hours')"
}

// LocalYearMonthSQL returns the SQL of the local year and month (integers)
// of the stored instant col.
func LocalYearMonthSQL(dialect, col string) (year, month string) {
	if dialect == entdialect.Postgres {
		local := "((" + col + ") AT TIME ZONE 'Asia/Ho_Chi_Minh')"
		return "CAST(EXTRACT(YEAR FROM " + local + ") AS INTEGER)", "CAST(EXTRACT(MONTH FROM " + local + ") AS INTEGER)"
	}
	return "CAST(strftime('%Y', " + col + ", '+7 hours') AS INTEGER)", "CAST(strftime('%m', " + col + ", '+7 hours') AS INTEGER)"
}
