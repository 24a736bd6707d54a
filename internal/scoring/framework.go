package scoring

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cchc/internal/enum"
	"cchc/internal/period"
)

// Criterion is a criterion (tiêu chí) or sub-criterion (tiêu chí thành phần)
// of a framework. Only leaves are scored; a parent's points are the sum of its
// children's.
type Criterion struct {
	ID        int
	ParentID  *int   // nil at the top level
	Code      string // dotted numbers extending the parent's code: 2, 2.3, 2.3.1
	Title     string
	MaxPoints float64 // điểm tối đa; a parent's equals the sum of its children's
	Area      Area    // the same as the parent's
	Method    Method
	Indicator Indicator // INDICATOR only
	Rule      Rule      // INDICATOR only
}

// Framework is a year's set of criteria (bộ tiêu chí), worth 100 points.
type Framework struct {
	Year     int
	Criteria []Criterion
}

// FullMarks is what the leaves of a framework are worth together.
const FullMarks = 100

// Tolerance is how far sums of maxima may stray from what they must equal,
// as maxima like 1/3 cannot be written exactly.
const Tolerance = 0.001

// Problem is one fault of a framework or of the scores given to it.
type Problem struct {
	Criterion string // code of the criterion at fault; empty for the framework as a whole
	Field     string // the input field at fault: "code", "maxPoints", "rule.bands[1].points"
	Message   string
}

func (p Problem) Error() string {
	if p.Criterion == "" {
		return p.Field + ": " + p.Message
	}
	return "criterion " + p.Criterion + ": " + p.Field + ": " + p.Message
}

// Problems is every fault found, criteria in code order; it is the error
// Validate and Totals return.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "; ")
}

func (ps Problems) orNil() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

var codePattern = regexp.MustCompile(`^[1-9][0-9]*(\.[1-9][0-9]*)*$`)

// Validate reports every fault of f as Problems, or returns nil: a year the
// product keeps records for; codes unique and well formed, each under its
// parent's code; positive maxima, a parent's equal to the sum of its
// children's and the leaves' to 100; an area shared with the parent;
// INDICATOR criteria are leaves with a known indicator and a valid rule,
// MANUAL ones have neither.
func (f Framework) Validate() error {
	var ps Problems
	add := func(c *Criterion, field, format string, args ...any) {
		code := ""
		if c != nil {
			code = c.Code
		}
		ps = append(ps, Problem{Criterion: code, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if _, err := f.yearPeriod().Validate(); err != nil {
		add(nil, "year", "%v", err)
	}
	if len(f.Criteria) == 0 {
		add(nil, "criteria", "a framework needs at least one criterion")
		return ps
	}
	t := newTree(f.Criteria)
	leaves := 0.0
	for _, c := range t.ordered {
		if t.byID[c.ID] != c {
			add(c, "id", "%d is the id of another criterion too", c.ID)
		}
		if t.byCode[c.Code] != c {
			add(c, "code", "%q is the code of another criterion too", c.Code)
		}
		parent := t.parent(c)
		switch {
		case !codePattern.MatchString(c.Code):
			add(c, "code", "%q is not dotted numbers like 2.3.1", c.Code)
		case c.ParentID == nil && strings.Contains(c.Code, "."):
			add(c, "code", "%q is at the top level, so it is a single number", c.Code)
		case c.ParentID != nil && parent == nil:
			add(c, "parentId", "no criterion has id %d", *c.ParentID)
		case parent == c:
			add(c, "parentId", "%d is the criterion's own id", c.ID)
		case parent != nil && !isChildCode(parent.Code, c.Code):
			add(c, "code", "%q is under %s, so it is %s.N", c.Code, parent.Code, parent.Code)
		}
		if !slices.Contains(Areas, c.Area) {
			add(c, "area", "%q is not a scoring area", c.Area)
		} else if parent != nil && c.Area != parent.Area {
			add(c, "area", "%s is under %s, whose area is %s", c.Area, parent.Code, parent.Area)
		}
		if !(c.MaxPoints > 0 && !math.IsInf(c.MaxPoints, 1)) {
			add(c, "maxPoints", "must be greater than 0, not %v", c.MaxPoints)
		}
		children := t.children[c.ID]
		if len(children) > 0 {
			sum, codes := 0.0, make([]string, len(children))
			for i, ch := range children {
				sum, codes[i] = sum+ch.MaxPoints, ch.Code
			}
			if math.Abs(sum-c.MaxPoints) > Tolerance {
				add(c, "maxPoints", "is %v but its sub-criteria %s sum to %v", c.MaxPoints, strings.Join(codes, ", "), Round2(sum))
			}
		} else {
			leaves += c.MaxPoints
		}
		switch c.Method {
		case MethodManual:
			if c.Indicator != "" {
				add(c, "indicator", "a MANUAL criterion takes no indicator")
			}
			if !c.Rule.IsZero() {
				add(c, "rule", "a MANUAL criterion takes no rule")
			}
		case MethodIndicator:
			if len(children) > 0 {
				add(c, "method", "a criterion with sub-criteria is MANUAL: only a leaf is computed from an indicator")
			}
			if _, ok := c.Indicator.Info(); !ok {
				add(c, "indicator", "%q is not an indicator", c.Indicator)
			}
			for _, p := range c.Rule.problems(c.MaxPoints) {
				add(c, p.Field, "%s", p.Message)
			}
		default:
			add(c, "method", "%q is not a method (MANUAL or INDICATOR)", c.Method)
		}
	}
	if math.Abs(leaves-FullMarks) > Tolerance {
		add(nil, "maxPoints", "the criteria without sub-criteria are worth %v together, not %d", Round2(leaves), FullMarks)
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return compareCodes(a.Criterion, b.Criterion) })
	return ps.orNil()
}

// yearPeriod is the period whose figures score f.
func (f Framework) yearPeriod() period.Period {
	return period.Period{Year: f.Year, Kind: enum.PeriodYear, Index: 1}
}

// tree indexes a framework's criteria.
type tree struct {
	ordered  []*Criterion // in code order: parents before children
	byID     map[int]*Criterion
	byCode   map[string]*Criterion
	children map[int][]*Criterion // in code order
}

// newTree indexes criteria; of duplicate ids or codes, the first is indexed.
func newTree(criteria []Criterion) *tree {
	t := &tree{byID: map[int]*Criterion{}, byCode: map[string]*Criterion{}, children: map[int][]*Criterion{}}
	for i := range criteria {
		c := &criteria[i]
		t.ordered = append(t.ordered, c)
		if t.byID[c.ID] == nil {
			t.byID[c.ID] = c
		}
		if t.byCode[c.Code] == nil {
			t.byCode[c.Code] = c
		}
	}
	slices.SortStableFunc(t.ordered, func(a, b *Criterion) int { return compareCodes(a.Code, b.Code) })
	for _, c := range t.ordered {
		if p := t.parent(c); p != nil && p != c {
			t.children[p.ID] = append(t.children[p.ID], c)
		}
	}
	return t
}

func (t *tree) parent(c *Criterion) *Criterion {
	if c.ParentID == nil {
		return nil
	}
	return t.byID[*c.ParentID]
}

// isChildCode tells whether child is parent's code and one more number.
func isChildCode(parent, child string) bool {
	rest, ok := strings.CutPrefix(child, parent+".")
	return ok && !strings.Contains(rest, ".")
}

// CompareCodes orders criterion codes number by number (2.9 before 2.10),
// parents before their children.
func CompareCodes(a, b string) int { return compareCodes(a, b) }

// compareCodes orders codes number by number, so that 2.10 follows 2.9;
// the empty code (the framework itself) comes first.
func compareCodes(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		if errX != nil || errY != nil {
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}
