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

	"cchc/internal/apitest"
)

// TestGenerateCommand runs `cchc-bench generate` with the same flags into two
// empty databases of each kind: every run prints its steps with their rows
// per second and the same digest of the rows; a second run into a database
// it filled is refused; and `cchc-bench bench --reuse` measures what it wrote.
func TestGenerateCommand(t *testing.T) {
	ctx, log := context.Background(), slog.New(slog.DiscardHandler)
	args := []string{"generate", "--communes", "3", "--years", "4", "--last-year", "2024", "--per-commune-year", "100", "--seed", "9", "--digest"}
	digest := regexp.MustCompile(`digest sha256:[0-9a-f]{64}`)
	var first string
	for _, url := range []func() string{
		func() string { return "file:" + filepath.Join(t.TempDir(), "a.db") },
		func() string { return "file:" + filepath.Join(t.TempDir(), "b.db") },
		func() string { return apitest.EmptyPostgres(t) },
		func() string { return apitest.EmptyPostgres(t) },
	} {
		t.Setenv("DATABASE_URL", url())
		t.Setenv("CCHC_JWT_SECRET", "")
		var out bytes.Buffer
		if err := run(ctx, args, &out, log); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"generating 3 communes, 2021 to 2024, 1200 dossiers, seed 9", "--last-year 2024 --dossiers 1200 --seed 9",
			"rows/s", "dossiers", "1200 dossiers", "3 communes"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
		if !regexp.MustCompile(`dossiers\s+1200 rows\s+[0-9.]+s\s+[0-9]+ rows/s`).MatchString(out.String()) {
			t.Errorf("no rows per second for the dossiers:\n%s", out.String())
		}
		d := digest.FindString(out.String())
		if first == "" {
			first = d
		}
		if d == "" || d != first {
			t.Errorf("digest %q, the first run's %q", d, first)
		}
		if err := run(ctx, args, io.Discard, log); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("a second run into the same database: %v", err)
		}
		out.Reset()
		if err := run(ctx, []string{"bench", "--reuse", "--runs", "1"}, &out, log); err != nil || !strings.Contains(out.String(), "3 units") {
			t.Errorf("bench --reuse of the generated data: %v\n%s", err, out.String())
		}
	}
	if err := run(ctx, []string{"generate", "--years", "0"}, io.Discard, log); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("--years 0: %v", err)
	}
}
