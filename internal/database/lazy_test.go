package database_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/database"
	"cchc/internal/deferred"
)

// TestLazyBegin: on PostgreSQL a transaction opened with deferred.Begin
// reads without BEGIN until its first write, which begins it; with single,
// a write sent Alone before any other is its transaction, committed at
// once, and a write after it is refused; without the statement cache (a
// pooler in transaction mode) BEGIN goes at once. Whether a statement ran inside a
// transaction begun before it is what PostgreSQL's clocks say: the
// transaction's began earlier than the statement.
func TestLazyBegin(t *testing.T) {
	ctx := context.Background()
	url := apitest.EmptyPostgres(t)
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	outside, err := sql.Open("postgres", url) // another session, which sees only what is committed
	if err != nil {
		t.Fatal(err)
	}
	defer outside.Close()
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE t (id serial PRIMARY KEY, s text)`); err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO t (s) VALUES ($1)`
	begin := func(ctx context.Context) *sql.Tx {
		t.Helper()
		tx, err := db.SQL.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	inTx := func(tx *sql.Tx) (begun bool) {
		t.Helper()
		if err := tx.QueryRowContext(ctx, `SELECT transaction_timestamp() < statement_timestamp()`).Scan(&begun); err != nil {
			t.Fatal(err)
		}
		return begun
	}
	seen := func(s string) (n int) {
		t.Helper()
		if err := outside.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE s = $1`, s).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	exec := func(tx *sql.Tx, ctx context.Context, s string) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, insert, s); err != nil {
			t.Fatalf("insert %q: %v", s, err)
		}
	}

	t.Run("eager", func(t *testing.T) { // a transaction opened without the mark begins at once
		tx := begin(ctx)
		defer tx.Rollback()
		if !inTx(tx) {
			t.Error("BEGIN was not sent")
		}
	})

	t.Run("without the statement cache", func(t *testing.T) { // as behind a pooler in transaction mode
		pooled, err := database.Open(ctx, url, database.WithStatementCache(0))
		if err != nil {
			t.Fatal(err)
		}
		defer pooled.Close()
		tx, err := pooled.SQL.BeginTx(deferred.Begin(ctx, true), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if !inTx(tx) {
			t.Error("BEGIN was put off")
		}
	})

	t.Run("lazy", func(t *testing.T) {
		tx := begin(deferred.Begin(ctx, false))
		if inTx(tx) {
			t.Error("a read began the transaction")
		}
		exec(tx, deferred.Alone(ctx), "lazy") // Alone without single: a write like any other
		if !inTx(tx) {
			t.Error("the write did not begin the transaction")
		}
		if seen("lazy") != 0 {
			t.Error("the write was committed before the COMMIT")
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if seen("lazy") != 0 {
			t.Error("the rollback kept the write")
		}

		tx = begin(deferred.Begin(ctx, false))
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM t FOR UPDATE`).Scan(&one); err != sql.ErrNoRows {
			t.Fatal(err)
		}
		if !inTx(tx) {
			t.Error("a locking read did not begin the transaction: its locks would not last")
		}
		exec(tx, ctx, "committed")
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if seen("committed") != 1 {
			t.Error("the COMMIT lost the write")
		}
	})

	t.Run("single", func(t *testing.T) {
		tx := begin(deferred.Begin(ctx, true))
		exec(tx, deferred.Alone(ctx), "alone")
		if seen("alone") != 1 {
			t.Error("the only write was not committed on its own")
		}
		if inTx(tx) {
			t.Error("a read after the only write is in a transaction")
		}
		_, err := tx.ExecContext(ctx, insert, "after")
		if err == nil || !strings.Contains(err.Error(), "only write") {
			t.Errorf("a write after the only write: %v", err)
		}
		if err := tx.Commit(); err != nil {
			t.Errorf("COMMIT: %v", err)
		}
		if seen("after") != 0 {
			t.Error("the refused write was made")
		}

		// The write is not the first one, or a deferred write waits before
		// it: it is part of a transaction.
		for name, first := range map[string]func(tx *sql.Tx){
			"after a write":          func(tx *sql.Tx) { exec(tx, ctx, "first") },
			"after a deferred write": func(tx *sql.Tx) { exec(tx, deferred.Context(ctx), "first") },
		} {
			tx := begin(deferred.Begin(ctx, true))
			first(tx)
			exec(tx, deferred.Alone(ctx), "second")
			if seen("second") != 0 || seen("first") != 0 {
				t.Errorf("%s: a write was committed before the COMMIT", name)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if seen("second")+seen("first") != 0 {
				t.Errorf("%s: the rollback kept a write", name)
			}
		}
	})
}
