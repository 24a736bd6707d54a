// Package audit keeps the audit trail (nhật ký thay đổi): every successful
// change of a record by a caller writes one AuditEntry — who, when, which
// record and unit, and the changed fields before and after — in the same
// transaction as the change, so a change that rolls back leaves no entry.
// The hook is attached to every audited record through mixin.Scoped; nothing
// else writes entries, and no role may change them (rule.Access).
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/auditentry"
	"cchc/internal/apperr"
	"cchc/internal/deferred"
	"cchc/internal/returning"
	"cchc/internal/rule"
	"cchc/internal/search"
	"cchc/internal/viewer"
)

// untracked are fields left out of the values: the entry's own time says
// when the record changed, the hidden search text follows the names, and
// the version of optimistic locking changes with every update.
var untracked = []string{"created_at", "updated_at", "version", search.Column}

// Hook records each successful creation, update and archiving made by a
// caller. Changes without a caller (loading the demonstration data, cchc
// token's account upsert) are not audited. A caller's bulk update or
// deletion is refused: audited records change one at a time.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v := viewer.FromContext(ctx)
			if v == nil {
				return next.Mutate(ctx, m)
			}
			if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
				return nil, fmt.Errorf("audit: %s of %s records cannot be audited", m.Op(), m.Type())
			}
			// The stored owner and values can be read only before the change.
			owner, known, err := rule.Owner(ctx, m)
			if err != nil {
				return nil, err
			}
			before, err := stored(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := m.(interface{ ID() (int, bool) }).ID()
			// The entry of an update, or of a create, whose owner and
			// stored values are known now, rides in the record's own
			// statement where it can (internal/returning); the fields are
			// read when it is sent.
			entry := func(id int) func(next int) (string, []any, error) {
				return func(next int) (string, []any, error) {
					before, after := changes(m, before)
					return riding(next, v, operation(m), m.Type(), id, owner, before, after)
				}
			}
			var rider *returning.Rider
			switch {
			case m.Op().Is(ent.OpUpdateOne) && known:
				ctx, rider = returning.Ride(ctx, id, entry(id))
			case m.Op().Is(ent.OpUpdateOne):
				ctx = returning.WritesAfter(ctx, id) // the entry, below
			case known && !linksApart(m):
				// A created record's entry rides in its INSERT, with its ID.
				ctx, rider = returning.RideNew(ctx, entry(newID))
			default:
				ctx = returning.WritesAfterNew(ctx) // the entry, or the links, below
			}
			value, err := next.Mutate(ctx, m)
			if err != nil || rider != nil && rider.Taken() {
				return value, err
			}
			if !known {
				owner, known, _ = rule.Owner(ctx, m) // a new unit owns itself, known once saved
			}
			if !known {
				owner = v.UnitID // the national procedure catalogue: filed under the caller's unit
			}
			id, _ = m.(interface{ ID() (int, bool) }).ID() // a created record's, known once saved
			before, after := changes(m, before)
			err = write(ctx, m.(interface{ Client() *ent.Client }).Client(), v, operation(m), m.Type(), id, owner, before, after)
			if err != nil {
				return nil, fmt.Errorf("audit: recording the change of %s %d: %w", m.Type(), id, err)
			}
			return value, nil
		})
	}
}

// columns of an entry, and their types for the casts of riding.
var (
	columns = []string{auditentry.FieldAt, auditentry.FieldSubject, auditentry.FieldRole, auditentry.FieldOperation,
		auditentry.FieldRecordType, auditentry.FieldRecordID, auditentry.FieldUnitID, auditentry.FieldBefore, auditentry.FieldAfter}
	columnTypes = []string{"timestamptz", "varchar", "varchar", "varchar", "varchar", "bigint", "bigint", "jsonb", "jsonb"}
)

// values returns the values of the entry of a change, by columns, checked
// as ent's create checks them.
func values(v *viewer.Viewer, op auditentry.Operation, typ string, id, unit int, before, after map[string]any) ([]any, error) {
	err := errors.Join(auditentry.SubjectValidator(v.Subject), auditentry.RoleValidator(v.Role),
		auditentry.OperationValidator(op), auditentry.RecordTypeValidator(typ))
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(before)
	if err != nil {
		return nil, err
	}
	a, err := json.Marshal(after)
	if err != nil {
		return nil, err
	}
	return []any{time.Now().UTC(), v.Subject, string(v.Role), string(op), typ, id, unit, b, a}, nil
}

// write inserts the entry of a change. By hand rather than by ent's create,
// which asks PostgreSQL for the new entry's ID: with no answer to wait for,
// the insert waits and runs with the transaction's other deferred writes
// (the tally) as one statement (internal/deferred).
func write(ctx context.Context, c *ent.Client, v *viewer.Viewer, op auditentry.Operation, typ string, id, unit int, before, after map[string]any) error {
	vals, err := values(v, op, typ, id, unit, before, after)
	if err != nil {
		return err
	}
	q, args := sql.Dialect(dialect.Postgres).Insert(auditentry.Table).Columns(columns...).Values(vals...).Query()
	_, err = c.ExecContext(deferred.Context(ctx), q, args...)
	return err
}

// newID stands for the ID of a record being created, which riding reads
// from the INSERT's row.
const newID = -1

// riding is the entry of a change as a rider of its statement
// (returning.Ride, RideNew): inserted from the written row w, so only if
// the write made it; the ID of a created record (newID) is w's. Its
// placeholders start at $next.
func riding(next int, v *viewer.Viewer, op auditentry.Operation, typ string, id, unit int, before, after map[string]any) (string, []any, error) {
	vals, err := values(v, op, typ, id, unit, before, after)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, `INSERT INTO %q (%q`, auditentry.Table, columns[0])
	for _, c := range columns[1:] {
		fmt.Fprintf(&b, `, %q`, c)
	}
	b.WriteString(") SELECT ")
	var args []any
	for i, t := range columnTypes {
		if i > 0 {
			b.WriteString(", ")
		}
		if columns[i] == auditentry.FieldRecordID && id == newID {
			b.WriteString("w.id")
			continue
		}
		fmt.Fprintf(&b, "$%d::%s", next+len(args), t)
		args = append(args, vals[i])
	}
	b.WriteString(" FROM w")
	return b.String(), args, nil
}

// linksApart says whether m, a create, links records through a table apart
// (task collaborators): ent writes those links after the record's INSERT.
func linksApart(m ent.Mutation) bool {
	for _, e := range m.AddedEdges() {
		if _, set := m.Field(e + "_id"); !set {
			return true
		}
	}
	return false
}

// operation names what m does: archiving sets archived_at.
func operation(m ent.Mutation) auditentry.Operation {
	switch {
	case m.Op().Is(ent.OpCreate):
		return auditentry.OperationCREATE
	case slices.Contains(m.Fields(), "archived_at"):
		return auditentry.OperationARCHIVE
	}
	return auditentry.OperationUPDATE
}

// fields returns the fields m sets or clears, but the timestamps.
func fields(m ent.Mutation) []string {
	names := append(m.Fields(), m.ClearedFields()...)
	return slices.DeleteFunc(names, func(f string) bool { return slices.Contains(untracked, f) })
}

// stored returns, for an update, the stored values of the fields m changes.
func stored(ctx context.Context, m ent.Mutation) (map[string]any, error) {
	values := map[string]any{}
	if !m.Op().Is(ent.OpUpdateOne) {
		return values, nil
	}
	for _, f := range fields(m) {
		old, err := m.OldField(ctx, f)
		if err != nil {
			return nil, err
		}
		values[f] = plain(old)
	}
	return values, nil
}

// changes returns the values before and after m, by GraphQL field name, of
// the fields whose value m changed, and the links to many records it added
// or removed, by the input that does it (addCollaboratorIDs …).
func changes(m ent.Mutation, old map[string]any) (before, after map[string]any) {
	before, after = map[string]any{}, map[string]any{}
	for _, f := range fields(m) {
		var now any
		if v, set := m.Field(f); set {
			now = plain(v)
		}
		if was, ok := old[f]; ok {
			if reflect.DeepEqual(was, now) {
				continue
			}
			before[apperr.FieldName(f)] = was
		}
		after[apperr.FieldName(f)] = now
	}
	links := func(edge string) bool { // edges that are not a field of the record
		_, set := m.Field(edge + "_id")
		return !set && !m.FieldCleared(edge+"_id")
	}
	for _, e := range m.AddedEdges() {
		if links(e) {
			name := apperr.EdgeInput(e)
			if !m.Op().Is(ent.OpCreate) {
				name = "add" + upperFirst(name)
			}
			after[name] = ids(m.AddedIDs(e))
		}
	}
	for _, e := range m.RemovedEdges() {
		if links(e) {
			after["remove"+upperFirst(apperr.EdgeInput(e))] = ids(m.RemovedIDs(e))
		}
	}
	for _, e := range m.ClearedEdges() {
		if links(e) {
			after["clear"+upperFirst(apperr.FieldName(e))] = true
		}
	}
	return before, after
}

// plain makes a value JSON-friendly and comparable: pointers followed, times
// as RFC 3339 instants in UTC, bytes as their count.
func plain(v any) any {
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer {
		if r.IsNil() {
			return nil
		}
		r = r.Elem()
	}
	if !r.IsValid() {
		return nil
	}
	switch v := r.Interface().(type) {
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case []byte: // an uploaded file (Evidence.content): its size, not megabytes of base64
		return fmt.Sprintf("%d bytes", len(v))
	}
	return r.Interface()
}

func ids(vs []ent.Value) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.(int))
	}
	slices.Sort(out)
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
