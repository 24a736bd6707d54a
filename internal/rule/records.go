package rule

import (
	"entgo.io/ent/dialect/sql"

	"cchc/ent/account"
	"cchc/ent/assessment"
	"cchc/ent/auditentry"
	"cchc/ent/budget"
	"cchc/ent/budgetline"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/ent/disciplinaryaction"
	"cchc/ent/dossier"
	"cchc/ent/dossiermonth"
	"cchc/ent/evidence"
	"cchc/ent/feedback"
	"cchc/ent/official"
	"cchc/ent/procedure"
	"cchc/ent/provinceprocedure"
	"cchc/ent/reformplan"
	"cchc/ent/report"
	"cchc/ent/scoringframework"
	"cchc/ent/staffingquota"
	"cchc/ent/task"
	"cchc/ent/training"
	"cchc/ent/unit"
	"cchc/internal/viewer"
)

// Record declares one record type: the path from a record to the unit that
// owns it, what each role may do with it, and the fields that not everyone
// who reads the record may read. Records is the one place where these are
// written; the privacy policies, the scoping of where inputs, field masking,
// the owner checks of writes and docs/ACCESS.md all read it.
type Record struct {
	// Table is the record type's SQL table.
	Table string
	// Ownership is the path from a record to the unit that owns it.
	Owner Ownership
	// Access is what each role may do with the record type (row).
	Access map[viewer.Role]Permission
	// IssuedAbove: records issued by a unit's superiors for it, read with
	// Scope, are visible from the units below too (units themselves, the
	// province's frameworks).
	IssuedAbove bool
	// Restricted lists the fields that fewer callers read than the record.
	Restricted []Restriction
	// Draft, when set, picks the records that only their writers read (a
	// DRAFT framework, the province's work in progress): others read the
	// rest. Records owned through such a record (its criteria) follow it.
	Draft func(*sql.Selector) *sql.Predicate
}

// Ownership is the path from a record to the unit that owns it: a column holding
// the unit's ID (unit_id; id for a unit, which owns itself), or a column
// pointing to the parent record (a task's plan_id) whose own owner decides.
// The zero Ownership is no owner: the record is everyone's who reads the type.
type Ownership struct {
	Column string
	Parent string // the parent record type, when Column points to one
}

// Direct is the owner of a record with a unit_id column.
var Direct = Ownership{Column: "unit_id"}

// through is the owner of a record that belongs to a parent record.
func through(column, parent string) Ownership { return Ownership{Column: column, Parent: parent} }

// Restriction is a set of fields that a caller reads only in some of the
// records it reads. Such a field is masked (null) where it may not be read,
// and a filter on it matches only where it may be read, so that no answer
// depends on a value the caller cannot see (see where.go).
type Restriction struct {
	Columns []string
	Edges   []string // edges the fields stand for: filtering on them is filtering on the fields
	// What the fields are, and Who reads them, for docs/ACCESS.md.
	What, Who string
	// readIn returns the units whose records' fields v reads; all when v
	// reads them wherever it reads the record.
	readIn func(v *viewer.Viewer) (units []int, all bool)
}

// ReadIn returns the units in whose records v reads the restricted fields,
// or all when v reads them wherever it reads the record.
func (r Restriction) ReadIn(v *viewer.Viewer) (units []int, all bool) {
	if v == nil {
		return nil, false
	}
	return r.readIn(v)
}

// personalData: officials' birth dates, phones and e-mails are read by the
// officers of the official's own unit and by province officers only.
var personalData = Restriction{
	Columns: []string{official.FieldBirthDate, official.FieldPhone, official.FieldEmail},
	What:    "personal data (ngày sinh, số điện thoại, thư điện tử / birth date, phone, e-mail)",
	Who:     "the officers of the official's own unit and province officers",
	readIn: func(v *viewer.Viewer) ([]int, bool) {
		if v.Role == viewer.ProvinceOfficer {
			return nil, true
		}
		return []int{v.UnitID}, false
	},
}

// unitDetails: the units above the caller are visible by code, name, level,
// kind and parent only, so that a commune can name its district and province.
var unitDetails = Restriction{
	Columns: []string{unit.FieldClassification, unit.FieldMergedIntoID, unit.FieldValidFrom,
		unit.FieldValidTo, unit.FieldCreatedAt, unit.FieldUpdatedAt, unit.FieldVersion},
	Edges: []string{unit.EdgeMergedInto, unit.EdgeMergedFrom},
	What:  "every field of a unit but its code, name, level, kind and parent",
	Who:   "callers whose scope holds the unit: not those below it",
	readIn: func(v *viewer.Viewer) ([]int, bool) {
		return v.Scope, len(v.Ancestors) == 0
	},
}

// Records is the access model of the product, per record type (GraphQL type
// name). A record type missing here is refused to everyone.
var Records = map[string]Record{
	//                                  commune    district   province   analyst  scoring
	"Unit": {Table: unit.Table, Owner: Ownership{Column: "id"}, IssuedAbove: true,
		Access:     row(read, read, writeAll, read, read),
		Restricted: []Restriction{unitDetails}},
	"Account":    {Table: account.Table, Owner: Direct, Access: row(readOwn, readOwn, writeAll, none, none)},
	"ReformPlan": {Table: reformplan.Table, Owner: Direct, Access: row(writeOwn, writeOwn, writeOwn, read, none)},
	"Task":       {Table: task.Table, Owner: through("plan_id", "ReformPlan"), Access: row(writeOwn, writeOwn, writeOwn, read, none)},
	"Official": {Table: official.Table, Owner: Direct, Access: row(writeOwn, read, read, read, none),
		Restricted: []Restriction{personalData}},
	"Training": {Table: training.Table, Owner: through("official_id", "Official"), Access: row(writeOwn, read, read, read, none)},
	// Disciplinary actions are personal data as a whole.
	"DisciplinaryAction": {Table: disciplinaryaction.Table, Owner: through("official_id", "Official"), Access: row(ownOnly, readOwn, read, readOwn, none)},
	"StaffingQuota":      {Table: staffingquota.Table, Owner: Direct, Access: row(read, read, writeAll, read, none)},
	// Procedures are the national catalogue (Cơ sở dữ liệu quốc gia về
	// TTHC): no unit owns them, and no role writes them through the API; the
	// server's own code loads them (the demo, cchc generate).
	"Procedure":  {Table: procedure.Table, Access: row(read, read, read, read, none)},
	"Dossier":    {Table: dossier.Table, Owner: Direct, Access: row(writeOwn, read, read, read, none)},
	"Feedback":   {Table: feedback.Table, Owner: Direct, Access: row(writeOwn, read, read, read, none)},
	"Budget":     {Table: budget.Table, Owner: Direct, Access: row(writeOwn, read, read, read, none)},
	"BudgetLine": {Table: budgetline.Table, Owner: through("budget_id", "Budget"), Access: row(writeOwn, read, read, read, none)},
	"Report":     {Table: report.Table, Owner: Direct, Access: row(writeOwn, read, read, read, none)},

	// Each province's published list of procedures (danh mục TTHC của tỉnh),
	// which its officers alone maintain: the units below read their
	// province's list, the one their dossiers name procedures from.
	"ProvinceProcedure": {Table: provinceprocedure.Table, Owner: Direct, IssuedAbove: true, Access: row(read, read, writeAll, read, none)},

	// Indicators are figures computed from records, not records: scoring
	// services read them, as everyone, for the units of their subtree.
	"Indicator": {Owner: Direct, Access: indicators},
	// The monthly tally of dossiers (DossierMonth, internal/tally) is no
	// GraphQL type: the server keeps it and reads it only as indicator figures.
	"DossierMonth": {Table: dossiermonth.Table, Owner: Direct, Access: indicators},
	// The audit trail: its entries are further narrowed to the record types
	// their reader reads in each unit (audit.go).
	"AuditEntry": {Table: auditentry.Table, Owner: Direct, Access: row(readOwn, read, read, none, none)},
	// Reform-index scoring: the province issues frameworks, which the units
	// under it read; assessments move only through their workflow
	// (internal/assessment), which checks each step's level itself.
	"ScoringFramework": {Table: scoringframework.Table, Owner: Direct, IssuedAbove: true, Access: row(read, read, writeAll, read, read),
		Draft: func(s *sql.Selector) *sql.Predicate { return sql.EQ(s.C("status"), "DRAFT") }},
	"Criterion":      {Table: criterion.Table, Owner: through("framework_id", "ScoringFramework"), IssuedAbove: true, Access: row(read, read, writeAll, read, read)},
	"Assessment":     {Table: assessment.Table, Owner: Direct, Access: row(read, read, read, read, read)},
	"CriterionScore": {Table: criterionscore.Table, Owner: Direct, Access: row(read, read, read, read, read)},
	"Evidence":       {Table: evidence.Table, Owner: Direct, Access: row(read, read, read, read, read)},
}
