package database_test

import (
	"context"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/database"
)

// TestStatementCache: a PostgreSQL connection prepares each statement with
// arguments once, keeps at most the cache's size, and recovers by itself
// when a table changes under a kept statement.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, apitest.EmptyPostgres(t), database.WithStatementCache(2))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.SQL.Conn(ctx) // one connection, whose statements pg_prepared_statements lists
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE t (id int, name text)`); err != nil {
		t.Fatal(err)
	}
	prepared := func() []string {
		t.Helper()
		rows, err := conn.QueryContext(ctx, `SELECT statement FROM pg_prepared_statements ORDER BY statement`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	run := func(q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for range 3 {
		run(`INSERT INTO t (id, name) VALUES ($1, $2)`, 1, "a")
	}
	if got := prepared(); len(got) != 1 || !strings.HasPrefix(got[0], "INSERT INTO t") {
		t.Fatalf("after one statement run three times: prepared %q, want it once", got)
	}
	run(`UPDATE t SET name = $1`, "b")
	run(`DELETE FROM t WHERE id = $1`, 2)
	if got := prepared(); len(got) != 2 || strings.HasPrefix(got[0], "INSERT") || strings.HasPrefix(got[1], "INSERT") {
		t.Fatalf("a cache of 2 after three statements: prepared %q, want the last two", got)
	}

	// A kept statement whose table changed shape is prepared again, at once
	// outside a transaction.
	var name string
	read := func() error {
		return conn.QueryRowContext(ctx, `SELECT * FROM t WHERE id = $1`, 1).Scan(new(int), &name)
	}
	if err := read(); err != nil {
		t.Fatal(err)
	}
	run(`ALTER TABLE t ALTER COLUMN name TYPE varchar(10)`)
	if err := read(); err != nil {
		t.Fatalf("after the table changed, reading again: %v", err)
	}
	if name != "b" {
		t.Errorf("read %q, want b", name)
	}
}
