package rule

import (
	"fmt"
	"maps"
	"slices"

	"entgo.io/ent/entql"

	"cchc/ent/auditentry"
	"cchc/ent/predicate"
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
	for _, typ := range slices.Sorted(maps.Keys(Access)) {
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

// auditFilter is the privacy filter of audit entries (see auditGroups).
func auditFilter(v *viewer.Viewer, units []int) entql.P {
	ps := []entql.P{entql.FieldNil("id")} // matches nothing, when no group does
	for _, g := range auditGroups(v, units) {
		types := make([]any, len(g.types))
		for i, t := range g.types {
			types[i] = t
		}
		ps = append(ps, entql.And(entql.FieldIn("record_type", types...), in("unit_id", g.units)))
	}
	if len(ps) == 1 {
		return ps[0]
	}
	return entql.Or(ps[0], ps[1], ps[2:]...)
}

// auditPredicates are auditFilter in the typed form of where inputs.
func auditPredicates(v *viewer.Viewer, units []int) []predicate.AuditEntry {
	ps := []predicate.AuditEntry{auditentry.UnitIDIn()}
	for _, g := range auditGroups(v, units) {
		ps = append(ps, auditentry.And(auditentry.RecordTypeIn(g.types...), auditentry.UnitIDIn(g.units...)))
	}
	return ps
}
