package rule_test

import (
	"testing"

	"entgo.io/ent/entc/load"

	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// TestEveryRecordHasAPolicyAndARow is default deny at the model: a record
// type added to ent/schema without the access policy (mixin.Scoped or
// mixin.Unaudited), or without a declaration in Records for every role, fails here.
func TestEveryRecordHasAPolicyAndARow(t *testing.T) {
	spec, err := (&load.Config{Path: "../../ent/schema"}).Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Schemas) < 10 {
		t.Fatalf("loaded only %d schemas", len(spec.Schemas))
	}
	for _, s := range spec.Schemas {
		if len(s.Policy) == 0 {
			t.Errorf("%s has no privacy policy: add mixin.Scoped", s.Name)
		}
		rec, ok := rule.Records[s.Name]
		if !ok {
			t.Errorf("%s has no declaration in rule.Records", s.Name)
			continue
		}
		for _, r := range viewer.Roles {
			if _, ok := rec.Access[r]; !ok {
				t.Errorf("rule.Records[%s] says nothing of %s", s.Name, r)
			}
		}
	}
}
