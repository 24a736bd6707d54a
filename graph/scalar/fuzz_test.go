package scalar

import (
	"bytes"
	"strconv"
	"testing"

	"cchc/internal/period"
)

// FuzzDate: a Date the API reads is written back as the client sent it;
// anything else is refused with a message naming the form, never a panic.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2023-06-30", "2024-02-29", "2023-02-29", "2023-13-45", "23-06-30", "2023-06-30T00:00:00Z", "", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := UnmarshalDate(s)
		if err != nil {
			return
		}
		var b bytes.Buffer
		MarshalDate(d).MarshalGQL(&b)
		if got := b.String(); got != strconv.Quote(s) {
			t.Fatalf("%q reads as %v and writes as %s", s, d, got)
		}
		if !period.LocalDate(d).Equal(d) {
			t.Fatalf("%q reads as %v, not local midnight", s, d)
		}
	})
}

// FuzzTime: a Time that reads is written as the same instant, and is one
// both databases keep: neither zero nor beyond year 9999 in UTC, with an
// offset under 16 hours.
func FuzzTime(f *testing.F) {
	for _, s := range []string{"2023-06-30T23:30:00+07:00", "2023-06-30T16:30:00Z", "2023-06-30T16:30:00.123456789Z", "2023-06-30T16:30:00+23:59",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "2023-06-30", "2023-06-30T24:00:00Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := UnmarshalTime(s)
		if err != nil {
			return
		}
		var b bytes.Buffer
		MarshalTime(v).MarshalGQL(&b)
		out, err := strconv.Unquote(b.String())
		if err != nil {
			t.Fatalf("%q writes as %s", s, b.String())
		}
		back, err := UnmarshalTime(out)
		if err != nil || !back.Equal(v) {
			t.Fatalf("%q reads as %v, writes as %q, reads back as %v (%v)", s, v, out, back, err)
		}
		_, offset := v.Zone()
		if v.IsZero() || v.UTC().Year() < 1 || v.UTC().Year() > 9999 || offset >= 16*3600 || offset <= -16*3600 {
			t.Fatalf("%q reads as %v, which a database cannot keep", s, v)
		}
	})
}
