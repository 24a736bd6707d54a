package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "cchc/ent/migrate"
	"cchc/internal/search"
	"cchc/internal/tally"
	"cchc/migrations"
)

// migrationsTable records which migration files have been applied.
const migrationsTable = "cchc_schema_migrations"

// steps are Go steps of migrations, by migration name (the file's name
// after the version): each runs after the file's statements, in its
// transaction, for the changes of data that SQL cannot make alike on both
// databases.
var steps = map[string]func(ctx context.Context, tx *sql.Tx, rebind func(string) string) error{
	// the searchable text of the rows written before the column
	"search": func(ctx context.Context, tx *sql.Tx, rebind func(string) string) error {
		return search.Backfill(ctx, tx, rebind)
	},
	// the monthly tally of the dossiers written before it
	"dossier_months": func(ctx context.Context, tx *sql.Tx, _ func(string) string) error {
		return tally.Rebuild(ctx, tx)
	},
}

// dirName is the migrations/ subdirectory of a dialect.
func dirName(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Migrations returns the embedded migration directory of a dialect, checked
// against its atlas.sum so an edited migration is refused, not applied.
func Migrations(dia string) (atlas.Dir, error) {
	dir := &atlas.MemDir{}
	sub := dirName(dia)
	entries, err := fs.ReadDir(migrations.FS, sub)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(migrations.FS, path.Join(sub, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	if err := atlas.Validate(dir); err != nil {
		return nil, fmt.Errorf("migrations/%s does not match its atlas.sum: %w", sub, err)
	}
	return dir, nil
}

// Migrate applies, in order and each in its own transaction, the migrations
// not yet applied. It returns the versions it applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) { return db.migrate(ctx, "") }

// migrate is Migrate stopping before the migration named stop, if any.
func (db *DB) migrate(ctx context.Context, stop string) ([]string, error) {
	dir, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	if err := db.createMigrationsTable(ctx); err != nil {
		return nil, fmt.Errorf("creating %s: %w", migrationsTable, err)
	}
	var applied []string
	for _, f := range files {
		if stop != "" && f.Desc() == stop {
			break
		}
		done, err := db.applied(ctx, f.Version())
		if err != nil {
			return applied, err
		}
		if done {
			continue
		}
		done, err = db.apply(ctx, f)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", f.Name(), err)
		}
		if !done { // another server applied it meanwhile
			applied = append(applied, f.Version())
		}
	}
	return applied, nil
}

// migrationLock is the key of the PostgreSQL advisory lock under which
// migrations are applied, so that servers starting together against one
// database apply each migration once: the others wait, then find it applied.
const migrationLock = 0x63636863 // "cchc"

// beginMigration starts a transaction of the migrations: on PostgreSQL
// without the pool's statement_timeout (a migration may rewrite a large
// table, and waiting for another server's migrations is no runaway query),
// holding the migration lock until it ends (a transaction's lock, which a
// pool in transaction mode such as pgbouncer's keeps right). SQLite has one
// writer at a time anyway.
func (db *DB) beginMigration(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if db.Dialect == dialect.Postgres {
		for _, q := range []string{`SET LOCAL statement_timeout = 0`, `SELECT pg_advisory_xact_lock(` + strconv.Itoa(migrationLock) + `)`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				tx.Rollback()
				return nil, err
			}
		}
	}
	return tx, nil
}

// createMigrationsTable creates the table of applied migrations unless it
// exists; under the lock, since two concurrent CREATE TABLE IF NOT EXISTS
// can both try to create it on PostgreSQL.
func (db *DB) createMigrationsTable(ctx context.Context) error {
	tx, err := db.beginMigration(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+migrationsTable+` (version VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at VARCHAR(64) NOT NULL)`); err != nil {
		return err
	}
	return tx.Commit()
}

// queryRower is a database or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (db *DB) applied(ctx context.Context, version string) (bool, error) {
	return db.appliedIn(ctx, db.SQL, version)
}

func (db *DB) appliedIn(ctx context.Context, q queryRower, version string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, db.Rebind(`SELECT COUNT(*) FROM `+migrationsTable+` WHERE version = ?`), version).Scan(&n)
	return n > 0, err
}

// apply applies f in one transaction under the migration lock, unless
// another server applied it first: then it reports it done already.
func (db *DB) apply(ctx context.Context, f atlas.File) (already bool, err error) {
	stmts, err := f.StmtDecls()
	if err != nil {
		return false, err
	}
	tx, err := db.beginMigration(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if done, err := db.appliedIn(ctx, tx, f.Version()); err != nil || done {
		return done, err
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.Text); err != nil {
			return false, fmt.Errorf("%s: %w", s.Text, err)
		}
	}
	if step := steps[f.Desc()]; step != nil {
		if err := step(ctx, tx, db.Rebind); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO `+migrationsTable+` (version, name, applied_at) VALUES (?, ?, ?)`),
		f.Version(), f.Desc(), time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// Rebind turns ? placeholders into PostgreSQL's $1, $2 ….
func (db *DB) Rebind(q string) string {
	if db.Dialect != dialect.Postgres {
		return q
	}
	out, n := make([]byte, 0, len(q)+8), 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

// Diff writes into dir a migration named name with the statements that bring
// a database migrated by dir's files up to the ent schema, using an empty dev
// database (devURL: a PostgreSQL database, or sqlite://dev?mode=memory) to
// replay them. It writes nothing when the schema and dir agree.
func Diff(ctx context.Context, dia, devURL, name string, dir atlas.Dir) error {
	if devURL == "" {
		return errors.New("a dev database URL is required")
	}
	return schema.Diff(ctx, devURL, name, tables(dia),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia),
		schema.WithFormatter(atlas.DefaultFormatter),
	)
}

// tables is the ent schema as dialect dia has it.
//   - Indexes whose type is given for PostgreSQL alone (the GIN trigram
//     indexes of search) exist only there: SQLite has no such index, a plain
//     one would serve no LIKE '%word%', and adding an indexed column makes
//     SQLite copy the whole table.
//   - The links in unconstrained have no foreign key constraint.
func tables(dia string) []*schema.Table {
	out := make([]*schema.Table, len(entmigrate.Tables))
	for i, t := range entmigrate.Tables {
		c := *t
		if dia != dialect.Postgres {
			c.Indexes = slices.DeleteFunc(slices.Clone(t.Indexes), postgresOnly)
		}
		c.ForeignKeys = slices.DeleteFunc(slices.Clone(t.ForeignKeys), func(fk *schema.ForeignKey) bool {
			return len(fk.Columns) == 1 && slices.Contains(unconstrained, t.Name+"."+fk.Columns[0].Name)
		})
		out[i] = &c
	}
	return out
}

// unconstrained are the columns (table.column) that link to another record
// through an ent edge without a foreign key constraint. An audit entry's unit
// is copied from the changed record, which the write has just checked, and
// units are archived, never deleted; the constraint's check, a row lock on the
// unit taken by every write, cost a fifth of the time of an entry written on
// its own (docs/PERFORMANCE.md).
var unconstrained = []string{"audit_entries.unit_id"}

func postgresOnly(idx *schema.Index) bool {
	a := idx.Annotation
	return a != nil && a.Type == "" && a.Types[dialect.Postgres] != "" && a.Types[dialect.SQLite] == ""
}
