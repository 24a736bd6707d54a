package server_test

import (
	"context"
	"fmt"
	"testing"

	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// secondProvince adds, past the privacy rules as the server's own code
// would, province 33 (Hưng Yên) with commune 12100 under it, and two
// national procedures: 9.000001, which only Hưng Yên will list, and
// 9.000002, which no province lists. It returns their IDs.
func secondProvince(t *testing.T, env *apitest.Env) (onlyB, nowhere string) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	c := env.DB.Client
	p, err := c.Unit.Create().SetCode("33").SetName("Hưng Yên").SetLevel(unit.LevelPROVINCE).SetKind(unit.KindPROVINCE).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Unit.Create().SetCode("12100").SetName("Xã Thử").SetLevel(unit.LevelCOMMUNE).SetKind(unit.KindCOMMUNE).
		SetParentID(p.ID).Save(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, code := range []string{"9.000001", "9.000002"} {
		proc, err := c.Procedure.Create().SetCode(code).SetName("Thủ tục thử " + code).SetField("Thử nghiệm").
			SetProcessingDays(3).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fmt.Sprint(proc.ID))
	}
	return ids[0], ids[1]
}

// provinceEntry is a ProvinceProcedure as the tests read it.
type provinceEntry struct {
	ID        string
	Version   int
	Procedure struct{ ID, Code string }
	Unit      struct{ Code string }
}

const entriesQuery = `query($where: ProvinceProcedureWhereInput) { provinceProcedures(where: $where) {
  totalCount edges { node { id version unit { code } procedure { id code } } } } }`

// listOf returns the province entries token reads, matching where.
func listOf(t *testing.T, env *apitest.Env, token string, where map[string]any) []provinceEntry {
	t.Helper()
	var got struct {
		ProvinceProcedures struct {
			Edges []struct{ Node provinceEntry }
		}
	}
	env.OK(t, token, entriesQuery, map[string]any{"where": where}, &got)
	var out []provinceEntry
	for _, e := range got.ProvinceProcedures.Edges {
		out = append(out, e.Node)
	}
	return out
}

// TestProvinceProcedures (issue 15, leak 2): the national catalogue is
// written by no role; each province keeps its own list of the procedures
// that apply there, which only its officers change; a dossier names only a
// procedure its province lists. Nothing one province does changes what
// another province's units depend on, and the province whose list changes
// sees it in its audit trail.
func TestProvinceProcedures(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		onlyB, nowhere := secondProvince(t, env)
		provA := env.Token(t, viewer.ProvinceOfficer, "30")
		communeA := env.Token(t, viewer.CommuneOfficer, "11098")
		provB := env.Token(t, viewer.ProvinceOfficer, "33")
		communeB := env.Token(t, viewer.CommuneOfficer, "12100")
		unitA, unitB := fmt.Sprint(env.UnitID(t, "30")), fmt.Sprint(env.UnitID(t, "33"))
		communeAID, communeBID := fmt.Sprint(env.UnitID(t, "11098")), fmt.Sprint(env.UnitID(t, "12100"))

		// Hải Dương lists the procedures its dossiers name; its communes read the list.
		listA := listOf(t, env, communeA, nil)
		if len(listA) == 0 {
			t.Fatal("Tái Sơn reads no entry of Hải Dương's list")
		}
		for _, e := range listA {
			if e.Unit.Code != "30" {
				t.Fatalf("Tái Sơn reads an entry of province %s", e.Unit.Code)
			}
		}
		if got := listOf(t, env, provB, nil); len(got) != 0 {
			t.Fatalf("Hưng Yên's officer reads %d entries of another province's list", len(got))
		}
		entryA := listA[0]
		shared := entryA.Procedure.ID
		var proc struct {
			Node struct {
				Version int
				Name    string
			}
		}
		env.OK(t, provB, `query($id: ID!) { node(id: $id) { ... on Procedure { version name } } }`, map[string]any{"id": shared}, &proc)

		newDossier := func(token, unitID, procID, code string) *apitest.Response {
			return env.Do(t, token, `mutation($in: CreateDossierInput!) { createDossier(input: $in) { id procedure { id } } }`,
				map[string]any{"in": map[string]any{"unitID": unitID, "procedureID": procID, "code": code, "channel": "DIRECT",
					"receivedAt": "2024-03-04T08:00:00+07:00"}})
		}
		notListed := func(r *apitest.Response, what string) string {
			t.Helper()
			if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "procedureID" {
				t.Fatalf("%s: want BAD_USER_INPUT naming procedureID, got %s %+v", what, r.Data, r.Errors)
			}
			return r.Errors[0].Message
		}

		// Hưng Yên's officer cannot write the national catalogue …
		env.Fail(t, provB, `mutation($id: ID!, $v: Int!) { updateProcedure(id: $id, version: $v, input: {name: "Đổi tên"}) { id } }`,
			map[string]any{"id": shared, "v": proc.Node.Version}, "FORBIDDEN")
		env.Fail(t, provB, `mutation($id: ID!, $v: Int!) { archiveProcedure(id: $id, version: $v) { id } }`,
			map[string]any{"id": shared, "v": proc.Node.Version}, "FORBIDDEN")
		env.Fail(t, provB, `mutation { createProcedure(input: {code: "9.000003", name: "x", field: "x", processingDays: 1}) { id } }`, nil, "FORBIDDEN")
		// … nor can anyone else.
		for _, tok := range []string{provA, communeA} {
			env.Fail(t, tok, `mutation($id: ID!, $v: Int!) { archiveProcedure(id: $id, version: $v) { id } }`,
				map[string]any{"id": shared, "v": proc.Node.Version}, "FORBIDDEN")
		}
		// … nor touch Hải Dương's list, which it cannot read.
		env.Fail(t, provB, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": entryA.ID}, "NOT_FOUND")
		env.Fail(t, provB, `mutation($id: ID!, $v: Int!) { updateProvinceProcedure(id: $id, version: $v, input: {processingDays: 99}) { id } }`,
			map[string]any{"id": entryA.ID, "v": entryA.Version}, "NOT_FOUND")
		env.Fail(t, provB, `mutation($id: ID!, $v: Int!) { archiveProvinceProcedure(id: $id, version: $v) { id } }`,
			map[string]any{"id": entryA.ID, "v": entryA.Version}, "NOT_FOUND")
		e := env.Fail(t, provB, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": unitA, "procedureID": onlyB, "processingDays": 1}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "unitID" {
			t.Fatalf("listing in another province: %+v", e)
		}
		// A province's list is a province's: not a commune's.
		e = env.Fail(t, provB, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": communeBID, "procedureID": onlyB, "processingDays": 1}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "unitID" {
			t.Fatalf("a list given to a commune: %+v", e)
		}
		// Communes do not write lists.
		env.Fail(t, communeA, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": unitA, "procedureID": onlyB, "processingDays": 1}}, "FORBIDDEN")

		// Hưng Yên lists its own: the shared procedure, with its own time, and one of its own.
		var created struct {
			CreateProvinceProcedure provinceEntry
		}
		for _, p := range []string{shared, onlyB} {
			env.OK(t, provB, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id version unit { code } procedure { id code } } }`,
				map[string]any{"in": map[string]any{"unitID": unitB, "procedureID": p, "processingDays": 7, "publishedOn": "2024-01-15"}}, &created)
		}
		env.Fail(t, provB, `mutation($in: CreateProvinceProcedureInput!) { createProvinceProcedure(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": unitB, "procedureID": onlyB, "processingDays": 2}}, "CONFLICT")
		env.OK(t, provB, `mutation($id: ID!, $v: Int!) { updateProvinceProcedure(id: $id, version: $v, input: {processingDays: 10}) { id } }`,
			map[string]any{"id": created.CreateProvinceProcedure.ID, "v": created.CreateProvinceProcedure.Version}, nil)

		// After all Hưng Yên tried, Tái Sơn still files dossiers of the
		// procedure, which reads as it did.
		r := newDossier(communeA, communeAID, shared, "PP-1")
		if len(r.Errors) > 0 {
			t.Fatalf("Tái Sơn's dossier after Hưng Yên's attempts: %+v", r.Errors)
		}
		var after struct {
			Node struct{ Name string }
		}
		env.OK(t, communeA, `query($id: ID!) { node(id: $id) { ... on Procedure { name } } }`, map[string]any{"id": shared}, &after)
		if after.Node.Name != proc.Node.Name {
			t.Fatalf("the national procedure reads %q, was %q", after.Node.Name, proc.Node.Name)
		}

		// A commune names only what its province lists; the answer is the
		// same whether another province lists the procedure or none does.
		m1 := notListed(newDossier(communeA, communeAID, onlyB, "PP-2"), "a procedure only Hưng Yên lists")
		m2 := notListed(newDossier(communeA, communeAID, nowhere, "PP-3"), "a procedure no province lists")
		if m1 != m2 {
			t.Fatalf("listed elsewhere answers %q, listed nowhere %q", m1, m2)
		}
		notListed(newDossier(communeA, communeAID, "999999999", "PP-4"), "a procedure that does not exist")
		if r := newDossier(communeB, communeBID, onlyB, "PP-5"); len(r.Errors) > 0 {
			t.Fatalf("Hưng Yên's commune, a procedure its province lists: %+v", r.Errors)
		}
		// Moving a dossier to a procedure the province does not list is refused too.
		var d struct {
			CreateDossier struct{ ID string }
		}
		env.OK(t, communeA, `mutation($in: CreateDossierInput!) { createDossier(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"unitID": communeAID, "procedureID": shared, "code": "PP-6", "channel": "DIRECT",
				"receivedAt": "2024-03-04T08:00:00+07:00"}}, &d)
		notListed(env.Do(t, communeA, `mutation($id: ID!) { updateDossier(id: $id, version: 1, input: {procedureID: "`+onlyB+`"}) { id } }`,
			map[string]any{"id": d.CreateDossier.ID}), "a dossier moved to a procedure only Hưng Yên lists")

		// Hải Dương takes the procedure off its list: no new dossier names it
		// there, while Hưng Yên's communes go on.
		env.OK(t, provA, `mutation($id: ID!, $v: Int!) { archiveProvinceProcedure(id: $id, version: $v) { id } }`,
			map[string]any{"id": entryA.ID, "v": entryA.Version}, nil)
		notListed(newDossier(communeA, communeAID, shared, "PP-7"), "a procedure Hải Dương took off its list")
		if r := newDossier(communeB, communeBID, shared, "PP-8"); len(r.Errors) > 0 {
			t.Fatalf("Hưng Yên's commune after Hải Dương archived its entry: %+v", r.Errors)
		}
		// Tái Sơn's dossiers still name their procedure.
		var mine struct {
			Dossiers struct {
				Edges []struct {
					Node struct{ Procedure *struct{ ID string } }
				}
			}
		}
		env.OK(t, communeA, `{ dossiers(where: {codeHasPrefix: "PP-"}) { edges { node { procedure { id } } } } }`, nil, &mine)
		if len(mine.Dossiers.Edges) != 2 {
			t.Fatalf("Tái Sơn's new dossiers: %d, want 2", len(mine.Dossiers.Edges))
		}
		for _, e := range mine.Dossiers.Edges {
			if e.Node.Procedure == nil || e.Node.Procedure.ID != shared {
				t.Fatalf("a dossier of Tái Sơn reads its procedure as %+v", e.Node.Procedure)
			}
		}

		// Each province's audit trail shows the changes to its own list, and only those.
		where := map[string]any{"recordType": "ProvinceProcedure"}
		trailA := entries(t, env, provA, where).AuditEntries
		if trailA.TotalCount != 1 || trailA.Edges[0].Node.Operation != "ARCHIVE" || trailA.Edges[0].Node.RecordID != entryA.ID ||
			trailA.Edges[0].Node.Unit.Code != "30" || trailA.Edges[0].Node.Subject != "PROVINCE_OFFICER@30" {
			t.Fatalf("Hải Dương's audit trail of its list: %+v", trailA)
		}
		trailB := entries(t, env, provB, where).AuditEntries
		if trailB.TotalCount != 3 {
			t.Fatalf("Hưng Yên's audit trail of its list: %+v", trailB)
		}
		for _, e := range trailB.Edges {
			if e.Node.Unit.Code != "33" {
				t.Fatalf("Hưng Yên reads an entry of unit %s", e.Node.Unit.Code)
			}
		}
		if n := entries(t, env, provA, map[string]any{"recordType": "Procedure"}).AuditEntries.TotalCount; n != 0 {
			t.Fatalf("the national catalogue changed: %d audit entries", n)
		}
	})
}
