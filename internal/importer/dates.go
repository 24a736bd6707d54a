package importer

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cchc/internal/period"
)

// Layouts of a local time in Vietnam (Asia/Ho_Chi_Minh) as one-stop-shop
// software and spreadsheets write it, by the separator they hold: day first,
// as Vietnamese dates are, or the portal's yyyyMMddHHmmss. Each list has the
// layouts with a time, then those of a date alone. In Go layouts "2" and "1"
// also read two digits, "15" one or two.
var (
	slashLayouts = layouts{[]string{"2/1/2006 15:04:05", "2/1/2006 15:04", "15:04:05 2/1/2006", "15:04 2/1/2006"}, []string{"2/1/2006"}}
	dashLayouts  = layouts{[]string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2-1-2006 15:04:05", "2-1-2006 15:04"}, []string{"2006-01-02", "2-1-2006"}}
	digitLayouts = layouts{[]string{"20060102150405", "200601021504"}, []string{"20060102"}}
)

// layouts are the layouts of a time and of a date alone.
type layouts struct{ clock, date []string }

// Years outside these are typing errors (30/06/0023), not dossiers.
const firstYear, lastYear = 1900, 2999

// dateHelp lists the accepted forms, for messages.
const dateHelp = "write dd/MM/yyyy HH:mm:ss, yyyyMMddHHmmss or RFC 3339 (2023-06-30T14:05:00+07:00)"

// ParseTime reads a time as the portal and spreadsheets write it: RFC 3339
// with its offset, or a local time in Vietnam in one of localLayouts; a
// date alone (dateLayouts) is the start of that day, or its last second
// when endOfDay is set (a result due on a day may come until its end). It
// is kept to the microsecond, as PostgreSQL stores it, so that importing the
// same file again finds the same times.
func ParseTime(s string, endOfDay bool) (time.Time, error) {
	t, err := parseTime(s, endOfDay)
	if err != nil {
		return t, err
	}
	if y := t.In(period.Location).Year(); y < firstYear || y > lastYear {
		return time.Time{}, fmt.Errorf("%s: the year %d is out of range", quote(s), y)
	}
	return t.Truncate(time.Microsecond), nil
}

func parseTime(s string, endOfDay bool) (time.Time, error) {
	var try layouts
	switch {
	case digits(s):
		try = digitLayouts
	case strings.Contains(s, "/"):
		try = slashLayouts
	default:
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
		try = dashLayouts
	}
	for _, layout := range try.clock {
		if t, err := time.ParseInLocation(layout, s, period.Location); err == nil {
			return t, nil
		}
	}
	for _, layout := range try.date {
		if t, err := time.ParseInLocation(layout, s, period.Location); err == nil {
			return dayTime(t, endOfDay), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a date and time: %s", quote(s), dateHelp)
}

// dayTime is midnight t, or the last second of its day when endOfDay is set.
func dayTime(t time.Time, endOfDay bool) time.Time {
	if endOfDay {
		return t.Add(24*time.Hour - time.Second) // no daylight saving in Vietnam
	}
	return t
}

// errNotSerial says that a cell is no spreadsheet date number.
var errNotSerial = errors.New("not a spreadsheet date number")

// serialTime reads a spreadsheet date cell's stored value, days since the
// workbook's epoch with the time as a fraction, as a local time in Vietnam
// to the second (what the cell shows); a whole number is a date alone.
func serialTime(s string, date1904, endOfDay bool) (time.Time, error) {
	if digits(s) && (len(s) == 8 || len(s) == 12 || len(s) == 14) {
		return time.Time{}, errNotSerial // yyyyMMdd[HHmm[ss]], stored as a number
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 1 || f > 2958465 { // 9999-12-31
		return time.Time{}, errNotSerial
	}
	wall, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return time.Time{}, errNotSerial
	}
	wall = wall.Round(time.Second)
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, period.Location)
	if f == math.Trunc(f) {
		t = dayTime(t, endOfDay)
	}
	return t, nil
}

// digits tells whether s is made of ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
