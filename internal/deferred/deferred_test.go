package deferred

import (
	"context"
	"testing"
)

// TestContext: only a context made by Context, or derived from one, allows waiting.
func TestContext(t *testing.T) {
	ctx := context.Background()
	if Allowed(ctx) {
		t.Error("a plain context allows waiting")
	}
	d, cancel := context.WithCancel(Context(ctx))
	defer cancel()
	if !Allowed(d) {
		t.Error("a context derived from Context does not allow waiting")
	}
}

func TestBegin(t *testing.T) {
	ctx := context.Background()
	if lazy, single := BeginMode(ctx); lazy || single {
		t.Error("a plain context puts off its BEGIN")
	}
	if lazy, single := BeginMode(Begin(ctx, false)); !lazy || single {
		t.Errorf("Begin(false): lazy %v, single %v", lazy, single)
	}
	if lazy, single := BeginMode(Begin(ctx, true)); !lazy || !single {
		t.Errorf("Begin(true): lazy %v, single %v", lazy, single)
	}
	if IsAlone(ctx) || !IsAlone(Alone(ctx)) {
		t.Error("Alone is not told apart")
	}
}
