package demo

import (
	"math/rand/v2"
	"time"

	"cchc/ent/budgetline"
)

// lineSpec is a budget line: estimate and actual in whole đồng.
type lineSpec struct {
	direction budgetline.Direction
	code      string
	name      string
	estimate  int64
	actual    *int64
}

// budgetSpec is a commune's budget for 2023.
type budgetSpec struct {
	unit      string
	approved  time.Time
	published *time.Time
	lines     []lineSpec
}

const million = 1_000_000

// budgetTemplate is Tái Sơn's 2023 budget (in millions of đồng): the actual
// is the year's settlement as a share of the estimate.
var budgetTemplate = []struct {
	direction budgetline.Direction
	code      string
	name      string
	estimate  int64
	actual    float64
}{
	{budgetline.DirectionREVENUE, "1.1", "Thuế sử dụng đất phi nông nghiệp", 125, 1.06},
	{budgetline.DirectionREVENUE, "1.2", "Lệ phí môn bài thu từ hộ kinh doanh", 38, 1.02},
	{budgetline.DirectionREVENUE, "1.3", "Phí, lệ phí (chứng thực, hộ tịch và các khoản khác)", 24, 1.11},
	{budgetline.DirectionREVENUE, "1.4", "Thu từ quỹ đất công ích và hoa lợi công sản", 460, 0.97},
	{budgetline.DirectionREVENUE, "1.5", "Thu tiền sử dụng đất (phần ngân sách xã được hưởng)", 1800, 0.64},
	{budgetline.DirectionREVENUE, "1.6", "Thu khác ngân sách xã", 65, 1.24},
	{budgetline.DirectionREVENUE, "2.1", "Thu bổ sung cân đối từ ngân sách cấp trên", 3960, 1.00},
	{budgetline.DirectionREVENUE, "2.2", "Thu bổ sung có mục tiêu từ ngân sách cấp trên", 610, 0.92},
	{budgetline.DirectionEXPENDITURE, "1", "Chi đầu tư phát triển (giao thông, trường học, nhà văn hóa thôn)", 1950, 0.71},
	{budgetline.DirectionEXPENDITURE, "2.1", "Chi quản lý nhà nước, Đảng, đoàn thể", 3120, 0.98},
	{budgetline.DirectionEXPENDITURE, "2.2", "Chi sự nghiệp giáo dục", 120, 0.95},
	{budgetline.DirectionEXPENDITURE, "2.3", "Chi sự nghiệp văn hóa, thông tin", 95, 0.93},
	{budgetline.DirectionEXPENDITURE, "2.4", "Chi sự nghiệp phát thanh", 42, 1.00},
	{budgetline.DirectionEXPENDITURE, "2.5", "Chi sự nghiệp thể dục thể thao", 30, 0.87},
	{budgetline.DirectionEXPENDITURE, "2.6", "Chi đảm bảo xã hội", 430, 1.04},
	{budgetline.DirectionEXPENDITURE, "2.7", "Chi quốc phòng", 185, 0.99},
	{budgetline.DirectionEXPENDITURE, "2.8", "Chi an ninh, trật tự an toàn xã hội", 112, 0.96},
	{budgetline.DirectionEXPENDITURE, "2.9", "Chi sự nghiệp kinh tế (giao thông, nông nghiệp, thủy lợi, môi trường)", 858, 0.90},
	{budgetline.DirectionEXPENDITURE, "3", "Dự phòng ngân sách", 140, 0.55},
}

// budgets are the communes' 2023 budgets: Tái Sơn's as in the template, the
// others scaled from it; Tứ Xuyên published its budget late.
func budgets(r *rand.Rand) []budgetSpec {
	communes := []struct {
		code      string
		scale     float64
		approved  time.Time
		published *time.Time
	}{
		{"11098", 1, day(2022, 12, 21), ptr(day(2023, 1, 6))},
		{"11101", 1.3, day(2022, 12, 20), ptr(day(2023, 1, 18))},
		{"11095", 0.85, day(2022, 12, 28), ptr(day(2023, 2, 24))},
		{"11023", 1.15, day(2022, 12, 22), ptr(day(2023, 1, 10))},
	}
	var out []budgetSpec
	for _, c := range communes {
		b := budgetSpec{unit: c.code, approved: c.approved, published: c.published}
		for _, t := range budgetTemplate {
			est, share := t.estimate*million, t.actual
			if c.scale != 1 {
				est = int64(float64(est)*c.scale*(0.9+0.2*r.Float64())) / million * million
				share *= 0.92 + 0.16*r.Float64()
			}
			actual := int64(float64(est)*share) / 1000 * 1000
			b.lines = append(b.lines, lineSpec{direction: t.direction, code: t.code, name: t.name, estimate: est, actual: &actual})
		}
		out = append(out, b)
	}
	return out
}
