package auth

import (
	"slices"
	"sync"
	"time"

	"cchc/internal/changes"
)

// Every request needs its caller: the account, and the units under and
// above the account's unit. Read from the database, that is a recursive
// statement costing PostgreSQL more than the rest of a typical request, so
// the server keeps the answers, per account, for as long as nothing they
// depend on (the accounts and units tables) has changed, as package changes
// tells: a write through the server's client, or a trigger on both tables
// notifying ViewersChannel. An answer is also kept at most maxAge: should
// the listening connection die silently (a network partition: noticed only
// at its next ping), a change missed meanwhile takes effect within that
// bound.

// ViewersChannel is the PostgreSQL notification channel of changes to the
// accounts and units tables (migration viewers_changed).
const ViewersChannel = "cchc_viewers"

// maxCached bounds a cache; past it the cache starts again empty.
const maxCached = 10_000

// maxAge is how long an answer is kept at most: the listener's ping interval.
const maxAge = 30 * time.Second

// ViewerCache keeps the callers of one database while its changes are
// watched (package changes).
type ViewerCache struct {
	changes.Watched // of the accounts and units

	mu      sync.Mutex
	entries map[string]caller
}

// generation is the current generation; 0 without a cache.
func (c *ViewerCache) generation() uint64 {
	if c == nil {
		return 0
	}
	gen, _ := c.Current()
	return gen
}

// caller is what viewerQuery read for an account.
type caller struct {
	gen          uint64
	read         time.Time // when, for maxAge
	role, code   string
	active       bool
	unitID       int
	scope, above []int
	ended        map[int]bool
}

// get returns the caller of subject read under the current generation.
func (c *ViewerCache) get(subject string) (caller, bool) {
	if c == nil {
		return caller{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[subject]
	if !ok || !c.Fresh(e.gen) || time.Since(e.read) > maxAge {
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
	if !c.Fresh(e.gen) {
		return
	}
	if c.entries == nil || len(c.entries) >= maxCached {
		c.entries = make(map[string]caller)
	}
	e.scope, e.above = slices.Clip(e.scope), slices.Clip(e.above) // shared by requests: no appends into them
	c.entries[subject] = e
}
