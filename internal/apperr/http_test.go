package apperr

import (
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/lib/pq"

	"cchc/ent"
)

// TestClassify: the endpoints beside GraphQL answer a known cause by its
// code and anything else as a fault, never with the cause's words; a
// database out of reach answers UNAVAILABLE (HTTP 503), not a fault.
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
		// The database stopping, crashing, starting, or out of reach.
		{fmt.Errorf("querying: %w", &pq.Error{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}), Unavailable, unavailableMessage},
		{&pq.Error{Code: "57P03", Message: "the database system is starting up"}, Unavailable, unavailableMessage},
		{&pq.Error{Code: "08006", Message: "connection failure"}, Unavailable, unavailableMessage},
		{fmt.Errorf("commit: %w", sqldriver.ErrBadConn), Unavailable, unavailableMessage},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, Unavailable, unavailableMessage},
		// A query the database cancelled is no outage.
		{&pq.Error{Code: "57014", Message: "canceling statement due to statement timeout"}, Internal, "internal error"},
	} {
		e := Classify(c.err)
		if e.Code != c.code || e.Message != c.message {
			t.Errorf("%v: got %s %q, want %s %q", c.err, e.Code, e.Message, c.code, c.message)
		}
		if e.Code == Unavailable && e.Code.HTTPStatus() != http.StatusServiceUnavailable {
			t.Errorf("%v: HTTP %d", c.err, e.Code.HTTPStatus())
		}
		if (e.Code == Internal || e.Code == Unavailable) && !errors.Is(e, c.err) {
			t.Errorf("%v: the cause is lost for the log", c.err)
		}
	}
}
