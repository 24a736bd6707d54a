package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"cchc/internal/auth"
	"cchc/internal/config"
	"cchc/internal/database"
	"cchc/internal/viewer"
)

func token(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	role := fs.String("role", "", fmt.Sprintf("role, one of %v", viewer.Roles))
	unitCode := fs.String("unit", "", "official code of the caller's unit, e.g. 11098")
	sub := fs.String("sub", "", "subject (account name): a name, @, the unit's code (nguyen.van.a@11098); default ROLE@UNIT")
	ttl := fs.Duration("ttl", 24*time.Hour, "lifetime of the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *role == "" || *unitCode == "" {
		return errors.New("usage: cchc token --role ROLE --unit CODE [--sub NAME] [--ttl DURATION]")
	}
	if !viewer.Role(*role).Valid() {
		return fmt.Errorf("unknown role %q (one of %v)", *role, viewer.Roles)
	}
	db, cfg, subject, err := openAccount(ctx, *sub, viewer.Role(*role), *unitCode)
	if err != nil {
		return err
	}
	defer db.Close()
	signed, err := auth.Sign(cfg.JWTSecret, subject, viewer.Role(*role), *unitCode, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, signed)
	return nil
}

// openAccount opens DATABASE_URL, migrated, and creates or updates the
// active account sub (ROLE@UNIT when empty) holding role at the unit, for
// the commands that act as one. It returns the account's subject.
func openAccount(ctx context.Context, sub string, role viewer.Role, unit string) (*database.DB, config.Config, string, error) {
	if sub == "" {
		sub = fmt.Sprintf("%s@%s", role, unit)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, cfg, "", err
	}
	db, err := openMigrated(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, cfg, "", err
	}
	if err := auth.EnsureAccount(ctx, db.Client, sub, role, unit); err != nil {
		db.Close()
		return nil, cfg, "", err
	}
	return db, cfg, sub, nil
}
