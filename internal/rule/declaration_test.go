package rule_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/entc/load"
	"github.com/vektah/gqlparser/v2/ast"

	"cchc/graph"
	"cchc/internal/apperr"
	"cchc/internal/rule"
)

// TestPersonalDataIsRestricted: a field the model calls personal data (its
// comment says so) is a restricted field of its record type, read by fewer
// callers than the record: adding one without a rule fails here.
func TestPersonalDataIsRestricted(t *testing.T) {
	spec, err := (&load.Config{Path: "../../ent/schema"}).Load()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, s := range spec.Schemas {
		for _, f := range s.Fields {
			if !strings.Contains(f.Comment, "(personal data)") {
				continue
			}
			found++
			if !restricted(s.Name, f.Name) {
				t.Errorf("%s.%s is personal data without a restriction in rule.Records", s.Name, f.Name)
			}
		}
	}
	if found < 3 {
		t.Errorf("found %d fields of personal data; the officials' birth date, phone and e-mail are", found)
	}
}

func restricted(typ, column string) bool {
	for _, r := range rule.Records[typ].Restricted {
		if slices.Contains(r.Columns, column) {
			return true
		}
	}
	return false
}

// TestDeclarationsHold checks what the code that reads the declaration
// relies on: owners lead to declared records, restricted columns exist and
// sit on records that carry their owner's unit.
func TestDeclarationsHold(t *testing.T) {
	for typ, rec := range rule.Records {
		cols := rule.Columns(typ)
		if o := rec.Owner; o.Parent != "" {
			if _, ok := rule.Records[o.Parent]; !ok || rule.Records[o.Parent].Table == "" {
				t.Errorf("%s is owned through %s, which has no declaration with a table", typ, o.Parent)
			}
		}
		if cols != nil && rec.Owner.Column != "" && !slices.Contains(cols, rec.Owner.Column) {
			t.Errorf("%s: owner column %s is no column of the record", typ, rec.Owner.Column)
		}
		for _, r := range rec.Restricted {
			if rec.Owner.Parent != "" {
				t.Errorf("%s has restricted fields but is owned through %s: masking reads the owner from the row itself", typ, rec.Owner.Parent)
			}
			for _, c := range r.Columns {
				if !slices.Contains(cols, c) {
					t.Errorf("%s: restricted column %s is no column of the record", typ, c)
				}
			}
			if r.What == "" || r.Who == "" {
				t.Errorf("%s: a restriction without What and Who for docs/ACCESS.md", typ)
			}
		}
	}
}

// TestRestrictedFieldsAreNotOrderedOrGrouped: the order of rows, or the
// groups of an aggregate, would tell restricted values apart, so no
// restricted field is offered to order or group by.
func TestRestrictedFieldsAreNotOrderedOrGrouped(t *testing.T) {
	schema := graph.NewSchema(nil, "").Schema()
	for name, def := range schema.Types {
		if def.Kind != ast.Enum {
			continue
		}
		typ, ok := strings.CutSuffix(name, "OrderField")
		if !ok {
			typ, ok = strings.CutSuffix(name, "GroupField")
		}
		if !ok {
			continue
		}
		for _, v := range def.EnumValues {
			if restricted(typ, strings.ToLower(v.Name)) {
				t.Errorf("%s offers %s, a restricted field of %s", name, v.Name, typ)
			}
		}
	}
}

// TestEveryInputAndMutationIsDeclared: every where input filters a declared
// record type, and every mutation is a create, update or archive of one, or
// a declared workflow step: a mutation without a declaration fails here.
func TestEveryInputAndMutationIsDeclared(t *testing.T) {
	schema := graph.NewSchema(nil, "").Schema()
	for name := range schema.Types {
		if typ, ok := strings.CutSuffix(name, "WhereInput"); ok {
			if _, declared := rule.Records[typ]; !declared {
				t.Errorf("%s filters %s, which rule.Records does not declare", name, typ)
			}
		}
	}
	for _, f := range schema.Mutation.Fields {
		if len(rule.StepsOf(f.Name)) > 0 {
			continue
		}
		declared := false
		for _, op := range []string{"create", "update", "archive"} {
			if typ, ok := strings.CutPrefix(f.Name, op); ok {
				_, declared = rule.Records[typ]
			}
		}
		if !declared {
			t.Errorf("mutation %s is neither a write of a declared record type nor a step of rule.Steps", f.Name)
		}
	}
	for _, s := range rule.Steps {
		if schema.Mutation.Fields.ForName(s.Mutation) == nil {
			t.Errorf("rule.Steps declares %s, which is no mutation", s.Mutation)
		}
		if _, ok := rule.Records[s.Record]; !ok {
			t.Errorf("step %s moves %s, which rule.Records does not declare", s.Mutation, s.Record)
		}
	}
}

// TestEveryReferenceIsChecked: every reference a mutation's input sets
// (unitID, planID, addCollaboratorIDs …) is an edge whose target
// DenyInvisibleReferences checks; one it did not know would link a record
// to another the caller cannot see.
func TestEveryReferenceIsChecked(t *testing.T) {
	schema := graph.NewSchema(nil, "").Schema()
	ref := regexp.MustCompile(`^(?:add|remove)?([a-zA-Z]+?)IDs?$`)
	for _, m := range schema.Mutation.Fields {
		in := m.Arguments.ForName("input")
		if in == nil {
			continue
		}
		for _, f := range schema.Types[in.Type.Name()].Fields {
			match := ref.FindStringSubmatch(f.Name)
			if match == nil {
				continue
			}
			edge := snake(match[1])
			_, one := rule.Targets(edge)
			_, many := rule.Targets(edge + "s")
			if !one && !many {
				t.Errorf("%s sets %s (edge %s), which rule's targets do not check", m.Name, f.Name, edge)
			}
		}
	}
}

// snake turns mergedInto into merged_into.
func snake(s string) string { return strings.ReplaceAll(apperr.Words(s), " ", "_") }
