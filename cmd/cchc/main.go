// Command cchc is the administrative-reform (cải cách hành chính) API:
// one binary that serves GraphQL, applies and generates migrations, signs
// tokens and prints the public schema. Run `cchc help` for the subcommands;
// the benchmarks and load tests are cmd/cchc-bench's.
package main

import (
	"context"
	"io"
	"log/slog"

	"cchc/internal/cli"
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
  cchc backup --to FILE      copy the embedded SQLite database of DATABASE_URL into a new FILE while the
                             server runs (VACUUM INTO, then an integrity check of the copy)
  cchc restore --from FILE   replace the embedded SQLite database with a backup, after checking it; the
                             replaced file is kept as PATH.TIME.bak. Stop the server first.
                             (PostgreSQL: pg_dump and pg_restore)
  cchc healthcheck [--url URL]
                             exit 0 when the local server's /readyz answers 200 (container health checks)

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

// commands are the product's subcommands; the tools (benchmarks, load
// test, soak, generator) are cmd/cchc-bench's, so that this binary links none
// of them.
var commands = map[string]cli.Command{
	"serve": func(ctx context.Context, args []string, _ io.Writer, log *slog.Logger) error {
		return serve(ctx, args, log)
	},
	"migrate": cli.Plain(migrate),
	"token":   cli.Plain(token),
	"import":  cli.Plain(importDossiers),
	"schema": func(_ context.Context, args []string, stdout io.Writer, _ *slog.Logger) error {
		return printSchema(args, stdout)
	},
	"access": func(_ context.Context, args []string, stdout io.Writer, _ *slog.Logger) error {
		return printAccess(args, stdout)
	},
	"backup":      cli.Plain(backup),
	"restore":     cli.Plain(restore),
	"healthcheck": cli.Plain(healthcheck),
}

func main() { cli.Main("cchc", usage, commands) }

// run runs a subcommand as main does, for the tests.
func run(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	return cli.Run(ctx, args, stdout, log, usage, commands)
}
