package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchCommand runs `cchc-bench bench` on a tiny province: it generates into an
// empty database, refuses to write again, and measures again with --reuse
// (internal/bench tests that a database of real data is always refused).
func TestBenchCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "file:"+filepath.Join(dir, "bench.db"))
	t.Setenv("CCHC_JWT_SECRET", "")
	ctx, log := context.Background(), slog.New(slog.DiscardHandler)
	var out bytes.Buffer
	if err := run(ctx, []string{"bench", "--communes", "4", "--dossiers", "500", "--runs", "2"}, &out, log); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"database: SQLite", "4 communes", "500 dossiers", "request: indicators of every commune under 99", "4 units", "runs 2: min", "9 SQL statements per request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(ctx, []string{"bench", "--runs", "1"}, io.Discard, log); err == nil || !strings.Contains(err.Error(), "--reuse") {
		t.Errorf("a second run without --reuse: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"bench", "--runs", "1", "--reuse"}, &out, log); err != nil || !strings.Contains(out.String(), "reusing the generated province: 4 communes, 500 dossiers") {
		t.Errorf("--reuse: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"bench", "--runs", "3", "--reuse", "--year", "2024", "--kind", "MONTH", "--index", "12"}, &out, log); err != nil ||
		!strings.Contains(out.String(), "tháng 12 năm 2024") || !strings.Contains(out.String(), "runs 3: min") || !strings.Contains(out.String(), "p99") {
		t.Errorf("another period: %v\n%s", err, out.String())
	}
	// The same figures read from the dossiers.
	total := regexp.MustCompile(`\d+ dossiers in total`).FindString(out.String())
	out.Reset()
	if err := run(ctx, []string{"bench", "--runs", "1", "--reuse", "--year", "2024", "--kind", "MONTH", "--index", "12", "--scan"}, &out, log); err != nil ||
		total == "" || !strings.Contains(out.String(), total+", read from the dossiers") {
		t.Errorf("--scan: %v, want %q\n%s", err, total, out.String())
	}
	if err := run(ctx, []string{"bench", "--reuse", "--kind", "WEEK"}, io.Discard, log); err == nil || !strings.Contains(err.Error(), "--kind") {
		t.Errorf("a period of no kind: %v", err)
	}
}
