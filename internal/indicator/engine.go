package indicator

import (
	"context"
	"fmt"
	"slices"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/period"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Engine computes indicators over a database.
type Engine struct {
	Client  *ent.Client
	Dialect string // dialect.Postgres or dialect.SQLite
	// FromRecords computes the dossier figures by reading every dossier that
	// counts, instead of summing the monthly tally (internal/tally): slower,
	// the reference the tests hold the tally to.
	FromRecords bool
}

// Selection says which units to compute: those named by code, or every unit
// of Level under the unit Under (itself included when of that level), or
// else the caller's own unit.
type Selection struct {
	Units []string
	Under *string
	Level *unit.Level
}

// Query computes the indicators of the selected units for p, for the caller
// in ctx. A unit outside the caller's subtree answers as one that does not
// exist.
func (e *Engine) Query(ctx context.Context, p period.Period, sel Selection) ([]*Indicators, error) {
	if field, err := p.Validate(); err != nil {
		return nil, apperr.Input("period."+field, "%v", err)
	}
	readable, err := rule.ReadableUnits(viewer.FromContext(ctx), "Indicator")
	if err != nil {
		return nil, err
	}
	tree, err := loadTree(ctx, e.Client)
	if err != nil {
		return nil, err
	}
	targets, err := tree.pick(sel, readable, viewer.FromContext(ctx).UnitID)
	if err != nil {
		return nil, err
	}
	out, err := e.Compute(ctx, p, tree, targets)
	if err != nil {
		return nil, err
	}
	// Indicators carry no figure from restricted records (a test holds them
	// to it); findings are left out as their sources say.
	gate := NewGate(viewer.FromContext(ctx), tree.Subtree)
	for _, in := range out {
		in.Findings = gate.Findings(in.Unit.ID, in.Findings)
	}
	return out, nil
}

// Compute computes the indicators of targets for p, past any access check:
// callers check access first (Query does).
func (e *Engine) Compute(ctx context.Context, p period.Period, tree *Tree, targets []*ent.Unit) ([]*Indicators, error) {
	// Every unit whose records count for some target, each once.
	var units []int
	for _, t := range targets {
		units = append(units, tree.Subtree(t.ID)...)
	}
	slices.Sort(units)
	units = slices.Compact(units)
	q := &query{e: e, p: p, units: units}
	raw, err := q.all(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Indicators, len(targets))
	for i, t := range targets {
		out[i] = raw.sum(t, p, tree.Subtree(t.ID))
	}
	return out, nil
}

// Tree is the unit tree, loaded once per request: a handful of thousand rows
// at most, even for the whole country.
type Tree struct {
	byID     map[int]*ent.Unit
	byCode   map[string]*ent.Unit
	children map[int][]int // parent and merger lineage: units under or merged into a unit
}

// LoadTree reads every unit past the privacy rules; callers narrow what they show.
func LoadTree(ctx context.Context, client *ent.Client) (*Tree, error) { return loadTree(ctx, client) }

func loadTree(ctx context.Context, client *ent.Client) (*Tree, error) {
	units, err := client.Unit.Query().All(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return nil, fmt.Errorf("loading units: %w", err)
	}
	t := &Tree{byID: map[int]*ent.Unit{}, byCode: map[string]*ent.Unit{}, children: map[int][]int{}}
	for _, u := range units {
		t.byID[u.ID], t.byCode[u.Code] = u, u
		if u.ParentID != nil {
			t.children[*u.ParentID] = append(t.children[*u.ParentID], u.ID)
		}
		if u.MergedIntoID != nil {
			t.children[*u.MergedIntoID] = append(t.children[*u.MergedIntoID], u.ID)
		}
	}
	return t, nil
}

// Subtree returns id and every unit under it or merged into it, at any depth.
func (t *Tree) Subtree(id int) []int {
	out, seen := []int{}, map[int]bool{}
	var walk func(int)
	walk = func(id int) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, id)
		for _, c := range t.children[id] {
			walk(c)
		}
	}
	walk(id)
	return out
}

// Unit returns the unit with the given code, if any.
func (t *Tree) Unit(code string) (*ent.Unit, bool) {
	u, ok := t.byCode[code]
	return u, ok
}

func (t *Tree) pick(sel Selection, readable []int, own int) ([]*ent.Unit, error) {
	lookup := func(field, code string) (*ent.Unit, error) {
		u, ok := t.byCode[code]
		if !ok || !slices.Contains(readable, u.ID) {
			return nil, apperr.Input(field, "no unit with code %q", code)
		}
		return u, nil
	}
	switch {
	case len(sel.Units) > 0 && sel.Under != nil:
		return nil, apperr.Input("under", "give either units or under, not both")
	case len(sel.Units) > 0:
		var out []*ent.Unit
		for _, code := range sel.Units {
			u, err := lookup("units", code)
			if err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, nil
	case sel.Under != nil:
		root, err := lookup("under", *sel.Under)
		if err != nil {
			return nil, err
		}
		var out []*ent.Unit
		for _, id := range t.Subtree(root.ID) {
			u := t.byID[id]
			if (sel.Level == nil || u.Level == *sel.Level) && u.ValidTo == nil {
				out = append(out, u)
			}
		}
		slices.SortFunc(out, func(a, b *ent.Unit) int { return compareCodes(a.Code, b.Code) })
		return out, nil
	case sel.Level != nil:
		return nil, apperr.Input("level", "level goes with under")
	}
	return []*ent.Unit{t.byID[own]}, nil
}

func compareCodes(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// localDate is the SQL for the local date in Vietnam of a stored instant.
func (e *Engine) localDate(col string) string { return period.LocalDateSQL(e.Dialect, col) }

// VerifyTally computes the dossier figures of every unit for each of
// periods twice, from the monthly tally and from the dossiers themselves,
// and reports the first difference: the check that the tally is exact.
func VerifyTally(ctx context.Context, client *ent.Client, dialect string, periods []period.Period) error {
	tree, err := loadTree(ctx, client)
	if err != nil {
		return err
	}
	units := make([]*ent.Unit, 0, len(tree.byID))
	for _, u := range tree.byID {
		units = append(units, u)
	}
	summed, scanned := &Engine{Client: client, Dialect: dialect}, &Engine{Client: client, Dialect: dialect, FromRecords: true}
	for _, p := range periods {
		a, err := summed.Compute(ctx, p, tree, units)
		if err != nil {
			return err
		}
		b, err := scanned.Compute(ctx, p, tree, units)
		if err != nil {
			return err
		}
		for i := range a {
			fa, fb := a[i].Dossiers, b[i].Dossiers
			fa.OnTimeRate, fa.OnlineRate, fb.OnTimeRate, fb.OnlineRate = nil, nil, nil, nil
			if fa != fb {
				return fmt.Errorf("unit %s, %s: the tally gives %+v, the dossiers %+v", a[i].Unit.Code, p.Title(), fa, fb)
			}
		}
	}
	return nil
}
