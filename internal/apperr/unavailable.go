package apperr

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
)

// unavailableMessage answers a request that failed because the database
// could not be reached: nothing is wrong with the request, and a mutation
// that answers it wrote nothing (its transaction did not commit).
const unavailableMessage = "the database is unavailable for the moment: retry shortly"

// unavailable tells whether err says that the database cannot be reached
// for the moment — it is shutting down or starting, or the connection to it
// failed or broke — rather than that anything is wrong with the request or
// the server: the same request may succeed when sent again.
func unavailable(err error) bool {
	switch state := sqlState(err); {
	case strings.HasPrefix(state, "08"), // connection_exception and its subclasses
		state == "57P01", // admin_shutdown: the server stops (pg_ctl stop -m fast)
		state == "57P02", // crash_shutdown: another backend crashed, or pg_ctl stop -m immediate
		state == "57P03", // cannot_connect_now: the server is starting or stopping
		state == "53300": // too_many_connections
		return true
	}
	// A broken or refused connection: database/sql retries a statement on a
	// bad connection by itself, but not within a transaction, nor when every
	// connection it tries is refused.
	var op *net.OpError
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.As(err, &op)
}
