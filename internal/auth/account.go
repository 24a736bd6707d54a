package auth

import (
	"context"
	"fmt"

	"cchc/ent"
	"cchc/ent/account"
	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/viewer"
)

// EnsureAccount creates the account subject, or updates it, so that it is
// active with role at the unit with the given code. `cchc token` and the
// tests sign tokens for accounts made this way.
func EnsureAccount(ctx context.Context, client *ent.Client, subject string, role viewer.Role, unitCode string) error {
	ctx = privacy.DecisionContext(ctx, privacy.Allow) // an operator's command, not a caller's request
	u, err := client.Unit.Query().Where(unit.Code(unitCode)).Only(ctx)
	if ent.IsNotFound(err) {
		return fmt.Errorf("no unit with code %q (load the demonstration data with `cchc serve --demo`)", unitCode)
	}
	if err != nil {
		return err
	}
	id, err := client.Account.Query().Where(account.Subject(subject)).OnlyID(ctx)
	switch {
	case ent.IsNotFound(err):
		return client.Account.Create().SetSubject(subject).SetRole(role).SetUnitID(u.ID).SetActive(true).Exec(ctx)
	case err != nil:
		return err
	}
	return client.Account.UpdateOneID(id).SetRole(role).SetUnitID(u.ID).SetActive(true).Exec(ctx)
}
