// Package config reads the server's configuration from the environment. It is
// the only place that reads environment variables.
package config

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"cchc/internal/auth"
	"cchc/internal/limits"
)

// DefaultSQLitePath is where the embedded database lives when DATABASE_URL is empty.
const DefaultSQLitePath = "cchc.db"

// Config is the configuration of the server and its commands.
type Config struct {
	// DatabaseURL is postgres://… for PostgreSQL, or file:PATH for the embedded SQLite.
	DatabaseURL string
	// Addr is the address the server listens on.
	Addr string
	// JWTSecret signs and verifies tokens (HS256).
	JWTSecret []byte
	// SecretNote says where a generated secret was stored, for the log; empty otherwise.
	SecretNote string
	// PublicKey, when set, is an external identity provider's key (RSA or
	// Ed25519, from the PEM file CCHC_JWT_PUBLIC_KEY_FILE) whose RS256 or
	// EdDSA tokens are honoured beside the HS256 ones.
	PublicKey crypto.PublicKey
	// PublicIssuer is the iss the provider's tokens must carry (CCHC_JWT_ISSUER).
	PublicIssuer string
	// Limits bound what one GraphQL request may ask for and how long it may
	// take (CCHC_MAX_COST, CCHC_MAX_DEPTH, CCHC_MAX_PAGE_SIZE,
	// CCHC_DEFAULT_PAGE_SIZE, CCHC_MAX_ALIASES, CCHC_MAX_BATCH,
	// CCHC_MAX_INPUT_NODES, CCHC_MAX_EDGE_NESTING, CCHC_MAX_JOINS, CCHC_MAX_TOKENS,
	// CCHC_MAX_NESTING, CCHC_MAX_FIELDS, CCHC_MAX_SPREADS,
	// CCHC_MAX_DIRECTIVES, CCHC_MAX_INPUT_VALUES, CCHC_REQUEST_TIMEOUT);
	// limits.Default() for those not set.
	Limits limits.Limits
	// CORSOrigins are the origins whose pages may call the API from a
	// browser (CCHC_CORS_ORIGINS, comma-separated, e.g.
	// https://cchc.haiduong.gov.vn); none when unset.
	CORSOrigins []string
	// StatementCache is how many prepared statements each PostgreSQL
	// connection keeps (CCHC_STATEMENT_CACHE, default 256; 0 turns it off,
	// as a pooler in transaction mode before pgbouncer 1.21 needs).
	StatementCache int
	// CallerCache keeps each account's caller between requests while the
	// server listens for changes to accounts and units on PostgreSQL
	// (CCHC_CALLER_CACHE, default on; "off" behind a pooler in transaction
	// mode, which does not deliver notifications).
	CallerCache bool
	// Log is the format and level of the server's log (CCHC_LOG_FORMAT,
	// CCHC_LOG_LEVEL).
	Log Logging
	// Tracing turns on OpenTelemetry traces over OTLP/HTTP (CCHC_TRACING,
	// OTEL_EXPORTER_OTLP_ENDPOINT; see TracingOn).
	Tracing bool
	// MetricsAddr, when set (CCHC_METRICS_ADDR), is the address of a
	// listener of its own for /metrics, which the API's listener then does
	// not serve; empty: /metrics beside the API.
	MetricsAddr string
	// RateLimit is how many requests a second each account may send on
	// average (CCHC_RATE_LIMIT, 50 by default; 0 turns the limit off), and
	// RateBurst how many it may send at once (CCHC_RATE_BURST, 100). A
	// request without a valid token counts against its client address.
	RateLimit float64
	RateBurst int
	// GCPercent is the garbage collector's target for the server: 200
	// unless GOGC is set, which the Go runtime then applies itself (0 here).
	// A request allocates much and keeps little, and at Go's default of 100
	// the collector took a tenth of the server's processor under the write
	// benchmark. MemoryLimit, the runtime's soft limit (128 MiB unless
	// GOMEMLIMIT is set; 0 here then), keeps the large answers (a province's
	// indicators) from growing the heap to three times what they hold.
	GCPercent   int
	MemoryLimit int64
}

// The server's GCPercent and MemoryLimit when GOGC and GOMEMLIMIT are unset.
const (
	serverGCPercent   = 200
	serverMemoryLimit = 128 << 20
)

// Logging is the format and level of the log.
type Logging struct {
	// Format is "json" (one object a line, the default) or "text".
	Format string
	// Level is the least level logged: debug, info (default), warn, error.
	Level slog.Level
}

// Log reads CCHC_LOG_FORMAT (json or text; json when unset) and
// CCHC_LOG_LEVEL (debug, info, warn or error; info when unset).
func Log() (Logging, error) {
	l := Logging{Format: "json", Level: slog.LevelInfo}
	switch f := strings.ToLower(os.Getenv("CCHC_LOG_FORMAT")); f {
	case "":
	case "json", "text":
		l.Format = f
	default:
		return l, fmt.Errorf("CCHC_LOG_FORMAT must be json or text, got %q", f)
	}
	if s := os.Getenv("CCHC_LOG_LEVEL"); s != "" {
		if err := l.Level.UnmarshalText([]byte(s)); err != nil {
			return l, fmt.Errorf("CCHC_LOG_LEVEL must be debug, info, warn or error, got %q", s)
		}
	}
	return l, nil
}

// TracingOn reads whether to send OpenTelemetry traces: CCHC_TRACING=otlp
// turns them on (to OTLP/HTTP at OTEL_EXPORTER_OTLP_ENDPOINT, by default
// http://localhost:4318), CCHC_TRACING=off off; unset, they are on when
// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set,
// unless OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. The exporter
// itself reads the other OTEL_* variables.
func TracingOn() (bool, error) {
	switch s := strings.ToLower(os.Getenv("CCHC_TRACING")); s {
	case "otlp":
		return true, nil
	case "off":
		return false, nil
	case "":
	default:
		return false, fmt.Errorf("CCHC_TRACING must be otlp or off, got %q", s)
	}
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") || strings.EqualFold(os.Getenv("OTEL_TRACES_EXPORTER"), "none") {
		return false, nil
	}
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "", nil
}

// Keys returns what tokens are verified with.
func (c Config) Keys() auth.Keys {
	return auth.Keys{Secret: c.JWTSecret, Public: c.PublicKey, PublicIssuer: c.PublicIssuer}
}

// readPublicKey reads a PEM-encoded PKIX public key, RSA or Ed25519.
func readPublicKey(path string) (crypto.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %s holds no PEM block", path)
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %w", err)
	}
	switch key.(type) {
	case *rsa.PublicKey, ed25519.PublicKey:
		return key, nil
	}
	return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %T keys are not supported (RSA or Ed25519)", key)
}

// Postgres tells whether the configuration points at PostgreSQL.
func (c Config) Postgres() bool { return IsPostgres(c.DatabaseURL) }

// IsPostgres tells whether a database URL is a PostgreSQL one.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// FromEnv reads DATABASE_URL, CCHC_ADDR, CCHC_JWT_SECRET, the limits of
// GraphQL requests, the log, tracing and metrics settings, the rate limit and, for an
// external identity provider, CCHC_JWT_PUBLIC_KEY_FILE and CCHC_JWT_ISSUER. On PostgreSQL a
// secret is required; on the embedded SQLite one is generated on first use and
// kept in a file beside the database, so tokens survive restarts.
func FromEnv() (Config, error) {
	url, err := DatabaseURL()
	c := Config{
		DatabaseURL:  url,
		Addr:         Addr(),
		JWTSecret:    []byte(os.Getenv("CCHC_JWT_SECRET")),
		PublicIssuer: os.Getenv("CCHC_JWT_ISSUER"),
	}
	if err != nil {
		return c, err
	}
	if c.Limits, err = Limits(); err != nil {
		return c, err
	}
	if c.CORSOrigins, err = origins(os.Getenv("CCHC_CORS_ORIGINS")); err != nil {
		return c, err
	}
	if c.StatementCache, err = statementCache(os.Getenv("CCHC_STATEMENT_CACHE")); err != nil {
		return c, err
	}
	if os.Getenv("GOGC") == "" {
		c.GCPercent = serverGCPercent
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		c.MemoryLimit = serverMemoryLimit
	}
	if c.CallerCache, err = onOff("CCHC_CALLER_CACHE", os.Getenv("CCHC_CALLER_CACHE"), true); err != nil {
		return c, err
	}
	if c.Log, err = Log(); err != nil {
		return c, err
	}
	if c.Tracing, err = TracingOn(); err != nil {
		return c, err
	}
	c.MetricsAddr = os.Getenv("CCHC_METRICS_ADDR")
	if c.RateLimit, c.RateBurst, err = rateLimit(); err != nil {
		return c, err
	}
	if path := os.Getenv("CCHC_JWT_PUBLIC_KEY_FILE"); path != "" {
		key, err := readPublicKey(path)
		if err != nil {
			return c, err
		}
		c.PublicKey = key
	}
	if len(c.JWTSecret) > 0 {
		if len(c.JWTSecret) < 32 {
			return c, errors.New("CCHC_JWT_SECRET must be at least 32 bytes long")
		}
		return c, nil
	}
	if c.Postgres() {
		return c, errors.New("CCHC_JWT_SECRET is required with PostgreSQL: set it to a random string of at least 32 bytes")
	}
	path := SecretPath(c.DatabaseURL)
	secret, err := os.ReadFile(path)
	switch {
	case err == nil:
		c.JWTSecret = []byte(strings.TrimSpace(string(secret)))
	case errors.Is(err, os.ErrNotExist):
		b := make([]byte, 32)
		rand.Read(b)
		c.JWTSecret = []byte(hex.EncodeToString(b))
		if err := os.WriteFile(path, append(c.JWTSecret, '\n'), 0o600); err != nil {
			return c, fmt.Errorf("storing the generated JWT secret: %w", err)
		}
		c.SecretNote = "CCHC_JWT_SECRET is not set: generated one and stored it in " + path
	default:
		return c, fmt.Errorf("reading the JWT secret: %w", err)
	}
	return c, nil
}

// Limits reads the limits of GraphQL requests: the CCHC_MAX_… and
// CCHC_DEFAULT_PAGE_SIZE counts, and CCHC_REQUEST_TIMEOUT, a duration ("30s",
// "2m") or a number of seconds. Unset variables keep limits.Default().
func Limits() (limits.Limits, error) {
	l := limits.Default()
	for _, v := range []struct {
		name string
		dst  *int
	}{
		{"CCHC_MAX_COST", &l.MaxCost},
		{"CCHC_MAX_DEPTH", &l.MaxDepth},
		{"CCHC_MAX_PAGE_SIZE", &l.MaxPageSize},
		{"CCHC_DEFAULT_PAGE_SIZE", &l.DefaultPageSize},
		{"CCHC_MAX_ALIASES", &l.MaxAliases},
		{"CCHC_MAX_BATCH", &l.MaxBatch},
		{"CCHC_MAX_INPUT_NODES", &l.MaxInputNodes},
		{"CCHC_MAX_EDGE_NESTING", &l.MaxEdgeNesting},
		{"CCHC_MAX_JOINS", &l.MaxJoins},
		{"CCHC_MAX_TOKENS", &l.MaxTokens},
		{"CCHC_MAX_NESTING", &l.MaxNesting},
		{"CCHC_MAX_FIELDS", &l.MaxFields},
		{"CCHC_MAX_SPREADS", &l.MaxSpreads},
		{"CCHC_MAX_DIRECTIVES", &l.MaxDirectives},
		{"CCHC_MAX_INPUT_VALUES", &l.MaxInputValues},
	} {
		s := os.Getenv(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return l, fmt.Errorf("%s must be a whole number of at least 1, got %q", v.name, s)
		}
		*v.dst = n
	}
	if s := os.Getenv("CCHC_REQUEST_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if n, nerr := strconv.Atoi(s); nerr == nil {
			d, err = time.Duration(n)*time.Second, nil
		}
		if err != nil || d <= 0 {
			return l, fmt.Errorf("CCHC_REQUEST_TIMEOUT must be a positive duration such as 30s or 2m, got %q", s)
		}
		l.Timeout = d
	}
	if l.DefaultPageSize > l.MaxPageSize {
		return l, fmt.Errorf("CCHC_DEFAULT_PAGE_SIZE (%d) must not exceed CCHC_MAX_PAGE_SIZE (%d)", l.DefaultPageSize, l.MaxPageSize)
	}
	return l, l.Validate()
}

// Default rate limit of each account. The web front end sends a handful of
// requests for a page, a dashboard a few dozen at once; a script past 50 a
// second is a loop to slow down.
const (
	DefaultRateLimit = 50
	DefaultRateBurst = 100
)

// rateLimit reads CCHC_RATE_LIMIT (requests a second, a decimal number; 0
// turns the limit off) and CCHC_RATE_BURST (a whole number of at least 1).
func rateLimit() (perSecond float64, burst int, err error) {
	perSecond, burst = DefaultRateLimit, DefaultRateBurst
	if s := os.Getenv("CCHC_RATE_LIMIT"); s != "" {
		perSecond, err = strconv.ParseFloat(s, 64)
		if err != nil || perSecond < 0 || math.IsInf(perSecond, 0) || math.IsNaN(perSecond) {
			return 0, 0, fmt.Errorf("CCHC_RATE_LIMIT must be a number of requests a second such as 50 or 0.5 (0 turns the limit off), got %q", s)
		}
	}
	if s := os.Getenv("CCHC_RATE_BURST"); s != "" {
		burst, err = strconv.Atoi(s)
		if err != nil || burst < 1 {
			return 0, 0, fmt.Errorf("CCHC_RATE_BURST must be a whole number of at least 1, got %q", s)
		}
	}
	return perSecond, burst, nil
}

// DatabaseURL reads DATABASE_URL alone (default file:cchc.db), for commands
// that neither sign nor verify tokens, such as cchc-bench bench.
func DatabaseURL() (string, error) {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = "file:" + DefaultSQLitePath
	}
	if !IsPostgres(url) && !strings.HasPrefix(url, "file:") {
		return url, fmt.Errorf("DATABASE_URL must start with postgres:// or file:, got %q", url)
	}
	return url, nil
}

// Addr reads CCHC_ADDR, the address the server listens on (default
// 127.0.0.1:8080).
func Addr() string {
	if a := os.Getenv("CCHC_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:8080"
}

// SecretPath is the file beside an embedded database that keeps its generated secret.
func SecretPath(databaseURL string) string {
	path := SQLitePath(databaseURL)
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".secret"
}

// SQLitePath is the file of an embedded database's file:PATH?… URL.
func SQLitePath(databaseURL string) string {
	path := strings.TrimPrefix(databaseURL, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path
}

// DefaultStatementCache is CCHC_STATEMENT_CACHE when unset, as pgx keeps by default.
const DefaultStatementCache = 256

// statementCache reads CCHC_STATEMENT_CACHE: a count of statements, DefaultStatementCache when unset.
func statementCache(s string) (int, error) {
	if s == "" {
		return DefaultStatementCache, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("CCHC_STATEMENT_CACHE must be a number of statements (0 turns the cache off), got %q", s)
	}
	return n, nil
}

// onOff reads a switch: on/off, true/false, 1/0; def when unset.
func onOff(name, s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "on", "true", "1", "yes":
		return true, nil
	case "off", "false", "0", "no":
		return false, nil
	}
	return def, fmt.Errorf("%s must be on or off, got %q", name, s)
}

// origins reads a comma-separated list of origins: scheme and host (and
// port), as browsers send them in Origin, nothing else.
func origins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(list, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("CCHC_CORS_ORIGINS: %q is not an origin such as https://cchc.example.vn", o)
		}
		out = append(out, o)
	}
	return out, nil
}
