package results

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"cchc/ent"
	"cchc/ent/criterion"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/database"
	"cchc/internal/indicator"
	"cchc/internal/viewer"
)

// Service answers results over a database.
type Service struct{ Client *ent.Client }

// client is the transaction of the request when there is one (database.Request).
func (s *Service) client(ctx context.Context) *ent.Client { return database.Request(ctx, s.Client) }

// cache keeps what a request has loaded, for the rest of the request.
type cache struct {
	mu       sync.Mutex
	boards   map[int]*board // by framework ID
	criteria map[int]*ent.Criterion
}

type cacheKey struct{}

// WithCache returns a context in which Of, MaxPoints and Scores share what
// they load: the results of a page of assessments are loaded once (see Of).
// It must live no longer than a GraphQL root field, so that what it keeps
// is never older than the writes of the request (see graph.PerRootField).
func WithCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, cacheKey{}, &cache{boards: map[int]*board{}, criteria: map[int]*ent.Criterion{}})
}

// cacheOf returns the request's cache, or a fresh one outside a request.
func cacheOf(ctx context.Context) *cache {
	if c, ok := ctx.Value(cacheKey{}).(*cache); ok {
		return c
	}
	return WithCache(ctx).Value(cacheKey{}).(*cache)
}

// boards returns the boards of the frameworks ids, linked to their
// previous years'; c must be locked.
func (s *Service) boards(ctx context.Context, c *cache, ids ...int) error {
	var need []int
	for _, id := range ids {
		if b := c.boards[id]; (b == nil || !b.linked) && !slices.Contains(need, id) {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	return loadBoards(ctx, s.client(ctx), need, c.boards)
}

// Of returns the result of assessment a, which the caller has read. batch
// lists the assessments the request will ask for beside it (a page of a
// list), whose frameworks are loaded at the same time: a page costs the
// statements of one assessment.
func (s *Service) Of(ctx context.Context, a *ent.Assessment, approvedOnly bool, batch []*ent.Assessment) (*Result, error) {
	c := cacheOf(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := []int{a.FrameworkID}
	for _, o := range batch {
		ids = append(ids, o.FrameworkID)
	}
	if err := s.boards(ctx, c, ids...); err != nil {
		return nil, err
	}
	b := c.boards[a.FrameworkID]
	var e *entry
	if b != nil {
		e = b.entries[a.ID]
	}
	if e == nil {
		return nil, apperr.New(apperr.NotFound, "assessment %d: not found", a.ID)
	}
	return b.result(e, approvedOnly)
}

// MaxPoints returns what score cs adds to its unit's maximum: its
// criterion's maximum, or 0 when the criterion does not apply. batch lists
// the scores the request will ask for beside it, whose criteria are loaded
// at the same time. (A criterion loaded with the score is no help: GraphQL
// loads only the fields the query asks of it.)
func (s *Service) MaxPoints(ctx context.Context, cs *ent.CriterionScore, batch []*ent.CriterionScore) (float64, error) {
	if cs.NotApplicable {
		return 0, nil
	}
	c := cacheOf(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cr := c.criteria[cs.CriterionID]; cr != nil {
		return cr.MaxPoints, nil
	}
	ids := []int{cs.CriterionID}
	for _, o := range batch {
		if c.criteria[o.CriterionID] == nil && !slices.Contains(ids, o.CriterionID) {
			ids = append(ids, o.CriterionID)
		}
	}
	// The caller reads the score, and so the framework the criterion is
	// part of; its maximum is no secret.
	found, err := s.client(ctx).Criterion.Query().Where(criterion.IDIn(ids...)).
		All(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return 0, fmt.Errorf("loading criteria: %w", err)
	}
	for _, cr := range found {
		c.criteria[cr.ID] = cr
	}
	if cr := c.criteria[cs.CriterionID]; cr != nil {
		return cr.MaxPoints, nil
	}
	return 0, fmt.Errorf("criterion %d of score %d not found", cs.CriterionID, cs.ID)
}

// Selection narrows the rows of Scores.
type Selection struct {
	Under *string     // code of a unit: only the units under it, itself included
	Level *unit.Level // only units of this level
	// ApprovedOnly ranks and lists APPROVED assessments only.
	ApprovedOnly bool
}

// Scores returns the results of framework id for the caller in ctx: one row
// per assessed unit the caller reads (narrowed by sel), by rank then unit
// code, ranked among the units of the framework's level in the province as
// the package comment says.
// A framework the caller does not see answers NOT_FOUND, as one that does not
// exist; an under unit outside the caller's reach answers as a code that
// does not exist.
func (s *Service) Scores(ctx context.Context, id int, sel Selection) ([]*Result, error) {
	shown, err := readable(viewer.FromContext(ctx))
	if err != nil {
		return nil, err
	}
	client := s.client(ctx)
	fw, err := client.ScoringFramework.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "framework",
			Message: fmt.Sprintf("framework: no scoring framework with ID %d", id)}
	}
	if err != nil {
		return nil, err
	}
	if sel.Under != nil {
		tree, err := indicator.LoadTree(ctx, client)
		if err != nil {
			return nil, err
		}
		root, ok := tree.Unit(*sel.Under)
		if !ok || !shown[root.ID] {
			return nil, apperr.Input("under", "no unit with code %q", *sel.Under)
		}
		under := map[int]bool{}
		for _, u := range tree.Subtree(root.ID) {
			under[u] = shown[u]
		}
		shown = under
	}
	c := cacheOf(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := s.boards(ctx, c, fw.ID); err != nil {
		return nil, err
	}
	b := c.boards[fw.ID]
	out := []*Result{}
	for _, e := range b.ranking(sel.ApprovedOnly).order {
		u := e.assessment.Edges.Unit
		if !shown[u.ID] || sel.Level != nil && u.Level != *sel.Level {
			continue
		}
		r, err := b.result(e, sel.ApprovedOnly)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
