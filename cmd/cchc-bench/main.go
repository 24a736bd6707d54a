// Command cchc-bench holds the tools that measure and exercise cchc, kept
// out of the production binary: the indicators benchmark, the generator of
// a province at scale, the load test beside PostGraphile and the soak of a
// running server. Run `cchc-bench help` for the subcommands.
package main

import (
	"context"
	"io"
	"log/slog"

	"cchc/internal/cli"
	"cchc/internal/database"
)

const usage = `cchc-bench — benchmarks, load tests and data generation for cchc (not part of the product)

Usage:
  cchc-bench generate [--communes 300] [--years 5] [--last-year YEAR] [--per-commune-year 1000 | --dossiers N] [--seed 1] [--digest]
                             write a synthetic province (units, officials, plans, tasks, seasonal dossiers,
                             budgets) into an empty DATABASE_URL in bulk; the same flags write the same rows
  cchc-bench bench [--communes 300] [--dossiers 1500000] [--runs 100] [--reuse] [--year 2023 --kind HALF_YEAR --index 1] [--scan]
                             generate a province at scale into an empty DATABASE_URL (--reuse: the one
                             bench generated there before) and time the province-wide indicators
  cchc-bench loadtest [--concurrency 8] [--duration 10s] [--rounds 2] [--no-postgraphile] [--communes 300] [--dossiers 1500000] [--cchc PATH]
                             ask cchc and PostGraphile (bench/postgraphile) the front end's, analysts' and
                             writers' questions over the bench province in DATABASE_URL (PostgreSQL), both
                             as child processes; report req/s, p50/p99 and memory (docs/PERFORMANCE.md)
  cchc-bench soak --url URL --token TOKEN [--token …] [--duration 3m] [--concurrency 16] [--writes 0.3]
                             drive a running server with mixed reads and writes of COMMUNE_OFFICERs as fast as it
                             answers, then read every acknowledged write back; fails on any 5xx, INTERNAL_SERVER_ERROR
                             or UNAVAILABLE answer and on any acknowledged write missing (docs/OPERATIONS.md)

Environment:
  DATABASE_URL     postgres://… for PostgreSQL, file:PATH for the embedded SQLite (default file:cchc.db)
`

// commands are the subcommands.
var commands = map[string]cli.Command{
	"bench":    cli.Plain(benchmark),
	"generate": cli.Plain(generateData),
	"loadtest": cli.Plain(loadTest),
	"soak":     cli.Plain(soak),
}

func main() { cli.Main("cchc-bench", usage, commands) }

// openMigrated opens the database at url and applies pending migrations, as
// cchc serve would before the tools write or measure.
func openMigrated(ctx context.Context, url string, opts ...database.Option) (*database.DB, error) {
	db, err := database.Open(ctx, url, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// run runs a subcommand as main does, for the tests.
func run(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	return cli.Run(ctx, args, stdout, log, usage, commands)
}
