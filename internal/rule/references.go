package rule

import (
	"context"
	"slices"

	"cchc/ent"
	"cchc/ent/budget"
	"cchc/ent/criterion"
	"cchc/ent/dossier"
	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/ent/procedure"
	"cchc/ent/reformplan"
	"cchc/ent/scoringframework"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// counters count, per record type, how many of ids the caller can see. They
// ask m for its client only when they query: m.Client() builds a client
// anew each time.
var counters = map[string]func(ctx context.Context, m mutation, ids []int) (int, error){
	"unit": func(ctx context.Context, m mutation, ids []int) (int, error) {
		// The units the caller sees are known without asking: they were read
		// with the caller, who is forgotten when units change (auth's cache).
		if v := viewer.FromContext(ctx); v != nil {
			if seen, err := readUnits(v, "Unit"); err == nil && allIn(ids, seen) {
				return len(ids), nil
			}
		}
		return m.Client().Unit.Query().Where(unit.IDIn(ids...)).Count(ctx)
	},
	"procedure": func(ctx context.Context, m mutation, ids []int) (int, error) {
		// Every role that reads procedures reads all of them: the catalogue
		// kept for the server answers for anyone who reads them at all.
		cat := catalogueFrom(ctx)
		if v := viewer.FromContext(ctx); v == nil || PermissionOf(v, "Procedure").Read == None {
			cat = nil
		}
		if cat.known(ids) {
			return len(ids), nil
		}
		gen := cat.generation()
		n, err := m.Client().Procedure.Query().Where(procedure.IDIn(ids...)).Count(ctx)
		if err == nil && n == len(ids) {
			cat.add(gen, ids)
		}
		return n, err
	},
	"reform plan": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().ReformPlan.Query().Where(reformplan.IDIn(ids...)).Count(ctx)
	},
	"official": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().Official.Query().Where(official.IDIn(ids...)).Count(ctx)
	},
	"budget": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().Budget.Query().Where(budget.IDIn(ids...)).Count(ctx)
	},
	"dossier": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().Dossier.Query().Where(dossier.IDIn(ids...)).Count(ctx)
	},
	"scoring framework": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().ScoringFramework.Query().Where(scoringframework.IDIn(ids...)).Count(ctx)
	},
	"criterion": func(ctx context.Context, m mutation, ids []int) (int, error) {
		return m.Client().Criterion.Query().Where(criterion.IDIn(ids...)).Count(ctx)
	},
}

// targets maps every edge a client may set, by name, to the record type it
// points to. Edge names mean the same wherever they occur.
var targets = map[string]string{
	"unit": "unit", "parent": "unit", "merged_into": "unit",
	"procedure": "procedure",
	"plan":      "reform plan", "parent_plan": "reform plan",
	"lead": "official", "collaborators": "official", "official": "official",
	"budget":    "budget",
	"dossier":   "dossier",
	"framework": "scoring framework", "parent_criterion": "criterion",
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
			noun, ok := targets[edge]
			if !ok {
				continue // edges the API does not let clients set
			}
			var ids []int
			for _, v := range m.AddedIDs(edge) {
				ids = append(ids, v.(int))
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			n, err := counters[noun](ctx, mm, ids)
			if err != nil {
				return err
			}
			if n != len(ids) {
				return apperr.Input(apperr.EdgeInput(edge), "no %s with this ID", noun)
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
