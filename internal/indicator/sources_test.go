package indicator

import (
	"reflect"
	"strings"
	"testing"

	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// TestSourcesAreRecordTypes: every declared source is a record type of the
// access table; a misspelt one would be treated as unrestricted.
func TestSourcesAreRecordTypes(t *testing.T) {
	for _, src := range sourceLists() {
		if len(src) == 0 {
			t.Errorf("a figure declared with no source")
		}
		for _, typ := range src {
			read := false
			for _, r := range viewer.Roles {
				read = read || rule.PermissionOf(&viewer.Viewer{Role: r}, typ).Read != rule.None
			}
			if !read {
				t.Errorf("source %q: no record type of the access table", typ)
			}
		}
	}
}

// TestRestricted: disciplinary actions are restricted, as the access table
// keeps them to their own unit for district officers and analysts; dossiers
// are not, though scoring services read none, since figures are theirs.
func TestRestricted(t *testing.T) {
	for typ, want := range map[string]bool{"DisciplinaryAction": true, "Dossier": false, "Official": false, "Training": false} {
		if Restricted(typ) != want {
			t.Errorf("Restricted(%s) = %v", typ, !want)
		}
	}
}

// TestIndicatorsAreUnrestricted: the indicators type has a non-null field
// for every group of figures, so no group may come from restricted records:
// it could not be left out. Each group's fields are declared.
func TestIndicatorsAreUnrestricted(t *testing.T) {
	groups := reflect.TypeFor[Indicators]()
	for i := range groups.NumField() {
		f := groups.Field(i)
		if f.Type.Kind() != reflect.Struct || f.Name == "Period" {
			continue
		}
		group := strings.ToLower(f.Name[:1]) + f.Name[1:]
		for j := range f.Type.NumField() {
			g := f.Type.Field(j)
			path := group + "." + strings.ToLower(g.Name[:1]) + g.Name[1:]
			src := SourcesOf(path)
			if src == nil {
				t.Errorf("%s: no sources declared", path)
			}
			for _, typ := range src {
				if Restricted(typ) {
					t.Errorf("%s: computed from restricted %s, which the indicators cannot leave out", path, typ)
				}
			}
		}
	}
}

// TestFindingsAreDeclared: every finding the figures can give has sources.
func TestFindingsAreDeclared(t *testing.T) {
	in := &Indicators{
		Dossiers: DossierFigures{Total: 9, OtherClosed: 1, ResolvedWithoutDueDate: 1, Late: 1},
		Staffing: StaffingFigures{Quota: &QuotaFigures{}, Serving: CategoryCounts{CanBo: 1, CongChuc: 1}},
		Plans:    PlanFigures{TasksOverdue: 1},
	}
	got := findings(in, "Không có hồ sơ quá hạn")
	in.Staffing.Quota = nil
	got = append(got, findings(in, "")...)
	seen := map[string]bool{}
	for _, f := range got {
		seen[f.Code] = true
		if _, ok := FindingSources[f.Code]; !ok {
			t.Errorf("finding %s: no sources declared", f.Code)
		}
	}
	for code := range FindingSources {
		if !seen[code] {
			t.Errorf("finding %s declared but never given", code)
		}
	}
}

// TestGate: a district officer is not shown a commune's disciplinary
// actions, nor its own district's (which count the communes'); the commune's
// officer and the province's are.
func TestGate(t *testing.T) {
	const province, district, commune, other = 1, 2, 3, 4
	subtree := func(u int) []int {
		return map[int][]int{province: {1, 2, 3, 4}, district: {2, 3}, commune: {3}, other: {4}}[u]
	}
	for _, c := range []struct {
		v            *viewer.Viewer
		unit         int
		dossiers, da bool
	}{
		{&viewer.Viewer{Role: viewer.DistrictOfficer, UnitID: district, Scope: []int{2, 3}}, commune, true, false},
		{&viewer.Viewer{Role: viewer.DistrictOfficer, UnitID: district, Scope: []int{2, 3}}, district, true, false},
		{&viewer.Viewer{Role: viewer.Analyst, UnitID: district, Scope: []int{2, 3}}, commune, true, false},
		{&viewer.Viewer{Role: viewer.CommuneOfficer, UnitID: commune, Scope: []int{3}}, commune, true, true},
		{&viewer.Viewer{Role: viewer.ProvinceOfficer, UnitID: province, Scope: []int{1, 2, 3, 4}}, commune, true, true},
		{&viewer.Viewer{Role: viewer.ProvinceOfficer, UnitID: province, Scope: []int{1, 2, 3, 4}}, district, true, true},
		{&viewer.Viewer{Role: viewer.ScoringService, UnitID: province, Scope: []int{1, 2, 3, 4}}, commune, true, false},
		{nil, commune, true, false},
	} {
		g := NewGate(c.v, subtree)
		if g.Shows(c.unit, "dossiers.total") != c.dossiers || g.Shows(c.unit, "civilService.disciplinaryActions") != c.da {
			t.Errorf("%+v, unit %d: dossiers %v, discipline %v", c.v, c.unit, g.Shows(c.unit, "dossiers.total"), g.Shows(c.unit, "civilService.disciplinaryActions"))
		}
		if g.Shows(c.unit, "nothing.declared") {
			t.Errorf("a figure declared nowhere is shown")
		}
	}
}
