package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/config"
)

// pgDumpHint answers a backup or restore asked of PostgreSQL.
const pgDumpHint = "on PostgreSQL use its own tools: pg_dump --format=custom --file=cchc.dump \"$DATABASE_URL\" to back up, pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" cchc.dump to restore"

// Backup writes a copy of the embedded database at url (file:PATH) to the
// new file to, while a server may go on writing: VACUUM INTO copies one
// consistent snapshot (a read transaction, which in WAL mode blocks no
// writer), compacted. The copy is written under a temporary name, checked
// with Check, and only then renamed to to.
func Backup(ctx context.Context, url, to string) error {
	if config.IsPostgres(url) {
		return errors.New("cchc backup copies the embedded SQLite database; " + pgDumpHint)
	}
	src := config.SQLitePath(url)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("the database: %w", err) // opening it would create an empty one
	}
	if _, err := os.Stat(to); err == nil {
		return fmt.Errorf("%s exists already: back up into a new file", to)
	}
	db, err := sql.Open("sqlite", SQLiteDSN(url))
	if err != nil {
		return err
	}
	defer db.Close()
	tmp := to + ".partial"
	os.Remove(tmp) // left by a backup that failed; VACUUM INTO wants a new file
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copying %s: %w", src, err)
	}
	if err := Check(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("the copy of %s: %w", src, err)
	}
	return os.Rename(tmp, to)
}

// Restore replaces the embedded database at url with the backup from,
// after checking a copy of it (Check). The database being replaced is kept
// beside it, renamed PATH.TIME.bak, which Restore returns ("" if there was
// none). The server must be stopped: Restore refuses a database that
// another process holds open.
func Restore(ctx context.Context, from, url string) (bak string, err error) {
	if config.IsPostgres(url) {
		return "", errors.New("cchc restore replaces the embedded SQLite database; " + pgDumpHint)
	}
	target := config.SQLitePath(url)
	if same(from, target) {
		return "", fmt.Errorf("%s is the database itself", from)
	}
	// The copy lies beside the target, so that renaming it into place is
	// atomic: the database is the old one or the new one, never half.
	tmp := target + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		return "", err
	}
	defer os.Remove(tmp) // left only on failure
	if err := Check(ctx, tmp); err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	if _, err := os.Stat(target); err == nil {
		if err := quiesce(ctx, target); err != nil {
			return "", err
		}
		bak = target + "." + time.Now().Format("20060102-150405") + ".bak"
		if err := os.Rename(target, bak); err != nil {
			return "", err
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			os.Remove(target + suffix) // folded into the file by quiesce
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return bak, err
	}
	return bak, syncDir(filepath.Dir(target))
}

// Check tells whether the SQLite file at path is a sound cchc database:
// PRAGMA integrity_check finds nothing wrong, and it holds migrations, all
// of which this cchc knows (a database of a newer cchc is refused; an older
// one is migrated forward by cchc serve or cchc migrate).
func Check(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(20)`)
	if err != nil {
		return fmt.Errorf("not a sound SQLite database: %w", err)
	}
	var faults []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("not a sound SQLite database: %w", err)
		}
		if s != "ok" {
			faults = append(faults, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("not a sound SQLite database: %w", err)
	}
	if len(faults) > 0 {
		return fmt.Errorf("not a sound SQLite database: the integrity check found %s", strings.Join(faults, "; "))
	}
	return knownMigrations(ctx, db)
}

// knownMigrations checks that db holds cchc's migrations table, not empty,
// and no migration this cchc does not know.
func knownMigrations(ctx context.Context, db *sql.DB) error {
	dir, err := Migrations(dialect.SQLite)
	if err != nil {
		return err
	}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, f := range files {
		known[f.Version()] = true
	}
	rows, err := db.QueryContext(ctx, `SELECT version FROM `+migrationsTable+` ORDER BY version`)
	if err != nil {
		return fmt.Errorf("not a cchc database (no table %s): %w", migrationsTable, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if !known[v] {
			return fmt.Errorf("it holds migration %s, which this cchc does not know: restore it with the cchc that wrote it", v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("not a cchc database: no migration applied")
	}
	return nil
}

// quiesce takes the database at path out of WAL mode, which SQLite allows
// only to a connection alone on it: this folds the write-ahead log into the
// file, so that the file alone is the whole database, and fails while a
// server holds the database open.
func quiesce(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(1000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil {
		return fmt.Errorf("%s is in use by another process (%v): stop cchc serve first", path, err)
	}
	if mode != "delete" {
		return fmt.Errorf("%s is in use by another process (it stays in %s mode): stop cchc serve first", path, mode)
	}
	return nil
}

// same tells whether two paths name one file.
func same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// copyFile copies from into a new file to, synced to disk.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	os.Remove(to) // left by a restore that failed
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
