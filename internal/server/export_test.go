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
	"cchc/internal/export"
	"cchc/internal/viewer"
)

// download GETs /indicators?query with the bearer token (none when "").
func download(t *testing.T, env *apitest.Env, token, query string) (*http.Response, []byte) {
	t.Helper()
	return env.Get(t, token, "/indicators?"+query)
}

// downloadError decodes an error answer: its message, code and field.
func downloadError(t *testing.T, body []byte) (message, code, field string) {
	t.Helper()
	var out struct {
		Errors []apitest.Error `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 {
		t.Fatalf("not an error answer: %s", body)
	}
	e := out.Errors[0]
	field, _ = e.Extensions["field"].(string)
	return e.Message, e.Code(), field
}

// table checks a downloaded table: two header rows, then the 4 communes of
// the demonstration province in code order, Tái Sơn's figures those of its report.
func checkCommunes(t *testing.T, rows [][]string) {
	t.Helper()
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 2 headers and 4 communes: %q", len(rows), rows)
	}
	col := func(name string) int {
		i := slices.IndexFunc(rows[0], func(s string) bool { return s == name })
		if i < 0 {
			t.Fatalf("no column %s in %q", name, rows[0])
		}
		return i
	}
	if rows[1][col("dossiers.total")] != "Tổng số hồ sơ" {
		t.Errorf("second header: %q", rows[1])
	}
	var codes []string
	for _, r := range rows[2:] {
		codes = append(codes, r[col("unit.code")])
	}
	if !slices.Equal(codes, []string{"11023", "11095", "11098", "11101"}) {
		t.Errorf("communes %v", codes)
	}
	taiSon := rows[2+slices.Index(codes, "11098")]
	for name, want := range map[string]string{
		"unit.name": "Tái Sơn", "period.title": "6 tháng đầu năm 2023",
		"dossiers.total": "412", "dossiers.carriedOver": "8", "dossiers.receivedInPeriod": "404", "dossiers.online": "381",
		"dossiers.resolved": "403", "dossiers.early": "381", "dossiers.onTime": "17", "dossiers.late": "5",
		"dossiers.pending": "4", "dossiers.pendingOverdue": "0", "dossiers.otherClosed": "5",
		"staffing.quota.total": "18", "staffing.serving.canBo": "9", "staffing.serving.congChuc": "8",
		"staffing.politicalTheory.CAN_BO.TRUNG_CAP": "8", "staffing.education.CONG_CHUC.DAI_HOC": "8",
	} {
		if got := taiSon[col(name)]; got != want {
			t.Errorf("Tái Sơn %s = %q, want %q", name, got, want)
		}
	}
	if rate := taiSon[col("dossiers.onTimeRate")]; !strings.HasPrefix(rate, "0.98759") {
		t.Errorf("onTimeRate %q, want the decimal 398/403", rate)
	}
	if f := taiSon[col("findings.code")]; !strings.Contains(f, "DOSSIERS_OTHER_CLOSED") || !strings.Contains(f, "REPORT_DENIES_OVERDUE") {
		t.Errorf("findings %q", f)
	}
}

const communesH1 = "under=30&level=COMMUNE&year=2023&kind=HALF_YEAR&index=1"

func TestDownloadIndicatorsCSV(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "30")
		res, body := download(t, env, tok, communesH1+"&format=csv")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d: %s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="indicators_30_COMMUNE_2023_HALF_YEAR_1.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		raw, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
		if !ok {
			t.Fatal("the CSV must start with the UTF-8 byte-order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		checkCommunes(t, rows)

		// units= instead of under and level; CSV is the default format.
		res, body = download(t, env, tok, "units=11098,11023&year=2023&kind=HALF_YEAR&index=1")
		rows, _ = csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
		if res.StatusCode != http.StatusOK || len(rows) != 4 || rows[2][0] != "11098" || rows[3][0] != "11023" {
			t.Errorf("HTTP %d, rows %q", res.StatusCode, rows)
		}
	})
}

func TestDownloadIndicatorsXLSX(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		res, body := download(t, env, tok, communesH1+"&format=xlsx")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d: %s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type %q", ct)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(export.Sheet)
		if err != nil {
			t.Fatal(err)
		}
		checkCommunes(t, rows)
		if panes, err := f.GetPanes(export.Sheet); err != nil || !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("the header must be frozen: %+v %v", panes, err)
		}
	})
}

// TestDownloadStaysInScope: a commune officer asking for its district gets
// the answer of a unit that does not exist; no token, no table.
func TestDownloadStaysInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		answers := map[string]string{}
		for _, code := range []string{"298", "99999", "11023"} {
			res, body := download(t, env, tok, "under="+code+"&level=COMMUNE&year=2023&kind=HALF_YEAR&index=1&format=csv")
			msg, errCode, field := downloadError(t, body)
			if res.StatusCode != http.StatusBadRequest || errCode != "BAD_USER_INPUT" || field != "under" {
				t.Errorf("under=%s: HTTP %d %s %s", code, res.StatusCode, errCode, field)
			}
			answers[code] = strings.ReplaceAll(msg, code, "CODE")
		}
		if answers["298"] != answers["99999"] || answers["11023"] != answers["99999"] {
			t.Errorf("out of scope must answer as absent: %q", answers)
		}
		res, body := download(t, env, tok, "under=11098&level=COMMUNE&year=2023&kind=HALF_YEAR&index=1")
		if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("Tái Sơn")) {
			t.Errorf("its own commune: HTTP %d %s", res.StatusCode, body)
		}
		res, body = download(t, env, "", communesH1)
		if _, code, _ := downloadError(t, body); res.StatusCode != http.StatusUnauthorized || code != "UNAUTHENTICATED" {
			t.Errorf("no token: HTTP %d %s", res.StatusCode, body)
		}
		res, _ = download(t, env, "not-a-token", communesH1)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a bad token: HTTP %d", res.StatusCode)
		}
	})
}

// TestDownloadParameters: each bad parameter answers 400 naming it.
func TestDownloadParameters(t *testing.T) {
	env := apitest.New(t, "sqlite", true)
	tok := env.Token(t, viewer.DistrictOfficer, "298")
	for query, field := range map[string]string{
		"under=298&year=2023&kind=HALF_YEAR&index=1&format=pdf":        "format",
		"under=298&kind=HALF_YEAR&index=1":                             "year",
		"under=298&year=twenty&kind=HALF_YEAR&index=1":                 "year",
		"under=298&year=2023&index=1":                                  "kind",
		"under=298&year=2023&kind=WEEK&index=1":                        "kind",
		"under=298&year=2023&kind=QUARTER&index=5":                     "index",
		"under=298&year=2023&kind=QUARTER":                             "index",
		"under=298&level=TOWN&year=2023&kind=YEAR&index=1":             "level",
		"level=COMMUNE&year=2023&kind=YEAR&index=1":                    "level",
		"under=298&units=11098&year=2023&kind=YEAR&index=1":            "under",
		"units=11098,,11101&year=2023&kind=YEAR&index=1":               "units",
		"units=11098&year=2023&kind=YEAR&index=1&unit=11098":           "unit",
		"under=298&under=297&year=2023&kind=YEAR&index=1":              "under",
		"under=&year=2023&kind=YEAR&index=1":                           "under",
		"under=298&level=COMMUNE&year=1800&kind=YEAR&index=1&format=x": "format",
	} {
		res, body := download(t, env, tok, query)
		_, code, got := downloadError(t, body)
		if res.StatusCode != http.StatusBadRequest || code != "BAD_USER_INPUT" || got != field {
			t.Errorf("%s: HTTP %d %s field %q, want 400 naming %s", query, res.StatusCode, code, got, field)
		}
	}
	// Without under or units, the caller's own unit.
	res, body := download(t, env, tok, "year=2023&kind=YEAR&index=1")
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("\n298,Tứ Kỳ,DISTRICT,")) {
		t.Errorf("own unit: HTTP %d %s", res.StatusCode, body)
	}
}
