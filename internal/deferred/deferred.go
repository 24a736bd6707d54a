// Package deferred marks the writes of a transaction that may wait: writes
// whose result nobody reads, such as the audit entry of a change or the
// tally of dossiers. On PostgreSQL internal/database runs the waiting
// writes together, as one statement, before the transaction's next
// statement or its COMMIT. The package is apart so that the hooks of the
// model, which internal/database depends on, can mark them.
package deferred

import "context"

type key struct{}

// Context returns ctx with its writes allowed to wait.
func Context(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, true) }

// Allowed says whether ctx's writes may wait.
func Allowed(ctx context.Context) bool { b, _ := ctx.Value(key{}).(bool); return b }
