package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"

	"cchc/internal/deferred"
)

// Most GraphQL mutations are one write. updateDossier reads the stored row,
// then writes it, its audit entry and its tally in one UPDATE … RETURNING,
// and createDossier its INSERT with them (internal/returning): BEGIN and
// COMMIT were two of four statements, and under load they cost the server
// and PostgreSQL about a sixth of their processor time per request
// (docs/PERFORMANCE.md). So a transaction opened with deferred.Begin puts
// them off:
//
//   - its BEGIN waits for the first write. The plain reads before it (a
//     SELECT that locks nothing) run on their own: under READ COMMITTED,
//     PostgreSQL's default, each statement reads its own snapshot inside a
//     transaction or out of it, so they read the same.
//   - with single set (server: a mutation of one field whose answer reads
//     nothing more), a write sent with deferred.Alone before any other runs
//     without BEGIN and COMMIT: autocommitted, it is the transaction. It
//     must then be the transaction's last write; a later one is refused
//     rather than made apart from it, and internal/returning sends Alone only
//     when every write that goes with the record's rides in it.
//
// Other transactions (migrations, imports, tools) begin at once, and so do
// all where the statement cache is off, as behind a pooler in transaction
// mode, which may give statements outside a transaction different server
// connections (docs/SCALING.md).

// errAfterAlone refuses a write after the write that was its transaction.
var errAfterAlone = errors.New("database: a write after its transaction's only write, which is committed")

// lazyTx is a transaction whose BEGIN waits.
type lazyTx struct {
	single bool      // its first write may be its only one
	tx     driver.Tx // once begun
	alone  bool      // its only write ran on its own
}

// beginLazily opens a transaction without BEGIN, when ctx allows it and
// the transaction has the default options.
func (c *cachingConn) beginLazily(ctx context.Context, opts driver.TxOptions) bool {
	lazy, single := deferred.BeginMode(ctx)
	if !lazy || opts != (driver.TxOptions{}) || c.size <= 0 {
		return false
	}
	c.lazy = &lazyTx{single: single}
	return true
}

// before readies the connection's transaction for query, sent with ctx: a
// read needs nothing, the only write nothing either, and any other write
// its BEGIN.
func (c *cachingConn) before(ctx context.Context, query string) error {
	l := c.lazy
	if l == nil || l.tx != nil || reads(query) {
		return nil
	}
	if l.single && !l.alone && len(c.pending) == 0 && deferred.IsAlone(ctx) {
		l.alone = true
		return nil
	}
	return c.writing(ctx)
}

// writing begins the connection's transaction for a write, if it waits,
// and refuses a write after its only one.
func (c *cachingConn) writing(ctx context.Context) error {
	l := c.lazy
	switch {
	case l == nil || l.tx != nil:
		return nil
	case l.alone:
		return errAfterAlone
	}
	tx, err := c.pqConn.BeginTx(ctx, driver.TxOptions{}) // the only options put off
	if err != nil {
		return err
	}
	l.tx = tx
	return nil
}

// begun says whether the connection is inside a transaction PostgreSQL
// knows of, where a refused statement aborts it.
func (c *cachingConn) begun() bool { return c.inTx && (c.lazy == nil || c.lazy.tx != nil) }

// ended ends the connection's transaction on the Go side and returns what
// of it PostgreSQL knows: tx, or nil when nothing was begun there.
func (c *cachingConn) ended(tx driver.Tx) driver.Tx {
	if l := c.lazy; l != nil {
		tx = l.tx
	}
	c.inTx, c.lazy = false, nil
	return tx
}

// locking are what makes a SELECT more than a read: a lock, kept until the
// end of its transaction (which a statement on its own ends at once), or a
// function that changes something.
var locking = []string{" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE",
	"nextval(", "setval(", "pg_advisory", "set_config(", "pg_notify("}

// reads says whether query only reads: a SELECT that locks nothing and
// calls none of the functions that change something.
func reads(query string) bool {
	if !strings.HasPrefix(query, "SELECT ") {
		return false
	}
	for _, s := range locking {
		if strings.Contains(query, s) {
			return false
		}
	}
	return true
}
