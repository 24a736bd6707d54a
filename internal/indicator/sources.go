package indicator

import (
	"slices"
	"strings"

	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Sources declares the record types (rule.Access names) each figure is
// computed from, by the figure's path: its GraphQL path, its key in a report
// (ReportFigure.key) and in a report's snapshot, its column in a download.
// The longest declared prefix of a path decides. The report's civil-service
// counts are computed in internal/report but declared here, so that one
// table says where every figure comes from.
var Sources = map[string][]string{
	"dossiers":              {"Dossier"}, // through the monthly tally, DossierMonth
	"staffing":              {"Official"},
	"staffing.quota":        {"StaffingQuota"},
	"plans":                 {"ReformPlan"},
	"plans.tasksDue":        {"Task"},
	"plans.tasksDoneOnTime": {"Task"},
	"plans.tasksDoneLate":   {"Task"},
	"plans.tasksOverdue":    {"Task"},
	"plans.tasksOpen":       {"Task"},
	"feedback":              {"Feedback"},
	"budget":                {"Budget", "BudgetLine"},
	// Kỷ luật / disciplinary actions are personal data of officials: the
	// access table keeps them to the official's own unit and the province.
	"civilService.trainings":           {"Training"},
	"civilService.trainees":            {"Training"},
	"civilService.disciplinaryActions": {"DisciplinaryAction"},
}

// FindingSources declares the record types each finding, by its code, is
// computed from.
var FindingSources = map[string][]string{
	"DOSSIER_TOTALS_MISMATCH":   {"Dossier"},
	"DOSSIERS_OTHER_CLOSED":     {"Dossier"},
	"DOSSIERS_WITHOUT_DUE_DATE": {"Dossier"},
	"REPORT_DENIES_OVERDUE":     {"Dossier", "Report"},
	"CAN_BO_OVER_QUOTA":         {"Official", "StaffingQuota"},
	"CONG_CHUC_OVER_QUOTA":      {"Official", "StaffingQuota"},
	"NO_STAFFING_QUOTA":         {"Official", "StaffingQuota"},
	"TASKS_OVERDUE":             {"Task"},
}

// SourcesOf returns the record types the figure at path is computed from;
// nil when nothing declares it.
func SourcesOf(path string) []string {
	for p := path; ; {
		if s, ok := Sources[p]; ok {
			return s
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return nil
		}
		p = p[:i]
	}
}

// Restricted tells whether records of type typ are restricted: the access
// table lets some role read them for its own unit only (personal data such
// as disciplinary actions). Figures from other records are shown to whoever
// reads the unit's indicators (rule.Access "Indicator"), scoring services
// included, as the table says; figures from restricted records only to
// those who read the records themselves.
func Restricted(typ string) bool {
	for _, r := range viewer.Roles {
		if rule.PermissionOf(&viewer.Viewer{Role: r}, typ).Read == rule.Own {
			return true
		}
	}
	return false
}

// Gate decides which figures a caller is shown: a figure of unit U computed
// from restricted records of type T only when the caller may read T's
// records of every unit the figure counts (U and the units under it), by
// rule.ReadableUnits. A figure declared nowhere is withheld.
// A gate is only read once made: fields resolving at once may share it.
type Gate struct {
	subtree  func(unit int) []int
	readable map[string][]int // restricted type → units readable; nil when none
}

// NewGate returns the gate of v; subtree gives the units a unit's figures count.
func NewGate(v *viewer.Viewer, subtree func(unit int) []int) *Gate {
	g := &Gate{subtree: subtree, readable: map[string][]int{}}
	for _, src := range sourceLists() {
		for _, typ := range src {
			if _, done := g.readable[typ]; !done && Restricted(typ) {
				g.readable[typ], _ = rule.ReadableUnits(v, typ) // an error: the role reads none
			}
		}
	}
	return g
}

// sourceLists are the declared sources of every figure and finding.
func sourceLists() [][]string {
	var out [][]string
	for _, s := range Sources {
		out = append(out, s)
	}
	for _, s := range FindingSources {
		out = append(out, s)
	}
	return out
}

// Shows tells whether the figure at path of unit is shown.
func (g *Gate) Shows(unit int, path string) bool {
	src := SourcesOf(path)
	return src != nil && g.reads(unit, src)
}

// ShowsFinding tells whether the finding with the given code is shown.
func (g *Gate) ShowsFinding(unit int, code string) bool {
	src, ok := FindingSources[code]
	return ok && g.reads(unit, src)
}

// Findings returns those of list the caller is shown.
func (g *Gate) Findings(unit int, list []Finding) []Finding {
	out := make([]Finding, 0, len(list))
	for _, f := range list {
		if g.ShowsFinding(unit, f.Code) {
			out = append(out, f)
		}
	}
	return out
}

// reads tells whether the caller reads every restricted type of src for
// every unit counted in unit's figures.
func (g *Gate) reads(unit int, src []string) bool {
	for _, typ := range src {
		if !Restricted(typ) {
			continue
		}
		units := g.readable[typ]
		if !slices.Contains(units, unit) { // the cheap refusal first: no subtree needed
			return false
		}
		for _, u := range g.subtree(unit) {
			if !slices.Contains(units, u) {
				return false
			}
		}
	}
	return true
}
