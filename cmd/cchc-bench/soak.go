package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	neturl "net/url"
	"strings"
	"time"

	"cchc/internal/loadtest"
)

const soakUsage = "usage: cchc-bench soak --url http://HOST:PORT/graphql --token TOKEN [--token TOKEN …] [--duration 3m] [--concurrency 16] [--writes 0.3] [--seed 1]"

// soak drives a running server with the mixed reads and writes of
// internal/loadtest's soak for --duration, then reads every acknowledged
// write back; it fails on any answer that blames the server (5xx,
// INTERNAL_SERVER_ERROR, UNAVAILABLE, none at all) and on any acknowledged
// write missing (docs/OPERATIONS.md, Faults).
func soak(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	endpoint := fs.String("url", "http://127.0.0.1:8080/graphql", "the GraphQL endpoint of the server")
	var tokens tokenList
	fs.Var(&tokens, "token", "bearer token of a COMMUNE_OFFICER (cchc token --role COMMUNE_OFFICER --unit CODE); repeat for several communes")
	duration := fs.Duration("duration", 3*time.Minute, "how long to drive the server")
	concurrency := fs.Int("concurrency", 16, "requests in flight at once")
	writes := fs.Float64("writes", 0.3, "the share of requests that write (0–1)")
	seed := fs.Uint64("seed", 1, "seed of the mix and of the parameters drawn")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || len(tokens) == 0 || *duration <= 0 {
		return errors.New(soakUsage)
	}
	u, err := neturl.Parse(*endpoint)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--url %q: want http://HOST:PORT/graphql", *endpoint)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/graphql" // the server's address alone
	}
	cfg := loadtest.SoakConfig{URL: u.String(), Tokens: tokens, Concurrency: *concurrency, Duration: *duration, Writes: *writes, Seed: *seed}
	fmt.Fprintf(stdout, "soak of %s: %d workers, %v, %.0f%% writes, %d communes\n", cfg.URL, cfg.Concurrency, cfg.Duration, 100*cfg.Writes, len(tokens))
	res, err := loadtest.Soak(ctx, cfg)
	if err != nil {
		return err
	}
	// The read-back is not cut by an interrupt of the soak itself.
	if err := loadtest.Verify(context.WithoutCancel(ctx), cfg, res); err != nil {
		return err
	}
	res.Print(stdout)
	if res.ServerErrors > 0 || len(res.Missing) > 0 {
		return fmt.Errorf("soak failed: %d answers blamed the server, %d acknowledged records missing", res.ServerErrors, len(res.Missing))
	}
	return nil
}

// tokenList is a flag given once per token, or with comma-separated tokens.
type tokenList []string

func (l *tokenList) String() string { return fmt.Sprint(len(*l), " tokens") }

func (l *tokenList) Set(s string) error {
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			*l = append(*l, t)
		}
	}
	return nil
}
