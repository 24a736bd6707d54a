package aggregate

import (
	"reflect"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestSpecsFitTheirGoTypes: every measure has its field in Group, every dim
// its field in Key, and no spec has more columns than row scans.
func TestSpecsFitTheirGoTypes(t *testing.T) {
	want := map[MeasureKind]reflect.Type{Count: reflect.TypeOf(0), Number: reflect.TypeOf(&Stats{}), Money: reflect.TypeOf(&MoneyStats{})}
	for _, s := range Specs {
		for _, m := range s.Measures {
			f := measureField(&Group{}, m.Key)
			if !f.IsValid() || f.Type() != want[m.Kind] {
				t.Errorf("%s.%s: Group has no field of type %v for it", s.Type, m.Key, want[m.Kind])
			}
		}
		for _, d := range s.Dims {
			f := keyField(&Key{}, d)
			if !f.IsValid() || f.Kind() != reflect.Pointer {
				t.Errorf("%s.%s: Key has no pointer field for it", s.Type, d.Key)
			}
		}
		x := &expr{s: sql.Dialect(dialect.Postgres).Select().From(sql.Table("t")), dialect: dialect.Postgres}
		if n := len(s.columns(x, s.Measures)); n > maxMeasureColumns {
			t.Errorf("%s has %d measure columns, row scans %d", s.Type, n, maxMeasureColumns)
		}
	}
}

// TestPlanRefusesWhatCannotBeGrouped covers the checks of groupBy.
func TestPlanRefusesWhatCannotBeGrouped(t *testing.T) {
	for name, a := range map[string]Args{
		"unknown field": {GroupBy: []*GroupBy{{Field: "CATEGORY"}}},
		"twice":         {GroupBy: []*GroupBy{{Field: "UNIT"}, {Field: "UNIT"}}},
		"too many":      {GroupBy: []*GroupBy{{Field: "UNIT"}, {Field: "CHANNEL"}, {Field: "STATUS"}, {Field: "PROCEDURE"}, {Field: "PROCEDURE_FIELD"}}},
	} {
		if _, err := Dossier.plan(a); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	gs, err := Dossier.plan(Args{GroupBy: []*GroupBy{{Field: "RECEIVED_AT"}}})
	if err != nil || len(gs) != 1 || gs[0].bucket != "MONTH" {
		t.Errorf("a date without bucket groups by month: %+v %v", gs, err)
	}
}
