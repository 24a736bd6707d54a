package server_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cchc/ent/assessment"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/apitest"
	"cchc/internal/apperr"
	"cchc/internal/scoring"
	"cchc/internal/viewer"
)

// The reform-index leaks of issue 15, closed: frameworks belong to provinces
// (4), DRAFT frameworks stay with their province's officers (8b), and a
// provisional ranking shows no other unit's unapproved total (5).

// sqlCount runs a SELECT COUNT(*) on the test database.
func sqlCount(t *testing.T, env *apitest.Env, query string) int {
	t.Helper()
	var n int
	if err := env.DB.SQL.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestFrameworkBelongsToProvince: no write gives a framework to a district
// or a commune, and a framework left with one by older data lets that
// unit neither start nor approve assessments against it.
func TestFrameworkBelongsToProvince(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		frameworks := func() int { return sqlCount(t, env, `SELECT COUNT(*) FROM scoring_frameworks`) }
		before := frameworks()

		create := `mutation($in: CreateScoringFrameworkInput!) { createScoringFramework(input: $in) { id version unit { code } } }`
		for _, code := range []string{"298", "11098"} {
			in := map[string]any{"unitID": env.UnitID(t, code), "year": 2031, "level": "COMMUNE", "title": "Bộ chỉ số cấp xã năm 2031"}
			badInput(t, env, province, create, map[string]any{"in": in}, "unitID")
		}
		if n := frameworks(); n != before {
			t.Fatalf("refused creations wrote frameworks: %d, want %d", n, before)
		}

		var created struct {
			CreateScoringFramework struct {
				ID      string
				Version int
				Unit    struct{ Code string }
			}
		}
		env.OK(t, province, create, map[string]any{"in": map[string]any{"unitID": env.UnitID(t, "30"), "year": 2031, "level": "COMMUNE",
			"title": "Bộ chỉ số cấp xã năm 2031"}}, &created)
		fw := created.CreateScoringFramework
		if fw.Unit.Code != "30" || fw.Version != 1 {
			t.Fatalf("created %+v", fw)
		}

		// Moving it to a district is refused and moves nothing.
		update := `mutation($id: ID!, $v: Int!, $unit: ID!) { updateScoringFramework(id: $id, version: $v, input: {unitID: $unit}) { id } }`
		badInput(t, env, province, update, vars("id", fw.ID, "v", 1, "unit", env.UnitID(t, "298")), "unitID")
		if n := sqlCount(t, env, fmt.Sprintf(`SELECT COUNT(*) FROM scoring_frameworks WHERE id = %s AND unit_id = %d AND version = 1`, fw.ID, env.UnitID(t, "30"))); n != 1 {
			t.Fatal("the refused move changed the framework")
		}

		// The ent client that the importer and the demonstration use is held too.
		allow := privacy.DecisionContext(context.Background(), privacy.Allow)
		_, err := env.DB.Client.ScoringFramework.Create().SetUnitID(env.UnitID(t, "298")).SetYear(2032).
			SetLevel(scoringframework.LevelCOMMUNE).SetTitle("Bộ chỉ số của huyện").Save(allow)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.BadInput || e.Field != "unitID" {
			t.Fatalf("a framework given to a district past the API: %v", err)
		}

		// A framework that older data left with district 298 (written in SQL,
		// past every check), with Tái Sơn's assessment appraised by that
		// district: copying it is refused, no commune starts against it, and
		// the district cannot take the province's steps.
		b := newFramework(t, env, 2033).criterion("1", "", 100, scoring.AreaDirection).publish()
		a := b.assess("11098", assessment.StatusAPPRAISED, given{code: "1", self: pts(90), appraised: pts(80)})
		if _, err := env.DB.SQL.Exec(fmt.Sprintf(`UPDATE scoring_frameworks SET unit_id = %d WHERE id = %d`, env.UnitID(t, "298"), b.fw.ID)); err != nil {
			t.Fatal(err)
		}
		before = frameworks()
		badInput(t, env, province, `mutation($id: ID!) { copyScoringFramework(id: $id, year: 2034) { id } }`, vars("id", gid(b.fw.ID)), "unitID")
		if n := frameworks(); n != before {
			t.Errorf("a refused copy wrote a framework: %d, want %d", n, before)
		}
		badInput(t, env, env.Token(t, viewer.CommuneOfficer, "11101"), startAssessment, vars("fw", gid(b.fw.ID)), "frameworkID")

		district := env.Token(t, viewer.DistrictOfficer, "298")
		version := sqlCount(t, env, fmt.Sprintf(`SELECT version FROM assessments WHERE id = %d`, a.ID))
		for _, f := range []struct {
			query string
			vars  map[string]any
			code  string
		}{
			{setFinalScore, vars("a", gid(a.ID), "c", gid(b.criteria["1"].ID), "v", 1, "score", 100, "reason", "Huyện tự phê duyệt"), "FORBIDDEN"},
			{approveAssessment, vars("id", gid(a.ID), "v", version), "FORBIDDEN"},
			// The district is the appraiser, who returns only a SELF_ASSESSED assessment.
			{returnAssessment, vars("id", gid(a.ID), "v", version, "reason", "Huyện tự trả lại"), "CONFLICT"},
		} {
			env.Fail(t, district, f.query, f.vars, f.code)
		}
		if n := sqlCount(t, env, fmt.Sprintf(`SELECT COUNT(*) FROM assessments WHERE id = %d AND status = 'APPRAISED' AND version = %d`, a.ID, version)); n != 1 {
			t.Error("the district's refused steps changed the assessment")
		}
	})
}

// TestDraftFrameworksStayWithTheProvince: a DRAFT framework, its criteria
// and their thresholds are read by the officers of its province only; every
// other caller reads PUBLISHED frameworks only, by every path.
func TestDraftFrameworksStayWithTheProvince(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		draft, criteria := testFramework(t, env, scoringframework.LevelCOMMUNE, 2031, false)
		paths := `{
  drafts: scoringFrameworks(where: {status: DRAFT}) { totalCount }
  year: scoringFrameworks(where: {year: 2031}) { totalCount edges { node { id } } }
  published: scoringFrameworks(where: {status: PUBLISHED}) { totalCount }
  threshold: criteria(where: {threshold: 0.5, hasFrameworkWith: {status: DRAFT}}) { totalCount }
  draftCriteria: criteria(where: {hasFrameworkWith: {year: 2031}}) { totalCount }
  province: units(where: {code: "30"}) { edges { node { scoringFrameworks(where: {year: 2031}) { totalCount } } } }
  assessments(first: 100) { edges { node { framework { status } } } }
}`
		type count struct{ TotalCount int }
		type answer struct {
			Drafts, Published, Threshold, DraftCriteria count
			Year                                        struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
			Province struct {
				Edges []struct {
					Node struct{ ScoringFrameworks count }
				}
			}
			Assessments struct {
				Edges []struct {
					Node struct{ Framework struct{ Status string } }
				}
			}
		}
		// node(id:) of a record the caller cannot read answers NOT_FOUND, as for no record at all.
		node := `query($id: ID!) { node(id: $id) { id ... on ScoringFramework { criteria { code threshold } } } }`
		type nodeAnswer struct {
			Node *struct {
				ID       string
				Criteria []struct {
					Code      string
					Threshold *float64
				}
			}
		}
		nodes := []int{draft, criteria["2.1"]}

		// The demonstration's frameworks of 2022 and 2023 are published.
		for _, c := range []caller{
			{viewer.CommuneOfficer, "11098"}, {viewer.DistrictOfficer, "298"}, {viewer.DistrictOfficer, "297"},
			{viewer.Analyst, "298"}, {viewer.Analyst, "30"}, {viewer.ScoringService, "298"}, {viewer.ScoringService, "30"},
		} {
			var got answer
			tok := env.Token(t, c.role, c.unit)
			env.OK(t, tok, paths, nil, &got)
			if got.Drafts.TotalCount != 0 || got.Year.TotalCount != 0 || len(got.Year.Edges) != 0 || got.Threshold.TotalCount != 0 ||
				got.DraftCriteria.TotalCount != 0 {
				t.Errorf("%v reads the province's DRAFT: %+v", c, got)
			}
			for _, id := range nodes {
				env.Fail(t, tok, node, vars("id", gid(id)), "NOT_FOUND")
			}
			if len(got.Province.Edges) != 1 || got.Province.Edges[0].Node.ScoringFrameworks.TotalCount != 0 {
				t.Errorf("%v reads the DRAFT through its province: %+v", c, got.Province)
			}
			if got.Published.TotalCount != 2 {
				t.Errorf("%v reads %d published frameworks, want 2", c, got.Published.TotalCount)
			}
			for _, e := range got.Assessments.Edges {
				if e.Node.Framework.Status != "PUBLISHED" {
					t.Errorf("%v: an assessment's framework is %s", c, e.Node.Framework.Status)
				}
			}
		}

		// The province's officers read it whole, as they write it.
		var got answer
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		env.OK(t, province, paths, nil, &got)
		if got.Drafts.TotalCount != 1 || got.Year.TotalCount != 1 || got.Threshold.TotalCount != 1 || got.DraftCriteria.TotalCount != 6 ||
			got.Province.Edges[0].Node.ScoringFrameworks.TotalCount != 1 || got.Published.TotalCount != 2 {
			t.Errorf("the province officer reads %+v", got)
		}
		for _, id := range nodes {
			env.OK(t, province, node, vars("id", gid(id)), nil)
		}
		var fw nodeAnswer
		env.OK(t, province, node, vars("id", gid(draft)), &fw)
		if fw.Node == nil || len(fw.Node.Criteria) != 6 {
			t.Errorf("the province officer reads the DRAFT as %+v", fw.Node)
		}

		// A commune cannot start an assessment against a framework it cannot
		// read: answered as one that does not exist.
		if e := env.Fail(t, env.Token(t, viewer.CommuneOfficer, "11095"), startAssessment, vars("fw", gid(draft)), "NOT_FOUND"); e.Extensions["field"] != "frameworkID" {
			t.Errorf("starting against a DRAFT: %+v", e)
		}

		// Other records' where inputs reach frameworks through edge subqueries,
		// which the privacy rules do not filter: rule.ScopeWhere scopes them
		// with the same condition, drafts included (Record.Draft).
		t.Run("edge filters", func(t *testing.T) {
			for _, q := range []string{
				`{ units(where: {hasScoringFrameworksWith: {status: DRAFT}}) { totalCount } }`,
				`{ units(where: {hasScoringFrameworksWith: {hasCriteriaWith: {threshold: 0.5, hasFrameworkWith: {year: 2031}}}}) { totalCount } }`,
			} {
				var out struct{ Units count }
				env.OK(t, env.Token(t, viewer.CommuneOfficer, "11098"), q, nil, &out)
				if out.Units.TotalCount != 0 {
					t.Errorf("%s: %d units", q, out.Units.TotalCount)
				}
			}
		})

		// Published, it is everyone's.
		if _, err := env.DB.SQL.Exec(fmt.Sprintf(`UPDATE scoring_frameworks SET status = 'PUBLISHED' WHERE id = %d`, draft)); err != nil {
			t.Fatal(err)
		}
		got, fw = answer{}, nodeAnswer{}
		commune := env.Token(t, viewer.CommuneOfficer, "11098")
		env.OK(t, commune, paths, nil, &got)
		env.OK(t, commune, node, vars("id", gid(draft)), &fw)
		if got.Year.TotalCount != 1 || got.DraftCriteria.TotalCount != 6 || got.Published.TotalCount != 3 || fw.Node == nil || len(fw.Node.Criteria) != 6 {
			t.Errorf("a commune reads the published framework as %+v %+v", got, fw.Node)
		}
	})
}

// TestRankingHidesUnapprovedTotals: Tứ Xuyên (11095, DRAFT) moves its own
// score across Quang Phục's unapproved 88.13 (11101, APPRAISED) and the
// approved totals of Tái Sơn (11098, 88.13) and Gia Hòa (11023, 95). Its
// provisional rank follows the approved totals only, and Quang Phục is not
// in its ranking at all.
func TestRankingHidesUnapprovedTotals(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		fx := buildResults(t, env)
		txToken := env.Token(t, viewer.CommuneOfficer, "11095")
		var sc struct {
			CriterionScores struct {
				Edges []struct {
					Node struct {
						ID        string
						Version   int
						Criterion struct{ ID, Code string }
					}
				}
			}
		}
		env.OK(t, txToken, `{ criterionScores(where: {hasCriterionWith: {code: "4.2"}}) { edges { node { id version criterion { id code } } } } }`, nil, &sc)
		if len(sc.CriterionScores.Edges) != 1 {
			t.Fatalf("Tứ Xuyên's scores of 4.2: %+v", sc)
		}
		version, criterion := sc.CriterionScores.Edges[0].Node.Version, sc.CriterionScores.Edges[0].Node.Criterion.ID
		own := `query($id: ID!) { node(id: $id) { ... on Assessment { result(approvedOnly: false) { total rank rankedUnits } official: result { rank rankedUnits } } } }`
		type ranked struct {
			Total       *float64
			Rank        *int
			RankedUnits int
		}

		// 4.2 is worth 15 and the rest of Tứ Xuyên's sheet 85: its total is 85 + the score.
		for _, step := range []struct {
			score, total float64
			rank         int
		}{
			{0, 85, 3}, {3, 88, 3}, {3.1, 88.1, 3}, {3.13, 88.13, 2}, {3.2, 88.2, 2}, {5, 90, 2},
			{9.99, 94.99, 2}, {10, 95, 1}, {15, 100, 1}, {3.12, 88.12, 3},
		} {
			env.OK(t, txToken, scoreCriterion, vars("a", gid(fx.assessments["11095"]), "c", criterion, "v", version, "score", step.score), nil)
			version++
			var out struct {
				Node struct {
					Result   ranked
					Official ranked
				}
			}
			env.OK(t, txToken, own, vars("id", gid(fx.assessments["11095"])), &out)
			r := out.Node.Result
			if r.Total == nil || *r.Total != step.total || r.Rank == nil || *r.Rank != step.rank || r.RankedUnits != 3 {
				t.Errorf("at %v points: total %s rank %s of %d, want %v rank %d of 3", step.score, str(r.Total), str(r.Rank), r.RankedUnits, step.total, step.rank)
			}
			if o := out.Node.Official; o.Rank != nil || o.RankedUnits != 2 {
				t.Errorf("at %v points: a DRAFT is not in the official ranking: %+v", step.score, o)
			}
			rows := scores(t, env, txToken, map[string]any{"fw": fx.fw2023, "approvedOnly": false})
			want := fmt.Sprintf("11095 #%d %v", step.rank, step.total)
			if got := briefs(rows); !slices.Equal(got, []string{want}) || rows[0].RankedUnits != 3 {
				t.Errorf("at %v points: scores %q (of %d), want %q of 3", step.score, got, rows[0].RankedUnits, want)
			}
		}

		// Tứ Xuyên now stands at 88.12. Quang Phục's unapproved total moves
		// past it and back: Tứ Xuyên's rank does not.
		for _, total := range []string{"8.13", "0", "15"} {
			if _, err := env.DB.SQL.Exec(fmt.Sprintf(`UPDATE criterion_scores SET appraised_score = %s WHERE assessment_id = %d AND criterion_id =
  (SELECT id FROM criteria WHERE framework_id = %d AND code = '4.2')`, total, fx.assessments["11101"], fx.fw2023)); err != nil {
				t.Fatal(err)
			}
			if got := briefs(scores(t, env, txToken, map[string]any{"fw": fx.fw2023, "approvedOnly": false})); !slices.Equal(got, []string{"11095 #3 88.12"}) {
				t.Errorf("with Quang Phục's 4.2 at %s: %q", total, got)
			}
		}

		// The download answers the same.
		_, body := env.Get(t, txToken, fmt.Sprintf("/scores?framework=%d&approvedOnly=false", fx.fw2023))
		if lines := strings.Split(strings.TrimSpace(string(body)), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[2], "11095,") ||
			!strings.Contains(lines[2], ",DRAFT,3,3,88.12,") {
			t.Errorf("Tứ Xuyên downloads %q", lines)
		}

		// Approved totals rank as documented: the official ranking is the
		// approved assessments' for every caller.
		for code, want := range map[string][]string{"11095": nil, "11098": {"11098 #2 88.13"}, "11023": {"11023 #1 95"}} {
			rows := scores(t, env, env.Token(t, viewer.CommuneOfficer, code), map[string]any{"fw": fx.fw2023})
			if got := briefs(rows); !slices.Equal(got, want) || len(rows) > 0 && rows[0].RankedUnits != 2 {
				t.Errorf("%s, approved only: %q, want %q", code, got, want)
			}
		}

		// A district officer reads its communes' assessments and ranks them by
		// their current scores (Quang Phục's 4.2 now at 15: 95), among the
		// other districts' approved results; district 297 reads Gia Hòa only.
		for _, c := range []struct {
			unit  string
			want  []string
			units int
		}{
			{"298", []string{"11101 #1 95", "11098 #3 88.13", "11095 #4 88.12"}, 4},
			{"297", []string{"11023 #1 95"}, 2},
		} {
			rows := scores(t, env, env.Token(t, viewer.DistrictOfficer, c.unit), map[string]any{"fw": fx.fw2023, "approvedOnly": false})
			if got := briefs(rows); !slices.Equal(got, c.want) {
				t.Errorf("district %s: %q, want %q", c.unit, got, c.want)
			}
			for _, r := range rows {
				if r.RankedUnits != c.units {
					t.Errorf("district %s: %s ranked among %d, want %d", c.unit, r.Unit.Code, r.RankedUnits, c.units)
				}
			}
		}
	})
}
