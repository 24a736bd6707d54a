package server

import (
	"cchc/internal/limits"
	"cchc/internal/ratelimit"
	"cchc/internal/rule"
	"cchc/internal/telemetry"
)

// Option changes how New and GraphQL build the handler.
type Option func(*settings)

type settings struct {
	limits       limits.Limits
	origins      []string
	telemetry    *telemetry.Telemetry
	metricsRoute bool
	callerCache  bool
	catalogue    *rule.Catalogue // New's, for GraphQL's mutations
	rate         *ratelimit.Limiter
}

// WithRateLimit bounds how fast each account (each client address, for
// requests without a valid token) may send requests; nil, the default,
// bounds nothing.
func WithRateLimit(l *ratelimit.Limiter) Option {
	return func(s *settings) { s.rate = l }
}

// WithCallerCache turns the caches kept between requests on or off: the
// callers (internal/auth/cache.go) and the procedures of the catalogue known
// to dossiers' references (internal/rule/catalogue.go); on by default. They
// are live only on PostgreSQL, while the server hears of changes to the
// tables they read (package changes).
func WithCallerCache(on bool) Option {
	return func(s *settings) { s.callerCache = on }
}

// WithCORS lets browsers on the given origins (https://app.example.vn) call
// the API; none by default.
func WithCORS(origins ...string) Option {
	return func(s *settings) { s.origins = origins }
}

// WithLimits sets the limits of GraphQL requests; limits.Default() otherwise.
func WithLimits(l limits.Limits) Option {
	return func(s *settings) { s.limits = l }
}

// WithTelemetry measures the server with t, whose tracing is on or off,
// instead of with telemetry of its own without tracing. metricsRoute false
// leaves /metrics off the handler, for a server that serves t.Metrics() on
// a listener of its own (CCHC_METRICS_ADDR).
func WithTelemetry(t *telemetry.Telemetry, metricsRoute bool) Option {
	return func(s *settings) { s.telemetry, s.metricsRoute = t, metricsRoute }
}

func options(opts []Option) settings {
	s := settings{limits: limits.Default(), metricsRoute: true, callerCache: true}
	for _, o := range opts {
		o(&s)
	}
	return s
}
