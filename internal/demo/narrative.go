package demo

import (
	"time"

	"cchc/ent/disciplinaryaction"
)

// The narrative sections of Tái Sơn's report for the first half of 2023,
// shortened from the source document. The strengths keep the report's claim
// that no dossier was overdue, although it counts 5 resolved late.
const (
	reportDirectionSummary = `1. Về kế hoạch CCHC: Thực hiện Kế hoạch cải cách hành chính nhà nước năm 2023 của UBND huyện Tứ Kỳ, UBND xã xây dựng Kế hoạch cải cách hành chính nhà nước xã Tái Sơn năm 2023 và ban hành các kế hoạch chuyên đề: kiểm soát TTHC và thực hiện cơ chế một cửa, một cửa liên thông; rà soát, đánh giá TTHC; đơn giản hóa TTHC; theo dõi tình hình thi hành pháp luật; phổ biến, giáo dục pháp luật, hòa giải ở cơ sở, xây dựng xã đạt chuẩn tiếp cận pháp luật; kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật; thi hành pháp luật về xử lý vi phạm hành chính; tinh giản biên chế; đào tạo, bồi dưỡng cán bộ, công chức; siết chặt kỷ luật, kỷ cương hành chính; phòng, chống tham nhũng; thực hành tiết kiệm, chống lãng phí; tuyên truyền cải cách hành chính; ứng dụng công nghệ thông tin. UBND xã ban hành Quy chế chi tiêu nội bộ, quy chế công khai tài chính, quy chế quản lý tài sản nhà nước.

2. Công tác chỉ đạo, điều hành: Ngay từ đầu năm 2023, Lãnh đạo UBND xã tập trung chỉ đạo các ngành, cán bộ, công chức tích cực triển khai Kế hoạch CCHC năm 2023 theo đúng tiến độ, đồng thời phát động thi đua gắn với thực hiện nhiệm vụ CCHC; tiếp tục thực hiện tốt cơ chế "Một cửa", "Một cửa liên thông", quy chế dân chủ ở cơ sở, thực hành tiết kiệm, chống lãng phí.

3. Công tác tuyên truyền CCHC: Thường xuyên quán triệt, triển khai các kế hoạch; đưa tin, bài trên Đài truyền thanh xã và Trang thông tin điện tử xã; tuyên truyền trực tiếp khi tiếp nhận, giải quyết TTHC, niêm yết công khai các TTHC và quy trình giải quyết. Qua đó nâng cao nhận thức, trách nhiệm của đội ngũ cán bộ, công chức và giúp tổ chức, công dân tham gia, giám sát việc thực hiện.`

	reportStrengths = `Công tác cải cách hành chính luôn được xác định là một trong những nhiệm vụ trọng tâm, xuyên suốt; được Lãnh đạo UBND xã quan tâm lãnh đạo, chỉ đạo, thống nhất triển khai đồng bộ, bám sát các Chương trình, Kế hoạch của tỉnh về CCHC. Thường xuyên đôn đốc, hướng dẫn các ngành, cán bộ, công chức triển khai có trọng tâm, trọng điểm kế hoạch CCHC của UBND xã.

Thực hiện tốt việc quản lý công chức, sắp xếp bộ máy tinh gọn, thống nhất. Thủ tục hành chính thường xuyên được rà soát, kiểm soát. Trong quá trình giải quyết các thủ tục hành chính, UBND xã không để xảy ra tình trạng quá hạn, sai sót, vi phạm trong quá trình tiếp nhận, giải quyết và trả kết quả thủ tục hành chính theo cơ chế một cửa; không nhận được khiếu nại, phản ánh, kiến nghị của cá nhân, tổ chức về các quy định thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã.`

	reportLimitations = `- Nhận thức của một số người dân còn hạn chế; một số thủ tục hành chính lĩnh vực xây dựng rất khó thực hiện dịch vụ công trực tuyến ở mức độ cao, có thủ tục qua thực tiễn không thể thực hiện được qua dịch vụ công trực tuyến mức độ 3, 4.
- Vẫn còn một bộ phận công chức trách nhiệm chưa cao trong thực thi công vụ, dẫn đến việc giải quyết thủ tục hành chính trong một số lĩnh vực còn chậm.
- Việc đầu tư trang bị hệ thống công nghệ thông tin cho cán bộ, công chức còn hạn chế; tốc độ đường truyền chậm, ảnh hưởng đến việc trao gửi văn bản, xử lý công việc; trình độ và kỹ năng thao tác của một số cán bộ, công chức còn hạn chế.
- Công tác tuyên truyền, phổ biến pháp luật đạt hiệu quả chưa cao; kinh phí phục vụ còn hạn chế.
- Công tác theo dõi tình hình thi hành pháp luật có nội dung còn hạn chế; cơ sở vật chất phục vụ theo dõi thi hành pháp luật trong xử phạt vi phạm hành chính còn thiếu.
- Sự phối hợp giữa các ban, ngành, đoàn thể trong tuyên truyền, phổ biến giáo dục pháp luật có lúc chưa thường xuyên; hình thức phổ biến chưa đa dạng, phong phú.`

	reportDirections = `1. Tiếp tục thực hiện tốt các nhiệm vụ trong Kế hoạch cải cách hành chính của UBND xã năm 2023; thực hiện tốt công tác tự kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật tại địa phương; triển khai có hiệu quả hoạt động kiểm soát và rà soát thủ tục hành chính.
2. Tiếp tục đẩy mạnh công tác tuyên truyền và triển khai đồng bộ các nội dung cải cách hành chính theo văn bản của Trung ương, tỉnh, huyện; nâng cao trách nhiệm của người đứng đầu trong công tác cải cách hành chính.
3. Nâng cao chất lượng giải quyết thủ tục hành chính theo cơ chế một cửa; chú trọng triển khai dịch vụ công mức độ 3, 4 đạt và vượt chỉ tiêu theo Quyết định 1217/QĐ-UBND ngày 12/5/2022 của UBND tỉnh Hải Dương; tập trung cải cách tổ chức bộ máy, phân định rõ chức năng, nhiệm vụ của cán bộ, công chức.
4. Tiếp tục thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí.
5. Tăng cường ứng dụng công nghệ thông tin trong quản lý hành chính nhà nước; áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn Quốc gia TCVN ISO 9001:2015.
6. Tiếp tục tạo điều kiện để cán bộ, công chức, người hoạt động không chuyên trách tham gia các lớp đào tạo, bồi dưỡng về chuyên môn, nghiệp vụ, lý luận chính trị.`
)

// trainingSpec is a course attended by the official of a unit named by full
// name (Tái Sơn) or position (other communes).
type trainingSpec struct {
	unit, who   string
	title       string
	organizer   string
	start       time.Time
	end         *time.Time
	certificate string
}

var trainings = []trainingSpec{
	{"11098", "Phạm Văn Đức", "Trung cấp lý luận chính trị - hành chính (hệ không tập trung)", "Trường Chính trị tỉnh Hải Dương", day(2023, 3, 6), nil, ""},
	{"11098", "Trần Thị Mai", "Tập huấn nghiệp vụ hộ tịch và phần mềm đăng ký, quản lý hộ tịch điện tử", "Sở Tư pháp tỉnh Hải Dương", day(2023, 4, 12), ptr(day(2023, 4, 13)), ""},
	{"11098", "Vũ Văn Nam", "Tập huấn nghiệp vụ hộ tịch và phần mềm đăng ký, quản lý hộ tịch điện tử", "Sở Tư pháp tỉnh Hải Dương", day(2023, 4, 12), ptr(day(2023, 4, 13)), ""},
	{"11098", "Nguyễn Thế Thọ", "Bồi dưỡng kiến thức quản lý nhà nước và kỹ năng lãnh đạo, quản lý cấp xã", "Trường Chính trị tỉnh Hải Dương", day(2023, 5, 15), ptr(day(2023, 5, 26)), "Chứng chỉ bồi dưỡng"},
	{"11098", "Đỗ Văn Long", "Bồi dưỡng kiến thức quản lý nhà nước và kỹ năng lãnh đạo, quản lý cấp xã", "Trường Chính trị tỉnh Hải Dương", day(2023, 5, 15), ptr(day(2023, 5, 26)), "Chứng chỉ bồi dưỡng"},
	{"11098", "Nguyễn Thị Lan", "Tập huấn kỹ năng số, cung cấp dịch vụ công trực tuyến và thanh toán trực tuyến", "UBND huyện Tứ Kỳ", day(2023, 3, 21), ptr(day(2023, 3, 21)), ""},
	{"11098", "Nguyễn Văn Dũng", "Tập huấn kỹ năng số, cung cấp dịch vụ công trực tuyến và thanh toán trực tuyến", "UBND huyện Tứ Kỳ", day(2023, 3, 21), ptr(day(2023, 3, 21)), ""},
	{"11098", "Phạm Thị Ngọc", "Bồi dưỡng nghiệp vụ kế toán ngân sách và tài chính xã", "Sở Tài chính tỉnh Hải Dương", day(2023, 8, 8), ptr(day(2023, 8, 10)), "Giấy chứng nhận"},
	{"11098", "Nguyễn Văn Hải", "Tập huấn nghiệp vụ quản lý đất đai, trật tự xây dựng", "Phòng Tài nguyên và Môi trường huyện Tứ Kỳ", day(2023, 6, 20), ptr(day(2023, 6, 20)), ""},
	{"11101", "Công chức Tư pháp - Hộ tịch", "Tập huấn nghiệp vụ hộ tịch và phần mềm đăng ký, quản lý hộ tịch điện tử", "Sở Tư pháp tỉnh Hải Dương", day(2023, 4, 12), ptr(day(2023, 4, 13)), ""},
	{"11101", "Chủ tịch UBND xã", "Bồi dưỡng kiến thức quản lý nhà nước và kỹ năng lãnh đạo, quản lý cấp xã", "Trường Chính trị tỉnh Hải Dương", day(2023, 5, 15), ptr(day(2023, 5, 26)), "Chứng chỉ bồi dưỡng"},
	{"11095", "Công chức Địa chính - Xây dựng", "Tập huấn nghiệp vụ quản lý đất đai, trật tự xây dựng", "Phòng Tài nguyên và Môi trường huyện Tứ Kỳ", day(2023, 6, 20), ptr(day(2023, 6, 20)), ""},
	{"11023", "Công chức Văn hóa - Xã hội", "Tập huấn chuyển đổi số và kỹ năng số cho cán bộ cấp xã", "UBND huyện Gia Lộc", day(2023, 7, 11), ptr(day(2023, 7, 12)), ""},
	{"11023", "Công chức Văn phòng - Thống kê", "Bồi dưỡng ngạch chuyên viên", "Trường Chính trị tỉnh Hải Dương", day(2023, 9, 11), ptr(day(2023, 11, 3)), "Chứng chỉ bồi dưỡng ngạch chuyên viên"},
}

// discipline is the one disciplinary action of the data: none in Tái Sơn.
var discipline = struct {
	unit, who string
	form      disciplinaryaction.Form
	number    string
	decided   time.Time
	reason    string
}{"11095", "Công chức Địa chính - Xây dựng", disciplinaryaction.FormREPRIMAND, "86/QĐ-UBND", day(2023, 10, 16),
	"Để nhiều hồ sơ đất đai quá hạn giải quyết, không thông báo lý do chậm trễ cho người dân"}

// feedbackSpec is a citizen's feedback; dossier, when set, picks the first
// dossier of the unit with that outcome received in the first half of 2023.
type feedbackSpec struct {
	unit     string
	dossier  outcome
	linked   bool
	received time.Time
	resolved *time.Time
	content  string
}

var feedbacks = []feedbackSpec{
	{unit: "11101", dossier: late, linked: true, received: at(day(2023, 4, 18), 9, 20), resolved: ptr(at(day(2023, 4, 25), 15, 0)),
		content: "Phản ánh việc chậm trả kết quả so với ngày hẹn ghi trên giấy tiếp nhận hồ sơ."},
	{unit: "11101", received: at(day(2023, 8, 7), 10, 5), resolved: ptr(at(day(2023, 8, 9), 16, 0)),
		content: "Kiến nghị bố trí thêm ghế chờ và máy tra cứu thủ tục hành chính tại Bộ phận một cửa."},
	{unit: "11095", dossier: stuck, linked: true, received: at(day(2023, 9, 12), 8, 40),
		content: "Phản ánh hồ sơ đã nộp quá hạn giải quyết nhưng chưa nhận được kết quả hay thông báo lý do."},
	{unit: "11095", received: at(day(2023, 5, 22), 14, 15), resolved: ptr(at(day(2023, 6, 5), 9, 30)),
		content: "Phản ánh thái độ hướng dẫn chưa tận tình của công chức tại Bộ phận một cửa."},
	{unit: "11023", received: at(day(2023, 3, 2), 15, 10), resolved: ptr(at(day(2023, 3, 2), 16, 20)),
		content: "Đề nghị hướng dẫn cách nộp hồ sơ đăng ký khai sinh trực tuyến trên Cổng dịch vụ công quốc gia."},
	{unit: "11098", received: at(day(2023, 10, 12), 9, 0), resolved: ptr(at(day(2023, 10, 19), 10, 30)),
		content: "Kiến nghị niêm yết thêm hướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa các thôn."},
}
