package server_test

import (
	"fmt"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestFrameworkLifecycle: a province officer drafts a framework, is told
// every fault when publishing an incomplete one, publishes it, finds it
// frozen, and copies it into next year's draft; units under the province
// read it once published, other levels cannot write it.
func TestFrameworkLifecycle(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		district := env.Token(t, viewer.DistrictOfficer, "298")
		commune := env.Token(t, viewer.CommuneOfficer, "11023")
		create := `mutation($in: CreateScoringFrameworkInput!) { createScoringFramework(input: $in) { id status } }`
		in := map[string]any{"unitID": env.UnitID(t, "30"), "year": 2024, "level": "COMMUNE", "title": "Bộ Chỉ số CCHC cấp xã năm 2024"}
		env.Fail(t, district, create, map[string]any{"in": in}, "FORBIDDEN")
		var fw struct{ CreateScoringFramework struct{ ID, Status string } }
		env.OK(t, province, create, map[string]any{"in": in}, &fw)
		id := fw.CreateScoringFramework.ID
		if fw.CreateScoringFramework.Status != "DRAFT" {
			t.Fatalf("a new framework is %s", fw.CreateScoringFramework.Status)
		}

		criterion := func(code string, max float64, area string, parent string) string {
			in := map[string]any{"frameworkID": id, "code": code, "title": "Tiêu chí " + code, "maxPoints": max, "area": area}
			if parent != "" {
				in["parentCriterionID"] = parent
			}
			var got struct{ CreateCriterion struct{ ID string } }
			env.OK(t, province, `mutation($in: CreateCriterionInput!) { createCriterion(input: $in) { id } }`, map[string]any{"in": in}, &got)
			return got.CreateCriterion.ID
		}
		c1 := criterion("1", 60, "DIRECTION", "")
		criterion("1.1", 30, "DIRECTION", c1)
		criterion("1.2", 30, "DIRECTION", c1)
		c2 := criterion("2", 30, "PROCEDURES", "")

		rule := `mutation($id: ID!, $v: Int!, $in: CriterionRuleInput!) { setCriterionRule(id: $id, version: $v, input: $in) { method indicator ruleKind threshold } }`
		for field, bad := range map[string]map[string]any{
			"input.indicator":      {"method": "INDICATOR", "kind": "THRESHOLD", "threshold": 0.5},
			"input.kind":           {"method": "INDICATOR", "indicator": "ONLINE_RATE"},
			"input.rule.threshold": {"method": "INDICATOR", "indicator": "ONLINE_RATE", "kind": "THRESHOLD", "threshold": 1.5},
			"input.rule.bands[1].atLeast": {"method": "INDICATOR", "indicator": "ON_TIME_RATE", "kind": "BANDS",
				"bands": []map[string]any{{"atLeast": 0.9, "points": 10}, {"atLeast": 0.8, "points": 30}}},
			"input.method": {"method": "MANUAL", "threshold": 0.5},
		} {
			e := env.Fail(t, province, rule, map[string]any{"id": c2, "v": 1, "in": bad}, "BAD_USER_INPUT")
			if e.Extensions["field"] != field {
				t.Errorf("%v: field %v (%s), want %s", bad, e.Extensions["field"], e.Message, field)
			}
		}
		// A DRAFT is the province's alone: others find none of it.
		env.Fail(t, district, rule, map[string]any{"id": c2, "v": 1, "in": map[string]any{"method": "MANUAL"}}, "NOT_FOUND")
		indicator := map[string]any{"id": c2, "v": 1, "in": map[string]any{"method": "INDICATOR", "indicator": "ONLINE_RATE", "kind": "THRESHOLD", "threshold": 0.5}}
		refusedStale(t, env, province, rule, indicator)
		env.OK(t, province, rule, indicator, nil)

		// Only the province's officers write frameworks, and read their drafts:
		// every other role finds nothing at each step.
		for _, c := range []struct {
			role viewer.Role
			unit string
		}{{viewer.CommuneOfficer, "11098"}, {viewer.DistrictOfficer, "298"}, {viewer.Analyst, "298"}, {viewer.ScoringService, "30"}, {viewer.Analyst, "30"}} {
			tok := env.Token(t, c.role, c.unit)
			for _, q := range []string{
				fmt.Sprintf(`mutation { setCriterionRule(id: %q, version: 2, input: {method: MANUAL}) { id } }`, c2),
				fmt.Sprintf(`mutation { copyScoringFramework(id: %q, year: 2030) { id } }`, id),
				fmt.Sprintf(`mutation { publishScoringFramework(id: %q, version: 1) { id } }`, id),
			} {
				env.Fail(t, tok, q, nil, "NOT_FOUND")
			}
		}

		publish := `mutation($id: ID!, $v: Int!) { publishScoringFramework(id: $id, version: $v) { status publishedAt } }`
		e := env.Fail(t, province, publish, map[string]any{"id": id, "v": 1}, "BAD_USER_INPUT")
		if !strings.Contains(e.Message, "100") || e.Extensions["problems"] == nil {
			t.Errorf("publishing a framework worth 90 points: %s %v", e.Message, e.Extensions)
		}
		env.OK(t, province, `mutation($id: ID!) { updateCriterion(id: $id, version: 2, input: {maxPoints: 40}) { id } }`, map[string]any{"id": c2}, nil)
		env.Fail(t, district, publish, map[string]any{"id": id, "v": 1}, "NOT_FOUND")
		var pub struct {
			PublishScoringFramework struct {
				Status      string
				PublishedAt *string
			}
		}
		refusedStale(t, env, province, publish, map[string]any{"id": id, "v": 1})
		env.OK(t, province, publish, map[string]any{"id": id, "v": 1}, &pub)
		if pub.PublishScoringFramework.Status != "PUBLISHED" || pub.PublishScoringFramework.PublishedAt == nil {
			t.Fatalf("published: %+v", pub)
		}

		// Frozen: no write reaches a published framework or its criteria.
		for _, q := range []string{
			fmt.Sprintf(`mutation { updateCriterion(id: %q, version: 3, input: {title: "x"}) { id } }`, c2),
			fmt.Sprintf(`mutation { archiveCriterion(id: %q, version: 3) { id } }`, c2),
			fmt.Sprintf(`mutation { updateScoringFramework(id: %q, version: 2, input: {title: "x"}) { id } }`, id),
			fmt.Sprintf(`mutation { createCriterion(input: {frameworkID: %q, code: "3", title: "x", maxPoints: 1, area: "IMPACT"}) { id } }`, id),
			fmt.Sprintf(`mutation { setCriterionRule(id: %q, version: 3, input: {method: MANUAL}) { id } }`, c2),
			fmt.Sprintf(`mutation { publishScoringFramework(id: %q, version: 2) { id } }`, id),
		} {
			// At the versions as stored: the refusal is the framework's status, not a stale version.
			if e := env.Fail(t, province, strings.ReplaceAll(q, `area: "IMPACT"`, "area: IMPACT"), nil, "CONFLICT"); e.Extensions["field"] != "status" {
				t.Errorf("%s: %+v", q, e)
			}
		}

		// Every unit under the province reads it; its criteria too.
		var seen struct {
			ScoringFrameworks struct {
				Edges []struct {
					Node struct {
						ID       string
						Criteria []struct {
							Code      string
							MaxPoints float64
						}
					}
				}
			}
		}
		env.OK(t, commune, `{ scoringFrameworks(where: {year: 2024}) { edges { node { id criteria { code maxPoints } } } } }`, nil, &seen)
		if len(seen.ScoringFrameworks.Edges) != 1 || len(seen.ScoringFrameworks.Edges[0].Node.Criteria) != 4 {
			t.Errorf("Gia Hòa's officer reads %+v", seen)
		}

		var cp struct {
			CopyScoringFramework struct {
				Year       int
				Status     string
				CopiedFrom struct{ ID string }
				Criteria   []struct {
					Code, Method    string
					Indicator       *string
					Threshold       *float64
					ParentCriterion *struct{ Code string }
				}
			}
		}
		env.Fail(t, district, `mutation($id: ID!) { copyScoringFramework(id: $id, year: 2025) { id } }`, map[string]any{"id": id}, "FORBIDDEN")
		env.OK(t, province, `mutation($id: ID!) { copyScoringFramework(id: $id, year: 2025) {
  year status copiedFrom { id } criteria { code method indicator threshold parentCriterion { code } } } }`, map[string]any{"id": id}, &cp)
		c := cp.CopyScoringFramework
		if c.Status != "DRAFT" || c.CopiedFrom.ID != id || len(c.Criteria) != 4 {
			t.Fatalf("copy: %+v", c)
		}
		for _, cr := range c.Criteria {
			switch cr.Code {
			case "1.1", "1.2":
				if cr.ParentCriterion == nil || cr.ParentCriterion.Code != "1" {
					t.Errorf("copied %s lost its parent: %+v", cr.Code, cr)
				}
			case "2":
				if cr.Method != "INDICATOR" || cr.Indicator == nil || *cr.Indicator != "ONLINE_RATE" || cr.Threshold == nil || *cr.Threshold != 0.5 {
					t.Errorf("copied rule: %+v", cr)
				}
			}
		}
	})
}
