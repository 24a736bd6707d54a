package server_test

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// disciplineQuery reads every GraphQL path by which a report shows figures.
const disciplineQuery = `query($unit: String!, $p: PeriodInput!) { report(unit: $unit, period: $p) {
  figures { key label live submitted changed }
  direction { paragraphs figures { key live } }
  results { paragraphs figures { key label live submitted } }
  live { dossiers { total } findings { code message } }
  submitted { findings { code message } }
  findings { code message }
  record { id snapshot }
} }`

// disciplineWords are what a report says of discipline, in any of its forms:
// the figure's key, its label and the sentences of section II.4.
var disciplineWords = []string{"disciplinaryActions", "xử lý kỷ luật"}

// TestDisciplineFiguresWithheld: the disciplinary actions of a commune's
// officials are read by its own officers and the province's, not by the
// district officer or analyst above it (docs/ACCESS.md); so are the figures
// counted from them, on every path a figure takes: the report's figures,
// live and submitted, its text, its stored snapshot, the audit trail of its
// submission, /export, the .docx and Markdown downloads, the indicators and
// their /indicators download.
func TestDisciplineFiguresWithheld(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		withheld := map[string]string{
			"district officer": env.Token(t, viewer.DistrictOfficer, "298"),
			"analyst":          env.Token(t, viewer.Analyst, "298"),
		}

		var off struct {
			Officials struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, taiSon, `{ officials(first: 1) { edges { node { id } } } }`, nil, &off)
		env.OK(t, taiSon, `mutation($o: ID!) { createDisciplinaryAction(input: {officialID: $o, form: REPRIMAND, decisionNumber: "12/QĐ-UBND", decidedOn: "2023-03-15"}) { id } }`,
			map[string]any{"o": off.Officials.Edges[0].Node.ID}, nil)
		// The report of the half-year is submitted: its snapshot holds the count.
		id := taiSonReportID(t, env, taiSon)
		env.OK(t, taiSon, submitReport, map[string]any{"id": id, "v": storedVersion(t, env, "reports", id)}, nil)

		march := map[string]any{"year": 2023, "kind": "MONTH", "index": 3}
		half := map[string]any{"year": 2023, "kind": "HALF_YEAR", "index": 1}
		report := func(token, unit string, p map[string]any) string {
			t.Helper()
			r := env.Do(t, token, disciplineQuery, map[string]any{"unit": unit, "p": p})
			if len(r.Errors) > 0 {
				t.Fatalf("report of %s: %+v", unit, r.Errors)
			}
			return string(r.Data)
		}
		const sentence = "Trong kỳ có 1 trường hợp cán bộ, công chức bị xử lý kỷ luật."
		const figure = `{"key":"civilService.disciplinaryActions","label":"Trường hợp bị xử lý kỷ luật trong kỳ","live":1,"submitted":`

		// Those who read the records read the figures: the commune's own
		// officer of its report, the province's of the commune and district.
		for _, c := range []struct{ name, token, unit string }{
			{"commune officer", taiSon, "11098"}, {"province officer", province, "11098"}, {"province officer", province, "298"},
		} {
			for _, p := range []map[string]any{march, half} {
				got := report(c.token, c.unit, p)
				if !strings.Contains(got, figure) || !strings.Contains(got, sentence) {
					t.Errorf("%s, report of %s for %v: no count of 1 disciplinary action:\n%s", c.name, c.unit, p, got)
				}
			}
		}
		if got := report(taiSon, "11098", half); !strings.Contains(got, `"disciplinaryActions":1`) {
			t.Errorf("the commune officer's snapshot lacks the count:\n%s", got)
		}

		// The district officer and analyst above it read none of them,
		// neither of the commune nor of the district, which counts it.
		absent := func(name, what, body string) {
			t.Helper()
			for _, w := range disciplineWords {
				if strings.Contains(body, w) {
					t.Errorf("%s reads %q in %s:\n%s", name, w, what, body)
				}
			}
		}
		for name, token := range withheld {
			for _, unit := range []string{"11098", "298"} {
				for _, p := range []map[string]any{march, half} {
					got := report(token, unit, p)
					absent(name, "the report of "+unit, got)
					if !strings.Contains(got, `"civilService.trainings"`) {
						t.Errorf("%s: the other civil-service figures are gone too:\n%s", name, got)
					}
				}
			}
			var stored struct {
				Reports struct {
					Edges []struct {
						Node struct{ Snapshot map[string]any }
					}
				}
			}
			paths := env.Do(t, token, `query($id: ID!) {
  reports(where: {hasUnitWith: {code: "11098"}}) { edges { node { id snapshot } } }
  node(id: $id) { ... on Report { snapshot } }
  nodes(ids: [$id]) { ... on Report { snapshot } }
}`, map[string]any{"id": id})
			if len(paths.Errors) > 0 {
				t.Fatalf("%s: %+v", name, paths.Errors)
			}
			absent(name, "the stored report", string(paths.Data))
			if name == "district officer" { // analysts read no audit trail
				trail := env.Do(t, token, `{ auditEntries(where: {recordType: "Report"}) { totalCount edges { node { before after } } } }`, nil)
				if len(trail.Errors) > 0 || !strings.Contains(string(trail.Data), `"civilService":{`) {
					t.Fatalf("%s: the audit trail of the submission: %s %+v", name, trail.Data, trail.Errors)
				}
				absent(name, "the audit trail", string(trail.Data))
			}
			env.OK(t, token, `{ reports(where: {hasUnitWith: {code: "11098"}}) { edges { node { snapshot } } } }`, nil, &stored)
			kept := false
			for _, e := range stored.Reports.Edges {
				kept = kept || e.Node.Snapshot["civilService"] != nil
			}
			if !kept {
				t.Errorf("%s: the snapshot's other figures are gone: %+v", name, stored)
			}
			_, exported := exportQuery(t, env, token, "csv", `{ reports(where: {hasUnitWith: {code: "11098"}}) { edges { node { id snapshot } } } }`, nil)
			absent(name, "/export", string(exported))

			for _, format := range []string{"md", "docx"} {
				for _, path := range []string{
					"/report?unit=11098&year=2023&kind=MONTH&index=3&format=",
					"/report?unit=11098&year=2023&kind=HALF_YEAR&index=1&format=",
					"/report?unit=298&year=2023&kind=HALF_YEAR&index=1&format=",
				} {
					res, body := env.Get(t, token, path+format)
					if res.StatusCode != 200 {
						t.Fatalf("%s %s: HTTP %d %s", name, path+format, res.StatusCode, body)
					}
					if format == "docx" {
						body = []byte(documentXML(t, body))
					}
					absent(name, path+format, string(body))
				}
			}
		}
		// The province officer reads the stored count too, in the audit trail.
		var audit struct {
			AuditEntries struct {
				Edges []struct {
					Node struct{ After map[string]any }
				}
			}
		}
		env.OK(t, province, `{ auditEntries(where: {recordType: "Report"}) { edges { node { after } } } }`, nil, &audit)
		found := false
		for _, e := range audit.AuditEntries.Edges {
			if s, ok := e.Node.After["snapshot"].(map[string]any); ok {
				found = found || s["civilService"].(map[string]any)["disciplinaryActions"] == 1.0
			}
		}
		if !found {
			t.Errorf("the province officer does not read the submission's count in the audit trail: %+v", audit)
		}
		// Downloads read as the commune's officer show the count.
		for _, format := range []string{"md", "docx"} {
			_, body := env.Get(t, taiSon, "/report?unit=11098&year=2023&kind=MONTH&index=3&format="+format)
			if format == "docx" {
				body = []byte(documentXML(t, body))
			}
			if !strings.Contains(string(body), sentence) {
				t.Errorf("the commune officer's %s lacks %q", format, sentence)
			}
		}

		// Indicators carry no figure from disciplinary actions, for anyone.
		for name, token := range map[string]string{"district officer": withheld["district officer"], "commune officer": taiSon, "province officer": province} {
			r := env.Do(t, token, `{ indicators(period: {year: 2023, kind: MONTH, index: 3}, units: ["11098"]) { unit { code } findings { code message } } }`, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("%s: %+v", name, r.Errors)
			}
			absent(name, "the indicators", string(r.Data))
			res, csv := download(t, env, token, "units=11098&year=2023&kind=MONTH&index=3&format=csv")
			if res.StatusCode != 200 {
				t.Fatalf("%s: HTTP %d %s", name, res.StatusCode, csv)
			}
			absent(name, "/indicators CSV", string(csv))
			res, xlsx := download(t, env, token, "units=11098&year=2023&kind=MONTH&index=3&format=xlsx")
			f, err := excelize.OpenReader(strings.NewReader(string(xlsx)))
			if res.StatusCode != 200 || err != nil {
				t.Fatalf("%s: HTTP %d, %v", name, res.StatusCode, err)
			}
			rows, _ := f.GetRows(f.GetSheetName(0))
			var cells strings.Builder
			for _, row := range rows {
				cells.WriteString(strings.Join(row, "\t") + "\n")
			}
			absent(name, "/indicators XLSX", cells.String())
		}
	})
}
