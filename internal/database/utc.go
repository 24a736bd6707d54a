package database

import (
	"context"
	"time"
)

// utcArgs hands SQLite every time in UTC. SQLite keeps times as text with
// the offset they were written with, and compares them as text: an instant
// written at +07:00 and one at +00:00 would not compare as instants. In UTC
// the text order is the time order, and date(t, '+7 hours') is the local date.
// It is the statement hook of the SQLite driver.
func utcArgs(_ context.Context, _ string, args []any) ([]any, func(error)) {
	out := args
	for i, a := range args {
		var t time.Time
		switch v := a.(type) {
		case time.Time:
			t = v
		case *time.Time:
			if v == nil {
				continue
			}
			t = *v
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...) // copy before the first change
		}
		out[i] = t.UTC()
	}
	return out, nil
}
