package bench_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/bench"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/search"
	"cchc/internal/tally"
)

// open returns a fresh migrated database of the dialect, counting its statements.
func open(t testing.TB, dia string) (*database.DB, *atomic.Int64) {
	t.Helper()
	url := "file:" + t.TempDir() + "/bench.db"
	if dia == dialect.Postgres {
		url = apitest.EmptyPostgres(t)
	}
	stmts := new(atomic.Int64)
	db, err := database.Open(context.Background(), url, database.WithDriver(database.CountStatements(stmts)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, stmts
}

// TestGenerate generates a small province on both databases and checks that
// it is what the product could have written: global IDs in each table's
// range, the invariants of the hooks, and figures that add up.
func TestGenerate(t *testing.T) {
	for _, dia := range apitest.Dialects() {
		t.Run(dia, func(t *testing.T) {
			ctx := context.Background()
			db, stmts := open(t, dia)
			p, err := bench.Open(ctx, db, bench.Config{Communes: 7, Dossiers: 4000, Seed: 1}, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := p.Generated
			if s == nil || s.Communes != 7 || s.Districts != 1 || s.Dossiers != 4000 || p.Dossiers != 4000 || p.Communes != 7 {
				t.Fatalf("generated %+v, province %+v", s, p)
			}
			if s.Officials < 7*40 || s.Quotas != 21 || s.Plans == 0 || s.Tasks == 0 || s.Feedback == 0 || s.Budgets != 21 || s.Lines != 210 {
				t.Errorf("records %+v", s)
			}
			// IDs come from each table's range, so node(id:) finds the record.
			for table, typ := range map[string]string{"dossiers": "Dossier", "officials": "Official", "tasks": "Task", "budget_lines": "BudgetLine", "feedbacks": "Feedback", "reform_plans": "ReformPlan"} {
				var id int
				if err := db.SQL.QueryRow("SELECT MIN(id) FROM " + table).Scan(&id); err != nil {
					t.Fatal(err)
				}
				n, err := db.Client.Noder(privacy.DecisionContext(ctx, privacy.Allow), id)
				if err != nil || !strings.HasSuffix(fmt.Sprintf("%T", n), "."+typ) {
					t.Errorf("%s: node %d is %T, %v", table, id, n, err)
				}
			}
			// The invariants the hooks keep.
			for what, query := range map[string]string{
				"finishedAt without a finished status": `SELECT COUNT(*) FROM dossiers WHERE (finished_at IS NOT NULL) <> (status IN ('RESOLVED','RETURNED','REJECTED','WITHDRAWN','STOPPED'))`,
				"due before receipt":                   `SELECT COUNT(*) FROM dossiers WHERE due_at < received_at`,
				"finished before receipt":              `SELECT COUNT(*) FROM dossiers WHERE finished_at < received_at`,
				"resolved feedback before receipt":     `SELECT COUNT(*) FROM feedbacks WHERE resolved_at < received_at`,
				"service ending before it starts":      `SELECT COUNT(*) FROM officials WHERE ended_on < started_on`,
			} {
				var n int
				if err := db.SQL.QueryRow(query).Scan(&n); err != nil || n != 0 {
					t.Errorf("%s: %d rows, %v", what, n, err)
				}
			}
			// The searchable text the hook would have written, in the rows written past ent.
			if err := search.Check(ctx, db.SQL, db.Rebind); err != nil {
				t.Error(err)
			}
			// The monthly tally the hooks would have kept, computed after the
			// bulk load: the same as the dossiers give, and the figures summed
			// from it the same as those read from the dossiers, for every
			// period of the generated years.
			if err := tally.Verify(ctx, db.SQL); err != nil {
				t.Error(err)
			}
			if err := indicator.VerifyTally(privacy.DecisionContext(ctx, privacy.Allow), db.Client, db.Dialect, period.InYears(bench.FirstYear, bench.LastYear+1)); err != nil {
				t.Error(err)
			}
			// The measured request: every commune, figures that add up.
			engine := &indicator.Engine{Client: db.Client, Dialect: db.Dialect}
			vctx, err := bench.Context(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			res, err := bench.Measure(vctx, engine, stmts, bench.HalfYear, 2)
			if err != nil {
				t.Fatal(err)
			}
			if res.Units != 7 || res.Dossiers < 500 || res.Statements == 0 || res.Statements > 12 || len(res.Times) != 2 || res.P99 != res.Max {
				t.Errorf("result %+v", res)
			}
			// A second Open refuses without reuse, and reuses with it.
			if _, err := bench.Open(ctx, db, bench.Config{Communes: 7, Dossiers: 4000}, false, nil); err == nil || !strings.Contains(err.Error(), "--reuse") {
				t.Errorf("without reuse: %v", err)
			}
			again, err := bench.Open(ctx, db, bench.Config{}, true, nil)
			if err != nil || again.Generated != nil || again.Dossiers != 4000 || again.ID != p.ID {
				t.Errorf("reuse: %+v %v", again, err)
			}
		})
	}
}

// TestRefuseRealData: a database with units that bench did not generate is never written.
func TestRefuseRealData(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t, dialect.SQLite)
	if _, err := demo.Load(privacy.DecisionContext(ctx, privacy.Allow), db.Client); err != nil {
		t.Fatal(err)
	}
	for _, reuse := range []bool{false, true} {
		if _, err := bench.Open(ctx, db, bench.Config{Communes: 3, Dossiers: 10}, reuse, nil); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("reuse=%v: %v", reuse, err)
		}
	}
	if n, err := db.Client.Unit.Query().Where(unit.Code(bench.ProvinceCode)).Count(privacy.DecisionContext(ctx, privacy.Allow)); n != 0 || err != nil {
		t.Errorf("the province was written into the demonstration data: %d, %v", n, err)
	}
}

// BenchmarkProvinceHalfYear measures the indicators of every commune of a
// generated province (50 communes, 100,000 dossiers) for a half-year, on
// each database. It runs only with -bench; `cchc bench` measures the full
// size (docs/PERFORMANCE.md).
func BenchmarkProvinceHalfYear(b *testing.B) {
	for _, dia := range apitest.Dialects() {
		b.Run(dia, func(b *testing.B) {
			ctx := context.Background()
			db, stmts := open(b, dia)
			p, err := bench.Open(ctx, db, bench.Config{Communes: 50, Dossiers: 100_000, Seed: 1}, false, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: generated %d communes, %d dossiers in %v", dia, p.Communes, p.Dossiers, p.Generated.Took)
			engine := &indicator.Engine{Client: db.Client, Dialect: db.Dialect}
			vctx, err := bench.Context(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			res, err := bench.Measure(vctx, engine, stmts, bench.HalfYear, 1) // warm up, count the statements
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := bench.Measure(vctx, engine, stmts, bench.HalfYear, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Statements), "statements/op")
		})
	}
}
