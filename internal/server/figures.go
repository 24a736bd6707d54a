package server

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"cchc/ent"
	"cchc/internal/database"
	"cchc/internal/indicator"
	"cchc/internal/report"
	"cchc/internal/viewer"
)

// storedFigures leaves out of a report's frozen figures, where GraphQL shows
// them as a stored map (Report.snapshot, and the snapshot in an audit entry's
// values about a report), the figures the caller may not be shown, as the
// report itself does (indicator.Gate): a district officer reading a commune's
// report record finds no count of its disciplinary actions there either.
type storedFigures struct{ client *ent.Client }

type gatesKey struct{}

// gates is the gate of one operation, made at its first use: the unit tree
// is read at most once per operation, and only when a snapshot is shown.
type gates struct {
	once sync.Once
	gate *indicator.Gate
	err  error
}

func (s storedFigures) operation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, gatesKey{}, &gates{}))
}

func (s storedFigures) field(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	fc := graphql.GetFieldContext(ctx)
	if err != nil || fc == nil || fc.Field.Field == nil {
		return res, err
	}
	var unit int
	switch {
	case fc.Object == "Report" && fc.Field.Name == "snapshot":
		r := parent[ent.Report](fc)
		if r == nil {
			return nil, nil // the owner unknown: nothing shown rather than too much
		}
		unit = r.UnitID
	case fc.Object == "AuditEntry" && (fc.Field.Name == "before" || fc.Field.Name == "after"):
		e := parent[ent.AuditEntry](fc)
		if e == nil {
			return nil, nil
		}
		if e.RecordType != "Report" {
			return res, nil
		}
		unit = e.UnitID
	default:
		return res, nil
	}
	m, ok := res.(map[string]any)
	if !ok || m == nil {
		return res, nil
	}
	gate, err := s.gate(ctx)
	if err != nil {
		return nil, err
	}
	if fc.Object == "Report" {
		return report.WithholdSnapshot(gate, unit, m), nil
	}
	snap, ok := m["snapshot"].(map[string]any)
	if !ok {
		return m, nil
	}
	out := make(map[string]any, len(m)) // the entry itself is not changed
	for k, x := range m {
		out[k] = x
	}
	out["snapshot"] = report.WithholdSnapshot(gate, unit, snap)
	return out, nil
}

// gate returns the operation's gate.
func (s storedFigures) gate(ctx context.Context) (*indicator.Gate, error) {
	g, _ := ctx.Value(gatesKey{}).(*gates)
	if g == nil {
		g = &gates{}
	}
	g.once.Do(func() {
		tree, err := indicator.LoadTree(ctx, database.Request(ctx, s.client))
		if err != nil {
			g.err = err
			return
		}
		g.gate = indicator.NewGate(viewer.FromContext(ctx), tree.Subtree)
	})
	return g.gate, g.err
}

// parent returns the record whose field fc resolves: the parent field's
// result, directly or as an element of a list.
func parent[T any](fc *graphql.FieldContext) *T {
	if fc.Parent == nil {
		return nil
	}
	switch r := fc.Parent.Result.(type) {
	case *T:
		return r
	case **T:
		if r != nil {
			return *r
		}
	case *ent.Noder: // an element of nodes(ids:)
		if r != nil {
			t, _ := any(*r).(*T)
			return t
		}
	}
	return nil
}
