package bench_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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
			// Tasks of the communes' plans are led by officials of the plan's unit.
			var leads, foreign, collab int
			if err := db.SQL.QueryRow(`SELECT COUNT(*), SUM(CASE WHEN o.unit_id <> p.unit_id THEN 1 ELSE 0 END),
  (SELECT COUNT(*) FROM official_collaborating_tasks)
FROM tasks t JOIN reform_plans p ON p.id = t.plan_id JOIN officials o ON o.id = t.lead_id`).Scan(&leads, &foreign, &collab); err != nil {
				t.Fatal(err)
			}
			if leads == 0 || leads != s.Leads || foreign != 0 || collab != s.Collaborators || collab < leads/2 {
				t.Errorf("task staff: %d leads (%d outside the plan's unit), %d collaborations; stats %+v", leads, foreign, collab, s)
			}
			if l, c, err := bench.StaffTasks(ctx, db, 1); l != 0 || c != 0 || err != nil {
				t.Errorf("staffing again wrote %d leads and %d collaborations, %v", l, c, err)
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
// each database. It runs only with -bench; `cchc-bench bench` measures the full
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

// TestReproducible generates the same Config twice into fresh databases of
// each kind and finds the same rows, IDs and times included, in all four;
// another seed writes other rows.
func TestReproducible(t *testing.T) {
	ctx := context.Background()
	cfg := bench.Config{Communes: 5, Dossiers: 3000, FirstYear: 2021, LastYear: 2024, Seed: 42}
	digest := func(dia string, cfg bench.Config) (string, map[string]string) {
		db, _ := open(t, dia)
		if _, err := bench.Fill(ctx, db, cfg, nil); err != nil {
			t.Fatal(err)
		}
		sum, tables, err := bench.Digest(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		return sum, tables
	}
	want, wantTables := digest(dialect.SQLite, cfg)
	for _, table := range []string{"units", "procedures", "dossiers", "officials", "staffing_quota", "reform_plans", "tasks", "feedbacks", "budgets", "budget_lines"} {
		if wantTables[table] == "" {
			t.Errorf("the digest leaves %s out", table)
		}
	}
	for _, dia := range apitest.Dialects() {
		got, tables := digest(dia, cfg)
		if got != want {
			for table, sum := range tables {
				if wantTables[table] != sum {
					t.Errorf("%s: table %s differs", dia, table)
				}
			}
			t.Errorf("%s: digest %s, want %s", dia, got, want)
		}
	}
	cfg.Seed++
	if other, _ := digest(dialect.SQLite, cfg); other == want {
		t.Error("another seed gave the same rows")
	}
}

// TestSeasons generates five years and checks the shape of the data over
// the calendar: the rush before Tết and the trickle during its break,
// enrolment above August, the online share growing year by year, no
// dossier received in person on a day off.
func TestSeasons(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t, dialect.SQLite)
	cfg := bench.Config{Communes: 6, Dossiers: 30_000, FirstYear: 2021, LastYear: 2025, Seed: 3}
	s, err := bench.Fill(ctx, db, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dossiers != 30_000 || s.Quotas != 6*5 || s.Budgets != 6*5 || len(s.Steps) != 10 || s.Rows() < 30_000+s.Officials {
		t.Fatalf("stats %+v", s)
	}
	count := func(where string, args ...any) float64 {
		var n int
		if err := db.SQL.QueryRow("SELECT COUNT(*) FROM dossiers WHERE "+where, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return float64(n)
	}
	local := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, period.Location).UTC() }
	between := func(from, to time.Time) float64 {
		return count("received_at >= ? AND received_at < ?", from, to) / to.Sub(from).Hours() * 24
	}
	for _, y := range []int{2022, 2023, 2024, 2025} {
		tet := map[int]time.Time{2022: local(2022, 2, 1), 2023: local(2023, 1, 22), 2024: local(2024, 2, 10), 2025: local(2025, 1, 29)}[y]
		rush, brk := between(tet.AddDate(0, 0, -21), tet.AddDate(0, 0, -3)), between(tet.AddDate(0, 0, -3), tet.AddDate(0, 0, 5))
		july, august := between(local(y, 7, 1), local(y, 8, 1)), between(local(y, 8, 1), local(y, 9, 1))
		if !(rush > 4*brk && july > 1.4*august) {
			t.Errorf("%d: per day %.0f in the rush before Tết, %.0f in its break; %.0f in July, %.0f in August", y, rush, brk, july, august)
		}
	}
	prev := 0.0
	for y := 2021; y <= 2025; y++ {
		share := count("channel = 'ONLINE' AND received_at >= ? AND received_at < ?", local(y, 1, 1), local(y+1, 1, 1)) /
			count("received_at >= ? AND received_at < ?", local(y, 1, 1), local(y+1, 1, 1))
		if share <= prev+0.03 {
			t.Errorf("online share %.2f in %d after %.2f", share, y, prev)
		}
		prev = share
	}
	// In person only on working days (in UTC+7): no Sunday, no 2 September.
	var sundays int
	rows, err := db.SQL.Query("SELECT received_at FROM dossiers WHERE channel = 'DIRECT'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			t.Fatal(err)
		}
		at = at.In(period.Location)
		if at.Weekday() == time.Sunday || at.Month() == time.September && at.Day() == 2 {
			sundays++
		}
	}
	if sundays > 0 {
		t.Errorf("%d dossiers received in person on a day off", sundays)
	}
}

// TestFillRefusesData: cchc-bench generate writes only into an empty database.
func TestFillRefusesData(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t, dialect.SQLite)
	if _, err := bench.Fill(ctx, db, bench.Config{Communes: 2, Dossiers: 10}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bench.Fill(ctx, db, bench.Config{Communes: 2, Dossiers: 10}, nil); err == nil || !strings.Contains(err.Error(), "refusing") || !strings.Contains(err.Error(), "units") {
		t.Errorf("a second fill: %v", err)
	}
	other, _ := open(t, dialect.SQLite)
	if _, err := other.SQL.Exec(`INSERT INTO procedures (created_at, updated_at, code, name, field, processing_days, online_service, search_text) VALUES (?, ?, 'X', 'X', 'X', 1, 'NONE', 'x')`, time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := bench.Fill(ctx, other, bench.Config{Communes: 2, Dossiers: 10}, nil); err == nil || !strings.Contains(err.Error(), "procedures") {
		t.Errorf("a database with a procedure: %v", err)
	}
	empty, _ := open(t, dialect.SQLite)
	if _, err := bench.Fill(ctx, empty, bench.Config{Communes: 2, Dossiers: 10, FirstYear: 1990, LastYear: 1994}, nil); err == nil || !strings.Contains(err.Error(), "covers 2010 to 2034") {
		t.Errorf("years the calendar does not cover: %v", err)
	}
}
