package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// commitEvery bounds the rows written in one transaction.
const commitEvery = 250_000

// maxParams bounds the parameters of one SQLite statement (SQLite allows 32766).
const maxParams = 32_000

// bulk streams rows into one table, letting the database assign the IDs (so
// that each table keeps its own global ID range): COPY FROM STDIN on
// PostgreSQL, multi-row INSERTs of a few thousand rows on SQLite, inside
// transactions of commitEvery rows.
type bulk struct {
	ctx     context.Context
	db      *sql.DB
	dialect string
	table   string
	cols    []string
	perStmt int // rows per INSERT on SQLite

	tx    *sql.Tx
	stmt  *sql.Stmt // COPY, or the INSERT of perStmt rows
	args  []any     // SQLite: the rows not yet inserted
	inTx  int
	total int
}

func newBulk(ctx context.Context, db *sql.DB, dia, table string, cols ...string) *bulk {
	return &bulk{ctx: ctx, db: db, dialect: dia, table: table, cols: cols, perStmt: min(2000, maxParams/len(cols))}
}

// add writes one row, its values in the order of the columns.
func (b *bulk) add(row ...any) error {
	if len(row) != len(b.cols) {
		return fmt.Errorf("bench: %d values for %d columns of %s", len(row), len(b.cols), b.table)
	}
	if b.tx == nil {
		if err := b.begin(); err != nil {
			return err
		}
	}
	for i, v := range row {
		if t, ok := v.(time.Time); ok {
			row[i] = t.UTC() // SQLite compares times as text: store them all in UTC, as the product does
		}
	}
	if b.dialect == dialect.Postgres {
		if _, err := b.stmt.ExecContext(b.ctx, row...); err != nil {
			return fmt.Errorf("bench: copying into %s: %w", b.table, err)
		}
	} else {
		b.args = append(b.args, row...)
		if len(b.args) == b.perStmt*len(b.cols) {
			if _, err := b.stmt.ExecContext(b.ctx, b.args...); err != nil {
				return fmt.Errorf("bench: inserting into %s: %w", b.table, err)
			}
			b.args = b.args[:0]
		}
	}
	b.inTx++
	b.total++
	if b.inTx == commitEvery {
		return b.commit()
	}
	return nil
}

func (b *bulk) begin() error {
	tx, err := b.db.BeginTx(b.ctx, nil)
	if err != nil {
		return err
	}
	query := "COPY " + b.table + " (" + strings.Join(b.cols, ", ") + ") FROM STDIN"
	if b.dialect != dialect.Postgres {
		query = insertSQL(b.dialect, b.table, b.cols, b.perStmt)
	}
	stmt, err := tx.PrepareContext(b.ctx, query)
	if err != nil {
		tx.Rollback()
		return fmt.Errorf("bench: preparing the insert into %s: %w", b.table, err)
	}
	b.tx, b.stmt, b.inTx = tx, stmt, 0
	return nil
}

// commit writes what is pending and commits the transaction.
func (b *bulk) commit() error {
	if b.tx == nil {
		return nil
	}
	var err error
	if b.dialect == dialect.Postgres {
		_, err = b.stmt.ExecContext(b.ctx) // ends the COPY
	} else if len(b.args) > 0 {
		_, err = b.tx.ExecContext(b.ctx, insertSQL(b.dialect, b.table, b.cols, len(b.args)/len(b.cols)), b.args...)
		b.args = b.args[:0]
	}
	if cerr := b.stmt.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = b.tx.Commit()
	} else {
		b.tx.Rollback()
	}
	b.tx, b.stmt = nil, nil
	if err != nil {
		return fmt.Errorf("bench: writing %s: %w", b.table, err)
	}
	return nil
}

// close commits the last rows.
func (b *bulk) close() error { return b.commit() }

// insertSQL is an INSERT of n rows with positional parameters.
func insertSQL(dia, table string, cols []string, n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	p := 1
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for j := range cols {
			if j > 0 {
				sb.WriteByte(',')
			}
			if dia == dialect.Postgres {
				fmt.Fprintf(&sb, "$%d", p)
			} else {
				sb.WriteByte('?')
			}
			p++
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// insertReturning inserts rows (a few thousand) in one transaction and hands
// the columns named by returning of each inserted row to scan, in no
// particular order: callers match them by their values, not their position.
func insertReturning(ctx context.Context, db *sql.DB, dia, table string, cols []string, rows [][]any, returning string, scan func(*sql.Rows) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	per := maxParams / len(cols)
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(batch)*len(cols))
		for _, r := range batch {
			for _, v := range r {
				if t, ok := v.(time.Time); ok {
					v = t.UTC()
				}
				args = append(args, v)
			}
		}
		res, err := tx.QueryContext(ctx, insertSQL(dia, table, cols, len(batch))+" RETURNING "+returning, args...)
		if err != nil {
			return fmt.Errorf("bench: inserting into %s: %w", table, err)
		}
		for res.Next() {
			if err := scan(res); err != nil {
				res.Close()
				return err
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return err
		}
	}
	return tx.Commit()
}
