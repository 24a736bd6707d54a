package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/ent/report"
	"cchc/ent/unit"
	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
)

// writer writes the text of a report in the words of the source document.
type writer struct {
	u, parent, province *ent.Unit
	p                   period.Period
	rec                 *ent.Report
	now                 time.Time
	shows               func(key string) bool // the figures the reader is shown (indicator.Gate)
}

// kindWords name each kind of unit in running text.
var kindWords = map[unit.Kind]string{
	unit.KindPROVINCE: "tỉnh", unit.KindCENTRAL_CITY: "thành phố", unit.KindRURAL_DISTRICT: "huyện",
	unit.KindURBAN_DISTRICT: "quận", unit.KindTOWN: "thị xã", unit.KindCITY: "thành phố", unit.KindCOMMUNE: "xã",
	unit.KindWARD: "phường", unit.KindTOWNSHIP: "thị trấn", unit.KindSPECIAL_ZONE: "đặc khu",
}

// word is the kind of u in running text: xã, huyện …
func word(u *ent.Unit) string { return kindWords[u.Kind] }

// people's committee of u: "UBND xã Tái Sơn".
func committee(u *ent.Unit) string { return "UBND " + word(u) + " " + u.Name }

// areaHeadings are the headings of section II, in the order of the source.
var areaHeadings = []struct {
	area    enum.Area
	heading string
}{
	{enum.AreaInstitutions, "Cải cách thể chế"},
	{enum.AreaProcedures, "Cải cách thủ tục hành chính"},
	{enum.AreaApparatus, "Cải cách tổ chức bộ máy"},
	{enum.AreaCivilService, "Cải cách chế độ công vụ"},
	{enum.AreaPublicFinance, "Cải cách tài chính công"},
	{enum.AreaDigitalGovernment, "Xây dựng và phát triển chính quyền điện tử, chính quyền số"},
}

// areaName is an area's Vietnamese name, from enum.AreaDescriptions.
func areaName(a enum.Area) string {
	name, _, _ := strings.Cut(enum.AreaDescriptions[a], " / ")
	return name
}

// fill writes every section of d: the text from reported (the frozen
// figures of a submitted report, else the live ones), the figure lists from
// live beside submitted.
func (w *writer) fill(d *Document, reported, submitted, live *Figures, plans []*ent.ReformPlan, chair *ent.Official) {
	u, title := w.u, w.p.Title()
	d.Header = w.header()
	d.Title = "BÁO CÁO"
	d.Subtitle = "Công tác cải cách hành chính " + title
	if w.parent != nil {
		d.Introduction = fmt.Sprintf("Thực hiện sự chỉ đạo của %s về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ, %s báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính %s như sau:",
			committee(w.parent), committee(u), title)
		d.Closing = fmt.Sprintf("Trên đây là báo cáo công tác cải cách hành chính %s của %s gửi %s./.", title, committee(u), committee(w.parent))
	} else {
		d.Introduction = fmt.Sprintf("Thực hiện chế độ báo cáo cải cách hành chính định kỳ, %s báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính %s như sau:", committee(u), title)
		d.Closing = fmt.Sprintf("Trên đây là báo cáo công tác cải cách hành chính %s của %s./.", title, committee(u))
	}
	var narrative struct{ direction, strengths, limitations, directions string }
	if r := w.rec; r != nil {
		narrative.direction, narrative.strengths, narrative.limitations, narrative.directions = r.DirectionSummary, r.Strengths, r.Limitations, r.Directions
	}
	fig := figureSet{live: live, submitted: submitted, shows: w.shows}
	d.Direction = &Direction{
		Heading:    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
		Summary:    narrative.direction,
		Plans:      plans,
		Paragraphs: w.direction(reported),
		Figures:    fig.of(directionFigures),
	}
	for i, a := range areaHeadings {
		var own []*ent.ReformPlan
		for _, pl := range plans {
			if pl.Area == a.area {
				own = append(own, pl)
			}
		}
		d.Results = append(d.Results, &AreaResult{
			Number: i + 1, Area: a.area, Heading: fmt.Sprintf("%d. %s", i+1, a.heading), Plans: own,
			Paragraphs: append([]string{w.plansIssued(reported, a.area)}, w.area(a.area, reported)...),
			Figures:    fig.of(append([]figureSpec{areaPlans(a.area)}, areaFigures(a.area, live, submitted)...)),
		})
	}
	d.Assessment = &Assessment{
		Heading:            "III. ĐÁNH GIÁ CHUNG",
		StrengthsHeading:   "1. Mặt tích cực",
		Strengths:          narrative.strengths,
		LimitationsHeading: "2. Những tồn tại, hạn chế, nguyên nhân",
		Limitations:        narrative.limitations,
	}
	d.Directions = &Directions{Heading: "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM", Text: narrative.directions}
	d.Recipients = w.recipients()
	d.Signature = &Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH"}
	if chair != nil {
		d.Signature.Name, d.Signature.Position = &chair.FullName, &chair.Position
	}
	seen := map[string]bool{}
	for _, list := range append([][]*Figure{d.Direction.Figures}, resultFigures(d.Results)...) {
		for _, f := range list {
			if !seen[f.Key] {
				seen[f.Key] = true
				d.Figures = append(d.Figures, f)
			}
		}
	}
}

func resultFigures(rs []*AreaResult) [][]*Figure {
	out := make([][]*Figure, len(rs))
	for i, r := range rs {
		out[i] = r.Figures
	}
	return out
}

func (w *writer) header() *Header {
	u := w.u
	h := &Header{
		Authority: "ỦY BAN NHÂN DÂN",
		UnitTitle: strings.ToUpper(word(u) + " " + u.Name),
		Nation:    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		Motto:     "Độc lập - Tự do - Hạnh phúc",
		Place:     u.Name,
		UnitName:  u.Name,
	}
	if w.parent != nil {
		h.ParentUnitName = &w.parent.Name
	}
	if w.province != nil {
		h.ProvinceName = &w.province.Name
	} else if u.Level == unit.LevelPROVINCE {
		h.ProvinceName = &u.Name
	}
	h.NumberLine = "Số:        /BC-UBND"
	if r := w.rec; r != nil && r.Number != "" {
		h.Number = &r.Number
		h.NumberLine = "Số: " + r.Number
	}
	h.DateLine = h.Place + ", ngày      tháng      năm " + strconv.Itoa(w.now.In(period.Location).Year())
	if r := w.rec; r != nil && r.SubmittedAt != nil && (r.Status == report.StatusSUBMITTED || r.Status == report.StatusACCEPTED) {
		day := period.LocalDate(*r.SubmittedAt)
		h.Date = &day
		h.DateLine = fmt.Sprintf("%s, ngày %s tháng %s năm %d", h.Place, dayOrMonth(day.Day(), 10), dayOrMonth(int(day.Month()), 3), day.Year())
	}
	return h
}

// dayOrMonth writes a day or month as official documents do: with a leading
// zero below lead (days below 10, months 1 and 2).
func dayOrMonth(n, lead int) string {
	if n < lead {
		return fmt.Sprintf("%02d", n)
	}
	return strconv.Itoa(n)
}

func (w *writer) recipients() []string {
	var out []string
	if p := w.parent; p != nil {
		out = append(out, committee(p)+";")
		if p.Level == unit.LevelPROVINCE {
			out = append(out, "Sở Nội vụ;")
		} else {
			out = append(out, "Phòng Nội vụ "+word(p)+";")
		}
	}
	x := word(w.u)
	out = append(out, "Thường trực Đảng ủy, HĐND "+x+";", "Chủ tịch, các Phó Chủ tịch UBND "+x+";")
	if w.u.Level == unit.LevelCOMMUNE {
		out = append(out, "MTTQ, các đoàn thể chính trị - xã hội cấp xã;", "Công chức UBND xã;")
	}
	return append(out, "Lưu: VP.")
}

// direction writes the figures of section I: plans by area and tasks.
func (w *writer) direction(f *Figures) []string {
	pl := f.Plans
	var out []string
	if pl.Issued == 0 {
		out = append(out, fmt.Sprintf("Trong kỳ, UBND %s chưa ban hành kế hoạch cải cách hành chính nào.", word(w.u)))
	} else {
		parts := make([]string, 0, len(pl.IssuedByArea))
		for _, a := range pl.IssuedByArea {
			parts = append(parts, fmt.Sprintf("%s: %s", areaName(a.Area), num(a.Count)))
		}
		out = append(out, fmt.Sprintf("Trong kỳ, UBND %s ban hành %s kế hoạch cải cách hành chính, trong đó: %s.",
			word(w.u), num(pl.Issued), strings.Join(parts, "; ")))
	}
	out = append(out, fmt.Sprintf("Nhiệm vụ cải cách hành chính đến hạn trong kỳ: %s, trong đó: hoàn thành đúng hạn: %s, hoàn thành quá hạn: %s, quá hạn chưa hoàn thành: %s. Số nhiệm vụ đang thực hiện đến cuối kỳ: %s.",
		num(pl.TasksDue), num(pl.TasksDoneOnTime), num(pl.TasksDoneLate), num(pl.TasksOverdue), num(pl.TasksOpen)))
	return out
}

// plansIssued says how many plans of an area the unit issued.
func (w *writer) plansIssued(f *Figures, a enum.Area) string {
	n := 0
	for _, c := range f.Plans.IssuedByArea {
		if c.Area == a {
			n = c.Count
		}
	}
	if n == 0 {
		return fmt.Sprintf("Trong kỳ, UBND %s không ban hành kế hoạch riêng về %s.", word(w.u), areaName(a))
	}
	return fmt.Sprintf("Trong kỳ, UBND %s ban hành %s kế hoạch về %s.", word(w.u), num(n), areaName(a))
}

// area writes the figures of one reform area in the sentences of the source.
func (w *writer) area(a enum.Area, f *Figures) []string {
	switch a {
	case enum.AreaProcedures:
		return w.procedures(f)
	case enum.AreaApparatus:
		return w.apparatus(f)
	case enum.AreaCivilService:
		return w.civilService(f)
	case enum.AreaPublicFinance:
		return w.publicFinance(f)
	case enum.AreaDigitalGovernment:
		return w.digital(f)
	}
	return nil
}

func (w *writer) procedures(f *Figures) []string {
	d := f.Dossiers
	out := []string{
		fmt.Sprintf("Kết quả giải quyết thủ tục hành chính %s, tổng hợp từ hồ sơ trên hệ thống, như sau:", w.p.Title()),
		fmt.Sprintf("Tổng số hồ sơ TTHC đã tiếp nhận: %s, trong đó: Tiếp nhận trong kỳ: %s (trực tuyến: %s; trực tiếp và qua dịch vụ bưu chính: %s); số từ kỳ trước chuyển qua: %s.",
			num(d.Total), num(d.ReceivedInPeriod), num(d.Online), num(d.Direct+d.Postal), num(d.CarriedOver)),
		fmt.Sprintf("Số lượng hồ sơ đã giải quyết: %s; trong đó, giải quyết trước hạn: %s, đúng hạn: %s, quá hạn: %s.",
			num(d.Resolved), num(d.Early), num(d.OnTime), num(d.Late)),
		fmt.Sprintf("Số lượng hồ sơ đang giải quyết: %s, trong đó, trong hạn: %s, quá hạn: %s.",
			num(d.Pending), num(d.PendingWithinDeadline), num(d.PendingOverdue)),
	}
	if d.OtherClosed > 0 {
		out = append(out, fmt.Sprintf("Số hồ sơ bị từ chối, rút hoặc dừng xử lý trong kỳ: %s.", num(d.OtherClosed)))
	}
	if d.OnTimeRate != nil {
		out = append(out, fmt.Sprintf("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: %s.", percent(*d.OnTimeRate)))
	}
	fb := f.Feedback
	if fb.Received == 0 && fb.Resolved == 0 {
		out = append(out, "Trong kỳ không tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính.")
	} else {
		out = append(out, fmt.Sprintf("Phản ánh, kiến nghị của cá nhân, tổ chức: tiếp nhận %s; đã xử lý %s, trong đó xử lý đúng hạn: %s.",
			num(fb.Received), num(fb.Resolved), num(fb.ResolvedOnTime)))
	}
	return out
}

func (w *writer) apparatus(f *Figures) []string {
	s := f.Staffing
	var out []string
	if q := s.Quota; q != nil {
		out = append(out, fmt.Sprintf("Số lượng biên chế được giao: %s người (trong đó: cán bộ %s người, công chức %s người).", num(q.Total), num(q.CanBo), num(q.CongChuc)))
		out = append(out, fmt.Sprintf("Số lượng cán bộ, công chức có mặt đến cuối kỳ: %s người, trong đó: cán bộ %s/%s, công chức %s/%s.",
			num(s.Serving.CanBo+s.Serving.CongChuc), num(s.Serving.CanBo), num(q.CanBo), num(s.Serving.CongChuc), num(q.CongChuc)))
	} else {
		out = append(out, fmt.Sprintf("Chưa có số liệu biên chế được giao năm %d.", w.p.Year))
		out = append(out, fmt.Sprintf("Số lượng cán bộ, công chức có mặt đến cuối kỳ: %s người, trong đó: cán bộ %s, công chức %s.",
			num(s.Serving.CanBo+s.Serving.CongChuc), num(s.Serving.CanBo), num(s.Serving.CongChuc)))
	}
	out = append(out, fmt.Sprintf("Hợp đồng lao động ở vị trí công chức: %s người.", num(s.ContractInCongChucPosts)))
	out = append(out, fmt.Sprintf("Số người hoạt động không chuyên trách ở cấp xã, thôn, khu dân cư: %s người (cấp xã: %s; thôn, tổ dân phố: %s).",
		num(s.PartTimeCommune+s.PartTimeVillage), num(s.PartTimeCommune), num(s.PartTimeVillage)))
	return out
}

// theoryOrder and educationOrder list levels from the highest, with their words.
var (
	theoryOrder = []struct{ level, word string }{
		{"CAO_CAP", "cao cấp"}, {"TRUNG_CAP", "trung cấp"}, {"SO_CAP", "sơ cấp"}, {"NONE", "chưa qua đào tạo"},
	}
	educationOrder = []struct{ level, word string }{
		{"TIEN_SI", "tiến sĩ"}, {"THAC_SI", "thạc sĩ"}, {"DAI_HOC", "đại học"}, {"CAO_DANG", "cao đẳng"},
		{"TRUNG_CAP", "trung cấp"}, {"SO_CAP", "sơ cấp"}, {"UNTRAINED", "chưa qua đào tạo"},
	}
)

// levels writes "trung cấp 8/9, sơ cấp 1/9" for one category.
func levels(list []indicator.LevelCount, order []struct{ level, word string }, cat official.Category, of int) string {
	var parts []string
	for _, o := range order {
		for _, l := range list {
			if l.Category == cat && l.Level == o.level && l.Count > 0 {
				parts = append(parts, fmt.Sprintf("%s %s/%s", o.word, num(l.Count), num(of)))
			}
		}
	}
	return strings.Join(parts, ", ")
}

func (w *writer) civilService(f *Figures) []string {
	s := f.Staffing
	out := []string{fmt.Sprintf("Đến cuối kỳ, UBND %s có %s cán bộ, công chức (trong đó: %s cán bộ, %s công chức).",
		word(w.u), num(s.Serving.CanBo+s.Serving.CongChuc), num(s.Serving.CanBo), num(s.Serving.CongChuc))}
	for _, c := range []struct {
		name    string
		cat     official.Category
		n, part int
	}{
		{"cán bộ", official.CategoryCAN_BO, s.Serving.CanBo, s.PartyMembers.CanBo},
		{"công chức", official.CategoryCONG_CHUC, s.Serving.CongChuc, s.PartyMembers.CongChuc},
	} {
		if c.n == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("Về %s: Đảng viên: %s/%s; trình độ lý luận chính trị: %s; trình độ chuyên môn: %s.",
			c.name, num(c.part), num(c.n), levels(s.PoliticalTheory, theoryOrder, c.cat, c.n), levels(s.Education, educationOrder, c.cat, c.n)))
	}
	cs := f.CivilService
	if cs.Trainings == 0 {
		out = append(out, "Trong kỳ không có cán bộ, công chức bắt đầu tham gia đào tạo, bồi dưỡng.")
	} else {
		out = append(out, fmt.Sprintf("Đào tạo, bồi dưỡng: %s lượt cán bộ, công chức và người hoạt động không chuyên trách (%s người) tham gia các lớp đào tạo, bồi dưỡng bắt đầu trong kỳ.",
			num(cs.Trainings), num(cs.Trainees)))
	}
	switch n := cs.DisciplinaryActions; {
	case n == nil: // withheld from the reader: no sentence, rather than a false "none"
	case *n == 0:
		out = append(out, "Trong kỳ, không có cán bộ, công chức vi phạm phải xử lý kỷ luật.")
	default:
		out = append(out, fmt.Sprintf("Trong kỳ có %s trường hợp cán bộ, công chức bị xử lý kỷ luật.", num(*n)))
	}
	return out
}

func (w *writer) publicFinance(f *Figures) []string {
	b := f.Budget
	if b.RevenueEstimate == 0 && b.ExpenditureEstimate == 0 && b.ApprovedOn == nil {
		return []string{fmt.Sprintf("Chưa có số liệu dự toán ngân sách năm %d.", w.p.Year)}
	}
	line := func(what string, estimate, actual int64, rate *float64) string {
		s := fmt.Sprintf("Dự toán %s ngân sách năm %d: %s đồng; thực hiện: %s đồng", what, w.p.Year, money(estimate), money(actual))
		if rate != nil {
			s += ", đạt " + percent(*rate) + " dự toán"
		}
		return s + "."
	}
	out := []string{
		line("thu", b.RevenueEstimate, b.RevenueActual, b.RevenueExecutionRate),
		line("chi", b.ExpenditureEstimate, b.ExpenditureActual, b.ExpenditureExecutionRate),
	}
	approved, published := "chưa được HĐND "+word(w.u)+" phê chuẩn", "chưa công khai"
	if b.ApprovedOn != nil {
		approved = "được HĐND " + word(w.u) + " phê chuẩn ngày " + date(*b.ApprovedOn)
	}
	if b.PublishedOn != nil {
		published = "công khai ngày " + date(*b.PublishedOn)
	}
	return append(out, fmt.Sprintf("Dự toán ngân sách %s; %s.", approved, published))
}

func (w *writer) digital(f *Figures) []string {
	d := f.Dossiers
	if d.ReceivedInPeriod == 0 {
		return []string{"Trong kỳ không tiếp nhận hồ sơ thủ tục hành chính."}
	}
	return []string{fmt.Sprintf("Số hồ sơ TTHC tiếp nhận trực tuyến trong kỳ: %s/%s hồ sơ, đạt tỷ lệ %s.",
		num(d.Online), num(d.ReceivedInPeriod), percent(*d.OnlineRate))}
}

// num writes a count with the Vietnamese thousands separator: 1.234.
func num(n int) string { return group(int64(n)) }

// money writes whole đồng: 1.234.567.
func money(n int64) string { return group(n) }

func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// percent writes a rate as a percentage with one decimal and a decimal comma: 98,8%.
func percent(r float64) string {
	s := strconv.FormatFloat(r*100, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// date writes a local date as 28/12/2022.
func date(t time.Time) string { return t.In(period.Location).Format("02/01/2006") }
