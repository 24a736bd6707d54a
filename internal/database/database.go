// Package database opens the ent client on PostgreSQL or the embedded SQLite,
// and applies and generates the versioned migrations. It is the one place
// that builds an ent client.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq" // PostgreSQL driver
	"go.opentelemetry.io/otel/trace"
	"modernc.org/sqlite"

	"cchc/ent"
	_ "cchc/ent/runtime" // registers the schema's hooks, policies and interceptors
	"cchc/internal/config"
)

func init() {
	// Atlas, which diffs migrations, looks SQLite up under the name "sqlite3".
	sql.Register("sqlite3", &sqlite.Driver{})
}

// PostgresPool is the most connections to PostgreSQL a process holds, busy or idle.
const PostgresPool = 20

// DB is an open database with its ent client.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string // dialect.Postgres or dialect.SQLite

	dsn       string    // what SQL was opened with, for the listener of Watch
	watchOnce sync.Once // starts watcher
	watcher   *watcher  // closed with the database
}

// Option changes how Open builds the client.
type Option func(*options)

type options struct {
	wrap             func(dialect.Driver) dialect.Driver
	statementTimeout time.Duration
	statementCache   *int
	tracer           trace.TracerProvider
}

// WithDriver wraps the ent driver, e.g. to count SQL statements in tests.
func WithDriver(wrap func(dialect.Driver) dialect.Driver) Option {
	return func(o *options) { o.wrap = wrap }
}

// WithStatementTimeout makes PostgreSQL cancel any statement of the pool
// that runs longer than d (its statement_timeout), unless the URL sets one:
// the server stops a runaway query even when the client that asked for it
// is gone. Migrations are exempt. SQLite has no such setting; there the
// request's context alone cancels statements.
func WithStatementTimeout(d time.Duration) Option {
	return func(o *options) { o.statementTimeout = d }
}

// WithStatementCache sets how many prepared statements each PostgreSQL
// connection keeps (stmtcache.go); 0 turns the cache off. The default is
// DefaultStatementCache.
func WithStatementCache(n int) Option {
	return func(o *options) { o.statementCache = &n }
}

// Open connects to url: postgres://… through lib/pq, or file:PATH through the
// embedded SQLite with foreign keys on and times stored sortably.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	name, dsn, dia := "postgres", withParam(url, "statement_timeout", o.statementTimeout), dialect.Postgres
	if !config.IsPostgres(url) {
		name, dsn, dia = "sqlite", SQLiteDSN(url), dialect.SQLite
	}
	db, err := open(name, dsn, o)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", dia, err)
	}
	if dia == dialect.SQLite {
		// One connection: SQLite has one writer, and a shared connection keeps
		// in-memory databases alive and transactions free of SQLITE_BUSY.
		db.SetMaxOpenConns(1)
	} else {
		// A pool that keeps its connections: database/sql keeps 2 idle by
		// default, so under load every request opened new ones, each a
		// PostgreSQL backend forked and authenticated. A request resolves its
		// root fields in parallel, each with a connection of its own; the
		// bound keeps well within PostgreSQL's max_connections (100).
		db.SetMaxOpenConns(PostgresPool)
		db.SetMaxIdleConns(PostgresPool)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", dia, err)
	}
	var drv dialect.Driver = entsql.OpenDB(dia, db)
	if dia == dialect.SQLite {
		drv = hooked{drv, utcArgs}
	}
	if o.tracer != nil {
		drv = hooked{drv, traceStatements(o.tracer, dia)}
	}
	if o.wrap != nil {
		drv = o.wrap(drv)
	}
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: dia, dsn: dsn}, nil
}

// open opens the pool; PostgreSQL's connections keep their prepared
// statements unless the cache is off, and their deferred writes (deferred.go).
func open(name, dsn string, o options) (*sql.DB, error) {
	size := DefaultStatementCache
	if o.statementCache != nil {
		size = *o.statementCache
	}
	if name != "postgres" {
		return sql.Open(name, dsn)
	}
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(cachingConnector{c, size}), nil
}

// Close stops the watchers and closes the client and its connections.
func (db *DB) Close() error {
	db.watchOnce.Do(func() {}) // no watcher starts after, and one started before is seen
	if db.watcher != nil {
		db.watcher.close()
	}
	return db.Client.Close()
}

// withParam adds key=d (in milliseconds) to a postgres:// URL unless d is
// zero or the URL sets key itself; lib/pq sends parameters it does not know
// to the server as run-time settings.
func withParam(url, key string, d time.Duration) string {
	if d <= 0 || strings.Contains(url, key+"=") {
		return url
	}
	return addParam(url, key+"="+strconv.FormatInt(max(d.Milliseconds(), 1), 10)) // 0 would mean none
}

// addParam appends a query parameter to a URL.
func addParam(url, param string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + param
}

// SQLiteDSN adds to a file: URL the settings the product relies on, unless the
// URL sets them itself: foreign keys, a busy timeout, WAL, durable commits,
// and sortable times.
//
// In WAL mode a commit is appended to the -wal file; synchronous=FULL
// syncs that file to disk before the commit returns, so that a write the
// API acknowledged survives a power cut as well as a killed process
// (NORMAL, SQLite's faster choice in WAL mode, survives a killed process
// but may lose the last commits on power loss). FULL is SQLite's default;
// it is set here so that no build of the driver changes it unseen.
func SQLiteDSN(url string) string {
	settings := []struct{ key, param string }{
		{"foreign_keys", "_pragma=foreign_keys(1)"},
		{"busy_timeout", "_pragma=busy_timeout(5000)"},
		{"journal_mode", "_pragma=journal_mode(WAL)"},
		{"synchronous", "_pragma=synchronous(FULL)"},
		{"_time_format", "_time_format=sqlite"},
	}
	for _, s := range settings {
		if strings.Contains(url, s.key) {
			continue
		}
		url = addParam(url, s.param)
	}
	return url
}

// Request returns the client of ctx's request: the transaction that
// entgql.Transactioner opened for a mutation, so that a service's reads and
// writes, and a mutation's answer, see its own writes; or else c.
func Request(ctx context.Context, c *ent.Client) *ent.Client {
	if tx := ent.FromContext(ctx); tx != nil {
		return tx
	}
	return c
}
