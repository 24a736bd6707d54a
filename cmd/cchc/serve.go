package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"go.opentelemetry.io/otel/trace"

	"cchc/ent/privacy"
	"cchc/internal/config"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/ratelimit"
	"cchc/internal/server"
	"cchc/internal/telemetry"
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
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
	dbOpts := []database.Option{database.WithStatementTimeout(cfg.Limits.Timeout), database.WithStatementCache(cfg.StatementCache)}
	var tracer trace.TracerProvider // nil: tracing off
	if cfg.Tracing {
		tp, err := telemetry.OTLPTracing(ctx, log)
		if err != nil {
			return err
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			tp.Shutdown(ctx) // sends the spans still buffered
		}()
		tracer = tp
		dbOpts = append(dbOpts, database.WithTracing(tp))
		log.Info("tracing: sending spans over OTLP/HTTP")
	}
	db, err := openMigrated(ctx, cfg, log, dbOpts...)
	if err != nil {
		return err
	}
	defer db.Close()
	tel := telemetry.New(db.SQL, db.Dialect, tracer)
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
	opts := []server.Option{server.WithLimits(cfg.Limits), server.WithCORS(cfg.CORSOrigins...), server.WithTelemetry(tel, cfg.MetricsAddr == ""), server.WithCallerCache(cfg.CallerCache),
		server.WithRateLimit(ratelimit.New(cfg.RateLimit, cfg.RateBurst))}
	srv := httpServer(cfg.Addr, server.New(db, cfg.Keys(), log, opts...))
	errc := make(chan error, 2)
	go func() { errc <- srv.ListenAndServe() }()
	if cfg.MetricsAddr != "" {
		metrics := http.NewServeMux()
		metrics.Handle("GET /metrics", tel.Metrics())
		msrv := &http.Server{Addr: cfg.MetricsAddr, Handler: metrics, ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- msrv.ListenAndServe() }()
		defer msrv.Close()
		log.Info("serving metrics", "metrics", "http://"+cfg.MetricsAddr+"/metrics")
	}
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
