package database

import (
	"context"
	"database/sql/driver"
	"time"
)

// A statement whose context ends is cancelled by lib/pq, which sends
// PostgreSQL one cancel request. PostgreSQL drops a cancel that arrives
// while the backend is between two messages of the extended protocol: one
// that reaches it while it plans a statement (Bind), which checks for
// cancels seldom, is discarded before the Execute, and the statement then
// runs to its end, seconds or minutes after its client has gone
// (TestTimeout saw it). So while a statement whose context has ended is
// still running, the connection asks again, with pg_cancel_backend from a
// connection of its own, every recancelEvery, up to recancelTimes times.
//
// Not behind a pooler in transaction mode, where the backend a connection
// read its PID from may be another client's by then: that is where the
// statement cache is off (CCHC_STATEMENT_CACHE=0, docs/SCALING.md), and so
// is this.

const (
	recancelEvery = 250 * time.Millisecond
	recancelTimes = 20
)

// backendPID returns the process ID of the backend of cn.
func backendPID(ctx context.Context, cn pqConn) (int64, error) {
	rows, err := cn.QueryContext(ctx, "SELECT pg_backend_pid()", nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := []driver.Value{nil}
	if err := rows.Next(dest); err != nil {
		return 0, err
	}
	pid, _ := dest[0].(int64)
	return pid, nil
}

// watchCancel returns what to call once the statement sent with ctx has
// returned; meanwhile, once ctx ends, the statement is cancelled again
// until it returns.
func (c *cachingConn) watchCancel(ctx context.Context) (stop func()) {
	if ctx.Done() == nil || c.recancel == nil {
		return func() {}
	}
	returned := make(chan struct{})
	after := context.AfterFunc(ctx, func() {
		t := time.NewTicker(recancelEvery)
		defer t.Stop()
		for range recancelTimes {
			select {
			case <-returned:
				return
			case <-t.C:
				c.recancel()
			}
		}
	})
	return func() {
		close(returned)
		after()
	}
}

// cancelBackend asks PostgreSQL to cancel what backend pid is running,
// from a connection of its own; errors are for lib/pq's own request to
// have been enough.
func (c cachingConnector) cancelBackend(pid int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return
	}
	defer cn.Close()
	q, ok := cn.(driver.QueryerContext)
	if !ok {
		return
	}
	rows, err := q.QueryContext(ctx, "SELECT pg_cancel_backend($1)", []driver.NamedValue{{Ordinal: 1, Value: pid}})
	if err == nil {
		rows.Next(make([]driver.Value, 1))
		rows.Close()
	}
}
