package report

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/ent/report"
	"cchc/ent/unit"
	"cchc/internal/apperr"
	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

func rate(r float64) *float64 { return &r }

// taiSon are the figures of Tái Sơn's report for the first half of 2023.
func taiSon() *Figures {
	approved := time.Date(2022, 12, 20, 17, 0, 0, 0, time.UTC)
	return &Figures{
		Dossiers: indicator.DossierFigures{CarriedOver: 8, ReceivedInPeriod: 404, Online: 381, Direct: 20, Postal: 3, Total: 412,
			Resolved: 403, Early: 381, OnTime: 17, Late: 5, Pending: 4, PendingWithinDeadline: 4, OtherClosed: 5,
			OnTimeRate: rate(398.0 / 403), OnlineRate: rate(381.0 / 404)},
		Staffing: indicator.StaffingFigures{
			Quota:           &indicator.QuotaFigures{CanBo: 10, CongChuc: 8, Total: 18},
			Serving:         indicator.CategoryCounts{CanBo: 9, CongChuc: 8, PartTime: 11, VillagePartTime: 21, Total: 49},
			PartTimeCommune: 11, PartTimeVillage: 21,
			PartyMembers: indicator.CategoryCounts{CanBo: 9, CongChuc: 8},
			PoliticalTheory: []indicator.LevelCount{
				{Category: official.CategoryCAN_BO, Level: "SO_CAP", Count: 1}, {Category: official.CategoryCAN_BO, Level: "TRUNG_CAP", Count: 8},
				{Category: official.CategoryCONG_CHUC, Level: "SO_CAP", Count: 3}, {Category: official.CategoryCONG_CHUC, Level: "TRUNG_CAP", Count: 5},
			},
			Education: []indicator.LevelCount{
				{Category: official.CategoryCAN_BO, Level: "DAI_HOC", Count: 8}, {Category: official.CategoryCAN_BO, Level: "UNTRAINED", Count: 1},
				{Category: official.CategoryCONG_CHUC, Level: "DAI_HOC", Count: 8},
			},
		},
		Plans: indicator.PlanFigures{Issued: 3, IssuedByArea: []indicator.AreaCount{{Area: enum.AreaDirection, Count: 1}, {Area: enum.AreaProcedures, Count: 2}},
			TasksDue: 10, TasksDoneOnTime: 8, TasksDoneLate: 1, TasksOverdue: 1, TasksOpen: 8},
		Budget: indicator.BudgetFigures{RevenueEstimate: 7_082_000_000, RevenueActual: 6_397_900_000, RevenueExecutionRate: rate(6_397_900_000.0 / 7_082_000_000),
			ApprovedOn: &approved},
		CivilService: CivilServiceFigures{Trainings: 8, Trainees: 8, DisciplinaryActions: new(int)},
		Findings:     []indicator.Finding{{Code: "DOSSIERS_OTHER_CLOSED", Message: "5 hồ sơ …"}},
	}
}

func TestNumbersInVietnamese(t *testing.T) {
	for got, want := range map[string]string{
		num(0): "0", num(412): "412", num(1234): "1.234", money(7_082_000_000): "7.082.000.000", money(-1500): "-1.500",
		percent(398.0 / 403): "98,8%", percent(1): "100%", percent(0.5): "50%",
		dayOrMonth(5, 10): "05", dayOrMonth(30, 10): "30", dayOrMonth(2, 3): "02", dayOrMonth(6, 3): "6",
		date(time.Date(2022, 12, 31, 18, 0, 0, 0, time.UTC)): "01/01/2023", // local date in Vietnam
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestSnapshotRoundTrip: a snapshot stores every figure under its GraphQL
// name and reads back the same figures.
func TestSnapshotRoundTrip(t *testing.T) {
	f := taiSon()
	at := time.Date(2023, 6, 30, 3, 0, 0, 0, time.UTC)
	p := period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1}
	m, err := freeze(f, &ent.Unit{Code: "11098"}, p, at)
	if err != nil {
		t.Fatal(err)
	}
	d := m["dossiers"].(map[string]any)
	if d["carriedOver"] != 8.0 || d["onTimeRate"] != 398.0/403 || m["unit"] != "11098" || m["takenAt"] != "2023-06-30T03:00:00Z" {
		t.Errorf("snapshot %v", m)
	}
	if q := m["staffing"].(map[string]any)["quota"].(map[string]any); q["canBo"] != 10.0 {
		t.Errorf("quota %v", q)
	}
	back, when, err := thaw(m)
	if err != nil || !when.Equal(at) {
		t.Fatal(err, when)
	}
	if !reflect.DeepEqual(back, f) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, f)
	}
	m["version"] = 9.0
	if _, _, err := thaw(m); err == nil {
		t.Error("an unknown version must not be read")
	}
}

func taiSonWriter() *writer {
	return &writer{
		u:      &ent.Unit{Code: "11098", Name: "Tái Sơn", Level: unit.LevelCOMMUNE, Kind: unit.KindCOMMUNE},
		parent: &ent.Unit{Code: "298", Name: "Tứ Kỳ", Level: unit.LevelDISTRICT, Kind: unit.KindRURAL_DISTRICT},
		p:      period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1},
		now:    time.Date(2023, 6, 20, 0, 0, 0, 0, time.UTC),
		shows:  func(string) bool { return true },
	}
}

// TestSentences: the figures are written as the source report writes them.
func TestSentences(t *testing.T) {
	w, f := taiSonWriter(), taiSon()
	text := strings.Join(w.procedures(f), "\n") + "\n" + strings.Join(w.apparatus(f), "\n") + "\n" +
		strings.Join(w.civilService(f), "\n") + "\n" + strings.Join(w.publicFinance(f), "\n") + "\n" +
		strings.Join(w.digital(f), "\n") + "\n" + strings.Join(w.direction(f), "\n")
	for _, s := range []string{
		"Tổng số hồ sơ TTHC đã tiếp nhận: 412, trong đó: Tiếp nhận trong kỳ: 404 (trực tuyến: 381; trực tiếp và qua dịch vụ bưu chính: 23); số từ kỳ trước chuyển qua: 8.",
		"Số lượng hồ sơ đã giải quyết: 403; trong đó, giải quyết trước hạn: 381, đúng hạn: 17, quá hạn: 5.",
		"Số lượng hồ sơ đang giải quyết: 4, trong đó, trong hạn: 4, quá hạn: 0.",
		"Số hồ sơ bị từ chối, rút hoặc dừng xử lý trong kỳ: 5.",
		"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 98,8%.",
		"Trong kỳ không tiếp nhận phản ánh, kiến nghị",
		"Số lượng biên chế được giao: 18 người (trong đó: cán bộ 10 người, công chức 8 người).",
		"cán bộ 9/10, công chức 8/8.",
		"thôn, khu dân cư: 32 người (cấp xã: 11; thôn, tổ dân phố: 21).",
		"Về cán bộ: Đảng viên: 9/9; trình độ lý luận chính trị: trung cấp 8/9, sơ cấp 1/9; trình độ chuyên môn: đại học 8/9, chưa qua đào tạo 1/9.",
		"Về công chức: Đảng viên: 8/8; trình độ lý luận chính trị: trung cấp 5/8, sơ cấp 3/8; trình độ chuyên môn: đại học 8/8.",
		"8 lượt", "không có cán bộ, công chức vi phạm phải xử lý kỷ luật",
		"Dự toán thu ngân sách năm 2023: 7.082.000.000 đồng; thực hiện: 6.397.900.000 đồng, đạt 90,3% dự toán.",
		"được HĐND xã phê chuẩn ngày 21/12/2022; chưa công khai.",
		"381/404 hồ sơ, đạt tỷ lệ 94,3%.",
		"ban hành 3 kế hoạch cải cách hành chính, trong đó: chỉ đạo, điều hành, tuyên truyền CCHC: 1; cải cách thủ tục hành chính: 2.",
		"Nhiệm vụ cải cách hành chính đến hạn trong kỳ: 10",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("missing %q in\n%s", s, text)
		}
	}
	f.Staffing.Quota, f.Budget, f.Dossiers.ReceivedInPeriod = nil, indicator.BudgetFigures{}, 0
	text = strings.Join(w.apparatus(f), "\n") + strings.Join(w.publicFinance(f), "\n") + strings.Join(w.digital(f), "\n")
	for _, s := range []string{"Chưa có số liệu biên chế được giao năm 2023.", "Chưa có số liệu dự toán ngân sách năm 2023.", "Trong kỳ không tiếp nhận hồ sơ"} {
		if !strings.Contains(text, s) {
			t.Errorf("missing %q in\n%s", s, text)
		}
	}
}

// document builds the document of Tái Sơn without a database: submitted
// figures that differ from the live ones, a plan and the chairman.
func document(t *testing.T) *Document {
	t.Helper()
	w := taiSonWriter()
	at := time.Date(2023, 6, 29, 20, 0, 0, 0, time.UTC)
	w.rec = &ent.Report{Number: "45/BC-UBND", Status: report.StatusSUBMITTED, SubmittedAt: &at,
		DirectionSummary: "1. Về kế hoạch CCHC: *quan trọng* <b>\n\n2. Tuyên truyền", Strengths: "Tốt", Limitations: "- Chậm\n- Thiếu", Directions: "1. Tiếp tục"}
	live, submitted := taiSon(), taiSon()
	live.Dossiers.Total, live.Dossiers.ReceivedInPeriod = 415, 407
	issued := time.Date(2023, 1, 5, 0, 0, 0, 0, period.Location)
	plans := []*ent.ReformPlan{{Number: "01/KH-UBND", Title: "Kế hoạch CCHC năm 2023", Area: enum.AreaProcedures, IssuedOn: &issued}}
	d := &Document{Unit: w.u, Period: w.p, Record: w.rec, Findings: live.Findings, SubmittedAt: &at}
	w.fill(d, submitted, submitted, live, plans, &ent.Official{FullName: "Nguyễn Thế Thọ", Position: "Chủ tịch UBND xã"})
	return d
}

func TestDocument(t *testing.T) {
	d := document(t)
	h := d.Header
	if h.NumberLine != "Số: 45/BC-UBND" || h.DateLine != "Tái Sơn, ngày 30 tháng 6 năm 2023" || h.UnitTitle != "XÃ TÁI SƠN" {
		t.Errorf("header %+v", h)
	}
	if len(d.Results) != 6 || d.Results[1].Area != enum.AreaProcedures || len(d.Results[1].Plans) != 1 || len(d.Results[0].Plans) != 0 {
		t.Errorf("results %+v", d.Results)
	}
	// The text of a submitted report is written from the frozen figures.
	if !strings.Contains(strings.Join(d.Results[1].Paragraphs, " "), "Tổng số hồ sơ TTHC đã tiếp nhận: 412") {
		t.Errorf("procedures %q", d.Results[1].Paragraphs)
	}
	changed := map[string]bool{}
	for _, f := range d.Figures {
		if f.Changed {
			changed[f.Key] = true
		}
	}
	if !reflect.DeepEqual(changed, map[string]bool{"dossiers.total": true, "dossiers.receivedInPeriod": true}) {
		t.Errorf("changed figures %v", changed)
	}
	if d.Signature.Name == nil || *d.Signature.Name != "Nguyễn Thế Thọ" || d.Recipients[0] != "UBND huyện Tứ Kỳ;" {
		t.Errorf("signature %+v, recipients %q", d.Signature, d.Recipients)
	}

	md := string(d.Markdown())
	for _, s := range []string{
		"| ỦY BAN NHÂN DÂN<br>**XÃ TÁI SƠN** | **CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc** |",
		"# BÁO CÁO", "\\*quan trọng\\* &lt;b>", "- Kế hoạch CCHC năm 2023 (số 01/KH-UBND ngày 05/01/2023);",
		"- Chậm\n\n- Thiếu", "Tổng số hồ sơ TTHC đã tiếp nhận: 412", "Tổng số hồ sơ TTHC đã tiếp nhận: khi gửi 412 hồ sơ, hiện nay 415 hồ sơ.",
		"**Nguyễn Thế Thọ**",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("the Markdown lacks %q:\n%s", s, md)
		}
	}

	raw, err := d.DOCX()
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
	}
	doc, styles := parts["word/document.xml"], parts["word/styles.xml"]
	for _, s := range []string{"Số: 45/BC-UBND", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nguyễn Thế Thọ", "TM. ỦY BAN NHÂN DÂN", `w:w="11906"`, `w:val="center"`, "<w:tab"} {
		if !strings.Contains(doc, s) {
			t.Errorf("word/document.xml lacks %q", s)
		}
	}
	if !strings.Contains(styles, `w:ascii="Times New Roman"`) {
		t.Errorf("the default font is not Times New Roman")
	}
}

func TestParseQuery(t *testing.T) {
	for query, field := range map[string]string{
		"":                                       "unit",
		"unit=11098":                             "year",
		"unit=11098&year=2023":                   "index",
		"unit=11098&year=2023&index=1":           "kind",
		"unit=11098&year=2023&index=1&kind=YEAR": "format",
		"unit=11098&year=2023&index=2&kind=YEAR&format=md":  "index",
		"unit=11098&year=2023&index=1&kind=YEAR&format=pdf": "format",
	} {
		_, _, err := parseQuery(httptest.NewRequest("GET", "/report?"+query, nil))
		if e, ok := apperr.As(err); !ok || e.Code != apperr.BadInput || e.Field != field {
			t.Errorf("%q: %v, want an error naming %s", query, err, field)
		}
	}
	q, format, err := parseQuery(httptest.NewRequest("GET", "/report?unit=11098&year=2023&kind=HALF_YEAR&index=1&format=docx", nil))
	if err != nil || format != "docx" || q.unit != "11098" || q.p != (period.Period{Year: 2023, Kind: enum.PeriodHalfYear, Index: 1}) {
		t.Errorf("%+v %q %v", q, format, err)
	}
}

// TestWithheld: for a district officer, the count of a commune's
// disciplinary actions is left out of the figures, the text, the figure
// lists and the stored snapshot; the commune's officer reads it.
func TestWithheld(t *testing.T) {
	const district, commune = 2, 3
	subtree := func(u int) []int { return map[int][]int{district: {2, 3}, commune: {3}}[u] }
	officer := indicator.NewGate(&viewer.Viewer{Role: viewer.DistrictOfficer, UnitID: district, Scope: []int{2, 3}}, subtree)
	own := indicator.NewGate(&viewer.Viewer{Role: viewer.CommuneOfficer, UnitID: commune, Scope: []int{3}}, subtree)
	three := 3
	full := taiSon()
	full.CivilService.DisciplinaryActions = &three

	f := taiSon()
	f.CivilService.DisciplinaryActions = &three
	f.withhold(officer, commune)
	if f.CivilService.DisciplinaryActions != nil || len(f.Findings) != 1 {
		t.Errorf("withheld %+v, findings %v", f.CivilService, f.Findings)
	}
	if text := strings.Join(taiSonWriter().civilService(f), " "); strings.Contains(text, "kỷ luật") {
		t.Errorf("the text speaks of discipline: %s", text)
	}
	all := append(append(append(append(slices.Clone(directionFigures), dossierFigures...), apparatusFigures...),
		civilServiceFigures(full, nil)...), financeFigures...)
	shows := func(key string) bool { return officer.Shows(commune, key) }
	for _, sp := range all {
		if !shows(sp.key) && sp.get(f) != nil {
			t.Errorf("%s is withheld, yet withhold leaves its value", sp.key)
		}
	}
	for _, fig := range (figureSet{live: f, submitted: full, shows: shows}).of(all) {
		if fig.Key == disciplineKey {
			t.Errorf("the figure list shows %s", fig.Key)
		}
	}
	i := slices.IndexFunc((figureSet{live: full, shows: func(key string) bool { return own.Shows(commune, key) }}).of(all),
		func(f *Figure) bool { return f.Key == disciplineKey && *f.Live == 3 })
	if i < 0 {
		t.Errorf("the commune's own officer is not shown %s", disciplineKey)
	}

	m, err := freeze(full, &ent.Unit{Code: "11098"}, period.Period{Year: 2023, Kind: enum.PeriodMonth, Index: 3}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	hidden := WithholdSnapshot(officer, commune, m)
	cs := hidden["civilService"].(map[string]any)
	if _, ok := cs["disciplinaryActions"]; ok || cs["trainings"] != 8.0 || hidden["unit"] != "11098" || len(hidden["findings"].([]any)) != 1 {
		t.Errorf("withheld snapshot %v", hidden)
	}
	if m["civilService"].(map[string]any)["disciplinaryActions"] != 3.0 {
		t.Errorf("the stored snapshot was changed")
	}
	if shown := WithholdSnapshot(own, commune, m); shown["civilService"].(map[string]any)["disciplinaryActions"] != 3.0 {
		t.Errorf("the commune's own officer reads %v", shown["civilService"])
	}
}
