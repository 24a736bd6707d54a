// Command cchc is the administrative-reform (cải cách hành chính) API:
// one binary that serves GraphQL, applies and generates migrations, signs
// tokens and prints the public schema. Run `cchc help` for the subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"cchc/internal/config"
	"cchc/internal/observe"
)

const usage = `cchc — GraphQL API for administrative reform (cải cách hành chính)

Usage:
  cchc serve [--demo]        serve /graphql, GraphiQL at /, /readyz and /healthz; applies pending migrations;
                             --demo loads the demonstration data into an empty database
  cchc migrate               apply pending migrations
  cchc migrate diff NAME     write a new migration per dialect from the ent schema
                             (--dev-postgres URL: an empty PostgreSQL database to replay on)
  cchc token --role ROLE --unit CODE [--sub NAME] [--ttl DURATION]
                             print a signed bearer token
  cchc import dossiers FILE --unit CODE [--dry-run] [--sub NAME]
                             import a one-stop-shop export (CSV or XLSX, docs/IMPORT.md) as a commune
                             officer of the unit, as POST /import/dossiers does; prints the counts or the problems
  cchc schema [-o FILE]      print the public GraphQL schema
  cchc access [-o FILE]      print the access table (who reads and writes what)
  cchc generate [--communes 300] [--years 5] [--last-year YEAR] [--per-commune-year 1000 | --dossiers N] [--seed 1] [--digest]
                             write a synthetic province (units, officials, plans, tasks, seasonal dossiers,
                             budgets) into an empty DATABASE_URL in bulk; the same flags write the same rows
  cchc bench [--communes 300] [--dossiers 1500000] [--runs 100] [--reuse] [--year 2023 --kind HALF_YEAR --index 1] [--scan]
                             generate a province at scale into an empty DATABASE_URL (--reuse: the one
                             bench generated there before) and time the province-wide indicators
  cchc backup --to FILE      copy the embedded SQLite database of DATABASE_URL into a new FILE while the
                             server runs (VACUUM INTO, then an integrity check of the copy)
  cchc restore --from FILE   replace the embedded SQLite database with a backup, after checking it; the
                             replaced file is kept as PATH.TIME.bak. Stop the server first.
                             (PostgreSQL: pg_dump and pg_restore)
  cchc healthcheck [--url URL]
                             exit 0 when the local server's /readyz answers 200 (container health checks)
  cchc loadtest [--concurrency 8] [--duration 10s] [--rounds 2] [--no-postgraphile] [--communes 300] [--dossiers 1500000]
                             ask cchc and PostGraphile (bench/postgraphile) the front end's, analysts' and
                             writers' questions over the bench province in DATABASE_URL (PostgreSQL), both
                             as child processes; report req/s, p50/p99 and memory (docs/PERFORMANCE.md)
  cchc soak --url URL --token TOKEN [--token …] [--duration 3m] [--concurrency 16] [--writes 0.3]
                             drive a running server with mixed reads and writes of COMMUNE_OFFICERs as fast as it
                             answers, then read every acknowledged write back; fails on any 5xx, INTERNAL_SERVER_ERROR
                             or UNAVAILABLE answer and on any acknowledged write missing (docs/OPERATIONS.md)

Environment:
  DATABASE_URL     postgres://… for PostgreSQL, file:PATH for the embedded SQLite (default file:cchc.db)
  CCHC_ADDR        listen address (default 127.0.0.1:8080)
  CCHC_JWT_SECRET  HS256 secret, at least 32 bytes; required with PostgreSQL, generated beside the
                   SQLite database otherwise
  CCHC_CORS_ORIGINS  comma-separated origins whose pages may call the API from a browser (none)
  CCHC_MAX_COST, CCHC_MAX_DEPTH, CCHC_MAX_PAGE_SIZE, CCHC_DEFAULT_PAGE_SIZE, CCHC_MAX_ALIASES,
  CCHC_MAX_BATCH, CCHC_MAX_INPUT_NODES, CCHC_MAX_EDGE_NESTING, CCHC_REQUEST_TIMEOUT
                   limits of a GraphQL request (defaults 50000, 12, 1000, 100, 30, 10, 1000, 6, 30s;
                   README)
  CCHC_LOG_FORMAT  json (default) or text;  CCHC_LOG_LEVEL  debug, info (default), warn or error
  CCHC_METRICS_ADDR  serve /metrics on this address alone instead of beside the API
  CCHC_TRACING     otlp or off; unset, traces go over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logging, err := config.Log()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cchc:", err)
		os.Exit(1)
	}
	log := observe.NewLogger(os.Stderr, logging.Format, logging.Level)
	if err := run(ctx, os.Args[1:], os.Stdout, log); err != nil {
		fmt.Fprintln(os.Stderr, "cchc:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, log)
	case "migrate":
		return migrate(ctx, rest, stdout)
	case "token":
		return token(ctx, rest, stdout)
	case "import":
		return importDossiers(ctx, rest, stdout)
	case "schema":
		return printSchema(rest, stdout)
	case "access":
		return printAccess(rest, stdout)
	case "bench":
		return benchmark(ctx, rest, stdout)
	case "generate":
		return generateData(ctx, rest, stdout)
	case "loadtest":
		return loadTest(ctx, rest, stdout)
	case "soak":
		return soak(ctx, rest, stdout)
	case "backup":
		return backup(ctx, rest, stdout)
	case "restore":
		return restore(ctx, rest, stdout)
	case "healthcheck":
		return healthcheck(ctx, rest, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
	}
}
