package scoring_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"cchc/internal/enum"
	"cchc/internal/scoring"
)

// The scoring areas are the reform areas and IMPACT, each described in
// Vietnamese and English.
func TestAreas(t *testing.T) {
	want := append(enum.Area("").Values(), "IMPACT")
	if got := scoring.Area("").Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("areas %v, want %v", got, want)
	}
	for _, a := range scoring.Areas {
		if d := scoring.AreaDescriptions[a]; !strings.Contains(d, " / ") {
			t.Errorf("%s: description %q", a, d)
		}
	}
}

func TestEnumsInGraphQL(t *testing.T) {
	var a scoring.Area
	if err := a.UnmarshalGQL("IMPACT"); err != nil || a != scoring.AreaImpact {
		t.Errorf("IMPACT: %v %v", a, err)
	}
	var b bytes.Buffer
	a.MarshalGQL(&b)
	if b.String() != `"IMPACT"` {
		t.Errorf("marshalled %s", b.String())
	}
	var m scoring.Method
	if err := m.UnmarshalGQL("AUTO"); err == nil {
		t.Error("AUTO is a method")
	}
	var k scoring.RuleKind
	if err := k.UnmarshalGQL(3); err == nil {
		t.Error("3 is a rule kind")
	}
	var i scoring.Indicator
	if err := i.UnmarshalGQL("ONLINE_RATE"); err != nil || i != scoring.IndicatorOnlineRate {
		t.Errorf("ONLINE_RATE: %v %v", i, err)
	}
	var band scoring.Band
	if err := band.UnmarshalGQL("GOOD"); err != nil || band != scoring.BandGood {
		t.Errorf("GOOD: %v %v", band, err)
	}
	for _, values := range [][]string{scoring.Method("").Values(), scoring.RuleKind("").Values(), scoring.Band("").Values()} {
		if len(values) < 2 {
			t.Errorf("values %v", values)
		}
	}
}
