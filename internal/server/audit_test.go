package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"cchc/ent/auditentry"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

const auditQuery = `query($where: AuditEntryWhereInput) {
  auditEntries(where: $where, orderBy: [{field: AT}]) {
    totalCount
    edges { node { subject role operation recordType recordID unit { code } before after } }
  }
}`

// auditEntry is an entry as the API answers it.
type auditEntry struct {
	Subject, Role, Operation, RecordType, RecordID string
	Unit                                           struct{ Code string }
	Before, After                                  map[string]any
}

type auditEntries struct {
	AuditEntries struct {
		TotalCount int
		Edges      []struct{ Node auditEntry }
	}
}

// entries lists, as token sees them, the entries matching where.
func entries(t *testing.T, env *apitest.Env, token string, where map[string]any) auditEntries {
	t.Helper()
	var got auditEntries
	env.OK(t, token, auditQuery, map[string]any{"where": where}, &got)
	return got
}

// TestAuditTrail: every successful change of a record writes one entry — who,
// when, what and the values before and after; a refused change writes none;
// the unit's own officers and the levels above read the entries, nobody else,
// and nobody can change them.
func TestAuditTrail(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		var ids struct {
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Budgets struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, taiSon, `{ procedures(first: 1) { edges { node { id } } } budgets(where: {fiscalYear: 2023}) { edges { node { id } } } }`, nil, &ids)
		unit := env.UnitID(t, "11098")

		var created struct{ CreateDossier struct{ ID string } }
		env.OK(t, taiSon, createDossier, map[string]any{"input": dossierInput(strconv.Itoa(unit), ids.Procedures.Edges[0].Node.ID, "AUDIT-1")}, &created)
		id := created.CreateDossier.ID
		const upd = `mutation($id: ID!, $in: UpdateDossierInput!) { updateDossier(id: $id, version: 1, input: $in) { id } }`
		env.OK(t, taiSon, upd, map[string]any{"id": id, "in": map[string]any{"code": "AUDIT-2"}}, nil)
		e := env.Fail(t, taiSon, strings.Replace(upd, "version: 1", "version: 2", 1), map[string]any{"id": id, "in": map[string]any{"code": "AUDIT-3", "dueAt": "2000-01-01T00:00:00+07:00"}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "dueAt" {
			t.Errorf("a due date before receipt names dueAt: %+v", e)
		}
		env.OK(t, taiSon, `mutation($id: ID!) { archiveDossier(id: $id, version: 2) { id } }`, map[string]any{"id": id}, nil)

		got := entries(t, env, taiSon, map[string]any{"recordID": id})
		if got.AuditEntries.TotalCount != 3 || len(got.AuditEntries.Edges) != 3 {
			t.Fatalf("create, update and archive make three entries, the refused update none: %+v", got)
		}
		for i, op := range []string{"CREATE", "UPDATE", "ARCHIVE"} {
			n := got.AuditEntries.Edges[i].Node
			if n.Operation != op || n.Subject != "COMMUNE_OFFICER@11098" || n.Role != "COMMUNE_OFFICER" ||
				n.RecordType != "Dossier" || n.RecordID != id || n.Unit.Code != "11098" {
				t.Errorf("entry %d: want %s of Dossier %s by COMMUNE_OFFICER@11098 in 11098, got %+v", i, op, id, n)
			}
		}
		create, update, archive := got.AuditEntries.Edges[0].Node, got.AuditEntries.Edges[1].Node, got.AuditEntries.Edges[2].Node
		if len(create.Before) != 0 || create.After["code"] != "AUDIT-1" || create.After["channel"] != "ONLINE" ||
			create.After["status"] != "RECEIVED" || create.After["unitID"] != float64(unit) {
			t.Errorf("a creation has no values before and its values after: %+v", create)
		}
		if _, ok := create.After["createdAt"]; ok {
			t.Errorf("timestamps are the entry's own time, not values: %+v", create.After)
		}
		if len(update.Before) != 1 || update.Before["code"] != "AUDIT-1" || len(update.After) != 1 || update.After["code"] != "AUDIT-2" {
			t.Errorf("an update holds only the changed field, stored and new: %+v", update)
		}
		if v, ok := archive.Before["archivedAt"]; !ok || v != nil {
			t.Errorf("archiving: archivedAt was null before: %+v", archive.Before)
		}
		if v, _ := archive.After["archivedAt"].(string); !strings.HasPrefix(v, "20") {
			t.Errorf("archiving: archivedAt is set after: %+v", archive.After)
		}

		// A record owned through another: the budget line's unit is its budget's,
		// looked up on creation from the budget it names, on update from the stored row.
		var line struct{ CreateBudgetLine struct{ ID string } }
		env.OK(t, taiSon, `mutation($in: CreateBudgetLineInput!) { createBudgetLine(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"budgetID": ids.Budgets.Edges[0].Node.ID, "direction": "EXPENDITURE", "code": "AUDIT", "name": "Chi thử", "estimate": 1000,
		}}, &line)
		env.OK(t, taiSon, `mutation($id: ID!) { updateBudgetLine(id: $id, version: 1, input: {estimate: 2000}) { id } }`, map[string]any{"id": line.CreateBudgetLine.ID}, nil)
		lines := entries(t, env, taiSon, map[string]any{"recordType": "BudgetLine"})
		if lines.AuditEntries.TotalCount != 2 {
			t.Fatalf("two budget line entries, got %+v", lines)
		}
		for _, e := range lines.AuditEntries.Edges {
			if e.Node.Unit.Code != "11098" || e.Node.RecordID != line.CreateBudgetLine.ID {
				t.Errorf("a budget line belongs to its budget's unit: %+v", e.Node)
			}
		}
		if u := lines.AuditEntries.Edges[1].Node; u.Before["estimate"] != float64(1000) || u.After["estimate"] != float64(2000) {
			t.Errorf("update of the estimate: %+v", u)
		}

		for _, c := range []struct {
			role  viewer.Role
			unit  string
			count int
		}{
			{viewer.CommuneOfficer, "11098", 5},
			{viewer.CommuneOfficer, "11023", 0}, // another commune
			{viewer.DistrictOfficer, "298", 5},
			{viewer.DistrictOfficer, "297", 0}, // another district
			{viewer.ProvinceOfficer, "30", 5},
		} {
			if n := entries(t, env, env.Token(t, c.role, c.unit), nil).AuditEntries.TotalCount; n != c.count {
				t.Errorf("%s of %s reads %d entries, want %d", c.role, c.unit, n, c.count)
			}
		}
		env.Fail(t, env.Token(t, viewer.Analyst, "11098"), auditQuery, nil, "FORBIDDEN")
		env.Fail(t, env.Token(t, viewer.ScoringService, "30"), auditQuery, nil, "FORBIDDEN")
		var nested struct {
			Units struct {
				Edges []struct {
					Node struct{ AuditEntries struct{ TotalCount int } }
				}
			}
		}
		env.OK(t, province, `{ units(where: {code: "11098"}) { edges { node { auditEntries { totalCount } } } } }`, nil, &nested)
		if n := nested.Units.Edges[0].Node.AuditEntries.TotalCount; n != 5 {
			t.Errorf("the unit's auditEntries edge: %d, want 5", n)
		}

		// Nobody can change the trail: no mutation in the schema, and the
		// data layer refuses every role.
		var schema struct {
			Schema struct {
				MutationType struct{ Fields []struct{ Name string } }
			} `json:"__schema"`
		}
		env.OK(t, province, `{ __schema { mutationType { fields { name } } } }`, nil, &schema)
		for _, f := range schema.Schema.MutationType.Fields {
			if strings.Contains(strings.ToLower(f.Name), "audit") {
				t.Errorf("mutation %s changes the audit trail", f.Name)
			}
		}
		for _, role := range viewer.Roles {
			ctx := viewer.NewContext(context.Background(), &viewer.Viewer{
				Subject: "x", Role: role, UnitID: unit, UnitCode: "11098", Scope: []int{unit},
			})
			c := env.DB.Client
			if _, err := c.AuditEntry.Delete().Exec(ctx); err == nil {
				t.Errorf("%s deleted audit entries", role)
			}
			if err := c.AuditEntry.Update().Where(auditentry.UnitID(unit)).Exec(ctx); err == nil {
				t.Errorf("%s updated audit entries", role)
			}
			err := c.AuditEntry.Create().SetAt(time.Now()).SetSubject("x").SetRole(role).
				SetOperation(auditentry.OperationCREATE).SetRecordType("Dossier").SetRecordID(1).SetUnitID(unit).Exec(ctx)
			if err == nil {
				t.Errorf("%s created an audit entry", role)
			}
		}
		if n := entries(t, env, province, nil).AuditEntries.TotalCount; n != 5 {
			t.Errorf("the trail changed: %d entries, want 5", n)
		}
	})
}

// TestAuditEntryRollsBackWithItsChange: the entry is written in the change's
// transaction, so a mutation request that fails leaves neither.
func TestAuditEntryRollsBackWithItsChange(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var list struct {
			Dossiers struct {
				Edges []struct {
					Node struct {
						ID, Code string
						Version  int
					}
				}
			}
		}
		env.OK(t, taiSon, `{ dossiers(first: 1, where: {hasUnitWith: {code: "11098"}}) { edges { node { id code version } } } }`, nil, &list)
		d := list.Dossiers.Edges[0].Node
		env.Fail(t, taiSon, `mutation($id: ID!, $v: Int!, $next: Int!) {
  renamed: updateDossier(id: $id, version: $v, input: {code: "ROLLED-BACK"}) { id }
  refused: updateDossier(id: $id, version: $next, input: {dueAt: "2000-01-01T00:00:00+07:00"}) { id }
}`, map[string]any{"id": d.ID, "v": d.Version, "next": d.Version + 1}, "BAD_USER_INPUT")
		if n := entries(t, env, taiSon, nil).AuditEntries.TotalCount; n != 0 {
			t.Errorf("the first update's entry must roll back with it: %d entries", n)
		}
		var code string
		if err := env.DB.SQL.QueryRow("SELECT code FROM dossiers WHERE id = " + d.ID).Scan(&code); err != nil || code != d.Code {
			t.Errorf("the first update must roll back: code %q, %v", code, err)
		}
	})
}

// TestAuditTrailOwnersAndPersonalData: units own their own entries, the
// procedure catalogue's are filed under the writer's unit, and the trail
// shows nobody what the records would not: officials' personal data and
// disciplinary actions stay with the official's unit and the province.
func TestAuditTrailOwnersAndPersonalData(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		district := env.Token(t, viewer.DistrictOfficer, "298")
		province := env.Token(t, viewer.ProvinceOfficer, "30")

		env.OK(t, province, `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"code": "99999", "name": "Xã thử", "level": "COMMUNE", "kind": "COMMUNE", "parentID": strconv.Itoa(env.UnitID(t, "298")),
		}}, nil)
		units := entries(t, env, province, map[string]any{"recordType": "Unit"})
		if units.AuditEntries.TotalCount != 1 || units.AuditEntries.Edges[0].Node.Unit.Code != "99999" {
			t.Errorf("a new unit owns its creation's entry: %+v", units)
		}
		var procs struct {
			Procedures struct {
				Edges []struct {
					Node struct {
						ID      string
						Version int
					}
				}
			}
		}
		env.OK(t, province, `{ procedures(first: 1) { edges { node { id version } } } }`, nil, &procs)
		// The national catalogue is written by no role: a refused change writes no entry.
		env.Fail(t, province, `mutation($id: ID!, $v: Int!) { updateProcedure(id: $id, version: $v, input: {processingDays: 3}) { id } }`,
			map[string]any{"id": procs.Procedures.Edges[0].Node.ID, "v": procs.Procedures.Edges[0].Node.Version}, "FORBIDDEN")
		if p := entries(t, env, province, map[string]any{"recordType": "Procedure"}); p.AuditEntries.TotalCount != 0 {
			t.Errorf("a refused change to a procedure left entries: %+v", p)
		}

		var officials struct {
			Officials struct {
				Edges []struct {
					Node struct {
						ID      string
						Version int
					}
				}
			}
		}
		env.OK(t, taiSon, `{ officials(first: 1, where: {hasUnitWith: {code: "11098"}}) { edges { node { id version } } } }`, nil, &officials)
		official := officials.Officials.Edges[0].Node.ID
		env.OK(t, taiSon, `mutation($id: ID!, $v: Int!) { updateOfficial(id: $id, version: $v, input: {phone: "0912345678", position: "Công chức thử"}) { id } }`,
			map[string]any{"id": official, "v": officials.Officials.Edges[0].Node.Version}, nil)
		env.OK(t, taiSon, `mutation($id: ID!) { createDisciplinaryAction(input: {officialID: $id, form: REPRIMAND, decidedOn: "2023-05-01"}) { id } }`, map[string]any{"id": official}, nil)

		for _, c := range []struct {
			name, token string
			personal    bool
		}{{"the official's commune", taiSon, true}, {"the district", district, false}, {"the province", province, true}} {
			o := entries(t, env, c.token, map[string]any{"recordType": "Official"})
			if o.AuditEntries.TotalCount != 1 {
				t.Fatalf("%s reads the official's change: %+v", c.name, o)
			}
			after := o.AuditEntries.Edges[0].Node.After
			if after["position"] != "Công chức thử" {
				t.Errorf("%s reads the change of position: %+v", c.name, after)
			}
			if phone, ok := after["phone"]; !ok || (phone == "0912345678") != c.personal {
				t.Errorf("%s: personal data seen %v, want %v: %+v", c.name, phone == "0912345678", c.personal, after)
			}
			da := entries(t, env, c.token, map[string]any{"recordType": "DisciplinaryAction"}).AuditEntries.TotalCount
			if (da == 1) != c.personal {
				t.Errorf("%s reads %d disciplinary action entries, want them only with personal data (%v)", c.name, da, c.personal)
			}
		}

		// An edge predicate cannot probe entries out of scope: Gia Hòa sees
		// its province by name, not the province's entries.
		var probe struct{ Units struct{ TotalCount int } }
		env.OK(t, env.Token(t, viewer.CommuneOfficer, "11023"), `{ units(where: {code: "30", hasAuditEntriesWith: {recordType: "Procedure"}}) { totalCount } }`, nil, &probe)
		if probe.Units.TotalCount != 0 {
			t.Errorf("hasAuditEntriesWith reaches entries out of scope")
		}
	})
}
