package demo_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/budget"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/ent/evidence"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/ent/task"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/period"
	"cchc/internal/scoring"
)

// frameworkOf maps stored criteria onto the scoring view, independently of
// the loader's own mapping.
func frameworkOf(f *ent.ScoringFramework, cs []*ent.Criterion) scoring.Framework {
	out := scoring.Framework{Year: f.Year}
	for _, c := range cs {
		sc := scoring.Criterion{ID: c.ID, ParentID: c.ParentID, Code: c.Code, Title: c.Title, MaxPoints: c.MaxPoints,
			Area: c.Area, Method: c.Method}
		if c.Indicator != nil {
			sc.Indicator = *c.Indicator
		}
		if c.RuleKind != nil {
			sc.Rule.Kind = *c.RuleKind
		}
		if c.Threshold != nil {
			sc.Rule.Threshold = *c.Threshold
		}
		if len(c.Bands) > 0 {
			sc.Rule.Bands = c.Bands
		}
		out.Criteria = append(out.Criteria, sc)
	}
	return out
}

// leavesOf returns the criteria without sub-criteria.
func leavesOf(cs []*ent.Criterion) []*ent.Criterion {
	parents := map[int]bool{}
	for _, c := range cs {
		if c.ParentID != nil {
			parents[*c.ParentID] = true
		}
	}
	var out []*ent.Criterion
	for _, c := range cs {
		if !parents[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

func loadFramework(ctx context.Context, t *testing.T, client *ent.Client, year int) (*ent.ScoringFramework, []*ent.Criterion) {
	t.Helper()
	f, err := client.ScoringFramework.Query().Where(scoringframework.Year(year), scoringframework.LevelEQ(scoringframework.LevelCOMMUNE)).
		WithUnit().Only(ctx)
	if err != nil {
		t.Fatalf("framework of %d: %v", year, err)
	}
	return f, f.QueryCriteria().Order(ent.Asc(criterion.FieldID)).AllX(ctx)
}

func checkFrameworks(ctx context.Context, t *testing.T, client *ent.Client) {
	// Leaves and points of each area, as the framework is written out in scoring.go.
	wantAreas := map[scoring.Area]struct {
		leaves int
		points float64
	}{
		scoring.AreaDirection: {9, 13}, scoring.AreaInstitutions: {5, 8}, scoring.AreaProcedures: {9, 18},
		scoring.AreaApparatus: {3, 6}, scoring.AreaCivilService: {6, 10}, scoring.AreaPublicFinance: {5, 7},
		scoring.AreaDigitalGovernment: {6, 12}, scoring.AreaImpact: {7, 26},
	}
	wantComputed := map[string]string{
		"1.1.2": "TASKS_DONE_RATE THRESHOLD 1 []",
		"3.2.2": "ON_TIME_RATE BANDS 0 [{0.8 2} {0.9 3.5} {0.95 5}]",
		"6.1":   "BUDGET_PUBLISHED THRESHOLD 1 []",
		"7.3.1": "ONLINE_RATE THRESHOLD 0.5 []",
	}
	var shapes []string
	for _, year := range []int{2022, 2023} {
		f, cs := loadFramework(ctx, t, client, year)
		if f.Edges.Unit.Code != "30" || f.Status != scoringframework.StatusPUBLISHED || f.PublishedAt == nil {
			t.Errorf("framework of %d: unit %s, status %s, published %v", year, f.Edges.Unit.Code, f.Status, f.PublishedAt)
		}
		if want := fmt.Sprintf("Bộ Chỉ số CCHC cấp xã năm %d", year); f.Title != want {
			t.Errorf("title %q, want %q", f.Title, want)
		}
		if err := frameworkOf(f, cs).Validate(); err != nil {
			t.Errorf("framework of %d does not validate: %v", year, err)
		}
		sum := 0.0
		areas := map[scoring.Area]struct {
			leaves int
			points float64
		}{}
		computed := map[string]string{}
		for _, c := range leavesOf(cs) {
			sum += c.MaxPoints
			a := areas[c.Area]
			a.leaves++
			a.points += c.MaxPoints
			areas[c.Area] = a
			if !strings.Contains(c.Guidance, "Tài liệu kiểm chứng:") {
				t.Errorf("%d %s: guidance names no evidence: %q", year, c.Code, c.Guidance)
			}
			if c.Method == scoring.MethodIndicator {
				th := 0.0
				if c.Threshold != nil {
					th = *c.Threshold
				}
				computed[c.Code] = fmt.Sprintf("%s %s %v %v", *c.Indicator, *c.RuleKind, th, c.Bands)
			}
		}
		if math.Abs(sum-100) > 1e-9 {
			t.Errorf("the leaves of %d sum to %v", year, sum)
		}
		if fmt.Sprint(areas) != fmt.Sprint(wantAreas) {
			t.Errorf("areas of %d:\n got %v\nwant %v", year, areas, wantAreas)
		}
		if fmt.Sprint(computed) != fmt.Sprint(wantComputed) {
			t.Errorf("computed leaves of %d:\n got %v\nwant %v", year, computed, wantComputed)
		}
		var shape []string
		for _, c := range cs {
			shape = append(shape, fmt.Sprintf("%s:%v", c.Code, c.MaxPoints))
		}
		shapes = append(shapes, strings.Join(shape, " "))
		if year == 2023 {
			if prev := f.QueryCopiedFrom().OnlyX(ctx); prev.Year != 2022 {
				t.Errorf("the framework of 2023 is copied from that of %d", prev.Year)
			}
		}
	}
	if shapes[0] != shapes[1] {
		t.Errorf("the frameworks of 2022 and 2023 differ:\n%s\n%s", shapes[0], shapes[1])
	}
}

// stepPoints returns the scores of an assessment as its last step left them.
func stepPoints(a *ent.Assessment, ss []*ent.CriterionScore) map[int]scoring.Score {
	out := map[int]scoring.Score{}
	for _, s := range ss {
		p := s.SelfScore
		switch a.Status {
		case assessment.StatusAPPRAISED:
			p = s.AppraisedScore
		case assessment.StatusAPPROVED:
			p = s.FinalScore
		}
		if p != nil {
			out[s.CriterionID] = scoring.Score{Points: *p, NotApplicable: s.NotApplicable}
		}
	}
	return out
}

func checkAssessments(ctx context.Context, t *testing.T, client *ent.Client) {
	want := map[string]assessment.Status{
		"2022 11098": assessment.StatusAPPROVED, "2022 11101": assessment.StatusAPPROVED, "2022 11095": assessment.StatusAPPROVED,
		"2023 11098": assessment.StatusAPPROVED, "2023 11101": assessment.StatusAPPRAISED,
		"2023 11095": assessment.StatusSELF_ASSESSED, "2023 11023": assessment.StatusDRAFT,
	}
	all := client.Assessment.Query().WithUnit().WithFramework().AllX(ctx)
	if len(all) != len(want) {
		t.Errorf("%d assessments, want %d", len(all), len(want))
	}
	for _, a := range all {
		key := fmt.Sprintf("%d %s", a.Edges.Framework.Year, a.Edges.Unit.Code)
		if a.Status != want[key] {
			t.Errorf("assessment %s is %s, want %s", key, a.Status, want[key])
		}
		code, rank := a.Edges.Unit.Code, map[assessment.Status]int{assessment.StatusSELF_ASSESSED: 1, assessment.StatusAPPRAISED: 2, assessment.StatusAPPROVED: 3}[a.Status]
		district := a.Edges.Unit.QueryParent().OnlyX(ctx).Code
		steps := []struct {
			name string
			at   bool
			by   *string
			want string
			from int
		}{
			{"self-assessed", a.SelfAssessedAt != nil, a.SelfAssessedBy, "COMMUNE_OFFICER@" + code, 1},
			{"appraised", a.AppraisedAt != nil, a.AppraisedBy, "DISTRICT_OFFICER@" + district, 2},
			{"approved", a.ApprovedAt != nil, a.ApprovedBy, "PROVINCE_OFFICER@30", 3},
		}
		for _, s := range steps {
			if rank >= s.from {
				if !s.at || s.by == nil || *s.by != s.want {
					t.Errorf("%s: %s at %v by %v, want by %s", key, s.name, s.at, s.by, s.want)
				}
			} else if s.at || s.by != nil {
				t.Errorf("%s (%s) has a %s step", key, a.Status, s.name)
			}
		}

		f, cs := loadFramework(ctx, t, client, a.Edges.Framework.Year)
		fw := frameworkOf(f, cs)
		ss := a.QueryScores().WithCriterion().WithEvidence().AllX(ctx)
		changes := 0
		for _, s := range ss {
			if s.UnitID != a.UnitID {
				t.Errorf("%s: score of %s owned by unit %d, not the assessed %d", key, s.Edges.Criterion.Code, s.UnitID, a.UnitID)
			}
			for _, e := range s.Edges.Evidence {
				if e.UnitID != a.UnitID || e.AddedBy != "COMMUNE_OFFICER@"+code {
					t.Errorf("%s: evidence %q of unit %d added by %s", key, e.Title, e.UnitID, e.AddedBy)
				}
				if e.URL == nil && (e.Sha256 == nil || e.Size == 0) {
					t.Errorf("%s: evidence %q is neither a link nor a file", key, e.Title)
				}
			}
			if s.SelfScore == nil && rank == 0 && s.AppraisedScore == nil && s.FinalScore == nil && !s.NotApplicable {
				continue // a DRAFT's leaf not scored yet
			}
			if s.SelfScore == nil || (rank >= 2) != (s.AppraisedScore != nil) || (rank >= 3) != (s.FinalScore != nil) {
				t.Errorf("%s (%s): score of %s self %v appraised %v final %v", key, a.Status, s.Edges.Criterion.Code, s.SelfScore, s.AppraisedScore, s.FinalScore)
				continue
			}
			if rank >= 2 {
				changed := *s.AppraisedScore != *s.SelfScore
				if changed != (s.AppraisalReason != nil) {
					t.Errorf("%s: %s appraised %v from %v with reason %v", key, s.Edges.Criterion.Code, *s.AppraisedScore, *s.SelfScore, s.AppraisalReason)
				}
				if changed {
					changes++
				}
			}
			if rank >= 3 && (*s.FinalScore != *s.AppraisedScore) != (s.FinalReason != nil) {
				t.Errorf("%s: %s final %v from %v with reason %v", key, s.Edges.Criterion.Code, *s.FinalScore, *s.AppraisedScore, s.FinalReason)
			}
			if (s.Edges.Criterion.Method == scoring.MethodIndicator) != (s.Formula != nil) {
				t.Errorf("%s: %s (%s) has formula %v", key, s.Edges.Criterion.Code, s.Edges.Criterion.Method, s.Formula)
			}
		}
		res, err := fw.Totals(stepPoints(a, ss))
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		if (a.Status == assessment.StatusDRAFT) != (len(res.Missing) > 0) {
			t.Errorf("%s (%s): missing %v", key, a.Status, res.Missing)
		}
		var areas []string
		for _, ar := range res.Areas {
			areas = append(areas, fmt.Sprintf("%v/%v", ar.Points, ar.MaxPoints))
		}
		t.Logf("%s %-13s %5.2f %-9s areas %s; %d scores, %d missing", key, a.Status, *res.Overall.Total,
			scoring.BandOf(*res.Overall.Total), strings.Join(areas, " "), len(ss), len(res.Missing))
		if key == "2023 11098" {
			if changes != 1 {
				t.Errorf("Tái Sơn 2023: %d appraisal changes, want 1", changes)
			}
			for _, s := range ss {
				if s.AppraisalReason != nil && len(s.Edges.Evidence) == 0 {
					t.Errorf("Tái Sơn 2023: the change of %s has no evidence", s.Edges.Criterion.Code)
				}
			}
		}
	}
}

// count writes a whole number as the formulas do: 1.234.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// checkTaiSonComputed recounts Tái Sơn's 2023 records with ent queries and
// finds the counts in the formulas of its computed criteria.
func checkTaiSonComputed(ctx context.Context, t *testing.T, client *ent.Client, taiSon *ent.Unit) {
	start, end := period.Date(2023, 1, 1), period.Date(2024, 1, 1)
	d := compute(taiSon.QueryDossiers().AllX(ctx), start, end)

	tasks := taiSon.QueryPlans().QueryTasks().Where(task.DueOnGTE(start), task.DueOnLT(end)).AllX(ctx)
	done := 0
	for _, tk := range tasks {
		if tk.Status == task.StatusDONE && tk.CompletedOn != nil && !tk.CompletedOn.After(*tk.DueOn) {
			done++
		}
	}
	b := taiSon.QueryBudgets().Where(budget.FiscalYear(2023)).OnlyX(ctx)
	if b.PublishedOn == nil || d.resolved == 0 || d.received == 0 || len(tasks) == 0 {
		t.Fatalf("Tái Sơn's 2023 records lack what the computed criteria need: %+v, %d tasks, budget %+v", d, len(tasks), b)
	}

	onTime := float64(d.early+d.onTime) / float64(d.resolved)
	onTimePoints := map[bool]float64{true: 5, false: 3.5}[onTime >= 0.95]
	online := float64(d.online) / float64(d.received)
	tasksDone := float64(done) / float64(len(tasks))
	want := map[string]struct {
		formula string
		value   float64
		points  float64
	}{
		"3.2.2": {fmt.Sprintf("tỷ lệ đúng hạn (%s + %s)/%s = ", count(d.early), count(d.onTime), count(d.resolved)), onTime, onTimePoints},
		"7.3.1": {fmt.Sprintf("tỷ lệ trực tuyến %s/%s = ", count(d.online), count(d.received)), online, 3},
		"1.1.2": {fmt.Sprintf("tỷ lệ nhiệm vụ hoàn thành đúng hạn %d/%d = ", done, len(tasks)), tasksDone, scoring.Round2(2 * tasksDone)},
		"6.1":   {"công khai ngày " + b.PublishedOn.In(period.Location).Format("02/01/2006") + ": 1", 1, 2},
	}
	if onTime < 0.9 || online < 0.5 {
		t.Fatalf("Tái Sơn's on-time share %v or online share %v is not what the demonstration shows", onTime, online)
	}
	a := client.Assessment.Query().Where(assessment.HasUnitWith(unit.Code("11098")),
		assessment.HasFrameworkWith(scoringframework.Year(2023))).OnlyX(ctx)
	ss := a.QueryScores().Where(criterionscore.HasCriterionWith(criterion.MethodEQ(scoring.MethodIndicator))).WithCriterion().AllX(ctx)
	if len(ss) != len(want) {
		t.Errorf("%d computed scores, want %d", len(ss), len(want))
	}
	for _, s := range ss {
		code := s.Edges.Criterion.Code
		w, ok := want[code]
		switch {
		case !ok:
			t.Errorf("unexpected computed criterion %s", code)
		case s.Formula == nil || !strings.Contains(*s.Formula, w.formula):
			t.Errorf("%s: formula %v, want it to contain %q", code, s.Formula, w.formula)
		case !strings.HasSuffix(*s.Formula, fmt.Sprintf("/%s điểm", strings.Replace(strconv.FormatFloat(s.Edges.Criterion.MaxPoints, 'f', 2, 64), ".", ",", 1))):
			t.Errorf("%s: formula %q does not end with the points out of the maximum", code, *s.Formula)
		case s.ComputedValue == nil || math.Abs(*s.ComputedValue-w.value) > 1e-12:
			t.Errorf("%s: value %v, want %v", code, s.ComputedValue, w.value)
		case *s.SelfScore != w.points || *s.FinalScore != w.points || s.NotApplicable:
			t.Errorf("%s: self %v final %v (not applicable %v), want %v", code, *s.SelfScore, *s.FinalScore, s.NotApplicable, w.points)
		default:
			t.Logf("%s: %s", code, *s.Formula)
		}
	}
}

// TestScoringSameOnBothDatabases loads the demonstration on SQLite and on
// PostgreSQL and finds the same frameworks, assessments, scores (computed
// ones included) and evidence in the same ID order. The databases number
// from different starts, so IDs are compared by their rank in their table.
func TestScoringSameOnBothDatabases(t *testing.T) {
	got := map[string]string{}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		ctx, c := privacy.DecisionContext(context.Background(), privacy.Allow), env.DB.Client
		rank := map[int]int{}
		for _, ids := range [][]int{
			c.Unit.Query().Order(ent.Asc(unit.FieldID)).IDsX(ctx),
			c.ScoringFramework.Query().Order(ent.Asc(scoringframework.FieldID)).IDsX(ctx),
			c.Criterion.Query().Order(ent.Asc(criterion.FieldID)).IDsX(ctx),
			c.Assessment.Query().Order(ent.Asc(assessment.FieldID)).IDsX(ctx),
			c.CriterionScore.Query().Order(ent.Asc(criterionscore.FieldID)).IDsX(ctx),
		} {
			for i, id := range ids {
				rank[id] = i
			}
		}
		var b strings.Builder
		for _, x := range c.Criterion.Query().Order(ent.Asc(criterion.FieldID)).AllX(ctx) {
			fmt.Fprintln(&b, rank[x.FrameworkID], x.ParentID != nil, x.Code, x.MaxPoints)
		}
		for _, x := range c.Assessment.Query().Order(ent.Asc(assessment.FieldID)).AllX(ctx) {
			fmt.Fprintln(&b, rank[x.UnitID], rank[x.FrameworkID], x.Status, x.ApprovedBy != nil)
		}
		for _, x := range c.CriterionScore.Query().Order(ent.Asc(criterionscore.FieldID)).AllX(ctx) {
			fmt.Fprintln(&b, rank[x.AssessmentID], rank[x.CriterionID], rank[x.UnitID], deref(x.SelfScore), deref(x.AppraisedScore),
				deref(x.FinalScore), deref(x.ComputedValue), deref(x.Formula))
		}
		for _, x := range c.Evidence.Query().Order(ent.Asc(evidence.FieldID)).AllX(ctx) {
			fmt.Fprintln(&b, rank[x.ScoreID], rank[x.UnitID], x.Title, deref(x.Sha256), x.Size)
		}
		got[env.Dialect] = b.String()
	})
	if len(got) == 2 && got[dialect.SQLite] != got[dialect.Postgres] {
		a, b := strings.Split(got[dialect.SQLite], "\n"), strings.Split(got[dialect.Postgres], "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("line %d differs:\n sqlite   %s\n postgres %s", i, a[i], b[i])
			}
		}
		t.Fatalf("%d and %d lines", len(a), len(b))
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
