package rule

import (
	"fmt"
	"slices"
	"strings"

	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// Actor is who takes a workflow step, relative to the unit that owns the
// record it moves.
type Actor int

// The actors of workflow steps.
const (
	// Writers: whoever writes the record (Records), as for an update.
	Writers Actor = iota
	// OwnOfficers: the officers of the record's own unit, of the role of its
	// level (commune officers of a commune, district officers of a district).
	OwnOfficers
	// UnitAbove: the officers of the unit directly above the record's unit,
	// of the role of that unit's level.
	UnitAbove
	// Reviewers: district and province officers whose subtree holds the
	// record's unit, but not the unit's own officers.
	Reviewers
	// FrameworkProvince: the province officers of the province whose
	// framework the record is assessed against.
	FrameworkProvince
)

// Who describes an actor for docs/ACCESS.md.
func (a Actor) Who() string {
	return [...]string{
		"whoever writes the record",
		"the officers of the record's own unit",
		"the officers of the unit directly above (the district for a commune, the province for a district)",
		"district and province officers whose subtree holds the unit, never the unit itself",
		"the province officers of the framework's province",
	}[a]
}

// Step is a move of a workflow: a mutation, the record type it moves, who
// takes it and the statuses it starts from. Who may take it depends on the
// record's status and unit, which the access table alone cannot say.
type Step struct {
	Mutation string
	Record   string
	By       Actor
	From     []string
}

// Steps are every workflow step of the product; every mutation that is not
// a create, update or archive of a declared record type is one of them (a
// test checks it). The workflows check the caller with Takes.
var Steps = []Step{
	{"submitReport", "Report", Writers, []string{"DRAFT", "RETURNED"}},
	{"acceptReport", "Report", Reviewers, []string{"SUBMITTED"}},
	{"returnReport", "Report", Reviewers, []string{"SUBMITTED"}},

	{"setCriterionRule", "Criterion", Writers, []string{"DRAFT"}},
	{"copyScoringFramework", "ScoringFramework", Writers, nil},
	{"publishScoringFramework", "ScoringFramework", Writers, []string{"DRAFT"}},

	{"startAssessment", "Assessment", OwnOfficers, nil},
	{"scoreCriterion", "Assessment", OwnOfficers, []string{"DRAFT", "RETURNED"}},
	{"addEvidence", "Assessment", OwnOfficers, []string{"DRAFT", "RETURNED"}},
	{"submitSelfAssessment", "Assessment", OwnOfficers, []string{"DRAFT", "RETURNED"}},
	{"appraiseCriterion", "Assessment", UnitAbove, []string{"SELF_ASSESSED"}},
	{"completeAppraisal", "Assessment", UnitAbove, []string{"SELF_ASSESSED"}},
	{"returnAssessment", "Assessment", UnitAbove, []string{"SELF_ASSESSED"}},
	{"returnAssessment", "Assessment", FrameworkProvince, []string{"APPRAISED"}},
	{"setFinalScore", "Assessment", FrameworkProvince, []string{"APPRAISED"}},
	{"approveAssessment", "Assessment", FrameworkProvince, []string{"APPRAISED"}},
}

// StepsOf returns the declared steps of a mutation.
func StepsOf(mutation string) []Step {
	var out []Step
	for _, s := range Steps {
		if s.Mutation == mutation {
			out = append(out, s)
		}
	}
	return out
}

// Place is where a record moved by a step sits: its unit, the unit directly
// above it, and for an assessment the province of its framework. Levels
// are PROVINCE, DISTRICT or COMMUNE.
type Place struct {
	Record                string
	Unit, Above, Province int
	Level, AboveLevel     string
}

// OfficerRole is the role of the officers of a unit of a level (PROVINCE,
// DISTRICT or COMMUNE).
func OfficerRole(level string) viewer.Role {
	switch level {
	case "COMMUNE":
		return viewer.CommuneOfficer
	case "DISTRICT":
		return viewer.DistrictOfficer
	}
	return viewer.ProvinceOfficer
}

// Includes tells whether v is one of the actor's callers for a record at p.
func (a Actor) Includes(v *viewer.Viewer, p Place) bool {
	if v == nil {
		return false
	}
	switch a {
	case Writers:
		return canWrite(v, p.Record, p.Unit)
	case OwnOfficers:
		return v.UnitID == p.Unit && v.Role == OfficerRole(p.Level)
	case UnitAbove:
		return p.Above != 0 && v.UnitID == p.Above && v.Role == OfficerRole(p.AboveLevel)
	case Reviewers:
		readable, err := readUnits(v, p.Record)
		return err == nil && slices.Contains(readable, p.Unit) && slices.Contains(reviewerRoles, v.Role) && v.UnitID != p.Unit
	case FrameworkProvince:
		return v.UnitID == p.Province && v.Role == viewer.ProvinceOfficer
	}
	return false
}

// CallerName names v in messages: its role and unit.
func CallerName(v *viewer.Viewer) string {
	if v == nil {
		return "caller without a token"
	}
	return string(v.Role) + " of unit " + v.UnitCode
}

// reviewerRoles are the roles of the actor Reviewers.
var reviewerRoles = []viewer.Role{viewer.DistrictOfficer, viewer.ProvinceOfficer}

// MayTake returns nil when v may take one of the steps of mutation on a
// record at p now that it is in status (the record's status, "" for a
// step that starts none). A caller who is none of the steps' actors gets
// FORBIDDEN; one who is, but not from this status, CONFLICT naming status.
// Whether v may read the record at all is the caller's to check first
// (NOT_FOUND, as for a record that does not exist).
func MayTake(v *viewer.Viewer, mutation string, p Place, status string) error {
	var from []string
	actor := false
	for _, s := range StepsOf(mutation) {
		if s.By.Includes(v, p) {
			actor = true
			if len(s.From) == 0 || slices.Contains(s.From, status) {
				return nil
			}
			from = append(from, s.From...)
		}
	}
	if !actor {
		var who []string
		for _, s := range StepsOf(mutation) {
			who = append(who, s.By.Who())
		}
		return forbidden("%s: only %s may take this step, not a %s", mutation, strings.Join(who, " or "), CallerName(v))
	}
	return &apperr.Error{Code: apperr.Conflict, Field: "status",
		Message: fmt.Sprintf("status: the %s is %s; %s starts only from %s", p.Record, status, mutation, strings.Join(from, " or "))}
}
