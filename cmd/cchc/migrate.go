package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"cchc/internal/config"
	"cchc/internal/database"
)

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "diff" {
		return migrateDiff(ctx, args[1:], stdout)
	}
	if len(args) > 0 {
		return fmt.Errorf("migrate takes no arguments but diff NAME, got %q", args)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, slog.New(slog.NewTextHandler(stdout, nil)))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

// migrateDiff writes a new migration for each dialect into migrations/, from
// the directory the command runs in (the repository root).
func migrateDiff(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate diff", flag.ContinueOnError)
	devPostgres := fs.String("dev-postgres", os.Getenv("CCHC_DEV_POSTGRES"), "URL of an empty PostgreSQL database used to replay migrations")
	// The name may come before or after the flags.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if name == "" && len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if name == "" || len(rest) > 0 {
		return errors.New("usage: cchc migrate diff NAME [--dev-postgres URL]")
	}
	if *devPostgres == "" || !config.IsPostgres(*devPostgres) {
		return errors.New("--dev-postgres (or CCHC_DEV_POSTGRES) must be the URL of an empty PostgreSQL database")
	}
	for _, d := range []struct{ dialect, dir, dev string }{
		{dialect.Postgres, "postgres", *devPostgres},
		{dialect.SQLite, "sqlite", "sqlite://dev?mode=memory&_pragma=foreign_keys(1)"},
	} {
		dir, err := atlas.NewLocalDir(filepath.Join("migrations", d.dir))
		if err != nil {
			return err
		}
		before, _ := dir.Files()
		if err := database.Diff(ctx, d.dialect, d.dev, name, dir); err != nil {
			return fmt.Errorf("%s: %w", d.dir, err)
		}
		after, _ := dir.Files()
		if len(after) > len(before) {
			fmt.Fprintf(stdout, "wrote migrations/%s/%s\n", d.dir, after[len(after)-1].Name())
		} else {
			fmt.Fprintf(stdout, "migrations/%s is in step with the ent schema\n", d.dir)
		}
	}
	return nil
}
