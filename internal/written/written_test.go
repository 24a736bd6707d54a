package written_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
	"cchc/internal/written"
)

// TestKept: a row is kept once its transaction commits, not when it rolls
// back, and given only at its version to a caller who may read it.
func TestKept(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	ctx := context.Background()
	d, err := env.DB.Client.Dossier.Query().Where(dossier.StatusEQ(dossier.StatusRECEIVED)).First(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		t.Fatal(err)
	}
	officer := viewer.NewContext(ctx, &viewer.Viewer{Subject: "test", Role: viewer.CommuneOfficer, UnitID: d.UnitID, Scope: []int{d.UnitID}})
	other := viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.CommuneOfficer, UnitID: d.UnitID + 1, Scope: []int{d.UnitID + 1}})
	var c written.Dossiers
	update := func(version int, commit bool) *ent.Dossier {
		t.Helper()
		tx, err := env.DB.Client.Tx(officer)
		if err != nil {
			t.Fatal(err)
		}
		txCtx := ent.NewTxContext(officer, tx)
		status := dossier.StatusIN_PROGRESS
		got, err := c.Update(txCtx, tx.Client(), d.ID, version, ent.UpdateDossierInput{Status: &status})
		if err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	update(d.Version, false)
	if _, ok := written.Kept(&c, officer, d.ID, d.Version+1); ok {
		t.Fatal("a row written by a transaction rolled back is kept")
	}
	got := update(d.Version, true)
	if _, ok := written.Kept(&c, officer, d.ID, got.Version); !ok {
		t.Fatal("a row written by a committed transaction is not kept")
	}
	if _, ok := written.Kept(&c, officer, d.ID, got.Version-1); ok {
		t.Fatal("a row is given at a version other than its own")
	}
	if _, ok := written.Kept(&c, other, d.ID, got.Version); ok {
		t.Fatal("a row is given to a caller who may not read it")
	}
	if _, ok := written.Kept(&c, ctx, d.ID, got.Version); ok {
		t.Fatal("a row is given to no caller")
	}
}
