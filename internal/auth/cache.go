package auth

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"cchc/ent"
)

// Every request needs its caller: the account, and the units under and
// above the account's unit. Read from the database, that is a recursive
// statement costing PostgreSQL more than the rest of a typical request, so
// the server keeps the answers, per account, for as long as nothing they
// depend on (the accounts and units tables) has changed:
//
//   - a write through the server's ent client (updateAccount revoking a
//     token, a unit moved) empties the cache once its transaction commits,
//     before its answer reaches the client, so the next request reads afresh;
//   - any other write (`cchc token` in another process, another server,
//     psql) is announced by PostgreSQL: a trigger on both tables notifies
//     the channel ViewersChannel on commit, and the server listening on it
//     empties its cache when the notification arrives;
//   - while the server is not listening (before the listener has connected,
//     after it lost its connection, and on SQLite, which has no
//     notifications) nothing is kept, and every request reads its caller.
//
// A request that read its caller while a change committed stores nothing:
// answers are stored only under the generation they were read in. And an
// answer is kept at most maxAge: should the listening connection die
// silently (a network partition: noticed only at its next ping), a change
// missed meanwhile takes effect within that bound.

// ViewersChannel is the PostgreSQL notification channel of changes to the
// accounts and units tables (migration viewers_changed).
const ViewersChannel = "cchc_viewers"

// maxCached bounds a cache; past it the cache starts again empty.
const maxCached = 10_000

// maxAge is how long an answer is kept at most: the listener's ping interval.
const maxAge = 30 * time.Second

// ViewerCache keeps the callers of one database while it is live.
type ViewerCache struct {
	// gen counts the changes of accounts and units made through the
	// server's ent client (Hook) or announced by PostgreSQL: an answer read
	// under an older generation is stale.
	gen atomic.Uint64

	mu      sync.Mutex
	live    bool
	entries map[string]caller
}

// Invalidate marks every answer kept stale.
func (c *ViewerCache) Invalidate() { c.gen.Add(1) }

// generation is the current generation; 0 without a cache.
func (c *ViewerCache) generation() uint64 {
	if c == nil {
		return 0
	}
	return c.gen.Load()
}

// caller is what viewerQuery read for an account.
type caller struct {
	gen          uint64
	read         time.Time // when, for maxAge
	role, code   string
	active       bool
	unitID       int
	scope, above []int
}

// SetLive says whether changes are being watched: a cache keeps nothing
// while they are not, and starts empty when they are again (what changed in
// between was not announced).
func (c *ViewerCache) SetLive(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live, c.entries = live, nil
	c.Invalidate()
}

// get returns the caller of subject read under the current generation.
func (c *ViewerCache) get(subject string) (caller, bool) {
	if c == nil {
		return caller{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[subject]
	if !ok || !c.live || e.gen != c.gen.Load() || time.Since(e.read) > maxAge {
		return caller{}, false
	}
	return e, true
}

// put keeps e, read for subject under generation e.gen, unless something
// changed since it was read.
func (c *ViewerCache) put(subject string, e caller) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live || e.gen != c.gen.Load() {
		return
	}
	if c.entries == nil || len(c.entries) >= maxCached {
		c.entries = make(map[string]caller)
	}
	e.scope, e.above = slices.Clip(e.scope), slices.Clip(e.above) // shared by requests: no appends into them
	c.entries[subject] = e
}

// Hook is the ent hook the server's client runs on writes of accounts and
// units (client.Account.Use, client.Unit.Use): the answers kept are stale
// as soon as the write is made, and again once it commits, before the
// mutation's answer reaches its client.
func (c *ViewerCache) Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			c.Invalidate() // what is read until the commit must not be kept either
			if tm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, terr := tm.Tx(); terr == nil {
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							c.Invalidate()
							return err
						})
					})
				}
			}
			return v, nil
		})
	}
}
