package server_test

import (
	"context"
	"strconv"
	"testing"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/apitest"
	"cchc/internal/framework"
	"cchc/internal/scoring"
)

// frameworkBuilder builds a province-30 framework for communes, its criteria
// and assessments through ent past the privacy rules, as the workflow would
// leave them: the tests of results need frameworks the demonstration data
// does not have.
type frameworkBuilder struct {
	t        *testing.T
	env      *apitest.Env
	ctx      context.Context
	fw       *ent.ScoringFramework
	criteria map[string]*ent.Criterion // by code
}

// newFramework starts a DRAFT framework of province 30 for communes of year.
func newFramework(t *testing.T, env *apitest.Env, year int) *frameworkBuilder {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	fw, err := env.DB.Client.ScoringFramework.Create().SetUnitID(env.UnitID(t, "30")).SetYear(year).
		SetLevel(scoringframework.LevelCOMMUNE).SetTitle("Bộ chỉ số CCHC cấp xã năm " + strconv.Itoa(year)).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &frameworkBuilder{t: t, env: env, ctx: ctx, fw: fw, criteria: map[string]*ent.Criterion{}}
}

// criterion adds a MANUAL criterion under the one coded parent ("" at the top).
func (b *frameworkBuilder) criterion(code, parent string, max float64, area scoring.Area) *frameworkBuilder {
	b.t.Helper()
	return b.add(b.env.DB.Client.Criterion.Create().SetCode(code).SetMaxPoints(max).SetArea(area), parent)
}

// indicator adds an INDICATOR criterion: full points at threshold and pro rata below.
func (b *frameworkBuilder) indicator(code, parent string, max float64, area scoring.Area, ind scoring.Indicator, threshold float64) *frameworkBuilder {
	b.t.Helper()
	return b.add(b.env.DB.Client.Criterion.Create().SetCode(code).SetMaxPoints(max).SetArea(area).
		SetMethod(scoring.MethodIndicator).SetIndicator(ind).SetRuleKind(scoring.RuleThreshold).SetThreshold(threshold), parent)
}

func (b *frameworkBuilder) add(c *ent.CriterionCreate, parent string) *frameworkBuilder {
	b.t.Helper()
	c.SetFrameworkID(b.fw.ID).SetTitle("Tiêu chí")
	if parent != "" {
		c.SetParentID(b.criteria[parent].ID)
	}
	saved, err := c.Save(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	b.criteria[saved.Code] = saved
	return b
}

// publish publishes the framework, checking first that scoring takes it.
func (b *frameworkBuilder) publish() *frameworkBuilder {
	b.t.Helper()
	criteria := make([]*ent.Criterion, 0, len(b.criteria))
	for _, c := range b.criteria {
		criteria = append(criteria, c)
	}
	if err := framework.Of(b.fw.Year, criteria).Validate(); err != nil {
		b.t.Fatalf("framework %d: %v", b.fw.Year, err)
	}
	fw, err := b.fw.Update().SetStatus(scoringframework.StatusPUBLISHED).Save(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	b.fw = fw
	return b
}

// given is one criterion's stored score; nil points are not given.
type given struct {
	code                   string
	self, appraised, final *float64
	notApplicable          bool
	value                  *float64
	formula                string
}

// assess stores the assessment of the commune code with the scores given,
// then moves it to status.
func (b *frameworkBuilder) assess(code string, status assessment.Status, scores ...given) *ent.Assessment {
	b.t.Helper()
	client, unit := b.env.DB.Client, b.env.UnitID(b.t, code)
	a, err := client.Assessment.Create().SetUnitID(unit).SetFrameworkID(b.fw.ID).Save(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, s := range scores {
		c := client.CriterionScore.Create().SetAssessmentID(a.ID).SetCriterionID(b.criteria[s.code].ID).SetUnitID(unit).
			SetNotApplicable(s.notApplicable).SetNillableSelfScore(s.self).SetNillableAppraisedScore(s.appraised).
			SetNillableFinalScore(s.final).SetNillableComputedValue(s.value).SetSelfNote("Giải trình")
		if s.formula != "" {
			c.SetFormula(s.formula)
		}
		if _, err := c.Save(b.ctx); err != nil {
			b.t.Fatal(err)
		}
	}
	if status != assessment.StatusDRAFT {
		if a, err = a.Update().SetStatus(status).Save(b.ctx); err != nil {
			b.t.Fatal(err)
		}
	}
	return a
}

func pts(p float64) *float64 { return &p }

// self is a criterion scored by the unit only.
func self(code string, p float64) given { return given{code: code, self: pts(p)} }

// resultsFixture is what buildResults stored.
type resultsFixture struct {
	fw2023, fw2022 int
	// The 2023 assessments by commune code.
	assessments map[string]int
}

// buildResults stores the frameworks of 2023 and 2022 for the communes of
// province 30 and their assessments, chosen so that the 2023 results are
// known by hand (approvedOnly false ranks all four; true, the approved two):
//
//	unit   status         points/applicable   total   rank (all / approved)   2022 total, rank
//	11023  APPROVED       95/100              95      1 / 1                   90, 1
//	11098  APPROVED       70.5/80 (3 n/a)     88.13   2 / 2                   80, 3
//	11101  APPRAISED      88.13/100           88.13   2 / –                   85, 2
//	11095  DRAFT          85/100 (4.2 missing) 85     4 / –                   –
//
// Tái Sơn's 88.125 rounds to Quang Phục's 88.13: they tie, and the next rank is 4.
func buildResults(t *testing.T, env *apitest.Env) resultsFixture {
	withoutDemoScoring(t, env)
	t.Helper()
	b := newFramework(t, env, 2023).
		criterion("1", "", 20, scoring.AreaDirection).
		criterion("1.1", "1", 10, scoring.AreaDirection).
		criterion("1.2", "1", 10, scoring.AreaDirection).
		criterion("2", "", 30, scoring.AreaProcedures).
		indicator("2.1", "2", 20, scoring.AreaProcedures, scoring.IndicatorOnlineRate, 0.5).
		criterion("2.2", "2", 10, scoring.AreaProcedures).
		criterion("3", "", 20, scoring.AreaDigitalGovernment).
		criterion("4", "", 30, scoring.AreaImpact).
		criterion("4.1", "4", 15, scoring.AreaImpact).
		criterion("4.2", "4", 15, scoring.AreaImpact).
		publish()
	online := given{code: "2.1", self: pts(20), value: pts(0.9431), formula: "tỷ lệ trực tuyến 381/404 = 94,31% ≥ 50% → 20,00/20,00 điểm"}
	full := []given{self("1.1", 10), self("1.2", 10), online, self("2.2", 10), self("3", 20)}
	fx := resultsFixture{fw2023: b.fw.ID, assessments: map[string]int{}}
	fx.assessments["11023"] = b.assess("11023", assessment.StatusAPPROVED, append(full, self("4.1", 15), self("4.2", 10))...).ID
	fx.assessments["11098"] = b.assess("11098", assessment.StatusAPPROVED,
		given{code: "1.1", self: pts(9), appraised: pts(8), final: pts(8.5)},
		self("1.2", 10), online,
		given{code: "2.2", self: pts(8), appraised: pts(7)},
		given{code: "3", notApplicable: true},
		self("4.1", 12), self("4.2", 13)).ID
	fx.assessments["11101"] = b.assess("11101", assessment.StatusAPPRAISED,
		append(full, self("4.1", 10), given{code: "4.2", self: pts(9), appraised: pts(8.13)})...).ID
	// 4.2 has a row, explained but not scored: missing all the same.
	fx.assessments["11095"] = b.assess("11095", assessment.StatusDRAFT, append(full, self("4.1", 15), given{code: "4.2"})...).ID

	prev := newFramework(t, env, 2022).
		criterion("1", "", 50, scoring.AreaDirection).
		criterion("2", "", 50, scoring.AreaProcedures).
		publish()
	prev.assess("11023", assessment.StatusAPPROVED, self("1", 45), self("2", 45))
	prev.assess("11098", assessment.StatusAPPROVED, self("1", 40), self("2", 40))
	prev.assess("11101", assessment.StatusAPPROVED, self("1", 40), self("2", 45))
	fx.fw2022 = prev.fw.ID
	return fx
}
