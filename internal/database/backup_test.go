package database_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"cchc/ent/privacy"
	"cchc/internal/auth"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/viewer"
)

// counts is the number of rows of every table of the SQLite file at path.
func counts(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]int{}
	for _, name := range tables {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM "` + name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

func openDemo(t *testing.T, path string) *database.DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(privacy.DecisionContext(ctx, privacy.Allow), db.Client); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBackupWhileWriting: a backup taken while accounts are being written
// is a sound cchc database holding a consistent prefix of the writes;
// restored into a new path and over an existing database (kept as .bak),
// it holds the same rows as the backup.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "cchc.db")
	db := openDemo(t, live)

	// A writer, as a server would be, in its own goroutine; the backup
	// opens the file on its own connection, as cchc backup does in its own
	// process.
	var written atomic.Int64
	started, stop, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if i == 5 {
				close(started)
			}
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := auth.EnsureAccount(ctx, db.Client, fmt.Sprint("writer-", i, "@11098"), viewer.CommuneOfficer, "11098"); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	<-started
	backup := filepath.Join(dir, "during.db")
	if err := database.Backup(ctx, "file:"+live, backup); err != nil {
		t.Fatal(err)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	during := counts(t, backup)
	t.Logf("the backup holds %d accounts of the %d written", during["accounts"], written.Load())
	if n := during["accounts"]; n < 5 || int64(n) > written.Load() {
		t.Errorf("the backup holds %d accounts, the writer wrote %d (5 before the backup began)", n, written.Load())
	}
	if err := database.Backup(ctx, "file:"+live, backup); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a backup over an existing file: %v", err)
	}

	// Into a new path: no .bak.
	fresh := filepath.Join(t.TempDir(), "restored.db")
	bak, err := database.Restore(ctx, backup, "file:"+fresh)
	if err != nil || bak != "" {
		t.Fatalf("restore into a new path: %q %v", bak, err)
	}
	if got := counts(t, fresh); fmt.Sprint(got) != fmt.Sprint(during) {
		t.Errorf("restored %v, backed up %v", got, during)
	}

	// Once the writes are over, a backup holds all of them, and restoring it
	// over another database keeps that one as .bak.
	after := filepath.Join(dir, "after.db")
	if err := database.Backup(ctx, "file:"+live, after); err != nil {
		t.Fatal(err)
	}
	want := counts(t, live)
	if got := counts(t, after); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("backed up %v, live %v", got, want)
	}
	bak, err = database.Restore(ctx, after, "file:"+fresh)
	if err != nil || bak == "" {
		t.Fatalf("restore over a database: %q %v", bak, err)
	}
	if got := counts(t, fresh); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("restored %v, backed up %v", got, want)
	}
	if got := counts(t, bak); fmt.Sprint(got) != fmt.Sprint(during) {
		t.Errorf("the replaced database, kept as %s, holds %v, want %v", bak, got, during)
	}
	// The restored database serves: it opens and migrates.
	rdb, err := database.Open(ctx, "file:"+fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if applied, err := rdb.Migrate(ctx); err != nil || len(applied) != 0 {
		t.Errorf("migrating the restored database: %v %v", applied, err)
	}
}

// TestRestoreRefuses: a file that is not a database, a corrupt database, a
// SQLite database that is not cchc's, a database in use, PostgreSQL: each
// refused with a message saying why, the database left as it was.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "cchc.db")
	db := openDemo(t, live)
	good := filepath.Join(dir, "good.db")
	if err := database.Backup(ctx, "file:"+live, good); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "target.db")
	if _, err := database.Restore(ctx, good, "file:"+target); err != nil {
		t.Fatal(err)
	}
	want := counts(t, target)

	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o600)

	corrupt := filepath.Join(dir, "corrupt.db")
	b, _ := os.ReadFile(good)
	for i := len(b) / 3; i < len(b)/3+8192; i++ { // pages of tables and indexes in the middle
		b[i] ^= 0x5a
	}
	os.WriteFile(corrupt, b, 0o600)

	other := filepath.Join(dir, "other.db")
	odb, _ := sql.Open("sqlite", "file:"+other)
	if _, err := odb.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()

	newer := filepath.Join(dir, "newer.db")
	if err := database.Backup(ctx, "file:"+live, newer); err != nil {
		t.Fatal(err)
	}
	ndb, _ := sql.Open("sqlite", "file:"+newer)
	if _, err := ndb.Exec(`INSERT INTO cchc_schema_migrations (version, name, applied_at) VALUES ('29991231000000', 'future', '2999-12-31T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	ndb.Close()

	for _, c := range []struct{ from, url, why string }{
		{garbage, "file:" + target, "not a sound SQLite database"},
		{corrupt, "file:" + target, "not a sound SQLite database"}, // malformed, or the integrity check's findings
		{other, "file:" + target, "not a cchc database"},
		{newer, "file:" + target, "29991231000000"},
		{filepath.Join(dir, "missing.db"), "file:" + target, "no such file"},
		{good, "postgres://postgres@127.0.0.1:5432/cchc", "pg_restore"},
		{good, "file:" + live, "stop cchc serve first"}, // db holds it open
	} {
		_, err := database.Restore(ctx, c.from, c.url)
		t.Logf("%s: %v", filepath.Base(c.from), err)
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("restore %s into %s: %v, want an error saying %q", filepath.Base(c.from), c.url, err, c.why)
		}
	}
	if got := counts(t, target); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a refused restore changed the database: %v", got)
	}
	if _, err := db.Client.Account.Query().Count(privacy.DecisionContext(ctx, privacy.Allow)); err != nil {
		t.Errorf("the database in use no longer answers: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(filepath.Dir(target), "*")); len(entries) != 1 {
		t.Errorf("refused restores left files: %v", entries)
	}
	if err := database.Backup(ctx, "postgres://postgres@127.0.0.1:5432/cchc", filepath.Join(dir, "pg.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}
