package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"cchc/internal/bench"
	"cchc/internal/config"
	"cchc/internal/harness/launch"
	"cchc/internal/loadtest"
)

const loadtestUsage = "usage: cchc-bench loadtest [--communes 300] [--dossiers 1500000] [--seed 1] [--concurrency 8] [--duration 10s] [--warmup 2s] [--rounds 2] [--questions a,b] [--postgraphile bench/postgraphile | --no-postgraphile] [--markdown FILE] [--cchc PATH]"

// loadTest generates (or reuses) the bench province in DATABASE_URL, starts
// cchc (--cchc, or built from cmd/cchc) and PostGraphile over it as child processes, asks both the questions
// of internal/loadtest and prints what they measured (docs/PERFORMANCE.md).
func loadTest(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	communes := fs.Int("communes", 300, "communes of the province generated into an empty database")
	dossiers := fs.Int("dossiers", 1_500_000, "dossiers of the province generated into an empty database")
	seed := fs.Uint64("seed", 1, "seed of the generated data and of the parameters asked")
	concurrency := fs.Int("concurrency", 8, "requests in flight at once")
	duration := fs.Duration("duration", 10*time.Second, "measured time per question, server and round")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured time before each measurement")
	rounds := fs.Int("rounds", 2, "measurements per question and server, alternating which server goes first")
	questions := fs.String("questions", "", "comma-separated questions to ask (default all)")
	pglDir := fs.String("postgraphile", filepath.Join("bench", "postgraphile"), "directory of the PostGraphile server (package.json, server.mjs)")
	noPGL := fs.Bool("no-postgraphile", false, "ask cchc alone")
	markdown := fs.String("markdown", "", "also write the report as Markdown to this file")
	exe := fs.String("cchc", "", "the cchc binary to measure (default: built from cmd/cchc with the go command, from the repository)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *communes < 1 || *dossiers < 0 {
		return errors.New(loadtestUsage)
	}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	if !config.IsPostgres(url) {
		return errors.New("cchc-bench loadtest measures PostgreSQL: set DATABASE_URL=postgres://… (an empty database, or one holding the bench province)")
	}
	if *exe == "" {
		// cchc-bench is not the product: the server measured is the cchc
		// binary, built here as it is deployed.
		dir, err := os.MkdirTemp("", "cchc-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if *exe, err = launch.Build(ctx, dir); err != nil {
			return err
		}
	}
	db, err := openMigrated(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	var version string
	if err := db.SQL.QueryRowContext(ctx, "SELECT version()").Scan(&version); err != nil {
		return err
	}
	p, err := bench.Open(ctx, db, bench.Config{Communes: *communes, Dossiers: *dossiers, Seed: *seed}, true,
		func(step string, took time.Duration) {
			fmt.Fprintf(stdout, "  generated %-22s %8.1fs\n", step, took.Seconds())
		})
	if err != nil {
		return err
	}
	if _, _, err := bench.StaffTasks(ctx, db, *seed); err != nil {
		return err
	}
	if _, err := loadtest.Cleanup(ctx, db); err != nil {
		return err
	}
	secret := loadtest.Secret()
	f, err := loadtest.LoadFixture(ctx, db, secret)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database: %s\nprovince: %d communes (%d districts with communes), %d dossiers\nmachine: %s\n",
		version, p.Communes, len(f.Districts), p.Dossiers, machine())

	logs, err := os.CreateTemp("", "cchc-loadtest-*.log")
	if err != nil {
		return err
	}
	defer logs.Close()
	fmt.Fprintf(stdout, "servers' output: %s\n", logs.Name())
	var servers []*loadtest.Server
	defer func() {
		for _, s := range servers {
			if err := s.Stop(); err != nil {
				fmt.Fprintf(stdout, "stopping %s: %v\n", s.Kind, err)
			}
		}
	}()
	cchc, err := loadtest.StartCCHC(ctx, *exe, url, secret, logs)
	if err != nil {
		return fmt.Errorf("%w (see %s)", err, logs.Name())
	}
	servers = append(servers, cchc)
	notes := map[loadtest.Kind]string{
		loadtest.CCHC: fmt.Sprintf("`cchc serve` (%s, GOMAXPROCS %d), default limits, bearer tokens of the callers named below", runtime.Version(), runtime.GOMAXPROCS(0)),
	}
	if *noPGL {
		notes[loadtest.PostGraphile] = "not run (--no-postgraphile)"
	} else {
		node, err := loadtest.PreparePostGraphile(ctx, *pglDir, db, logs)
		if err == nil {
			var pgl *loadtest.Server
			if pgl, err = loadtest.StartPostGraphile(ctx, node, *pglDir, url, logs); err == nil {
				servers = append(servers, pgl)
				notes[loadtest.PostGraphile] = loadtest.PostGraphileVersions(ctx, node, *pglDir) +
					" (bench/postgraphile/server.mjs: Amber preset), as the database user of DATABASE_URL: no authentication, no row-level security, no limits"
			}
		}
		if err != nil {
			notes[loadtest.PostGraphile] = "blocked: " + err.Error()
			fmt.Fprintf(stdout, "PostGraphile not measured: %v (see %s)\n", err, logs.Name())
		}
	}
	var names []string
	if *questions != "" {
		names = strings.Split(*questions, ",")
	}
	cfg := loadtest.Config{Concurrency: *concurrency, Duration: *duration, Warmup: *warmup, Rounds: *rounds, Questions: names, Seed: *seed}
	rep, err := loadtest.Run(ctx, cfg, f, servers, stdout)
	if err != nil {
		return err
	}
	rep.Notes = notes
	if n, err := loadtest.Cleanup(ctx, db); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "removed the %d dossiers the mutations wrote\n", n)
	}
	var sb strings.Builder
	rep.Markdown(&sb)
	sb.WriteString("\n")
	rep.Questions(&sb)
	fmt.Fprint(stdout, "\n"+sb.String())
	if *markdown != "" {
		return os.WriteFile(*markdown, []byte(sb.String()), 0o644)
	}
	return nil
}

// machine describes the processor and memory, from /proc.
func machine() string {
	model, mem := "", ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && k == "MemTotal" {
				mem = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d cores (%s), memory %s, %s/%s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH)
}
