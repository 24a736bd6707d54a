package server_test

import (
	"cchc/ent/privacy"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"cchc/graph"
	"cchc/internal/apitest"
	"cchc/internal/limits"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// The demonstration unit tree, written out here independently of the code
// under test.
var children = map[string][]string{"30": {"298", "297"}, "298": {"11098", "11101", "11095"}, "297": {"11023"}}

func subtree(code string) []string {
	out := []string{code}
	for _, c := range children[code] {
		out = append(out, subtree(c)...)
	}
	return out
}

func ancestors(code string) []string {
	for parent, cs := range children {
		if slices.Contains(cs, code) {
			return append([]string{parent}, ancestors(parent)...)
		}
	}
	return nil
}

// caller is a role at a unit.
type caller struct {
	role viewer.Role
	unit string
}

var callers = []caller{
	{viewer.CommuneOfficer, "11098"}, {viewer.DistrictOfficer, "298"}, {viewer.ProvinceOfficer, "30"},
	{viewer.Analyst, "298"}, {viewer.ScoringService, "298"},
}

// ownerQueries find, for every record type, each row and the code of the unit
// that owns it ("" for the national procedure catalogue). A record type
// without one fails the test: it needs an access rule and a line here.
var ownerQueries = map[string]string{
	"Unit":               `SELECT id, code FROM units`,
	"Account":            `SELECT a.id, u.code FROM accounts a JOIN units u ON u.id = a.unit_id`,
	"ReformPlan":         `SELECT r.id, u.code FROM reform_plans r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Task":               `SELECT t.id, u.code FROM tasks t JOIN reform_plans p ON p.id = t.plan_id JOIN units u ON u.id = p.unit_id WHERE t.archived_at IS NULL`,
	"Official":           `SELECT r.id, u.code FROM officials r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Training":           `SELECT t.id, u.code FROM trainings t JOIN officials o ON o.id = t.official_id JOIN units u ON u.id = o.unit_id WHERE t.archived_at IS NULL`,
	"DisciplinaryAction": `SELECT t.id, u.code FROM disciplinary_actions t JOIN officials o ON o.id = t.official_id JOIN units u ON u.id = o.unit_id WHERE t.archived_at IS NULL`,
	"StaffingQuota":      `SELECT r.id, u.code FROM staffing_quota r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Procedure":          `SELECT id, '' FROM procedures WHERE archived_at IS NULL`,
	"ProvinceProcedure":  `SELECT r.id, u.code FROM province_procedures r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Dossier":            `SELECT r.id, u.code FROM dossiers r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Feedback":           `SELECT r.id, u.code FROM feedbacks r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Budget":             `SELECT r.id, u.code FROM budgets r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"BudgetLine":         `SELECT t.id, u.code FROM budget_lines t JOIN budgets b ON b.id = t.budget_id JOIN units u ON u.id = b.unit_id WHERE t.archived_at IS NULL`,
	"Report":             `SELECT r.id, u.code FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"AuditEntry":         `SELECT r.id, u.code FROM audit_entries r JOIN units u ON u.id = r.unit_id`,
	"ScoringFramework":   `SELECT r.id, u.code FROM scoring_frameworks r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Criterion":          `SELECT c.id, u.code FROM criteria c JOIN scoring_frameworks f ON f.id = c.framework_id JOIN units u ON u.id = f.unit_id WHERE c.archived_at IS NULL`,
	"Assessment":         `SELECT r.id, u.code FROM assessments r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"CriterionScore":     `SELECT r.id, u.code FROM criterion_scores r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
	"Evidence":           `SELECT r.id, u.code FROM evidences r JOIN units u ON u.id = r.unit_id WHERE r.archived_at IS NULL`,
}

// matrix holds the records of one database and who owns them.
type matrix struct {
	env       *apitest.Env
	schema    *ast.Schema
	owner     map[string]string   // global ID → owning unit code
	ids       map[string][]string // record type → IDs
	published map[string]bool     // frameworks and criteria frozen by publication
	unlisted  string              // a national procedure no province lists
	tokens    map[caller]string
}

func newMatrix(t *testing.T, env *apitest.Env) *matrix {
	m := &matrix{env: env, schema: graph.NewSchema(nil, "").Schema(), tokens: map[caller]string{}}
	for _, c := range callers {
		m.tokens[c] = env.Token(t, c.role, c.unit)
	}
	draftFramework(t, env)
	m.unlisted = unlistedProcedure(t, env)
	m.load(t)
	return m
}

// draftFramework gives the province a DRAFT framework with one criterion,
// for the matrix to update and archive: published ones are frozen.
func draftFramework(t *testing.T, env *apitest.Env) {
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	fw, err := env.DB.Client.ScoringFramework.Create().SetUnitID(env.UnitID(t, "30")).SetYear(2099).
		SetLevel("DISTRICT").SetTitle("Bộ tiêu chí dự thảo").Save(ctx)
	if err == nil {
		_, err = env.DB.Client.Criterion.Create().SetFrameworkID(fw.ID).SetCode("1").SetTitle("Tiêu chí dự thảo").
			SetMaxPoints(100).SetArea("IMPACT").Save(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// unlistedProcedure adds to the national catalogue, as the server's own
// code does, a procedure that no province lists yet, for the matrix to list.
func unlistedProcedure(t *testing.T, env *apitest.Env) string {
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	p, err := env.DB.Client.Procedure.Create().SetCode("9.999999").SetName("Thủ tục chưa niêm yết").
		SetField("Thử nghiệm").SetProcessingDays(5).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(p.ID)
}

// recordTypes are the object types of the schema that are records (Node).
func (m *matrix) recordTypes() []string {
	var out []string
	for name, def := range m.schema.Types {
		if def.Kind == ast.Object && slices.Contains(def.Interfaces, "Node") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (m *matrix) load(t *testing.T) {
	m.owner, m.ids, m.published = map[string]string{}, map[string][]string{}, map[string]bool{}
	for _, q := range []string{`SELECT id FROM scoring_frameworks WHERE status = 'PUBLISHED'`,
		`SELECT c.id FROM criteria c JOIN scoring_frameworks f ON f.id = c.framework_id WHERE f.status = 'PUBLISHED'`} {
		rows, err := m.env.DB.SQL.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			m.published[fmt.Sprint(id)] = true
		}
		rows.Close()
	}
	for _, typ := range m.recordTypes() {
		q, ok := ownerQueries[typ]
		if !ok {
			t.Fatalf("record type %s has no owner query in access_test.go (and needs a declaration in rule.Records)", typ)
		}
		rows, err := m.env.DB.SQL.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				t.Fatal(err)
			}
			gid := fmt.Sprint(id)
			m.owner[gid] = code
			m.ids[typ] = append(m.ids[typ], gid)
		}
		rows.Close()
	}
}

// documented is the access table as docs/ACCESS.md promises it, written out
// here by hand, row by row, not read from rule.Records: what each role may
// do with each record type. "r" reads its own unit's records, "R" its unit's
// and every unit's under it; "w" and "W" write the same; "-" nothing.
var documented = map[string][5]string{
	//                    commune district province analyst scoring
	"Unit":               {"R", "R", "RW", "R", "R"},
	"Account":            {"r", "r", "RW", "-", "-"},
	"ReformPlan":         {"Rw", "Rw", "Rw", "R", "-"},
	"Task":               {"Rw", "Rw", "Rw", "R", "-"},
	"Official":           {"Rw", "R", "R", "R", "-"},
	"Training":           {"Rw", "R", "R", "R", "-"},
	"DisciplinaryAction": {"rw", "r", "R", "r", "-"},
	"StaffingQuota":      {"R", "R", "RW", "R", "-"},
	"Procedure":          {"R", "R", "R", "R", "-"},
	"ProvinceProcedure":  {"R", "R", "RW", "R", "-"},
	"Dossier":            {"Rw", "R", "R", "R", "-"},
	"Feedback":           {"Rw", "R", "R", "R", "-"},
	"Budget":             {"Rw", "R", "R", "R", "-"},
	"BudgetLine":         {"Rw", "R", "R", "R", "-"},
	"Report":             {"Rw", "R", "R", "R", "-"},
	"AuditEntry":         {"r", "R", "R", "-", "-"},
	"ScoringFramework":   {"R", "R", "RW", "R", "R"},
	"Criterion":          {"R", "R", "RW", "R", "R"},
	"Assessment":         {"R", "R", "R", "R", "R"},
	"CriterionScore":     {"R", "R", "R", "R", "R"},
	"Evidence":           {"R", "R", "R", "R", "R"},
	"Indicator":          {"R", "R", "R", "R", "R"},
	"DossierMonth":       {"R", "R", "R", "R", "R"},
}

// issuedAbove are the record types that the units below their owner read too.
var issuedAbove = []string{"Unit", "ScoringFramework", "Criterion", "ProvinceProcedure"}

// roleColumn is the column of a role in documented.
var roleColumn = map[viewer.Role]int{viewer.CommuneOfficer: 0, viewer.DistrictOfficer: 1, viewer.ProvinceOfficer: 2,
	viewer.Analyst: 3, viewer.ScoringService: 4}

// permission reads documented: how far c reads and writes records of type
// typ ("" none, "own", "scope").
func permission(c caller, typ string) (read, write string) {
	cell := documented[typ][roleColumn[c.role]]
	level := map[byte]string{'r': "own", 'R': "scope", 'w': "own", 'W': "scope"}
	if len(cell) > 0 {
		read = level[cell[0]]
	}
	if len(cell) > 1 {
		write = level[cell[1]]
	}
	return read, write
}

// readable says whether c may read the record of type typ owned by unit
// code, from documented and the unit tree above.
func readable(c caller, typ, code string) bool {
	switch read, _ := permission(c, typ); {
	case read == "":
		return false
	case typ == "Procedure":
		return true
	case read == "own":
		return code == c.unit
	case slices.Contains(issuedAbove, typ):
		return slices.Contains(subtree(c.unit), code) || slices.Contains(ancestors(c.unit), code)
	default:
		return slices.Contains(subtree(c.unit), code)
	}
}

// readableRecord says whether c may read the record id of type typ: as
// readable says, but a DRAFT framework and its criteria are read only by
// the officers of the framework's province, who write it.
func (m *matrix) readableRecord(c caller, typ, id string) bool {
	if (typ == "ScoringFramework" || typ == "Criterion") && !m.published[id] && c.role != viewer.ProvinceOfficer {
		return false
	}
	return readable(c, typ, m.owner[id])
}

func writable(c caller, typ, code string) bool {
	switch _, write := permission(c, typ); write {
	case "own":
		return code == c.unit
	case "scope":
		return slices.Contains(subtree(c.unit), code)
	}
	return false
}

// TestDeclarationIsDocumented: every row of rule.Records says what
// documented says, so that a wrong row fails here by name, besides failing
// the behaviour that TestAccessMatrix checks.
func TestDeclarationIsDocumented(t *testing.T) {
	level := map[rule.Level]string{rule.None: "", rule.Own: "own", rule.Scope: "scope"}
	for typ, rec := range rule.Records {
		if _, ok := documented[typ]; !ok {
			t.Errorf("rule.Records declares %s, which the documented table of access_test.go lacks", typ)
			continue
		}
		for _, c := range callers {
			read, write := permission(c, typ)
			p := rec.Access[c.role]
			if level[p.Read] != read || level[p.Write] != write {
				t.Errorf("rule.Records[%s] for %s: reads %q writes %q; documented: reads %q writes %q", typ, c.role, level[p.Read], level[p.Write], read, write)
			}
		}
		if rec.IssuedAbove != slices.Contains(issuedAbove, typ) {
			t.Errorf("rule.Records[%s].IssuedAbove is %v", typ, rec.IssuedAbove)
		}
	}
	for typ := range documented {
		if _, ok := rule.Records[typ]; !ok {
			t.Errorf("documented %s is not declared in rule.Records", typ)
		}
	}
}

func TestAccessMatrix(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		m := newMatrix(t, env)
		t.Run("lists", m.lists)
		t.Run("nodes", m.nodes)
		t.Run("edges", m.edges)
		t.Run("mutations", m.mutations)
	})
}

// lists: every root list field returns exactly the records the table lets
// each caller read, or FORBIDDEN when the role reads none of that type.
func (m *matrix) lists(t *testing.T) {
	for _, f := range m.schema.Query.Fields {
		if typ, ok := strings.CutSuffix(f.Type.Name(), "GroupConnection"); ok {
			m.aggregate(t, f.Name, typ)
			continue
		}
		typ := strings.TrimSuffix(f.Type.Name(), "Connection")
		if typ == f.Type.Name() {
			continue // node, nodes
		}
		for _, c := range callers {
			got, errs := allIDs(t, m.env, m.tokens[c], f.Name)
			if read, _ := permission(c, typ); read == "" {
				if len(errs) == 0 || errs[0].Code() != "FORBIDDEN" {
					t.Errorf("%s as %v: want FORBIDDEN, got %d records %+v", f.Name, c, len(got), errs)
				}
				continue
			}
			if len(errs) > 0 {
				t.Fatalf("%s as %v: %+v", f.Name, c, errs)
			}
			var want []string
			for _, id := range m.ids[typ] {
				if m.readableRecord(c, typ, id) {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s as %v: got %d records, want %d (extra %v, missing %v)", f.Name, c, len(got), len(want), minus(got, want), minus(want, got))
			}
		}
	}
}

// aggregate: an aggregate counts exactly the records the table lets each
// caller read, or answers FORBIDDEN when the role reads none of that type.
func (m *matrix) aggregate(t *testing.T, field, typ string) {
	for _, c := range callers {
		r := m.env.Do(t, m.tokens[c], fmt.Sprintf(`{ a: %s { edges { node { count } } } }`, field), nil)
		if read, _ := permission(c, typ); read == "" {
			if len(r.Errors) == 0 || r.Errors[0].Code() != "FORBIDDEN" {
				t.Errorf("%s as %v: want FORBIDDEN, got %s %+v", field, c, r.Data, r.Errors)
			}
			continue
		}
		want := 0
		for _, id := range m.ids[typ] {
			if m.readableRecord(c, typ, id) {
				want++
			}
		}
		var got struct {
			A struct {
				Edges []struct{ Node struct{ Count int } }
			}
		}
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &got) != nil || len(got.A.Edges) != 1 {
			t.Errorf("%s as %v: %s %+v", field, c, r.Data, r.Errors)
		} else if n := got.A.Edges[0].Node.Count; n != want {
			t.Errorf("%s as %v: counts %d records, the caller reads %d", field, c, n, want)
		}
	}
}

// nodes: node(id:) answers a readable record and NOT_FOUND for any other,
// the same whether the record exists out of scope or not at all.
func (m *matrix) nodes(t *testing.T) {
	for _, typ := range m.recordTypes() {
		for _, id := range m.samples(typ) {
			for _, c := range callers {
				r := m.env.Do(t, m.tokens[c], `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
				if m.readableRecord(c, typ, id) {
					if len(r.Errors) > 0 || !strings.Contains(string(r.Data), id) {
						t.Errorf("node %s %s as %v: want it, got %s %+v", typ, id, c, r.Data, r.Errors)
					}
				} else if len(r.Errors) != 1 || (r.Errors[0].Code() != "NOT_FOUND" && r.Errors[0].Code() != "FORBIDDEN") || strings.Contains(string(r.Data), id) {
					t.Errorf("node %s %s (unit %s) as %v: want NOT_FOUND, got %s %+v", typ, id, m.owner[id], c, r.Data, r.Errors)
				}
			}
		}
	}
}

// edges: every edge of every record type, followed from each readable
// sample record, returns only records the caller may read.
func (m *matrix) edges(t *testing.T) {
	for _, typ := range m.recordTypes() {
		def := m.schema.Types[typ]
		for _, f := range def.Fields {
			target := strings.TrimSuffix(f.Type.Name(), "Connection")
			if _, ok := ownerQueries[target]; !ok {
				continue // a scalar or enum field
			}
			sel := "id"
			if target != f.Type.Name() {
				sel = "totalCount edges { node { id } }"
			}
			for _, id := range m.samples(typ) {
				for _, c := range callers {
					if !m.readableRecord(c, typ, id) {
						continue
					}
					q := fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s { %s } } } }`, typ, f.Name, sel)
					r := m.env.Do(t, m.tokens[c], q, map[string]any{"id": id})
					if read, _ := permission(c, target); read == "" {
						if len(r.Errors) == 0 || r.Errors[0].Code() != "FORBIDDEN" {
							t.Errorf("%s.%s as %v: want FORBIDDEN, got %s", typ, f.Name, c, r.Data)
						}
						continue
					}
					for _, got := range idsIn(string(r.Data), id) {
						if !m.readableRecord(c, target, got) {
							t.Errorf("%s %s .%s as %v leaks %s %s of unit %s", typ, id, f.Name, c, target, got, m.owner[got])
						}
					}
				}
			}
		}
	}
}

// samples picks, for a record type, records owned by different units: one
// per owning unit, so each caller meets records in and out of its scope.
func (m *matrix) samples(typ string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range m.ids[typ] {
		if !seen[m.owner[id]] {
			seen[m.owner[id]] = true
			out = append(out, id)
		}
	}
	return out
}

// allIDs pages through a root list, the largest page the server allows at
// a time, and returns the sorted IDs of every record it lists, checked
// against its totalCount; or the errors of the first failing page.
func allIDs(t *testing.T, env *apitest.Env, token, field string) ([]string, []apitest.Error) {
	t.Helper()
	q := fmt.Sprintf(`query($after: Cursor) { list: %s(first: %d, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
		field, limits.Default().MaxPageSize)
	var (
		ids   []string
		after any
	)
	for {
		r := env.Do(t, token, q, map[string]any{"after": after})
		if len(r.Errors) > 0 {
			return ids, r.Errors
		}
		var page struct {
			List struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		if err := json.Unmarshal(r.Data, &page); err != nil {
			t.Fatalf("%s: %v", field, err)
		}
		for _, e := range page.List.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !page.List.PageInfo.HasNextPage {
			if len(ids) != page.List.TotalCount {
				t.Errorf("%s: paged through %d records, totalCount says %d", field, len(ids), page.List.TotalCount)
			}
			slices.Sort(ids)
			return ids, nil
		}
		after = page.List.PageInfo.EndCursor
	}
}

// idsIn returns the values of every "id" in a JSON answer, but skip.
func idsIn(data, skip string) []string {
	var out []string
	for _, part := range strings.Split(data, `"id":"`)[1:] {
		id := part[:strings.IndexByte(part, '"')]
		if id != skip {
			out = append(out, id)
		}
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}

// createInputs build a valid create input of each record type for the unit
// with the given code, or nil when the unit has no parent record to attach to.
// A mutation of the schema without a builder fails the test.
func (m *matrix) createInput(t *testing.T, typ, code string, n int) map[string]any {
	unit := m.idOf("Unit", code)
	child := func(parentType, field string) map[string]any {
		p := m.idOf(parentType, code)
		if p == "" {
			return nil
		}
		return map[string]any{field: p}
	}
	var in map[string]any
	switch typ {
	case "Unit":
		level := map[int]string{2: "DISTRICT", 3: "COMMUNE"}[len(code)] // nothing sits under a commune
		if level == "" {
			return nil
		}
		in = map[string]any{"code": fmt.Sprint(90000 + n), "name": "Đơn vị thử", "level": level, "kind": map[string]string{"DISTRICT": "RURAL_DISTRICT", "COMMUNE": "COMMUNE"}[level], "parentID": unit}
	case "Account":
		in = map[string]any{"subject": fmt.Sprintf("test-%d@%s", n, code), "role": "ANALYST", "unitID": unit}
	case "ReformPlan":
		in = map[string]any{"unitID": unit, "year": 2024, "title": "Kế hoạch thử", "area": "DIRECTION"}
	case "Task":
		in = child("ReformPlan", "planID")
		if in != nil {
			in["title"], in["area"] = "Nhiệm vụ thử", "PROCEDURES"
		}
	case "Official":
		in = map[string]any{"unitID": unit, "fullName": "Nguyễn Văn Thử", "category": "CONG_CHUC", "position": "Văn phòng - Thống kê"}
	case "Training":
		in = child("Official", "officialID")
		if in != nil {
			in["title"] = "Bồi dưỡng thử"
		}
	case "DisciplinaryAction":
		in = child("Official", "officialID")
		if in != nil {
			in["form"], in["decidedOn"] = "REPRIMAND", "2023-05-01"
		}
	case "StaffingQuota":
		in = map[string]any{"unitID": unit, "year": 2050 + n%50, "canBo": 1, "congChuc": 1}
	case "Procedure":
		in = map[string]any{"code": fmt.Sprintf("T.%d", n), "name": "Thủ tục thử", "field": "Hộ tịch", "processingDays": 1}
	case "ProvinceProcedure":
		if len(code) != 2 { // a province's list
			return nil
		}
		in = map[string]any{"unitID": unit, "procedureID": m.unlisted, "processingDays": 2, "publishedOn": "2024-01-02"}
	case "Dossier":
		in = map[string]any{"unitID": unit, "procedureID": m.ids["Procedure"][0], "code": fmt.Sprintf("T-%d", n), "channel": "DIRECT", "receivedAt": "2024-01-02T08:00:00+07:00"}
	case "Feedback":
		in = map[string]any{"unitID": unit, "receivedAt": "2024-01-02T08:00:00+07:00", "content": "Phản ánh thử"}
	case "Budget":
		in = map[string]any{"unitID": unit, "fiscalYear": 2050 + n%50}
	case "BudgetLine":
		in = child("Budget", "budgetID")
		if in != nil {
			in["direction"], in["code"], in["name"], in["estimate"] = "REVENUE", fmt.Sprintf("T%d", n), "Thu thử", 1000
		}
	case "Report":
		in = map[string]any{"unitID": unit, "periodYear": 2050 + n%50, "periodKind": "YEAR", "periodIndex": 1}
	case "ScoringFramework":
		if len(code) != 2 { // frameworks belong to provinces
			return nil
		}
		in = map[string]any{"unitID": unit, "year": 2000 + n%100, "level": "COMMUNE", "title": "Bộ tiêu chí thử"}
	case "Criterion":
		in = child("ScoringFramework", "frameworkID")
		if in != nil {
			in["code"], in["title"], in["maxPoints"], in["area"] = fmt.Sprint(100+n), "Tiêu chí thử", 1, "IMPACT"
		}
	default:
		t.Fatalf("no create input for %s in access_test.go", typ)
	}
	return in
}

// idOf returns a record of type typ owned by the unit with code, or "":
// for frameworks and criteria a DRAFT one, since published ones are frozen.
func (m *matrix) idOf(typ, code string) string {
	for _, id := range m.ids[typ] {
		if m.owner[id] == code && !m.published[id] {
			return id
		}
	}
	return ""
}

// parentType is the record type whose readability decides whether a
// reference in a create input is visible.
var parentType = map[string]string{"Task": "ReformPlan", "Training": "Official", "DisciplinaryAction": "Official", "BudgetLine": "Budget"}

// mutations: every mutation of the schema, by every caller, on records and
// units in and out of its scope, answers as the table says and writes only then.
func (m *matrix) mutations(t *testing.T) {
	n := 0
	for _, f := range m.schema.Mutation.Fields {
		if workflowMutations[f.Name] {
			continue
		}
		op, typ := splitMutation(f.Name)
		if op == "" {
			t.Errorf("mutation %s: the access test does not know it", f.Name)
			continue
		}
		for _, c := range callers {
			for _, code := range []string{c.unit, "11098", "11023", "298"} {
				n++
				want := m.expect(c, op, typ, code)
				var r *apitest.Response
				switch op {
				case "create":
					in := m.createInput(t, typ, code, n)
					if in == nil {
						continue
					}
					r = m.env.Do(t, m.tokens[c], fmt.Sprintf(`mutation($in: Create%sInput!) { %s(input: $in) { id } }`, typ, f.Name), map[string]any{"in": in})
				default:
					id := m.idOf(typ, code)
					if typ == "Unit" {
						id = m.idOf("Unit", code)
					}
					if id == "" {
						continue
					}
					q := fmt.Sprintf(`mutation($id: ID!, $v: Int!) { %s(id: $id, version: $v) { id } }`, f.Name)
					vars := map[string]any{"id": id, "v": recordVersion(t, m.env, typ, id)}
					if op == "update" {
						q = fmt.Sprintf(`mutation($id: ID!, $v: Int!) { %s(id: $id, version: $v, input: {}) { id } }`, f.Name)
					}
					r = m.env.Do(t, m.tokens[c], q, vars)
				}
				got := "OK"
				if len(r.Errors) > 0 {
					got = r.Errors[0].Code()
				}
				if got != want {
					t.Errorf("%s on unit %s as %v: want %s, got %s %+v", f.Name, code, c, want, got, r.Errors)
				}
				if op == "archive" && got == "OK" {
					m.load(t) // the archived record leaves the lists
				}
			}
		}
	}
}

// expect is the answer the table calls for.
func (m *matrix) expect(c caller, op, typ, code string) string {
	_, write := permission(c, typ)
	switch {
	case write == "":
		return "FORBIDDEN"
	case op == "create":
		ref := "Unit"
		if p, ok := parentType[typ]; ok {
			ref = p
		}
		if !readable(c, ref, code) {
			return "BAD_USER_INPUT"
		}
	case !readable(c, typ, code):
		return "NOT_FOUND"
	}
	if !writable(c, typ, code) {
		return "FORBIDDEN"
	}
	return "OK"
}

// workflowMutations move a report, an assessment or a framework through its
// workflow. Who may make each move depends on the record's status and level
// as well as on the table (reviewers do not write reports, nobody writes
// assessments directly, published frameworks are frozen), so
// TestReportWorkflow (report_test.go), TestAssessmentWorkflow
// (assessment_test.go) and TestFrameworkLifecycle (framework_test.go) check
// them for every role instead.
var workflowMutations = map[string]bool{
	"submitReport": true, "acceptReport": true, "returnReport": true,
	"startAssessment": true, "scoreCriterion": true, "addEvidence": true, "submitSelfAssessment": true,
	"appraiseCriterion": true, "completeAppraisal": true, "setFinalScore": true, "approveAssessment": true,
	"returnAssessment": true,
	"setCriterionRule": true, "copyScoringFramework": true, "publishScoringFramework": true,
}

// splitMutation reads createDossier as ("create", "Dossier").
func splitMutation(name string) (op, typ string) {
	for _, op := range []string{"create", "update", "archive"} {
		if rest, ok := strings.CutPrefix(name, op); ok {
			return op, rest
		}
	}
	return "", ""
}
