package database

import (
	"context"
	stdsql "database/sql"

	"entgo.io/ent/dialect"
)

// statementHook sees the arguments of every SQL statement before it runs, in
// and out of transactions, and returns the arguments to send instead.
type statementHook func(args []any) []any

// hooked is an ent driver that passes every statement through its hook:
// the UTC conversion of SQLite and the statement counter are both hooks.
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
	return h.Driver.Exec(ctx, query, h.hook.any(args), v)
}

func (h hooked) Query(ctx context.Context, query string, args, v any) error {
	return h.Driver.Query(ctx, query, h.hook.any(args), v)
}

func (h hooked) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return h.Driver.(execQuerier).ExecContext(ctx, query, h.hook(args)...)
}

func (h hooked) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	return h.Driver.(execQuerier).QueryContext(ctx, query, h.hook(args)...)
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
	return t.Tx.Exec(ctx, query, t.hook.any(args), v)
}

func (t hookedTx) Query(ctx context.Context, query string, args, v any) error {
	return t.Tx.Query(ctx, query, t.hook.any(args), v)
}

func (t hookedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return t.Tx.(execQuerier).ExecContext(ctx, query, t.hook(args)...)
}

func (t hookedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	return t.Tx.(execQuerier).QueryContext(ctx, query, t.hook(args)...)
}

// any applies the hook to the untyped arguments of dialect.ExecQuerier.
func (h statementHook) any(args any) any {
	if a, ok := args.([]any); ok {
		return h(a)
	}
	h(nil)
	return args
}
