package database

import (
	"context"

	"github.com/lib/pq"
)

// MigrateBefore applies the migrations that come before the one named stop,
// so that tests can write rows as they were before it.
func (db *DB) MigrateBefore(ctx context.Context, stop string) ([]string, error) {
	return db.migrate(ctx, stop)
}

// Steps are the names of the migrations with a Go step.
func Steps() []string {
	var names []string
	for name := range steps {
		names = append(names, name)
	}
	return names
}

// ExecWatched runs query on a new connection of dsn with ctx, which lib/pq
// watches, while the connection watches watched (cancel.go).
func ExecWatched(ctx context.Context, dsn string, watched context.Context, query string) error {
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return err
	}
	cn, err := cachingConnector{c, DefaultStatementCache}.Connect(ctx)
	if err != nil {
		return err
	}
	defer cn.Close()
	conn := cn.(*cachingConn)
	defer conn.watchCancel(watched)()
	_, err = conn.pqConn.ExecContext(ctx, query, nil)
	return err
}
