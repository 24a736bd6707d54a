package server_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

const createDossier = `mutation($input: CreateDossierInput!) { createDossier(input: $input) { id code unit { code } } }`

// dossierInput is a valid new dossier of the unit with the given ID.
func dossierInput(unitID, procedureID string, code string) map[string]any {
	return map[string]any{
		"code": code, "channel": "ONLINE", "unitID": unitID, "procedureID": procedureID,
		"receivedAt": "2023-06-30T23:30:00+07:00", "dueAt": "2023-07-03T17:00:00+07:00",
	}
}

func TestWrites(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var ids struct {
			Units struct {
				Edges []struct{ Node struct{ ID, Code string } }
			}
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), `{ units { edges { node { id code } } } procedures(first: 1) { edges { node { id } } } }`, nil, &ids)
		unit := map[string]string{}
		for _, e := range ids.Units.Edges {
			unit[e.Node.Code] = e.Node.ID
		}
		proc := ids.Procedures.Edges[0].Node.ID
		count := func() int {
			var c struct{ Dossiers struct{ TotalCount int } }
			env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), `{ dossiers { totalCount } }`, nil, &c)
			return c.Dossiers.TotalCount
		}
		before := count()

		var created struct {
			CreateDossier struct {
				ID, Code string
				Unit     struct{ Code string }
			}
		}
		env.OK(t, taiSon, createDossier, map[string]any{"input": dossierInput(unit["11098"], proc, "TEST-0001")}, &created)
		if created.CreateDossier.Unit.Code != "11098" {
			t.Fatalf("created %+v", created)
		}
		if count() != before+1 {
			t.Fatalf("the dossier was not written")
		}
		before++

		bad := []struct {
			name, token, query string
			vars               map[string]any
			code, field        string
		}{
			{"unknown unit", taiSon, createDossier, map[string]any{"input": dossierInput("51539999999", proc, "X1")}, "BAD_USER_INPUT", "unitID"},
			{"unit out of scope answers as unknown", taiSon, createDossier, map[string]any{"input": dossierInput(unit["11023"], proc, "X2")}, "BAD_USER_INPUT", "unitID"},
			{"unit visible but not writable", taiSon, createDossier, map[string]any{"input": dossierInput(unit["298"], proc, "X3")}, "FORBIDDEN", ""},
			{"analyst writes nothing", env.Token(t, viewer.Analyst, "298"), createDossier, map[string]any{"input": dossierInput(unit["11098"], proc, "X4")}, "FORBIDDEN", ""},
			{"due before receipt", taiSon, createDossier, map[string]any{"input": with(dossierInput(unit["11098"], proc, "X5"), "dueAt", "2023-06-01T08:00:00+07:00")}, "BAD_USER_INPUT", "dueAt"},
			{"finished without finished status", taiSon, createDossier, map[string]any{"input": with(dossierInput(unit["11098"], proc, "X6"), "finishedAt", "2023-07-01T08:00:00+07:00")}, "BAD_USER_INPUT", "finishedAt"},
			{"code over its limit", taiSon, createDossier, map[string]any{"input": dossierInput(unit["11098"], proc, strings.Repeat("A", 65))}, "BAD_USER_INPUT", "code"},
			{"empty code", taiSon, createDossier, map[string]any{"input": dossierInput(unit["11098"], proc, "")}, "BAD_USER_INPUT", "code"},
			{"enum value that does not exist", taiSon, createDossier, map[string]any{"input": with(dossierInput(unit["11098"], proc, "X7"), "channel", "FAX")}, "GRAPHQL_VALIDATION_FAILED", ""},
			{"duplicate code in the unit", taiSon, createDossier, map[string]any{"input": dossierInput(unit["11098"], proc, "TEST-0001")}, "CONFLICT", "code"},
			{"procedure that does not exist", taiSon, createDossier, map[string]any{"input": dossierInput(unit["11098"], unit["11098"], "X8")}, "BAD_USER_INPUT", "procedureID"},
			{"update out of scope", env.Token(t, viewer.CommuneOfficer, "11023"), `mutation($id: ID!) { updateDossier(id: $id, version: 1, input: {code: "Y"}) { id } }`, map[string]any{"id": created.CreateDossier.ID}, "NOT_FOUND", ""},
			{"move into another commune", taiSon, `mutation($id: ID!, $u: ID!) { updateDossier(id: $id, version: 1, input: {unitID: $u}) { id } }`, map[string]any{"id": created.CreateDossier.ID, "u": unit["11023"]}, "BAD_USER_INPUT", "unitID"},
		}
		for _, c := range bad {
			t.Run(c.name, func(t *testing.T) {
				e := env.Fail(t, c.token, c.query, c.vars, c.code)
				if c.field != "" && e.Extensions["field"] != c.field {
					t.Errorf("want field %s, got %+v", c.field, e)
				}
				if c.field != "" && !strings.Contains(e.Message, c.field) {
					t.Errorf("the message must name the field %s: %q", c.field, e.Message)
				}
			})
		}
		if n := count(); n != before {
			t.Fatalf("refused writes must write nothing: %d dossiers, want %d", n, before)
		}
	})
}

func TestMoneyAndBudgetLines(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var b struct {
			Budgets struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, taiSon, `{ budgets(where: {fiscalYear: 2023}) { edges { node { id } } } }`, nil, &b)
		if len(b.Budgets.Edges) != 1 {
			t.Fatalf("Tái Sơn has one 2023 budget, got %+v", b)
		}
		const q = `mutation($in: CreateBudgetLineInput!) { createBudgetLine(input: $in) { id estimate } }`
		line := func(code string, estimate int64) map[string]any {
			return map[string]any{"in": map[string]any{"budgetID": b.Budgets.Edges[0].Node.ID, "direction": "EXPENDITURE", "code": code, "name": "Chi thử", "estimate": estimate}}
		}
		e := env.Fail(t, taiSon, q, line("T-1", -1), "BAD_USER_INPUT")
		if e.Extensions["field"] != "estimate" {
			t.Errorf("negative money must name estimate: %+v", e)
		}
		var ok struct{ CreateBudgetLine struct{ Estimate int64 } }
		env.OK(t, taiSon, q, line("T-2", 9_000_000_000_000), &ok)
		if ok.CreateBudgetLine.Estimate != 9_000_000_000_000 {
			t.Errorf("money must round-trip as a 64-bit integer: %+v", ok)
		}
		env.Fail(t, env.Token(t, viewer.CommuneOfficer, "11023"), q, line("T-3", 1), "BAD_USER_INPUT")
	})
}

func with(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

func TestArchiveKeepsHistoryOutOfLists(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var list struct {
			Dossiers struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID      string
						Version int
					}
				}
			}
		}
		const q = `{ dossiers(first: 1, where: {hasUnitWith: {code: "11098"}}) { totalCount edges { node { id version } } } }`
		env.OK(t, taiSon, q, nil, &list)
		before, id := list.Dossiers.TotalCount, list.Dossiers.Edges[0].Node.ID
		const archive = `mutation($id: ID!, $v: Int!) { archiveDossier(id: $id, version: $v) { id } }`
		vars := map[string]any{"id": id, "v": list.Dossiers.Edges[0].Node.Version}
		env.Fail(t, env.Token(t, viewer.CommuneOfficer, "11023"), archive, vars, "NOT_FOUND")
		env.Fail(t, env.Token(t, viewer.Analyst, "11098"), archive, vars, "FORBIDDEN")
		env.OK(t, taiSon, archive, vars, nil)
		env.OK(t, taiSon, q, nil, &list)
		if list.Dossiers.TotalCount != before-1 {
			t.Errorf("an archived dossier leaves the list: %d, want %d", list.Dossiers.TotalCount, before-1)
		}
		env.Fail(t, taiSon, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, "NOT_FOUND")
		var kept int
		if err := env.DB.SQL.QueryRow("SELECT COUNT(*) FROM dossiers WHERE archived_at IS NOT NULL").Scan(&kept); err != nil || kept != 1 {
			t.Errorf("the archived dossier must stay in the database: %d, %v", kept, err)
		}
	})
}

// TestUpdateChecksStoredValues: an update that sets one side of an invariant
// is checked against the stored other side.
func TestUpdateChecksStoredValues(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var list struct {
			Dossiers struct {
				Edges []struct {
					Node struct {
						ID, ReceivedAt string
						Version        int
					}
				}
			}
		}
		env.OK(t, taiSon, `{ dossiers(first: 1, where: {status: IN_PROGRESS}) { edges { node { id receivedAt version } } } }`, nil, &list)
		if len(list.Dossiers.Edges) == 0 {
			t.Fatal("the demonstration data has dossiers in progress")
		}
		id, v := list.Dossiers.Edges[0].Node.ID, list.Dossiers.Edges[0].Node.Version
		const upd = `mutation($id: ID!, $v: Int!, $in: UpdateDossierInput!) { updateDossier(id: $id, version: $v, input: $in) { id status } }`
		e := env.Fail(t, taiSon, upd, map[string]any{"id": id, "v": v, "in": map[string]any{"dueAt": "2000-01-01T00:00:00+07:00"}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "dueAt" {
			t.Errorf("want dueAt, got %+v", e)
		}
		e = env.Fail(t, taiSon, upd, map[string]any{"id": id, "v": v, "in": map[string]any{"status": "RESOLVED"}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "finishedAt" {
			t.Errorf("resolving without a finish time must name finishedAt, got %+v", e)
		}
		env.OK(t, taiSon, upd, map[string]any{"id": id, "v": v, "in": map[string]any{"status": "RESOLVED", "finishedAt": "2030-01-01T09:00:00+07:00"}}, nil)
	})
}

// TestDuplicateKeysNameTheField: codes and the other keys that must be
// unique are unique indexes of the database, whoever writes; a duplicate
// answers CONFLICT naming the key's own field, and lists every field of the
// key in extensions.fields.
func TestDuplicateKeysNameTheField(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		var ids struct {
			Procedures struct {
				Edges []struct{ Node struct{ ID, Code string } }
			}
			Budgets struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Dossiers struct {
				Edges []struct {
					Node struct {
						ID, Code string
						Version  int
					}
				}
			}
		}
		env.OK(t, taiSon, `{ procedures(first: 1) { edges { node { id code } } } budgets(where: {fiscalYear: 2023}) { edges { node { id } } }
  dossiers(first: 2, where: {hasUnitWith: {code: "11098"}}) { edges { node { id code version } } } }`, nil, &ids)
		unit, parent := strconv.Itoa(env.UnitID(t, "11098")), strconv.Itoa(env.UnitID(t, "298"))
		line := map[string]any{"budgetID": ids.Budgets.Edges[0].Node.ID, "direction": "REVENUE", "code": "DUP-1", "name": "Thu thử", "estimate": 1}
		env.OK(t, taiSon, `mutation($in: CreateBudgetLineInput!) { createBudgetLine(input: $in) { id } }`, map[string]any{"in": line}, nil)
		first, second := ids.Dossiers.Edges[0].Node, ids.Dossiers.Edges[1].Node
		var listed struct {
			ProvinceProcedures struct {
				Edges []struct {
					Node struct{ Procedure struct{ ID string } }
				}
			}
		}
		env.OK(t, province, `{ provinceProcedures(first: 1) { edges { node { procedure { id } } } } }`, nil, &listed)
		for _, c := range []struct {
			name, token, query string
			vars               map[string]any
			field              string
			fields             []any
		}{
			{"unit code", province, `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"code": "11098", "name": "Xã trùng mã", "level": "COMMUNE", "kind": "COMMUNE", "parentID": parent}}, "code", []any{"code"}},
			{"procedure in a province's list", province, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"unitID": strconv.Itoa(env.UnitID(t, "30")), "procedureID": listed.ProvinceProcedures.Edges[0].Node.Procedure.ID, "processingDays": 1}}, "procedureID", []any{"unitID", "procedureID"}},
			{"account subject", province, `mutation($in: CreateAccountInput!) { createAccount(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"subject": "COMMUNE_OFFICER@11098", "role": "ANALYST", "unitID": unit}}, "subject", []any{"subject"}},
			{"budget line code", taiSon, `mutation($in: CreateBudgetLineInput!) { createBudgetLine(input: $in) { id } }`,
				map[string]any{"in": line}, "code", []any{"direction", "code", "budgetID"}},
			{"staffing quota of a year", province, `mutation($in: CreateStaffingQuotaInput!) { createStaffingQuota(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"unitID": unit, "year": 2023, "canBo": 1, "congChuc": 1}}, "year", []any{"year", "unitID"}},
			{"dossier renamed to another's code", taiSon, `mutation($id: ID!, $v: Int!, $code: String!) { updateDossier(id: $id, version: $v, input: {code: $code}) { id } }`,
				map[string]any{"id": first.ID, "v": first.Version, "code": second.Code}, "code", []any{"code", "unitID"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				e := env.Fail(t, c.token, c.query, c.vars, "CONFLICT")
				if e.Extensions["field"] != c.field || !strings.HasPrefix(e.Message, c.field+": ") {
					t.Errorf("want field %s, got %+v", c.field, e)
				}
				got, _ := e.Extensions["fields"].([]any)
				slices.SortFunc(got, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
				slices.SortFunc(c.fields, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
				if !slices.Equal(got, c.fields) {
					t.Errorf("fields of the key: got %v, want %v", e.Extensions["fields"], c.fields)
				}
			})
		}
	})
}
