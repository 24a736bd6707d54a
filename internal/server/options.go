package server

import "cchc/internal/limits"

// Option changes how New and GraphQL build the handler.
type Option func(*settings)

type settings struct {
	limits      limits.Limits
	origins     []string
	callerCache bool
}

// WithCallerCache turns the cache of callers between requests
// (internal/auth/cache.go) on or off; on by default. It is live only on
// PostgreSQL, while the server hears of changes to accounts and units.
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

func options(opts []Option) settings {
	s := settings{limits: limits.Default(), callerCache: true}
	for _, o := range opts {
		o(&s)
	}
	return s
}
