package database_test

import (
	"cchc/internal/apitest"
	"context"
	"testing"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"cchc/internal/database"
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
