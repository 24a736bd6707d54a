package rule

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// WriteAccessTable writes Access as the Markdown of docs/ACCESS.md, so the
// document people read is the table the data layer enforces.
func WriteAccessTable(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`# Access: who reads and writes what

Generated from ` + "`internal/rule.Records`" + ` and ` + "`internal/rule.Steps`" + `, the one declaration of the access model, by ` + "`go generate ./...`" + ` (` + "`cchc access`" + `); the privacy rules
of the data layer, the scoping of filters, the masking of fields and the workflows read the same declaration, and ` + "`internal/server/access_test.go`" + ` checks the API against it
for every query field, edge and mutation of the schema, on SQLite and PostgreSQL.

- **own unit**: records of the caller's own unit; **unit and below**: records of the caller's unit
  and of every unit under it (following parent and merger lineage). Units are also visible above
  the caller (a commune sees its district and province by name and code), nothing else of them.
- A record outside what the caller may read answers exactly as a record that does not exist
  (` + "`NOT_FOUND`" + `, an empty list, a ` + "`has…With`" + ` filter that matches nothing). A write the caller's role may
  not make answers ` + "`FORBIDDEN`" + ` and writes nothing; a reference (` + "`unitID`" + `, ` + "`planID`" + ` …) to a record the
  caller cannot see answers ` + "`BAD_USER_INPUT`" + `, as for one that does not exist.
- Restricted fields (see [Fields](#fields)) read as null (or empty) where the caller may not read
  them, in lists, nested edges, exports and the audit trail's values alike. A filter on such a field
  (of any operator, under ` + "`not`" + `, ` + "`or`" + ` and ` + "`has…With`" + `, in lists, aggregates and exports) matches only
  records whose field the caller reads, so a right and a wrong guess get the same answer.
  Restricted fields are neither ordered nor grouped by. Disciplinary actions are personal data as a whole.
- Procedures are the national catalogue (Cơ sở dữ liệu quốc gia về TTHC): reading them means reading
  all of them, and no role writes them through the API. Each province keeps its own list of the
  procedures that apply there, with its processing times (` + "`ProvinceProcedure`" + `, danh mục TTHC của tỉnh),
  which its officers alone write and its units read; a dossier names only a procedure its province
  lists, so nothing one province does changes what another's units depend on.
- Reports, frameworks and assessments also move through workflow steps (see [Workflow steps](#workflow-steps)):
  who takes a step depends on where the caller's unit sits relative to the record's, and on the
  record's status (` + "`CONFLICT`" + ` naming ` + "`status`" + ` otherwise). Reviewers of reports do not write them: a
  review changes only the report's status and review. Assessments, their criterion scores and
  evidence are written by no role through the table, only by their steps; an approved assessment is
  frozen. Evidence files download from ` + "`GET /evidence/{id}`" + ` for whoever reads the evidence.
- Drafts (` + "`Record.Draft`" + `): a DRAFT framework and its criteria, the province's work in progress, are
  read only by those who write it, the province's officers; everyone else reads PUBLISHED ones.
  Frameworks belong to provinces: one is refused on a district or a commune.
- Figures computed from records (indicators, a report's figures and findings, live or frozen in its
  snapshot, downloads) are shown for a unit only to callers who read those records there
  (` + "`internal/indicator/sources.go`" + ` names the records of each figure): a district officer does not see
  a commune's disciplinary actions counted. A ranking with ` + "`approvedOnly: false`" + ` counts the units
  whose assessments the caller does not read by their APPROVED result only, so no unapproved total
  can be recovered from a rank.
- Account names are kept within their unit (` + "`NAME@UNITCODE`" + `, e.g. ` + "`ANALYST@298`" + `): a name that
  collides can only be one of a unit the caller writes, so no answer tells of an account elsewhere.
- Mergers join units of the same level in the same province, never in a cycle, with ` + "`validTo`" + ` set;
  a merged unit takes no record dated from its ` + "`validTo`" + ` on. The units merged into the caller's are
  under it (scope follows parents and mergers downward only).
- A record type not in the table is refused to everyone.

`)
	b.WriteString("| record |")
	for _, r := range viewer.Roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(viewer.Roles)) + "\n")
	types := make([]string, 0, len(Records))
	for t := range Records {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		fmt.Fprintf(&b, "| %s |", t)
		for _, r := range viewer.Roles {
			fmt.Fprintf(&b, " %s |", Records[t].Access[r])
		}
		b.WriteString("\n")
	}
	writeOwners(&b, types)
	writeFields(&b, types)
	writeSteps(&b)
	b.WriteString("\nRoles:\n\n")
	for _, r := range viewer.Roles {
		fmt.Fprintf(&b, "- `%s`: %s\n", r, viewer.RoleDescriptions[r])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeOwners says, for each record type, which unit owns its records.
func writeOwners(b *strings.Builder, types []string) {
	b.WriteString("\n## Owners\n\nThe unit that owns a record, which the levels above are measured from.\n\n| record | owned by |\n| --- | --- |\n")
	for _, t := range types {
		fmt.Fprintf(b, "| %s | %s |\n", t, ownerText(t))
	}
}

// ownerText describes the owner of records of type typ.
func ownerText(typ string) string {
	switch o := Records[typ].Owner; {
	case o.Column == "":
		return "no unit: everyone's who reads the type"
	case o.Column == "id":
		return "itself"
	case o.Parent == "":
		return "its unit (`" + o.Column + "`)"
	default:
		return "the owner of its " + o.Parent + " (`" + o.Column + "`): " + ownerText(o.Parent)
	}
}

// writeFields says, field by field, who reads what of each record type.
func writeFields(b *strings.Builder, types []string) {
	b.WriteString("\n## Fields\n\nWho reads each field of a record: whoever reads the record, but for the restricted fields.\n\n| record | fields | read by |\n| --- | --- | --- |\n")
	for _, t := range types {
		cols := Columns(t)
		if cols == nil {
			continue
		}
		var restricted []string
		for _, r := range Records[t].Restricted {
			names := make([]string, len(r.Columns))
			for i, c := range r.Columns {
				names[i] = "`" + apperr.FieldName(c) + "`"
			}
			fmt.Fprintf(b, "| %s | %s: %s | %s |\n", t, strings.Join(names, ", "), r.What, r.Who)
			restricted = append(restricted, r.Columns...)
		}
		var open []string
		for _, c := range cols {
			if !slices.Contains(restricted, c) && c != "search_text" {
				open = append(open, "`"+apperr.FieldName(c)+"`")
			}
		}
		fmt.Fprintf(b, "| %s | %s | whoever reads the record |\n", t, strings.Join(open, ", "))
	}
}

// writeSteps lists the workflow steps and who takes each.
func writeSteps(b *strings.Builder) {
	b.WriteString("\n## Workflow steps\n\n| mutation | record | taken by | from status |\n| --- | --- | --- | --- |\n")
	for _, s := range Steps {
		from := strings.Join(s.From, ", ")
		if from == "" {
			from = "—"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", s.Mutation, s.Record, s.By.Who(), from)
	}
}
