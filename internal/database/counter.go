package database

import (
	"context"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// CountStatements returns, for WithDriver, a wrapper of the ent driver that
// adds one to n for every SQL statement sent through it, in and out of
// transactions: tests assert bounded queries with it, and the benchmark
// reports how many statements a request took.
func CountStatements(n *atomic.Int64) func(dialect.Driver) dialect.Driver {
	return func(d dialect.Driver) dialect.Driver {
		return hooked{d, func(_ context.Context, _ string, args []any) ([]any, func(error)) { n.Add(1); return args, nil }}
	}
}
