package tally

import (
	"context"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/hook"
	"cchc/ent/privacy"
	"cchc/internal/archive"
	"cchc/internal/deferred"
	"cchc/internal/returning"
)

// Hook keeps the tally in step with every write of dossiers through ent, in
// the writer's transaction (the API runs each mutation in one): it reads the
// rows the write will change, locking them on PostgreSQL so that a
// concurrent writer of the same dossier waits, takes away what they counted
// for, lets the write run, reads them back as stored and adds what they count
// for now. Creates, updates of any field (status, finish, due, unit,
// archiving), updates of many and deletes are all covered. Outside a
// transaction (tests, tools) the tally is written just after the dossiers;
// in one, its write waits and runs with the audit entry (internal/deferred),
// or for a create and for an update on condition of its version, rides in
// the dossier's own statement (internal/returning).
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.DossierFunc(func(ctx context.Context, m *ent.DossierMutation) (ent.Value, error) {
			// Past the privacy filter, which the write has already applied
			// to m, and archived rows included: the tally must see what the
			// write touches.
			rctx := archive.Include(privacy.DecisionContext(ctx, privacy.Allow))
			// m.Client() builds a whole client: once, and only on the paths
			// that query (not when the tally rides in the write).
			client := sync.OnceValue(m.Client)
			t := Tally{}
			var ids []int
			var rider *returning.Rider
			if versioned(m) {
				// The row as read before the write is the row the write
				// replaces: the update is made only while the row still has
				// the version it was read at (check.Version), and every write
				// of a dossier changes its version. No lock needed, and the
				// read is the one the version check already made.
				before, err := old(ctx, m)
				if err != nil {
					return nil, err
				}
				t.Add(before, -1)
				id, _ := m.ID()
				ids = []int{id} // read back below unless ent did
				// The row written is that row with m's fields: its tally
				// rides in the update's statement where it can.
				ctx, rider = returning.Ride(ctx, id, change(m, &before))
			} else if m.Op().Is(ent.OpCreate) {
				// The dossier created: its tally rides in its INSERT where it can.
				ctx, rider = returning.RideNew(ctx, change(m, nil))
			} else {
				if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
					ctx = returning.WritesAfter(ctx, id) // the tally, below
				}
				var err error
				if ids, err = m.IDs(rctx); err != nil {
					return nil, err
				}
				before, err := read(rctx, client(), ids, true)
				if err != nil {
					return nil, err
				}
				for _, d := range before {
					t.Add(d, -1)
				}
				if m.Op().Is(ent.OpUpdate | ent.OpDelete) {
					m.Where(dossier.IDIn(ids...)) // the rows read, and no row changed since to match
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil || rider != nil && rider.Taken() {
				return v, err
			}
			if d, ok := v.(*ent.Dossier); ok && m.Op().Is(ent.OpUpdateOne) && whole(d) {
				t.Add(stored(d), 1) // ent read the row back after updating it
				return v, add(deferred.Context(ctx), client(), t)
			}
			if m.Op().Is(ent.OpCreate) {
				if d, ok := applied(Dossier{}, m); ok {
					t.Add(d, 1)
					return v, add(deferred.Context(ctx), client(), t)
				}
				id, _ := m.ID()
				ids = []int{id}
			}
			after, err := read(rctx, client(), ids, false)
			if err != nil {
				return nil, err
			}
			for _, d := range after {
				t.Add(d, 1)
			}
			return v, add(deferred.Context(ctx), client(), t)
		})
	}
}

// change is the build of the rider (internal/returning) of m's change to
// the tally: m writes the dossier before, or creates one when before is nil.
// It declines when the dossier written needs reading back (applied).
func change(m *ent.DossierMutation, before *Dossier) func(next int) (string, []any, error) {
	return func(next int) (string, []any, error) {
		t, from := Tally{}, Dossier{}
		if before != nil {
			from = *before
			t.Add(from, -1)
		}
		after, ok := applied(from, m)
		if !ok {
			return "", nil, nil
		}
		t.Add(after, 1)
		return riding(t, next)
	}
}

// read reads the dossiers ids as stored (a time is stored rounded to the
// microsecond on PostgreSQL), locking them for the transaction when lock is set.
func read(ctx context.Context, client *ent.Client, ids []int, lock bool) ([]Dossier, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := client.Dossier.Query().Where(dossier.IDIn(ids...))
	if lock {
		q.Modify(func(s *entsql.Selector) {
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate() // SQLite has one writer at a time
			}
		})
	}
	rows, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Dossier, len(rows))
	for i, r := range rows {
		out[i] = stored(r)
	}
	return out, nil
}

// versioned says whether m updates one dossier on condition of the version
// its client read (check.Version set the next one; a write of the server's
// own adds 1 instead).
func versioned(m *ent.DossierMutation) bool {
	_, ok := m.Version()
	return ok && m.Op().Is(ent.OpUpdateOne)
}

// old is the dossier m updates as ent read it before the write.
func old(ctx context.Context, m *ent.DossierMutation) (Dossier, error) {
	var d Dossier
	var err error
	var channel dossier.Channel
	var status dossier.Status
	var archived *time.Time
	for _, read := range []func() error{
		func() (e error) { d.Unit, e = m.OldUnitID(ctx); return },
		func() (e error) { channel, e = m.OldChannel(ctx); return },
		func() (e error) { status, e = m.OldStatus(ctx); return },
		func() (e error) { d.Received, e = m.OldReceivedAt(ctx); return },
		func() (e error) { d.Due, e = m.OldDueAt(ctx); return },
		func() (e error) { d.Finished, e = m.OldFinishedAt(ctx); return },
		func() (e error) { archived, e = m.OldArchivedAt(ctx); return },
	} {
		if err = read(); err != nil {
			return d, err
		}
	}
	d.Channel, d.Status, d.Archived = string(channel), string(status), archived != nil
	return d, nil
}

// whole says whether d has every field the tally counts by, which an
// update that selected only some fields would not.
func whole(d *ent.Dossier) bool {
	return d.UnitID != 0 && d.Channel != "" && d.Status != "" && !d.ReceivedAt.IsZero()
}

// stored is what a dossier read from the database counts for.
func stored(r *ent.Dossier) Dossier {
	return Dossier{
		Unit: r.UnitID, Channel: string(r.Channel), Status: string(r.Status),
		Received: r.ReceivedAt, Due: r.DueAt, Finished: r.FinishedAt, Archived: r.ArchivedAt != nil,
	}
}

// applied returns d, as stored, with the fields m sets or clears (for a
// create, d is empty: the dossier created), and false when that needs
// reading it back: when a time has a fraction of a microsecond, which
// PostgreSQL rounds.
func applied(d Dossier, m *ent.DossierMutation) (Dossier, bool) {
	if v, ok := m.UnitID(); ok {
		d.Unit = v
	}
	if v, ok := m.Channel(); ok {
		d.Channel = string(v)
	}
	if v, ok := m.Status(); ok {
		d.Status = string(v)
	}
	if v, ok := m.ReceivedAt(); ok {
		d.Received = v
	}
	if v, ok := m.DueAt(); ok {
		d.Due = &v
	} else if m.DueAtCleared() {
		d.Due = nil
	}
	if v, ok := m.FinishedAt(); ok {
		d.Finished = &v
	} else if m.FinishedAtCleared() {
		d.Finished = nil
	}
	if _, ok := m.ArchivedAt(); ok {
		d.Archived = true
	} else if m.ArchivedAtCleared() {
		d.Archived = false
	}
	for _, t := range []*time.Time{&d.Received, d.Due, d.Finished} {
		if t != nil && t.Nanosecond()%1000 != 0 {
			return d, false
		}
	}
	return d, true
}
