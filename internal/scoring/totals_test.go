package scoring_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"cchc/internal/scoring"
)

func checkSubtotal(t *testing.T, what string, s scoring.Subtotal, points, max, applicable float64, total *float64) {
	t.Helper()
	if s.Points != points || s.MaxPoints != max || s.ApplicableMax != applicable || fmt.Sprint(deref(s.Total)) != fmt.Sprint(deref(total)) {
		t.Errorf("%s: %v/%v (applicable %v) → %v; want %v/%v (applicable %v) → %v",
			what, s.Points, s.MaxPoints, s.ApplicableMax, deref(s.Total), points, max, applicable, deref(total))
	}
}

// scores gives points (or not applicable, for a negative number) by code.
func scores(f scoring.Framework, points map[string]float64) map[int]scoring.Score {
	out := map[int]scoring.Score{}
	for code, p := range points {
		if p < 0 {
			out[id(f, code)] = scoring.Score{NotApplicable: true}
		} else {
			out[id(f, code)] = scoring.Score{Points: p}
		}
	}
	return out
}

const na = -1

// full is every leaf of demo at its maximum.
var full = map[string]float64{
	"1.1": 10, "1.2": 10, "2.1": 18, "2.2": 2, "2.3.1": 6, "2.3.2": 4, "3.1": 4, "3.2": 6, "4.1": 10, "5.1": 10, "5.2": 10, "5.3": 10,
}

func with(base map[string]float64, changes map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func without(base map[string]float64, codes ...string) map[string]float64 {
	out := with(base, nil)
	for _, c := range codes {
		delete(out, c)
	}
	return out
}

func TestTotals(t *testing.T) {
	f := demo()
	for _, c := range []struct {
		name            string
		points          map[string]float64
		raw, applicable float64
		total           *float64
		missing         []string
	}{
		{"full marks", full, 100, 100, ptr(100.0), nil},
		{"one point short", with(full, map[string]float64{"4.1": 9}), 99, 100, ptr(99.0), nil},
		// 20 points do not apply: 70 out of 80 is 87.5 out of 100.
		{"rescaled", with(full, map[string]float64{"5.1": na, "5.2": na, "5.3": 0}), 70, 80, ptr(87.5), nil},
		{"rescaled and rounded", with(full, map[string]float64{"2.2": na, "4.1": 7.5}), 95.5, 98, ptr(97.45), nil}, // 97.448…
		// 5.3 is missing: 80 out of the 90 that apply.
		{"a missing leaf counts 0 but stays in the maximum", without(with(full, map[string]float64{"5.2": na}), "5.3"), 80, 90, ptr(88.89), []string{"5.3"}},
		{"nothing applies", func() map[string]float64 {
			m := map[string]float64{}
			for k := range full {
				m[k] = na
			}
			return m
		}(), 0, 0, nil, nil},
		{"nothing scored", map[string]float64{}, 0, 100, ptr(0.0), []string{"1.1", "1.2", "2.1", "2.2", "2.3.1", "2.3.2", "3.1", "3.2", "4.1", "5.1", "5.2", "5.3"}},
		{"leaves' points rounded", with(full, map[string]float64{"1.1": 3.333, "1.2": 3.333, "2.3.1": 3.334}), 83.99, 100, ptr(83.99), nil},
	} {
		res, err := f.Totals(scores(f, c.points))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkSubtotal(t, c.name, res.Overall, c.raw, 100, c.applicable, c.total)
		if !reflect.DeepEqual(res.Missing, c.missing) {
			t.Errorf("%s: missing %v, want %v", c.name, res.Missing, c.missing)
		}
	}
}

// Parents sum their children, areas their leaves; a parent all of whose
// leaves do not apply does not apply.
func TestTotalsPerCriterionAndArea(t *testing.T) {
	f := demo()
	points := without(with(full, map[string]float64{"1.1": 8, "2.3.2": 2.5, "5.1": na, "5.2": na, "5.3": na, "4.1": na, "2.2": 1.49}), "3.2")
	res, err := f.Totals(scores(f, points))
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{}
	got := map[string]scoring.CriterionResult{}
	for _, r := range res.Criteria {
		codes = append(codes, r.Criterion.Code)
		got[r.Criterion.Code] = r
	}
	if want := []string{"1", "1.1", "1.2", "2", "2.1", "2.2", "2.3", "2.3.1", "2.3.2", "3", "3.1", "3.2", "4", "4.1", "5", "5.1", "5.2", "5.3"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("order %v", codes)
	}
	for _, c := range []struct {
		code                   string
		points, applicable     float64
		total                  *float64
		notApplicable, missing bool
	}{
		{"1", 18, 20, ptr(90.0), false, false},
		{"2", 27.99, 30, ptr(93.3), false, false}, // 18 + 1.49 + 6 + 2.5
		{"2.3", 8.5, 10, ptr(85.0), false, false},
		{"2.3.2", 2.5, 4, ptr(62.5), false, false},
		{"3", 4, 10, ptr(40.0), false, false},
		{"3.2", 0, 6, ptr(0.0), false, true},
		{"4", 0, 0, nil, true, false},
		{"4.1", 0, 0, nil, true, false},
		{"5", 0, 0, nil, true, false},
	} {
		r := got[c.code]
		checkSubtotal(t, c.code, r.Subtotal, c.points, r.Criterion.MaxPoints, c.applicable, c.total)
		if r.NotApplicable != c.notApplicable || r.Missing != c.missing {
			t.Errorf("%s: not applicable %v missing %v, want %v %v", c.code, r.NotApplicable, r.Missing, c.notApplicable, c.missing)
		}
	}
	areas := map[scoring.Area]scoring.Subtotal{}
	order := []scoring.Area{}
	for _, a := range res.Areas {
		areas[a.Area] = a.Subtotal
		order = append(order, a.Area)
	}
	if want := []scoring.Area{scoring.AreaDirection, scoring.AreaProcedures, scoring.AreaPublicFinance, scoring.AreaDigitalGovernment, scoring.AreaImpact}; !reflect.DeepEqual(order, want) {
		t.Errorf("areas %v", order)
	}
	checkSubtotal(t, "DIRECTION", areas[scoring.AreaDirection], 18, 20, 20, ptr(90.0))
	checkSubtotal(t, "PROCEDURES", areas[scoring.AreaProcedures], 27.99, 30, 30, ptr(93.3))
	checkSubtotal(t, "PUBLIC_FINANCE", areas[scoring.AreaPublicFinance], 4, 10, 10, ptr(40.0))
	checkSubtotal(t, "DIGITAL_GOVERNMENT", areas[scoring.AreaDigitalGovernment], 0, 10, 0, nil)
	checkSubtotal(t, "IMPACT", areas[scoring.AreaImpact], 0, 30, 0, nil)
	// 49.99 out of the 60 that apply: 83.316….
	checkSubtotal(t, "overall", res.Overall, 49.99, 100, 60, ptr(83.32))
	if !reflect.DeepEqual(res.Missing, []string{"3.2"}) {
		t.Errorf("missing %v", res.Missing)
	}
}

// Missing codes come number by number: 1.10 after 1.9.
func TestMissingInCodeOrder(t *testing.T) {
	rows := []row{{"1", 100, scoring.AreaProcedures, "", scoring.Rule{}}}
	for i := 10; i >= 1; i-- {
		rows = append(rows, row{fmt.Sprintf("1.%d", i), 10, scoring.AreaProcedures, "", scoring.Rule{}})
	}
	res, err := build(2023, rows...).Totals(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10"}
	if !reflect.DeepEqual(res.Missing, want) {
		t.Errorf("missing %v", res.Missing)
	}
	if res.Criteria[len(res.Criteria)-1].Criterion.Code != "1.10" {
		t.Errorf("last criterion %s", res.Criteria[len(res.Criteria)-1].Criterion.Code)
	}
}

func TestTotalsRefuses(t *testing.T) {
	f := demo()
	for _, c := range []struct {
		name             string
		scores           map[int]scoring.Score
		criterion, field string
	}{
		{"above the maximum", map[int]scoring.Score{id(f, "2.2"): {Points: 2.01}}, "2.2", "points"},
		{"below zero", map[int]scoring.Score{id(f, "1.1"): {Points: -0.5}}, "1.1", "points"},
		{"not a number", map[int]scoring.Score{id(f, "1.1"): {Points: math.NaN()}}, "1.1", "points"},
		{"points that do not apply", map[int]scoring.Score{id(f, "1.1"): {Points: 3, NotApplicable: true}}, "1.1", "points"},
		{"a parent", map[int]scoring.Score{id(f, "2.3"): {Points: 5}}, "2.3", "points"},
		{"an unknown criterion", map[int]scoring.Score{999: {Points: 1}}, "", "scores"},
	} {
		_, err := f.Totals(c.scores)
		var ps scoring.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Criterion != c.criterion || ps[0].Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	bad := demo()
	criterion(bad, "4.1").MaxPoints = 11
	var ps scoring.Problems
	if _, err := bad.Totals(nil); !errors.As(err, &ps) {
		t.Errorf("an invalid framework is totalled: %v", err)
	}
}
