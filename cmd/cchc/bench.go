package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/bench"
	"cchc/internal/config"
	"cchc/internal/database"
)

// benchmark generates (or reuses) a province at scale in DATABASE_URL and
// times the province-wide half-year indicators request on it.
func benchmark(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	communes := fs.Int("communes", 300, "communes of the generated province")
	dossiers := fs.Int("dossiers", 1_500_000, "dossiers over 2022–2024")
	runs := fs.Int("runs", 5, "how many times to run the request")
	reuse := fs.Bool("reuse", false, "measure a province that bench generated earlier in this database")
	seed := fs.Uint64("seed", 1, "seed of the generated data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *runs < 1 || *communes < 1 || *dossiers < 0 {
		return errors.New("usage: cchc bench [--communes 300] [--dossiers 1500000] [--runs 5] [--reuse] [--seed 1]")
	}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	stmts := new(atomic.Int64)
	db, err := database.Open(ctx, url, database.WithDriver(database.CountStatements(stmts)))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	version := "SELECT 'SQLite ' || sqlite_version()"
	if db.Dialect == dialect.Postgres {
		version = "SELECT version()"
	}
	var v string
	if err := db.SQL.QueryRowContext(ctx, version).Scan(&v); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database: %s\n", v)
	p, err := bench.Open(ctx, db, bench.Config{Communes: *communes, Dossiers: *dossiers, Seed: *seed}, *reuse,
		func(step string, took time.Duration) {
			fmt.Fprintf(stdout, "  generated %-22s %8.1fs\n", step, took.Seconds())
		})
	if err != nil {
		return err
	}
	if s := p.Generated; s != nil {
		fmt.Fprintf(stdout, "generated in %.1fs: %d districts, %d communes, %d procedures, %d dossiers, %d officials, %d quotas, %d plans, %d tasks (%d led, %d collaborations), %d feedback, %d budgets with %d lines\n",
			s.Took.Seconds(), s.Districts, s.Communes, s.Procedures, s.Dossiers, s.Officials, s.Quotas, s.Plans, s.Tasks, s.Leads, s.Collaborators, s.Feedback, s.Budgets, s.Lines)
	} else {
		fmt.Fprintf(stdout, "reusing the generated province: %d communes, %d dossiers\n", p.Communes, p.Dossiers)
	}
	vctx, err := bench.Context(ctx, db)
	if err != nil {
		return err
	}
	res, err := bench.Measure(vctx, db, stmts, bench.HalfYear, *runs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "request: indicators of every commune under %s, %s, as PROVINCE_OFFICER: %d units, %d dossiers in total\n",
		bench.ProvinceCode, bench.HalfYear.Title(), res.Units, res.Dossiers)
	for i, t := range res.Times {
		fmt.Fprintf(stdout, "  run %d: %v\n", i+1, t.Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "runs %d: min %v, median %v, max %v; %d SQL statements per request\n",
		len(res.Times), res.Min.Round(time.Millisecond), res.Median.Round(time.Millisecond), res.Max.Round(time.Millisecond), res.Statements)
	return nil
}
