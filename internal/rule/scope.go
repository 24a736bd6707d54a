package rule

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/internal/viewer"
)

// recordType names the record type of a generated ent value by its Go type:
// *ent.DossierQuery, *ent.DossierWhereInput … → "Dossier".
func recordType(v any, suffix string) string {
	return strings.TrimSuffix(reflect.TypeOf(v).Elem().Name(), suffix)
}

// readable is the condition on records of type typ that v may read them
// (see Records): those of its own unit, or of its unit and every unit under
// it; for audit entries, further narrowed to the record types v reads.
func readable(v *viewer.Viewer, typ string) (func(*sql.Selector), error) {
	units, err := readUnits(v, typ)
	if err != nil {
		return nil, err
	}
	if typ == "AuditEntry" {
		return auditCondition(v, units), nil
	}
	owned, drafts := ownedBy(typ, units), draftsOf(v, typ)
	return func(s *sql.Selector) { owned(s); drafts(s) }, nil
}

// draftsOf is the condition on records of type typ that they are no draft
// (Record.Draft), or one that v writes; for a record owned through another,
// that its parent is.
func draftsOf(v *viewer.Viewer, typ string) func(*sql.Selector) {
	rec := Records[typ]
	switch {
	case rec.Draft != nil:
		units, _ := writeUnits(v, typ)
		return func(s *sql.Selector) {
			s.Where(sql.Or(sql.Not(rec.Draft(s)), sql.InInts(s.C(rec.Owner.Column), units...)))
		}
	case rec.Owner.Parent != "" && hasDrafts(rec.Owner.Parent):
		return throughParent(rec.Owner, draftsOf(v, rec.Owner.Parent))
	}
	return func(*sql.Selector) {}
}

// hasDrafts tells whether records of type typ, or those they belong to, have drafts.
func hasDrafts(typ string) bool {
	rec := Records[typ]
	return rec.Draft != nil || rec.Owner.Parent != "" && hasDrafts(rec.Owner.Parent)
}

// FilterReadable narrows every query to the records the caller's role may read.
func FilterReadable() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		typ := recordType(q, "Query")
		if _, ok := Records[typ]; !ok {
			// A record type added without a declaration is refused, not shown.
			return forbidden("no access rule for %s", typ)
		}
		p, err := readable(viewer.FromContext(ctx), typ)
		if err != nil {
			return err
		}
		addPredicate(q, "Where", p)
		return privacy.Skip
	})
}

// DenyIfNoWrite refuses at once a write of a record type the caller's role does not write.
func DenyIfNoWrite() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if _, err := writeUnits(viewer.FromContext(ctx), m.Type()); err != nil {
			return err
		}
		return privacy.Skip
	})
}

// FilterWritable narrows updates to the rows the caller may change.
func FilterWritable() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		units, err := writeUnits(viewer.FromContext(ctx), m.Type())
		if err != nil {
			return err
		}
		addPredicate(m, "Where", ownedBy(m.Type(), units))
		return privacy.Skip
	})
}

// canWrite tells whether v may place a record of type typ under unit.
func canWrite(v *viewer.Viewer, typ string, unit int) bool {
	units, err := writeUnits(v, typ)
	return err == nil && slices.Contains(units, unit)
}
