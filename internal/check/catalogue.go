package check

import (
	"context"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/hook"
	"cchc/ent/predicate"
	"cchc/ent/provinceprocedure"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/archive"
)

// The national catalogue of procedures (Procedure) is the same for every
// province; each province publishes the list of those that apply there
// (ProvinceProcedure), and a dossier names only a procedure that the
// province of its unit lists. So what one province does to its list changes
// nothing for another province's units.

// ownedByUnit is the mutation of a record that belongs to a unit.
type ownedByUnit interface {
	ent.Mutation
	UnitID() (int, bool)
	Client() *ent.Client
}

// ProvinceOnly keeps a record with a province: the record, such as a
// province's list of procedures, is the province's, and given to a district
// or commune it would be that unit's own. Checked whenever a write sets the
// record's unit, whoever writes.
func ProvinceOnly() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if o, ok := m.(ownedByUnit); ok {
				if err := provinceUnit(ctx, o, "a province's list of procedures"); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// provinceUnit fails, naming unitID, when m sets its record's unit to one
// that is not a province; what names the record in the message.
func provinceUnit(ctx context.Context, m ownedByUnit, what string) error {
	id, ok := m.UnitID()
	if !ok {
		return nil
	}
	// Whether the caller may see the unit is the privacy rules' concern.
	u, err := m.Client().Unit.Query().Where(unit.ID(id)).Only(archive.Include(unrestricted(ctx)))
	if ent.IsNotFound(err) {
		return apperr.Input("unitID", "no unit with this ID")
	}
	if err != nil {
		return err
	}
	if u.Level != unit.LevelPROVINCE {
		return apperr.Input("unitID", "%s belongs to a province, and %s is a %s", what, u.Name, u.Level)
	}
	return nil
}

// NotListed is the answer to a dossier naming a procedure that the province
// of its unit does not list: the same whether the procedure is listed by
// another province or by none, so that no answer tells another province's list.
const NotListed = "the procedure is not in the province's list (provinceProcedures) of the dossier's unit"

// DossierProcedureListed lets a dossier name only a procedure that the
// province of its unit lists (a ProvinceProcedure not archived, of the
// province at or above the unit). Checked on create and whenever an update
// changes the dossier's procedure or unit, whoever writes; dossiers already
// stored keep their procedure when the province later archives the entry.
func DossierProcedureListed() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.DossierFunc(func(ctx context.Context, m *ent.DossierMutation) (ent.Value, error) {
			newProc, procSet := m.ProcedureID()
			newUnit, unitSet := m.UnitID()
			switch {
			case !procSet && !unitSet:
			case m.Op().Is(ent.OpUpdate):
				// The server's own moves of many dossiers (a merger):
				// each pair of unit and procedure they leave is checked.
				ids, err := m.IDs(ctx)
				if err != nil || len(ids) == 0 {
					return nil, err
				}
				rows, err := m.Client().Dossier.Query().Where(dossier.IDIn(ids...)).
					Select(dossier.FieldUnitID, dossier.FieldProcedureID).All(archive.Include(unrestricted(ctx)))
				if err != nil {
					return nil, err
				}
				seen := map[[2]int]bool{}
				for _, d := range rows {
					u, p := d.UnitID, d.ProcedureID
					if unitSet {
						u = newUnit
					}
					if procSet {
						p = newProc
					}
					if !seen[[2]int{u, p}] {
						seen[[2]int{u, p}] = true
						if err := listed(ctx, m.Client(), u, p); err != nil {
							return nil, err
						}
					}
				}
			default:
				proc, err := required(ctx, m, m.ProcedureID, m.OldProcedureID)
				if err != nil {
					return nil, err
				}
				u, err := required(ctx, m, m.UnitID, m.OldUnitID)
				if err != nil {
					return nil, err
				}
				if proc != nil && u != nil {
					if err := listed(ctx, m.Client(), *u, *proc); err != nil {
						return nil, err
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// listed fails, naming procedureID, unless the province at or above unit u
// lists procedure proc.
func listed(ctx context.Context, c *ent.Client, u, proc int) error {
	ok, err := c.ProvinceProcedure.Query().Where(provinceprocedure.ProcedureID(proc), listedFor(u)).Exist(unrestricted(ctx))
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Input("procedureID", NotListed)
	}
	return nil
}

// ListedFor returns the procedures that the province at or above unit u
// lists: those its dossiers may name (for imports that check before they
// write).
func ListedFor(ctx context.Context, c *ent.Client, u int) (map[int]bool, error) {
	ids, err := c.ProvinceProcedure.Query().Where(listedFor(u)).
		Select(provinceprocedure.FieldProcedureID).Ints(unrestricted(ctx))
	if err != nil {
		return nil, err
	}
	listed := make(map[int]bool, len(ids))
	for _, id := range ids {
		listed[id] = true
	}
	return listed, nil
}

// listedFor is the predicate of the entries, not archived, of the province
// at or above unit u. A unit sits at most two levels below its province
// (commune, district, province), so one statement finds the province.
func listedFor(u int) predicate.ProvinceProcedure {
	return provinceprocedure.And(
		provinceprocedure.ArchivedAtIsNil(),
		provinceprocedure.HasUnitWith(unit.LevelEQ(unit.LevelPROVINCE), unit.Or(
			unit.ID(u),
			unit.HasChildrenWith(unit.ID(u)),
			unit.HasChildrenWith(unit.HasChildrenWith(unit.ID(u))),
		)),
	)
}
