// Package written keeps the dossiers a server last wrote, as the database
// returned them, so that the next update of one need not read it first.
//
// An update of a record is made against the version the client read
// (check.Version): UPDATE … WHERE id = ? AND version = sent. Before it, ent
// reads the stored row, which the access rules, the timeline check, the
// audit entry and the tally all start from. When this server wrote that
// very row at that very version, it has it already: the dossier returned by
// its last write is the row as stored until the next change, and every
// change of a dossier moves its version on (every write goes through ent,
// whose hook increments it). So a row kept under the version the client
// sends is the stored row, or else the UPDATE matches nothing and the
// client gets CONFLICT, as it would have had the row been read.
//
// Only rows the database returned are kept (an update's RETURNING, or ent's
// read after it): a created row's times are those the server sent, which
// PostgreSQL rounds to microseconds. A row is kept once its transaction has
// committed, and given only to a caller who may read it (its unit in the
// caller's scope, not archived), so that it answers as the read would.
package written

import (
	"context"
	"slices"
	"sync"

	"cchc/ent"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// maxKept bounds a cache; past it, it starts again empty.
const maxKept = 10_000

// Dossiers keeps the dossiers a server last wrote, by ID.
type Dossiers struct {
	mu   sync.Mutex
	rows map[int]ent.Dossier
}

// Update updates dossier id, made against version, with input through
// client: ent's UpdateOneID, from the row kept if it is at that version.
func (c *Dossiers) Update(ctx context.Context, client *ent.Client, id, version int, input ent.UpdateDossierInput) (*ent.Dossier, error) {
	u := client.Dossier.UpdateOneID(id)
	if d, ok := c.get(ctx, id, version); ok {
		u = client.Dossier.UpdateOne(d)
	}
	d, err := u.SetVersion(version).SetInput(input).Save(ctx)
	if err != nil {
		c.forget(id)
		return nil, err
	}
	c.keep(ctx, client, d)
	return d, nil
}

// get returns the row of dossier id kept at version, if the caller may read it.
func (c *Dossiers) get(ctx context.Context, id, version int) (*ent.Dossier, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	d, ok := c.rows[id]
	c.mu.Unlock()
	if !ok || d.Version != version || d.ArchivedAt != nil {
		return nil, false
	}
	units, err := rule.ReadableUnits(viewer.FromContext(ctx), "Dossier")
	if err != nil || !slices.Contains(units, d.UnitID) {
		return nil, false
	}
	return &d, true
}

// keep keeps d, as returned by a write through client, once the write's
// transaction has committed.
func (c *Dossiers) keep(ctx context.Context, client *ent.Client, d *ent.Dossier) {
	if c == nil {
		return
	}
	tx := ent.TxFromContext(ctx)
	row := *d
	row.Edges = ent.DossierEdges{} // the row alone
	if tx != nil && client == tx.Client() {
		// Not the transaction's driver, which holds its hooks and its
		// request's context: kept, they would keep all of the request.
		row.Unwrap()
	}
	put := func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.rows == nil || len(c.rows) >= maxKept {
			c.rows = make(map[int]ent.Dossier)
		}
		c.rows[row.ID] = row
	}
	if tx == nil {
		put()
		return
	}
	c.forget(row.ID) // until then, the row kept before is not the stored one
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				put()
			}
			return err
		})
	})
}

// forget drops the row of dossier id.
func (c *Dossiers) forget(id int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.rows, id)
	c.mu.Unlock()
}
