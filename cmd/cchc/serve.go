package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"cchc/ent/privacy"
	"cchc/internal/config"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/ratelimit"
	"cchc/internal/server"
)

func serve(ctx context.Context, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "load the demonstration data into an empty database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	if cfg.SecretNote != "" {
		log.Warn(cfg.SecretNote)
	}
	db, err := openMigrated(ctx, cfg, log, database.WithStatementTimeout(cfg.Limits.Timeout))
	if err != nil {
		return err
	}
	defer db.Close()
	if *withDemo {
		loaded, err := demo.Load(privacy.DecisionContext(ctx, privacy.Allow), db.Client)
		if err != nil {
			return fmt.Errorf("loading the demonstration data: %w", err)
		}
		if loaded {
			log.Info("loaded the demonstration data")
		} else {
			log.Info("the database already holds data: demonstration data not loaded")
		}
	}
	srv := httpServer(cfg.Addr, server.New(db, cfg.Keys(), log, server.WithLimits(cfg.Limits), server.WithCORS(cfg.CORSOrigins...),
		server.WithRateLimit(ratelimit.New(cfg.RateLimit, cfg.RateBurst))))
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("serving", "graphql", "http://"+cfg.Addr+"/graphql", "graphiql", "http://"+cfg.Addr+"/", "database", db.Dialect)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// httpServer is the HTTP server of cchc serve. Its bounds keep slow or
// hostile clients from holding connections and memory: headers must arrive
// within 10 s (slowloris) and fit in 64 KiB (431 past that), a whole request
// within 30 s; answers may take 2 minutes to write (exports extend it page
// by page) and an idle keep-alive connection is closed after 2 minutes.
func httpServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10, // a bearer token and the usual headers fit many times over
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
}

// openMigrated opens the configured database and applies pending migrations.
func openMigrated(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...database.Option) (*database.DB, error) {
	db, err := database.Open(ctx, cfg.DatabaseURL, opts...)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", applied)
	}
	return db, nil
}
