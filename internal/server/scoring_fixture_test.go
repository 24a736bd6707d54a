package server_test

import (
	"testing"

	"cchc/internal/apitest"
)

// withoutDemoScoring removes the demonstration's frameworks and assessments,
// so that a test builds its own for the same province, year and level.
func withoutDemoScoring(t *testing.T, env *apitest.Env) {
	t.Helper()
	for _, stmt := range []string{
		`DELETE FROM evidences`, `DELETE FROM criterion_scores`, `DELETE FROM assessments`,
		`UPDATE criteria SET parent_id = NULL`, `DELETE FROM criteria`,
		`UPDATE scoring_frameworks SET copied_from_id = NULL`, `DELETE FROM scoring_frameworks`,
	} {
		if _, err := env.DB.SQL.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}
