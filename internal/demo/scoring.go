package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterion"
	"cchc/ent/scoringframework"
	"cchc/internal/enum"
	"cchc/internal/framework"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/scoring"
	"cchc/internal/viewer"
)

// criterionSpec is a criterion of the demonstration framework before it is
// written; its parent and, below the top level, its area follow from its code.
type criterionSpec struct {
	code      string
	max       float64
	area      scoring.Area // top level only
	title     string
	indicator scoring.Indicator
	rule      scoring.Rule
	guidance  string
}

func area(code string, max float64, a scoring.Area, title string) criterionSpec {
	return criterionSpec{code: code, max: max, area: a, title: title}
}

// group is a criterion scored through its sub-criteria.
func group(code string, max float64, title string) criterionSpec {
	return criterionSpec{code: code, max: max, title: title}
}

// manual is a leaf scored by hand from the evidence.
func manual(code string, max float64, title, guidance string) criterionSpec {
	return criterionSpec{code: code, max: max, title: title, guidance: guidance}
}

// computed is a leaf scored from an indicator of the year.
func computed(code string, max float64, title string, ind scoring.Indicator, rule scoring.Rule, guidance string) criterionSpec {
	return criterionSpec{code: code, max: max, title: title, indicator: ind, rule: rule, guidance: guidance}
}

// parentCode is the code of the criterion c sits under, "" at the top level.
func (c criterionSpec) parentCode() string {
	if i := strings.LastIndex(c.code, "."); i > 0 {
		return c.code[:i]
	}
	return ""
}

// depth is 0 for an area, 1 for a criterion under it, and so on.
func (c criterionSpec) depth() int { return strings.Count(c.code, ".") }

// frameworkTitle is the title of the commune-level framework of a year.
func frameworkTitle(year int) string {
	return fmt.Sprintf("Bộ Chỉ số CCHC cấp xã năm %d", year)
}

// frameworkPublished is when the province issued each year's framework.
var frameworkPublished = map[int]time.Time{
	2022: at(day(2022, 3, 18), 15, 20),
	2023: at(day(2023, 3, 15), 10, 5),
}

// onTimeBands are the points of 3.2.2 by the share of dossiers resolved on
// time: full points from 95%, as the province's one-stop rankings expect.
var onTimeBands = scoring.Rule{Kind: scoring.RuleBands, Bands: []scoring.RuleBand{
	{AtLeast: 0.8, Points: 2}, {AtLeast: 0.9, Points: 3.5}, {AtLeast: 0.95, Points: 5},
}}

// criteria are the criteria of the commune-level reform index of Hải Dương,
// the same in 2022 and 2023: eight areas, worth 100 points together, modelled
// on the provinces' Bộ Chỉ số CCHC cấp xã. Four leaves follow from the
// records of the year (Decision 766/QĐ-TTg for the one-stop figures); the
// rest are scored by hand from the evidence the guidance asks for.
var criteria = []criterionSpec{
	area("1", 13, scoring.AreaDirection, "Công tác chỉ đạo, điều hành cải cách hành chính"),
	group("1.1", 3, "Kế hoạch cải cách hành chính năm"),
	manual("1.1.1", 1, "Ban hành kế hoạch CCHC năm kịp thời, đầy đủ nội dung",
		"Ban hành trước ngày 31/01 và có đủ nhiệm vụ, sản phẩm, thời hạn, phân công thực hiện: 1 điểm; ban hành sau ngày 31/01 hoặc thiếu nội dung: 0,5 điểm; không ban hành: 0 điểm.\nTài liệu kiểm chứng: Kế hoạch CCHC năm của UBND xã."),
	computed("1.1.2", 2, "Mức độ hoàn thành kế hoạch CCHC năm", scoring.IndicatorTasksDoneRate,
		scoring.Rule{Kind: scoring.RuleThreshold, Threshold: 1},
		"Tính tự động: số nhiệm vụ hoàn thành đúng hạn / số nhiệm vụ đến hạn trong năm theo các kế hoạch của xã; hoàn thành 100% được điểm tối đa, dưới 100% tính theo tỷ lệ.\nTài liệu kiểm chứng: Báo cáo kết quả thực hiện kế hoạch CCHC năm, danh mục nhiệm vụ và sản phẩm."),
	group("1.2", 2, "Báo cáo cải cách hành chính"),
	manual("1.2.1", 1, "Báo cáo CCHC định kỳ (quý, 6 tháng, năm) đầy đủ về số lượng, đúng thời hạn",
		"Đủ số lượng, đúng hạn: 1 điểm; đủ số lượng nhưng có báo cáo gửi chậm: 0,5 điểm; thiếu báo cáo: 0 điểm.\nTài liệu kiểm chứng: Các báo cáo CCHC định kỳ đã gửi UBND huyện (số, ngày ban hành, ngày gửi trên hệ thống quản lý văn bản)."),
	manual("1.2.2", 1, "Chất lượng báo cáo: đúng đề cương, đủ số liệu theo hướng dẫn",
		"Báo cáo đúng đề cương, số liệu đầy đủ và khớp với hệ thống: 1 điểm; thiếu hoặc sai số liệu: 0,5 điểm.\nTài liệu kiểm chứng: Báo cáo CCHC năm và phụ lục số liệu."),
	group("1.3", 2, "Kiểm tra công tác cải cách hành chính"),
	manual("1.3.1", 1, "Ban hành và thực hiện kế hoạch tự kiểm tra công tác CCHC",
		"Có kế hoạch và kiểm tra đủ các bộ phận chuyên môn theo kế hoạch: 1 điểm; có kế hoạch nhưng thực hiện chưa đầy đủ: 0,5 điểm.\nTài liệu kiểm chứng: Kế hoạch tự kiểm tra; biên bản, báo cáo kết quả kiểm tra."),
	manual("1.3.2", 1, "Xử lý các tồn tại, hạn chế phát hiện qua kiểm tra",
		"Xử lý hoặc kiến nghị xử lý 100% tồn tại phát hiện: 1 điểm; dưới 100%: 0,5 điểm; không xử lý: 0 điểm.\nTài liệu kiểm chứng: Văn bản chỉ đạo khắc phục, báo cáo kết quả khắc phục."),
	manual("1.4", 2, "Công tác thông tin, tuyên truyền cải cách hành chính",
		"Có kế hoạch tuyên truyền và thực hiện đầy đủ (Đài truyền thanh, Trang thông tin điện tử, niêm yết): 2 điểm; thực hiện chưa đầy đủ: 1 điểm.\nTài liệu kiểm chứng: Kế hoạch tuyên truyền CCHC; danh mục tin, bài đã phát, đăng."),
	manual("1.5", 2, "Thực hiện nhiệm vụ CCHC được UBND huyện giao",
		"Hoàn thành 100% nhiệm vụ được giao đúng hạn: 2 điểm; mỗi nhiệm vụ chậm hoặc chưa hoàn thành trừ 0,5 điểm.\nTài liệu kiểm chứng: Văn bản giao nhiệm vụ của UBND huyện và văn bản, báo cáo kết quả thực hiện."),
	manual("1.6", 2, "Sáng kiến, giải pháp mới trong thực hiện CCHC",
		"Có sáng kiến, giải pháp được Hội đồng sáng kiến cấp huyện trở lên công nhận: 2 điểm; có giải pháp áp dụng tại xã, chưa được công nhận: 1 điểm.\nTài liệu kiểm chứng: Quyết định công nhận sáng kiến; báo cáo kết quả áp dụng."),

	area("2", 8, scoring.AreaInstitutions, "Cải cách thể chế"),
	manual("2.1", 2, "Ban hành văn bản quy phạm pháp luật của HĐND, UBND xã đúng thẩm quyền, trình tự, thủ tục",
		"Không có văn bản bị cơ quan có thẩm quyền kiến nghị xử lý: 2 điểm; có văn bản bị kiến nghị: 0 điểm. Năm không ban hành văn bản nào: 2 điểm.\nTài liệu kiểm chứng: Danh mục văn bản đã ban hành; kết luận kiểm tra văn bản của Phòng Tư pháp huyện."),
	group("2.2", 2, "Rà soát, hệ thống hóa văn bản quy phạm pháp luật"),
	manual("2.2.1", 0.5, "Ban hành kế hoạch rà soát, hệ thống hóa văn bản QPPL",
		"Có kế hoạch: 0,5 điểm.\nTài liệu kiểm chứng: Kế hoạch rà soát, hệ thống hóa văn bản QPPL năm."),
	manual("2.2.2", 1.5, "Thực hiện rà soát và xử lý kết quả rà soát",
		"Hoàn thành đúng kế hoạch và xử lý 100% văn bản phải xử lý: 1,5 điểm; hoàn thành chậm: 1 điểm; chưa hoàn thành: 0 điểm.\nTài liệu kiểm chứng: Báo cáo kết quả rà soát, danh mục văn bản hết hiệu lực, văn bản xử lý."),
	manual("2.3", 2, "Theo dõi tình hình thi hành pháp luật",
		"Có kế hoạch và báo cáo kết quả theo dõi thi hành pháp luật đúng hạn: 2 điểm; có kế hoạch, báo cáo chậm: 1 điểm.\nTài liệu kiểm chứng: Kế hoạch, báo cáo theo dõi tình hình thi hành pháp luật."),
	manual("2.4", 2, "Phổ biến, giáo dục pháp luật; xây dựng xã đạt chuẩn tiếp cận pháp luật",
		"Xã được công nhận đạt chuẩn tiếp cận pháp luật: 2 điểm; chưa đạt nhưng thực hiện đầy đủ kế hoạch phổ biến, giáo dục pháp luật: 1 điểm.\nTài liệu kiểm chứng: Quyết định công nhận xã đạt chuẩn tiếp cận pháp luật; báo cáo công tác phổ biến, giáo dục pháp luật."),

	area("3", 18, scoring.AreaProcedures, "Cải cách thủ tục hành chính"),
	group("3.1", 3, "Công khai thủ tục hành chính"),
	manual("3.1.1", 1.5, "Niêm yết công khai đầy đủ, đúng quy định TTHC tại Bộ phận Một cửa",
		"Niêm yết đầy đủ, kịp thời TTHC còn hiệu lực và địa chỉ tiếp nhận phản ánh, kiến nghị: 1,5 điểm; niêm yết thiếu hoặc chậm cập nhật: 0,5 điểm.\nTài liệu kiểm chứng: Ảnh chụp nơi niêm yết; danh mục TTHC niêm yết; biên bản kiểm tra của huyện."),
	manual("3.1.2", 1.5, "Công khai TTHC trên Trang thông tin điện tử của xã",
		"Công khai đầy đủ, có liên kết tới Cổng dịch vụ công: 1,5 điểm; chưa đầy đủ: 0,5 điểm.\nTài liệu kiểm chứng: Đường dẫn chuyên mục TTHC trên Trang thông tin điện tử xã."),
	group("3.2", 9, "Thực hiện cơ chế một cửa, một cửa liên thông"),
	manual("3.2.1", 2, "Bộ phận Một cửa bố trí đúng quy định về cơ sở vật chất, trang thiết bị, nhân sự",
		"Đáp ứng đầy đủ theo Nghị định 61/2018/NĐ-CP và Nghị định 107/2021/NĐ-CP: 2 điểm; chưa đầy đủ: 1 điểm.\nTài liệu kiểm chứng: Quyết định thành lập, kiện toàn Bộ phận Một cửa; quy chế hoạt động; ảnh chụp trang thiết bị."),
	computed("3.2.2", 5, "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", scoring.IndicatorOnTimeRate, onTimeBands,
		"Tính tự động từ Hệ thống thông tin giải quyết TTHC: (trước hạn + đúng hạn) / đã giải quyết trong năm. Từ 95%: 5 điểm; từ 90% đến dưới 95%: 3,5 điểm; từ 80% đến dưới 90%: 2 điểm; dưới 80%: 0 điểm.\nTài liệu kiểm chứng: Báo cáo tình hình giải quyết TTHC năm trích xuất từ hệ thống."),
	manual("3.2.3", 1, "Thực hiện xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ quá hạn",
		"Có văn bản xin lỗi với 100% hồ sơ quá hạn (hoặc không có hồ sơ quá hạn): 1 điểm; dưới 100%: 0 điểm.\nTài liệu kiểm chứng: Phiếu xin lỗi và hẹn lại ngày trả kết quả."),
	manual("3.2.4", 1, "Số hóa hồ sơ, kết quả giải quyết TTHC",
		"Số hóa 100% hồ sơ, kết quả giải quyết TTHC tiếp nhận trong năm theo Nghị định 45/2020/NĐ-CP: 1 điểm; từ 50% đến dưới 100%: tính theo tỷ lệ; dưới 50%: 0 điểm.\nTài liệu kiểm chứng: Báo cáo tỷ lệ số hóa trích xuất từ Hệ thống thông tin giải quyết TTHC."),
	manual("3.3", 2, "Rà soát, đánh giá, đơn giản hóa TTHC",
		"Thực hiện đầy đủ kế hoạch rà soát, có kiến nghị đơn giản hóa: 2 điểm; thực hiện chưa đầy đủ: 1 điểm.\nTài liệu kiểm chứng: Kế hoạch rà soát TTHC; báo cáo kết quả rà soát, phương án đơn giản hóa."),
	manual("3.4", 2, "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
		"Xử lý 100% phản ánh, kiến nghị đúng hạn (hoặc không nhận được phản ánh): 2 điểm; có phản ánh xử lý chậm: 1 điểm.\nTài liệu kiểm chứng: Sổ theo dõi phản ánh, kiến nghị; văn bản trả lời."),
	manual("3.5", 2, "Báo cáo tình hình, kết quả kiểm soát TTHC đầy đủ, đúng hạn",
		"Đủ 04 báo cáo quý, đúng hạn: 2 điểm; có báo cáo chậm: 1 điểm; thiếu báo cáo: 0 điểm.\nTài liệu kiểm chứng: Các báo cáo kiểm soát TTHC hằng quý."),

	area("4", 6, scoring.AreaApparatus, "Cải cách tổ chức bộ máy hành chính nhà nước"),
	manual("4.1", 2, "Thực hiện quy chế làm việc, phân công nhiệm vụ của UBND xã",
		"Có quy chế làm việc và văn bản phân công nhiệm vụ cán bộ, công chức còn hiệu lực, thực hiện đúng: 2 điểm.\nTài liệu kiểm chứng: Quy chế làm việc của UBND xã; quyết định phân công nhiệm vụ."),
	manual("4.2", 2, "Bố trí cán bộ, công chức, người hoạt động không chuyên trách đúng số lượng quy định",
		"Không vượt số lượng được giao theo Nghị định 33/2023/NĐ-CP và quyết định của UBND tỉnh: 2 điểm; đang sắp xếp theo lộ trình: 1 điểm; vượt không có lộ trình: 0 điểm.\nTài liệu kiểm chứng: Danh sách cán bộ, công chức, người hoạt động không chuyên trách; quyết định giao số lượng."),
	manual("4.3", 2, "Áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
		"Áp dụng cho 100% TTHC thuộc thẩm quyền, cập nhật kịp thời khi TTHC thay đổi: 2 điểm; có TTHC chưa cập nhật: 1 điểm.\nTài liệu kiểm chứng: Quyết định công bố hệ thống quản lý chất lượng; báo cáo đánh giá nội bộ."),

	area("5", 10, scoring.AreaCivilService, "Cải cách chế độ công vụ"),
	manual("5.1", 2, "Bố trí công chức theo vị trí việc làm, đúng tiêu chuẩn chức danh",
		"100% công chức đạt tiêu chuẩn chức danh, bố trí đúng vị trí việc làm: 2 điểm; có trường hợp chưa đạt: 1 điểm.\nTài liệu kiểm chứng: Danh sách công chức theo vị trí việc làm, trình độ chuyên môn."),
	group("5.2", 2, "Đào tạo, bồi dưỡng cán bộ, công chức"),
	manual("5.2.1", 0.5, "Ban hành kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm",
		"Có kế hoạch: 0,5 điểm.\nTài liệu kiểm chứng: Kế hoạch đào tạo, bồi dưỡng năm."),
	manual("5.2.2", 1.5, "Mức độ thực hiện kế hoạch đào tạo, bồi dưỡng",
		"Thực hiện 100% kế hoạch: 1,5 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0 điểm.\nTài liệu kiểm chứng: Quyết định cử đi học, giấy chứng nhận hoàn thành khóa học."),
	manual("5.3", 2, "Đánh giá, xếp loại chất lượng cán bộ, công chức đúng quy định",
		"Đánh giá, xếp loại đúng quy trình, thời hạn theo Nghị định 90/2020/NĐ-CP: 2 điểm.\nTài liệu kiểm chứng: Quyết định, biên bản đánh giá, xếp loại cán bộ, công chức năm."),
	group("5.4", 4, "Chấp hành kỷ luật, kỷ cương hành chính"),
	manual("5.4.1", 2, "Thực hiện quy định về đạo đức công vụ, văn hóa công sở",
		"Không có vi phạm bị phát hiện qua kiểm tra công vụ: 2 điểm; có vi phạm: 1 điểm.\nTài liệu kiểm chứng: Kết luận kiểm tra công vụ của huyện; báo cáo tự kiểm tra."),
	manual("5.4.2", 2, "Không có cán bộ, công chức bị xử lý kỷ luật trong năm",
		"Không có cán bộ, công chức bị kỷ luật: 2 điểm; có cán bộ, công chức bị kỷ luật: 0 điểm.\nTài liệu kiểm chứng: Báo cáo của UBND xã, xác nhận của Phòng Nội vụ huyện."),

	area("6", 7, scoring.AreaPublicFinance, "Cải cách tài chính công"),
	computed("6.1", 2, "Công khai dự toán ngân sách xã năm", scoring.IndicatorBudgetPublished,
		scoring.Rule{Kind: scoring.RuleThreshold, Threshold: 1},
		"Tính tự động: dự toán ngân sách của năm đã được công khai (niêm yết, đăng Trang thông tin điện tử) theo Thông tư 343/2016/TT-BTC: 2 điểm; chưa công khai: 0 điểm.\nTài liệu kiểm chứng: Quyết định công bố công khai dự toán; biên bản niêm yết."),
	manual("6.2", 1, "Công khai quyết toán ngân sách năm trước đúng thời hạn",
		"Công khai đúng thời hạn: 1 điểm; công khai chậm: 0,5 điểm; không công khai: 0 điểm.\nTài liệu kiểm chứng: Quyết định công bố công khai quyết toán ngân sách."),
	manual("6.3", 2, "Thực hiện quy chế chi tiêu nội bộ, quản lý, sử dụng tài sản công",
		"Có quy chế chi tiêu nội bộ, quy chế quản lý tài sản công được cập nhật và thực hiện đúng: 2 điểm; chưa cập nhật: 1 điểm.\nTài liệu kiểm chứng: Quy chế chi tiêu nội bộ; quy chế quản lý tài sản công."),
	manual("6.4", 1, "Thực hiện kết luận, kiến nghị của thanh tra, kiểm toán về tài chính, ngân sách",
		"Thực hiện 100% kiến nghị đúng hạn (hoặc không có kiến nghị): 1 điểm; chưa hoàn thành: 0 điểm.\nTài liệu kiểm chứng: Báo cáo kết quả thực hiện kết luận thanh tra, kiểm toán."),
	manual("6.5", 1, "Thực hành tiết kiệm, chống lãng phí",
		"Có kế hoạch và báo cáo kết quả thực hành tiết kiệm, chống lãng phí: 1 điểm.\nTài liệu kiểm chứng: Kế hoạch, báo cáo thực hành tiết kiệm, chống lãng phí."),

	area("7", 12, scoring.AreaDigitalGovernment, "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
	group("7.1", 3, "Ứng dụng công nghệ thông tin trong xử lý công việc"),
	manual("7.1.1", 2, "Tỷ lệ văn bản đi được ký số và gửi, nhận qua hệ thống quản lý văn bản và điều hành",
		"Từ 95% văn bản đi (trừ văn bản mật): 2 điểm; từ 80% đến dưới 95%: 1 điểm; dưới 80%: 0 điểm.\nTài liệu kiểm chứng: Thống kê văn bản đi trích xuất từ hệ thống quản lý văn bản và điều hành (qlvbdh.haiduong.gov.vn)."),
	manual("7.1.2", 1, "Sử dụng hộp thư điện tử công vụ trong trao đổi công việc",
		"100% cán bộ, công chức có và sử dụng thư điện tử công vụ: 1 điểm.\nTài liệu kiểm chứng: Danh sách tài khoản thư điện tử công vụ."),
	manual("7.2", 2, "Trang thông tin điện tử của xã hoạt động, cập nhật đầy đủ thông tin theo quy định",
		"Cập nhật đầy đủ thông tin theo Nghị định 42/2022/NĐ-CP: 2 điểm; chưa đầy đủ: 1 điểm.\nTài liệu kiểm chứng: Đường dẫn Trang thông tin điện tử; thống kê tin, bài."),
	group("7.3", 5, "Cung cấp dịch vụ công trực tuyến"),
	computed("7.3.1", 3, "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến", scoring.IndicatorOnlineRate,
		scoring.Rule{Kind: scoring.RuleThreshold, Threshold: 0.5},
		"Tính tự động từ Hệ thống thông tin giải quyết TTHC theo Quyết định 766/QĐ-TTg: hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận trong năm. Từ 50%: 3 điểm; dưới 50%: 3 × tỷ lệ / 50%.\nTài liệu kiểm chứng: Báo cáo tình hình giải quyết TTHC năm trích xuất từ hệ thống."),
	manual("7.3.2", 2, "Hồ sơ TTHC được cập nhật, đồng bộ đầy đủ trên Hệ thống thông tin giải quyết TTHC của tỉnh",
		"100% hồ sơ được cập nhật trạng thái đầy đủ, kịp thời: 2 điểm; từ 90%: 1 điểm; dưới 90%: 0 điểm.\nTài liệu kiểm chứng: Báo cáo đồng bộ của Văn phòng UBND tỉnh."),
	manual("7.4", 2, "Bảo đảm an toàn thông tin mạng, hạ tầng công nghệ thông tin",
		"Trang thiết bị, đường truyền đáp ứng yêu cầu, không để xảy ra sự cố mất an toàn thông tin: 2 điểm; trang thiết bị chưa đáp ứng: 1 điểm.\nTài liệu kiểm chứng: Báo cáo hiện trạng hạ tầng công nghệ thông tin; báo cáo an toàn thông tin."),

	area("8", 26, scoring.AreaImpact, "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội"),
	manual("8.1", 10, "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của UBND xã",
		"Điểm = 10 × tỷ lệ người được hỏi hài lòng theo kết quả khảo sát của tỉnh (SIPAS cấp xã); khi chưa có kết quả của tỉnh, xã tự chấm theo phiếu đánh giá tại Bộ phận Một cửa và huyện thẩm định lại.\nTài liệu kiểm chứng: Kết quả khảo sát; tổng hợp phiếu đánh giá tại Bộ phận Một cửa."),
	group("8.2", 8, "Tác động của CCHC đến quản lý nhà nước tại địa phương"),
	manual("8.2.1", 2, "Không có khiếu nại, tố cáo đông người, kéo dài, vượt cấp",
		"Không có: 2 điểm; có: 0 điểm.\nTài liệu kiểm chứng: Báo cáo công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm."),
	manual("8.2.2", 2, "Thu ngân sách trên địa bàn đạt hoặc vượt dự toán được giao",
		"Đạt hoặc vượt dự toán: 2 điểm; đạt từ 90%: 1 điểm; dưới 90%: 0 điểm.\nTài liệu kiểm chứng: Báo cáo quyết toán thu ngân sách xã."),
	manual("8.2.3", 2, "Tỷ lệ hộ nghèo giảm đạt chỉ tiêu được giao",
		"Đạt chỉ tiêu: 2 điểm; không đạt: tính theo tỷ lệ thực hiện.\nTài liệu kiểm chứng: Quyết định công nhận kết quả rà soát hộ nghèo, hộ cận nghèo."),
	manual("8.2.4", 2, "Thực hiện các tiêu chí nông thôn mới nâng cao, nông thôn mới kiểu mẫu theo kế hoạch",
		"Hoàn thành kế hoạch năm: 2 điểm; chưa hoàn thành: 1 điểm.\nTài liệu kiểm chứng: Báo cáo kết quả xây dựng nông thôn mới của xã."),
	manual("8.3", 4, "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội được HĐND xã giao",
		"Đạt 100% chỉ tiêu: 4 điểm; mỗi chỉ tiêu không đạt trừ 0,5 điểm.\nTài liệu kiểm chứng: Báo cáo tình hình kinh tế - xã hội năm trình HĐND xã."),
	manual("8.4", 4, "Đánh giá của cán bộ, công chức, người hoạt động không chuyên trách về kết quả CCHC của xã",
		"Điểm = 4 × tỷ lệ ý kiến đánh giá tốt trong phiếu khảo sát nội bộ do huyện tổ chức.\nTài liệu kiểm chứng: Tổng hợp phiếu khảo sát."),
}

// frameworkOf builds the scoring view of the specs, numbering criteria from
// 1 in order, to validate them before anything is written.
func frameworkOf(year int, specs []criterionSpec) scoring.Framework {
	f := scoring.Framework{Year: year}
	ids, areas := map[string]int{}, map[string]scoring.Area{}
	for i, s := range specs {
		c := scoring.Criterion{ID: i + 1, Code: s.code, Title: s.title, MaxPoints: s.max, Area: s.area, Method: scoring.MethodManual}
		if p := s.parentCode(); p != "" {
			id := ids[p]
			c.ParentID, c.Area = &id, areas[p]
		}
		if s.indicator != "" {
			c.Method, c.Indicator, c.Rule = scoring.MethodIndicator, s.indicator, s.rule
		}
		ids[s.code], areas[s.code] = c.ID, c.Area
		f.Criteria = append(f.Criteria, c)
	}
	return f
}

// storedFramework is a framework as written, in the scoring view.
type storedFramework struct {
	id        int
	framework scoring.Framework // criteria in code order
	leaves    []scoring.Criterion
}

// loadScoring writes the frameworks of 2022 and 2023 and the assessments
// against them, as the workflow would have left them at each status.
func (l *loader) loadScoring(ctx context.Context) error {
	frameworks := map[int]*storedFramework{}
	var copiedFrom *int
	for _, year := range []int{2022, 2023} {
		fw, err := l.writeFramework(ctx, year, copiedFrom)
		if err != nil {
			return fmt.Errorf("framework of %d: %w", year, err)
		}
		frameworks[year], copiedFrom = fw, &fw.id
	}
	figures, err := l.yearFigures(ctx, 2023)
	if err != nil {
		return err
	}
	return l.writeAssessments(ctx, frameworks, figures)
}

// writeFramework writes the framework of a year as a DRAFT, its criteria
// level by level so that each parent exists before its children, then
// publishes it, as the province does.
func (l *loader) writeFramework(ctx context.Context, year int, copiedFrom *int) (*storedFramework, error) {
	if err := frameworkOf(year, criteria).Validate(); err != nil {
		return nil, err
	}
	tx, published := l.tx, frameworkPublished[year]
	fw, err := tx.ScoringFramework.Create().SetUnitID(l.units["30"]).SetYear(year).SetLevel(scoringframework.LevelCOMMUNE).
		SetTitle(frameworkTitle(year)).SetNillableCopiedFromID(copiedFrom).
		SetCreatedAt(published.AddDate(0, 0, -30)).SetUpdatedAt(published).Save(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	for depth := 0; len(ids) < len(criteria); depth++ {
		var batch []criterionSpec
		var bs []*ent.CriterionCreate
		for _, s := range criteria {
			if s.depth() != depth {
				continue
			}
			c := tx.Criterion.Create().SetFrameworkID(fw.ID).SetCode(s.code).SetTitle(s.title).SetMaxPoints(s.max).
				SetArea(areaOf(s.code)).SetCreatedAt(fw.CreatedAt).SetUpdatedAt(fw.CreatedAt)
			if p := s.parentCode(); p != "" {
				c.SetParentID(ids[p])
			}
			if s.indicator != "" {
				c.SetMethod(scoring.MethodIndicator).SetIndicator(s.indicator).SetRuleKind(s.rule.Kind)
				if s.rule.Kind == scoring.RuleThreshold {
					c.SetThreshold(s.rule.Threshold)
				} else {
					c.SetBands(s.rule.Bands)
				}
			}
			if s.guidance != "" {
				c.SetGuidance(s.guidance)
			}
			batch, bs = append(batch, s), append(bs, c)
		}
		if len(bs) == 0 {
			return nil, fmt.Errorf("criteria without a parent at depth %d", depth)
		}
		created, err := bulk(bs, func(b ...*ent.CriterionCreate) ([]*ent.Criterion, error) {
			return tx.Criterion.CreateBulk(b...).Save(ctx)
		})
		if err != nil {
			return nil, err
		}
		for i, c := range created {
			ids[batch[i].code] = c.ID
		}
	}
	if err := tx.ScoringFramework.UpdateOneID(fw.ID).SetStatus(scoringframework.StatusPUBLISHED).
		SetPublishedAt(published).SetUpdatedAt(published).Exec(ctx); err != nil {
		return nil, err
	}
	// Read back what was stored: the scores are computed from it, as the
	// workflow computes them.
	stored, err := tx.Criterion.Query().Where(criterion.FrameworkID(fw.ID)).Order(ent.Asc(criterion.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	byCode, parents := map[string]scoring.Criterion{}, map[int]bool{}
	for _, c := range stored {
		byCode[c.Code] = framework.Criterion(c)
		if c.ParentID != nil {
			parents[*c.ParentID] = true
		}
	}
	out := &storedFramework{id: fw.ID, framework: scoring.Framework{Year: year}}
	for _, s := range criteria { // in code order
		c := byCode[s.code]
		out.framework.Criteria = append(out.framework.Criteria, c)
		if !parents[c.ID] {
			out.leaves = append(out.leaves, c)
		}
	}
	return out, out.framework.Validate()
}

// areaOf is the area of a criterion: its top-level criterion's.
func areaOf(code string) scoring.Area {
	for _, s := range criteria {
		if s.code == areaCode(code) {
			return s.area
		}
	}
	return ""
}

// areaCode is the code of the top-level criterion at or above code.
func areaCode(code string) string {
	top, _, _ := strings.Cut(code, ".")
	return top
}

// yearFigures computes the figures of a year of the communes assessed, by
// the indicator engine from the records just written, as the workflow does
// for the framework's year (past the access check, which the loader has no
// caller for).
func (l *loader) yearFigures(ctx context.Context, year int) (map[string]scoring.Figures, error) {
	client := l.tx.Client()
	tree, err := indicator.LoadTree(ctx, client)
	if err != nil {
		return nil, err
	}
	var targets []*ent.Unit
	for _, a := range assessmentSpecs {
		if u, ok := tree.Unit(a.unit); ok && a.year == year && a.figures == nil {
			targets = append(targets, u)
		}
	}
	e := &indicator.Engine{Client: client, Dialect: l.dialect}
	ins, err := e.Compute(ctx, period.Period{Year: year, Kind: enum.PeriodYear, Index: 1}, tree, targets)
	if err != nil {
		return nil, err
	}
	out := map[string]scoring.Figures{}
	for _, in := range ins {
		out[in.Unit.Code] = framework.Figures(in)
	}
	return out, nil
}

// subject is the account a step of the workflow records, as apitest's
// tokens name them: ROLE@unit code.
func subject(r viewer.Role, unitCode string) string { return string(r) + "@" + unitCode }

// writeAssessments writes the assessments, their scores and evidence.
func (l *loader) writeAssessments(ctx context.Context, frameworks map[int]*storedFramework, figures map[string]scoring.Figures) error {
	tx := l.tx
	as := make([]*ent.AssessmentCreate, len(assessmentSpecs))
	for i, a := range assessmentSpecs {
		if err := a.check(frameworks[a.year]); err != nil {
			return err
		}
		c := tx.Assessment.Create().SetUnitID(l.units[a.unit]).SetFrameworkID(frameworks[a.year].id).
			SetStatus(a.status).SetCreatedAt(a.started).SetUpdatedAt(a.lastStep())
		if a.reached(assessment.StatusSELF_ASSESSED) {
			c.SetSelfAssessedAt(a.selfAssessed).SetSelfAssessedBy(subject(viewer.CommuneOfficer, a.unit))
		}
		if a.reached(assessment.StatusAPPRAISED) {
			c.SetAppraisedAt(a.appraised).SetAppraisedBy(subject(viewer.DistrictOfficer, a.district))
		}
		if a.reached(assessment.StatusAPPROVED) {
			c.SetApprovedAt(a.approved).SetApprovedBy(subject(viewer.ProvinceOfficer, "30"))
		}
		if r := a.returned; r != nil {
			c.SetReturnedAt(r.at).SetReturnedBy(subject(viewer.DistrictOfficer, a.district)).SetReturnReason(r.reason)
		}
		as[i] = c
	}
	created, err := tx.Assessment.CreateBulk(as...).Save(ctx)
	if err != nil {
		return err
	}

	type attached struct {
		spec int
		code string
	}
	var (
		ss    []*ent.CriterionScoreCreate
		owner []attached
	)
	for i, a := range assessmentSpecs {
		in := figures[a.unit]
		if a.figures != nil {
			in = *a.figures
		}
		for _, c := range frameworks[a.year].leaves {
			b, err := a.score(tx, c, in)
			if err != nil {
				return fmt.Errorf("assessment of %s for %d: %w", a.unit, a.year, err)
			}
			if b == nil {
				continue
			}
			ss = append(ss, b.SetAssessmentID(created[i].ID).SetCriterionID(c.ID).SetUnitID(l.units[a.unit]).
				SetCreatedAt(a.started).SetUpdatedAt(a.lastStep()))
			owner = append(owner, attached{i, c.Code})
		}
	}
	scores, err := bulk(ss, func(b ...*ent.CriterionScoreCreate) ([]*ent.CriterionScore, error) {
		return tx.CriterionScore.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}

	var es []*ent.EvidenceCreate
	for i, s := range scores {
		a := assessmentSpecs[owner[i].spec]
		for _, e := range a.evidence[owner[i].code] {
			c := tx.Evidence.Create().SetScoreID(s.ID).SetUnitID(s.UnitID).SetTitle(e.title).
				SetAddedBy(subject(viewer.CommuneOfficer, a.unit)).SetCreatedAt(a.started).SetUpdatedAt(a.started)
			if e.url != "" {
				c.SetURL(e.url)
			}
			if e.content != nil {
				sum := sha256.Sum256(e.content)
				c.SetFileName(e.fileName).SetContentType(e.contentType).SetContent(e.content).
					SetSize(int64(len(e.content))).SetSha256(hex.EncodeToString(sum[:]))
			}
			es = append(es, c)
		}
	}
	_, err = tx.Evidence.CreateBulk(es...).Save(ctx)
	return err
}

// lastStep is when the assessment last changed.
func (a assessmentSpec) lastStep() time.Time {
	switch {
	case a.reached(assessment.StatusAPPROVED):
		return a.approved
	case a.reached(assessment.StatusAPPRAISED):
		return a.appraised
	case a.reached(assessment.StatusSELF_ASSESSED):
		return a.selfAssessed
	}
	return a.started
}

// score builds the score of leaf c, without points when a DRAFT has not
// scored it yet. An INDICATOR leaf is computed from the figures in exactly as the
// workflow computes it; the later steps keep each score unless a change
// says otherwise.
func (a assessmentSpec) score(tx *ent.Tx, c scoring.Criterion, in scoring.Figures) (*ent.CriterionScoreCreate, error) {
	b := tx.CriterionScore.Create()
	var self scoring.Score
	switch {
	case c.Method == scoring.MethodIndicator:
		s, err := scoring.ScoreIndicator(c, in)
		if err != nil {
			return nil, err
		}
		self = s
		b.SetNillableComputedValue(s.Value).SetFormula(s.Formula)
	case a.scoredAreas != nil && !slices.Contains(a.scoredAreas, areaCode(c.Code)):
		// Not scored yet: the row is there, as startAssessment leaves it.
		return b, nil
	default:
		self.Points = c.MaxPoints
		if p, ok := a.self[c.Code]; ok {
			self.Points = p
		}
	}
	b.SetNotApplicable(self.NotApplicable).SetSelfScore(self.Points)
	if n, ok := a.notes[c.Code]; ok {
		b.SetSelfNote(n)
	}
	points := self.Points
	if a.reached(assessment.StatusAPPRAISED) {
		if ch, ok := a.changes[c.Code]; ok {
			points = ch.points
			b.SetAppraisalReason(ch.reason)
		}
		b.SetAppraisedScore(points)
	}
	if a.reached(assessment.StatusAPPROVED) {
		if ch, ok := a.finals[c.Code]; ok {
			points = ch.points
			b.SetFinalReason(ch.reason)
		}
		b.SetFinalScore(points)
	}
	return b, nil
}

// check refuses a spec naming a criterion that is not a leaf of the
// framework, or points outside a leaf's range: a typo in the data.
func (a assessmentSpec) check(fw *storedFramework) error {
	leaves := map[string]scoring.Criterion{}
	for _, c := range fw.leaves {
		leaves[c.Code] = c
	}
	bad := func(code string, points float64, manual bool) error {
		c, ok := leaves[code]
		switch {
		case !ok:
			return fmt.Errorf("assessment of %s for %d: %s is not a leaf criterion", a.unit, a.year, code)
		case manual && c.Method != scoring.MethodManual:
			return fmt.Errorf("assessment of %s for %d: %s is computed, not scored by hand", a.unit, a.year, code)
		case points < 0 || points > c.MaxPoints:
			return fmt.Errorf("assessment of %s for %d: %v points on %s, worth %v", a.unit, a.year, points, code, c.MaxPoints)
		}
		return nil
	}
	var errs []error
	for code, p := range a.self {
		errs = append(errs, bad(code, p, true))
	}
	for _, m := range []map[string]scoreChange{a.changes, a.finals} {
		for code, ch := range m {
			errs = append(errs, bad(code, ch.points, false))
		}
	}
	for code := range a.notes {
		errs = append(errs, bad(code, 0, false))
	}
	for code := range a.evidence {
		errs = append(errs, bad(code, 0, false))
	}
	return errors.Join(errs...)
}
