package check

import (
	"context"
	"strings"

	"cchc/ent"
	"cchc/ent/account"
	"cchc/ent/hook"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apperr"
)

// AccountSubject keeps an account's subject (its name, the sub claim of its
// tokens) within its unit: a name, "@", and the official code of the
// account's unit (DISTRICT_OFFICER@298, nguyen.van.a@11098). Subjects are
// unique nationwide, so without this a duplicate's CONFLICT told a province
// officer which names other provinces use; now a subject can only collide
// with an account of the unit it names, which the writer itself reads.
func AccountSubject() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
			_, subjectSet := m.Subject()
			_, unitSet := m.UnitID()
			if !subjectSet && !unitSet {
				return next.Mutate(ctx, m)
			}
			if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
				return nil, apperr.Input("subject", "accounts change their subject or unit one at a time")
			}
			subject, err := required(ctx, m, m.Subject, m.OldSubject)
			if err != nil {
				return nil, err
			}
			unitID, err := required(ctx, m, m.UnitID, m.OldUnitID)
			if err != nil || subject == nil || unitID == nil {
				return nil, err // a create without them: ent's own checks answer
			}
			// The unit's visibility was checked by the privacy rules; its code is read past them.
			code, err := m.Client().Unit.Query().Where(unit.ID(*unitID)).Select(unit.FieldCode).String(privacy.DecisionContext(ctx, privacy.Allow))
			if ent.IsNotFound(err) {
				return nil, apperr.Input("unitID", "no unit with this ID")
			}
			if err != nil {
				return nil, err
			}
			if name, ok := strings.CutSuffix(*subject, "@"+code); !ok || name == "" {
				return nil, apperr.Input("subject", "must be a name followed by @%s, the official code of the account's unit (e.g. ANALYST@%s): an account's name is kept within its unit", code, code)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// AccountsFollowCode renames the accounts of a unit whose code changes, so
// that their subjects keep ending with the unit's code (AccountSubject),
// in the same transaction. Their tokens name the old code and subject, and
// are refused from then on, as a token naming its account's old unit would be.
func AccountsFollowCode() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.UnitFunc(func(ctx context.Context, m *ent.UnitMutation) (ent.Value, error) {
			code, ok := m.Code()
			if !ok || !m.Op().Is(ent.OpUpdateOne) {
				return next.Mutate(ctx, m) // codes are unique: a bulk update cannot set one
			}
			old, err := m.OldCode(ctx)
			if err != nil || code == old {
				return next.Mutate(ctx, m)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := m.ID()
			// Whoever writes a unit writes its accounts (docs/ACCESS.md); an operator's command has no caller.
			allow := privacy.DecisionContext(ctx, privacy.Allow)
			accounts, err := m.Client().Account.Query().Where(account.UnitID(id)).Select(account.FieldSubject).All(allow)
			if err != nil {
				return nil, err
			}
			for _, a := range accounts {
				name, _ := strings.CutSuffix(a.Subject, "@"+old) // one named before the rule keeps its whole name
				if err := m.Client().Account.UpdateOneID(a.ID).SetSubject(name + "@" + code).Exec(allow); err != nil {
					return nil, err
				}
			}
			return v, nil
		})
	}
}
