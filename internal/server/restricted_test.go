package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cchc/ent/official"
	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// guess is one way to ask about a restricted value: a document with %s where
// the guessed value goes, a true and a false guess, and the answer expected
// from one who reads the value (true guess, false guess).
type guess struct {
	name         string
	doc          string
	right, wrong string
}

// officialGuesses try every path that could tell the phone, birth date or
// e-mail of Nguyễn Văn Mật (created below in Tái Sơn, 11098): filters of
// each operator, under not, or and has…With of other records, aggregates.
var officialGuesses = []guess{
	{"phone", `{ officials(where: {phone: "%s"}) { totalCount } }`, "0912345678", "0912345679"},
	{"phoneHasPrefix", `{ officials(where: {phoneHasPrefix: "%s"}) { totalCount } }`, "09123", "09124"},
	{"phoneGT", `{ officials(where: {phoneGT: "%s", fullName: "Nguyễn Văn Mật"}) { totalCount } }`, "0912345677", "0912345678"},
	{"phoneIn", `{ officials(where: {phoneIn: ["%s"]}) { totalCount } }`, "0912345678", "0912345670"},
	{"phoneIsNil", `{ officials(where: {fullName: "Nguyễn Văn Mật", %s: true}) { totalCount } }`, "phoneNotNil", "phoneIsNil"},
	{"not phone", `{ officials(where: {fullName: "Nguyễn Văn Mật", not: {phone: "%s"}}) { totalCount } }`, "0912345679", "0912345678"},
	{"or phone", `{ officials(where: {or: [{phone: "%s"}, {fullName: "không có ai"}]}) { totalCount } }`, "0912345678", "0912345679"},
	{"and not or", `{ officials(where: {and: [{not: {or: [{phoneContains: "%s"}]}}], fullName: "Nguyễn Văn Mật"}) { totalCount } }`, "999", "345"},
	{"birthDateLT", `{ officials(where: {birthDateLT: "%s", fullName: "Nguyễn Văn Mật"}) { totalCount } }`, "1980-05-18", "1980-05-17"},
	{"birthDate", `{ officials(where: {birthDate: "%s"}) { totalCount } }`, "1980-05-17", "1980-05-16"},
	{"emailContainsFold", `{ officials(where: {emailContainsFold: "%s"}) { totalCount } }`, "MAT.NV@", "mot.nv@"},
	{"emailNotNil", `{ officials(where: {fullName: "Nguyễn Văn Mật", not: {%s: true}}) { totalCount } }`, "emailIsNil", "emailNotNil"},
	{"trainings hasOfficialWith", `{ trainings(where: {hasOfficialWith: {phoneHasPrefix: "%s"}}) { totalCount } }`, "0912", "0913"},
	{"tasks hasLeadWith", `{ tasks(where: {hasLeadWith: {birthDateGTE: "%s"}, title: "Số hóa hồ sơ"}) { totalCount } }`, "1980-01-01", "1981-01-01"},
	{"units hasOfficialsWith", `{ units(where: {code: "11098", hasOfficialsWith: {phone: "%s"}}) { totalCount } }`, "0912345678", "0912345679"},
	{"nested edge where", `{ units(where: {code: "11098"}) { edges { node { officials(where: {phone: "%s"}) { totalCount } } } } }`, "0912345678", "0912345679"},
	{"aggregate where", `{ officialsAggregate(where: {phone: "%s"}) { edges { node { count } } } }`, "0912345678", "0912345679"},
	{"aggregate not", `{ officialsAggregate(where: {fullName: "Nguyễn Văn Mật", not: {emailHasSuffix: "%s"}}) { edges { node { count } } } }`, "@taison.gov.vn", "@example.vn"},
}

// TestRestrictedFieldsCannotBeGuessed: for a caller who reads an
// official's personal data as null, every path answers a true guess exactly
// as a false one; for the callers who read it, the same documents tell the
// two apart (so the paths work and the guesses are right).
func TestRestrictedFieldsCannotBeGuessed(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		commune := env.Token(t, viewer.CommuneOfficer, "11098")
		var created struct {
			CreateOfficial   struct{ ID string }
			CreateReformPlan struct{ ID string }
		}
		env.OK(t, commune, fmt.Sprintf(`mutation {
  createOfficial(input: {unitID: "%d", fullName: "Nguyễn Văn Mật", category: CONG_CHUC, position: "Văn phòng - Thống kê",
    phone: "0912345678", birthDate: "1980-05-17", email: "mat.nv@taison.gov.vn"}) { id }
  createReformPlan(input: {unitID: "%[1]d", year: 2024, title: "Kế hoạch thử", area: DIRECTION}) { id }
}`, env.UnitID(t, "11098")), nil, &created)
		env.OK(t, commune, fmt.Sprintf(`mutation {
  createTraining(input: {officialID: "%s", title: "Bồi dưỡng kỹ năng"}) { id }
  createTask(input: {planID: "%s", title: "Số hóa hồ sơ", area: PROCEDURES, leadID: "%[1]s"}) { id }
}`, created.CreateOfficial.ID, created.CreateReformPlan.ID), nil, nil)

		readers := []caller{{viewer.CommuneOfficer, "11098"}, {viewer.ProvinceOfficer, "30"}}
		others := []caller{{viewer.DistrictOfficer, "298"}, {viewer.Analyst, "298"}, {viewer.CommuneOfficer, "11101"}}
		answer := func(tok, doc, value string) string {
			r := env.Do(t, tok, fmt.Sprintf(doc, value), nil)
			b, _ := json.Marshal(r.Errors)
			return string(r.Data) + string(b)
		}
		for _, g := range officialGuesses {
			for _, c := range readers {
				tok := env.Token(t, c.role, c.unit)
				if right, wrong := answer(tok, g.doc, g.right), answer(tok, g.doc, g.wrong); right == wrong {
					t.Errorf("%s as %v, who reads the value: the right and wrong guesses both answer %s", g.name, c, right)
				}
			}
			for _, c := range others {
				tok := env.Token(t, c.role, c.unit)
				if right, wrong := answer(tok, g.doc, g.right), answer(tok, g.doc, g.wrong); right != wrong {
					t.Errorf("%s as %v tells the hidden value: right guess %s, wrong guess %s", g.name, c, right, wrong)
				}
			}
		}

		// Search reads names and codes only: a phone finds no official, for anyone.
		for _, c := range append(readers, others...) {
			var got struct{ Officials struct{ TotalCount int } }
			env.OK(t, env.Token(t, c.role, c.unit), `{ officials(search: "0912345678") { totalCount } }`, nil, &got)
			if got.Officials.TotalCount != 0 {
				t.Errorf("search by phone as %v finds %d officials", c, got.Officials.TotalCount)
			}
		}

		// The literal answers of one filter: the district officer counts no
		// official by a phone it cannot read, its own unit's by one it can.
		district := env.Token(t, viewer.DistrictOfficer, "298")
		if err := env.DB.Client.Official.Create().SetUnitID(env.UnitID(t, "298")).SetFullName("Trần Thị Huyện").
			SetCategory(official.CategoryCONG_CHUC).SetPosition("Chuyên viên Phòng Nội vụ").SetPhone("0987000111").
			Exec(privacy.DecisionContext(context.Background(), privacy.Allow)); err != nil {
			t.Fatal(err)
		}
		for phone, want := range map[string]int{"0912345678": 0, "0987000111": 1} {
			var got struct{ Officials struct{ TotalCount int } }
			env.OK(t, district, fmt.Sprintf(`{ officials(where: {phone: "%s"}) { totalCount } }`, phone), nil, &got)
			if got.Officials.TotalCount != want {
				t.Errorf("district officer, officials with phone %s: %d, want %d", phone, got.Officials.TotalCount, want)
			}
		}

		// The export runs the same filters: the district officer's export by a
		// right and a wrong guess are the same file, with no row of Mật.
		export := func(tok, phone string) string {
			body := fmt.Sprintf(`{"query": "{ officials(where: {phoneHasPrefix: \"%s\"}) { edges { node { fullName phone birthDate email } } } }"}`, phone)
			resp, b := env.Post(t, tok, "/export?format=csv", "application/json", body)
			if resp.StatusCode != 200 {
				t.Fatalf("export: %d %s", resp.StatusCode, b)
			}
			return string(b)
		}
		if right, wrong := export(district, "0912"), export(district, "0913"); right != wrong || strings.Contains(right, "Mật") {
			t.Errorf("the export tells the phone: right guess\n%s\nwrong guess\n%s", right, wrong)
		}
		if right := export(commune, "0912"); !strings.Contains(right, "Nguyễn Văn Mật") || !strings.Contains(right, "0912345678") {
			t.Errorf("the commune's own export lacks its official:\n%s", right)
		}

		// The audit trail shows the creation to the district, the values as null.
		var audit struct {
			AuditEntries struct {
				Edges []struct {
					Node struct{ After map[string]any }
				}
			}
		}
		env.OK(t, district, fmt.Sprintf(`{ auditEntries(where: {recordType: "Official", recordID: "%s"}) { edges { node { after } } } }`,
			created.CreateOfficial.ID), nil, &audit)
		if len(audit.AuditEntries.Edges) != 1 {
			t.Fatalf("district officer reads %d audit entries of the official, want 1", len(audit.AuditEntries.Edges))
		}
		after := audit.AuditEntries.Edges[0].Node.After
		if after["fullName"] != "Nguyễn Văn Mật" || after["phone"] != nil || after["birthDate"] != nil || after["email"] != nil {
			t.Errorf("audit entry as the district officer: %v", after)
		}
	})
}

// TestUnitsAboveShowNameAndCode: a commune reads its district and province
// by code, name, level, kind and parent only; the rest reads as empty, and
// filters on it tell nothing.
func TestUnitsAboveShowNameAndCode(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		commune := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		const q = `{ units(where: {code: "30"}) { edges { node { code name level kind parent { code } version createdAt validFrom validTo classification mergedInto { code } } } } }`
		var got struct {
			Units struct {
				Edges []struct {
					Node struct {
						Code, Name, Level, Kind string
						Version                 *int
						CreatedAt               *string
						ValidFrom, ValidTo      *string
						Classification          *string
					}
				}
			}
		}
		env.OK(t, commune, q, nil, &got)
		if len(got.Units.Edges) != 1 {
			t.Fatalf("the commune reads %d units coded 30", len(got.Units.Edges))
		}
		n := got.Units.Edges[0].Node
		if n.Code != "30" || n.Name != "Hải Dương" || n.Level != "PROVINCE" || n.Kind != "PROVINCE" || n.Version != nil ||
			n.CreatedAt != nil || n.ValidFrom != nil || n.ValidTo != nil || n.Classification != nil {
			t.Errorf("the province as its commune reads it: %+v", n)
		}
		env.OK(t, province, q, nil, &got)
		if n := got.Units.Edges[0].Node; n.Version == nil || *n.Version < 1 || n.CreatedAt == nil {
			t.Errorf("the province as its own officer reads it: %+v", n)
		}
		// Right and wrong guesses (in this order) of the province's hidden
		// fields, as filters, also under not: the commune gets the same
		// answer for both, the province officer 1 and 0.
		for _, pair := range [][2]string{
			{`createdAtGT: "2000-01-01T00:00:00Z"`, `createdAtLT: "2000-01-01T00:00:00Z"`},
			{`not: {createdAtLT: "2000-01-01T00:00:00Z"}`, `not: {createdAtGT: "2000-01-01T00:00:00Z"}`},
			{`hasMergedInto: false`, `hasMergedInto: true`},
			{`not: {hasMergedInto: true}`, `not: {hasMergedInto: false}`},
			{`validToIsNil: true`, `validToNotNil: true`},
		} {
			var answers [2]string
			for i, filter := range pair {
				r := env.Do(t, commune, fmt.Sprintf(`{ units(where: {code: "30", %s}) { totalCount } }`, filter), nil)
				answers[i] = string(r.Data)
				if len(r.Errors) > 0 {
					t.Errorf("%s as the commune: %+v", filter, r.Errors)
				}
			}
			if answers[0] != answers[1] {
				t.Errorf("the commune tells the province's hidden fields: %s answers %s, %s answers %s", pair[0], answers[0], pair[1], answers[1])
			}
			for i, filter := range pair {
				var p struct{ Units struct{ TotalCount int } }
				env.OK(t, province, fmt.Sprintf(`{ units(where: {code: "30", %s}) { totalCount } }`, filter), nil, &p)
				if want := 1 - i; p.Units.TotalCount != want {
					t.Errorf("%s as the province officer: %d, want %d", filter, p.Units.TotalCount, want)
				}
			}
		}
		var mine struct{ Units struct{ TotalCount int } }
		env.OK(t, commune, `{ units(where: {code: "11098", createdAtGT: "2000-01-01T00:00:00Z"}) { totalCount } }`, nil, &mine)
		if mine.Units.TotalCount != 1 {
			t.Errorf("the commune filters its own unit by createdAt: %d, want 1", mine.Units.TotalCount)
		}
	})
}

// TestParentPlanOutOfScope: a commune's plan implements its district's,
// which the commune does not read: the plan's parentPlan reads as null and
// no field names the district plan's ID; the district reads the link.
func TestParentPlanOutOfScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		var planID, parentID int64
		err := env.DB.SQL.QueryRow(`SELECT p.id, p.parent_plan_id FROM reform_plans p JOIN units u ON u.id = p.unit_id
  WHERE u.code = '11098' AND p.parent_plan_id IS NOT NULL ORDER BY p.id LIMIT 1`).Scan(&planID, &parentID)
		if err != nil {
			t.Fatal(err)
		}
		const q = `query($id: ID!) { node(id: $id) { ... on ReformPlan { parentPlan { id } } } }`
		vars := map[string]any{"id": fmt.Sprint(planID)}
		var got struct {
			Node struct{ ParentPlan *struct{ ID string } }
		}
		env.OK(t, env.Token(t, viewer.CommuneOfficer, "11098"), q, vars, &got)
		if got.Node.ParentPlan != nil {
			t.Errorf("the commune reads its district's plan %s through parentPlan", got.Node.ParentPlan.ID)
		}
		env.OK(t, env.Token(t, viewer.DistrictOfficer, "298"), q, vars, &got)
		if got.Node.ParentPlan == nil || got.Node.ParentPlan.ID != fmt.Sprint(parentID) {
			t.Errorf("the district reads parentPlan %+v, want %d", got.Node.ParentPlan, parentID)
		}
		env.Fail(t, env.Token(t, viewer.CommuneOfficer, "11098"), `query($id: ID!) { node(id: $id) { ... on ReformPlan { parentPlanID } } }`, vars, "GRAPHQL_VALIDATION_FAILED")
	})
}
