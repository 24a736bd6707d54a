package rule

import (
	"context"
	"sync"

	"cchc/internal/changes"
)

// CatalogueChannel is the PostgreSQL notification channel of changes to the
// procedures table (migration catalogue_changed).
const CatalogueChannel = "cchc_catalogue"

// Catalogue keeps, for one database, the IDs of the procedures of the
// national catalogue that are known to be there and not archived: every new
// dossier names its procedure, and the catalogue changes rarely, so
// DenyInvisibleReferences need not count them in the database each time.
// What it keeps is valid while package changes says so: the server's client
// writing a procedure, or the trigger of migration catalogue_changed, makes
// it stale.
type Catalogue struct {
	changes.Watched // of the procedures

	mu  sync.Mutex
	gen uint64 // the generation ids were read in
	ids map[int]struct{}
}

type catalogueKey struct{}

// WithCatalogue returns ctx carrying c, for the reference checks of the
// writes made under it.
func WithCatalogue(ctx context.Context, c *Catalogue) context.Context {
	return context.WithValue(ctx, catalogueKey{}, c)
}

func catalogueFrom(ctx context.Context) *Catalogue {
	c, _ := ctx.Value(catalogueKey{}).(*Catalogue)
	return c
}

// generation is the generation to keep what is read now under.
func (c *Catalogue) generation() uint64 {
	if c == nil {
		return 0
	}
	gen, _ := c.Current()
	return gen
}

// known tells whether every one of ids is known to be in the catalogue.
func (c *Catalogue) known(ids []int) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.Fresh(c.gen) {
		return false
	}
	for _, id := range ids {
		if _, ok := c.ids[id]; !ok {
			return false
		}
	}
	return true
}

// add keeps ids, read in generation gen, unless something changed since.
func (c *Catalogue) add(gen uint64, ids []int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.Fresh(gen) {
		return
	}
	if c.gen != gen || c.ids == nil || len(c.ids) >= maxKnown {
		c.gen, c.ids = gen, make(map[int]struct{})
	}
	for _, id := range ids {
		c.ids[id] = struct{}{}
	}
}

// maxKnown bounds a Catalogue: the national catalogue holds a few thousand
// procedures; past it, it starts again empty.
const maxKnown = 100_000
