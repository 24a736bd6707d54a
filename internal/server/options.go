package server

import (
	"cchc/internal/limits"
	"cchc/internal/ratelimit"
)

// Option changes how New and GraphQL build the handler.
type Option func(*settings)

type settings struct {
	limits  limits.Limits
	origins []string
	rate    *ratelimit.Limiter
}

// WithRateLimit bounds how fast each account (each client address, for
// requests without a valid token) may send requests; nil, the default,
// bounds nothing.
func WithRateLimit(l *ratelimit.Limiter) Option {
	return func(s *settings) { s.rate = l }
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
	s := settings{limits: limits.Default()}
	for _, o := range opts {
		o(&s)
	}
	return s
}
