package export_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/ent/unit"
	"cchc/internal/enum"
	"cchc/internal/export"
	"cchc/internal/indicator"
	"cchc/internal/period"
)

func sample() []*indicator.Indicators {
	r := 398.0 / 403
	quotaPartTime := 14
	approved := period.Date(2023, 1, 10)
	p := period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1}
	return []*indicator.Indicators{
		{
			Unit:   &ent.Unit{Code: "11098", Name: "Tái Sơn", Level: unit.LevelCOMMUNE},
			Period: p,
			Dossiers: indicator.DossierFigures{
				CarriedOver: 8, ReceivedInPeriod: 404, Online: 381, Direct: 20, Postal: 3, Total: 412,
				Resolved: 403, Early: 381, OnTime: 17, Late: 5, Pending: 4, PendingWithinDeadline: 4, OtherClosed: 5,
				OnTimeRate: &r,
			},
			Staffing: indicator.StaffingFigures{
				Quota:           &indicator.QuotaFigures{CanBo: 10, CongChuc: 8, PartTime: &quotaPartTime, Total: 18},
				Serving:         indicator.CategoryCounts{CanBo: 9, CongChuc: 8, Total: 17},
				PoliticalTheory: []indicator.LevelCount{{Category: official.CategoryCAN_BO, Level: "TRUNG_CAP", Count: 8}},
			},
			Plans:    indicator.PlanFigures{Issued: 2, IssuedByArea: []indicator.AreaCount{{Area: enum.AreaProcedures, Count: 2}}},
			Budget:   indicator.BudgetFigures{RevenueEstimate: 12_500_000_000, ApprovedOn: &approved},
			Findings: []indicator.Finding{{Code: "A", Message: "một, hai"}, {Code: "B", Message: "ba \"bốn\""}},
		},
		{Unit: &ent.Unit{Code: "11101", Name: "Quang Phục", Level: unit.LevelCOMMUNE}, Period: p},
	}
}

func column(t *testing.T, name string) int {
	t.Helper()
	i := slices.IndexFunc(export.Columns, func(c export.Column) bool { return c.Name == name })
	if i < 0 {
		t.Fatalf("no column %s", name)
	}
	return i
}

func TestColumnsAreNamedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range export.Columns {
		if c.Name == "" || c.Title == "" || seen[c.Name] {
			t.Errorf("column %+v: empty or repeated", c)
		}
		seen[c.Name] = true
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	raw, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	if !ok {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 2 headers and 2 rows", len(recs))
	}
	for name, want := range map[string]string{
		"unit.code": "11098", "unit.name": "Tái Sơn", "period.kind": "HALF_YEAR", "period.title": "6 tháng đầu năm 2023",
		"dossiers.total": "412", "dossiers.resolved": "403", "dossiers.onTimeRate": "0.9875930521091811",
		"dossiers.onlineRate": "", "staffing.quota.partTime": "14", "staffing.quota.total": "18",
		"staffing.politicalTheory.CAN_BO.TRUNG_CAP": "8", "staffing.education.CONG_CHUC.DAI_HOC": "0",
		"plans.issuedByArea.PROCEDURES": "2", "budget.revenueEstimate": "12500000000",
		"budget.approvedOn": "2023-01-10", "budget.publishedOn": "",
		"findings.code": "A B", "findings.message": "một, hai\nba \"bốn\"",
	} {
		if got := recs[2][column(t, name)]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := recs[1][column(t, "dossiers.carriedOver")]; got != "Hồ sơ từ kỳ trước chuyển qua" {
		t.Errorf("Vietnamese header %q", got)
	}
	if got := recs[3][column(t, "staffing.quota.canBo")]; got != "" {
		t.Errorf("a quota not recorded is empty, got %q", got)
	}
}

func TestXLSX(t *testing.T) {
	data := mustXLSX(t)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(export.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "unit.code" || rows[1][0] != "Mã đơn vị" || rows[2][0] != "11098" {
		t.Fatalf("rows %q", rows)
	}
	cell := func(row int, name string) string {
		c, _ := excelize.CoordinatesToCellName(column(t, name)+1, row)
		return c
	}
	for name, want := range map[string]float64{"dossiers.total": 412, "dossiers.onTimeRate": 398.0 / 403, "budget.revenueEstimate": 12_500_000_000} {
		got, _ := f.GetCellValue(export.Sheet, cell(3, name))
		if n, err := strconv.ParseFloat(got, 64); err != nil || math.Abs(n-want) > 1e-12 {
			t.Errorf("%s = %q, want %v", name, got, want) // Excel keeps 15 significant digits
		}
	}
	for name, format := range map[string]string{"dossiers.onTimeRate": "0.00%", "budget.revenueEstimate": "#,##0", "budget.approvedOn": "yyyy-mm-dd"} {
		id, _ := f.GetCellStyle(export.Sheet, cell(3, name))
		style, err := f.GetStyle(id)
		if err != nil || style.CustomNumFmt == nil || *style.CustomNumFmt != format {
			t.Errorf("%s: style %+v, want number format %s", name, style, format)
		}
	}
	// Dates are real dates: formatted, they read as the local date.
	f2, _ := excelize.OpenReader(bytes.NewReader(data))
	if got, _ := f2.GetCellValue(export.Sheet, cell(3, "budget.approvedOn")); got != "2023-01-10" {
		t.Errorf("approvedOn shows %q", got)
	}
	panes, err := f.GetPanes(export.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 2 {
		t.Errorf("panes %+v %v: want both header rows and code and name frozen", panes, err)
	}
}

func mustXLSX(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEmptyTables(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, nil); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := export.WriteCSV(&buf, nil); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Errorf("an empty CSV has its two headers: %q %v", buf.String(), err)
	}
}
