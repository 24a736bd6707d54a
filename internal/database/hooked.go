package database

import (
	"context"
	stdsql "database/sql"

	"entgo.io/ent/dialect"
)

// statementHook sees every SQL statement before it runs, in and out of
// transactions. It returns the arguments to send instead and, unless nil, a
// function called with the statement's error once it has run (for a query,
// once its rows are ready to read).
type statementHook func(ctx context.Context, query string, args []any) ([]any, func(error))

// hooked is an ent driver that passes every statement through its hook:
// the UTC conversion of SQLite, the statement counter and the statement
// spans of tracing are all hooks.
type hooked struct {
	dialect.Driver
	hook statementHook
}

// execQuerier is what ent's SQL drivers and transactions offer beyond dialect.Driver.
type execQuerier interface {
	ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
}

func (h hooked) Exec(ctx context.Context, query string, args, v any) error {
	a, done := h.hook.any(ctx, query, args)
	return finish(done, h.Driver.Exec(ctx, query, a, v))
}

func (h hooked) Query(ctx context.Context, query string, args, v any) error {
	a, done := h.hook.any(ctx, query, args)
	return finish(done, h.Driver.Query(ctx, query, a, v))
}

func (h hooked) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	a, done := h.hook(ctx, query, args)
	res, err := h.Driver.(execQuerier).ExecContext(ctx, query, a...)
	return res, finish(done, err)
}

func (h hooked) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	a, done := h.hook(ctx, query, args)
	rows, err := h.Driver.(execQuerier).QueryContext(ctx, query, a...)
	return rows, finish(done, err)
}

func (h hooked) Tx(ctx context.Context) (dialect.Tx, error) { return h.BeginTx(ctx, nil) }

func (h hooked) BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error) {
	tx, err := h.Driver.(interface {
		BeginTx(context.Context, *stdsql.TxOptions) (dialect.Tx, error)
	}).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return hookedTx{tx, h.hook}, nil
}

type hookedTx struct {
	dialect.Tx
	hook statementHook
}

func (t hookedTx) Exec(ctx context.Context, query string, args, v any) error {
	a, done := t.hook.any(ctx, query, args)
	return finish(done, t.Tx.Exec(ctx, query, a, v))
}

func (t hookedTx) Query(ctx context.Context, query string, args, v any) error {
	a, done := t.hook.any(ctx, query, args)
	return finish(done, t.Tx.Query(ctx, query, a, v))
}

func (t hookedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	a, done := t.hook(ctx, query, args)
	res, err := t.Tx.(execQuerier).ExecContext(ctx, query, a...)
	return res, finish(done, err)
}

func (t hookedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	a, done := t.hook(ctx, query, args)
	rows, err := t.Tx.(execQuerier).QueryContext(ctx, query, a...)
	return rows, finish(done, err)
}

// any applies the hook to the untyped arguments of dialect.ExecQuerier.
func (h statementHook) any(ctx context.Context, query string, args any) (any, func(error)) {
	if a, ok := args.([]any); ok {
		return h(ctx, query, a)
	}
	_, done := h(ctx, query, nil)
	return args, done
}

// finish reports a statement's error to its hook's done, if any.
func finish(done func(error), err error) error {
	if done != nil {
		done(err)
	}
	return err
}
