package rule

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"cchc/internal/viewer"
)

// WriteAccessTable writes Access as the Markdown of docs/ACCESS.md, so the
// document people read is the table the data layer enforces.
func WriteAccessTable(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`# Access: who reads and writes what

Generated from ` + "`internal/rule.Access`" + ` by ` + "`go generate ./...`" + ` (` + "`cchc access`" + `); the privacy rules
of the data layer read the same table, and ` + "`internal/server/access_test.go`" + ` checks the API against it
for every query field, edge and mutation of the schema, on SQLite and PostgreSQL.

- **own unit**: records of the caller's own unit; **unit and below**: records of the caller's unit
  and of every unit under it (following parent and merger lineage). Units are also visible above
  the caller (a commune sees its district and province by name and code), nothing else of them.
- A record outside what the caller may read answers exactly as a record that does not exist
  (` + "`NOT_FOUND`" + `, an empty list, a ` + "`has…With`" + ` filter that matches nothing). A write the caller's role may
  not make answers ` + "`FORBIDDEN`" + ` and writes nothing; a reference (` + "`unitID`" + `, ` + "`planID`" + ` …) to a record the
  caller cannot see answers ` + "`BAD_USER_INPUT`" + `, as for one that does not exist.
- Personal data of officials (birth date, phone, e-mail, disciplinary actions) is visible only to
  the official's own unit and to province officers; others read those fields as null.
- Procedures are the national catalogue: reading them means reading all of them.
- Reports are submitted by those who write them (` + "`submitReport`" + `) and reviewed (` + "`acceptReport`" + `,
  ` + "`returnReport`" + `) by district and province officers whose subtree holds the report's unit, never by
  the unit itself (` + "`rule.MayReview`" + `): a write outside this table, and it changes only the
  report's status and review. A submitted or accepted report cannot be edited until it is returned.
- Assessments of the reform index, their criterion scores and evidence are written by no role
  through this table: they move only through their workflow (` + "`internal/assessment`" + `), each step of
  which checks the caller's level. The assessed unit's own officers start, score, add evidence and
  submit (` + "`startAssessment`" + `, ` + "`scoreCriterion`" + `, ` + "`addEvidence`" + `, ` + "`submitSelfAssessment`" + `); the officers of the unit
  above it (the district for a commune, the province for a district) appraise (` + "`appraiseCriterion`" + `,
  ` + "`completeAppraisal`" + `) or return it (` + "`returnAssessment`" + `); the province officers of the framework's province set
  final scores (` + "`setFinalScore`" + `), approve (` + "`approveAssessment`" + `) or return an appraised one. Anyone else
  is refused (` + "`FORBIDDEN`" + `, or ` + "`NOT_FOUND`" + ` when the assessment is out of its scope), and an approved
  assessment is frozen (` + "`CONFLICT`" + `). Evidence files download from ` + "`GET /evidence/{id}`" + ` for whoever
  reads the evidence.
- A record type not in the table is refused to everyone.

`)
	b.WriteString("| record |")
	for _, r := range viewer.Roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(viewer.Roles)) + "\n")
	types := make([]string, 0, len(Access))
	for t := range Access {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		fmt.Fprintf(&b, "| %s |", t)
		for _, r := range viewer.Roles {
			fmt.Fprintf(&b, " %s |", Access[t][r])
		}
		b.WriteString("\n")
	}
	b.WriteString("\nRoles:\n\n")
	for _, r := range viewer.Roles {
		fmt.Fprintf(&b, "- `%s`: %s\n", r, viewer.RoleDescriptions[r])
	}
	_, err := io.WriteString(w, b.String())
	return err
}
