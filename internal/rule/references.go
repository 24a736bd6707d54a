package rule

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/privacy"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// targets maps every edge a client may set, by name, to the record type it
// points to (Records). Edge names mean the same wherever they occur; a test
// checks that every reference of the mutation inputs is here.
var targets = map[string]string{
	"unit": "Unit", "parent": "Unit", "merged_into": "Unit",
	"procedure": "Procedure",
	"plan":      "ReformPlan", "parent_plan": "ReformPlan",
	"lead": "Official", "collaborators": "Official", "official": "Official",
	"budget":    "Budget",
	"dossier":   "Dossier",
	"framework": "ScoringFramework", "parent_criterion": "Criterion",
}

// Targets returns the record type an edge a client may set points to.
func Targets(edge string) (string, bool) {
	typ, ok := targets[edge]
	return typ, ok
}

// visible counts how many of ids, records of type typ, the caller can see.
// Units and procedures are mostly known without asking.
func visible(ctx context.Context, m mutation, typ string, ids []int) (int, error) {
	v := viewer.FromContext(ctx)
	switch typ {
	case "Unit":
		// The units the caller sees were read with the caller, who is
		// forgotten when units change (auth's cache).
		if v != nil {
			if seen, err := readUnits(v, "Unit"); err == nil && allIn(ids, seen) {
				return len(ids), nil
			}
		}
	case "Procedure":
		// Every role that reads procedures reads all of them: the catalogue
		// kept for the server answers for anyone who reads them at all.
		cat := catalogueFrom(ctx)
		if v == nil || PermissionOf(v, "Procedure").Read == None {
			cat = nil
		}
		if cat.known(ids) {
			return len(ids), nil
		}
		gen := cat.generation()
		n, err := count(ctx, m, typ, ids)
		if err == nil && n == len(ids) {
			cat.add(gen, ids)
		}
		return n, err
	}
	return count(ctx, m, typ, ids)
}

// count counts the records of type typ among ids that ctx reads, through
// the privacy rules. It asks m for its client only here: m.Client() builds
// a client anew each time.
func count(ctx context.Context, m mutation, typ string, ids []int) (int, error) {
	q := byID(m.Client(), typ, ids...)
	out := q.MethodByName("Count").Call([]reflect.Value{reflect.ValueOf(ctx)})
	if err, _ := out[1].Interface().(error); err != nil {
		return 0, fmt.Errorf("count %s: %w", typ, err)
	}
	return int(out[0].Int()), nil
}

// byID is a query of the client for the records of type typ among ids.
func byID(c *ent.Client, typ string, ids ...int) reflect.Value {
	q := reflect.ValueOf(c).Elem().FieldByName(typ).MethodByName("Query").Call(nil)[0]
	addPredicate(q.Interface(), "Where", func(s *sql.Selector) { s.Where(sql.InInts(s.C("id"), ids...)) })
	return q
}

// mutation is what every generated ent mutation offers.
type mutation interface {
	ent.Mutation
	Client() *ent.Client
}

// DenyInvisibleReferences refuses a write that links a record to another
// that does not exist or that the caller cannot see. Both answer the same
// BAD_USER_INPUT naming the input field, so a write cannot probe for records
// outside the caller's scope.
func DenyInvisibleReferences() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		mm, ok := m.(mutation)
		if !ok {
			return forbidden("unsupported mutation %T", m)
		}
		for _, edge := range m.AddedEdges() {
			typ, ok := targets[edge]
			if !ok {
				continue // edges the API does not let clients set (a test keeps it so)
			}
			var ids []int
			for _, v := range m.AddedIDs(edge) {
				ids = append(ids, v.(int))
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			n, err := visible(ctx, mm, typ, ids)
			if err != nil {
				return err
			}
			if n != len(ids) {
				return apperr.Input(apperr.EdgeInput(edge), "no %s with this ID", apperr.Words(typ))
			}
		}
		return privacy.Skip
	})
}

// allIn says whether every one of ids is in set.
func allIn(ids, set []int) bool {
	for _, id := range ids {
		if !slices.Contains(set, id) {
			return false
		}
	}
	return true
}
