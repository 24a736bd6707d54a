package database

import "context"

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
