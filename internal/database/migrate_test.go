package database_test

import (
	"cchc/internal/apitest"
	"context"
	"fmt"
	"testing"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"cchc/internal/database"
	"cchc/internal/tally"
)

// TestMigrationsMatchSchema fails when the ent schema changed without a new
// migration: replaying migrations/ and diffing against the schema must write nothing.
func TestMigrationsMatchSchema(t *testing.T) {
	ctx := context.Background()
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			embedded, err := database.Migrations(d)
			if err != nil {
				t.Fatal(err)
			}
			files, err := embedded.Files()
			if err != nil || len(files) == 0 {
				t.Fatalf("no migrations for %s: %v", d, err)
			}
			dir := &atlas.MemDir{}
			for _, f := range files {
				dir.WriteFile(f.Name(), f.Bytes())
			}
			sum, _ := embedded.Checksum()
			atlas.WriteSumFile(dir, sum)
			dev := "sqlite://dev?mode=memory&_pragma=foreign_keys(1)"
			if d == dialect.Postgres {
				dev = apitest.EmptyPostgres(t)
			}
			if err := database.Diff(ctx, d, dev, "check", dir); err != nil {
				t.Fatal(err)
			}
			after, _ := dir.Files()
			if len(after) != len(files) {
				t.Fatalf("the ent schema differs from migrations/: run `go run ./cmd/cchc migrate diff NAME` (new file %s)", after[len(after)-1].Name())
			}
		})
	}
}

// TestMigrateIsIdempotent applies the migrations twice to a fresh SQLite file.
func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, "file:"+t.TempDir()+"/m.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first, err := db.Migrate(ctx)
	if err != nil || len(first) == 0 {
		t.Fatalf("first run applied %v: %v", first, err)
	}
	second, err := db.Migrate(ctx)
	if err != nil || len(second) != 0 {
		t.Fatalf("second run applied %v: %v", second, err)
	}
}

// TestStepsNameOneMigration: each Go step belongs to exactly one migration
// file of each dialect.
func TestStepsNameOneMigration(t *testing.T) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		dir, err := database.Migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := dir.Files()
		for _, step := range database.Steps() {
			n := 0
			for _, f := range files {
				if f.Desc() == step {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s: step %q names %d migrations", d, step, n)
			}
		}
	}
}

// migratedBefore returns a fresh database of dialect d migrated up to the
// migration named stop, holding one unit, Tái Sơn, whose ID it returns.
func migratedBefore(t *testing.T, d, stop string) (*database.DB, int) {
	t.Helper()
	ctx := context.Background()
	url := "file:" + t.TempDir() + "/old.db"
	if d == dialect.Postgres {
		url = apitest.EmptyPostgres(t)
	}
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.MigrateBefore(ctx, stop); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	var unit int
	err = db.SQL.QueryRowContext(ctx, db.Rebind(`INSERT INTO units (created_at, updated_at, code, name, level, kind) VALUES (?, ?, '11098', 'Tái Sơn', 'COMMUNE', 'COMMUNE') RETURNING id`), now, now).Scan(&unit)
	if err != nil {
		t.Fatal(err)
	}
	return db, unit
}

// TestSearchStepFillsOlderRows: rows written before the migration that adds
// the searchable text get it from the migration, and are found.
func TestSearchStepFillsOlderRows(t *testing.T) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db, unit := migratedBefore(t, d, "search")
			now := time.Now().UTC()
			if _, err := db.SQL.ExecContext(ctx, db.Rebind(`INSERT INTO reform_plans (created_at, updated_at, year, title, area, status, unit_id) VALUES (?, ?, 2023, 'Kế hoạch CCHC năm 2023', 'DIRECTION', 'ISSUED', ?)`), now, now, unit); err != nil {
				t.Fatal(err)
			}
			applied, err := db.Migrate(ctx)
			if err != nil || len(applied) == 0 {
				t.Fatalf("applied %v: %v", applied, err)
			}
			for query, want := range map[string]string{
				`SELECT search_text FROM units`:        "tai son 11098",
				`SELECT search_text FROM reform_plans`: "ke hoach cchc nam 2023", // a null number adds nothing
			} {
				var got string
				if err := db.SQL.QueryRowContext(ctx, query).Scan(&got); err != nil || got != want {
					t.Errorf("%s: %q, want %q (%v)", query, got, want, err)
				}
			}
		})
	}
}

// TestConcurrentMigrate starts several servers' migrations on one empty
// PostgreSQL database at once, as instances behind a load balancer do when
// they start together: each migration is applied once and none fails.
func TestConcurrentMigrate(t *testing.T) {
	ctx := context.Background()
	url := apitest.EmptyPostgres(t)
	const servers = 3
	errs := make(chan error, servers)
	applied := make(chan int, servers)
	for range servers {
		db, err := database.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		go func() {
			versions, err := db.Migrate(ctx)
			applied <- len(versions)
			errs <- err
		}()
	}
	total := 0
	for range servers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
		total += <-applied
	}
	files, _ := database.Migrations(dialect.Postgres)
	all, _ := files.Files()
	if total != len(all) {
		t.Errorf("%d migrations applied in all, want each of %d once", total, len(all))
	}
}

// TestTallyStepCountsOlderDossiers: dossiers written before the migration
// that adds the monthly tally are counted in it by the migration.
func TestTallyStepCountsOlderDossiers(t *testing.T) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db, unit := migratedBefore(t, d, "dossier_months")
			now := time.Now().UTC()
			var proc int
			if err := db.SQL.QueryRowContext(ctx, db.Rebind(`INSERT INTO procedures (created_at, updated_at, code, name, field, processing_days, online_service) VALUES (?, ?, '1.001', 'Đăng ký khai sinh', 'Hộ tịch', 3, 'FULL') RETURNING id`), now, now).Scan(&proc); err != nil {
				t.Fatal(err)
			}
			// 23:30 on 30 June in Vietnam, resolved on 3 July, the day it was due.
			received := time.Date(2023, 6, 30, 16, 30, 0, 0, time.UTC)
			due := time.Date(2023, 7, 3, 9, 30, 0, 0, time.UTC)
			for i, finished := range []*time.Time{nil, &due} {
				status := "IN_PROGRESS"
				if finished != nil {
					status = "RESOLVED"
				}
				if _, err := db.SQL.ExecContext(ctx, db.Rebind(`INSERT INTO dossiers (created_at, updated_at, code, channel, received_at, due_at, finished_at, status, procedure_id, unit_id) VALUES (?, ?, ?, 'ONLINE', ?, ?, ?, ?, ?, ?)`),
					now, now, fmt.Sprintf("H-%d", i), received, due, finished, status, proc, unit); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := tally.Read(ctx, db.SQL)
			if err != nil {
				t.Fatal(err)
			}
			june, july := got[tally.Key{Unit: unit, Month: 202306}], got[tally.Key{Unit: unit, Month: 202307}]
			if len(got) != 2 || june == nil || july == nil ||
				*june != (tally.Counts{Received: 2, Online: 2, OpenChange: 2, OverdueChange: 0}) ||
				*july != (tally.Counts{Resolved: 1, OnTime: 1, OpenChange: -1, OverdueChange: 1}) {
				t.Fatalf("tally %v: June %+v, July %+v", got, june, july)
			}
			if err := tally.Verify(ctx, db.SQL); err != nil {
				t.Fatal(err)
			}
		})
	}
}
