package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cchc/internal/apitest"
	"cchc/internal/export"
	"cchc/internal/period"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// importAnswer is the answer of POST /import/dossiers.
type importAnswer struct {
	Rows, Created, Updated, Unchanged int
	DryRun                            bool
	Errors                            []struct {
		Line                         int
		Column, Field, Code, Message string
	}
	MoreErrors int
}

// importFile posts a file to /import/dossiers as the body of the content
// type (multipart when contentType is "", the file then in the field
// "file") and returns the status and the answer; query is added to the path.
func importFile(t *testing.T, env *apitest.Env, token, query, contentType string, file []byte) (int, importAnswer, []byte) {
	t.Helper()
	body := string(file)
	if contentType == "" {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("note", "a field before the file is skipped")
		fw, err := mw.CreateFormFile("file", "hoso.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
		mw.Close()
		body, contentType = b.String(), mw.FormDataContentType()
	}
	path := "/import/dossiers"
	if query != "" {
		path += "?" + query
	}
	res, raw := env.Post(t, token, path, contentType, body)
	var ans importAnswer
	if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusUnprocessableEntity {
		if err := json.Unmarshal(raw, &ans); err != nil {
			t.Fatalf("HTTP %d, not an import answer: %s", res.StatusCode, raw)
		}
	}
	return res.StatusCode, ans, raw
}

// storedDossiers counts the stored dossiers, past the API.
func storedDossiers(t *testing.T, env *apitest.Env) int {
	t.Helper()
	var n int
	if err := env.DB.SQL.QueryRow("SELECT COUNT(*) FROM dossiers").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// csvFile joins lines into a CSV file.
func csvFile(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }

// importHeader is the header of the portal's export, as docs/IMPORT.md shows it.
const importHeader = "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy"

// TestImportDossiersCSV: a CSV export of the portal is imported, imported
// again without a change, then with rows that moved on; the tally and the
// indicators follow.
func TestImportDossiersCSV(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		before := storedDossiers(t, env)
		figures := func() map[string]int { return dossierFigures(t, env, tok, "11098") }
		was := figures()
		file := csvFile(importHeader,
			"IMP-0001,1.001193,2,10,02/03/2023 08:15:00,03/03/2023 17:00:00,02/03/2023 16:00:00", // online, returned early
			"IMP-0002,1.000894,1,9,20230306091500,20230309170000,20230310080000",                 // direct, resolved late
			"IMP-0003,2.000908,3,4,2023-04-03T14:00:00+07:00,2023-04-05T17:00:00+07:00,",         // postal, in progress
			"IMP-0004,1.000656,2,3,05/04/2023 09:00,05/04/2023,05/04/2023 09:30",                 // rejected
			"IMP-0005,1.004873,2,5,06/04/2023,,",                                                 // supplement requested
		)
		code, got, raw := importFile(t, env, tok, "", "text/csv", file)
		if code != http.StatusOK || got.Created != 5 || got.Updated != 0 || got.Unchanged != 0 || got.Rows != 5 {
			t.Fatalf("first import: HTTP %d %+v %s", code, got, raw)
		}
		if n := storedDossiers(t, env); n != before+5 {
			t.Fatalf("%d dossiers after importing 5 into %d", n, before)
		}
		now := figures()
		for name, delta := range map[string]int{"receivedInPeriod": 5, "online": 3, "direct": 1, "postal": 1,
			"resolved": 2, "early": 1, "late": 1, "pending": 2, "otherClosed": 1} {
			if now[name]-was[name] != delta {
				t.Errorf("%s went from %d to %d, want +%d", name, was[name], now[name], delta)
			}
		}
		verifyTally(t, env)

		// The same file again changes nothing.
		code, got, raw = importFile(t, env, tok, "", "text/csv", file)
		if code != http.StatusOK || got.Created != 0 || got.Updated != 0 || got.Unchanged != 5 {
			t.Fatalf("second import: HTTP %d %+v %s", code, got, raw)
		}
		// Two dossiers moved on: IMP-0003 resolved, IMP-0005 returned.
		file = csvFile(importHeader,
			"IMP-0001,1.001193,2,10,02/03/2023 08:15:00,03/03/2023 17:00:00,02/03/2023 16:00:00",
			"IMP-0002,1.000894,1,9,20230306091500,20230309170000,20230310080000",
			"IMP-0003,2.000908,3,9,2023-04-03T14:00:00+07:00,2023-04-05T17:00:00+07:00,05/04/2023 16:00:00",
			"IMP-0004,1.000656,2,3,05/04/2023 09:00,05/04/2023,05/04/2023 09:30",
			"IMP-0005,1.004873,2,10,06/04/2023,10/04/2023,07/04/2023 10:00",
		)
		code, got, raw = importFile(t, env, tok, "dryRun=true", "text/csv", file)
		if code != http.StatusOK || !got.DryRun || got.Updated != 2 || got.Unchanged != 3 {
			t.Fatalf("dry run: HTTP %d %+v %s", code, got, raw)
		}
		if f := figures(); f["resolved"] != now["resolved"] {
			t.Fatalf("a dry run changed the figures: resolved %d → %d", now["resolved"], f["resolved"])
		}
		code, got, raw = importFile(t, env, tok, "", "text/csv", file)
		if code != http.StatusOK || got.Created != 0 || got.Updated != 2 || got.Unchanged != 3 {
			t.Fatalf("third import: HTTP %d %+v %s", code, got, raw)
		}
		after := figures()
		for name, delta := range map[string]int{"receivedInPeriod": 0, "resolved": 2, "early": 1, "onTime": 1, "pending": -2} {
			if after[name]-now[name] != delta {
				t.Errorf("%s went from %d to %d, want %+d", name, now[name], after[name], delta)
			}
		}
		if n := storedDossiers(t, env); n != before+5 {
			t.Fatalf("%d dossiers after updates, want %d", n, before+5)
		}
		verifyTally(t, env)
		// Each write is in the audit trail, by the importing account.
		var audited int
		env.DB.SQL.QueryRow("SELECT COUNT(*) FROM audit_entries WHERE record_type = 'Dossier' AND subject = 'COMMUNE_OFFICER@11098'").Scan(&audited)
		if audited != 7 {
			t.Errorf("%d audit entries of dossiers, want 5 creations and 2 updates", audited)
		}
		// An archived dossier is not brought back by an import of its code.
		var found struct {
			Dossiers struct {
				Edges []struct {
					Node struct {
						ID      string
						Version int
					}
				}
			}
		}
		env.OK(t, tok, `{ dossiers(where: {code: "IMP-0004"}) { edges { node { id version } } } }`, nil, &found)
		n := found.Dossiers.Edges[0].Node
		env.OK(t, tok, `mutation($id: ID!, $v: Int!) { archiveDossier(id: $id, version: $v) { id } }`, map[string]any{"id": n.ID, "v": n.Version}, nil)
		code, got, raw = importFile(t, env, tok, "", "text/csv", file)
		if code != http.StatusUnprocessableEntity || len(got.Errors) != 1 || got.Errors[0].Line != 5 || got.Errors[0].Code != "CONFLICT" {
			t.Fatalf("an archived dossier's code: HTTP %d %s", code, raw)
		}
	})
}

// dossierFigures returns a unit's dossier indicators of the first half of 2023.
func dossierFigures(t *testing.T, env *apitest.Env, tok, unit string) map[string]int {
	t.Helper()
	var got struct {
		Indicators []struct{ Dossiers map[string]any }
	}
	env.OK(t, tok, `query($units: [String!]) { indicators(period: {year: 2023, kind: HALF_YEAR, index: 1}, units: $units) {
		dossiers { carriedOver receivedInPeriod online direct postal total resolved early onTime late pending pendingOverdue otherClosed } } }`,
		map[string]any{"units": []string{unit}}, &got)
	out := map[string]int{}
	for k, v := range got.Indicators[0].Dossiers {
		out[k] = int(v.(float64))
	}
	return out
}

// verifyTally checks the monthly tally against the dossiers.
func verifyTally(t *testing.T, env *apitest.Env) {
	t.Helper()
	if err := tally.Verify(context.Background(), env.DB.SQL); err != nil {
		t.Fatalf("the tally is off after an import: %v", err)
	}
}

// TestImportDossiersXLSX: a workbook as a spreadsheet program saves it — a
// title above the header, Vietnamese headers, date cells and written dates,
// numbers as numbers, an empty row, a column of its own — uploaded as a
// multipart form.
func TestImportDossiersXLSX(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		before := storedDossiers(t, env)
		wall := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) } // a cell holds a wall clock
		rows := [][]any{
			{"DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 5/2023"},
			{"Mã hồ sơ", "Chủ hồ sơ", "Mã TTHC", "Kênh thực hiện", "Trạng thái hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Mã đơn vị"},
			{"XL-01", "Nguyễn Văn A", "1.001193", 2, 10, wall(2023, 5, 2, 8, 0), wall(2023, 5, 3, 0, 0), wall(2023, 5, 2, 15, 0), 11098},
			{"XL-02", "Trần Thị B", "2.000908", "1", "4", "03/05/2023 09:00:00", "20230506170000", "", ""},
			{},
			{"XL-03", "Lê Văn C", "1.000894", 3, 9, "2023-05-04T10:00:00+07:00", "08/05/2023", "05/05/2023 11:30", "11098"},
		}
		book := workbook(t, rows, map[string]string{"F3": "dd/mm/yyyy hh:mm", "G3": "dd/mm/yyyy", "H3": "dd/mm/yyyy hh:mm"})
		code, got, raw := importFile(t, env, tok, "", "", book)
		if code != http.StatusOK || got.Created != 3 || got.Rows != 3 {
			t.Fatalf("HTTP %d %+v %s", code, got, raw)
		}
		if n := storedDossiers(t, env); n != before+3 {
			t.Fatalf("%d dossiers, want %d", n, before+3)
		}
		var d struct {
			Dossiers struct {
				Edges []struct {
					Node struct {
						Code, Channel, Status, ReceivedAt string
						DueAt, FinishedAt                 *string
						Procedure                         struct{ Code string }
					}
				}
			}
		}
		env.OK(t, tok, `{ dossiers(where: {codeHasPrefix: "XL-"}, orderBy: [{field: CODE}]) { edges { node {
			code channel status receivedAt dueAt finishedAt procedure { code } } } } }`, nil, &d)
		local := func(s *string) string {
			if s == nil {
				return "null"
			}
			at, err := time.Parse(time.RFC3339, *s)
			if err != nil {
				t.Fatal(err)
			}
			return at.In(period.Location).Format("2006-01-02 15:04:05")
		}
		var lines []string
		for _, e := range d.Dossiers.Edges {
			n := e.Node
			lines = append(lines, fmt.Sprintf("%s %s %s %s %s | %s | %s", n.Code, n.Procedure.Code, n.Channel, n.Status, local(&n.ReceivedAt), local(n.DueAt), local(n.FinishedAt)))
		}
		want := []string{
			// A due date alone is the end of that day.
			"XL-01 1.001193 ONLINE RETURNED 2023-05-02 08:00:00 | 2023-05-03 23:59:59 | 2023-05-02 15:00:00",
			"XL-02 2.000908 DIRECT IN_PROGRESS 2023-05-03 09:00:00 | 2023-05-06 17:00:00 | null",
			"XL-03 1.000894 POSTAL RESOLVED 2023-05-04 10:00:00 | 2023-05-08 23:59:59 | 2023-05-05 11:30:00",
		}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("imported\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		verifyTally(t, env)
		// The same workbook sent as the body, again: nothing changes.
		code, got, raw = importFile(t, env, tok, "", export.MediaTypes["xlsx"], book)
		if code != http.StatusOK || got.Created != 0 || got.Updated != 0 || got.Unchanged != 3 {
			t.Fatalf("reimport: HTTP %d %+v %s", code, got, raw)
		}
	})
}

// workbook writes rows into the first sheet of a new workbook, with number
// formats by cell.
func workbook(t *testing.T, rows [][]any, formats map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Hồ sơ"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, format := range formats {
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle(sheet, cell, cell, style)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportDossiersRefused: a file with three bad rows among good ones is
// refused whole, each bad row reported with its line, column and reason;
// nothing is written.
func TestImportDossiersRefused(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		before := storedDossiers(t, env)
		file := csvFile(importHeader,
			"BAD-01,1.001193,2,10,02/03/2023 08:15:00,03/03/2023 17:00:00,02/03/2023 16:00:00",
			"BAD-02,9.999999,2,2,02/03/2023 08:20:00,03/03/2023 17:00:00,", // line 3: no such procedure
			"BAD-03,1.001193,2,4,02/03/2023 08:25:00,03/03/2023 17:00:00,",
			"BAD-04,1.001193,1,9,02/03/2023 08:30:00,03/03/2023 17:00:00,02/03/2023 09:00:00",
			"BAD-05,1.001193,2,1,02/03/2023 08:35:00,,", // line 6: registered, not received
			"BAD-06,1.001193,2,2,02/03/2023 08:40:00,03/03/2023 17:00:00,",
			"BAD-07,1.001193,3,5,02/03/2023 08:45:00,03/03/2023 17:00:00,",
			"BAD-08,1.001193,2,9,02/03/2023 08:50:00,03/03/2023 17:00:00,01/03/2023 09:00:00", // line 9: finished before received
			"BAD-09,1.001193,2,10,02/03/2023 08:55:00,03/03/2023 17:00:00,02/03/2023 10:00:00",
		)
		code, got, raw := importFile(t, env, tok, "", "text/csv", file)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("HTTP %d, want 422: %s", code, raw)
		}
		want := []string{
			`3 MaTTHC procedureCode BAD_USER_INPUT MaTTHC: no procedure with code "9.999999" in the catalogue`,
			`6 TrangThaiHoSo status BAD_USER_INPUT TrangThaiHoSo: code 1 (Mới đăng ký`,
			`9 NgayKetThucXuLy finishedAt BAD_USER_INPUT NgayKetThucXuLy: must not be before NgayTiepNhan`,
		}
		if len(got.Errors) != len(want) {
			t.Fatalf("%d errors, want %d: %s", len(got.Errors), len(want), raw)
		}
		for i, e := range got.Errors {
			if s := fmt.Sprintf("%d %s %s %s %s", e.Line, e.Column, e.Field, e.Code, e.Message); !strings.HasPrefix(s, want[i]) {
				t.Errorf("error %d: %s\nwant %s…", i, s, want[i])
			}
		}
		if got.Created+got.Updated+got.Unchanged != 0 {
			t.Errorf("a refused import counts %+v", got)
		}
		if n := storedDossiers(t, env); n != before {
			t.Fatalf("%d dossiers after a refused import, %d before", n, before)
		}
		// The same dossier twice in one file: the second is reported.
		code, got, raw = importFile(t, env, tok, "", "text/csv", csvFile(importHeader,
			"DUP-01,1.001193,2,2,02/03/2023 08:15:00,,",
			"DUP-01,1.001193,2,4,02/03/2023 08:15:00,,"))
		if code != http.StatusUnprocessableEntity || len(got.Errors) != 1 || got.Errors[0].Line != 3 ||
			!strings.Contains(got.Errors[0].Message, "appears again (first on line 2)") {
			t.Fatalf("a dossier twice: HTTP %d %s", code, raw)
		}
	})
}

// TestImportDossiersScope: an import writes only where its caller may
// write dossiers; a unit outside answers as one that does not exist.
func TestImportDossiersScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		commune := env.Token(t, viewer.CommuneOfficer, "11098")
		before := storedDossiers(t, env)
		header := importHeader + ",MaDonVi"
		file := csvFile(header,
			"SC-01,1.001193,2,2,02/03/2023 08:15:00,,,11098",
			"SC-02,1.001193,2,2,02/03/2023 08:15:00,,,11101", // a commune of the same district
			"SC-03,1.001193,2,2,02/03/2023 08:15:00,,,298",   // its own district
			"SC-04,1.001193,2,2,02/03/2023 08:15:00,,,99999", // no such unit
			"SC-05,1.001193,2,2,02/03/2023 08:15:00,,,",      // the caller's own
		)
		code, got, raw := importFile(t, env, commune, "", "text/csv", file)
		if code != http.StatusUnprocessableEntity || len(got.Errors) != 3 {
			t.Fatalf("HTTP %d, want 422 with 3 errors: %s", code, raw)
		}
		for i, line := range []int{3, 4, 5} {
			e := got.Errors[i]
			if e.Line != line || e.Field != "unitCode" || !strings.Contains(e.Message, "that you may import dossiers into") {
				t.Errorf("error %d: %+v", i, e)
			}
		}
		if got.Errors[0].Message[len("MaDonVi: no unit with code \"11101\""):] != got.Errors[2].Message[len("MaDonVi: no unit with code \"99999\""):] {
			t.Errorf("a unit out of scope answers otherwise than one that does not exist: %q, %q", got.Errors[0].Message, got.Errors[2].Message)
		}
		if n := storedDossiers(t, env); n != before {
			t.Fatalf("%d dossiers after a refused import, %d before", n, before)
		}
		// ?unit= names the unit of rows that name none: only one the caller writes.
		res, body := env.Post(t, commune, "/import/dossiers?unit=11101", "text/csv", string(csvFile(importHeader, "SC-06,1.001193,2,2,02/03/2023 08:15:00,,")))
		if _, code, field := downloadError(t, body); res.StatusCode != http.StatusBadRequest || code != "BAD_USER_INPUT" || field != "unit" {
			t.Errorf("?unit= of another commune: HTTP %d %s", res.StatusCode, body)
		}
		// Roles that write no dossiers are refused before the file is read.
		for _, tok := range []string{env.Token(t, viewer.DistrictOfficer, "298"), env.Token(t, viewer.Analyst, "30"), env.Token(t, viewer.ScoringService, "30")} {
			res, body := env.Post(t, tok, "/import/dossiers", "text/csv", string(file))
			if _, code, _ := downloadError(t, body); res.StatusCode != http.StatusForbidden || code != "FORBIDDEN" {
				t.Errorf("HTTP %d %s, want 403 FORBIDDEN", res.StatusCode, body)
			}
		}
		res, body = env.Post(t, "", "/import/dossiers", "text/csv", string(file))
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("without a token: HTTP %d %s", res.StatusCode, body)
		}
		if n := storedDossiers(t, env); n != before {
			t.Fatalf("%d dossiers after refused imports, %d before", n, before)
		}
	})
}

// TestImportDossiersMalformed: files that cannot be imported, and requests
// that carry none, answer a clear 4xx naming the problem; never a 500, and
// nothing is written.
func TestImportDossiersMalformed(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		before := storedDossiers(t, env)
		good := workbook(t, [][]any{
			{"MaHoSo", "MaTTHC", "KenhThucHien", "TrangThaiHoSo", "NgayTiepNhan"},
			{"MF-01", "1.001193", 2, 2, "02/03/2023 08:15:00"},
		}, nil)
		huge := strings.Repeat("X", 1<<20)
		for _, c := range []struct {
			name, query, contentType, body string
			status                         int
			code, field, message           string
			line                           int
		}{
			{"empty", "", "text/csv", "", 422, "BAD_USER_INPUT", "file", "the file is empty", 0},
			{"blank", "", "text/csv", " \r\n\r\n", 422, "BAD_USER_INPUT", "file", "the file is empty", 0},
			{"binary", "", "text/csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 422, "BAD_USER_INPUT", "file", "neither CSV text nor an XLSX workbook", 0},
			{"xls", "", "application/vnd.ms-excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 422, "BAD_USER_INPUT", "file", "Excel 97–2003", 0},
			{"utf16", "", "text/plain", "\xFF\xFEM\x00a\x00", 422, "BAD_USER_INPUT", "file", "UTF-16", 0},
			{"truncated xlsx", "", "", string(good[:len(good)/2]), 422, "BAD_USER_INPUT", "file", "the XLSX workbook cannot be read", 0},
			{"wrong headers", "", "text/csv", "a,b,c\n1,2,3\n", 422, "BAD_USER_INPUT", "file", "no header row", 1},
			{"missing columns", "", "text/csv", "MaHoSo;MaTTHC\nA;1.001193\n", 422, "BAD_USER_INPUT", "file", "the column KenhThucHien (channel) is missing", 1},
			{"header twice", "", "text/csv", importHeader + ",code\n", 422, "BAD_USER_INPUT", "file", "named twice", 1},
			{"header only", "", "text/csv", importHeader + "\n", 200, "", "", "", 0},
			{"bad quotes", "", "text/csv", importHeader + "\nA,1.001193,2,2,\"02/03/2023 08:15,,\n", 422, "BAD_USER_INPUT", "file", "is not valid CSV", 2},
			{"huge cell", "", "text/csv", importHeader + "\n" + huge + ",1.001193,2,2,02/03/2023 08:15:00,,\n", 422, "BAD_USER_INPUT", "code", "longer than 64 characters", 2},
			{"huge unknown cell", "", "text/csv", importHeader + ",GhiChu\nMF-02,1.001193,2,2,02/03/2023 08:15:00,,," + huge + "\n", 200, "", "", "", 0},
			{"cells past the header", "", "text/csv", importHeader + "\nMF-03,1.001193,2,2,02/03/2023 08:15:00,,,Nguyễn, Văn A\n", 422, "BAD_USER_INPUT", "file", "a value holding the separator must be quoted", 2},
			{"bad date", "", "text/csv", importHeader + "\nMF-04,1.001193,2,2,31/02/2023 08:15:00,,\n", 422, "BAD_USER_INPUT", "receivedAt", "is not a date and time", 2},
			{"control character in a code", "", "text/csv", importHeader + "\nMF-\x075,1.001193,2,2,02/03/2023 08:15:00,,\n", 422, "BAD_USER_INPUT", "code", "control character", 2},
			{"json", "", "application/json", `{"query": "{ units { totalCount } }"}`, 400, "BAD_USER_INPUT", "Content-Type", "is not a file to import", 0},
			{"no file field", "", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nv\r\n--x--\r\n", 400, "BAD_USER_INPUT", "file", "is missing", 0},
			{"cut multipart", "", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nMaHoSo", 400, "BAD_USER_INPUT", "file", "the upload could not be read", 0},
			{"bad dryRun", "dryRun=maybe", "text/csv", importHeader + "\n", 400, "BAD_USER_INPUT", "dryRun", "is not true or false", 0},
			{"unknown parameter", "format=csv", "text/csv", importHeader + "\n", 400, "BAD_USER_INPUT", "format", "unknown parameter", 0},
			{"too large", "", "text/csv", importHeader + "\n" + strings.Repeat("Z", 21<<20), 413, "LIMIT_EXCEEDED", "", "exceeds the limit", 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				path := "/import/dossiers"
				if c.query != "" {
					path += "?" + c.query
				}
				ct := c.contentType
				if ct == "" {
					ct = export.MediaTypes["xlsx"]
				}
				res, body := env.Post(t, tok, path, ct, c.body)
				if res.StatusCode != c.status {
					t.Fatalf("HTTP %d, want %d: %.300s", res.StatusCode, c.status, body)
				}
				if c.status == 200 {
					return
				}
				var message, code, field string
				line := 0
				if c.status == 422 && c.code != "LIMIT_EXCEEDED" {
					var ans importAnswer
					if err := json.Unmarshal(body, &ans); err != nil || len(ans.Errors) == 0 {
						t.Fatalf("not an import answer: %.300s", body)
					}
					e := ans.Errors[0]
					message, code, field, line = e.Message, e.Code, e.Field, e.Line
				} else {
					message, code, field = downloadError(t, body)
				}
				if code != c.code || field != c.field || !strings.Contains(message, c.message) || line != c.line {
					t.Errorf("line %d %s %s %q, want line %d %s %s %q…", line, code, field, message, c.line, c.code, c.field, c.message)
				}
				if len(message) > 1000 {
					t.Errorf("a message of %d bytes", len(message))
				}
			})
		}
		// Only the two files without a problem were imported.
		if n := storedDossiers(t, env); n != before+1 {
			t.Fatalf("%d dossiers, want %d", n, before+1)
		}
	})
}
