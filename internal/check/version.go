package check

import (
	"context"
	"fmt"
	"reflect"

	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/internal/apperr"
	"cchc/internal/archive"
)

// VersionField is the column of optimistic locking (mixin.Versioned).
const VersionField = "version"

// Version keeps the version of a record (mixin.Versioned). An update of one
// record that sets the version states the version it was made against, as
// the client read it (UpdateOneID(id).SetVersion(sent)): it is written only
// if the stored version is still that one, in the same UPDATE statement
// (… SET version = sent+1 WHERE id = ? AND version = sent), so that of two
// writers that read the same version exactly one wins, whatever the
// database; the other gets CONFLICT and nothing of its change is written.
// Any other update (the server's own workflows, bulk updates) increments
// the version unconditionally.
func Version() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpUpdate | ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			sent, ok := m.Field(VersionField)
			if ok && m.Op().Is(ent.OpUpdateOne) {
				return compareAndIncrement(ctx, m, sent.(int), next)
			}
			if ok {
				return nil, fmt.Errorf("check: a bulk update of %s records sets their version", m.Type())
			}
			if err := m.AddField(VersionField, 1); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// compareAndIncrement applies m, an update of one record made against
// version sent, only if the record is still at that version.
func compareAndIncrement(ctx context.Context, m ent.Mutation, sent int, next ent.Mutator) (ent.Value, error) {
	id, _ := m.(interface{ ID() (int, bool) }).ID()
	// The stored record is read anyway by the audit trail and the checks
	// (once per mutation): a stale version is refused before any work.
	stored, err := m.OldField(ctx, VersionField)
	if err != nil {
		return nil, err // NOT_FOUND: absent or out of the caller's scope
	}
	if err := Unchanged(m.Type(), id, stored.(int), sent); err != nil {
		return nil, err
	}
	if err := m.SetField(VersionField, sent+1); err != nil {
		return nil, err
	}
	m.(interface{ WhereP(...func(*sql.Selector)) }).WhereP(sql.FieldEQ(VersionField, sent))
	v, err := next.Mutate(ctx, m)
	if ent.IsNotFound(err) {
		// Another transaction changed the record between the read above and
		// the UPDATE, which then matched no row.
		if actual, rerr := currentVersion(ctx, m, id); rerr == nil && actual != sent {
			return nil, stale(m.Type(), id, sent, actual)
		}
	}
	return v, err
}

// Unchanged refuses a change of the record typ id, stored at version
// stored, that the caller made against version sent: BAD_USER_INPUT for a
// version no record has, CONFLICT when the record has changed since. The
// workflows call it as soon as they have read the record, before any work;
// Version checks again, atomically, when the record is written.
func Unchanged(typ string, id, stored, sent int) error {
	switch {
	case sent < 1:
		return apperr.Input(VersionField, "versions start at 1: send the version field of the record as you read it, not %d", sent)
	case stored != sent:
		return stale(typ, id, sent, stored)
	}
	return nil
}

// currentVersion reads the version of record id as stored now, archived or not.
func currentVersion(ctx context.Context, m ent.Mutation, id int) (int, error) {
	n, err := m.(interface{ Client() *ent.Client }).Client().Noder(archive.Include(ctx), id)
	if err != nil {
		return 0, err
	}
	// Every versioned record's struct has the field Version (mixin.Versioned).
	return int(reflect.Indirect(reflect.ValueOf(n)).FieldByName("Version").Int()), nil
}

// stale is the error of a change made against version sent of the record
// typ id, which is now at version actual: CONFLICT with extensions.field
// "version", expected (what the client sent) and actual.
func stale(typ string, id, sent, actual int) error {
	return &apperr.Error{Code: apperr.Conflict, Field: VersionField,
		Message: fmt.Sprintf("version: %s %d was changed by someone else (version %d, you sent %d): read it again and retry",
			apperr.Words(typ), id, actual, sent),
		Extensions: map[string]any{"expected": sent, "actual": actual}}
}
