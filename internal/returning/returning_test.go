package returning_test

import (
	"context"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/ent/procedure"
	"cchc/internal/apitest"
	"cchc/internal/archive"
	"cchc/internal/database"
)

// TestUpdateOne: on PostgreSQL an update of one record is one statement
// (UPDATE … RETURNING), on SQLite ent's two; on both the record returned is
// the record stored, fields set, added to and cleared alike, and an update
// whose predicates match no row is NOT_FOUND and changes nothing.
func TestUpdateOne(t *testing.T) {
	for _, dia := range apitest.Dialects() {
		t.Run(dia, func(t *testing.T) {
			url := "file:" + filepath.Join(t.TempDir(), "cchc.db")
			if dia == dialect.Postgres {
				url = apitest.EmptyPostgres(t)
			}
			var stmts atomic.Int64
			ctx := archive.Include(privacy.DecisionContext(context.Background(), privacy.Allow))
			db, err := database.Open(ctx, url, database.WithDriver(database.CountStatements(&stmts)))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			p, err := db.Client.Procedure.Create().SetCode("1.000001").SetName("Đăng ký khai sinh").SetField("Hộ tịch").SetProcessingDays(1).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}

			// reads are the statements before the write; ent then writes and
			// reads back, where on PostgreSQL the UPDATE returns the row.
			check := func(got *ent.Procedure, reads int64) {
				t.Helper()
				want := reads + 2
				if dia == dialect.Postgres {
					want = reads + 1
				}
				if n := stmts.Load(); n != want {
					t.Errorf("%d statements for the update, want %d", n, want)
				}
				stored, err := db.Client.Procedure.Get(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(values(got), values(stored)) {
					t.Errorf("returned %v\nstored   %v", values(got), values(stored))
				}
			}

			stmts.Store(0)
			archived := time.Date(2026, 11, 29, 8, 30, 0, 123456000, time.UTC)
			got, err := db.Client.Procedure.UpdateOneID(p.ID).SetName("Đăng ký khai tử").SetArchivedAt(archived).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Đăng ký khai tử" || got.Version != p.Version+1 || got.ArchivedAt == nil || !got.ArchivedAt.Equal(archived) {
				t.Errorf("set and added: %+v", got)
			}
			check(got, 1) // the search text's read of the stored name

			stmts.Store(0)
			if got, err = db.Client.Procedure.UpdateOneID(p.ID).ClearArchivedAt().Save(ctx); err != nil {
				t.Fatal(err)
			}
			if got.ArchivedAt != nil || got.Version != p.Version+2 {
				t.Errorf("cleared: %+v", got)
			}
			check(got, 0)

			_, err = db.Client.Procedure.UpdateOneID(p.ID).Where(procedure.Name("no such name")).SetName("x").Save(ctx)
			if !ent.IsNotFound(err) {
				t.Fatalf("an update matching no row: %v, want NOT_FOUND", err)
			}
			if stored, _ := db.Client.Procedure.Get(ctx, p.ID); stored.Name != "Đăng ký khai tử" || stored.Version != p.Version+2 {
				t.Errorf("an update matching no row changed it: %+v", stored)
			}
		})
	}
}

// values are the stored fields of p, times as instants.
func values(p *ent.Procedure) []any {
	archived := "never"
	if p.ArchivedAt != nil {
		archived = p.ArchivedAt.UTC().String()
	}
	return []any{p.ID, p.CreatedAt.UTC().String(), p.UpdatedAt.UTC().String(), archived, p.Version, p.SearchText,
		p.Code, p.Name, p.Field, p.ProcessingDays, p.OnlineService}
}
