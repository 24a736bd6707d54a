package returning_test

import (
	"context"
	"fmt"
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
	"cchc/internal/deferred"
	"cchc/internal/returning"
)

// TestUpdateOne: on PostgreSQL an update of one record is one statement
// (UPDATE … RETURNING), on SQLite ent's two; on both the record returned is
// the record stored, fields set, added to and cleared alike, and an update
// whose predicates match no row is NOT_FOUND and changes nothing. A rider
// of the record goes in its statement on PostgreSQL, and writes nothing
// when the update matches no row.
func TestUpdateOne(t *testing.T) {
	for _, dia := range apitest.Dialects() {
		t.Run(dia, func(t *testing.T) {
			var stmts atomic.Int64
			ctx, db := open(t, dia, database.WithDriver(database.CountStatements(&stmts)))
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

			// Riders: one of this record goes in the update's statement,
			// one of another record does not; on SQLite none goes.
			if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE rides (record bigint, note text)`); err != nil {
				t.Fatal(err)
			}
			ride := func(ctx context.Context, id int, note string) (context.Context, *returning.Rider) {
				return returning.Ride(ctx, id, func(next int) (string, []any, error) {
					return fmt.Sprintf(`INSERT INTO rides (record, note) SELECT w.id, $%d::text FROM w`, next), []any{note}, nil
				})
			}
			rctx, mine := ride(ctx, p.ID, "mine")
			rctx, other := ride(rctx, p.ID+1, "other")
			stmts.Store(0)
			if got, err = db.Client.Procedure.UpdateOneID(p.ID).SetProcessingDays(2).Save(rctx); err != nil {
				t.Fatal(err)
			}
			check(got, 0)
			if mine.Taken() != (dia == dialect.Postgres) || other.Taken() {
				t.Errorf("taken: mine %v, other %v", mine.Taken(), other.Taken())
			}
			rides := func() (n int) {
				db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM rides WHERE record = $1 AND note = 'mine'`, p.ID).Scan(&n)
				return n
			}
			if n, want := rides(), map[bool]int{true: 1, false: 0}[dia == dialect.Postgres]; n != want {
				t.Errorf("%d rows of the rider, want %d", n, want)
			}

			// A rider with nothing to write is taken all the same.
			rctx, empty := returning.Ride(ctx, p.ID, func(int) (string, []any, error) { return "", nil, returning.NoWrite })
			if _, err = db.Client.Procedure.UpdateOneID(p.ID).SetProcessingDays(3).Save(rctx); err != nil {
				t.Fatal(err)
			}
			if empty.Taken() != (dia == dialect.Postgres) {
				t.Errorf("a rider with nothing to write: taken %v", empty.Taken())
			}

			// In a transaction that may be a single write (internal/deferred),
			// an update that carries every waiting rider is that write,
			// committed at once; one after which a rider of another record,
			// or a write of a hook's own (WritesAfter), waits is not.
			if dia == dialect.Postgres {
				for _, c := range []struct {
					name  string
					ctx   func(context.Context) context.Context
					alone bool
				}{
					{"its riders", func(ctx context.Context) context.Context { ctx, _ = ride(ctx, p.ID, "alone"); return ctx }, true},
					{"another's rider", func(ctx context.Context) context.Context { ctx, _ = ride(ctx, p.ID+1, "other"); return ctx }, false},
					{"a write after", func(ctx context.Context) context.Context { return returning.WritesAfter(ctx, p.ID) }, false},
				} {
					tx, err := db.Client.Tx(deferred.Begin(ctx, true))
					if err != nil {
						t.Fatal(err)
					}
					name := "alone: " + c.name
					if _, err := tx.Procedure.UpdateOneID(p.ID).SetName(name).Save(c.ctx(ctx)); err != nil {
						t.Fatal(err)
					}
					var n int
					if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM procedures WHERE name = $1`, name).Scan(&n); err != nil {
						t.Fatal(err)
					}
					if (n == 1) != c.alone {
						t.Errorf("%s: committed before the COMMIT: %v, want %v", c.name, n == 1, c.alone)
					}
					if err := tx.Commit(); err != nil {
						t.Fatal(err)
					}
				}
			}

			was, err := db.Client.Procedure.Get(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			rctx, _ = ride(ctx, p.ID, "mine")
			_, err = db.Client.Procedure.UpdateOneID(p.ID).Where(procedure.Name("no such name")).SetName("x").Save(rctx)
			if !ent.IsNotFound(err) {
				t.Fatalf("an update matching no row: %v, want NOT_FOUND", err)
			}
			if stored, _ := db.Client.Procedure.Get(ctx, p.ID); stored.Name != was.Name || stored.Version != was.Version {
				t.Errorf("an update matching no row changed it: %+v", stored)
			}
			if n := rides(); n > 1 {
				t.Errorf("the rider of an update matching no row wrote: %d rows", n)
			}
		})
	}
}

// open opens a migrated database of dialect dia for the test, and a context
// past the privacy rules.
func open(t *testing.T, dia string, opts ...database.Option) (context.Context, *database.DB) {
	t.Helper()
	url := "file:" + filepath.Join(t.TempDir(), "cchc.db")
	if dia == dialect.Postgres {
		url = apitest.EmptyPostgres(t)
	}
	ctx := archive.Include(privacy.DecisionContext(context.Background(), privacy.Allow))
	db, err := database.Open(ctx, url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx, db
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

// TestInsert: a rider of a record being created goes in its INSERT on
// PostgreSQL, reading the new ID from w; in a transaction that may be a
// single write, the INSERT carrying every waiting rider is that write,
// committed at once. On SQLite nothing rides.
func TestInsert(t *testing.T) {
	for _, dia := range apitest.Dialects() {
		t.Run(dia, func(t *testing.T) {
			ctx, db := open(t, dia)
			if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE rides (record bigint, note text)`); err != nil {
				t.Fatal(err)
			}
			ride := func(ctx context.Context, note string) (context.Context, *returning.Rider) {
				return returning.RideNew(ctx, func(next int) (string, []any, error) {
					return fmt.Sprintf(`INSERT INTO rides (record, note) SELECT w.id, $%d::text FROM w`, next), []any{note}, nil
				})
			}
			create := func(client *ent.Client, ctx context.Context, code string) *ent.Procedure {
				t.Helper()
				p, err := client.Procedure.Create().SetCode(code).SetName("Đăng ký khai sinh").SetField("Hộ tịch").SetProcessingDays(1).Save(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			rode := func(id int, note string) (n int) {
				t.Helper()
				if err := db.SQL.QueryRowContext(ctx, db.Rebind(`SELECT count(*) FROM rides WHERE record = ? AND note = ?`), id, note).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}

			rctx, r := ride(ctx, "new")
			p := create(db.Client, rctx, "1.000001")
			if want := dia == dialect.Postgres; r.Taken() != want || (rode(p.ID, "new") == 1) != want {
				t.Errorf("taken %v, %d rows for the new ID; want %v", r.Taken(), rode(p.ID, "new"), want)
			}
			if dia != dialect.Postgres {
				return
			}
			for i, c := range []struct {
				name  string
				ctx   func(context.Context) context.Context
				alone bool
			}{
				{"its riders", func(ctx context.Context) context.Context { ctx, _ = ride(ctx, "alone"); return ctx }, true},
				{"a write after", func(ctx context.Context) context.Context {
					ctx, _ = ride(ctx, "alone")
					return returning.WritesAfterNew(ctx)
				}, false},
			} {
				tx, err := db.Client.Tx(deferred.Begin(ctx, true))
				if err != nil {
					t.Fatal(err)
				}
				code := fmt.Sprintf("2.00000%d", i)
				create(tx.Client(), c.ctx(ctx), code)
				var n int
				if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM procedures WHERE code = $1`, code).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if (n == 1) != c.alone {
					t.Errorf("%s: committed before the COMMIT: %v, want %v", c.name, n == 1, c.alone)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
