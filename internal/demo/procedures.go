package demo

import (
	"math/rand/v2"

	"cchc/ent/procedure"
)

// proc is a procedure of the commune-level catalogue, with how often communes
// receive it: weight for dossiers submitted online, directWeight for those
// brought to the one-stop shop or sent by post.
type proc struct {
	code, name, field string
	days              int
	online            procedure.OnlineService
	weight            int
	directWeight      int
}

// Procedure codes follow the national procedure database (Cơ sở dữ liệu quốc
// gia về TTHC); processing days are working days as the one-stop software sets them.
var procedures = []proc{
	// Hộ tịch
	{"1.001193", "Đăng ký khai sinh", "Hộ tịch", 1, procedure.OnlineServiceFULL, 70, 4},
	{"1.000894", "Đăng ký kết hôn", "Hộ tịch", 3, procedure.OnlineServicePARTIAL, 18, 3},
	{"1.000656", "Đăng ký khai tử", "Hộ tịch", 1, procedure.OnlineServiceFULL, 22, 2},
	{"1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3, procedure.OnlineServiceFULL, 45, 3},
	{"1.003583", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", 1, procedure.OnlineServiceFULL, 40, 3},
	{"1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", 3, procedure.OnlineServicePARTIAL, 10, 2},
	{"1.004884", "Đăng ký lại khai sinh", "Hộ tịch", 5, procedure.OnlineServicePARTIAL, 4, 1},
	{"1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", 3, procedure.OnlineServicePARTIAL, 2, 1},
	{"1.004837", "Đăng ký giám hộ", "Hộ tịch", 3, procedure.OnlineServicePARTIAL, 1, 1},
	// Chứng thực
	{"2.000908", "Cấp bản sao từ sổ gốc; chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 1, procedure.OnlineServiceFULL, 75, 12},
	{"2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", 1, procedure.OnlineServicePARTIAL, 18, 6},
	{"2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", "Chứng thực", 2, procedure.OnlineServicePARTIAL, 10, 8},
	{"2.001019", "Chứng thực di chúc", "Chứng thực", 2, procedure.OnlineServiceNONE, 0, 1},
	{"2.000815", "Chứng thực văn bản thỏa thuận phân chia di sản", "Chứng thực", 2, procedure.OnlineServicePARTIAL, 3, 2},
	// Đất đai, xây dựng
	{"1.003554", "Hòa giải tranh chấp đất đai", "Đất đai", 45, procedure.OnlineServiceNONE, 0, 2},
	{"1.000798", "Xác nhận hồ sơ đề nghị chuyển mục đích sử dụng đất của hộ gia đình, cá nhân", "Đất đai", 10, procedure.OnlineServiceNONE, 0, 2},
	{"1.009994", "Cấp giấy phép xây dựng có thời hạn đối với nhà ở riêng lẻ ở nông thôn", "Xây dựng", 15, procedure.OnlineServiceNONE, 0, 2},
	// Người có công, bảo trợ xã hội, thi đua
	{"1.010812", "Giải quyết chế độ mai táng phí đối với người có công với cách mạng", "Người có công", 5, procedure.OnlineServicePARTIAL, 2, 1},
	{"1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", "Bảo trợ xã hội", 15, procedure.OnlineServicePARTIAL, 4, 2},
	{"1.001758", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 5, procedure.OnlineServicePARTIAL, 2, 1},
	{"1.004441", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", "Bảo trợ xã hội", 5, procedure.OnlineServiceFULL, 3, 1},
	{"2.000346", "Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích đột xuất", "Thi đua - Khen thưởng", 10, procedure.OnlineServiceNONE, 0, 1},
}

// procIndex finds a procedure of the catalogue by code.
func procIndex(code string) int {
	for i, p := range procedures {
		if p.code == code {
			return i
		}
	}
	panic("demo: no procedure " + code)
}

// weighted picks an index with probability proportional to its weight.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// procedureWeights gives the pick weights for dossiers of a channel; online
// dossiers only go to procedures offered online.
func procedureWeights(online bool) []int {
	w := make([]int, len(procedures))
	for i, p := range procedures {
		switch {
		case online && p.online != procedure.OnlineServiceNONE:
			w[i] = p.weight
		case !online:
			w[i] = p.directWeight
		}
	}
	return w
}

var (
	onlineWeights = procedureWeights(true)
	directWeights = procedureWeights(false)
)
