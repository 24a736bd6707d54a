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
	"cchc/internal/viewer"
)

func token(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	role := fs.String("role", "", fmt.Sprintf("role, one of %v", viewer.Roles))
	unitCode := fs.String("unit", "", "official code of the caller's unit, e.g. 11098")
	sub := fs.String("sub", "", "subject (account name); default ROLE@UNIT")
	ttl := fs.Duration("ttl", 24*time.Hour, "lifetime of the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *role == "" || *unitCode == "" {
		return errors.New("usage: cchc token --role ROLE --unit CODE [--sub NAME] [--ttl DURATION]")
	}
	if *sub == "" {
		*sub = fmt.Sprintf("%s@%s", *role, *unitCode)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	if !viewer.Role(*role).Valid() {
		return fmt.Errorf("unknown role %q (one of %v)", *role, viewer.Roles)
	}
	if err := auth.EnsureAccount(ctx, db.Client, *sub, viewer.Role(*role), *unitCode); err != nil {
		return err
	}
	signed, err := auth.Sign(cfg.JWTSecret, *sub, viewer.Role(*role), *unitCode, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, signed)
	return nil
}
