package server_test

import (
	"slices"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestMutationResultCountsItsWrite: a step's answer reads the assessment's
// result after the step wrote, not a result loaded before it.
func TestMutationResultCountsItsWrite(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11023")
		type result struct {
			Points  float64
			Missing []string
		}
		var before struct {
			Assessments struct {
				Edges []struct {
					Node struct {
						ID     string
						Status string
						Result result
						Scores []struct {
							Version   int
							Criterion struct {
								ID, Code, Method string
								MaxPoints        float64
							}
						}
					}
				}
			}
		}
		env.OK(t, tok, `{ assessments { edges { node { id status result(approvedOnly: false) { points missing }
  scores { version criterion { id code method maxPoints } } } } } }`, nil, &before)
		if len(before.Assessments.Edges) != 1 || before.Assessments.Edges[0].Node.Status != "DRAFT" {
			t.Fatalf("Gia Hòa's demo assessment: %+v", before)
		}
		a := before.Assessments.Edges[0].Node
		var crit, code string
		var max float64
		var version int
		for _, s := range a.Scores {
			if s.Criterion.Method == "MANUAL" && slices.Contains(a.Result.Missing, s.Criterion.Code) {
				crit, code, max, version = s.Criterion.ID, s.Criterion.Code, s.Criterion.MaxPoints, s.Version
				break
			}
		}
		if crit == "" {
			t.Fatalf("no unscored MANUAL criterion in %v", a.Result.Missing)
		}
		var after struct {
			ScoreCriterion struct {
				Points     float64
				Assessment struct{ Result result }
			}
		}
		env.OK(t, tok, `mutation($a: ID!, $c: ID!, $v: Int!, $s: Float) { scoreCriterion(assessmentID: $a, criterionID: $c, version: $v, score: $s) {
  points assessment { result(approvedOnly: false) { points missing } } } }`, map[string]any{"a": a.ID, "c": crit, "v": version, "s": max}, &after)
		got := after.ScoreCriterion.Assessment.Result
		if after.ScoreCriterion.Points != max || got.Points != a.Result.Points+max || slices.Contains(got.Missing, code) || len(got.Missing) != len(a.Result.Missing)-1 {
			t.Errorf("after scoring %s with %v: %+v (before %v points, %d missing)", code, max, after, a.Result.Points, len(a.Result.Missing))
		}
	})
}
