package scoring

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Round2 rounds x to two decimals, half away from zero, as a person rounds
// the number printed: 1.005 becomes 1.01.
//
// Points are kept to two decimals because the provinces' scoring forms and
// published results carry two; rounding every leaf's points makes a total the
// exact sum of the points shown, so a unit can add them up by hand; and it
// keeps binary noise (0.1 + 0.2 ≠ 0.3) from splitting ties in the ranking.
// math.Round(x*100)/100 would round 1.005 down, because the double nearest
// 1.005 lies just below it; rounding its shortest decimal form does not.
func Round2(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	r.Mul(r, big.NewRat(100, 1))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Abs(m).Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	out, _ := new(big.Rat).SetFrac(q, big.NewInt(100)).Float64()
	return out
}

// The formulas are written for Vietnamese readers: decimal comma, thousands
// separated by dots.

// fixed2 writes x with two decimals: 2,00.
func fixed2(x float64) string { return comma(strconv.FormatFloat(Round2(x), 'f', 2, 64)) }

// short writes x with at most two decimals and no trailing zeros: 50, 62,5.
func short(x float64) string { return comma(strconv.FormatFloat(Round2(x), 'f', -1, 64)) }

// percent writes a share measured as a percentage with two decimals: 94,31%.
func percent(r float64) string { return fixed2(r*100) + "%" }

// shortPercent writes a share set by a framework (a threshold, a band): 50%.
func shortPercent(r float64) string { return short(r*100) + "%" }

func comma(s string) string { return strings.Replace(s, ".", ",", 1) }

// count writes a whole number with dots between thousands: 1.234.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
