package demo

import (
	"fmt"
	"time"

	"cchc/ent/reformplan"
	"cchc/ent/task"
	"cchc/internal/enum"
)

// planSpec is a reform plan before it is written; parent names the key of
// the plan it implements.
type planSpec struct {
	key, parent string
	unit        string
	number      string
	title       string
	area        enum.Area
	issued      *time.Time
	status      reformplan.Status
	tasks       []taskSpec
}

// taskSpec is a task; lead and collaborators are named by position (other
// communes) or by full name (Tái Sơn), resolved within the plan's unit.
type taskSpec struct {
	title         string
	area          enum.Area
	lead          string
	collaborators []string
	due           time.Time
	status        task.Status
	completed     *time.Time
	progress      int
	result        string
}

func done(title string, area enum.Area, lead string, due, completed time.Time, result string, collaborators ...string) taskSpec {
	return taskSpec{title: title, area: area, lead: lead, collaborators: collaborators, due: due,
		status: task.StatusDONE, completed: &completed, progress: 100, result: result}
}

func ongoing(title string, area enum.Area, lead string, due time.Time, progress int, collaborators ...string) taskSpec {
	st := task.StatusIN_PROGRESS
	if progress == 0 {
		st = task.StatusNOT_STARTED
	}
	return taskSpec{title: title, area: area, lead: lead, collaborators: collaborators, due: due, status: st, progress: progress}
}

// upperPlans are the province's and the districts' plans for 2023.
var upperPlans = []planSpec{
	{key: "HD", unit: "30", number: "4789/KH-UBND", title: "Kế hoạch cải cách hành chính nhà nước tỉnh Hải Dương năm 2023",
		area: enum.AreaDirection, issued: ptr(day(2022, 12, 20)), status: reformplan.StatusISSUED},
	{key: "TK", parent: "HD", unit: "298", number: "02/KH-UBND", title: "Kế hoạch cải cách hành chính nhà nước huyện Tứ Kỳ năm 2023",
		area: enum.AreaDirection, issued: ptr(day(2023, 1, 3)), status: reformplan.StatusISSUED},
	{key: "GL", parent: "HD", unit: "297", number: "05/KH-UBND", title: "Kế hoạch cải cách hành chính nhà nước huyện Gia Lộc năm 2023",
		area: enum.AreaDirection, issued: ptr(day(2023, 1, 4)), status: reformplan.StatusISSUED},
}

// taiSonPlans are the plans named in sections I.1 and II.1 of the report.
func taiSonPlans() []planSpec {
	const (
		tho   = "Nguyễn Thế Thọ"
		long  = "Đỗ Văn Long"
		lan   = "Nguyễn Thị Lan"
		duc   = "Phạm Văn Đức"
		mai   = "Trần Thị Mai"
		nam   = "Vũ Văn Nam"
		hai   = "Nguyễn Văn Hải"
		quang = "Đào Văn Quang"
		ngoc  = "Phạm Thị Ngọc"
		dung  = "Nguyễn Văn Dũng"
	)
	type row struct {
		title  string
		area   enum.Area
		issued time.Time
		tasks  []taskSpec
	}
	rows := []row{
		{"Kế hoạch cải cách hành chính nhà nước xã Tái Sơn năm 2023", enum.AreaDirection, day(2023, 1, 5), []taskSpec{
			done("Ban hành các kế hoạch chuyên đề triển khai Kế hoạch CCHC năm 2023", enum.AreaDirection, tho,
				day(2023, 3, 31), day(2023, 3, 6), "Đã ban hành 19 kế hoạch chuyên đề", lan, mai),
			done("Báo cáo công tác CCHC 6 tháng đầu năm 2023 gửi UBND huyện", enum.AreaDirection, lan,
				day(2023, 6, 15), day(2023, 6, 20), "Gửi chậm 3 ngày làm việc so với yêu cầu của huyện", duc),
			done("Công khai dự toán ngân sách xã năm 2023", enum.AreaPublicFinance, ngoc,
				day(2023, 1, 20), day(2023, 1, 6), "Niêm yết tại trụ sở UBND xã và đăng trên Trang thông tin điện tử xã"),
			ongoing("Nâng tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến toàn trình, một phần đạt trên 80%", enum.AreaDigitalGovernment, dung,
				day(2023, 12, 31), 90, mai, nam),
			ongoing("Rà soát, sắp xếp các chức danh người hoạt động không chuyên trách ở thôn", enum.AreaApparatus, long,
				day(2023, 12, 31), 40, lan),
		}},
		{"Kế hoạch kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử của UBND xã Tái Sơn năm 2023", enum.AreaProcedures, day(2023, 1, 6), []taskSpec{
			done("Niêm yết công khai bộ TTHC cấp xã và địa chỉ tiếp nhận phản ánh, kiến nghị tại Bộ phận một cửa", enum.AreaProcedures, mai,
				day(2023, 2, 28), day(2023, 2, 15), "Niêm yết trên bảng gắn tường tại Bộ phận một cửa", nam),
			done("Báo cáo tình hình, kết quả kiểm soát TTHC quý I/2023", enum.AreaProcedures, mai,
				day(2023, 3, 15), day(2023, 3, 14), "", lan),
			ongoing("Số hóa hồ sơ, kết quả giải quyết TTHC theo Nghị định 45/2020/NĐ-CP", enum.AreaProcedures, nam,
				day(2023, 12, 31), 65, mai, hai),
		}},
		{"Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023 trên địa bàn xã Tái Sơn", enum.AreaProcedures, day(2023, 1, 9), []taskSpec{
			done("Rà soát các TTHC lĩnh vực hộ tịch, chứng thực", enum.AreaProcedures, mai,
				day(2023, 6, 30), day(2023, 6, 12), "Chưa phát hiện quy định cần kiến nghị sửa đổi", nam),
			ongoing("Rà soát các TTHC lĩnh vực đất đai, xây dựng", enum.AreaProcedures, hai,
				day(2023, 9, 30), 50, quang),
		}},
		{"Kế hoạch đơn giản hóa thủ tục hành chính năm 2023", enum.AreaProcedures, day(2023, 1, 10), nil},
		{"Kế hoạch thực hiện công tác theo dõi tình hình thi hành pháp luật trên địa bàn xã năm 2023", enum.AreaInstitutions, day(2023, 1, 12), nil},
		{"Kế hoạch công tác phổ biến, giáo dục pháp luật; hòa giải ở cơ sở; xây dựng xã đạt chuẩn tiếp cận pháp luật năm 2023", enum.AreaInstitutions, day(2023, 1, 13), []taskSpec{
			done("Tổ chức Ngày Pháp luật Việt Nam (9/11)", enum.AreaInstitutions, mai,
				day(2023, 11, 9), day(2023, 11, 9), "", dung),
			ongoing("Kiện toàn các tổ hòa giải ở thôn", enum.AreaInstitutions, nam, day(2023, 6, 30), 80),
		}},
		{"Kế hoạch thực hiện công tác kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật trên địa bàn xã năm 2023", enum.AreaInstitutions, day(2023, 1, 16), []taskSpec{
			done("Rà soát, hệ thống hóa văn bản quy phạm pháp luật của HĐND, UBND xã", enum.AreaInstitutions, nam,
				day(2023, 10, 31), day(2023, 11, 20), "Hoàn thành chậm do thay đổi văn bản cấp trên", mai),
		}},
		{"Kế hoạch công tác thi hành pháp luật về xử lý vi phạm hành chính năm 2023 trên địa bàn xã", enum.AreaInstitutions, day(2023, 1, 17), nil},
		{"Kế hoạch theo dõi thi hành pháp luật trong lĩnh vực trọng tâm, liên ngành năm 2023", enum.AreaInstitutions, day(2023, 1, 18), nil},
		{"Kế hoạch thực hiện chính sách tinh giản biên chế năm 2023", enum.AreaApparatus, day(2023, 2, 1), nil},
		{"Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2023", enum.AreaCivilService, day(2023, 2, 3), []taskSpec{
			done("Cử công chức chưa có trình độ trung cấp lý luận chính trị đi học", enum.AreaCivilService, lan,
				day(2023, 3, 31), day(2023, 3, 6), "Cử 01 công chức học lớp trung cấp LLCT - HC hệ không tập trung", duc),
			done("Cử công chức Tư pháp - Hộ tịch tập huấn nghiệp vụ hộ tịch", enum.AreaCivilService, lan,
				day(2023, 4, 30), day(2023, 4, 13), "", mai, nam),
		}},
		{"Kế hoạch tiếp tục siết chặt kỷ luật, kỷ cương hành chính trong đội ngũ cán bộ, công chức xã năm 2023", enum.AreaCivilService, day(2023, 2, 6), nil},
		{"Kế hoạch phòng, chống tham nhũng năm 2023", enum.AreaPublicFinance, day(2023, 2, 8), nil},
		{"Kế hoạch thực hành tiết kiệm, chống lãng phí năm 2023", enum.AreaPublicFinance, day(2023, 2, 10), nil},
		{"Kế hoạch tuyên truyền cải cách hành chính năm 2023", enum.AreaDirection, day(2023, 2, 14), []taskSpec{
			ongoing("Tuyên truyền CCHC trên Đài truyền thanh xã ít nhất 02 tin, bài mỗi tháng", enum.AreaDirection, dung,
				day(2023, 12, 31), 75),
		}},
		{"Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước, phát triển chính quyền số và bảo đảm an toàn thông tin mạng trên địa bàn xã Tái Sơn năm 2023", enum.AreaDigitalGovernment, day(2023, 2, 15), []taskSpec{
			done("Ký số 100% văn bản đi của UBND xã và gửi nhận qua hệ thống quản lý văn bản", enum.AreaDigitalGovernment, duc,
				day(2023, 3, 31), day(2023, 3, 28), "Văn bản gửi qua qlvbdh.haiduong.gov.vn", lan),
			ongoing("Nâng cấp đường truyền internet và máy tính tại Bộ phận một cửa", enum.AreaDigitalGovernment, dung,
				day(2023, 9, 30), 0, ngoc),
		}},
		{"Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2023", enum.AreaDirection, day(2023, 2, 20), []taskSpec{
			done("Tự kiểm tra công tác CCHC tại các bộ phận chuyên môn", enum.AreaDirection, long,
				day(2023, 11, 30), day(2023, 11, 24), "", lan, mai),
		}},
		{"Kế hoạch công tác thi đua, khen thưởng năm 2023 gắn với thực hiện nhiệm vụ cải cách hành chính", enum.AreaDirection, day(2023, 2, 22), nil},
		{"Kế hoạch áp dụng, duy trì hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 năm 2023", enum.AreaApparatus, day(2023, 3, 1), []taskSpec{
			ongoing("Cập nhật, công bố lại quy trình ISO của các TTHC sửa đổi", enum.AreaApparatus, hai,
				day(2023, 12, 31), 60, duc),
		}},
		{"Kế hoạch triển khai dịch vụ công trực tuyến mức độ 3, 4 năm 2023", enum.AreaDigitalGovernment, day(2023, 3, 6), nil},
	}
	out := make([]planSpec, len(rows))
	for i, r := range rows {
		out[i] = planSpec{key: fmt.Sprintf("TS%02d", i+1), unit: "11098", number: fmt.Sprintf("%02d/KH-UBND", i+1),
			title: r.title, area: r.area, issued: ptr(r.issued), status: reformplan.StatusISSUED, tasks: r.tasks}
	}
	out[0].parent = "TK"
	return out
}

// otherPlans are a handful of plans per other commune, with tasks led by
// the holders of the named positions.
func otherPlans() []planSpec {
	const (
		chuTich = "Chủ tịch UBND xã"
		vp      = "Công chức Văn phòng - Thống kê"
		tp      = "Công chức Tư pháp - Hộ tịch"
		dc      = "Công chức Địa chính - Xây dựng"
		vh      = "Công chức Văn hóa - Xã hội"
		tc      = "Công chức Tài chính - Kế toán"
	)
	communes := []struct {
		code, name, district string
		issued, published    time.Time
		lateStatus           task.Status
	}{
		{"11101", "Quang Phục", "TK", day(2023, 1, 9), day(2023, 1, 18), task.StatusDONE},
		{"11095", "Tứ Xuyên", "TK", day(2023, 3, 20), day(2023, 2, 24), task.StatusIN_PROGRESS},
		{"11023", "Gia Hòa", "GL", day(2023, 1, 6), day(2023, 1, 10), task.StatusDONE},
	}
	var out []planSpec
	for ci, c := range communes {
		n := 0
		plan := func(title string, area enum.Area, issued time.Time, tasks ...taskSpec) planSpec {
			n++
			return planSpec{key: fmt.Sprintf("%s%02d", c.code, n), unit: c.code, number: fmt.Sprintf("%02d/KH-UBND", n+ci*3),
				title: title, area: area, issued: ptr(issued), status: reformplan.StatusISSUED, tasks: tasks}
		}
		report := done("Báo cáo công tác CCHC 6 tháng đầu năm 2023", enum.AreaDirection, vp, day(2023, 6, 15), day(2023, 6, 13), "", chuTich)
		if c.lateStatus != task.StatusDONE {
			report = ongoing("Báo cáo công tác CCHC 6 tháng đầu năm 2023", enum.AreaDirection, vp, day(2023, 6, 15), 70, chuTich)
		}
		main := plan("Kế hoạch cải cách hành chính nhà nước xã "+c.name+" năm 2023", enum.AreaDirection, c.issued,
			report,
			done("Tự kiểm tra công tác CCHC năm 2023", enum.AreaDirection, chuTich, day(2023, 11, 30), day(2023, 12, 8), "Hoàn thành chậm", vp),
			ongoing("Số hóa kết quả giải quyết TTHC còn hiệu lực", enum.AreaDigitalGovernment, tp, day(2023, 12, 31), 35+ci*25, dc),
		)
		main.parent = c.district
		out = append(out, main,
			plan("Kế hoạch kiểm soát thủ tục hành chính năm 2023", enum.AreaProcedures, c.issued.AddDate(0, 0, 2),
				done("Niêm yết công khai TTHC tại Bộ phận một cửa", enum.AreaProcedures, tp, day(2023, 2, 28), day(2023, 2, 20), ""),
				ongoing("Rà soát TTHC lĩnh vực đất đai", enum.AreaProcedures, dc, day(2023, 9, 30), 20*ci)),
			plan("Kế hoạch tuyên truyền cải cách hành chính năm 2023", enum.AreaDirection, c.issued.AddDate(0, 0, 9)),
			plan("Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số năm 2023", enum.AreaDigitalGovernment, c.issued.AddDate(0, 1, 0),
				ongoing("Hướng dẫn người dân nộp hồ sơ trực tuyến qua Cổng dịch vụ công", enum.AreaDigitalGovernment, vh, day(2023, 12, 31), 50+ci*20, tp)),
			plan("Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2023", enum.AreaCivilService, c.issued.AddDate(0, 1, 3)),
			plan("Kế hoạch thực hành tiết kiệm, chống lãng phí năm 2023", enum.AreaPublicFinance, c.issued.AddDate(0, 1, 7),
				done("Công khai dự toán ngân sách xã năm 2023", enum.AreaPublicFinance, tc, day(2023, 1, 20), c.published, "")),
		)
	}
	// Tứ Xuyên's plan for digital transformation is still a draft.
	out = append(out, planSpec{key: "11095DRAFT", unit: "11095", title: "Kế hoạch chuyển đổi số xã Tứ Xuyên giai đoạn 2023 - 2025",
		area: enum.AreaDigitalGovernment, status: reformplan.StatusDRAFT})
	return out
}
