package framework

import (
	"strings"
	"testing"

	"cchc/ent"
	"cchc/internal/apperr"
	"cchc/internal/scoring"
)

func TestProblemsErrorNamesTheFirstField(t *testing.T) {
	err := problemsError("criteria", scoring.Problems{
		{Criterion: "2.1", Field: "maxPoints", Message: "must be greater than 0"},
		{Field: "maxPoints", Message: "the leaves are worth 90 together, not 100"},
	})
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.BadInput || e.Field != "criteria[2.1].maxPoints" || len(e.Extensions["problems"].([]map[string]any)) != 2 {
		t.Errorf("got %#v", err)
	}
}

func TestSortedByCodePutsParentsFirst(t *testing.T) {
	var crs []*ent.Criterion
	for _, c := range []string{"2.10", "1", "2.9", "2", "1.1"} {
		crs = append(crs, &ent.Criterion{Code: c})
	}
	var got []string
	for _, c := range sortedByCode(crs) {
		got = append(got, c.Code)
	}
	if want := "1 1.1 2 2.9 2.10"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}
