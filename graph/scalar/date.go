// Package scalar holds the custom GraphQL scalars of the API.
package scalar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"cchc/internal/period"
)

// MarshalDate writes a time as the local calendar date in Vietnam, "2023-06-30".
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(period.FormatDate(t)))
	})
}

// UnmarshalDate reads "2023-06-30" as midnight of that day in Vietnam.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("a Date must be a string of the form YYYY-MM-DD")
	}
	return period.ParseDate(s)
}
