package demo_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "modernc.org/sqlite"

	"cchc/ent"
	"cchc/ent/dossier"
	"cchc/ent/feedback"
	"cchc/ent/official"
	"cchc/ent/privacy"
	_ "cchc/ent/runtime"
	"cchc/ent/staffingquota"
	"cchc/ent/unit"
	"cchc/internal/demo"
	"cchc/internal/enum"
	"cchc/internal/period"
)

func openClient(t *testing.T) (context.Context, *ent.Client) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:demo?mode=memory&cache=shared&_pragma=foreign_keys(1)&_time_format=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.SQLite, db)))
	t.Cleanup(func() { client.Close() })
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	if err := client.Schema.Create(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx, client
}

// figures are the dossier figures of DOMAIN.md for a unit and a period.
type figures struct {
	carriedOver, received, online, direct, postal, total int
	resolved, early, onTime, late                        int
	pending, pendingWithin, pendingOverdue, otherClosed  int
}

// compute classifies dossiers by the definitions of DOMAIN.md, comparing
// local dates in Asia/Ho_Chi_Minh.
func compute(ds []*ent.Dossier, start, end time.Time) figures {
	var f figures
	finishedBefore := func(d *ent.Dossier, t time.Time) bool { return d.FinishedAt != nil && d.FinishedAt.Before(t) }
	inPeriod := func(t *time.Time) bool { return t != nil && !t.Before(start) && t.Before(end) }
	for _, d := range ds {
		if d.ReceivedAt.Before(start) && !finishedBefore(d, start) {
			f.carriedOver++
		}
		if inPeriod(&d.ReceivedAt) {
			f.received++
			switch d.Channel {
			case dossier.ChannelONLINE:
				f.online++
			case dossier.ChannelDIRECT:
				f.direct++
			case dossier.ChannelPOSTAL:
				f.postal++
			}
		}
		switch d.Status {
		case dossier.StatusRESOLVED, dossier.StatusRETURNED:
			if inPeriod(d.FinishedAt) {
				f.resolved++
				fin, due := period.LocalDate(*d.FinishedAt), period.LocalDate(*d.DueAt)
				switch {
				case fin.Before(due):
					f.early++
				case fin.Equal(due):
					f.onTime++
				default:
					f.late++
				}
			}
		case dossier.StatusREJECTED, dossier.StatusWITHDRAWN, dossier.StatusSTOPPED:
			if inPeriod(d.FinishedAt) {
				f.otherClosed++
			}
		}
		if d.ReceivedAt.Before(end) && !finishedBefore(d, end) {
			f.pending++
			if d.DueAt != nil && d.DueAt.Before(end) {
				f.pendingOverdue++
			} else {
				f.pendingWithin++
			}
		}
	}
	f.total = f.carriedOver + f.received
	return f
}

type counts map[string]int

func countAll(ctx context.Context, t *testing.T, c *ent.Client) counts {
	t.Helper()
	n := counts{}
	for name, q := range map[string]func() (int, error){
		"units":      func() (int, error) { return c.Unit.Query().Count(ctx) },
		"procedures": func() (int, error) { return c.Procedure.Query().Count(ctx) },
		"dossiers":   func() (int, error) { return c.Dossier.Query().Count(ctx) },
		"officials":  func() (int, error) { return c.Official.Query().Count(ctx) },
		"trainings":  func() (int, error) { return c.Training.Query().Count(ctx) },
		"plans":      func() (int, error) { return c.ReformPlan.Query().Count(ctx) },
		"tasks":      func() (int, error) { return c.Task.Query().Count(ctx) },
		"budgets":    func() (int, error) { return c.Budget.Query().Count(ctx) },
		"lines":      func() (int, error) { return c.BudgetLine.Query().Count(ctx) },
		"feedback":   func() (int, error) { return c.Feedback.Query().Count(ctx) },
		"reports":    func() (int, error) { return c.Report.Query().Count(ctx) },
		"quotas":     func() (int, error) { return c.StaffingQuota.Query().Count(ctx) },
		"discipline": func() (int, error) { return c.DisciplinaryAction.Query().Count(ctx) },
		"frameworks": func() (int, error) { return c.ScoringFramework.Query().Count(ctx) },
		"criteria":   func() (int, error) { return c.Criterion.Query().Count(ctx) },
		"assessment": func() (int, error) { return c.Assessment.Query().Count(ctx) },
		"scores":     func() (int, error) { return c.CriterionScore.Query().Count(ctx) },
		"evidence":   func() (int, error) { return c.Evidence.Query().Count(ctx) },
	} {
		v, err := q()
		if err != nil {
			t.Fatalf("counting %s: %v", name, err)
		}
		n[name] = v
	}
	return n
}

func TestLoad(t *testing.T) {
	ctx, client := openClient(t)

	began := time.Now()
	loaded, err := demo.Load(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		t.Fatal("Load on an empty database returned loaded=false")
	}
	if d := time.Since(began); d > 3*time.Second {
		t.Errorf("Load took %v, want under 3s", d)
	}
	before := countAll(ctx, t, client)
	t.Logf("loaded %v in %v", before, time.Since(began))

	loaded, err = demo.Load(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if loaded {
		t.Error("second Load returned loaded=true")
	}
	after := countAll(ctx, t, client)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("second Load changed %s: %d → %d", k, v, after[k])
		}
	}

	taiSon := client.Unit.Query().Where(unit.Code("11098")).OnlyX(ctx)
	if p := taiSon.QueryParent().OnlyX(ctx); p.Code != "298" {
		t.Errorf("Tái Sơn sits under %s, want 298", p.Code)
	}

	t.Run("dossiers of Tái Sơn, first half of 2023", func(t *testing.T) {
		ds := taiSon.QueryDossiers().AllX(ctx)
		got := compute(ds, period.Date(2023, 1, 1), period.Date(2023, 7, 1))
		want := figures{
			carriedOver: 8, received: 404, online: 381, direct: 20, postal: 3, total: 412,
			resolved: 403, early: 381, onTime: 17, late: 5,
			pending: 4, pendingWithin: 4, pendingOverdue: 0, otherClosed: 5,
		}
		if got != want {
			t.Errorf("figures\n got %+v\nwant %+v", got, want)
		}
		if got.direct+got.postal != 23 {
			t.Errorf("direct and postal = %d, want 23", got.direct+got.postal)
		}
		if got.resolved+got.pending+got.otherClosed != got.total {
			t.Errorf("resolved + pending + otherClosed = %d, want total %d", got.resolved+got.pending+got.otherClosed, got.total)
		}
		// Every Tái Sơn dossier received before 2023 is one of the 8 carried over.
		old := 0
		for _, d := range ds {
			if d.ReceivedAt.Before(period.Date(2023, 1, 1)) {
				old++
			}
			if d.Channel == dossier.ChannelONLINE {
				p := d.QueryProcedure().OnlyX(ctx)
				if p.OnlineService == "NONE" {
					t.Errorf("dossier %s received online for %s, which has no online service", d.Code, p.Code)
				}
			}
		}
		if old != 8 {
			t.Errorf("%d dossiers received before 2023, want 8", old)
		}
		h2 := compute(ds, period.Date(2023, 7, 1), period.Date(2024, 1, 1))
		if h2.received < 300 || h2.carriedOver != 4 {
			t.Errorf("second half: received %d, carried over %d; want ≥ 300 and 4", h2.received, h2.carriedOver)
		}
	})

	t.Run("other communes differ", func(t *testing.T) {
		for _, code := range []string{"11101", "11095", "11023"} {
			u := client.Unit.Query().Where(unit.Code(code)).OnlyX(ctx)
			f := compute(u.QueryDossiers().AllX(ctx), period.Date(2023, 1, 1), period.Date(2024, 1, 1))
			t.Logf("%s %s 2023: %+v", code, u.Name, f)
			if f.received < 250 || f.received > 600 {
				t.Errorf("%s received %d in 2023", code, f.received)
			}
		}
	})

	t.Run("staff of Tái Sơn", func(t *testing.T) {
		all := taiSon.QueryOfficials().AllX(ctx)
		type tally struct{ n, party, trung, so, daiHoc, untrained int }
		var cb, cc tally
		partTime, former := 0, 0
		for _, o := range all {
			if o.EndedOn != nil && !o.EndedOn.After(period.Date(2023, 1, 1)) {
				former++
				continue
			}
			var tl *tally
			switch o.Category {
			case official.CategoryCAN_BO:
				tl = &cb
			case official.CategoryCONG_CHUC:
				tl = &cc
			case official.CategoryPART_TIME, official.CategoryVILLAGE_PART_TIME:
				partTime++
				continue
			default:
				t.Errorf("unexpected category %s", o.Category)
				continue
			}
			tl.n++
			if o.PartyMember {
				tl.party++
			}
			switch o.PoliticalTheory {
			case official.PoliticalTheoryTRUNG_CAP:
				tl.trung++
			case official.PoliticalTheorySO_CAP:
				tl.so++
			}
			switch o.Education {
			case official.EducationDAI_HOC:
				tl.daiHoc++
			case official.EducationUNTRAINED:
				tl.untrained++
			}
		}
		if want := (tally{9, 9, 8, 1, 8, 1}); cb != want {
			t.Errorf("cán bộ %+v, want %+v", cb, want)
		}
		if want := (tally{8, 8, 5, 3, 8, 0}); cc != want {
			t.Errorf("công chức %+v, want %+v", cc, want)
		}
		if partTime != 32 {
			t.Errorf("part-time %d, want 32", partTime)
		}
		if former != 1 {
			t.Errorf("former officials %d, want 1", former)
		}
		q := taiSon.QueryStaffingQuotas().Where(staffingquota.Year(2023)).OnlyX(ctx)
		if q.CanBo != 10 || q.CongChuc != 8 {
			t.Errorf("quota %d + %d, want 10 + 8", q.CanBo, q.CongChuc)
		}
		tho := 0
		for _, o := range all {
			if o.FullName == "Nguyễn Thế Thọ" && o.Position == "Chủ tịch UBND xã" && o.Category == official.CategoryCAN_BO {
				tho++
			}
		}
		if tho != 1 {
			t.Error("the signatory Nguyễn Thế Thọ, Chủ tịch UBND xã, is missing")
		}
		if n := taiSon.QueryOfficials().QueryDisciplinaryActions().CountX(ctx); n != 0 {
			t.Errorf("Tái Sơn has %d disciplinary actions, want 0", n)
		}
	})

	t.Run("plans, budget, report and feedback of Tái Sơn", func(t *testing.T) {
		plans := taiSon.QueryPlans().AllX(ctx)
		if len(plans) < 18 {
			t.Errorf("%d plans, want the ~20 named in the report", len(plans))
		}
		main := 0
		for _, p := range plans {
			if p.Title == "Kế hoạch cải cách hành chính nhà nước xã Tái Sơn năm 2023" {
				main++
				parent := p.QueryParentPlan().OnlyX(ctx)
				if parent.QueryUnit().OnlyX(ctx).Code != "298" {
					t.Error("the main plan does not implement the district's plan")
				}
			}
		}
		if main != 1 {
			t.Errorf("%d main plans, want 1", main)
		}
		b := taiSon.QueryBudgets().OnlyX(ctx)
		if n := b.QueryLines().CountX(ctx); n < 15 {
			t.Errorf("budget has %d lines", n)
		}
		r := taiSon.QueryReports().OnlyX(ctx)
		if r.PeriodYear != 2023 || r.PeriodIndex != 1 || r.Strengths == "" || r.Limitations == "" || r.Directions == "" || r.DirectionSummary == "" {
			t.Errorf("report %+v", r)
		}
		if r.PeriodKind != enum.PeriodHalfYear {
			t.Errorf("report period kind %s, want HALF_YEAR", r.PeriodKind)
		}
		if n := client.Feedback.Query().Where(feedback.HasDossier()).CountX(ctx); n != 2 {
			t.Errorf("%d feedbacks about a dossier, want 2", n)
		}
		for _, f := range taiSon.QueryFeedbacks().AllX(ctx) {
			if f.ReceivedAt.Before(period.Date(2023, 7, 1)) && !f.ReceivedAt.Before(period.Date(2023, 1, 1)) {
				t.Errorf("Tái Sơn has feedback in the first half of 2023: %q", f.Content)
			}
		}
	})

	t.Run("scoring frameworks", func(t *testing.T) { checkFrameworks(ctx, t, client) })
	t.Run("assessments", func(t *testing.T) { checkAssessments(ctx, t, client) })
	t.Run("computed criteria of Tái Sơn 2023", func(t *testing.T) { checkTaiSonComputed(ctx, t, client, taiSon) })
}

// TestDeterministic loads twice into separate databases and compares the dossiers.
func TestDeterministic(t *testing.T) {
	load := func(name string) []*ent.Dossier {
		db, err := sql.Open("sqlite", "file:"+name+"?mode=memory&cache=shared&_pragma=foreign_keys(1)&_time_format=sqlite")
		if err != nil {
			t.Fatal(err)
		}
		client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.SQLite, db)))
		defer client.Close()
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		if err := client.Schema.Create(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(ctx, client); err != nil {
			t.Fatal(err)
		}
		return client.Dossier.Query().Order(ent.Asc(dossier.FieldID)).AllX(ctx)
	}
	a, b := load("det1"), load("det2")
	if len(a) != len(b) {
		t.Fatalf("%d and %d dossiers", len(a), len(b))
	}
	for i := range a {
		if a[i].Code != b[i].Code || !a[i].ReceivedAt.Equal(b[i].ReceivedAt) || a[i].Status != b[i].Status {
			t.Fatalf("dossier %d differs: %s %v %s / %s %v %s", i, a[i].Code, a[i].ReceivedAt, a[i].Status, b[i].Code, b[i].ReceivedAt, b[i].Status)
		}
	}
}
