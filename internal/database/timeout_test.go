package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"cchc/internal/apitest"
	"cchc/internal/database"
)

// TestStatementTimeout: on PostgreSQL the pool's statement_timeout stops a
// statement by itself, without any context; migrations still run under it.
func TestStatementTimeout(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, apitest.EmptyPostgres(t), database.WithStatementTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var setting string
	if err := db.SQL.QueryRow(`SHOW statement_timeout`).Scan(&setting); err != nil || setting != "200ms" {
		t.Fatalf("statement_timeout %q, %v", setting, err)
	}
	start := time.Now()
	_, err = db.SQL.ExecContext(ctx, `SELECT pg_sleep(5)`)
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "57014" || time.Since(start) > 2*time.Second {
		t.Fatalf("after %v: %v, want query_canceled (57014)", time.Since(start), err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating under a statement timeout: %v", err)
	}
}

// TestContextCancelsStatements: on both databases a statement stops when
// its context ends, so a request's deadline frees the database.
func TestContextCancelsStatements(t *testing.T) {
	for _, d := range apitest.Dialects() {
		t.Run(d, func(t *testing.T) {
			url := "file:" + t.TempDir() + "/c.db"
			// A query of many seconds on either database.
			slow := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000000) SELECT COUNT(*) FROM n`
			if d == dialect.Postgres {
				url = apitest.EmptyPostgres(t)
				slow = `SELECT pg_sleep(10)`
			}
			db, err := database.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err = db.SQL.ExecContext(ctx, slow)
			if err == nil || time.Since(start) > 3*time.Second {
				t.Fatalf("after %v: %v, want the statement cancelled", time.Since(start), err)
			}
			// The pool still serves.
			var one int
			if err := db.SQL.QueryRow(`SELECT 1`).Scan(&one); err != nil || one != 1 {
				t.Fatalf("after the cancel: %v", err)
			}
		})
	}
}
