package scoring_test

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"cchc/internal/scoring"
)

func TestValidate(t *testing.T) {
	band := func(atLeast, points float64) scoring.RuleBand {
		return scoring.RuleBand{AtLeast: atLeast, Points: points}
	}
	for _, c := range []struct {
		name   string
		change func(f *scoring.Framework)
		want   []string // criterion code ":" field of every problem, in order
	}{
		{"valid", func(*scoring.Framework) {}, nil},
		{"sums within the tolerance", func(f *scoring.Framework) {
			criterion(*f, "1.1").MaxPoints = 10.0005
			criterion(*f, "1").MaxPoints = 20.0005
		}, nil},
		{"a year out of range", func(f *scoring.Framework) { f.Year = 23 }, []string{":year"}},
		{"its own parent", func(f *scoring.Framework) { criterion(*f, "2.2").ParentID = ptr(id(*f, "2.2")) }, []string{"2:maxPoints", "2.2:parentId"}},
		{"no criteria", func(f *scoring.Framework) { f.Criteria = nil }, []string{":criteria"}},
		{"duplicate code", func(f *scoring.Framework) { criterion(*f, "1.2").Code = "1.1" }, []string{"1.1:code"}},
		{"duplicate id", func(f *scoring.Framework) { criterion(*f, "1.2").ID = id(*f, "1.1") }, []string{"1.2:id"}},
		{"letters in a code", func(f *scoring.Framework) { criterion(*f, "2.2").Code = "2.b" }, []string{"2.b:code"}},
		{"a leading zero", func(f *scoring.Framework) { criterion(*f, "2.2").Code = "2.02" }, []string{"2.02:code"}},
		{"an empty number", func(f *scoring.Framework) { criterion(*f, "2.2").Code = "2..2" }, []string{"2..2:code"}},
		{"a code not under its parent", func(f *scoring.Framework) { criterion(*f, "2.2").Code = "3.3" }, []string{"3.3:code"}},
		{"a code two levels down", func(f *scoring.Framework) { criterion(*f, "2.2").Code = "2.3.3" }, []string{"2.3.3:code"}},
		// 4.1 at the top level: its code is wrong, and 4 becomes a leaf worth 10 more.
		{"a dotted code at the top", func(f *scoring.Framework) { criterion(*f, "4.1").ParentID = nil }, []string{":maxPoints", "4.1:code"}},
		{"an unknown parent", func(f *scoring.Framework) { criterion(*f, "2.2").ParentID = ptr(999) }, []string{"2:maxPoints", "2.2:parentId"}},
		{"a parent worth more than its children", func(f *scoring.Framework) { criterion(*f, "2").MaxPoints = 31 }, []string{"2:maxPoints"}},
		{"leaves worth 99", func(f *scoring.Framework) {
			criterion(*f, "1.1").MaxPoints = 9
			criterion(*f, "1").MaxPoints = 19
		}, []string{":maxPoints"}},
		{"a maximum of 0", func(f *scoring.Framework) {
			criterion(*f, "4.1").MaxPoints = 0
			criterion(*f, "4").MaxPoints = 0
		}, []string{":maxPoints", "4:maxPoints", "4.1:maxPoints"}},
		{"a negative maximum", func(f *scoring.Framework) { criterion(*f, "1.1").MaxPoints = -10 }, []string{":maxPoints", "1:maxPoints", "1.1:maxPoints"}},
		{"a maximum not a number", func(f *scoring.Framework) { criterion(*f, "4.1").MaxPoints = math.NaN() }, []string{"4.1:maxPoints"}},
		{"an infinite maximum", func(f *scoring.Framework) { criterion(*f, "4.1").MaxPoints = math.Inf(1) }, []string{":maxPoints", "4:maxPoints", "4.1:maxPoints"}},
		{"an unknown area", func(f *scoring.Framework) { criterion(*f, "4.1").Area = "SPORTS" }, []string{"4.1:area"}},
		{"an area not the parent's", func(f *scoring.Framework) { criterion(*f, "4.1").Area = scoring.AreaImpact }, []string{"4.1:area"}},
		{"an unknown method", func(f *scoring.Framework) { criterion(*f, "1.1").Method = "AUTO" }, []string{"1.1:method"}},
		{"no method", func(f *scoring.Framework) { criterion(*f, "1").Method = "" }, []string{"1:method"}},
		{"an indicator on a parent", func(f *scoring.Framework) {
			c := criterion(*f, "2.3")
			c.Method, c.Indicator, c.Rule = scoring.MethodIndicator, scoring.IndicatorOnlineRate, threshold(0.5)
		}, []string{"2.3:method"}},
		{"a MANUAL criterion with an indicator", func(f *scoring.Framework) { criterion(*f, "1.1").Indicator = scoring.IndicatorOnlineRate }, []string{"1.1:indicator"}},
		{"a MANUAL criterion with a rule", func(f *scoring.Framework) { criterion(*f, "1.1").Rule = threshold(0.5) }, []string{"1.1:rule"}},
		{"an unknown indicator", func(f *scoring.Framework) { criterion(*f, "2.2").Indicator = "SPEED" }, []string{"2.2:indicator"}},
		{"no indicator", func(f *scoring.Framework) { criterion(*f, "2.2").Indicator = "" }, []string{"2.2:indicator"}},
		{"no rule kind", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Kind = "" }, []string{"2.2:rule.kind"}},
		{"a threshold of 0", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Threshold = 0 }, []string{"2.2:rule.threshold"}},
		{"a threshold above 100%", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Threshold = 1.5 }, []string{"2.2:rule.threshold"}},
		{"a negative threshold", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Threshold = -0.5 }, []string{"2.2:rule.threshold"}},
		{"a threshold not a number", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Threshold = math.NaN() }, []string{"2.2:rule.threshold"}},
		{"a threshold with bands", func(f *scoring.Framework) { criterion(*f, "2.2").Rule.Bands = []scoring.RuleBand{band(1, 2)} }, []string{"2.2:rule.bands"}},
		{"bands with a threshold", func(f *scoring.Framework) { criterion(*f, "2.1").Rule.Threshold = 0.5 }, []string{"2.1:rule.threshold"}},
		{"no bands", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands() }, []string{"2.1:rule.bands"}},
		{"bands descending", func(f *scoring.Framework) {
			criterion(*f, "2.1").Rule = bands(band(0.9, 12), band(0.8, 15), band(1, 18))
		}, []string{"2.1:rule.bands[1].atLeast"}},
		{"two bands at the same value", func(f *scoring.Framework) {
			criterion(*f, "2.1").Rule = bands(band(0.8, 12), band(0.8, 15), band(1, 18))
		}, []string{"2.1:rule.bands[1].atLeast"}},
		{"a band above 100%", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands(band(0.8, 6), band(1.2, 18)) }, []string{"2.1:rule.bands[1].atLeast"}},
		{"a band below 0", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands(band(-0.1, 6), band(1, 18)) }, []string{"2.1:rule.bands[0].atLeast"}},
		{"a band above the maximum", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands(band(0.8, 6), band(1, 19)) }, []string{"2.1:rule.bands[1].points"}},
		{"a band of negative points", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands(band(0.8, -1), band(1, 18)) }, []string{"2.1:rule.bands[0].points"}},
		{"a higher band with fewer points", func(f *scoring.Framework) {
			criterion(*f, "2.1").Rule = bands(band(0.8, 12), band(0.9, 6), band(1, 18))
		}, []string{"2.1:rule.bands[1].points"}},
		{"a top band short of the maximum", func(f *scoring.Framework) { criterion(*f, "2.1").Rule = bands(band(0.8, 6), band(1, 17)) }, []string{"2.1:rule.bands[1].points"}},
		{"problems of several criteria, in code order", func(f *scoring.Framework) {
			criterion(*f, "5.3").Area = "SPORTS"
			criterion(*f, "1.1").Method = "AUTO"
			criterion(*f, "2.2").Rule.Threshold = 0
		}, []string{"1.1:method", "2.2:rule.threshold", "5.3:area"}},
	} {
		f := demo()
		c.change(&f)
		err := f.Validate()
		var got []string
		var ps scoring.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				got = append(got, p.Criterion+":"+p.Field)
				if p.Message == "" {
					t.Errorf("%s: no message for %s", c.name, p.Field)
				}
			}
		} else if err != nil {
			t.Errorf("%s: %v is not Problems", c.name, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: problems %v, want %v (%v)", c.name, got, c.want, err)
		}
	}
}

// A problem names the criterion, the field and the numbers at fault.
func TestProblemMessages(t *testing.T) {
	f := demo()
	criterion(f, "2").MaxPoints = 31
	criterion(f, "1.1").MaxPoints = 9
	criterion(f, "1").MaxPoints = 19
	want := "maxPoints: the criteria without sub-criteria are worth 99 together, not 100; " +
		"criterion 2: maxPoints: is 31 but its sub-criteria 2.1, 2.2, 2.3 sum to 30"
	if err := f.Validate(); err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// A framework of one criterion, and one of thirds that cannot be written exactly.
func TestValidateSmallFrameworks(t *testing.T) {
	one := build(2023, row{"1", 100, scoring.AreaImpact, "", scoring.Rule{}})
	thirds := build(2023,
		row{"1", 99.9999, scoring.AreaDirection, "", scoring.Rule{}},
		row{"1.1", 33.3333, scoring.AreaDirection, "", scoring.Rule{}},
		row{"1.2", 33.3333, scoring.AreaDirection, "", scoring.Rule{}},
		row{"1.3", 33.3333, scoring.AreaDirection, "", scoring.Rule{}},
	)
	for _, f := range []scoring.Framework{one, thirds} {
		if err := f.Validate(); err != nil {
			t.Error(err)
		}
	}
}
