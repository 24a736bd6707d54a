package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// source is a searchable table and the columns, in order, its searchable
// text is made of.
type source struct {
	table   string
	columns []string
}

// sources are the searchable tables as the migration that added search_text
// found them: the Searchable mixins of ent/schema (TestBackfill fails when
// they part). Changing which fields a record is found by needs a migration
// step of its own to refill the column.
var sources = []source{
	{"units", []string{"name", "code"}},
	{"officials", []string{"full_name"}},
	{"reform_plans", []string{"title", "number"}},
	{"tasks", []string{"title"}},
	{"procedures", []string{"name", "code", "field"}},
	{"dossiers", []string{"code"}},
}

// DB is a database or a transaction.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// batchSize is how many rows Backfill and Check read, and Backfill writes, per statement.
const batchSize = 1000

// Backfill writes the searchable text of every row of the searchable tables
// whose stored text is not what its columns give, as Hook would. It runs in
// the transaction of the migration that adds the column, for the rows
// written before it. The text is computed in Go: PostgreSQL's unaccent has no
// SQLite counterpart, and it must be exactly what Hook writes. rebind turns ?
// placeholders into the database's own.
func Backfill(ctx context.Context, db DB, rebind func(string) string) error {
	return each(ctx, db, rebind, func(s source, stale []any) error {
		rows := strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), ?),", len(stale)/2), ",")
		update := fmt.Sprintf("UPDATE %[1]s SET %[2]s = v.column2 FROM (VALUES %[3]s) AS v WHERE %[1]s.id = v.column1", s.table, Column, rows)
		_, err := db.ExecContext(ctx, rebind(update), stale...)
		return err
	})
}

// Check fails on the first row of a searchable table whose stored text is
// not what its columns give: Hook, Backfill and the writers that bypass ent
// (cchc-bench bench) must agree.
func Check(ctx context.Context, db DB, rebind func(string) string) error {
	return each(ctx, db, rebind, func(s source, stale []any) error {
		return fmt.Errorf("row %d does not hold %q", stale[0], stale[1])
	})
}

// each hands fix, table by table and batch by batch in the order of the IDs,
// the rows whose stored text is stale: each row's ID followed by its text.
func each(ctx context.Context, db DB, rebind func(string) string, fix func(s source, stale []any) error) error {
	for _, s := range sources {
		cols := []string{"COALESCE(" + Column + ", '')"}
		for _, c := range s.columns {
			cols = append(cols, "COALESCE("+c+", '')")
		}
		query := rebind(fmt.Sprintf("SELECT id, %s FROM %s WHERE id > ? ORDER BY id LIMIT %d", strings.Join(cols, ", "), s.table, batchSize))
		for last := int64(0); ; {
			stale, next, err := staleRows(ctx, db, query, last, len(s.columns))
			if err == nil && len(stale) > 0 {
				err = fix(s, stale)
			}
			if err != nil {
				return fmt.Errorf("search: %s.%s: %w", s.table, Column, err)
			}
			if next == last {
				break
			}
			last = next
		}
	}
	return nil
}

// staleRows reads the batch of rows after the ID last and returns the stale
// ones, each as its ID then its text, and the last ID read.
func staleRows(ctx context.Context, db DB, query string, last int64, n int) ([]any, int64, error) {
	rows, err := db.QueryContext(ctx, query, last)
	if err != nil {
		return nil, last, err
	}
	defer rows.Close()
	var (
		stale  []any
		id     int64
		stored string
		parts  = make([]string, n)
		dst    = []any{&id, &stored}
	)
	for i := range parts {
		dst = append(dst, &parts[i])
	}
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return nil, last, err
		}
		if text := Text(parts...); text != stored {
			stale = append(stale, id, text)
		}
		last = id
	}
	return stale, last, rows.Err()
}
