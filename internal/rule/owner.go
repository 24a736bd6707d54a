package rule

import (
	"context"
	"fmt"
	"reflect"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/internal/archive"
	"cchc/internal/viewer"
)

// DenyUnwritableOwner refuses a create or update that would place a record
// under a unit the caller may not write: a commune officer writes its own
// commune only, so it can neither create a dossier in another commune nor
// move one there. Units themselves may be created only under the province
// officer's scope.
func DenyUnwritableOwner() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne) {
			return privacy.Skip
		}
		if u, ok := m.(*ent.UnitMutation); ok {
			if parent, set := u.ParentID(); set && !canWrite(v, "Unit", parent) {
				return forbidden("parentID: the unit is outside your scope")
			}
			if m.Op().Is(ent.OpCreate) && !u.ParentCleared() {
				if _, set := u.ParentID(); !set {
					return forbidden("parentID: only units under your own may be created")
				}
			}
			return privacy.Skip
		}
		owner, set, err := newOwner(ctx, m)
		if err != nil {
			return err
		}
		if set && !canWrite(v, m.Type(), owner) {
			return forbidden("role %s may not write %s records of this unit", v.Role, m.Type())
		}
		return privacy.Skip
	})
}

// unitOf returns the unit that owns the record of type typ with the given
// id, following the declared owners of Records. Parents are read past the
// privacy filter: whether the caller sees them is checked elsewhere
// (DenyInvisibleReferences, or reading the child itself); and archived ones
// too: a task still belongs to its archived plan's unit.
func unitOf(ctx context.Context, m ent.Mutation, typ string, id int) (int, error) {
	o := Records[typ].Owner
	if o.Parent == "" {
		return id, nil
	}
	// A client of its own each time (m.Client()), so asked for only here.
	q := byID(m.(mutation).Client(), o.Parent, id).MethodByName("Select").Call([]reflect.Value{reflect.ValueOf(Records[o.Parent].Owner.Column)})[0]
	allow := archive.Include(privacy.DecisionContext(ctx, privacy.Allow))
	out := q.MethodByName("Int").Call([]reflect.Value{reflect.ValueOf(allow)})
	if err, _ := out[1].Interface().(error); err != nil {
		return 0, fmt.Errorf("owner of %s %d: %w", o.Parent, id, err)
	}
	return unitOf(ctx, m, o.Parent, int(out[0].Int()))
}

// newOwner returns the unit that will own the record after m, when m sets it:
// directly (unit_id) or through the record it belongs to (a task's plan).
func newOwner(ctx context.Context, m ent.Mutation) (unitID int, set bool, err error) {
	v, set := m.Field(Records[m.Type()].Owner.Column)
	if !set {
		return 0, false, nil
	}
	unitID, err = unitOf(ctx, m, m.Type(), v.(int))
	return unitID, err == nil, err
}

// storedOwner returns the unit that owns the stored row m updates. The row is
// read with the caller's context, so a row the caller cannot read is an error.
func storedOwner(ctx context.Context, m ent.Mutation) (int, error) {
	if m.Type() == "Unit" {
		id, _ := m.(interface{ ID() (int, bool) }).ID()
		_, err := m.OldField(ctx, "code")
		return id, err
	}
	v, err := m.OldField(ctx, Records[m.Type()].Owner.Column)
	if err != nil {
		return 0, err
	}
	return unitOf(ctx, m, m.Type(), v.(int))
}

// Owner returns the unit that owns the record of m once m is applied: the one
// m sets, directly or through the record it belongs to, else on an update the
// stored one, which must be read before the update is made. A unit owns
// itself, known once it is saved; the national procedure catalogue has no
// owner. known is false when there is none (yet).
func Owner(ctx context.Context, m ent.Mutation) (unitID int, known bool, err error) {
	switch {
	case Records[m.Type()].Owner.Column == "":
		return 0, false, nil
	case m.Type() == "Unit":
		unitID, known = m.(interface{ ID() (int, bool) }).ID()
		return unitID, known, nil
	}
	if unitID, known, err = newOwner(ctx, m); err != nil || known || !m.Op().Is(ent.OpUpdateOne) {
		return unitID, known, err
	}
	unitID, err = storedOwner(ctx, m)
	return unitID, err == nil, err
}
