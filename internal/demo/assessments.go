package demo

import (
	"strconv"
	"time"

	"cchc/ent/assessment"
	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

// scoreChange is a score the level above set instead of the one before it,
// with the reason the workflow requires for a change.
type scoreChange struct {
	points float64
	reason string
}

// evidenceSpec is a document attached to a score: a link, or a file when
// content is set.
type evidenceSpec struct {
	title       string
	url         string
	fileName    string
	contentType string
	content     []byte
}

// returnSpec is the last return of an assessment for rework.
type returnSpec struct {
	at     time.Time
	reason string
}

// assessmentSpec is a commune's assessment against the framework of a year,
// as the workflow leaves it at its status. INDICATOR leaves are computed from
// the figures of the year; MANUAL leaves earn their maximum unless self says
// otherwise. The step times say when each step was taken; those after the
// status are ignored.
type assessmentSpec struct {
	unit, district string
	year           int
	status         assessment.Status
	started        time.Time
	selfAssessed   time.Time
	appraised      time.Time
	approved       time.Time
	returned       *returnSpec
	// scoredAreas, for a DRAFT, limits the MANUAL leaves scored so far to
	// these areas (top-level codes); nil means every leaf.
	scoredAreas []string
	self        map[string]float64 // MANUAL leaves below their maximum
	notes       map[string]string  // the commune's explanations (giải trình)
	changes     map[string]scoreChange
	finals      map[string]scoreChange
	evidence    map[string][]evidenceSpec
	// figures, for a year the demonstration holds no records of, are the
	// figures the commune reported for it.
	figures *scoring.Figures
}

// statusRank orders the statuses along the workflow.
var statusRank = map[assessment.Status]int{
	assessment.StatusDRAFT: 0, assessment.StatusRETURNED: 0, assessment.StatusSELF_ASSESSED: 1,
	assessment.StatusAPPRAISED: 2, assessment.StatusAPPROVED: 3,
}

// reached tells whether the assessment has passed the step that sets status s.
func (a assessmentSpec) reached(s assessment.Status) bool {
	return statusRank[a.status] >= statusRank[s]
}

// link is evidence published at a URL.
func link(title, url string) evidenceSpec { return evidenceSpec{title: title, url: url} }

// proceduresPosted is the list of procedures Tái Sơn posts at its one-stop
// shop, uploaded as the evidence of 3.1.1: the demonstration catalogue.
func proceduresPosted() []byte {
	s := "Mã TTHC,Tên thủ tục hành chính,Lĩnh vực,Thời hạn giải quyết (ngày làm việc)\n"
	for _, p := range procedures {
		s += p.code + ",\"" + p.name + "\"," + p.field + "," + strconv.Itoa(p.days) + "\n"
	}
	return []byte(s)
}

// figures2022 builds the figures of 2022 a commune reported: the
// demonstration's records begin in December 2022.
func figures2022(received, online, resolved, early, onTime, late, tasksDue, tasksOnTime int, published time.Time) *scoring.Figures {
	return &scoring.Figures{
		Period:   period.Period{Year: 2022, Kind: enum.PeriodYear, Index: 1},
		Dossiers: scoring.DossierCounts{ReceivedInPeriod: received, Online: online, Resolved: resolved, Early: early, OnTime: onTime, Late: late},
		Plans:    scoring.TaskCounts{TasksDue: tasksDue, TasksDoneOnTime: tasksOnTime, TasksDoneLate: tasksDue - tasksOnTime},
		Budget:   scoring.BudgetDates{ApprovedOn: ptr(published.AddDate(0, 0, -16)), PublishedOn: &published},
	}
}

const (
	taiSonSite    = "https://taison.tuky.haiduong.gov.vn"
	quangPhucSite = "https://quangphuc.tuky.haiduong.gov.vn"
	tuXuyenSite   = "https://tuxuyen.tuky.haiduong.gov.vn"
)

// assessmentSpecs are the demonstration's assessments: the three communes
// of Tứ Kỳ approved for 2022, so that 2023 has a previous year to compare
// with, and the four communes at different steps for 2023. Their manual
// scores follow the communes' records where the records tell (late
// reports, unfinished tasks, the reprimand in Tứ Xuyên).
var assessmentSpecs = []assessmentSpec{
	{
		unit: "11098", district: "298", year: 2022, status: assessment.StatusAPPROVED,
		started: at(day(2022, 12, 26), 8, 30), selfAssessed: at(day(2023, 1, 9), 16, 10),
		appraised: at(day(2023, 1, 19), 10, 40), approved: at(day(2023, 2, 24), 15, 0),
		self: map[string]float64{"1.2.2": 0.5, "1.6": 1, "2.2.2": 1, "3.2.3": 0, "3.2.4": 0.55, "4.3": 1, "7.1.1": 1,
			"7.2": 1, "7.4": 1, "8.1": 8.1, "8.3": 3, "8.4": 3.4},
		changes: map[string]scoreChange{"7.3.2": {1, "Còn 12 hồ sơ chưa cập nhật trạng thái trên Hệ thống thông tin giải quyết TTHC của tỉnh (báo cáo đồng bộ tháng 12/2022): theo hướng dẫn chấm được 1 điểm."}},
		figures: figures2022(752, 498, 748, 690, 41, 17, 17, 13, day(2022, 1, 7)),
	},
	{
		unit: "11101", district: "298", year: 2022, status: assessment.StatusAPPROVED,
		started: at(day(2022, 12, 27), 9, 0), selfAssessed: at(day(2023, 1, 10), 15, 30),
		appraised: at(day(2023, 1, 19), 14, 20), approved: at(day(2023, 2, 24), 15, 0),
		self: map[string]float64{"1.1.1": 0.5, "1.6": 0, "3.2.4": 0, "3.3": 1, "4.3": 1, "7.1.1": 1, "7.2": 1,
			"8.1": 7.9, "8.3": 3.5, "8.4": 3.2},
		figures: figures2022(901, 410, 890, 790, 62, 38, 9, 7, day(2022, 1, 19)),
	},
	{
		unit: "11095", district: "298", year: 2022, status: assessment.StatusAPPROVED,
		started: at(day(2022, 12, 29), 14, 0), selfAssessed: at(day(2023, 1, 12), 9, 45),
		appraised: at(day(2023, 1, 20), 9, 15), approved: at(day(2023, 2, 24), 15, 0),
		self: map[string]float64{"1.1.1": 0.5, "1.2.1": 0.5, "1.6": 0, "2.4": 1, "3.2.1": 1, "3.2.3": 0, "3.2.4": 0,
			"3.3": 1, "3.5": 1, "4.3": 1, "5.2.2": 1, "6.2": 0.5, "7.1.1": 1, "7.2": 1, "7.3.2": 1, "7.4": 1,
			"8.1": 7.5, "8.2.2": 1, "8.3": 3, "8.4": 3},
		changes: map[string]scoreChange{"1.2.1": {0, "Không gửi báo cáo CCHC quý III/2022: theo hướng dẫn chấm, thiếu báo cáo được 0 điểm."}},
		finals:  map[string]scoreChange{"8.1": {7.1, "Điều chỉnh theo kết quả khảo sát mức độ hài lòng cấp xã năm 2022 do UBND tỉnh công bố: 71% người được hỏi hài lòng."}},
		figures: figures2022(604, 150, 596, 470, 70, 56, 8, 5, day(2022, 3, 2)),
	},
	{
		// Tái Sơn 2023, approved: the report for the first half of 2023 was
		// sent 3 working days late, which the district's appraisal caught.
		unit: "11098", district: "298", year: 2023, status: assessment.StatusAPPROVED,
		started: at(day(2023, 12, 18), 8, 45), selfAssessed: at(day(2024, 1, 8), 16, 20),
		appraised: at(day(2024, 1, 22), 10, 30), approved: at(day(2024, 2, 26), 14, 0),
		self: map[string]float64{"1.6": 1, "2.2.2": 1, "3.2.4": 0.65, "3.3": 1, "4.2": 1, "4.3": 1, "7.4": 1,
			"8.1": 8.75, "8.2.2": 1, "8.3": 3.5, "8.4": 3.6},
		notes: map[string]string{
			"1.1.1": "Kế hoạch số 01/KH-UBND ngày 05/01/2023 về cải cách hành chính nhà nước xã Tái Sơn năm 2023 và 19 kế hoạch chuyên đề.",
			"1.2.1": "Đã gửi đủ 04 báo cáo CCHC (quý I, 6 tháng, quý III, năm) cho UBND huyện.",
			"2.2.2": "Hoàn thành rà soát ngày 20/11/2023, chậm so với kế hoạch do thay đổi văn bản cấp trên.",
			"3.2.3": "Các hồ sơ giải quyết quá hạn trong năm đều có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
			"3.2.4": "Đã số hóa 65% hồ sơ, kết quả giải quyết TTHC tiếp nhận trong năm.",
			"4.2":   "Đang rà soát, sắp xếp các chức danh người hoạt động không chuyên trách ở thôn theo lộ trình (đạt 40%).",
			"4.3":   "Đang cập nhật, công bố lại quy trình ISO của các TTHC sửa đổi, bổ sung (đạt 60%).",
			"7.1.1": "100% văn bản đi được ký số và gửi qua hệ thống quản lý văn bản và điều hành của tỉnh.",
			"7.4":   "Chưa nâng cấp được đường truyền internet và máy tính tại Bộ phận Một cửa.",
			"8.1":   "Tổng hợp phiếu đánh giá tại Bộ phận Một cửa: 87,5% người dân hài lòng.",
			"8.2.2": "Thu ngân sách xã đạt 90,3% dự toán; thu tiền sử dụng đất đạt 64%.",
		},
		changes: map[string]scoreChange{"1.2.1": {0.5, "Báo cáo công tác CCHC 6 tháng đầu năm 2023 gửi UBND huyện ngày 20/6/2023, chậm 3 ngày làm việc so với yêu cầu: theo hướng dẫn chấm, đủ số lượng nhưng có báo cáo gửi chậm được 0,5 điểm."}},
		evidence: map[string][]evidenceSpec{
			"1.1.1": {link("Kế hoạch số 01/KH-UBND ngày 05/01/2023 của UBND xã Tái Sơn về cải cách hành chính nhà nước năm 2023", taiSonSite+"/van-ban/01-kh-ubnd-2023")},
			"1.2.1": {link("Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 của UBND xã Tái Sơn (gửi ngày 20/6/2023)", taiSonSite+"/van-ban/bao-cao-cchc-6-thang-dau-nam-2023")},
			"3.1.1": {{title: "Danh mục TTHC niêm yết tại Bộ phận Một cửa xã Tái Sơn", fileName: "danh-muc-tthc-niem-yet.csv",
				contentType: "text/csv; charset=utf-8", content: proceduresPosted()}},
			"6.1":   {link("Quyết định công bố công khai dự toán ngân sách xã Tái Sơn năm 2023", taiSonSite+"/cong-khai-ngan-sach/du-toan-2023")},
			"7.1.1": {link("Thống kê văn bản đi năm 2023 trên hệ thống quản lý văn bản và điều hành", "https://qlvbdh.haiduong.gov.vn/thong-ke/van-ban-di?donvi=11098&nam=2023")},
			"8.1":   {link("Tổng hợp phiếu đánh giá mức độ hài lòng tại Bộ phận Một cửa năm 2023", taiSonSite+"/mot-cua/danh-gia-hai-long-2023")},
		},
	},
	{
		// Quang Phục 2023, appraised after being returned once for evidence.
		unit: "11101", district: "298", year: 2023, status: assessment.StatusAPPRAISED,
		started: at(day(2023, 12, 20), 9, 15), selfAssessed: at(day(2024, 1, 16), 9, 10),
		appraised: at(day(2024, 1, 25), 16, 0),
		returned:  &returnSpec{at(day(2024, 1, 10), 14, 30), "Đề nghị bổ sung tài liệu kiểm chứng tiêu chí 3.2.1 (quyết định kiện toàn Bộ phận Một cửa) và tiêu chí 8.1 (tổng hợp phiếu đánh giá); giải trình điểm tự chấm tiêu chí 1.6."},
		self:      map[string]float64{"1.3.1": 0.5, "3.2.4": 0, "3.3": 1, "7.2": 1, "8.1": 8.2, "8.4": 3.4},
		notes: map[string]string{
			"1.3.1": "Hoàn thành tự kiểm tra ngày 08/12/2023, chậm so với kế hoạch.",
			"1.6":   "Giải pháp \"Tổ hỗ trợ nộp hồ sơ trực tuyến tại thôn\" áp dụng từ tháng 5/2023.",
			"3.2.4": "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC mới đạt 35%.",
		},
		changes: map[string]scoreChange{
			"1.6": {1, "Giải pháp chưa được Hội đồng sáng kiến huyện công nhận: theo hướng dẫn chấm được 1 điểm."},
			"8.3": {3.5, "Chỉ tiêu tỷ lệ người dân tham gia bảo hiểm y tế theo Nghị quyết của HĐND xã chưa đạt."},
		},
		evidence: map[string][]evidenceSpec{
			"3.2.1": {link("Quyết định số 15/QĐ-UBND ngày 16/02/2023 kiện toàn Bộ phận tiếp nhận và trả kết quả xã Quang Phục", quangPhucSite+"/van-ban/15-qd-ubnd-2023")},
			"8.1":   {link("Tổng hợp phiếu đánh giá mức độ hài lòng năm 2023", quangPhucSite+"/mot-cua/danh-gia-hai-long-2023")},
		},
	},
	{
		// Tứ Xuyên 2023, self-assessed: a late plan, late dossiers and a reprimand.
		unit: "11095", district: "298", year: 2023, status: assessment.StatusSELF_ASSESSED,
		started: at(day(2023, 12, 27), 14, 0), selfAssessed: at(day(2024, 1, 12), 10, 20),
		self: map[string]float64{"1.1.1": 0.5, "1.2.1": 0.5, "1.3.1": 0.5, "1.5": 1.5, "1.6": 0, "2.2.2": 1, "2.4": 1,
			"3.1.2": 0.5, "3.2.1": 1, "3.2.3": 0, "3.2.4": 0.6, "3.3": 1, "3.4": 1, "3.5": 1, "4.3": 1, "5.2.2": 1,
			"5.4.1": 1, "5.4.2": 0, "6.2": 0.5, "7.1.1": 1, "7.2": 1, "7.3.2": 1, "7.4": 1, "8.1": 7.6, "8.2.2": 1,
			"8.2.4": 1, "8.3": 3, "8.4": 3},
		notes: map[string]string{
			"1.1.1": "Kế hoạch CCHC năm 2023 ban hành ngày 20/3/2023.",
			"3.4":   "01 phản ánh về hồ sơ quá hạn (tiếp nhận ngày 12/9/2023) chưa được giải quyết dứt điểm.",
			"5.4.2": "01 công chức Địa chính - Xây dựng bị khiển trách (Quyết định số 86/QĐ-UBND ngày 16/10/2023).",
		},
		evidence: map[string][]evidenceSpec{
			"5.4.2": {link("Quyết định số 86/QĐ-UBND ngày 16/10/2023 về việc thi hành kỷ luật công chức", tuXuyenSite+"/van-ban/86-qd-ubnd-2023")},
		},
	},
	{
		// Gia Hòa 2023, still a draft: the first three areas scored.
		unit: "11023", district: "297", year: 2023, status: assessment.StatusDRAFT,
		started:     at(day(2024, 1, 3), 8, 20),
		scoredAreas: []string{"1", "2", "3"},
		self:        map[string]float64{"1.6": 1, "3.2.4": 0.85, "3.3": 1},
		notes:       map[string]string{"3.2.4": "Đã số hóa 85% hồ sơ, kết quả giải quyết TTHC tiếp nhận trong năm."},
	},
}
