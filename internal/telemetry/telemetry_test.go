package telemetry

import (
	"fmt"
	"testing"
)

// TestOperationNamesBounded: past the first MaxOperations names, new names
// count as "other", and the names seen before keep their own label.
func TestOperationNamesBounded(t *testing.T) {
	var n names
	n.max = MaxOperations
	for i := range MaxOperations {
		if got := n.label(fmt.Sprint("Op", i)); got != fmt.Sprint("Op", i) {
			t.Fatalf("name %d labelled %q", i, got)
		}
	}
	if got := n.label("OneTooMany"); got != "other" {
		t.Errorf("name %d labelled %q, want other", MaxOperations+1, got)
	}
	if got := n.label("Op7"); got != "Op7" {
		t.Errorf("a name seen before labelled %q", got)
	}
	if len(n.seen) != MaxOperations {
		t.Errorf("%d names kept", len(n.seen))
	}
}
