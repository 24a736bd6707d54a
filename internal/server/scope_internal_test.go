package server

import (
	"strings"
	"testing"

	"cchc/graph"
)

// TestEveryWhereInputIsScoped: a where input of the schema that
// scopeEagerWhere does not scope would let a nested edge's has…With read
// past the caller's scope.
func TestEveryWhereInputIsScoped(t *testing.T) {
	scoped := map[string]bool{}
	for _, in := range scopedWhereInputs {
		scoped[in.name] = true
	}
	n := 0
	for name := range graph.NewSchema(nil, "").Schema().Types {
		if strings.HasSuffix(name, "WhereInput") {
			n++
			if !scoped[name] {
				t.Errorf("%s is not in scopedWhereInputs (scope.go)", name)
			}
		}
	}
	if n != len(scopedWhereInputs) {
		t.Errorf("the schema has %d where inputs, scopedWhereInputs %d", n, len(scopedWhereInputs))
	}
}
