package apperr

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/lib/pq"
)

// TestUniqueColumns reads the key of a unique violation as each database
// words it; anything else is no key.
func TestUniqueColumns(t *testing.T) {
	for _, c := range []struct {
		err  error
		want []string
	}{
		{fmt.Errorf("ent: constraint failed: %w", &pq.Error{Code: "23505", Detail: "Key (unit_id, code)=(4294967297, T-1) already exists."}), []string{"unit_id", "code"}},
		{&pq.Error{Code: "23505", Detail: `Key (subject)=(a@b) already exists.`}, []string{"subject"}},
		{&pq.Error{Code: "23503", Detail: "Key (unit_id)=(1) is not present in table \"units\"."}, nil},
		{&pq.Error{Code: "23505", Detail: "Key (lower(code))=(x) already exists."}, nil},
		{errors.New("constraint failed: UNIQUE constraint failed: budget_lines.budget_id, budget_lines.direction, budget_lines.code (2067)"), []string{"budget_id", "direction", "code"}},
		{errors.New("constraint failed: FOREIGN KEY constraint failed (787)"), nil},
	} {
		if got := uniqueColumns(c.err); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %q, want %q", c.err, got, c.want)
		}
	}
	e := duplicate(errors.New("UNIQUE constraint failed: dossiers.unit_id, dossiers.code (2067)"))
	if e.Code != Conflict || e.Field != "code" || e.Message != "code: a record with this code already exists with the same unitID (they are unique together)" {
		t.Errorf("duplicate dossier code: %+v", e)
	}
}
