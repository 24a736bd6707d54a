package scoring

import (
	"math"
	"strings"
	"testing"
)

// FuzzRule: no rule, however wrong, panics its validation; a rule that
// validates gives every value a number of points from 0 to the criterion's
// maximum, never fewer for a higher value, with a formula that ends in them.
// Bands come two bytes each: the value they start at (byte/200, so up to
// 1.275) and their points (byte/200 of the maximum).
func FuzzRule(f *testing.F) {
	f.Add("THRESHOLD", 0.5, []byte{}, 20.0, 0.9461)
	// A maximum with more decimals than the points: 0.07 just under the
	// threshold once passed the 0.0694… given at it.
	f.Add("THRESHOLD", 1.0, []byte{}, 0.06944444444444445, 0.9461)
	f.Add("THRESHOLD", 1.0, []byte{}, 2.0, 0.25)
	f.Add("THRESHOLD", 0.0, []byte{}, 2.0, 0.25)
	f.Add("BANDS", 0.0, []byte{0, 0, 100, 100, 180, 200}, 3.0, 0.7)
	f.Add("BANDS", 0.0, []byte{100, 200, 50, 100}, 3.0, 0.7)
	f.Add("BANDS", 0.5, []byte{}, 3.0, 0.7)
	f.Add("MANUAL", 0.0, []byte{1, 2}, 1.0, 1.0)
	f.Add("THRESHOLD", math.NaN(), []byte{}, 5.0, 0.5)
	f.Add("THRESHOLD", 0.5, []byte{}, math.Inf(1), 0.5)
	f.Fuzz(func(t *testing.T, kind string, threshold float64, bands []byte, max, value float64) {
		r := Rule{Kind: RuleKind(kind), Threshold: threshold}
		for i := 0; i+1 < len(bands); i += 2 {
			r.Bands = append(r.Bands, RuleBand{AtLeast: float64(bands[i]) / 200, Points: float64(bands[i+1]) / 200 * max})
		}
		err := r.Validate(max)
		if err != nil {
			for _, p := range err.(Problems) {
				if !strings.HasPrefix(p.Field, "rule.") || p.Message == "" {
					t.Fatalf("a problem without its field or message: %+v", p)
				}
			}
		}
		// A criterion's maximum is positive and finite (Framework.Validate);
		// an indicator's value is a share or 1/0, never negative or NaN.
		if err != nil || !(max > 0) || math.IsInf(max, 1) || !(value >= 0) || math.IsInf(value, 1) {
			return
		}
		p, step := r.apply(value, max, true)
		if !(p >= 0 && p <= math.Max(max, Round2(max))+Tolerance) {
			t.Fatalf("%+v gives %v points of %v for %v", r, p, max, value)
		}
		if !strings.HasSuffix(step, fixed2(p)+"/"+fixed2(max)+" điểm") {
			t.Fatalf("the formula %q does not end in the points %v/%v", step, p, max)
		}
		if more := r.Points(value+0.1, max); more < p {
			t.Fatalf("%+v gives %v for %v but %v for %v", r, p, value, more, value+0.1)
		}
	})
}
