package server_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/internal/apitest"
	"cchc/internal/results"
	"cchc/internal/viewer"
)

const scoresQuery = `query($fw: ID!, $under: String, $level: UnitLevel, $approvedOnly: Boolean! = true) {
  scores(framework: $fw, under: $under, level: $level, approvedOnly: $approvedOnly) {
    unit { code } status points maxPoints applicableMax total band bandName rank rankedUnits missing
    areas { area points maxPoints applicableMax total }
    previous { year total rank band } change { total rank }
  }
}`

type scoreRow struct {
	Unit                             struct{ Code string }
	Status                           string
	Points, MaxPoints, ApplicableMax float64
	Total                            *float64
	Band, BandName                   *string
	Rank                             *int
	RankedUnits                      int
	Missing                          []string
	Areas                            []areaRow
	Previous                         *struct {
		Year  int
		Total *float64
		Rank  *int
		Band  *string
	}
	Change *struct {
		Total *float64
		Rank  *int
	}
}

type areaRow struct {
	Area                             string
	Points, MaxPoints, ApplicableMax float64
	Total                            *float64
}

// brief writes a row as "code #rank total", "-" for null.
func (r scoreRow) brief() string { return r.Unit.Code + " #" + str(r.Rank) + " " + str(r.Total) }

func str[T int | float64](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func scores(t *testing.T, env *apitest.Env, token string, vars map[string]any) []scoreRow {
	t.Helper()
	var out struct{ Scores []scoreRow }
	env.OK(t, token, scoresQuery, vars, &out)
	return out.Scores
}

func briefs(rows []scoreRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.brief()
	}
	return out
}

func TestScores(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		fx := buildResults(t, env)
		all := map[string]any{"fw": fx.fw2023, "approvedOnly": false}
		province := env.Token(t, viewer.ProvinceOfficer, "30")

		t.Run("every assessment ranked, ties share a rank", func(t *testing.T) {
			rows := scores(t, env, province, all)
			want := []string{"11023 #1 95", "11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}
			if got := briefs(rows); !slices.Equal(got, want) {
				t.Fatalf("rows %q, want %q", got, want)
			}
			byCode := map[string]scoreRow{}
			for _, r := range rows {
				byCode[r.Unit.Code] = r
				if r.RankedUnits != 4 || r.MaxPoints != 100 {
					t.Errorf("%s: rankedUnits %d, maxPoints %v", r.Unit.Code, r.RankedUnits, r.MaxPoints)
				}
			}
			// Criterion 3 does not apply to Tái Sơn: 70.5 points of 80 rescale to 88.125, shown 88.13.
			ts := byCode["11098"]
			if ts.Points != 70.5 || ts.ApplicableMax != 80 || *ts.Total != 88.13 || *ts.Band != "GOOD" || *ts.BandName != "Tốt" {
				t.Errorf("Tái Sơn: %+v", ts)
			}
			if a := area(t, ts, "DIGITAL_GOVERNMENT"); a.MaxPoints != 20 || a.ApplicableMax != 0 || a.Points != 0 || a.Total != nil {
				t.Errorf("an area that does not apply has no total: %+v", a)
			}
			if a := area(t, ts, "DIRECTION"); a.Points != 18.5 || a.ApplicableMax != 20 || *a.Total != 92.5 {
				t.Errorf("DIRECTION: %+v", a)
			}
			if a := area(t, ts, "PROCEDURES"); a.Points != 27 || a.MaxPoints != 30 || *a.Total != 90 {
				t.Errorf("PROCEDURES: %+v", a)
			}
			// Tứ Xuyên has not scored 4.2: listed, counted 0 of 15.
			tx := byCode["11095"]
			if !slices.Equal(tx.Missing, []string{"4.2"}) || tx.Points != 85 || tx.ApplicableMax != 100 || tx.Status != "DRAFT" {
				t.Errorf("Tứ Xuyên: %+v", tx)
			}
			if a := area(t, tx, "IMPACT"); a.Points != 15 || a.ApplicableMax != 30 || *a.Total != 50 {
				t.Errorf("IMPACT with 4.2 missing: %+v", a)
			}
			if gh := byCode["11023"]; *gh.Band != "EXCELLENT" || *gh.BandName != "Xuất sắc" || len(gh.Missing) != 0 {
				t.Errorf("Gia Hòa: %+v", gh)
			}
			// 2022: Gia Hòa 90 (1st), Quang Phục 85 (2nd), Tái Sơn 80 (3rd); Tứ Xuyên was not assessed.
			for code, want := range map[string]string{
				"11023": "2022 90 #1 EXCELLENT → +5, 0 places",
				"11098": "2022 80 #3 GOOD → +8.13, 1 places",
				"11101": "2022 85 #2 GOOD → +3.13, 0 places",
			} {
				r := byCode[code]
				if r.Previous == nil || r.Change == nil {
					t.Errorf("%s: no previous year", code)
					continue
				}
				p, c := r.Previous, r.Change
				got := fmt.Sprintf("%d %s #%s %s → %+g, %s places", p.Year, str(p.Total), str(p.Rank), *p.Band, *c.Total, str(c.Rank))
				if got != want {
					t.Errorf("%s: %s, want %s", code, got, want)
				}
			}
			if tx.Previous != nil || tx.Change != nil {
				t.Errorf("Tứ Xuyên has no 2022 assessment: %+v %+v", tx.Previous, tx.Change)
			}
		})

		t.Run("approved only by default", func(t *testing.T) {
			rows := scores(t, env, province, map[string]any{"fw": fx.fw2023})
			if got, want := briefs(rows), []string{"11023 #1 95", "11098 #2 88.13"}; !slices.Equal(got, want) {
				t.Errorf("rows %q, want %q", got, want)
			}
			for _, r := range rows {
				if r.RankedUnits != 2 || r.Status != "APPROVED" {
					t.Errorf("%s: rankedUnits %d, status %s", r.Unit.Code, r.RankedUnits, r.Status)
				}
			}
		})

		// Units whose assessments the caller does not read rank only with
		// their approved results: Quang Phục (APPRAISED) and Tứ Xuyên (DRAFT)
		// are in the ranking of those who read them only.
		t.Run("each role reads its scope, ranked among the others' approved results", func(t *testing.T) {
			for _, c := range []struct {
				role   viewer.Role
				unit   string
				want   []string
				ranked int
			}{
				{viewer.CommuneOfficer, "11098", []string{"11098 #2 88.13"}, 2},
				{viewer.CommuneOfficer, "11023", []string{"11023 #1 95"}, 2},
				{viewer.CommuneOfficer, "11101", []string{"11101 #2 88.13"}, 3},
				{viewer.DistrictOfficer, "298", []string{"11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}, 4},
				{viewer.DistrictOfficer, "297", []string{"11023 #1 95"}, 2},
				{viewer.ProvinceOfficer, "30", []string{"11023 #1 95", "11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}, 4},
				{viewer.ScoringService, "30", []string{"11023 #1 95", "11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}, 4},
				{viewer.Analyst, "30", []string{"11023 #1 95", "11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}, 4},
			} {
				rows := scores(t, env, env.Token(t, c.role, c.unit), all)
				if got := briefs(rows); !slices.Equal(got, c.want) {
					t.Errorf("%s %s: rows %q, want %q", c.role, c.unit, got, c.want)
				}
				for _, r := range rows {
					if r.RankedUnits != c.ranked {
						t.Errorf("%s %s: %s ranked among %d units, want %d", c.role, c.unit, r.Unit.Code, r.RankedUnits, c.ranked)
					}
				}
			}
		})

		t.Run("under and level narrow", func(t *testing.T) {
			with := func(under string, level any) []string {
				return briefs(scores(t, env, province, map[string]any{"fw": fx.fw2023, "approvedOnly": false, "under": under, "level": level}))
			}
			if got := with("298", "COMMUNE"); !slices.Equal(got, []string{"11098 #2 88.13", "11101 #2 88.13", "11095 #4 85"}) {
				t.Errorf("under 298: %q", got)
			}
			if got := with("11023", nil); !slices.Equal(got, []string{"11023 #1 95"}) {
				t.Errorf("under 11023: %q", got)
			}
			if got := with("30", "DISTRICT"); len(got) != 0 {
				t.Errorf("no district is scored by a commune framework: %q", got)
			}
		})

		t.Run("refusals", func(t *testing.T) {
			// Out of reach answers as absent.
			giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
			msgs := map[string]string{}
			for _, code := range []string{"11098", "298", "99999"} {
				e := env.Fail(t, giaHoa, scoresQuery, map[string]any{"fw": fx.fw2023, "under": code}, "BAD_USER_INPUT")
				if e.Extensions["field"] != "under" {
					t.Errorf("under %s: field %v", code, e.Extensions["field"])
				}
				msgs[code] = strings.ReplaceAll(e.Message, code, "CODE")
			}
			if msgs["11098"] != msgs["99999"] || msgs["298"] != msgs["99999"] {
				t.Errorf("out of scope must answer as absent: %q", msgs)
			}
			e := env.Fail(t, province, scoresQuery, map[string]any{"fw": 999999999}, "NOT_FOUND")
			if e.Extensions["field"] != "framework" || !strings.Contains(e.Message, "999999999") {
				t.Errorf("unknown framework: %+v", e)
			}
			env.Fail(t, "", scoresQuery, map[string]any{"fw": fx.fw2023}, "UNAUTHENTICATED")
		})

		t.Run("Gia Hòa does not read Tái Sơn's result", func(t *testing.T) {
			giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
			r := env.Do(t, giaHoa, `query($id: ID!) { node(id: $id) { id ... on Assessment { result(approvedOnly: false) { total rank } } } }`,
				map[string]any{"id": fx.assessments["11098"]})
			if !strings.Contains(string(r.Data), `"node":null`) || strings.Contains(string(r.Data), "88.13") {
				t.Errorf("Gia Hòa reads Tái Sơn's assessment: %s %+v", r.Data, r.Errors)
			}
			var out struct {
				Mine  struct{ TotalCount int }
				Other struct{ TotalCount int }
			}
			env.OK(t, giaHoa, `{ mine: criterionScores { totalCount } other: assessments(where: {hasUnitWith: {code: "11098"}}) { totalCount } }`, nil, &out)
			if out.Other.TotalCount != 0 || out.Mine.TotalCount != 9 {
				t.Errorf("Gia Hòa reads %+v", out)
			}
		})
	})
}

func area(t *testing.T, r scoreRow, name string) areaRow {
	t.Helper()
	for _, a := range r.Areas {
		if a.Area == name {
			return a
		}
	}
	t.Fatalf("%s has no area %s: %+v", r.Unit.Code, name, r.Areas)
	return areaRow{}
}

// TestAssessmentResult reads a commune's own sheet: the result of each
// assessment, criterion by criterion, and the points each score counts with.
func TestAssessmentResult(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		buildResults(t, env)
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		var out struct {
			Assessments struct {
				Edges []struct {
					Node struct {
						Framework struct{ Year int }
						Result    resultRow
						Official  struct {
							Rank        *int
							RankedUnits int
						}
					}
				}
			}
			CriterionScores struct {
				Edges []struct {
					Node struct {
						Criterion struct {
							Code      string
							Framework struct{ Year int }
						}
						Points     *float64
						PointsFrom *string
						MaxPoints  float64
					}
				}
			}
		}
		env.OK(t, taiSon, `{
  assessments(first: 10) { edges { node {
    framework { year }
    result(approvedOnly: false) {
      points applicableMax total band rank rankedUnits missing
      criteria { code points maxPoints applicableMax total notApplicable missing value formula criterion { title } }
      previous { year total rank } change { total rank }
    }
    official: result { rank rankedUnits }
  } } }
  criterionScores(first: 100) { edges { node { criterion { code framework { year } } points pointsFrom maxPoints } } }
}`, nil, &out)
		if len(out.Assessments.Edges) != 2 {
			t.Fatalf("Tái Sơn reads %d assessments, want its 2023 and 2022 ones", len(out.Assessments.Edges))
		}
		for _, e := range out.Assessments.Edges {
			n := e.Node
			r := n.Result
			switch n.Framework.Year {
			case 2023:
				// Ranked with the approved Gia Hòa only: Tái Sơn does not read the others' unapproved totals.
				if r.Points != 70.5 || r.ApplicableMax != 80 || *r.Total != 88.13 || *r.Band != "GOOD" || *r.Rank != 2 || r.RankedUnits != 2 {
					t.Errorf("2023: %+v", r)
				}
				if *n.Official.Rank != 2 || n.Official.RankedUnits != 2 {
					t.Errorf("2023 among the approved: %+v", n.Official)
				}
				if r.Previous == nil || r.Previous.Year != 2022 || *r.Previous.Total != 80 || *r.Previous.Rank != 3 || *r.Change.Total != 8.13 || *r.Change.Rank != 1 {
					t.Errorf("2023 against 2022: %+v %+v", r.Previous, r.Change)
				}
				want := []string{
					"1: 18.5/20 of 20 = 92.5",
					"1.1: 8.5/10 of 10 = 85",
					"1.2: 10/10 of 10 = 100",
					"2: 27/30 of 30 = 90",
					"2.1: 20/20 of 20 = 100 value 0.9431 formula tỷ lệ trực tuyến 381/404 = 94,31% ≥ 50% → 20,00/20,00 điểm",
					"2.2: 7/10 of 10 = 70",
					"3: 0/20 of 0 = - not applicable",
					"4: 25/30 of 30 = 83.33",
					"4.1: 12/15 of 15 = 80",
					"4.2: 13/15 of 15 = 86.67",
				}
				var got []string
				for _, c := range r.Criteria {
					got = append(got, c.brief())
					if c.Criterion.Title == "" {
						t.Errorf("%s has no criterion", c.Code)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("criteria:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			case 2022:
				if *r.Total != 80 || *r.Rank != 3 || r.RankedUnits != 3 || r.Previous != nil || r.Change != nil {
					t.Errorf("2022: %+v", r)
				}
			}
		}
		points := map[string]string{}
		for _, e := range out.CriterionScores.Edges {
			n := e.Node
			if n.Criterion.Framework.Year == 2023 {
				from := "-"
				if n.PointsFrom != nil {
					from = *n.PointsFrom
				}
				points[n.Criterion.Code] = fmt.Sprintf("%s %s /%v", str(n.Points), from, n.MaxPoints)
			}
		}
		for code, want := range map[string]string{
			"1.1": "8.5 FINAL /10", "1.2": "10 SELF /10", "2.2": "7 APPRAISED /10", "3": "- - /0", "4.2": "13 SELF /15",
		} {
			if points[code] != want {
				t.Errorf("score on %s: %q, want %q", code, points[code], want)
			}
		}
		// A row without any score counts as missing, not as 0 given.
		var tx struct {
			CriterionScores struct {
				Edges []struct {
					Node struct {
						Criterion  struct{ Code string }
						Points     *float64
						PointsFrom *string
						MaxPoints  float64
					}
				}
			}
		}
		env.OK(t, env.Token(t, viewer.CommuneOfficer, "11095"), `{ criterionScores(first: 100) { edges { node { criterion { code } points pointsFrom maxPoints } } } }`, nil, &tx)
		for _, e := range tx.CriterionScores.Edges {
			if n := e.Node; n.Criterion.Code == "4.2" && (n.Points != nil || n.PointsFrom != nil || n.MaxPoints != 15) {
				t.Errorf("Tứ Xuyên's unscored 4.2: %+v", n)
			}
		}
	})
}

type resultRow struct {
	Points, ApplicableMax float64
	Total                 *float64
	Band                  *string
	Rank                  *int
	RankedUnits           int
	Missing               []string
	Criteria              []criterionRow
	Previous              *struct {
		Year  int
		Total *float64
		Rank  *int
	}
	Change *struct {
		Total *float64
		Rank  *int
	}
}

type criterionRow struct {
	Code                             string
	Points, MaxPoints, ApplicableMax float64
	Total                            *float64
	NotApplicable, Missing           bool
	Value                            *float64
	Formula                          *string
	Criterion                        struct{ Title string }
}

func (c criterionRow) brief() string {
	s := fmt.Sprintf("%s: %v/%v of %v = %s", c.Code, c.Points, c.MaxPoints, c.ApplicableMax, str(c.Total))
	if c.Value != nil {
		s += fmt.Sprintf(" value %v", *c.Value)
	}
	if c.Formula != nil {
		s += " formula " + *c.Formula
	}
	if c.NotApplicable {
		s += " not applicable"
	}
	if c.Missing {
		s += " missing"
	}
	return s
}

// TestResultsBoundedStatements: the results of a page of assessments, and
// the maxima of a page of scores, cost the statements of one.
func TestResultsBoundedStatements(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		fx := buildResults(t, env)
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		count := func(q string, where map[string]any) (int64, int) {
			before := env.Statements()
			var out struct {
				List struct{ Edges []any }
			}
			env.OK(t, tok, q, map[string]any{"where": where}, &out)
			return env.Statements() - before, len(out.List.Edges)
		}
		for name, c := range map[string]struct {
			query string
			one   map[string]any
		}{
			"assessments": {`query($where: AssessmentWhereInput) { list: assessments(first: 100, where: $where) { edges { node {
  result { total rank previous { total rank } criteria { code } } provisional: result(approvedOnly: false) { rank } } } } }`,
				map[string]any{"id": fx.assessments["11098"]}},
			"criterionScores": {`query($where: CriterionScoreWhereInput) { list: criterionScores(first: 100, where: $where) { edges { node {
  points maxPoints assessment { result { total } } } } } }`,
				map[string]any{"hasAssessmentWith": []map[string]any{{"id": fx.assessments["11098"]}}, "hasCriterionWith": []map[string]any{{"code": "1.1"}}}},
		} {
			one, n1 := count(c.query, c.one)
			all, n := count(c.query, nil)
			if n1 != 1 || n < 7 {
				t.Fatalf("%s: %d and %d rows", name, n1, n)
			}
			if one != all {
				t.Errorf("%s: 1 row took %d statements, %d rows took %d: the count must not grow with the rows", name, one, n, all)
			}
			if all > 15 {
				t.Errorf("%s: %d statements, want at most 15", name, all)
			}
			t.Logf("%s %s: %d statements for %d rows", env.Dialect, name, all, n)
		}
	})
}

func TestDownloadScores(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		fx := buildResults(t, env)
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		fw := strconv.Itoa(fx.fw2023)
		get := func(token, query string) (*http.Response, []byte) {
			t.Helper()
			return env.Get(t, token, "/scores?"+query)
		}
		check := func(rows [][]string) {
			t.Helper()
			if len(rows) != 6 || rows[0][0] != "unit.code" || rows[1][0] != "Mã đơn vị" {
				t.Fatalf("rows %q", rows)
			}
			col := func(name string) int {
				i := slices.Index(rows[0], name)
				if i < 0 {
					t.Fatalf("no column %s in %q", name, rows[0])
				}
				return i
			}
			var got []string
			for _, r := range rows[2:] {
				got = append(got, strings.Join([]string{r[col("unit.code")], r[col("status")], r[col("rank")], r[col("total")],
					r[col("band")], r[col("applicableMax")], r[col("areas.DIGITAL_GOVERNMENT.total")], r[col("missing")],
					r[col("previous.total")], r[col("previous.rank")], r[col("change.total")], r[col("change.rank")]}, " "))
			}
			want := []string{
				"11023 APPROVED 1 95 EXCELLENT 100 100  90 1 5 0",
				"11098 APPROVED 2 88.13 GOOD 80   80 3 8.13 1",
				"11101 APPRAISED 2 88.13 GOOD 100 100  85 2 3.13 0",
				"11095 DRAFT 4 85 GOOD 100 100 4.2    ",
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}

		res, body := get(province, "framework="+fw+"&approvedOnly=false")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("HTTP %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="scores_`+fw+`.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		raw, ok := bytes.CutPrefix(body, []byte("\uFEFF"))
		if !ok {
			t.Fatal("the CSV must start with the UTF-8 byte-order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		check(rows)

		res, body = get(province, "framework="+fw+"&approvedOnly=false&format=xlsx")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d: %s", res.StatusCode, body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if rows, err = f.GetRows(results.Sheet); err != nil {
			t.Fatal(err)
		}
		for i := range rows { // GetRows drops a row's empty cells at its end
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "")
			}
		}
		check(rows)
		if panes, err := f.GetPanes(results.Sheet); err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 2 {
			t.Errorf("panes %+v %v", panes, err)
		}

		// A commune downloads its own row, approved only by default, under its own code.
		res, body = get(env.Token(t, viewer.CommuneOfficer, "11098"), "framework="+fw+"&under=11098&level=COMMUNE")
		rows, _ = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if res.StatusCode != http.StatusOK || len(rows) != 3 || rows[2][0] != "11098" || rows[2][slices.Index(rows[0], "rank")] != "2" {
			t.Errorf("HTTP %d, rows %q", res.StatusCode, rows)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="scores_`+fw+`_11098_COMMUNE.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}

		for query, want := range map[string][3]any{
			"":                                    {http.StatusBadRequest, "BAD_USER_INPUT", "framework"},
			"framework=abc":                       {http.StatusBadRequest, "BAD_USER_INPUT", "framework"},
			"framework=" + fw + "&format=pdf":     {http.StatusBadRequest, "BAD_USER_INPUT", "format"},
			"framework=" + fw + "&approvedOnly=x": {http.StatusBadRequest, "BAD_USER_INPUT", "approvedOnly"},
			"framework=" + fw + "&level=TOWN":     {http.StatusBadRequest, "BAD_USER_INPUT", "level"},
			"framework=" + fw + "&under=99999":    {http.StatusBadRequest, "BAD_USER_INPUT", "under"},
			"framework=" + fw + "&year=2023":      {http.StatusBadRequest, "BAD_USER_INPUT", "year"},
			"framework=999999999":                 {http.StatusNotFound, "NOT_FOUND", "framework"},
		} {
			res, body := get(province, query)
			_, code, field := downloadError(t, body)
			if res.StatusCode != want[0] || code != want[1] || field != want[2] {
				t.Errorf("%q: HTTP %d %s %s, want %v", query, res.StatusCode, code, field, want)
			}
		}
		if res, _ := get("", "framework="+fw); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("without a token: HTTP %d", res.StatusCode)
		}
	})
}
