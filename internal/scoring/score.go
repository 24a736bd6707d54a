package scoring

import (
	"fmt"
	"slices"
)

// Score is the score of one leaf criterion, given by hand (MANUAL) or
// computed (INDICATOR).
type Score struct {
	Points float64
	// NotApplicable (không áp dụng) takes the criterion out of the maximum:
	// the total is rescaled to 100 over the criteria that apply.
	NotApplicable bool
	Value         *float64 // INDICATOR: the indicator's value
	Formula       string   // INDICATOR: how the points were computed, in Vietnamese
}

// notApplicable ends the formula of a criterion that does not apply.
const notApplicable = " → không áp dụng, không tính vào điểm tối đa"

// ScoreIndicator scores an INDICATOR criterion from the figures in, which
// are those of the framework's year. The formula shows every number, e.g.
// "tỷ lệ trực tuyến 381/404 = 94,31% ≥ 50% → 2,00/2,00 điểm". Without a value
// (no dossier received, say) the criterion does not apply, and the formula
// says why.
func ScoreIndicator(c Criterion, in Figures) (Score, error) {
	info, ok := c.Indicator.Info()
	if c.Method != MethodIndicator || !ok {
		return Score{}, fmt.Errorf("scoring: criterion %s is not computed from a known indicator", c.Code)
	}
	if ps := c.Rule.problems(c.MaxPoints); len(ps) > 0 {
		for i := range ps {
			ps[i].Criterion = c.Code
		}
		return Score{}, Problems(ps)
	}
	m := info.measure(&in)
	if m.Value == nil {
		return Score{NotApplicable: true, Formula: m.Formula + notApplicable}, nil
	}
	points, step := c.Rule.apply(*m.Value, c.MaxPoints, info.Percent)
	return Score{Points: points, Value: m.Value, Formula: m.Formula + " " + step}, nil
}

// ScoreIndicators scores every INDICATOR criterion of f from the figures in,
// which must be those of f's year (the YEAR period), keyed by criterion ID.
func (f Framework) ScoreIndicators(in Figures) (map[int]Score, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if want := f.yearPeriod(); in.Period != want {
		return nil, fmt.Errorf("scoring: the framework of %d is scored from the figures of %s, not of %s", f.Year, want.Title(), in.Period.Title())
	}
	out := map[int]Score{}
	for _, c := range f.Criteria {
		if c.Method == MethodIndicator {
			s, err := ScoreIndicator(c, in)
			if err != nil {
				return nil, err
			}
			out[c.ID] = s
		}
	}
	return out, nil
}

// Subtotal is what a criterion, an area or the whole framework comes to.
// Points and maxima are rounded to two decimals (see Round2).
type Subtotal struct {
	Points        float64  // điểm đạt được: the sum of the leaves' points
	MaxPoints     float64  // điểm tối đa of the framework
	ApplicableMax float64  // the maximum of the leaves that apply
	Total         *float64 // Points × 100 / ApplicableMax, rounded; nil when nothing applies
}

// add counts a leaf worth max with score sc (the zero Score when missing).
func (s *Subtotal) add(max float64, sc Score) {
	s.MaxPoints += max
	if !sc.NotApplicable {
		s.ApplicableMax += max
		s.Points += sc.Points
	}
}

func (s *Subtotal) finish() {
	s.Points, s.MaxPoints, s.ApplicableMax = Round2(s.Points), Round2(s.MaxPoints), Round2(s.ApplicableMax)
	s.Total = nil
	if s.ApplicableMax > 0 {
		t := Round2(s.Points * FullMarks / s.ApplicableMax)
		s.Total = &t
	}
}

// CriterionResult is what one criterion comes to. For a leaf, Total is the
// share of its maximum earned, out of 100.
type CriterionResult struct {
	Criterion Criterion
	Subtotal
	NotApplicable bool     // the leaf, or every leaf under the parent, does not apply
	Missing       bool     // a leaf not scored yet
	Value         *float64 // a leaf's Score.Value
	Formula       string   // a leaf's Score.Formula
}

// AreaResult is what the criteria of one area come to; Total is the share
// of the area's applicable maximum earned, out of 100.
type AreaResult struct {
	Area Area
	Subtotal
}

// Result is what a unit's scores come to.
type Result struct {
	Criteria []CriterionResult // every criterion in code order, parents before children
	Areas    []AreaResult      // the areas that have criteria, in the order of Areas
	Overall  Subtotal          // Overall.Total is the reform index out of 100
	// Missing lists the codes of the leaves not scored yet, in code order.
	// They count 0 points out of their maximum, and the workflow refuses to
	// submit an assessment while any is missing.
	Missing []string
}

// Totals adds up the scores of f's leaves, keyed by criterion ID: per
// criterion (a parent is the sum of its children), per area and overall.
// A leaf that does not apply leaves the maximum; a leaf without a score
// counts 0 and is listed as missing. Leaves' points are rounded to two
// decimals. It refuses an invalid framework, a score for a parent or an
// unknown criterion, and points outside 0 to the maximum.
func (f Framework) Totals(scores map[int]Score) (Result, error) {
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	t := newTree(f.Criteria)
	if err := t.checkScores(scores); err != nil {
		return Result{}, err
	}
	var res Result
	results := map[int]*CriterionResult{}
	areas := map[Area]*Subtotal{}
	// Backwards through code order, children come before their parent.
	for i := len(t.ordered) - 1; i >= 0; i-- {
		c := t.ordered[i]
		r := &CriterionResult{Criterion: *c}
		results[c.ID] = r
		if kids := t.children[c.ID]; len(kids) > 0 {
			r.MaxPoints, r.NotApplicable = c.MaxPoints, true
			for _, k := range kids {
				kr := results[k.ID]
				r.ApplicableMax += kr.ApplicableMax
				r.Points += kr.Points
				r.NotApplicable = r.NotApplicable && kr.NotApplicable
			}
			r.finish()
			continue
		}
		s, scored := scores[c.ID]
		s.Points = Round2(s.Points)
		r.add(c.MaxPoints, s)
		r.finish()
		r.NotApplicable, r.Missing, r.Value, r.Formula = scored && s.NotApplicable, !scored, s.Value, s.Formula
		if !scored {
			res.Missing = append(res.Missing, c.Code)
		}
		if areas[c.Area] == nil {
			areas[c.Area] = &Subtotal{}
		}
		areas[c.Area].add(c.MaxPoints, s)
		res.Overall.add(c.MaxPoints, s)
	}
	for _, c := range t.ordered {
		res.Criteria = append(res.Criteria, *results[c.ID])
	}
	for _, a := range Areas {
		if s := areas[a]; s != nil {
			s.finish()
			res.Areas = append(res.Areas, AreaResult{Area: a, Subtotal: *s})
		}
	}
	res.Overall.finish()
	slices.SortFunc(res.Missing, compareCodes)
	return res, nil
}

// checkScores refuses scores for unknown criteria or parents, and points
// outside 0 to the maximum.
func (t *tree) checkScores(scores map[int]Score) error {
	var ps Problems
	ids := make([]int, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s, c := scores[id], t.byID[id]
		bad := func(field, format string, args ...any) {
			ps = append(ps, Problem{Criterion: c.Code, Field: field, Message: fmt.Sprintf(format, args...)})
		}
		switch {
		case c == nil:
			ps = append(ps, Problem{Field: "scores", Message: fmt.Sprintf("no criterion has id %d", id)})
		case len(t.children[id]) > 0:
			bad("points", "has sub-criteria, which are scored instead")
		case s.NotApplicable && s.Points != 0:
			bad("points", "a criterion that does not apply has no points, not %v", s.Points)
		case !(s.Points >= 0 && s.Points <= c.MaxPoints):
			bad("points", "must be from 0 to the maximum %v, not %v", c.MaxPoints, s.Points)
		}
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return compareCodes(a.Criterion, b.Criterion) })
	return ps.orNil()
}
