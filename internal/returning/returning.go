// Package returning updates one record in one statement on PostgreSQL.
// ent's UpdateOne writes the row and then reads it back with a second
// statement; UPDATE … RETURNING answers with the row as written. The code
// ent generates calls UpdateOne first (ent/template/returning.tmpl), and
// goes ent's way where it does not apply: on SQLite, for edges kept in
// other tables, and when nothing is set. Writes that go with the update
// (the audit entry) can ride in the same statement (Ride), and so can those
// that go with ent's INSERT of a new record (RideNew, Insert); when all of
// them do, the statement is sent as its transaction's only write
// (deferred.Alone).
package returning

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
	"entgo.io/ent/schema/field"

	"cchc/internal/deferred"
)

// ErrNotFound is UpdateOne's answer when no row has the ID and matches the
// update's predicates (the caller's scope, the version it read).
var ErrNotFound = errors.New("returning: no row to update")

// NoWrite is what a rider's build returns when the update leaves it
// nothing to write: the rider is taken, and its caller writes nothing after.
var NoWrite = errors.New("returning: the rider has nothing to write")

// UpdateOne runs spec, an update of one row by its ID, as one UPDATE …
// RETURNING and assigns the row as written (spec.Assign), as
// sqlgraph.UpdateNode would with its two statements. It says whether it
// applied: when not, nothing was sent.
func UpdateOne(ctx context.Context, drv dialect.Driver, spec *sqlgraph.UpdateSpec) (bool, error) {
	if drv.Dialect() != dialect.Postgres || spec.Node.ID == nil || spec.ScanValues == nil || spec.Assign == nil ||
		len(spec.Edges.Add) > 0 || len(spec.Edges.Clear) > 0 ||
		len(spec.Fields.Set)+len(spec.Fields.Add)+len(spec.Fields.Clear) == 0 {
		return false, nil
	}
	b := sql.Dialect(dialect.Postgres)
	update := b.Update(spec.Node.Table).Schema(spec.Node.Schema).Where(sql.EQ(spec.Node.ID.Column, spec.Node.ID.Value))
	if spec.Predicate != nil {
		selector := b.Select().From(b.Table(spec.Node.Table).Schema(spec.Node.Schema))
		spec.Predicate(selector)
		update.FromSelect(selector)
	}
	// In sqlgraph's order: cleared, set, then added fields.
	for _, f := range spec.Fields.Clear {
		update.SetNull(f.Column)
	}
	for _, f := range spec.Fields.Set {
		v := f.Value
		if f.Type == field.TypeJSON { // as sqlgraph stores JSON fields
			b, err := json.Marshal(v)
			if err != nil {
				return true, fmt.Errorf("marshal value for column %s: %w", f.Column, err)
			}
			v = json.RawMessage(b)
		}
		update.Set(f.Column, v)
	}
	for _, f := range spec.Fields.Add {
		update.Add(f.Column, f.Value)
	}
	for _, m := range spec.Modifiers {
		m(update)
	}
	update.Returning(spec.Node.Columns...)
	if err := update.Err(); err != nil {
		return true, err
	}
	query, args := update.Query()
	query, more, riders, alone, err := withRiders(ctx, spec.Node.ID.Value, query, len(args))
	if err != nil {
		return true, err
	}
	args = append(args, more...)
	if alone {
		// Every write that goes with the update rides in it: on its own, it
		// can be its transaction (internal/deferred).
		ctx = deferred.Alone(ctx)
	}
	rows := &sql.Rows{}
	if err := drv.Query(ctx, query, args, rows); err != nil {
		return true, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return true, err
		}
		return true, ErrNotFound
	}
	columns, err := rows.Columns()
	if err != nil {
		return true, err
	}
	values, err := spec.ScanValues(columns)
	if err != nil {
		return true, err
	}
	for i, v := range values {
		if _, ok := v.(*sql.UnknownType); ok {
			values[i] = sql.ScanTypeOf(rows, i)
		}
	}
	if err := rows.Scan(values...); err != nil {
		return true, err
	}
	if err := spec.Assign(columns, values); err != nil {
		return true, err
	}
	if err := rows.Close(); err != nil {
		return true, err
	}
	for _, r := range riders {
		r.taken = true
	}
	return true, nil
}

// A Rider is a write that goes with the update or the creation of one
// record in that write's own statement, as a data-modifying WITH query after
// it that reads the written row as w (INSERT … SELECT … FROM w): a write
// that writes no row writes no rider either, and both commit or fail
// together.
type Rider struct {
	id    any
	build func(next int) (query string, args []any, err error)
	taken bool
}

type ridersKey struct{}

// Ride returns ctx with a rider for the update of record id, whose write
// build returns when the update is sent: its SQL, reading the updated row as
// w, with placeholders numbered from $next; "" to decline (the rider is
// then not taken, and its caller writes after the update), or NoWrite.
// IDs are unique across tables.
func Ride(ctx context.Context, id any, build func(next int) (string, []any, error)) (context.Context, *Rider) {
	r := &Rider{id: id, build: build}
	rs, _ := ctx.Value(ridersKey{}).([]*Rider)
	return context.WithValue(ctx, ridersKey{}, append(slices.Clip(rs), r)), r
}

// Taken says whether the rider went with its update. When not (SQLite,
// ent's way, or no update sent), its write is for the caller to make.
func (r *Rider) Taken() bool { return r.taken }

// withRiders returns query, the write of record id with n arguments, with
// ctx's riders of the record as WITH queries after it, their arguments, the
// riders going, and whether the statement carries every rider waiting in
// ctx (none declined, none of another record).
func withRiders(ctx context.Context, id any, query string, n int) (string, []any, []*Rider, bool, error) {
	riders := ridersOf(ctx, id)
	alone := len(riders) == len(ridersOf(ctx, nil))
	if len(riders) == 0 {
		return query, nil, nil, alone, nil
	}
	var (
		b     strings.Builder
		args  []any
		going []*Rider
	)
	b.Grow(len(query) + 1024) // the riders' statements: an audit entry, a tally
	b.WriteString("WITH w AS (")
	b.WriteString(query)
	b.WriteString(")")
	for _, r := range riders {
		q, a, err := r.build(n + len(args) + 1)
		if errors.Is(err, NoWrite) {
			going = append(going, r) // taken, with nothing to send
			continue
		}
		if err != nil {
			return "", nil, nil, false, err
		}
		if q == "" {
			alone = false // it declined: its write stays with its caller, after this one
			continue
		}
		going = append(going, r)
		fmt.Fprintf(&b, ", r%d AS (%s)", len(going), q) // numbered apart, whatever the gaps
		args = append(args, a...)
	}
	b.WriteString(" SELECT * FROM w")
	return b.String(), args, going, alone, nil
}

// newRecord is the ID of the riders of a record being created.
type newRecord struct{}

// RideNew returns ctx with a rider for the creation of a record, as Ride
// does for an update: it goes in the record's INSERT … RETURNING (Insert)
// and reads the new row's ID as w.id.
func RideNew(ctx context.Context, build func(next int) (string, []any, error)) (context.Context, *Rider) {
	return Ride(ctx, newRecord{}, build)
}

// WritesAfterNew is WritesAfter for the creation of a record.
func WritesAfterNew(ctx context.Context) context.Context { return WritesAfter(ctx, newRecord{}) }

// Insert returns query, when it is ent's INSERT of one record RETURNING its
// ID with n arguments, with ctx's riders of a created record (RideNew), and
// their arguments; taken, to call once the statement has run, marks them
// taken. alone says whether it carries every rider waiting in ctx. For any
// other statement, or without riders, taken is nil and query unchanged.
func Insert(ctx context.Context, query string, n int) (q string, args []any, taken func(), alone bool, err error) {
	if !strings.HasPrefix(query, "INSERT INTO ") || !strings.HasSuffix(query, ` RETURNING "id"`) ||
		strings.Contains(query, "), (") || len(ridersOf(ctx, newRecord{})) == 0 {
		return query, nil, nil, false, nil // not one record's, or nothing rides
	}
	q, args, going, alone, err := withRiders(ctx, newRecord{}, query, n)
	if err != nil {
		return "", nil, nil, false, err
	}
	return q, args, func() {
		for _, r := range going {
			r.taken = true
		}
	}, alone, nil
}

// WritesAfter returns ctx for the update of record id followed by a write
// of the caller's own, which cannot ride in it: the update is then not the
// only write of its transaction (internal/deferred). A hook that writes
// after an update it lets through says so, or rides.
func WritesAfter(ctx context.Context, id any) context.Context {
	ctx, _ = Ride(ctx, id, func(int) (string, []any, error) { return "", nil, nil })
	return ctx
}

// ridersOf returns ctx's riders of record id (of every record when nil) not yet taken.
func ridersOf(ctx context.Context, id any) []*Rider {
	var out []*Rider
	rs, _ := ctx.Value(ridersKey{}).([]*Rider)
	for _, r := range rs {
		if (id == nil || r.id == id) && !r.taken {
			out = append(out, r)
		}
	}
	return out
}
