package database

import (
	"context"
	stdsql "database/sql"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// CountStatements returns, for WithDriver, a wrapper of the ent driver that
// adds one to n for every SQL statement sent through it, in and out of
// transactions: tests assert bounded queries with it, and the benchmark
// reports how many statements a request took.
func CountStatements(n *atomic.Int64) func(dialect.Driver) dialect.Driver {
	return func(d dialect.Driver) dialect.Driver { return counter{Driver: d, n: n} }
}

// counter is an ent driver that counts the SQL statements sent through it.
type counter struct {
	dialect.Driver
	n *atomic.Int64
}

// execQuerier is what ent's SQL drivers offer beyond dialect.Driver.
type execQuerier interface {
	ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	BeginTx(context.Context, *stdsql.TxOptions) (dialect.Tx, error)
}

func (c counter) Exec(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Exec(ctx, query, args, v)
}

func (c counter) Query(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Query(ctx, query, args, v)
}

func (c counter) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	c.n.Add(1)
	return c.Driver.(execQuerier).ExecContext(ctx, query, args...)
}

func (c counter) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	c.n.Add(1)
	return c.Driver.(execQuerier).QueryContext(ctx, query, args...)
}

func (c counter) Tx(ctx context.Context) (dialect.Tx, error) {
	return c.BeginTx(ctx, nil)
}

func (c counter) BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error) {
	tx, err := c.Driver.(execQuerier).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return countedTx{Tx: tx, n: c.n}, nil
}

type countedTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t countedTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t countedTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

func (t countedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	t.n.Add(1)
	return t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	}).ExecContext(ctx, query, args...)
}

func (t countedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	t.n.Add(1)
	return t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	}).QueryContext(ctx, query, args...)
}
