package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lib/pq"

	"cchc/internal/apitest"
	"cchc/internal/database"
)

// TestRecancel: a statement still running after its context ended is
// cancelled again from another connection, even when lib/pq's own cancel
// request did not stop it. Here lib/pq sends none (the statement runs with
// a context that never ends), so only the connection's can; a statement
// that returns in time is left alone.
func TestRecancel(t *testing.T) {
	ctx := context.Background()
	url := apitest.EmptyPostgres(t)
	ended, cancel := context.WithCancel(ctx)
	cancel()
	start := time.Now()
	err := database.ExecWatched(ctx, url, ended, "SELECT pg_sleep(30)")
	var pe *pq.Error
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("pg_sleep(30): %v, want query_canceled", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("cancelled after %v", took)
	}
	if err := database.ExecWatched(ctx, url, ctx, "SELECT pg_sleep(0.6)"); err != nil {
		t.Errorf("a statement whose context goes on: %v", err)
	}
}
