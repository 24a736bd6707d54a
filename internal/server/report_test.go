package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

const reportQuery = `query($unit: String!) { report(unit: $unit, period: {year: 2023, kind: HALF_YEAR, index: 1}) {
  unit { code } period { title }
  record { id status number submittedAt reviewedAt reviewComment snapshot }
  header { authority unitTitle nation motto number numberLine place date dateLine unitName parentUnitName provinceName }
  title subtitle introduction
  direction { heading summary plans { number title area issuedOn } paragraphs figures { key live submitted } }
  results { number area heading plans { title area } paragraphs figures { key label unit live submitted changed } }
  assessment { heading strengthsHeading strengths limitationsHeading limitations }
  directions { heading text }
  closing recipients
  signature { authority title name position }
  live { dossiers { total } findings { code } }
  submitted { dossiers { total } findings { code } }
  submittedAt
  figures { key live submitted changed }
  findings { code message }
} }`

type reportFigure struct {
	Key, Label, Unit string
	Live, Submitted  *float64
	Changed          bool
}

type reportAnswer struct {
	Report struct {
		Unit   struct{ Code string }
		Period struct{ Title string }
		Record *struct {
			ID, Status, Number      string
			SubmittedAt, ReviewedAt *string
			ReviewComment           string
			Snapshot                map[string]any
		}
		Header struct {
			Authority, UnitTitle, Nation, Motto, NumberLine, Place, DateLine, UnitName string
			Number, Date, ParentUnitName, ProvinceName                                 *string
		}
		Title, Subtitle, Introduction string
		Direction                     struct {
			Heading, Summary string
			Plans            []struct{ Number, Title, Area, IssuedOn string }
			Paragraphs       []string
			Figures          []reportFigure
		}
		Results []struct {
			Number        int
			Area, Heading string
			Plans         []struct{ Title, Area string }
			Paragraphs    []string
			Figures       []reportFigure
		}
		Assessment struct{ Heading, StrengthsHeading, Strengths, LimitationsHeading, Limitations string }
		Directions struct{ Heading, Text string }
		Closing    string
		Recipients []string
		Signature  struct {
			Authority, Title string
			Name, Position   *string
		}
		Live, Submitted *struct {
			Dossiers struct{ Total int }
			Findings []struct{ Code string }
		}
		SubmittedAt *string
		Figures     []reportFigure
		Findings    []struct{ Code, Message string }
	}
}

// figure returns the live and submitted values of a figure of the report.
func (a *reportAnswer) figure(t *testing.T, key string) (live, submitted *float64) {
	t.Helper()
	for _, f := range a.Report.Figures {
		if f.Key == key {
			return f.Live, f.Submitted
		}
	}
	t.Fatalf("the report has no figure %s", key)
	return nil, nil
}

func value(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// The three sentences of the source report (section II.2) that the
// demonstration records must reproduce word for word.
var dossierSentences = []string{
	"Tổng số hồ sơ TTHC đã tiếp nhận: 412, trong đó: Tiếp nhận trong kỳ: 404 (trực tuyến: 381; trực tiếp và qua dịch vụ bưu chính: 23); số từ kỳ trước chuyển qua: 8.",
	"Số lượng hồ sơ đã giải quyết: 403; trong đó, giải quyết trước hạn: 381, đúng hạn: 17, quá hạn: 5.",
	"Số lượng hồ sơ đang giải quyết: 4, trong đó, trong hạn: 4, quá hạn: 0.",
}

// TestReportTaiSonFirstHalf2023: the report of Tái Sơn for the first half of
// 2023 has the structure of the source and every figure of DOMAIN.md, for
// everyone who reads Tái Sơn's reports; the count of disciplinary actions
// only for those who read them (figures_test.go).
func TestReportTaiSonFirstHalf2023(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		for _, c := range []struct {
			caller
			discipline bool
		}{
			{caller{viewer.CommuneOfficer, "11098"}, true}, {caller{viewer.DistrictOfficer, "298"}, false},
			{caller{viewer.ProvinceOfficer, "30"}, true}, {caller{viewer.Analyst, "298"}, false},
		} {
			t.Run(string(c.role), func(t *testing.T) {
				var a reportAnswer
				env.OK(t, env.Token(t, c.role, c.unit), reportQuery, map[string]any{"unit": "11098"}, &a)
				checkTaiSonReport(t, &a, c.discipline)
			})
		}
	})
}

func checkTaiSonReport(t *testing.T, a *reportAnswer, discipline bool) {
	t.Helper()
	r := a.Report
	h := r.Header
	if h.Authority != "ỦY BAN NHÂN DÂN" || h.UnitTitle != "XÃ TÁI SƠN" || h.Nation != "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" ||
		h.Motto != "Độc lập - Tự do - Hạnh phúc" || h.Place != "Tái Sơn" || !strings.HasPrefix(h.DateLine, "Tái Sơn, ngày") ||
		!strings.HasSuffix(h.NumberLine, "/BC-UBND") || h.ParentUnitName == nil || *h.ParentUnitName != "Tứ Kỳ" ||
		h.ProvinceName == nil || *h.ProvinceName != "Hải Dương" {
		t.Errorf("header %+v", h)
	}
	if r.Title != "BÁO CÁO" || r.Subtitle != "Công tác cải cách hành chính 6 tháng đầu năm 2023" ||
		!strings.Contains(r.Introduction, "UBND huyện Tứ Kỳ") || !strings.Contains(r.Introduction, "UBND xã Tái Sơn") {
		t.Errorf("title %q %q %q", r.Title, r.Subtitle, r.Introduction)
	}
	if r.Record == nil || r.Record.Status != "DRAFT" || !strings.Contains(r.Direction.Summary, "Về kế hoạch CCHC") ||
		!strings.Contains(r.Assessment.Strengths, "nhiệm vụ trọng tâm") || !strings.Contains(r.Assessment.Limitations, "dịch vụ công trực tuyến") ||
		!strings.Contains(r.Directions.Text, "ISO 9001:2015") {
		t.Errorf("narrative of the record: %+v %+v %+v", r.Record, r.Assessment, r.Directions)
	}
	// I: every plan of the report, each with its area.
	areas := map[string]string{}
	for _, p := range r.Direction.Plans {
		areas[p.Title] = p.Area
		if !strings.HasSuffix(p.Number, "/KH-UBND") || !strings.HasPrefix(p.IssuedOn, "2023-") {
			t.Errorf("plan %+v", p)
		}
	}
	for title, area := range map[string]string{
		"Kế hoạch cải cách hành chính nhà nước xã Tái Sơn năm 2023":                                         "DIRECTION",
		"Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023 trên địa bàn xã Tái Sơn":                    "PROCEDURES",
		"Kế hoạch thực hiện công tác theo dõi tình hình thi hành pháp luật trên địa bàn xã năm 2023":        "INSTITUTIONS",
		"Kế hoạch thực hiện chính sách tinh giản biên chế năm 2023":                                         "APPARATUS",
		"Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2023":                                            "CIVIL_SERVICE",
		"Kế hoạch thực hành tiết kiệm, chống lãng phí năm 2023":                                             "PUBLIC_FINANCE",
		"Kế hoạch tuyên truyền cải cách hành chính năm 2023":                                                "DIRECTION",
		"Kế hoạch áp dụng, duy trì hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 năm 2023": "APPARATUS",
	} {
		if areas[title] != area {
			t.Errorf("plan %q: area %q, want %s", title, areas[title], area)
		}
	}
	if len(r.Direction.Plans) != 20 {
		t.Errorf("%d plans issued in the first half of 2023, want the 20 of the report", len(r.Direction.Plans))
	}
	// II: the six areas in the order of the report, each with its figures.
	wantAreas := []string{"INSTITUTIONS", "PROCEDURES", "APPARATUS", "CIVIL_SERVICE", "PUBLIC_FINANCE", "DIGITAL_GOVERNMENT"}
	if len(r.Results) != 6 {
		t.Fatalf("results %+v", r.Results)
	}
	for i, res := range r.Results {
		if res.Area != wantAreas[i] || res.Number != i+1 || !strings.HasPrefix(res.Heading, fmt.Sprint(i+1, ". ")) || len(res.Figures) == 0 || len(res.Paragraphs) == 0 {
			t.Errorf("result %d: %+v", i, res)
		}
		for _, p := range res.Plans {
			if p.Area != res.Area {
				t.Errorf("%s lists a plan of %s", res.Area, p.Area)
			}
		}
	}
	procedures := strings.Join(r.Results[1].Paragraphs, "\n")
	for _, s := range dossierSentences {
		if !strings.Contains(procedures, s) {
			t.Errorf("section II.2 lacks %q:\n%s", s, procedures)
		}
	}
	if !strings.Contains(procedures, "từ chối, rút hoặc dừng xử lý trong kỳ: 5") {
		t.Errorf("the 5 dossiers neither resolved nor pending are not named:\n%s", procedures)
	}
	civil := strings.Join(r.Results[3].Paragraphs, "\n")
	for _, s := range []string{
		"Về cán bộ: Đảng viên: 9/9; trình độ lý luận chính trị: trung cấp 8/9, sơ cấp 1/9; trình độ chuyên môn: đại học 8/9, chưa qua đào tạo 1/9.",
		"Về công chức: Đảng viên: 8/8; trình độ lý luận chính trị: trung cấp 5/8, sơ cấp 3/8; trình độ chuyên môn: đại học 8/8.",
	} {
		if !strings.Contains(civil, s) {
			t.Errorf("section II.4 lacks %q:\n%s", s, civil)
		}
	}
	if said := strings.Contains(civil, "không có cán bộ, công chức vi phạm phải xử lý kỷ luật"); said != discipline {
		t.Errorf("section II.4 speaks of discipline: %v, want %v:\n%s", said, discipline, civil)
	}
	apparatus := strings.Join(r.Results[2].Paragraphs, "\n")
	for _, s := range []string{
		"Số lượng biên chế được giao: 18 người (trong đó: cán bộ 10 người, công chức 8 người).",
		"cán bộ 9/10, công chức 8/8", "Hợp đồng lao động ở vị trí công chức: 0 người.", "thôn, khu dân cư: 32 người",
	} {
		if !strings.Contains(apparatus, s) {
			t.Errorf("section II.3 lacks %q:\n%s", s, apparatus)
		}
	}
	// Every figure of DOMAIN.md.
	for key, want := range map[string]float64{
		"dossiers.total": 412, "dossiers.carriedOver": 8, "dossiers.receivedInPeriod": 404, "dossiers.online": 381,
		"dossiers.resolved": 403, "dossiers.early": 381, "dossiers.onTime": 17, "dossiers.late": 5, "dossiers.pending": 4,
		"dossiers.pendingWithinDeadline": 4, "dossiers.pendingOverdue": 0, "dossiers.otherClosed": 5,
		"staffing.quota.total": 18, "staffing.quota.canBo": 10, "staffing.quota.congChuc": 8,
		"staffing.serving.canBo": 9, "staffing.serving.congChuc": 8, "staffing.contractInCongChucPosts": 0,
		"staffing.partyMembers.canBo": 9, "staffing.partyMembers.congChuc": 8,
		"staffing.politicalTheory.CAN_BO.TRUNG_CAP": 8, "staffing.politicalTheory.CAN_BO.SO_CAP": 1,
		"staffing.education.CAN_BO.DAI_HOC": 8, "staffing.education.CAN_BO.UNTRAINED": 1,
		"staffing.politicalTheory.CONG_CHUC.TRUNG_CAP": 5, "staffing.politicalTheory.CONG_CHUC.SO_CAP": 3,
		"staffing.education.CONG_CHUC.DAI_HOC": 8,
	} {
		if live, submitted := a.figure(t, key); live == nil || *live != want || submitted != nil {
			t.Errorf("%s = %s (submitted %s), want %v", key, value(live), value(submitted), want)
		}
	}
	if discipline {
		if live, _ := a.figure(t, "civilService.disciplinaryActions"); live == nil || *live != 0 {
			t.Errorf("civilService.disciplinaryActions = %s, want 0", value(live))
		}
	}
	direct, _ := a.figure(t, "dossiers.direct")
	postal, _ := a.figure(t, "dossiers.postal")
	commune, _ := a.figure(t, "staffing.partTimeCommune")
	village, _ := a.figure(t, "staffing.partTimeVillage")
	if *direct+*postal != 23 || *commune+*village != 32 {
		t.Errorf("direct and postal %v+%v, part-time %v+%v", *direct, *postal, *commune, *village)
	}
	if r.Live == nil || r.Live.Dossiers.Total != 412 || r.Submitted != nil || r.SubmittedAt != nil {
		t.Errorf("live %+v submitted %+v", r.Live, r.Submitted)
	}
	codes := map[string]bool{}
	for _, f := range r.Findings {
		codes[f.Code] = true
	}
	if !codes["DOSSIERS_OTHER_CLOSED"] || !codes["REPORT_DENIES_OVERDUE"] {
		t.Errorf("findings %+v", r.Findings)
	}
	if r.Signature.Authority != "TM. ỦY BAN NHÂN DÂN" || r.Signature.Title != "CHỦ TỊCH" || r.Signature.Name == nil || *r.Signature.Name != "Nguyễn Thế Thọ" {
		t.Errorf("signature %+v", r.Signature)
	}
	if len(r.Recipients) < 3 || r.Recipients[0] != "UBND huyện Tứ Kỳ;" || r.Recipients[1] != "Phòng Nội vụ huyện;" || !strings.HasPrefix(r.Recipients[len(r.Recipients)-1], "Lưu") {
		t.Errorf("recipients %q", r.Recipients)
	}
	if !strings.HasSuffix(r.Closing, "gửi UBND huyện Tứ Kỳ./.") {
		t.Errorf("closing %q", r.Closing)
	}
}

// TestReportAccess: the report is read as the unit's reports are; a unit out
// of scope answers exactly as a code that does not exist.
func TestReportAccess(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		const q = `query($unit: String!, $index: Int!) { report(unit: $unit, period: {year: 2023, kind: HALF_YEAR, index: $index}) { unit { code } } }`
		giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
		missing := env.Fail(t, giaHoa, q, map[string]any{"unit": "99999", "index": 1}, "NOT_FOUND")
		for _, c := range []struct {
			token, unit string
		}{
			{giaHoa, "11098"}, {giaHoa, "297"}, {env.Token(t, viewer.CommuneOfficer, "11098"), "11101"},
			{env.Token(t, viewer.DistrictOfficer, "297"), "11098"}, {env.Token(t, viewer.Analyst, "297"), "298"},
		} {
			e := env.Fail(t, c.token, q, map[string]any{"unit": c.unit, "index": 1}, "NOT_FOUND")
			if e.Message != strings.Replace(missing.Message, "99999", c.unit, 1) || e.Extensions["field"] != missing.Extensions["field"] {
				t.Errorf("%s: %+v, a missing code answers %+v", c.unit, e, missing)
			}
		}
		env.Fail(t, env.Token(t, viewer.ScoringService, "30"), q, map[string]any{"unit": "11098", "index": 1}, "FORBIDDEN")
		if e := env.Fail(t, giaHoa, q, map[string]any{"unit": "11023", "index": 3}, "BAD_USER_INPUT"); e.Extensions["field"] != "period.index" {
			t.Errorf("bad period: %+v", e)
		}
		var own struct {
			Report struct{ Unit struct{ Code string } }
		}
		env.OK(t, giaHoa, q, map[string]any{"unit": "11023", "index": 2}, &own)
		if own.Report.Unit.Code != "11023" {
			t.Errorf("a commune reads its own report without a record: %+v", own)
		}
	})
}

const (
	submitReport = `mutation($id: ID!, $v: Int!) { submitReport(id: $id, version: $v) { id status submittedAt reviewedAt reviewComment snapshot } }`
	acceptReport = `mutation($id: ID!, $v: Int!, $comment: String) { acceptReport(id: $id, version: $v, comment: $comment) { id status reviewedAt reviewComment } }`
	returnReport = `mutation($id: ID!, $v: Int!, $comment: String!) { returnReport(id: $id, version: $v, comment: $comment) { id status reviewedAt reviewComment } }`
	updateReport = `mutation($id: ID!, $v: Int!, $s: String!) { updateReport(id: $id, version: $v, input: {strengths: $s}) { id strengths } }`
	archive      = `mutation($id: ID!, $v: Int!) { archiveReport(id: $id, version: $v) { id } }`
)

type workflowAnswer struct {
	Status                  string
	SubmittedAt, ReviewedAt *string
	ReviewComment           *string
	Snapshot                map[string]any
}

// taiSonReportID is the ID of Tái Sơn's report for the first half of 2023.
func taiSonReportID(t *testing.T, env *apitest.Env, token string) string {
	t.Helper()
	var a reportAnswer
	env.OK(t, token, reportQuery, map[string]any{"unit": "11098"}, &a)
	if a.Report.Record == nil {
		t.Fatal("Tái Sơn has no report record")
	}
	return a.Report.Record.ID
}

// TestReportWorkflow walks a report through submission, return, edit,
// resubmission and acceptance, with every role that may not make each move.
func TestReportWorkflow(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		district := env.Token(t, viewer.DistrictOfficer, "298")
		id := taiSonReportID(t, env, taiSon)
		vars := func(kv ...any) map[string]any { // the version as stored: each move is made on the report as it is
			m := map[string]any{"id": id, "v": storedVersion(t, env, "reports", id)}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		}
		others := map[string]string{ // who may not review, and how they are answered
			"commune itself":              "FORBIDDEN",
			"commune of the district":     "NOT_FOUND",
			"commune of another district": "NOT_FOUND",
			"district officer elsewhere":  "NOT_FOUND",
			"analyst of the district":     "FORBIDDEN",
			"scoring service":             "FORBIDDEN",
		}
		tokens := map[string]string{
			"commune itself":              taiSon,
			"commune of the district":     env.Token(t, viewer.CommuneOfficer, "11101"),
			"commune of another district": env.Token(t, viewer.CommuneOfficer, "11023"),
			"district officer elsewhere":  env.Token(t, viewer.DistrictOfficer, "297"),
			"analyst of the district":     env.Token(t, viewer.Analyst, "298"),
			"scoring service":             env.Token(t, viewer.ScoringService, "30"),
		}

		// Only the unit's own officers submit.
		for name, code := range map[string]string{
			"commune of the district": "NOT_FOUND", "commune of another district": "NOT_FOUND", "district officer elsewhere": "NOT_FOUND",
			"analyst of the district": "FORBIDDEN", "scoring service": "FORBIDDEN",
		} {
			env.Fail(t, tokens[name], submitReport, vars(), code)
		}
		env.Fail(t, district, submitReport, vars(), "FORBIDDEN")
		env.Fail(t, env.Token(t, viewer.ProvinceOfficer, "30"), submitReport, vars(), "FORBIDDEN")
		// Nothing to review yet.
		if e := env.Fail(t, district, acceptReport, vars(), "CONFLICT"); e.Extensions["field"] != "status" {
			t.Errorf("accepting a draft: %+v", e)
		}

		var sub struct{ SubmitReport workflowAnswer }
		refusedStale(t, env, taiSon, submitReport, vars())
		env.OK(t, taiSon, submitReport, vars(), &sub)
		if s := sub.SubmitReport; s.Status != "SUBMITTED" || s.SubmittedAt == nil || s.ReviewedAt != nil || snapshotTotal(s.Snapshot) != 412 {
			t.Fatalf("submitted %+v", s)
		}
		if e := env.Fail(t, taiSon, submitReport, vars(), "CONFLICT"); e.Extensions["field"] != "status" {
			t.Errorf("submitting twice: %+v", e)
		}
		// Frozen while submitted: no edit, no archiving.
		if e := env.Fail(t, taiSon, updateReport, vars("s", "Sửa sau khi gửi"), "CONFLICT"); e.Extensions["field"] != "status" {
			t.Errorf("editing a submitted report: %+v", e)
		}
		env.Fail(t, taiSon, archive, vars(), "CONFLICT")

		for name, code := range others {
			env.Fail(t, tokens[name], acceptReport, vars(), code)
			env.Fail(t, tokens[name], returnReport, vars("comment", "Bổ sung số liệu"), code)
		}
		if e := env.Fail(t, district, returnReport, vars("comment", "   "), "BAD_USER_INPUT"); e.Extensions["field"] != "comment" {
			t.Errorf("returning without a comment: %+v", e)
		}

		var ret struct{ ReturnReport workflowAnswer }
		const comment = "Đề nghị làm rõ 5 hồ sơ bị từ chối, rút hoặc dừng và 5 hồ sơ giải quyết quá hạn"
		refusedStale(t, env, district, returnReport, vars("comment", comment))
		env.OK(t, district, returnReport, vars("comment", comment), &ret)
		if r := ret.ReturnReport; r.Status != "RETURNED" || r.ReviewedAt == nil || r.ReviewComment == nil || *r.ReviewComment != comment {
			t.Fatalf("returned %+v", r)
		}
		env.Fail(t, district, acceptReport, vars(), "CONFLICT")

		// An edit made on the report as read before it was returned is refused.
		if e := env.Fail(t, taiSon, updateReport, vars("s", "Sửa bản cũ", "v", 2), "CONFLICT"); e.Extensions["field"] != "version" ||
			e.Extensions["expected"] != float64(2) || e.Extensions["actual"] != float64(3) {
			t.Errorf("an edit of version 2 of a report at version 3: %+v", e)
		}

		// Returned: the commune edits and submits again.
		var upd struct{ UpdateReport struct{ Strengths string } }
		env.OK(t, taiSon, updateReport, vars("s", "Đã làm rõ các hồ sơ quá hạn."), &upd)
		if upd.UpdateReport.Strengths != "Đã làm rõ các hồ sơ quá hạn." {
			t.Errorf("edit of a returned report: %+v", upd)
		}
		env.OK(t, taiSon, submitReport, vars(), &sub)
		if s := sub.SubmitReport; s.Status != "SUBMITTED" || s.ReviewedAt != nil || s.ReviewComment != nil {
			t.Errorf("resubmitted %+v", s)
		}

		var acc struct{ AcceptReport workflowAnswer }
		refusedStale(t, env, env.Token(t, viewer.ProvinceOfficer, "30"), acceptReport, vars("comment", nil))
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), acceptReport, vars("comment", nil), &acc)
		if a := acc.AcceptReport; a.Status != "ACCEPTED" || a.ReviewedAt == nil || a.ReviewComment != nil {
			t.Errorf("accepted %+v", a)
		}
		env.Fail(t, taiSon, updateReport, vars("s", "x"), "CONFLICT")
		env.Fail(t, taiSon, submitReport, vars(), "CONFLICT")
		env.Fail(t, district, returnReport, vars("comment", "x"), "CONFLICT")

		// Every move is in the audit trail.
		var audit struct {
			AuditEntries struct{ TotalCount int }
		}
		env.OK(t, district, `query($id: ID!) { auditEntries(where: {recordType: "Report", recordID: $id}) { totalCount } }`, vars(), &audit)
		if audit.AuditEntries.TotalCount != 5 {
			t.Errorf("%d audit entries for submit, return, edit, submit, accept", audit.AuditEntries.TotalCount)
		}
	})
}

// snapshotTotal reads the dossier total of a stored snapshot.
func snapshotTotal(s map[string]any) float64 {
	d, _ := s["dossiers"].(map[string]any)
	n, _ := d["total"].(float64)
	return n
}

// TestReportSnapshotIsFrozen: records created after the submission change
// the live figures, never the submitted ones.
func TestReportSnapshotIsFrozen(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		id := taiSonReportID(t, env, taiSon)
		var sub struct{ SubmitReport workflowAnswer }
		env.OK(t, taiSon, submitReport, map[string]any{"id": id, "v": storedVersion(t, env, "reports", id)}, &sub)
		frozen, _ := json.Marshal(sub.SubmitReport.Snapshot)

		var ids struct {
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, taiSon, `{ procedures(first: 1) { edges { node { id } } } }`, nil, &ids)
		unit := fmt.Sprint(env.UnitID(t, "11098"))
		for i := range 3 {
			in := with(dossierInput(unit, ids.Procedures.Edges[0].Node.ID, fmt.Sprintf("LATE-%d", i)), "receivedAt", "2023-05-02T09:00:00+07:00")
			env.OK(t, taiSon, createDossier, map[string]any{"input": in}, nil)
		}

		var a reportAnswer
		env.OK(t, env.Token(t, viewer.DistrictOfficer, "298"), reportQuery, map[string]any{"unit": "11098"}, &a)
		r := a.Report
		if r.Live.Dossiers.Total != 415 || r.Submitted == nil || r.Submitted.Dossiers.Total != 412 || r.SubmittedAt == nil {
			t.Fatalf("live %+v, submitted %+v", r.Live, r.Submitted)
		}
		live, submitted := a.figure(t, "dossiers.total")
		if *live != 415 || *submitted != 412 {
			t.Errorf("dossiers.total live %v submitted %v", *live, *submitted)
		}
		for _, f := range r.Figures {
			if f.Changed != (f.Key == "dossiers.total" || f.Key == "dossiers.receivedInPeriod" || f.Key == "dossiers.online" ||
				f.Key == "dossiers.pending" || f.Key == "dossiers.pendingWithinDeadline" || f.Key == "dossiers.onlineRate") {
				t.Errorf("%s changed=%v (live %s, submitted %s)", f.Key, f.Changed, value(f.Live), value(f.Submitted))
			}
		}
		// The text of a submitted report is the one that was sent.
		if !strings.Contains(strings.Join(r.Results[1].Paragraphs, "\n"), dossierSentences[0]) {
			t.Errorf("the submitted text changed: %q", r.Results[1].Paragraphs)
		}
		// The district officer reads the snapshot without the disciplinary
		// actions it may not read (figures_test.go); their commune reads it whole.
		var own reportAnswer
		env.OK(t, taiSon, reportQuery, map[string]any{"unit": "11098"}, &own)
		if stored, _ := json.Marshal(own.Report.Record.Snapshot); !bytes.Equal(stored, frozen) {
			t.Errorf("the snapshot changed:\n%s\n%s", stored, frozen)
		}
		var in indicatorsAnswer
		env.OK(t, taiSon, indicatorsQuery, map[string]any{"units": []string{"11098"}}, &in)
		if in.Indicators[0].Dossiers.Total != 415 {
			t.Errorf("the live indicators did not change: %+v", in.Indicators[0].Dossiers)
		}
	})
}

// TestReportDownloads: the report as Markdown and .docx, with the access and
// the errors of the API.
func TestReportDownloads(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		const path = "/report?unit=11098&year=2023&kind=HALF_YEAR&index=1&format="

		res, md := env.Get(t, taiSon, path+"md")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") ||
			res.Header.Get("Content-Disposition") != `attachment; filename="bao-cao-cchc-11098-2023-half-year-1.md"` {
			t.Fatalf("HTTP %d %v: %s", res.StatusCode, res.Header, md)
		}
		text := string(md)
		for _, s := range append(dossierSentences, "XÃ TÁI SƠN", "Độc lập - Tự do - Hạnh phúc", "Nguyễn Thế Thọ", "Nơi nhận",
			"Về cán bộ: Đảng viên: 9/9", "Số lượng biên chế được giao: 18 người") {
			if !strings.Contains(text, s) {
				t.Errorf("the Markdown lacks %q", s)
			}
		}
		last := -1
		for _, heading := range []string{"# BÁO CÁO", "## I. CÔNG TÁC CHỈ ĐẠO", "## II. KẾT QUẢ", "### 1. Cải cách thể chế", "### 2. Cải cách thủ tục hành chính",
			"### 6. Xây dựng và phát triển", "## III. ĐÁNH GIÁ CHUNG", "### 1. Mặt tích cực", "### 2. Những tồn tại", "## IV. PHƯƠNG HƯỚNG",
			"Trên đây là báo cáo", "Nơi nhận", "TM. ỦY BAN NHÂN DÂN", "PHỤ LỤC"} {
			i := strings.Index(text, heading)
			if i <= last {
				t.Errorf("%q is missing or out of the official order", heading)
			}
			last = i
		}

		res, doc := env.Get(t, env.Token(t, viewer.DistrictOfficer, "298"), path+"docx")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="bao-cao-cchc-11098-2023-half-year-1.docx"` {
			t.Fatalf("HTTP %d %v: %.200s", res.StatusCode, res.Header, doc)
		}
		xml := documentXML(t, doc)
		for _, s := range []string{"412", "Nguyễn Thế Thọ", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ TÁI SƠN", dossierSentences[1]} {
			if !strings.Contains(xml, s) {
				t.Errorf("word/document.xml lacks %q", s)
			}
		}

		// Errors: 401 without a token, 400 naming the parameter, 404 out of scope, 403 for roles that read no reports.
		if res, body := env.Get(t, "", path+"md"); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("no token: HTTP %d %s", res.StatusCode, body)
		}
		for query, field := range map[string]string{
			"year=2023&kind=HALF_YEAR&index=1&format=md":              "unit",
			"unit=11098&year=x&kind=HALF_YEAR&index=1&format=md":      "year",
			"unit=11098&year=2023&kind=WEEK&index=1&format=md":        "kind",
			"unit=11098&year=2023&kind=HALF_YEAR&index=3&format=md":   "index",
			"unit=11098&year=2023&kind=HALF_YEAR&format=md":           "index",
			"unit=11098&year=2023&kind=HALF_YEAR&index=1&format=pdf":  "format",
			"unit=11098&year=2023&kind=HALF_YEAR&index=1":             "format",
			"unit=11098&year=1800&kind=HALF_YEAR&index=1&format=docx": "year",
		} {
			res, body := env.Get(t, taiSon, "/report?"+query)
			if got := httpError(t, body); res.StatusCode != http.StatusBadRequest || got.Extensions["code"] != "BAD_USER_INPUT" || got.Extensions["field"] != field {
				t.Errorf("%s: HTTP %d %s, want 400 naming %s", query, res.StatusCode, body, field)
			}
		}
		giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
		resMissing, missing := env.Get(t, giaHoa, strings.Replace(path, "11098", "99999", 1)+"docx")
		resHidden, hidden := env.Get(t, giaHoa, path+"docx")
		if resMissing.StatusCode != http.StatusNotFound || resHidden.StatusCode != http.StatusNotFound ||
			string(hidden) != strings.Replace(string(missing), "99999", "11098", 1) {
			t.Errorf("out of scope: HTTP %d %s; missing: HTTP %d %s", resHidden.StatusCode, hidden, resMissing.StatusCode, missing)
		}
		if res, body := env.Get(t, env.Token(t, viewer.ScoringService, "30"), path+"md"); res.StatusCode != http.StatusForbidden {
			t.Errorf("scoring service: HTTP %d %s", res.StatusCode, body)
		}
	})
}

func httpError(t *testing.T, body []byte) apitest.Error {
	t.Helper()
	var out struct{ Errors []apitest.Error }
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 {
		t.Errorf("not a JSON error: %s", body)
		return apitest.Error{}
	}
	return out.Errors[0]
}

// documentXML checks that a .docx is a zip and returns its word/document.xml.
func documentXML(t *testing.T, doc []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("the .docx is not a zip: %v", err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatalf("the .docx has no word/document.xml: %v", err)
	}
	defer f.Close()
	raw, _ := io.ReadAll(f)
	return string(raw)
}

// TestReportDOCXOpensInLibreOffice converts the downloaded .docx to PDF with
// LibreOffice and reads the figures back from the PDF's text. It is skipped
// where LibreOffice or pdftotext is not installed, except under CI (CI=true),
// where it fails: .ci/run installs them.
func TestReportDOCXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		soffice, err = exec.LookPath("libreoffice")
	}
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("LibreOffice (soffice) and pdftotext (poppler-utils) are required under CI: %v %v", err, err2)
		}
		t.Skipf("LibreOffice or pdftotext not installed: %v %v", err, err2)
	}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		res, doc := env.Get(t, env.Token(t, viewer.CommuneOfficer, "11098"), "/report?unit=11098&year=2023&kind=HALF_YEAR&index=1&format=docx")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d %s", res.StatusCode, doc)
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "bao-cao.docx")
		if err := os.WriteFile(in, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		// Its own profile directory, so that runs never share LibreOffice's lock.
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--headless", "--convert-to", "pdf", "--outdir", dir, in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("LibreOffice could not convert the .docx: %v\n%s", err, out)
		}
		out, err := exec.Command(pdftotext, "-enc", "UTF-8", filepath.Join(dir, "bao-cao.pdf"), "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v (did LibreOffice write the PDF?)", err)
		}
		// pdftotext splits words where the PDF switches fonts for Vietnamese
		// glyphs ("tri ển"), so the text is compared without white space.
		text := noSpace(string(out))
		for _, s := range append(dossierSentences, "ỦY BAN NHÂN DÂN", "XÃ TÁI SƠN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"BÁO CÁO", "Nguyễn Thế Thọ", "TM. ỦY BAN NHÂN DÂN", "Nơi nhận", "Số lượng biên chế được giao: 18 người") {
			if !strings.Contains(text, noSpace(s)) {
				t.Errorf("the PDF LibreOffice made of the .docx lacks %q", s)
			}
		}
		if testing.Verbose() {
			t.Logf("%s: LibreOffice converted %d bytes of .docx; the PDF's text starts %.300s", env.Dialect, len(doc), out)
		}
	})
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }
