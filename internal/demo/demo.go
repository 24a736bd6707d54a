// Package demo loads the demonstration data built from the Tái Sơn report
// (Báo cáo công tác CCHC 6 tháng đầu năm 2023 of Tái Sơn commune, Tứ Kỳ
// district, Hải Dương province): the unit tree around it, a commune-level
// procedure catalogue, dossiers, officials, plans and tasks, budgets,
// feedback and the report itself; and the province's commune-level
// reform-index frameworks (Bộ Chỉ số CCHC cấp xã) of 2022 and 2023 with the
// communes' assessments at each step of the workflow, the computed criteria
// scored from the records. Tái Sơn's records reproduce the report's
// figures for the first half of 2023 exactly; three other communes have
// different, believable records so that comparisons and access rules have
// something to tell apart. The data is the same on every run.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/provinceprocedure"
	"cchc/ent/unit"
	"cchc/internal/enum"
)

// batchSize bounds the rows of one bulk insert.
const batchSize = 500

// Load fills an empty database with the demonstration data and does nothing
// (returns loaded=false, nil) when the database already holds any unit.
func Load(ctx context.Context, client *ent.Client) (loaded bool, err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: starting a transaction: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	// The client does not tell its dialect, which the indicator engine
	// needs; the statement builder does.
	var dia string
	exists, err := tx.Unit.Query().Where(func(s *sql.Selector) { dia = s.Dialect() }).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: looking for units: %w", err)
	}
	if exists {
		return false, tx.Rollback()
	}
	l := &loader{tx: tx, dialect: dia, r: rand.New(rand.NewPCG(1, 2)), units: map[string]int{}, officials: map[string]int{}}
	for _, step := range []struct {
		name string
		run  func(context.Context) error
	}{
		{"units", l.loadUnits},
		{"procedures", l.loadProcedures},
		{"dossiers", l.loadDossiers},
		{"officials", l.loadOfficials},
		{"plans", l.loadPlans},
		{"budgets", l.loadBudgets},
		{"feedback and reports", l.loadFeedbackAndReports},
		{"scoring frameworks and assessments", l.loadScoring},
	} {
		if err = step.run(ctx); err != nil {
			return false, fmt.Errorf("demo: loading %s: %w", step.name, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return false, fmt.Errorf("demo: committing: %w", err)
	}
	return true, nil
}

// loader writes the data in one transaction, remembering the IDs it needs
// to link records: units by code, officials by unit and name or position.
type loader struct {
	tx         *ent.Tx
	dialect    string
	r          *rand.Rand
	units      map[string]int
	procs      []int
	dossiers   []dossierSpec
	dossierIDs []int
	officials  map[string]int // "unit/full name" and "unit/position" (first holder)
}

// bulk saves builders in batches of batchSize.
func bulk[B, E any](builders []B, save func(...B) ([]E, error)) ([]E, error) {
	out := make([]E, 0, len(builders))
	for i := 0; i < len(builders); i += batchSize {
		es, err := save(builders[i:min(i+batchSize, len(builders))]...)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

func (l *loader) loadUnits(ctx context.Context) error {
	tx := l.tx
	province, err := tx.Unit.Create().SetCode("30").SetName("Hải Dương").
		SetLevel(unit.LevelPROVINCE).SetKind(unit.KindPROVINCE).Save(ctx)
	if err != nil {
		return err
	}
	l.units["30"] = province.ID
	districts, err := tx.Unit.CreateBulk(
		tx.Unit.Create().SetCode("298").SetName("Tứ Kỳ").SetLevel(unit.LevelDISTRICT).SetKind(unit.KindRURAL_DISTRICT).SetParentID(province.ID),
		tx.Unit.Create().SetCode("297").SetName("Gia Lộc").SetLevel(unit.LevelDISTRICT).SetKind(unit.KindRURAL_DISTRICT).SetParentID(province.ID),
	).Save(ctx)
	if err != nil {
		return err
	}
	for _, d := range districts {
		l.units[d.Code] = d.ID
	}
	communes := []struct{ code, name, district string }{
		{"11098", "Tái Sơn", "298"}, {"11101", "Quang Phục", "298"}, {"11095", "Tứ Xuyên", "298"}, {"11023", "Gia Hòa", "297"},
	}
	var bs []*ent.UnitCreate
	for _, c := range communes {
		bs = append(bs, tx.Unit.Create().SetCode(c.code).SetName(c.name).SetLevel(unit.LevelCOMMUNE).
			SetKind(unit.KindCOMMUNE).SetParentID(l.units[c.district]))
	}
	created, err := tx.Unit.CreateBulk(bs...).Save(ctx)
	if err != nil {
		return err
	}
	for _, c := range created {
		l.units[c.Code] = c.ID
	}
	return nil
}

func (l *loader) loadProcedures(ctx context.Context) error {
	var bs []*ent.ProcedureCreate
	for _, p := range procedures {
		bs = append(bs, l.tx.Procedure.Create().SetCode(p.code).SetName(p.name).SetField(p.field).
			SetProcessingDays(p.days).SetOnlineService(p.online))
	}
	created, err := bulk(bs, func(b ...*ent.ProcedureCreate) ([]*ent.Procedure, error) {
		return l.tx.Procedure.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	for _, p := range created {
		l.procs = append(l.procs, p.ID)
	}
	return nil
}

func (l *loader) loadDossiers(ctx context.Context) error {
	specs := append(taiSonDossiers(l.r), otherDossiers(l.r)...)
	assignCodes(specs)
	if err := l.listProcedures(ctx, specs); err != nil {
		return err
	}
	bs := make([]*ent.DossierCreate, len(specs))
	for i, s := range specs {
		updated := s.received
		if s.finished != nil {
			updated = *s.finished
		}
		bs[i] = l.tx.Dossier.Create().SetCode(s.code).SetUnitID(l.units[s.unit]).SetProcedureID(l.procs[s.proc]).
			SetChannel(s.channel).SetReceivedAt(s.received).SetNillableDueAt(s.due).SetNillableFinishedAt(s.finished).
			SetStatus(s.status).SetCreatedAt(s.received).SetUpdatedAt(updated)
	}
	created, err := bulk(bs, func(b ...*ent.DossierCreate) ([]*ent.Dossier, error) {
		return l.tx.Dossier.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	l.dossiers = specs
	for _, d := range created {
		l.dossierIDs = append(l.dossierIDs, d.ID)
	}
	return nil
}

// listProcedures publishes Hải Dương's list of procedures (danh mục TTHC
// của tỉnh): every procedure its communes' dossiers name, with the national
// processing time, as the dossiers require (check.DossierProcedureListed).
func (l *loader) listProcedures(ctx context.Context, specs []dossierSpec) error {
	used := map[int]bool{}
	var bs []*ent.ProvinceProcedureCreate
	for _, s := range specs {
		if used[s.proc] {
			continue
		}
		used[s.proc] = true
		p := procedures[s.proc]
		bs = append(bs, l.tx.ProvinceProcedure.Create().SetUnitID(l.units["30"]).SetProcedureID(l.procs[s.proc]).
			SetProcessingDays(p.days).SetOnlineService(provinceprocedure.OnlineService(p.online)).
			SetPublishedOn(day(2022, 12, 30)).SetCreatedAt(day(2022, 12, 30)).SetUpdatedAt(day(2022, 12, 30)))
	}
	_, err := bulk(bs, func(b ...*ent.ProvinceProcedureCreate) ([]*ent.ProvinceProcedure, error) {
		return l.tx.ProvinceProcedure.CreateBulk(b...).Save(ctx)
	})
	return err
}

func (l *loader) loadOfficials(ctx context.Context) error {
	tx := l.tx
	people := taiSonStaff(l.r)
	for _, sp := range otherStaffProfiles {
		people = append(people, otherStaff(l.r, sp)...)
	}
	bs := make([]*ent.OfficialCreate, len(people))
	for i, p := range people {
		bs[i] = tx.Official.Create().SetUnitID(l.units[p.unit]).SetFullName(p.name).SetCategory(p.category).
			SetPosition(p.position).SetPartyMember(p.party).SetPoliticalTheory(p.theory).SetEducation(p.edu).
			SetBirthDate(p.born).SetPhone(p.phone).SetStartedOn(p.started).SetNillableEndedOn(p.ended)
		if len(p.concurrent) > 0 {
			bs[i].SetConcurrentPositions(p.concurrent)
		}
	}
	created, err := bulk(bs, func(b ...*ent.OfficialCreate) ([]*ent.Official, error) {
		return tx.Official.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	for i, o := range created {
		p := people[i]
		l.officials[p.unit+"/"+p.name] = o.ID
		if _, ok := l.officials[p.unit+"/"+p.position]; !ok && p.ended == nil {
			l.officials[p.unit+"/"+p.position] = o.ID
		}
	}

	var ts []*ent.TrainingCreate
	for _, t := range trainings {
		id, err := l.official(t.unit, t.who)
		if err != nil {
			return err
		}
		c := tx.Training.Create().SetOfficialID(id).SetTitle(t.title).SetOrganizer(t.organizer).
			SetStartedOn(t.start).SetNillableEndedOn(t.end)
		if t.certificate != "" {
			c.SetCertificate(t.certificate)
		}
		ts = append(ts, c)
	}
	if _, err := tx.Training.CreateBulk(ts...).Save(ctx); err != nil {
		return err
	}

	id, err := l.official(discipline.unit, discipline.who)
	if err != nil {
		return err
	}
	if _, err := tx.DisciplinaryAction.Create().SetOfficialID(id).SetForm(discipline.form).
		SetDecisionNumber(discipline.number).SetDecidedOn(discipline.decided).SetReason(discipline.reason).Save(ctx); err != nil {
		return err
	}

	quotas := []struct {
		unit            string
		canBo, congChuc int
		partTime        *int
	}{
		{"11098", 10, 8, nil}, // the report gives no quota for part-time workers
		{"11101", 10, 9, ptr(12)},
		{"11095", 10, 8, ptr(10)},
		{"11023", 11, 10, ptr(12)},
	}
	var qs []*ent.StaffingQuotaCreate
	for _, q := range quotas {
		qs = append(qs, tx.StaffingQuota.Create().SetUnitID(l.units[q.unit]).SetYear(2023).
			SetCanBo(q.canBo).SetCongChuc(q.congChuc).SetNillablePartTime(q.partTime))
	}
	_, err = tx.StaffingQuota.CreateBulk(qs...).Save(ctx)
	return err
}

// official finds the official of a unit by full name or position.
func (l *loader) official(unitCode, who string) (int, error) {
	id, ok := l.officials[unitCode+"/"+who]
	if !ok {
		return 0, fmt.Errorf("no official %q in unit %s", who, unitCode)
	}
	return id, nil
}

func (l *loader) loadPlans(ctx context.Context) error {
	tx := l.tx
	specs := append(append(append([]planSpec{}, upperPlans...), taiSonPlans()...), otherPlans()...)
	ids := map[string]int{}
	// Plans are written level by level so that each parent exists before its children.
	for len(ids) < len(specs) {
		var batch []planSpec
		for _, p := range specs {
			if _, done := ids[p.key]; done {
				continue
			}
			if _, ok := ids[p.parent]; p.parent == "" || ok {
				batch = append(batch, p)
			}
		}
		if len(batch) == 0 {
			return fmt.Errorf("plans with unknown parents")
		}
		bs := make([]*ent.ReformPlanCreate, len(batch))
		for i, p := range batch {
			bs[i] = tx.ReformPlan.Create().SetUnitID(l.units[p.unit]).SetYear(2023).SetTitle(p.title).
				SetArea(p.area).SetNillableIssuedOn(p.issued).SetStatus(p.status)
			if p.number != "" {
				bs[i].SetNumber(p.number)
			}
			if p.parent != "" {
				bs[i].SetParentPlanID(ids[p.parent])
			}
		}
		created, err := bulk(bs, func(b ...*ent.ReformPlanCreate) ([]*ent.ReformPlan, error) {
			return tx.ReformPlan.CreateBulk(b...).Save(ctx)
		})
		if err != nil {
			return err
		}
		for i, p := range batch {
			ids[p.key] = created[i].ID
		}
	}

	var bs []*ent.TaskCreate
	for _, p := range specs {
		for _, t := range p.tasks {
			lead, err := l.official(p.unit, t.lead)
			if err != nil {
				return err
			}
			c := tx.Task.Create().SetPlanID(ids[p.key]).SetTitle(t.title).SetArea(t.area).SetLeadID(lead).
				SetDueOn(t.due).SetStatus(t.status).SetNillableCompletedOn(t.completed).SetProgress(t.progress)
			if t.result != "" {
				c.SetResult(t.result)
			}
			for _, who := range t.collaborators {
				id, err := l.official(p.unit, who)
				if err != nil {
					return err
				}
				c.AddCollaboratorIDs(id)
			}
			bs = append(bs, c)
		}
	}
	_, err := bulk(bs, func(b ...*ent.TaskCreate) ([]*ent.Task, error) { return tx.Task.CreateBulk(b...).Save(ctx) })
	return err
}

func (l *loader) loadBudgets(ctx context.Context) error {
	tx := l.tx
	specs := budgets(l.r)
	bs := make([]*ent.BudgetCreate, len(specs))
	for i, b := range specs {
		bs[i] = tx.Budget.Create().SetUnitID(l.units[b.unit]).SetFiscalYear(2023).
			SetApprovedOn(b.approved).SetNillablePublishedOn(b.published)
	}
	created, err := tx.Budget.CreateBulk(bs...).Save(ctx)
	if err != nil {
		return err
	}
	var ls []*ent.BudgetLineCreate
	for i, b := range specs {
		for _, line := range b.lines {
			ls = append(ls, tx.BudgetLine.Create().SetBudgetID(created[i].ID).SetDirection(line.direction).
				SetCode(line.code).SetName(line.name).SetEstimate(line.estimate).SetNillableActual(line.actual))
		}
	}
	_, err = bulk(ls, func(b ...*ent.BudgetLineCreate) ([]*ent.BudgetLine, error) {
		return tx.BudgetLine.CreateBulk(b...).Save(ctx)
	})
	return err
}

func (l *loader) loadFeedbackAndReports(ctx context.Context) error {
	tx := l.tx
	var fs []*ent.FeedbackCreate
	for _, f := range feedbacks {
		c := tx.Feedback.Create().SetUnitID(l.units[f.unit]).SetReceivedAt(f.received).
			SetNillableResolvedAt(f.resolved).SetContent(f.content).SetCreatedAt(f.received)
		if f.linked {
			if id, ok := l.dossierFor(f.unit, f.dossier, f.received); ok {
				c.SetDossierID(id)
			}
		}
		fs = append(fs, c)
	}
	if _, err := tx.Feedback.CreateBulk(fs...).Save(ctx); err != nil {
		return err
	}
	_, err := tx.Report.Create().SetUnitID(l.units["11098"]).
		SetPeriodYear(2023).SetPeriodKind(enum.PeriodHalfYear).SetPeriodIndex(1).
		SetDirectionSummary(reportDirectionSummary).SetStrengths(reportStrengths).
		SetLimitations(reportLimitations).SetDirections(reportDirections).Save(ctx)
	return err
}

// dossierFor finds the first dossier of a unit with an outcome, received
// before a feedback about it.
func (l *loader) dossierFor(unitCode string, o outcome, before time.Time) (int, bool) {
	for i, s := range l.dossiers {
		if s.unit == unitCode && s.outcome == o && s.received.Before(before) {
			return l.dossierIDs[i], true
		}
	}
	return 0, false
}
