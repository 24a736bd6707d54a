package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cchc/internal/deferred"
)

// Some writes of a transaction nobody waits for: the audit entry of a
// change and the tally of dossiers are written after the change, and no
// one reads their answer. Each would still be a statement of its own,
// and PostgreSQL spends more on starting a small statement (its portal,
// locks, snapshot, executor) than on running it. So a write sent with a
// deferred.Context inside a transaction waits on its connection until the
// next statement or the COMMIT, and the writes waiting then run as one
// statement: the first ones as data-modifying WITH queries of the last
// (WITH w1 AS (INSERT …) INSERT …), prepared and kept like any other.
//
// Waiting writes run before any other statement of their transaction (so
// the transaction reads what it wrote) and are dropped with a rollback.
// Their error, if any, comes from that statement or the COMMIT, and then
// nothing of the transaction is written. Writes to the same table run one
// after the other (the queries of one statement see the same snapshot,
// not each other's rows), and so does a write whose text the numbering of
// placeholders does not understand. On SQLite, and outside transactions,
// deferred.Context changes nothing.

// deferredResult is the result of a write that has not run yet.
type deferredResult struct{}

var errDeferred = errors.New("database: a deferred write has no result until its transaction commits")

func (deferredResult) LastInsertId() (int64, error) { return 0, errDeferred }
func (deferredResult) RowsAffected() (int64, error) { return 0, errDeferred }

// pendingWrite is a deferred INSERT into table.
type pendingWrite struct {
	query, table string
	args         []driver.NamedValue
}

// deferWrite keeps an INSERT for later and says so, when ctx allows it
// (deferred.Context) and the connection is in a transaction.
func (c *cachingConn) deferWrite(ctx context.Context, query string, args []driver.NamedValue) bool {
	if !c.inTx || !deferred.Allowed(ctx) {
		return false
	}
	table, ok := insertInto(query)
	if ok {
		c.pending = append(c.pending, pendingWrite{query, table, args})
	}
	return ok
}

// flush runs the waiting writes, as one statement where it can.
func (c *cachingConn) flush(ctx context.Context) error {
	if len(c.pending) == 0 {
		return nil
	}
	if err := c.writing(ctx); err != nil { // a waiting BEGIN goes first
		c.pending = nil
		return err
	}
	for len(c.pending) > 0 {
		n := 1 // the longest run of writes to distinct tables
		for n < len(c.pending) && !slices.ContainsFunc(c.pending[:n], func(w pendingWrite) bool { return w.table == c.pending[n].table }) {
			n++
		}
		query, args, ok := combine(c.pending[:n])
		if !ok {
			query, args, n = c.pending[0].query, c.pending[0].args, 1
		}
		c.pending = c.pending[n:]
		if _, err := c.exec(ctx, query, args); err != nil {
			c.pending = nil
			return errors.Join(errors.New("database: a deferred write failed"), err)
		}
	}
	return nil
}

// combine writes ws as one statement: the first ones as WITH queries of the
// last, their placeholders numbered on. It refuses text it cannot renumber
// safely: string literals, comments, dollar quoting.
func combine(ws []pendingWrite) (string, []driver.NamedValue, bool) {
	if len(ws) == 1 {
		return ws[0].query, ws[0].args, true
	}
	var b strings.Builder
	var args []driver.NamedValue
	for i, w := range ws {
		q, ok := renumber(w.query, len(args), len(w.args))
		if !ok {
			return "", nil, false
		}
		switch {
		case i == 0:
			b.WriteString("WITH ")
		case i < len(ws)-1:
			b.WriteString(", ")
		}
		if i < len(ws)-1 {
			fmt.Fprintf(&b, "w%d AS (%s)", i+1, q)
		} else {
			b.WriteString(" " + q)
		}
		for _, a := range w.args {
			a.Ordinal = len(args) + 1
			args = append(args, a)
		}
	}
	return b.String(), args, true
}

// renumber adds offset to the placeholders $1…$n of query.
func renumber(query string, offset, n int) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case ch == '"': // a quoted identifier, copied whole
			end := strings.IndexByte(query[i+1:], '"')
			if end < 0 {
				return "", false
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case ch == '\'' || strings.HasPrefix(query[i:], "--") || strings.HasPrefix(query[i:], "/*"):
			return "", false
		case ch == '$':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			k, err := strconv.Atoi(query[i+1 : j])
			if err != nil || k < 1 || k > n {
				return "", false // dollar quoting, or a placeholder without its argument
			}
			b.WriteString("$" + strconv.Itoa(k+offset))
			i = j - 1
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), true
}

// insertInto returns the table an INSERT statement writes.
func insertInto(query string) (string, bool) {
	rest, ok := strings.CutPrefix(query, "INSERT INTO ")
	if !ok {
		return "", false
	}
	table, _, ok := strings.Cut(rest, " ")
	return strings.Trim(table, `"`), ok && table != ""
}
