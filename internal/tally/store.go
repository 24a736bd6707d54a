package tally

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cchc/internal/returning"
)

// DB is a database handle that runs SQL: *sql.DB, *sql.Tx or an ent client.
// Statements use $1, $2 … placeholders, which SQLite also reads.
type DB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// rowsPerStatement bounds the rows of one INSERT: 15 parameters each stay
// well under SQLite's 32,766 and PostgreSQL's 65,535.
const rowsPerStatement = 1000

// add adds t to the stored tally: one statement per thousand rows, each row
// inserted or added to the one of its unit and month.
func add(ctx context.Context, db DB, t Tally) error {
	return write(ctx, db, t, upsert())
}

// upsert adds an inserted row to the stored one of its unit and month.
func upsert() string {
	set := make([]string, len(Columns))
	for i, c := range Columns {
		set[i] = c + " = dossier_months." + c + " + excluded." + c
	}
	return " ON CONFLICT (unit_id, month) DO UPDATE SET " + strings.Join(set, ", ")
}

// write inserts the rows of t, with suffix after the VALUES.
func write(ctx context.Context, db DB, t Tally, suffix string) error {
	keys := t.keys()
	for start := 0; start < len(keys); start += rowsPerStatement {
		var b strings.Builder
		b.WriteString("INSERT INTO dossier_months (unit_id, month, " + strings.Join(Columns, ", ") + ") VALUES ")
		args := values(&b, t, keys[start:min(start+rowsPerStatement, len(keys))], 1, "")
		b.WriteString(suffix)
		if _, err := db.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("tally: writing dossier_months: %w", err)
		}
	}
	return nil
}

// values writes the rows of keys of t to b, with placeholders from $next
// each followed by cast, and returns their arguments.
func values(b *strings.Builder, t Tally, keys []Key, next int, cast string) []any {
	args := make([]any, 0, len(keys)*(2+len(Columns)))
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		args = append(args, k.Unit, k.Month)
		for _, f := range t[k].fields() {
			args = append(args, *f)
		}
		b.WriteByte('(')
		for j := range 2 + len(Columns) {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("$" + strconv.Itoa(next+i*(2+len(Columns))+j) + cast)
		}
		b.WriteByte(')')
	}
	return args
}

// riding returns t's addition to the stored tally as a rider of a
// dossier's write (internal/returning): made only if the write made the
// row, w. Its placeholders start at $next; returning.NoWrite when t adds
// nothing, and "" (declined) past one statement's rows.
func riding(t Tally, next int) (string, []any, error) {
	keys := t.keys()
	switch {
	case len(keys) == 0:
		return "", nil, returning.NoWrite
	case len(keys) > rowsPerStatement:
		return "", nil, nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO dossier_months (unit_id, month, " + strings.Join(Columns, ", ") + ") SELECT * FROM (VALUES ")
	args := values(&b, t, keys, next, "::bigint")
	b.WriteString(") AS v WHERE EXISTS (SELECT 1 FROM w)" + upsert())
	return b.String(), args, nil
}

// Read returns the stored tally.
func Read(ctx context.Context, db DB) (Tally, error) {
	rows, err := db.QueryContext(ctx, "SELECT unit_id, month, "+strings.Join(Columns, ", ")+" FROM dossier_months")
	if err != nil {
		return nil, fmt.Errorf("tally: reading dossier_months: %w", err)
	}
	defer rows.Close()
	t := Tally{}
	for rows.Next() {
		var k Key
		c := &Counts{}
		dst := []any{&k.Unit, &k.Month}
		for _, f := range c.fields() {
			dst = append(dst, f)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, fmt.Errorf("tally: reading dossier_months: %w", err)
		}
		t[k] = c
	}
	return t, rows.Err()
}

// Compute tallies the stored dossiers of units (of every unit when none is given).
func Compute(ctx context.Context, db DB, units ...int) (Tally, error) {
	stmt := "SELECT unit_id, channel, status, received_at, due_at, finished_at FROM dossiers WHERE archived_at IS NULL" + unitFilter(units)
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return nil, fmt.Errorf("tally: reading dossiers: %w", err)
	}
	defer rows.Close()
	t := Tally{}
	for rows.Next() {
		var (
			d             Dossier
			due, finished sql.NullTime
		)
		if err := rows.Scan(&d.Unit, &d.Channel, &d.Status, &d.Received, &due, &finished); err != nil {
			return nil, fmt.Errorf("tally: reading dossiers: %w", err)
		}
		d.Due, d.Finished = timePtr(due), timePtr(finished)
		t.Add(d, 1)
	}
	return t, rows.Err()
}

// Rebuild replaces the stored tally of units (of every unit when none is
// given) by one computed from their dossiers: after writes that bypass ent,
// such as bulk loads. Run it in the transaction of those writes, or with no
// other writer of dossiers.
func Rebuild(ctx context.Context, db DB, units ...int) error {
	t, err := Compute(ctx, db, units...)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "DELETE FROM dossier_months WHERE 1 = 1"+unitFilter(units)); err != nil {
		return fmt.Errorf("tally: clearing dossier_months: %w", err)
	}
	return write(ctx, db, t, "")
}

// Verify compares the stored tally with one computed from the dossiers, and
// reports the differences (a few of them) as an error.
func Verify(ctx context.Context, db DB) error {
	stored, err := Read(ctx, db)
	if err != nil {
		return err
	}
	want, err := Compute(ctx, db)
	if err != nil {
		return err
	}
	var diffs []string
	seen := map[Key]bool{}
	for _, ks := range [][]Key{want.keys(), stored.keys()} {
		for _, k := range ks {
			if seen[k] {
				continue
			}
			seen[k] = true
			var w, s Counts
			if c := want[k]; c != nil {
				w = *c
			}
			if c := stored[k]; c != nil {
				s = *c
			}
			if w != s {
				diffs = append(diffs, fmt.Sprintf("unit %d month %d: stored %+v, dossiers give %+v", k.Unit, k.Month, s, w))
			}
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("tally: %d unit-months differ from the dossiers, e.g. %s", len(diffs), strings.Join(diffs[:min(3, len(diffs))], "; "))
	}
	return nil
}

// unitFilter is " AND unit_id IN (…)", or nothing for every unit. The IDs
// are integers, written inline.
func unitFilter(units []int) string {
	if len(units) == 0 {
		return ""
	}
	s := make([]string, len(units))
	for i, u := range units {
		s[i] = strconv.Itoa(u)
	}
	return " AND unit_id IN (" + strings.Join(s, ",") + ")"
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}
