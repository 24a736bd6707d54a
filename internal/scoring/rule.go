package scoring

import (
	"fmt"
	"math"
)

// Rule turns the value of an indicator into the points of an INDICATOR
// criterion. Values are shares (0.5 is 50%; a share of feedback resolved can
// pass 1), or 1 and 0 for yes and no; thresholds and bands are on the same
// scale, from 0 to 1.
type Rule struct {
	Kind      RuleKind
	Threshold float64    // THRESHOLD: the value that earns full points, e.g. 0.5 for 50%
	Bands     []RuleBand // BANDS: in ascending order of AtLeast
}

// RuleBand awards Points to a value of at least AtLeast (mức).
type RuleBand struct {
	AtLeast float64
	Points  float64
}

// IsZero tells whether no rule is set, as for a MANUAL criterion.
func (r Rule) IsZero() bool { return r.Kind == "" && r.Threshold == 0 && len(r.Bands) == 0 }

// Points returns the points that value earns out of max under r, rounded to
// two decimals: under THRESHOLD, max at or above the threshold and
// max × value / threshold below it; under BANDS, the points of the highest
// band whose AtLeast value reaches, or 0 below the lowest band.
func (r Rule) Points(value, max float64) float64 {
	p, _ := r.apply(value, max, true)
	return p
}

// apply returns the points and the step of the formula that follows the
// value, such as "≥ 50% → 2,00/2,00 điểm". pct writes values as percentages.
func (r Rule) apply(value, max float64, pct bool) (float64, string) {
	val, limit := short, short
	if pct {
		val, limit = percent, shortPercent
	}
	outOf := func(p float64) string { return fixed2(p) + "/" + fixed2(max) + " điểm" }
	switch r.Kind {
	case RuleThreshold:
		if value >= r.Threshold {
			return max, "≥ " + limit(r.Threshold) + " → " + outOf(max)
		}
		// Rounding may carry a value just under the threshold past a maximum
		// with more than two decimals; it never earns more than the full points.
		p := math.Min(Round2(max*value/r.Threshold), max)
		return p, fmt.Sprintf("< %s → %s × %s / %s = %s", limit(r.Threshold), fixed2(max), val(value), limit(r.Threshold), outOf(p))
	case RuleBands:
		for i := len(r.Bands) - 1; i >= 0; i-- {
			if b := r.Bands[i]; value >= b.AtLeast {
				return b.Points, "≥ " + limit(b.AtLeast) + " → " + outOf(b.Points)
			}
		}
		if len(r.Bands) > 0 {
			return 0, "< " + limit(r.Bands[0].AtLeast) + " (dưới mức thấp nhất) → " + outOf(0)
		}
	}
	return 0, "không có quy tắc tính điểm → " + outOf(0)
}

// Validate returns the Problems of r as the rule of a criterion worth max, or nil.
func (r Rule) Validate(max float64) error { return Problems(r.problems(max)).orNil() }

// problems lists what is wrong with r as the rule of a criterion worth max.
func (r Rule) problems(max float64) []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{Field: "rule" + field, Message: fmt.Sprintf(format, args...)})
	}
	switch r.Kind {
	case RuleThreshold:
		if !(r.Threshold > 0 && r.Threshold <= 1) {
			add(".threshold", "must be more than 0 and at most 1 (100%%), not %v", r.Threshold)
		}
		if len(r.Bands) > 0 {
			add(".bands", "a THRESHOLD rule takes no bands")
		}
	case RuleBands:
		if r.Threshold != 0 {
			add(".threshold", "a BANDS rule takes no threshold")
		}
		if len(r.Bands) == 0 {
			add(".bands", "a BANDS rule needs at least one band")
		}
		for i, b := range r.Bands {
			at := fmt.Sprintf(".bands[%d]", i)
			switch {
			case !(b.AtLeast >= 0 && b.AtLeast <= 1):
				add(at+".atLeast", "must be from 0 to 1 (100%%), not %v", b.AtLeast)
			case i > 0 && b.AtLeast <= r.Bands[i-1].AtLeast:
				add(at+".atLeast", "bands go in ascending order: %v does not exceed the previous band's %v", b.AtLeast, r.Bands[i-1].AtLeast)
			}
			switch {
			case !(b.Points >= 0 && b.Points <= max):
				add(at+".points", "must be from 0 to the criterion's maximum %v, not %v", max, b.Points)
			case i > 0 && b.Points < r.Bands[i-1].Points:
				add(at+".points", "a higher band cannot award fewer points: %v is less than the previous band's %v", b.Points, r.Bands[i-1].Points)
			case i == len(r.Bands)-1 && math.Abs(b.Points-max) > Tolerance:
				// Otherwise no unit could earn the criterion's maximum.
				add(at+".points", "the highest band must award the criterion's maximum %v, not %v", max, b.Points)
			}
		}
	default:
		add(".kind", "%q is not a rule kind (THRESHOLD or BANDS)", r.Kind)
	}
	return out
}
