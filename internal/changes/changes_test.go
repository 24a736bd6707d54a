package changes_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/changes"
)

func TestWatched(t *testing.T) {
	var w changes.Watched
	gen, live := w.Current()
	if live || w.Fresh(gen) {
		t.Fatal("a new Watched is not live: nothing read may be kept")
	}
	w.SetLive(true)
	if w.Fresh(gen) {
		t.Fatal("what was read before the watch went live is stale")
	}
	gen, _ = w.Current()
	if !w.Fresh(gen) {
		t.Fatal("what is read while live and unchanged is fresh")
	}
	w.Changed()
	if w.Fresh(gen) {
		t.Fatal("a change makes what was read stale")
	}
	gen, _ = w.Current()
	w.SetLive(false)
	if _, live := w.Current(); live || w.Fresh(gen) {
		t.Fatal("a watch that stops listening keeps nothing")
	}
	var none *changes.Watched
	if _, live := none.Current(); live {
		t.Fatal("no Watched is never live")
	}
}

// TestHook: a write through the client makes what was read stale at once,
// and again when its transaction commits or rolls back, so that nothing read
// inside the transaction is kept past it.
func TestHook(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, false)
	var w changes.Watched
	w.SetLive(true)
	env.DB.Client.Procedure.Use(w.Hook())
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)

	for _, commit := range []bool{true, false} {
		tx, err := env.DB.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := w.Current()
		code := "1.00000" + map[bool]string{true: "1", false: "2"}[commit]
		if _, err := tx.Procedure.Create().SetCode(code).SetName("Thủ tục").SetField("Thử").SetProcessingDays(1).Save(ctx); err != nil {
			t.Fatal(err)
		}
		if w.Fresh(before) {
			t.Fatal("what was read before a write is stale once it is made")
		}
		inside, _ := w.Current()
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		if w.Fresh(inside) {
			t.Fatalf("what was read inside the transaction is kept past its end (commit %v)", commit)
		}
	}
}
