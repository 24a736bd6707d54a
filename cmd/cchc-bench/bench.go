package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/bench"
	"cchc/internal/config"
	"cchc/internal/database"
	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
)

// benchmark generates (or reuses) a province at scale in DATABASE_URL and
// times the province-wide indicators request on it, for the first half of
// 2023 unless another period is given.
func benchmark(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	communes := fs.Int("communes", 300, "communes of the generated province")
	dossiers := fs.Int("dossiers", 1_500_000, "dossiers over 2022–2024")
	runs := fs.Int("runs", 100, "how many times to run the request, after one run to warm up")
	reuse := fs.Bool("reuse", false, "measure a province that bench generated earlier in this database")
	seed := fs.Uint64("seed", 1, "seed of the generated data")
	year := fs.Int("year", bench.HalfYear.Year, "year of the period asked for")
	kind := fs.String("kind", string(bench.HalfYear.Kind), "kind of the period: MONTH, QUARTER, HALF_YEAR, NINE_MONTHS or YEAR")
	index := fs.Int("index", bench.HalfYear.Index, "index of the period in its year")
	scan := fs.Bool("scan", false, "compute the dossier figures by reading the dossiers instead of summing their monthly tally, as before the tally: to compare")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p := period.Period{Year: *year, Kind: enum.PeriodKind(*kind), Index: *index}
	if field, err := p.Validate(); err != nil {
		return fmt.Errorf("--%s: %w", field, err)
	}
	if fs.NArg() > 0 || *runs < 1 || *communes < 1 || *dossiers < 0 {
		return errors.New("usage: cchc-bench bench [--communes 300] [--dossiers 1500000] [--runs 100] [--reuse] [--seed 1] [--year 2023 --kind HALF_YEAR --index 1] [--scan]")
	}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	stmts := new(atomic.Int64)
	db, err := openMigrated(ctx, url, database.WithDriver(database.CountStatements(stmts)))
	if err != nil {
		return err
	}
	defer db.Close()
	version := "SELECT 'SQLite ' || sqlite_version()"
	if db.Dialect == dialect.Postgres {
		version = "SELECT version()"
	}
	var v string
	if err := db.SQL.QueryRowContext(ctx, version).Scan(&v); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database: %s\n", v)
	prov, err := bench.Open(ctx, db, bench.Config{Communes: *communes, Dossiers: *dossiers, Seed: *seed}, *reuse,
		func(step string, took time.Duration) {
			fmt.Fprintf(stdout, "  generated %-22s %8.1fs\n", step, took.Seconds())
		})
	if err != nil {
		return err
	}
	if s := prov.Generated; s != nil {
		fmt.Fprintf(stdout, "generated in %.1fs: %d districts, %d communes, %d procedures, %d dossiers, %d officials, %d quotas, %d plans, %d tasks (%d led, %d collaborations), %d feedback, %d budgets with %d lines\n",
			s.Took.Seconds(), s.Districts, s.Communes, s.Procedures, s.Dossiers, s.Officials, s.Quotas, s.Plans, s.Tasks, s.Leads, s.Collaborators, s.Feedback, s.Budgets, s.Lines)
	} else {
		fmt.Fprintf(stdout, "reusing the generated province: %d communes, %d dossiers\n", prov.Communes, prov.Dossiers)
	}
	vctx, err := bench.Context(ctx, db)
	if err != nil {
		return err
	}
	engine := &indicator.Engine{Client: db.Client, Dialect: db.Dialect, FromRecords: *scan}
	warm, err := bench.Measure(vctx, engine, stmts, p, 1)
	if err != nil {
		return err
	}
	res, err := bench.Measure(vctx, engine, stmts, p, *runs)
	if err != nil {
		return err
	}
	source := "summed from their monthly tally"
	if *scan {
		source = "read from the dossiers (--scan)"
	}
	fmt.Fprintf(stdout, "request: indicators of every commune under %s, %s, as PROVINCE_OFFICER: %d units, %d dossiers in total, %s\n",
		bench.ProvinceCode, p.Title(), res.Units, res.Dossiers, source)
	fmt.Fprintf(stdout, "  warm-up run: %v\n", warm.Max.Round(time.Millisecond))
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
	}
	var times []string
	for _, t := range res.Times {
		times = append(times, ms(t))
	}
	fmt.Fprintf(stdout, "  runs (ms): %s\n", strings.Join(times, " "))
	fmt.Fprintf(stdout, "runs %d: min %s ms, p50 %s ms, p99 %s ms, max %s ms; %d SQL statements per request\n",
		len(res.Times), ms(res.Min), ms(res.Median), ms(res.P99), ms(res.Max), res.Statements)
	return nil
}
