package database

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"

	"github.com/lib/pq"

	"cchc/internal/config"
	"cchc/internal/deferred"
	"cchc/internal/returning"
)

// DefaultStatementCache is how many prepared statements each PostgreSQL
// connection keeps (WithStatementCache): CCHC_STATEMENT_CACHE's default.
const DefaultStatementCache = config.DefaultStatementCache

// A statement with arguments sent through lib/pq is parsed, planned and
// run anew each time, in two round trips (Parse/Describe, then
// Bind/Execute). The requests of the API repeat the same few hundred
// statements (ent writes them from the query's shape; the values are
// arguments), and for the small ones that make up most requests PostgreSQL
// spends more time parsing and planning than running them. So, as pgx does
// by default, each connection prepares a statement the first time it runs
// it, keeps it (the least recently used dropped past the cache's size) and
// then only binds and executes it: one round trip, no parsing, and after
// five runs PostgreSQL may keep a generic plan (plan_cache_mode).
//
// database/sql uses a connection from one goroutine at a time, so a cache
// needs no lock. Statements without arguments keep lib/pq's simple
// protocol. A behind a pooler in transaction mode (pgbouncer before 1.21)
// must turn the cache off: named statements do not survive a change of
// server connection.

// cachingConnector opens lib/pq connections that keep their statements.
type cachingConnector struct {
	*pq.Connector
	size int
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := cn.(pqConn)
	if !ok {
		return cn, nil // not the lib/pq connection this was written for: no cache
	}
	cc := &cachingConn{pqConn: pc, size: c.size, stmts: map[string]*list.Element{}, order: list.New()}
	if c.size > 0 { // a session of its own, not a pooler's in transaction mode (cancel.go)
		pid, err := backendPID(ctx, pc)
		if err != nil {
			pc.Close()
			return nil, err
		}
		cc.recancel = func() { c.cancelBackend(pid) }
	}
	return cc, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.Connector.Driver() }

// pqConn is what a lib/pq connection implements.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// cachingConn is a lib/pq connection with its prepared statements and the
// writes of its transaction that wait for the COMMIT (deferred.go).
type cachingConn struct {
	pqConn
	inTx    bool                     // in a transaction, begun or waiting to (lazy.go)
	size    int                      // 0: no statement is kept
	stmts   map[string]*list.Element // of *cached, by SQL text
	order   *list.List               // most recently used first
	pending []pendingWrite           // deferred writes, in order
	lazy    *lazyTx                  // the transaction, when its BEGIN waits (lazy.go)

	recancel func() // cancels what the connection's backend runs, from another connection (cancel.go)
}

type cached struct {
	query string
	stmt  driver.Stmt
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	query, args, taken, ctx, err := c.withRiders(ctx, query, args)
	if err != nil {
		return nil, err
	}
	if err := c.before(ctx, query); err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, query, args)
	if err == nil && taken != nil {
		taken()
	}
	return rows, err
}

func (c *cachingConn) query(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	defer c.watchCancel(ctx)()
	if len(args) == 0 || c.size <= 0 {
		return c.pqConn.QueryContext(ctx, query, args)
	}
	return runPrepared(ctx, c, query, func(st driver.Stmt) (driver.Rows, error) {
		return st.(driver.StmtQueryContext).QueryContext(ctx, args)
	})
}

// withRiders adds to the INSERT of a created record the writes riding with
// it (returning.Insert), with their arguments converted as database/sql
// converts the statement's; ctx says when the statement is then its
// transaction's only write. taken is to call once it has run; nil when
// nothing rides.
func (c *cachingConn) withRiders(ctx context.Context, query string, args []driver.NamedValue) (string, []driver.NamedValue, func(), context.Context, error) {
	q, more, taken, alone, err := returning.Insert(ctx, query, len(args))
	if err != nil || taken == nil {
		return query, args, nil, ctx, err
	}
	args = append(make([]driver.NamedValue, 0, len(args)+len(more)), args...)
	for _, v := range more {
		nv := driver.NamedValue{Ordinal: len(args) + 1, Value: v}
		if err := c.CheckNamedValue(&nv); errors.Is(err, driver.ErrSkip) {
			nv.Value, err = driver.DefaultParameterConverter.ConvertValue(v)
			if err != nil {
				return "", nil, nil, ctx, err
			}
		} else if err != nil {
			return "", nil, nil, ctx, err
		}
		args = append(args, nv)
	}
	if alone {
		ctx = deferred.Alone(ctx)
	}
	return q, args, taken, ctx, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.deferWrite(ctx, query, args) {
		return deferredResult{}, nil
	}
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	if err := c.before(ctx, query); err != nil {
		return nil, err
	}
	return c.exec(ctx, query, args)
}

func (c *cachingConn) exec(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	defer c.watchCancel(ctx)()
	if len(args) == 0 || c.size <= 0 {
		return c.pqConn.ExecContext(ctx, query, args)
	}
	return runPrepared(ctx, c, query, func(st driver.Stmt) (driver.Result, error) {
		return st.(driver.StmtExecContext).ExecContext(ctx, args)
	})
}

// runPrepared runs query's prepared statement with run, preparing it again
// and running it once more when PostgreSQL refused the kept one
// (forgetIfStale) outside a transaction.
func runPrepared[T any](ctx context.Context, c *cachingConn, query string, run func(driver.Stmt) (T, error)) (T, error) {
	var zero T
	st, err := c.prepared(ctx, query)
	if err != nil {
		return zero, err
	}
	// A context that ended while the statement was prepared: lib/pq would
	// send the statement and a cancel request at once, and a cancel that
	// reaches PostgreSQL before the statement does is lost.
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	out, err := run(st)
	if c.forgetIfStale(query, err) && !c.begun() {
		if st, err = c.prepared(ctx, query); err != nil {
			return zero, err
		}
		return run(st)
	}
	return out, err
}

// PrepareContext serves database/sql's own statements (DB.Prepare), which
// run after the writes waiting before them, and inside the transaction:
// they are run past before.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	if err := c.writing(ctx); err != nil {
		return nil, err
	}
	return c.pqConn.PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.beginLazily(ctx, opts) {
		c.inTx = true
		return endTx{nil, c}, nil
	}
	tx, err := c.pqConn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return endTx{tx, c}, nil
}

// endTx notes the end of a connection's transaction.
type endTx struct {
	driver.Tx
	c *cachingConn
}

// Commit runs the writes still waiting (deferred.go), then commits: nothing
// to send when no write began the transaction (lazy.go).
func (t endTx) Commit() error {
	err := t.c.flush(context.Background())
	tx := t.c.ended(t.Tx)
	switch {
	case tx == nil:
		return err
	case err != nil:
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Rollback drops the writes waiting and rolls back what was begun. A
// transaction whose only write ran on its own has nothing to roll back.
func (t endTx) Rollback() error {
	t.c.pending = nil
	if tx := t.c.ended(t.Tx); tx != nil {
		return tx.Rollback()
	}
	return nil
}

// prepared returns the connection's statement of query, preparing it the
// first time.
func (c *cachingConn) prepared(ctx context.Context, query string) (driver.Stmt, error) {
	if e, ok := c.stmts[query]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cached).stmt, nil
	}
	st, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = c.order.PushFront(&cached{query, st})
	if c.order.Len() > c.size {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.stmts, old.Value.(*cached).query)
		old.Value.(*cached).stmt.Close() // frees it on the server; an error leaves the connection marked bad
	}
	return st, nil
}

// forgetIfStale drops query's statement, and says so, when PostgreSQL no
// longer accepts it: a table it reads changed shape (a migration of a newer
// server while this one runs), or the statement is gone. It is prepared
// again at once outside a transaction (the statement was refused before it
// ran), at the next run inside one (the refusal aborted the transaction).
func (c *cachingConn) forgetIfStale(query string, err error) bool {
	var pe *pq.Error
	if err == nil || !errors.As(err, &pe) {
		return false
	}
	if pe.Code != "0A000" && pe.Code != "26000" { // feature_not_supported (cached plan must not change result type), invalid_sql_statement_name
		return false
	}
	if e, ok := c.stmts[query]; ok {
		c.order.Remove(e)
		delete(c.stmts, query)
	}
	return true
}

func (c *cachingConn) Close() error {
	c.stmts, c.order = nil, nil // the server frees a connection's statements with it
	return c.pqConn.Close()
}
