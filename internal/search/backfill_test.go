package search_test

import (
	"context"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/search"
	"cchc/internal/viewer"
)

// TestBackfill: the text Backfill computes from the columns is the text the
// hook wrote through ent (the demonstration data), and Backfill restores it
// in rows that lost it, after which the search finds them again.
func TestBackfill(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		ctx := context.Background()
		rebind := env.DB.Rebind
		if err := search.Check(ctx, env.DB.SQL, rebind); err != nil {
			t.Fatalf("the hook and Backfill disagree: %v", err)
		}
		for _, table := range []string{"units", "officials", "reform_plans", "tasks", "procedures", "dossiers"} {
			if _, err := env.DB.SQL.Exec("UPDATE " + table + " SET search_text = NULL"); err != nil {
				t.Fatal(err)
			}
		}
		if err := search.Check(ctx, env.DB.SQL, rebind); err == nil {
			t.Fatal("Check finds nothing wrong in rows without their text")
		}
		tx, err := env.DB.SQL.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := search.Backfill(ctx, tx, rebind); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := search.Check(ctx, env.DB.SQL, rebind); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Units struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), `{ units(search: "tai son") { edges { node { code } } } }`, nil, &got)
		if len(got.Units.Edges) != 1 || got.Units.Edges[0].Node.Code != "11098" {
			t.Errorf("after Backfill, tai son finds %+v", got)
		}
	})
}
