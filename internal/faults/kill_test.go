package faults_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"cchc/internal/database"
	"cchc/internal/loadtest"
)

// TestSQLiteKill9 kills (SIGKILL) a server on the embedded SQLite at a
// random moment of a soak that writes much, several times over one file.
// After each kill the file opens whole (PRAGMA integrity_check ok, no
// foreign key broken), commits are synced (synchronous FULL), every
// creation and update the server acknowledged is there, a creation not
// acknowledged is absent or there whole, the monthly tally agrees with the
// dossiers, and the server starts on the file again.
func TestSQLiteKill9(t *testing.T) {
	f := prepare(t, "file:"+filepath.Join(t.TempDir(), "cchc.db"))
	var acked, unacked []*loadtest.Write
	for round := range 3 {
		srv := startServer(t, f)
		ctx, cancel := context.WithCancel(context.Background())
		cfg := f.soakConfig(srv, fmt.Sprintf("KILL%d", round), 0.7)
		var writes atomic.Int64
		cfg.OnAnswer = func(a loadtest.Answer) {
			if a.Acked {
				writes.Add(1)
			}
		}
		soaked := background(ctx, t, cfg)
		waitFor(t, time.Minute, "10 writes acknowledged", func() bool { return writes.Load() >= 10 })
		pause := time.Duration(rand.IntN(1000)) * time.Millisecond
		time.Sleep(pause)
		srv.signal(t, syscall.SIGKILL)
		srv.wait(t, 30*time.Second)
		cancel()
		res := soaked()
		t.Logf("round %d: killed %v after the 10th write, with %d writes acknowledged (%d creations, %d not acknowledged)",
			round+1, pause, res.Writes(), len(res.Acknowledged), len(res.Unacknowledged))
		acked = append(acked, res.Acknowledged...)
		unacked = append(unacked, res.Unacknowledged...)
		checkFile(t, f.url)
		db, err := database.Open(context.Background(), f.url)
		if err != nil {
			t.Fatal(err)
		}
		checkWrites(t, db, "KILL", acked, unacked)
		db.Close()
	}
	// The server starts on the file again and answers.
	srv := startServer(t, f)
	cfg := f.soakConfig(srv, "KILLED", 0)
	cfg.Duration = time.Second
	res, err := loadtest.Soak(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.ServerErrors > 0 {
		t.Errorf("after the kills: %d requests, %d server errors, the first failure %s", res.Requests, res.ServerErrors, res.FirstError)
	}
}

// checkFile checks the SQLite file at url as the server leaves it: whole,
// its foreign keys kept, its commits synced.
func checkFile(t *testing.T, url string) {
	t.Helper()
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var integrity, journal string
	var synchronous int
	if err := db.SQL.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("PRAGMA integrity_check: %q, %v", integrity, err)
	}
	rows, err := db.SQL.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		rows.Scan(&table, &rowid, &parent, &fk)
		t.Errorf("foreign key broken: %s row %v → %s", table, rowid, parent)
	}
	rows.Close()
	if err := db.SQL.QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal_mode %q, %v", journal, err)
	}
	// 2 is FULL: the WAL is synced at every commit (database.SQLiteDSN).
	if err := db.SQL.QueryRow(`PRAGMA synchronous`).Scan(&synchronous); err != nil || synchronous != 2 {
		t.Errorf("synchronous %d, %v; want 2 (FULL)", synchronous, err)
	}
}
