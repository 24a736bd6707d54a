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
