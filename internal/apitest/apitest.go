// Package apitest runs the real API for tests: a real database (the embedded
// SQLite and PostgreSQL), migrated by the real migrations, behind the real
// HTTP handler, called with real signed tokens. It is the one helper that
// runs a GraphQL request in tests.
package apitest

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/ent/privacy"
	"cchc/internal/auth"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/limits"
	"cchc/internal/server"
	"cchc/internal/viewer"
)

// Env is a running API over its own fresh database.
type Env struct {
	Dialect string
	DB      *database.DB
	Server  *httptest.Server
	Secret  []byte
	stmts   *atomic.Int64
}

// Dialects lists the databases the suite runs on: SQLite always, PostgreSQL
// when reachable. Under CI (CI=true) an unreachable PostgreSQL fails the test
// instead of skipping it.
func Dialects() []string { return []string{dialect.SQLite, dialect.Postgres} }

// ForEach runs f as a subtest on each database, each with a fresh Env
// started with the options; withDemo loads the demonstration data first.
func ForEach(t *testing.T, withDemo bool, f func(t *testing.T, env *Env), opt ...Option) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) {
			f(t, New(t, d, withDemo, opt...))
		})
	}
}

// postgresAdminURL is the server database used to create test databases.
func postgresAdminURL() string {
	if u := os.Getenv("CCHC_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// Option changes how New starts the API.
type Option func(*options)

type options struct {
	public crypto.PublicKey
	issuer string
	limits *limits.Limits
	log    *slog.Logger
}

// WithLogger gives the API this logger, e.g. to read what it logs of a
// fault; otherwise it logs nowhere, or to stderr under go test -v.
func WithLogger(log *slog.Logger) Option {
	return func(o *options) { o.log = log }
}

// WithLimits runs the API with other limits of GraphQL requests than
// limits.Default(), e.g. tiny ones to test a refusal.
func WithLimits(l limits.Limits) Option {
	return func(o *options) { o.limits = &l }
}

// WithIdentityProvider makes the API also honour tokens signed by an
// external identity provider's key, with the given issuer.
func WithIdentityProvider(public crypto.PublicKey, issuer string) Option {
	return func(o *options) { o.public, o.issuer = public, issuer }
}

// New starts the API on a fresh database of the given dialect.
func New(t testing.TB, dia string, withDemo bool, opt ...Option) *Env {
	t.Helper()
	var opts options
	for _, o := range opt {
		o(&opts)
	}
	ctx := context.Background()
	url := freshDatabase(t, dia)
	stmts := new(atomic.Int64)
	lim := limits.Default()
	if opts.limits != nil {
		lim = *opts.limits
	}
	// The statement timeout of production; a test's shorter request timeout
	// must not cut the loading of the demonstration data.
	db, err := database.Open(ctx, url, database.WithDriver(database.CountStatements(stmts)),
		database.WithStatementTimeout(limits.Default().Timeout))
	if err != nil {
		t.Fatalf("opening %s: %v", dia, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating %s: %v", dia, err)
	}
	if withDemo {
		if _, err := demo.Load(privacy.DecisionContext(ctx, privacy.Allow), db.Client); err != nil {
			t.Fatalf("loading the demonstration data: %v", err)
		}
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if opts.log != nil {
		log = opts.log
	}
	srv := httptest.NewServer(server.New(db, auth.Keys{Secret: secret, Public: opts.public, PublicIssuer: opts.issuer}, log, server.WithLimits(lim)))
	t.Cleanup(srv.Close)
	return &Env{Dialect: dia, DB: db, Server: srv, Secret: secret, stmts: stmts}
}

// freshDatabase returns the URL of a new empty database, removed after the test.
func freshDatabase(t testing.TB, dia string) string {
	t.Helper()
	if dia == dialect.SQLite {
		return "file:" + filepath.Join(t.TempDir(), "cchc.db")
	}
	return EmptyPostgres(t)
}

// EmptyPostgres creates an empty PostgreSQL database, dropped after the test,
// and returns its URL. It skips the test when PostgreSQL is not reachable,
// and fails it under CI.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("postgres", postgresAdminURL())
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required under CI: %v", err)
		}
		t.Skipf("PostgreSQL not reachable at %s: %v", postgresAdminURL(), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "cchc_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u := postgresAdminURL()
	i := strings.LastIndex(u, "/")
	rest := ""
	if q := strings.IndexByte(u[i:], '?'); q >= 0 {
		rest = u[i+q:]
	}
	return u[:i+1] + name + rest
}

// Token signs a token for role at the unit with the given code, for an
// active account ROLE@UNIT that it creates or updates.
func (e *Env) Token(t testing.TB, role viewer.Role, unit string) string {
	t.Helper()
	subject := string(role) + "@" + unit
	if err := auth.EnsureAccount(context.Background(), e.DB.Client, subject, role, unit); err != nil {
		t.Fatal(err)
	}
	tok, err := auth.Sign(e.Secret, subject, role, unit, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Statements returns how many SQL statements the API has sent so far.
func (e *Env) Statements() int64 { return e.stmts.Load() }

// Response is a GraphQL answer.
type Response struct {
	Status int
	Data   json.RawMessage
	Errors []Error
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Do posts a GraphQL request with the bearer token (none when token is "").
func (e *Env) Do(t testing.TB, token, query string, vars map[string]any) *Response {
	t.Helper()
	res, raw := e.post(t, token, Operation{Query: query, Variables: vars})
	return &Response{Status: res.StatusCode, Data: raw.Data, Errors: raw.Errors}
}

// Operation is one GraphQL request of a batch.
type Operation struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}

// Batch posts operations as one batched request (a JSON array) and returns
// the answers in order; a refused batch answers with one error instead,
// returned as the only answer.
func (e *Env) Batch(t testing.TB, token string, ops ...Operation) []*Response {
	t.Helper()
	res, raw := e.post(t, token, ops)
	if raw.batch == nil {
		return []*Response{{Status: res.StatusCode, Data: raw.Data, Errors: raw.Errors}}
	}
	out := make([]*Response, len(raw.batch))
	for i, r := range raw.batch {
		out[i] = &Response{Status: res.StatusCode, Data: r.Data, Errors: r.Errors}
	}
	return out
}

// answer is the body of a GraphQL answer, or of a batch of them.
type answer struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	batch  []answer
}

func (a *answer) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		return json.Unmarshal(b, &a.batch)
	}
	type plain answer
	return json.Unmarshal(b, (*plain)(a))
}

// post sends body as JSON to /graphql with the bearer token.
func (e *Env) post(t testing.TB, token string, body any) (*http.Response, *answer) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	res, raw := send(t, req, token)
	out := new(answer)
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("HTTP %d, not a GraphQL answer: %s", res.StatusCode, raw)
	}
	return res, out
}

// OK posts a request that must succeed and decodes its data into dst.
func (e *Env) OK(t testing.TB, token, query string, vars map[string]any, dst any) {
	t.Helper()
	r := e.Do(t, token, query, vars)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %+v", r.Status, r.Errors)
	}
	if dst != nil {
		if err := json.Unmarshal(r.Data, dst); err != nil {
			t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}

// Fail posts a request that must fail with the given code, and returns its first error.
func (e *Env) Fail(t testing.TB, token, query string, vars map[string]any, code string) Error {
	t.Helper()
	r := e.Do(t, token, query, vars)
	if len(r.Errors) == 0 {
		t.Fatalf("want error %s, got data %s", code, r.Data)
	}
	if got := r.Errors[0].Code(); got != code {
		t.Fatalf("want error %s, got %s: %+v", code, got, r.Errors)
	}
	return r.Errors[0]
}

// ID returns the global ID of the unit with code, read past the privacy rules.
func (e *Env) UnitID(t testing.TB, code string) int {
	t.Helper()
	var id int
	err := e.DB.SQL.QueryRow(fmt.Sprintf("SELECT id FROM units WHERE code = '%s'", code)).Scan(&id)
	if err != nil {
		t.Fatalf("unit %s: %v", code, err)
	}
	return id
}
