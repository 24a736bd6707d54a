// Package ratelimit bounds how fast each caller may send requests, so that
// one account (a runaway script, a stolen token) cannot take the server from
// everyone else: a token bucket per key (golang.org/x/time/rate), the key
// being the account of a verified token or, for a request without one, the
// client's address. Past the bucket a request answers HTTP 429 with
// Retry-After and a GraphQL-shaped LIMIT_EXCEEDED error.
package ratelimit

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"cchc/internal/apperr"
)

// Limiter keeps a token bucket per key: each holds up to Burst requests and
// refills at PerSecond. Its memory is bounded: a bucket that has refilled
// behaves exactly as a new one, so such buckets are dropped whenever the map
// has doubled since the last sweep; it holds at most about twice the keys
// seen within one refill (Burst/PerSecond seconds), however many keys have
// come and gone.
type Limiter struct {
	perSecond float64
	burst     int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	sweepAt int // the number of buckets at which the next sweep runs
}

// minSweep is the number of buckets below which none are dropped.
const minSweep = 1024

// Option changes a Limiter.
type Option func(*Limiter)

// WithClock makes the limiter read the time from now instead of the
// system's clock: tests step it rather than sleep.
func WithClock(now func() time.Time) Option { return func(l *Limiter) { l.now = now } }

// New returns a limiter of perSecond requests a second in bursts of up to
// burst per key, or nil, which limits nothing, when perSecond is 0.
func New(perSecond float64, burst int, opts ...Option) *Limiter {
	if perSecond <= 0 {
		return nil
	}
	l := &Limiter{perSecond: perSecond, burst: max(burst, 1), now: time.Now,
		buckets: map[string]*rate.Limiter{}, sweepAt: minSweep}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Allow takes one request from key's bucket. When the bucket is empty it
// returns false and how long until it holds a request again.
func (l *Limiter) Allow(key string) (ok bool, wait time.Duration) {
	now := l.now()
	l.mu.Lock() // held throughout: a sweep must not drop a bucket being taken from
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.sweepAt {
			l.sweep(now)
		}
		b = rate.NewLimiter(rate.Limit(l.perSecond), l.burst)
		l.buckets[key] = b
	}
	if b.AllowN(now, 1) {
		return true, 0
	}
	missing := 1 - b.TokensAt(now)
	// To the microsecond: the tokens are floats, and 0.5 s must not come out 0.500000001 s.
	return false, max(time.Duration(missing/l.perSecond*float64(time.Second)).Round(time.Microsecond), time.Microsecond)
}

// sweep drops the buckets that have refilled; l.mu is held.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
	l.sweepAt = max(minSweep, 2*len(l.buckets))
}

// Len returns the number of buckets kept.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Middleware answers a request past its caller's bucket with HTTP 429,
// Retry-After (whole seconds) and the error
// {"errors": [{"message", "extensions": {"code": "LIMIT_EXCEEDED",
// "limit": "rate", "max", "burst"}}]}; it passes the others to next. account
// returns the account of the request's verified token, or "" when it has
// none, whose requests are counted by the client's address. A nil limiter
// passes every request.
func (l *Limiter) Middleware(log *slog.Logger, account func(*http.Request) string, next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := "account " + account(r)
		if key == "account " {
			key = "address " + clientAddress(r)
		}
		ok, wait := l.Allow(key)
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := int64(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		apperr.WriteHTTP(r.Context(), w, log, &apperr.Error{Code: apperr.LimitExceeded,
			Message: fmt.Sprintf("too many requests: at most %s a second, in bursts of %d, for each account; retry in %d s",
				strconv.FormatFloat(l.perSecond, 'f', -1, 64), l.burst, secs),
			Extensions: map[string]any{"limit": "rate", "max": l.perSecond, "burst": l.burst}})
	})
}

// clientAddress is the IP address the request came from. X-Forwarded-For
// is not read: any client can write it, and would pick its own bucket.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
