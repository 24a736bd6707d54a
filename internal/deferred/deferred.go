// Package deferred marks what a transaction may put off on PostgreSQL:
//
//   - writes whose result nobody reads, such as the audit entry of a change
//     or the tally of dossiers (Context): internal/database runs the
//     waiting writes together, as one statement, before the transaction's
//     next statement or its COMMIT;
//   - its BEGIN (Begin): sent only before the transaction's first write,
//     and, for a transaction that may be a single write, not at all when
//     that write carries every write of the transaction (Alone).
//
// The package is apart so that the hooks of the model, which
// internal/database depends on, can mark them.
package deferred

import "context"

type (
	key      struct{}
	beginKey struct{}
	aloneKey struct{}
)

// Context returns ctx with its writes allowed to wait.
func Context(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, true) }

// Allowed says whether ctx's writes may wait.
func Allowed(ctx context.Context) bool { b, _ := ctx.Value(key{}).(bool); return b }

// Begin returns ctx for opening a transaction whose BEGIN waits for its
// first write. With single, the transaction is known to end with its first
// write when that write is sent Alone: it then runs on its own, without
// BEGIN and COMMIT, and any later write is refused.
func Begin(ctx context.Context, single bool) context.Context {
	return context.WithValue(ctx, beginKey{}, &single)
}

// BeginMode says whether a transaction opened with ctx may put off its
// BEGIN, and whether it may be a single write.
func BeginMode(ctx context.Context) (lazy, single bool) {
	s, ok := ctx.Value(beginKey{}).(*bool)
	return ok, ok && *s
}

// Alone returns ctx for a write that carries every write of its
// transaction: nothing the transaction does after it writes.
func Alone(ctx context.Context) context.Context { return context.WithValue(ctx, aloneKey{}, true) }

// IsAlone says whether ctx's write carries every write of its transaction.
func IsAlone(ctx context.Context) bool { b, _ := ctx.Value(aloneKey{}).(bool); return b }
