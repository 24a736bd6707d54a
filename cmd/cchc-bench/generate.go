package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"cchc/internal/bench"
	"cchc/internal/config"
)

const generateUsage = "usage: cchc-bench generate [--communes 300] [--years 5] [--last-year YEAR] [--per-commune-year 1000 | --dossiers N] [--seed 1] [--digest]"

// generateData writes a synthetic province (internal/bench) into an empty
// DATABASE_URL at the database's bulk speed, and reports the rows written
// per second by step.
func generateData(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	communes := fs.Int("communes", 300, "communes of the generated province")
	years := fs.Int("years", 5, "years of records, ending with --last-year")
	lastYear := fs.Int("last-year", time.Now().In(time.UTC).Year()-1, "the last year of records (default: last year)")
	perCommuneYear := fs.Int("per-commune-year", 1000, "dossiers per commune and year, on average")
	dossiers := fs.Int("dossiers", 0, "dossiers in total, instead of --per-commune-year")
	seed := fs.Uint64("seed", 1, "seed of the generated data: the same flags write the same rows")
	digest := fs.Bool("digest", false, "print a digest of every row written, to compare two runs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	total := *communes * *years * *perCommuneYear
	if *dossiers > 0 {
		total = *dossiers
	}
	if fs.NArg() > 0 || *communes < 1 || *years < 1 || *perCommuneYear < 0 || *dossiers < 0 {
		return errors.New(generateUsage)
	}
	cfg := bench.Config{Communes: *communes, Dossiers: total, FirstYear: *lastYear - *years + 1, LastYear: *lastYear, Seed: *seed}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := bench.Empty(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generating %d communes, %d to %d, %d dossiers, seed %d into %s\n", cfg.Communes, cfg.FirstYear, cfg.LastYear, cfg.Dossiers, cfg.Seed, db.Dialect)
	fmt.Fprintf(stdout, "  the same rows again: cchc-bench generate --communes %d --years %d --last-year %d --dossiers %d --seed %d\n", cfg.Communes, *years, cfg.LastYear, cfg.Dossiers, cfg.Seed)
	s, err := bench.Fill(ctx, db, cfg, func(st bench.Step) {
		fmt.Fprintf(stdout, "  %-22s %10d rows %8.1fs", st.Name, st.Rows, st.Took.Seconds())
		if st.Rows > 0 {
			fmt.Fprintf(stdout, " %10.0f rows/s", st.PerSecond())
		}
		fmt.Fprintln(stdout)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d rows in %.1fs: %.0f rows/s — %d districts, %d communes, %d procedures, %d dossiers, %d officials, %d quotas, %d plans, %d tasks, %d feedback, %d budgets with %d lines\n",
		s.Rows(), s.Took.Seconds(), float64(s.Rows())/s.Took.Seconds(),
		s.Districts, s.Communes, s.Procedures, s.Dossiers, s.Officials, s.Quotas, s.Plans, s.Tasks, s.Feedback, s.Budgets, s.Lines)
	if *digest {
		sum, _, err := bench.Digest(ctx, db)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "digest sha256:%s\n", sum)
	}
	return nil
}
