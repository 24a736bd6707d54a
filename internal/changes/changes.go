// Package changes tells a cache the server keeps between requests when what
// it holds may have changed. A cache stores what it read together with the
// generation it read it in, and uses it only while the generation has not
// moved on and changes are being watched:
//
//   - a write through the server's ent client moves the generation on at
//     once (Hook), and again once its transaction commits (before the
//     mutation's answer reaches its client) or rolls back: what was read
//     before the commit is not kept past it;
//   - a write by anyone else (another server, `cchc` commands, psql) is
//     announced by a PostgreSQL trigger on the table and heard by
//     database.DB.Watch, which calls SetLive;
//   - while nothing listens (before the listener has connected, after it lost
//     its connection, and on SQLite, which has no notifications) nothing may
//     be kept.
package changes

import (
	"context"
	"sync/atomic"

	"cchc/ent"
)

// Watched is the generation of what a cache holds. Its zero value is not
// live: a cache keeps nothing until SetLive(true).
type Watched struct {
	n    atomic.Uint64
	live atomic.Bool
}

// Changed marks everything read so far stale.
func (w *Watched) Changed() { w.n.Add(1) }

// Current returns the generation to store beside what is read now, and
// whether it may be kept at all.
func (w *Watched) Current() (gen uint64, live bool) {
	if w == nil {
		return 0, false
	}
	return w.n.Load(), w.live.Load()
}

// Fresh tells whether what was read in generation gen is still valid.
func (w *Watched) Fresh(gen uint64) bool {
	n, live := w.Current()
	return live && n == gen
}

// SetLive says whether changes by others are being heard (database.DB.Watch
// calls it on connection and on each notification): what was read before is
// stale either way, as what changed meanwhile was not announced.
func (w *Watched) SetLive(live bool) {
	w.live.Store(live)
	w.Changed()
}

// Hook is the ent hook the server's client runs on writes of the tables
// whose rows a cache holds (client.Unit.Use …).
func (w *Watched) Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			w.Changed() // what is read until the commit must not be kept either
			if tm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, terr := tm.Tx(); terr == nil {
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							w.Changed()
							return err
						})
					})
					// What the transaction read after its write was never
					// committed: not kept past its rollback either.
					tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
						return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Rollback(ctx, tx)
							w.Changed()
							return err
						})
					})
				}
			}
			return v, nil
		})
	}
}
