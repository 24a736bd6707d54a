package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestProductLinksNoTools keeps the tools out of the production binary
// (issue 17): cchc must not link the benchmarks, the load test (which runs
// `npm ci` and deletes audit entries by SQL) or a test harness; they belong
// to cmd/cchc-bench and the tests.
func TestProductLinksNoTools(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "cchc/cmd/cchc").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "cchc/internal/server") {
		t.Fatalf("go list -deps names no cchc/internal/server: not the product's dependencies?\n%s", out)
	}
	for _, d := range deps {
		for _, tool := range []string{"cchc/internal/bench", "cchc/internal/loadtest", "cchc/internal/apitest", "cchc/internal/pgtest", "cchc/internal/faults", "cchc/internal/harness"} {
			if d == tool || strings.HasPrefix(d, tool+"/") {
				t.Errorf("cchc links %s", d)
			}
		}
	}
}
