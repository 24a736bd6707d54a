package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/internal/apitest"
	"cchc/internal/server"
	"cchc/internal/viewer"
)

// exportQuery posts a GraphQL request to /export?format=… and returns the answer.
func exportQuery(t *testing.T, env *apitest.Env, token, format, query string, vars map[string]any) (*http.Response, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return env.Post(t, token, "/export?format="+format, "application/json", string(body))
}

// exportCSV exports as CSV, checks the answer and returns its records, the header first.
func exportCSV(t *testing.T, env *apitest.Env, token, query string, vars map[string]any) [][]string {
	t.Helper()
	res, body := exportQuery(t, env, token, "csv", query, vars)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	raw, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatal("the CSV must start with the UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// taiSonDossiers is the query of the issue: the dossiers of Tái Sơn, 100 a page.
const taiSonDossiers = `{ dossiers(where: {hasUnitWith: {code: "11098"}}, first: 100) {
  edges { node { code channel status unit { name } procedure { field } } } } }`

// dossierCount is the totalCount of dossiers(where) as the caller reads it from /graphql.
func dossierCount(t *testing.T, env *apitest.Env, token string, where map[string]any) int {
	t.Helper()
	var out struct{ Dossiers struct{ TotalCount int } }
	env.OK(t, token, `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`, map[string]any{"w": where}, &out)
	return out.Dossiers.TotalCount
}

// checkTaiSon checks the rows of taiSonDossiers: every dossier of Tái Sơn, once.
func checkTaiSon(t *testing.T, recs [][]string, total int) {
	t.Helper()
	if want := []string{"code", "channel", "status", "unit.name", "procedure.field"}; !slices.Equal(recs[0], want) {
		t.Fatalf("header %q, want %q", recs[0], want)
	}
	rows := recs[1:]
	if total <= 400 || len(rows) != total {
		t.Fatalf("%d rows, want the %d dossiers of Tái Sơn (more than 400: several pages)", len(rows), total)
	}
	codes := map[string]bool{}
	for _, r := range rows {
		if len(r) != 5 || r[3] != "Tái Sơn" || r[0] == "" || r[1] == "" || r[4] == "" {
			t.Fatalf("row %q", r)
		}
		codes[r[0]] = true
	}
	if len(codes) != total {
		t.Errorf("%d distinct codes in %d rows: a page was repeated", len(codes), total)
	}
}

func TestExportConnectionCSV(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		total := dossierCount(t, env, tok, map[string]any{"hasUnitWith": []map[string]any{{"code": "11098"}}})
		res, _ := exportQuery(t, env, tok, "csv", taiSonDossiers, nil)
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="dossiers.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if e := res.Trailer.Get("Export-Error"); e != "" {
			t.Errorf("Export-Error %q on a whole export", e)
		}
		recs := exportCSV(t, env, tok, taiSonDossiers, nil)
		checkTaiSon(t, recs, total)

		// A row is the dossier as /graphql reads it.
		var one struct {
			Dossiers struct {
				Edges []struct {
					Node struct {
						Code, Channel, Status string
						Unit                  struct{ Name string }
						Procedure             struct{ Field string }
					}
				}
			}
		}
		env.OK(t, tok, `{ dossiers(where: {hasUnitWith: {code: "11098"}}, first: 1) { edges { node { code channel status unit { name } procedure { field } } } } }`, nil, &one)
		n := one.Dossiers.Edges[0].Node
		if want := []string{n.Code, n.Channel, n.Status, n.Unit.Name, n.Procedure.Field}; !slices.Equal(recs[1], want) {
			t.Errorf("first row %q, want %q", recs[1], want)
		}

		// The query as application/graphql text.
		res, body := env.Post(t, tok, "/export?format=csv", "application/graphql", taiSonDossiers)
		if res.StatusCode != http.StatusOK || bytes.Count(body, []byte("\n")) != total+1 {
			t.Errorf("application/graphql: HTTP %d, %d lines", res.StatusCode, bytes.Count(body, []byte("\n")))
		}
	})
}

func TestExportConnectionXLSX(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		total := dossierCount(t, env, tok, map[string]any{"hasUnitWith": []map[string]any{{"code": "11098"}}})
		res, body := exportQuery(t, env, tok, "xlsx", taiSonDossiers, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d: %s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="dossiers.xlsx"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"dossiers"}) {
			t.Errorf("sheets %q", sheets)
		}
		rows, err := f.GetRows("dossiers")
		if err != nil {
			t.Fatal(err)
		}
		checkTaiSon(t, rows, total)
	})
}

func TestExportIsScoped(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11023")
		recs := exportCSV(t, env, tok, `{ dossiers { edges { node { code unit { code name } } } } }`, nil)
		total := dossierCount(t, env, tok, nil)
		if !slices.Equal(recs[0], []string{"code", "unit.code", "unit.name"}) || len(recs)-1 != total || total == 0 {
			t.Fatalf("header %q, %d rows, want the %d dossiers Gia Hòa's officer reads", recs[0], len(recs)-1, total)
		}
		units := map[string]bool{}
		for _, r := range recs[1:] {
			units[r[1]+" "+r[2]] = true
		}
		if len(units) != 1 || !units["11023 Gia Hòa"] {
			t.Errorf("units %v, want only Gia Hòa", units)
		}
		// Reading another unit's dossiers by a where predicate finds nothing either.
		recs = exportCSV(t, env, tok, taiSonDossiers, nil)
		if len(recs) != 1 {
			t.Errorf("%d rows of Tái Sơn for Gia Hòa's officer", len(recs)-1)
		}
	})
}

func TestExportPlainList(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		recs := exportCSV(t, env, tok, `query($p: PeriodInput!) {
  indicators(period: $p, under: "298", level: COMMUNE) {
    unit { code name }
    ...Figures
    findings { code }
  }
}
fragment Figures on Indicators { period { year kind } d: dossiers { total onTimeRate } }`,
			map[string]any{"p": map[string]any{"year": 2023, "kind": "HALF_YEAR", "index": 1}})
		want := []string{"unit.code", "unit.name", "period.year", "period.kind", "d.total", "d.onTimeRate", "findings"}
		if !slices.Equal(recs[0], want) {
			t.Fatalf("header %q, want %q", recs[0], want)
		}
		var codes []string
		for _, r := range recs[1:] {
			codes = append(codes, r[0])
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{"11095", "11098", "11101"}) {
			t.Fatalf("communes %q", codes)
		}
		i := slices.IndexFunc(recs, func(r []string) bool { return r[0] == "11098" })
		taiSon := recs[i]
		if taiSon[1] != "Tái Sơn" || taiSon[2] != "2023" || taiSon[3] != "HALF_YEAR" || taiSon[4] != "412" || !strings.HasPrefix(taiSon[5], "0.98759") {
			t.Errorf("Tái Sơn %q", taiSon)
		}
		// A list of objects is its JSON text.
		var findings []struct{ Code string }
		if err := json.Unmarshal([]byte(taiSon[6]), &findings); err != nil || !slices.ContainsFunc(findings, func(f struct{ Code string }) bool { return f.Code == "DOSSIERS_OTHER_CLOSED" }) {
			t.Errorf("findings %q: %v", taiSon[6], err)
		}
	})
}

func TestExportColumns(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		// Aliases name the columns and the file; a nested connection's
		// totalCount is a column; lists of scalars are joined; a list of
		// objects is JSON; booleans are true or false.
		res, _ := exportQuery(t, env, tok, "csv", `{ communes: units(where: {level: COMMUNE}) { edges { n: node { c: code name dossiers { totalCount } mergedFrom { code } } } } }`, nil)
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="communes.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		recs := exportCSV(t, env, tok, `{ communes: units(where: {level: COMMUNE}) { edges { n: node { c: code name dossiers { totalCount } mergedFrom { code } } } } }`, nil)
		if want := []string{"c", "name", "dossiers.totalCount", "mergedFrom"}; !slices.Equal(recs[0], want) {
			t.Fatalf("header %q, want %q", recs[0], want)
		}
		taiSon := recs[slices.IndexFunc(recs, func(r []string) bool { return r[0] == "11098" })]
		total := dossierCount(t, env, tok, map[string]any{"hasUnitWith": []map[string]any{{"code": "11098"}}})
		if taiSon[2] != itoa(total) || taiSon[3] != "[]" {
			t.Errorf("Tái Sơn %q, want %d dossiers and no merged units", taiSon, total)
		}

		recs = exportCSV(t, env, tok, `{ officials(where: {hasUnitWith: {code: "11098"}, fullName: "Phạm Văn Thắng"}) {
  edges { node { fullName concurrentPositions partyMember unit { parent { code } } } } } }`, nil)
		if want := [][]string{
			{"fullName", "concurrentPositions", "partyMember", "unit.parent.code"},
			{"Phạm Văn Thắng", "Chủ tịch HĐND xã", "true", "298"},
		}; !slices.EqualFunc(recs, want, slices.Equal) {
			t.Errorf("officials %q, want %q", recs, want)
		}
	})
}

func TestExportCut(t *testing.T) {
	server.SetExportMaxRows(t, 150)
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		total := dossierCount(t, env, tok, map[string]any{"hasUnitWith": []map[string]any{{"code": "11098"}}})
		const q = `query($after: Cursor) { dossiers(where: {hasUnitWith: {code: "11098"}}, first: 100, after: $after) { edges { node { code } } } }`
		res, _ := exportQuery(t, env, tok, "csv", q, nil)
		recs := exportCSV(t, env, tok, q, nil)
		if len(recs) != 1+150+1 {
			t.Fatalf("%d records, want the header, 150 rows and the error", len(recs))
		}
		note := recs[151][0]
		if !strings.HasPrefix(note, "#ERROR: the export was cut after 150 rows") {
			t.Fatalf("last row %q", note)
		}
		if e := res.Trailer.Get("Export-Error"); e != strings.TrimPrefix(note, "#ERROR: ") {
			t.Errorf("Export-Error trailer %q", e)
		}
		// The cursor in the note goes on where the export stopped.
		_, cursor, _ := strings.Cut(note, "after: ")
		var after string
		if err := json.Unmarshal([]byte(cursor), &after); err != nil {
			t.Fatalf("no cursor in %q", note)
		}
		next := exportCSV(t, env, tok, q, map[string]any{"after": after})
		seen := map[string]bool{}
		for _, r := range append(recs[1:151], next[1:]...) {
			if !strings.HasPrefix(r[0], "#ERROR") {
				seen[r[0]] = true
			}
		}
		if want := min(total, 300); len(seen) != want {
			t.Errorf("%d distinct dossiers in two exports, want %d", len(seen), want)
		}

		// The XLSX ends the same way.
		res, body := exportQuery(t, env, tok, "xlsx", q, nil)
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("dossiers")
		if len(rows) != 152 || !strings.HasPrefix(rows[151][0], "#ERROR: the export was cut after 150 rows") || res.Header.Get("Export-Error") == "" {
			t.Errorf("%d XLSX rows, last %q, Export-Error %q", len(rows), rows[len(rows)-1], res.Header.Get("Export-Error"))
		}
	})
}

func TestExportErrors(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		for _, c := range []struct {
			name, path, contentType, body string
			status                        int
			code, message                 string
		}{
			{"no format", "/export", "application/json", `{"query": "{ units { totalCount } }"}`, 400, "BAD_USER_INPUT", "format: is required"},
			{"unknown format", "/export?format=pdf", "application/json", `{"query": "{ units { totalCount } }"}`, 400, "BAD_USER_INPUT", `format: "pdf" is not a format`},
			{"unknown parameter", "/export?format=csv&page=2", "application/json", `{"query": "{ units { totalCount } }"}`, 400, "BAD_USER_INPUT", "page: unknown parameter"},
			{"malformed JSON", "/export?format=csv", "application/json", `{"query": `, 400, "BAD_USER_INPUT", "body: not a GraphQL request"},
			{"JSON of another shape", "/export?format=csv", "application/json", `["{ units { totalCount } }"]`, 400, "BAD_USER_INPUT", "body:"},
			{"two JSON values", "/export?format=csv", "application/json", `{"query": "{ units { totalCount } }"} {}`, 400, "BAD_USER_INPUT", "body: holds more than one"},
			{"no query", "/export?format=csv", "application/json", `{"variables": {}}`, 400, "BAD_USER_INPUT", "query: is required"},
			{"empty text", "/export?format=csv", "application/graphql", ``, 400, "BAD_USER_INPUT", "query: is required"},
			{"syntax error", "/export?format=csv", "application/graphql", `{ units {`, 400, "GRAPHQL_PARSE_FAILED", "Expected Name"},
			{"unknown field", "/export?format=csv", "application/graphql", `{ units { edges { node { nickname } } } }`, 400, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "nickname" on type "Unit"`},
			{"no list", "/export?format=csv", "application/graphql", `{ __typename }`, 400, "BAD_USER_INPUT", "query: no root field is a list or a connection"},
			{"no nodes", "/export?format=csv", "application/graphql", `{ units { totalCount } }`, 400, "BAD_USER_INPUT", "units { edges { node"},
			{"mutation", "/export?format=csv", "application/graphql", `mutation { submitReport(id: "1", version: 1) { id } }`, 400, "BAD_USER_INPUT", "an export runs a query, not a mutation"},
			{"two operations", "/export?format=csv", "application/graphql", `query A { units { edges { node { code } } } } query B { units { edges { node { name } } } }`, 400, "BAD_USER_INPUT", "operationName: is required"},
			{"unknown operation", "/export?format=csv", "application/json", `{"query": "query A { units { edges { node { code } } } }", "operationName": "B"}`, 400, "BAD_USER_INPUT", `operationName: the query has no operation "B"`},
			{"backward", "/export?format=csv", "application/graphql", `{ units(last: 2) { edges { node { code } } } }`, 400, "BAD_USER_INPUT", "last: an export reads a list forward"},
			{"bad cursor", "/export?format=csv", "application/graphql", `{ units(after: "garbage") { edges { node { code } } } }`, 400, "BAD_USER_INPUT", "cursor"},
			{"variable of the wrong type", "/export?format=xlsx", "application/json", `{"query": "query($n: Int) { units(first: $n) { edges { node { code } } } }", "variables": {"n": "ten"}}`, 400, "GRAPHQL_VALIDATION_FAILED", "n"},
		} {
			t.Run(c.name, func(t *testing.T) {
				res, body := env.Post(t, tok, c.path, c.contentType, c.body)
				if res.StatusCode != c.status {
					t.Fatalf("HTTP %d, want %d: %s", res.StatusCode, c.status, body)
				}
				var out struct{ Errors []apitest.Error }
				if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) == 0 {
					t.Fatalf("not an error answer: %s", body)
				}
				if e := out.Errors[0]; e.Code() != c.code || !strings.Contains(e.Message, c.message) {
					t.Errorf("error %s %q, want %s containing %q", e.Code(), e.Message, c.code, c.message)
				}
				if res.Header.Get("Content-Disposition") != "" {
					t.Errorf("an error answer names a file: %q", res.Header.Get("Content-Disposition"))
				}
			})
		}

		res, body := exportQuery(t, env, "", "csv", taiSonDossiers, nil)
		if res.StatusCode != http.StatusUnauthorized || !bytes.Contains(body, []byte("UNAUTHENTICATED")) {
			t.Errorf("without a token: HTTP %d %s", res.StatusCode, body)
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
