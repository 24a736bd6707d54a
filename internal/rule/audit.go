package rule

import (
	"fmt"
	"maps"
	"slices"

	"entgo.io/ent/dialect/sql"

	"cchc/internal/viewer"
)

// auditGroup is a set of record types whose audit entries a caller reads in
// the same units.
type auditGroup struct {
	types []string
	units []int
}

// auditGroups returns where v reads the audit entries of each record type:
// in units, the units where v reads audit entries at all, and only where v
// also reads that type's records, so the trail never shows the values of a
// record its reader could not see (a district officer reads its communes'
// dossier changes but only its own disciplinary actions).
func auditGroups(v *viewer.Viewer, units []int) []auditGroup {
	var groups []auditGroup
	index := map[string]int{}
	for _, typ := range slices.Sorted(maps.Keys(Records)) {
		own, err := readUnits(v, typ)
		if err != nil || typ == "AuditEntry" {
			continue
		}
		common := slices.DeleteFunc(slices.Clone(units), func(u int) bool { return !slices.Contains(own, u) })
		if len(common) == 0 {
			continue
		}
		key := fmt.Sprint(common)
		if i, ok := index[key]; ok {
			groups[i].types = append(groups[i].types, typ)
			continue
		}
		index[key] = len(groups)
		groups = append(groups, auditGroup{[]string{typ}, common})
	}
	return groups
}

// auditCondition is the condition on audit entries that v reads them (see
// auditGroups): in units, entries about the record types v reads there.
func auditCondition(v *viewer.Viewer, units []int) func(*sql.Selector) {
	groups := auditGroups(v, units)
	return func(s *sql.Selector) {
		ps := []*sql.Predicate{sql.False()}
		for _, g := range groups {
			ps = append(ps, sql.And(sql.In(s.C("record_type"), anys(g.types)...), sql.InInts(s.C("unit_id"), g.units...)))
		}
		s.Where(sql.Or(ps...))
	}
}

// anys returns the strings of ss as values of a predicate.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
