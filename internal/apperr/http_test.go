package apperr

import (
	"errors"
	"fmt"
	"testing"

	"cchc/ent"
)

// TestClassify: the endpoints beside GraphQL answer a known cause by its
// code and anything else as a fault, never with the cause's words.
func TestClassify(t *testing.T) {
	driver := errors.New(`pq: relation "procedures" does not exist`)
	for _, c := range []struct {
		err     error
		code    Code
		message string
	}{
		{Input("year", "must be between 1990 and 2100"), BadInput, "year: must be between 1990 and 2100"},
		{fmt.Errorf("loading: %w", &ent.NotFoundError{}), NotFound, "not found"},
		{fmt.Errorf("indicators: %w", driver), Internal, "internal error"},
	} {
		e := Classify(c.err)
		if e.Code != c.code || e.Message != c.message {
			t.Errorf("%v: got %s %q, want %s %q", c.err, e.Code, e.Message, c.code, c.message)
		}
		if e.Code == Internal && !errors.Is(e, driver) {
			t.Errorf("%v: the cause is lost for the log", c.err)
		}
	}
}
