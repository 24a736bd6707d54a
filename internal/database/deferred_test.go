package database_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cchc/internal/apitest"
	"cchc/internal/database"
	"cchc/internal/deferred"
)

// tricky are values a deferred write must store exactly as an argument would.
var tricky = []string{
	"plain", "it's", `back\slash`, `\'; DROP TABLE t; --`, "$1 $$ $2", "line\nbreak",
	"Hồ sơ đúng hạn 😀", `E'\x41'`, "/* not a comment */", `"quoted"`, "",
}

// TestDeferredWrites: on PostgreSQL a deferred write waits for the next
// statement or the COMMIT, writes to two tables run as one statement, and
// store exactly what the same writes with arguments store; the rest of the
// transaction sees them, a rollback drops them, and when one fails, the
// COMMIT fails and nothing is written.
func TestDeferredWrites(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, apitest.EmptyPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL.SetMaxOpenConns(1) // one connection, whose statements pg_prepared_statements lists
	for _, table := range []string{"t", "u"} {
		if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE `+table+` (id serial, s text, n bigint CHECK (n >= 0), f float8, b bool, at timestamptz, j jsonb, tag text)`); err != nil {
			t.Fatal(err)
		}
	}
	const insert = `INSERT INTO "t" ("s", "n", "f", "b", "at", "j", "tag") VALUES ($1, $2, $3, $4, $5, $6, $7)`
	insertU := strings.Replace(insert, `"t"`, `"u"`, 1)
	at := time.Date(2026, 11, 29, 20, 15, 30, 123456000, time.FixedZone("ICT", 7*3600))
	tx := func(f func(tx *sql.Tx)) {
		t.Helper()
		tx, err := db.SQL.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		f(tx)
	}
	count := func(q string) (n int) {
		t.Helper()
		if err := db.SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// The same rows in t as arguments, in u deferred: each insert into u
	// waits, and runs with the next insert into t as one statement.
	tx(func(tx *sql.Tx) {
		for i, s := range tricky {
			j, _ := json.Marshal(map[string]string{"v": s})
			var f any = float64(i) + 0.25
			if i == 0 {
				f = nil
			}
			if _, err := tx.ExecContext(deferred.Context(ctx), insertU, s, i, f, i%2 == 0, at, j, "deferred"); err != nil {
				t.Fatalf("deferred %q: %v", s, err)
			}
			if _, err := tx.ExecContext(deferred.Context(ctx), insert, s, i, f, i%2 == 0, at, j, "argument"); err != nil {
				t.Fatalf("%q: %v", s, err)
			}
		}
		// Seen by the transaction, before the COMMIT.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM u)`).Scan(&n); err != nil || n != 2*len(tricky) {
			t.Fatalf("in the transaction: %d rows (%v), want %d", n, err, 2*len(tricky))
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	if n := count(`SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'WITH w1 AS (INSERT INTO "u" %) INSERT INTO "t" %'`); n != 1 {
		t.Fatalf("%d prepared statements writing u then t, want 1", n)
	}
	if n := count(`SELECT count(*) FROM t a JOIN u d ON a.s = d.s AND a.n = d.n AND a.f IS NOT DISTINCT FROM d.f AND a.b = d.b AND a.at = d.at AND a.j = d.j`); n != len(tricky) {
		t.Fatalf("%d deferred rows equal to their twin, want %d", n, len(tricky))
	}

	// Waiting for the COMMIT: a deferred write that fails reports nothing
	// at once, fails the COMMIT, and takes the transaction's other writes with it.
	tx(func(tx *sql.Tx) {
		if _, err := tx.ExecContext(ctx, insert, "kept?", 1, nil, true, at, []byte(`{}`), "failing"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(deferred.Context(ctx), insert, "negative", -1, nil, true, at, []byte(`{}`), "failing"); err != nil {
			t.Fatalf("a deferred write failed before the COMMIT: %v", err)
		}
		if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "check constraint") {
			t.Fatalf("COMMIT with a failing deferred write: %v, want the check constraint's error", err)
		}
	})
	if n := count(`SELECT count(*) FROM t WHERE tag = 'failing'`); n != 0 {
		t.Fatalf("%d rows of the failed transaction written", n)
	}

	// A rollback drops what waits, and the connection serves the next transaction.
	tx(func(tx *sql.Tx) {
		if _, err := tx.ExecContext(deferred.Context(ctx), insert, "dropped", 1, nil, true, at, []byte(`{}`), "rolled back"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	})
	tx(func(tx *sql.Tx) {
		if _, err := tx.ExecContext(deferred.Context(ctx), insert, "after", 1, nil, true, at, []byte(`{}`), "after"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	if n := count(`SELECT count(*) FROM t WHERE tag IN ('rolled back', 'after')`); n != 1 {
		t.Fatalf("%d rows after a rollback and a commit, want the committed one", n)
	}

	// Outside a transaction a deferred write runs at once.
	if _, err := db.SQL.ExecContext(deferred.Context(ctx), insert, "alone", -1, nil, true, at, []byte(`{}`), "alone"); err == nil {
		t.Fatal("a failing deferred write outside a transaction reported no error")
	}
}
