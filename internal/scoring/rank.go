package scoring

import (
	"cmp"
	"math"
	"slices"
)

// Standing is a unit's place among the units of its level in the province.
type Standing struct {
	UnitCode string
	Total    *float64 // the reform index out of 100, rounded to two decimals; nil when none
	Rank     *int     // nil for a unit without a total
}

// Rank ranks units by their totals (Result.Overall.Total), keyed by unit
// code; the caller passes the units of one level. Totals are compared rounded
// to two decimals, as shown. Equal totals share a rank and the next rank is
// skipped (standard competition ranking: 1, 2, 2, 4); units of equal total
// are listed by unit code. Units without a total come last, unranked, by
// unit code.
func Rank(totals map[string]*float64) []Standing {
	out := make([]Standing, 0, len(totals))
	for code, t := range totals {
		s := Standing{UnitCode: code}
		if t != nil && !math.IsNaN(*t) {
			r := Round2(*t)
			s.Total = &r
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Standing) int {
		switch {
		case a.Total == nil && b.Total != nil:
			return 1
		case a.Total != nil && b.Total == nil:
			return -1
		case a.Total != nil:
			if c := cmp.Compare(*b.Total, *a.Total); c != 0 {
				return c
			}
		}
		return compareUnitCodes(a.UnitCode, b.UnitCode)
	})
	for i := range out {
		if out[i].Total == nil {
			break
		}
		rank := i + 1
		if i > 0 && *out[i-1].Total == *out[i].Total {
			rank = *out[i-1].Rank
		}
		out[i].Rank = &rank
	}
	return out
}

// compareUnitCodes orders official codes as numbers (shorter first), so
// that 297 comes before 1101 should codes of different lengths meet.
func compareUnitCodes(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// Change is a unit's change from the previous year.
type Change struct {
	Total *float64 // current total − previous total; nil unless both exist
	// Rank is the places moved up, previous rank − current rank: 3 means from
	// 5th to 2nd, −1 one place down; nil unless both ranks exist.
	Rank *int
}

// ChangeFrom compares a unit's standing with its standing of the previous year.
func ChangeFrom(previous, current Standing) Change {
	var c Change
	if previous.Total != nil && current.Total != nil {
		d := Round2(*current.Total - *previous.Total)
		c.Total = &d
	}
	if previous.Rank != nil && current.Rank != nil {
		d := *previous.Rank - *current.Rank
		c.Rank = &d
	}
	return c
}
