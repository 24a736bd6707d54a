package scalar

import (
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes an instant as gqlgen's Time scalar does: RFC 3339 with
// the offset it holds.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// maxOffset bounds the offset of an instant: PostgreSQL refuses a time
// zone displacement past 15:59.
const maxOffset = 16 * time.Hour

// UnmarshalTime reads an RFC 3339 instant ("2023-06-30T23:30:00+07:00"),
// refusing what gqlgen's Time would let through but the databases cannot
// keep or give back: an empty string or the zero instant (read as no time,
// then written as null for a field that cannot be null), a year outside
// 1–9999 in UTC (SQLite stores text it cannot parse back) and an offset
// of 16 hours or more (PostgreSQL refuses it).
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("a Time must be a string such as 2023-06-30T23:30:00+07:00 (RFC 3339)")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time such as 2023-06-30T23:30:00+07:00 (RFC 3339)", s)
	}
	_, offset := t.Zone()
	if u := t.UTC(); t.IsZero() || u.Year() < 1 || u.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the times kept, 0001-01-01 to 9999-12-31 in UTC (and not the zero instant 0001-01-01T00:00:00Z)", s)
	}
	if d := time.Duration(offset) * time.Second; d >= maxOffset || d <= -maxOffset {
		return time.Time{}, fmt.Errorf("%q has an offset of 16 hours or more from UTC", s)
	}
	return t, nil
}
