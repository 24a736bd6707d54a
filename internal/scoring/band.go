package scoring

// Band is the grade (xếp loại) a total earns.
type Band string

// The bands, best first.
const (
	BandExcellent Band = "EXCELLENT" // Xuất sắc
	BandGood      Band = "GOOD"      // Tốt
	BandFair      Band = "FAIR"      // Khá
	BandAverage   Band = "AVERAGE"   // Trung bình
	BandWeak      Band = "WEAK"      // Yếu
)

// BandInfo describes a band: the lowest total that earns it and its names.
type BandInfo struct {
	Band        Band
	AtLeast     float64 // the lowest total (out of 100) in the band
	Name        string  // the Vietnamese name used in results: Xuất sắc
	Description string  // Vietnamese and English, with the range
}

// Bands lists the bands, best first.
var Bands = []BandInfo{
	{BandExcellent, 90, "Xuất sắc", "xuất sắc / excellent: từ 90 điểm / at least 90"},
	{BandGood, 80, "Tốt", "tốt / good: từ 80 đến dưới 90 điểm / at least 80, below 90"},
	{BandFair, 70, "Khá", "khá / fair: từ 70 đến dưới 80 điểm / at least 70, below 80"},
	{BandAverage, 50, "Trung bình", "trung bình / average: từ 50 đến dưới 70 điểm / at least 50, below 70"},
	{BandWeak, 0, "Yếu", "yếu / weak: dưới 50 điểm / below 50"},
}

// BandOf returns the band of a total out of 100, rounded to two decimals
// first, so that the band agrees with the total shown: 89.996 is shown as
// 90,00 and is excellent.
func BandOf(total float64) Band {
	t := Round2(total)
	for _, b := range Bands {
		if t >= b.AtLeast {
			return b.Band
		}
	}
	return BandWeak
}

// Info returns the description of b.
func (b Band) Info() (BandInfo, bool) {
	for _, info := range Bands {
		if info.Band == b {
			return info, true
		}
	}
	return BandInfo{}, false
}

func bandCodes() []Band {
	out := make([]Band, len(Bands))
	for i, b := range Bands {
		out[i] = b.Band
	}
	return out
}
