package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cchc/ent/official"
	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/tally"
)

// query reads the raw figures of a set of units, one SQL statement per kind
// of record, grouped by unit.
type query struct {
	e     *Engine
	p     period.Period
	units []int
}

// raw are the figures of each unit before they are summed per target.
type raw struct {
	dossiers  map[int]*DossierFigures
	officials map[int][]officialRow
	quotas    map[int]*QuotaFigures
	plans     map[int]map[enum.Area]int
	tasks     map[int]*PlanFigures
	feedback  map[int]*FeedbackFigures
	budgets   map[int]*BudgetFigures
	claims    map[int]string // the narrative of the unit's report for the period
}

type officialRow struct {
	category     official.Category
	party        bool
	theory, educ string
	count        int
}

// in is the SQL list of the units: integers, so written inline.
func (q *query) in() string {
	s := make([]string, len(q.units))
	for i, id := range q.units {
		s[i] = strconv.Itoa(id)
	}
	return "(" + strings.Join(s, ",") + ")"
}

func (q *query) all(ctx context.Context) (*raw, error) {
	r := &raw{
		dossiers: map[int]*DossierFigures{}, officials: map[int][]officialRow{}, quotas: map[int]*QuotaFigures{},
		plans: map[int]map[enum.Area]int{}, tasks: map[int]*PlanFigures{}, feedback: map[int]*FeedbackFigures{},
		budgets: map[int]*BudgetFigures{}, claims: map[int]string{},
	}
	if len(q.units) == 0 {
		return r, nil
	}
	for _, step := range []func(context.Context, *raw) error{q.dossiers, q.officials, q.quotas, q.plans, q.tasks, q.feedback, q.budgets, q.claims} {
		if err := step(ctx, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// rows runs one statement and hands each row to scan.
func (q *query) rows(ctx context.Context, stmt string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.e.Client.QueryContext(ctx, stmt, args...)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("indicators: %w", err)
		}
	}
	return rows.Err()
}

// dossiers sums the monthly tally of the units (internal/tally) over the
// months before the period's end: the flows of the months in the period,
// the open stocks as the changes of the months before each of its bounds.
func (q *query) dossiers(ctx context.Context, r *raw) error {
	if q.e.FromRecords {
		return q.dossierRecords(ctx, r)
	}
	in := func(col string) string { return `SUM(CASE WHEN month >= $1 THEN ` + col + ` ELSE 0 END)` }
	stmt := `SELECT unit_id,
  SUM(CASE WHEN month < $1 THEN open_change ELSE 0 END),
  ` + in("received") + `, ` + in("online") + `, ` + in("direct") + `, ` + in("postal") + `,
  ` + in("resolved") + `, ` + in("early") + `, ` + in("on_time") + `, ` + in("late") + `, ` + in("resolved_without_due_date") + `,
  SUM(open_change), SUM(overdue_change), SUM(open_without_due_date_change),
  ` + in("other_closed") + `
FROM dossier_months
WHERE unit_id IN ` + q.in() + ` AND month < $2
GROUP BY unit_id`
	return q.rows(ctx, stmt, []any{tally.Month(q.p.Start()), tally.Month(q.p.End())}, func(rows *sql.Rows) error {
		return scanDossiers(rows, r)
	})
}

// scanDossiers reads a unit's dossier figures, in the order of DossierFigures.
func scanDossiers(rows *sql.Rows, r *raw) error {
	var id int
	f := &DossierFigures{}
	err := rows.Scan(&id, &f.CarriedOver, &f.ReceivedInPeriod, &f.Online, &f.Direct, &f.Postal,
		&f.Resolved, &f.Early, &f.OnTime, &f.Late, &f.ResolvedWithoutDueDate,
		&f.Pending, &f.PendingOverdue, &f.PendingWithoutDueDate, &f.OtherClosed)
	r.dossiers[id] = f
	return err
}

// dossierRecords classifies every dossier of the units that counts in the
// period: the reference the tally is held to by the tests.
func (q *query) dossierRecords(ctx context.Context, r *raw) error {
	d := q.e.localDate
	resolved := `status IN ('RESOLVED','RETURNED') AND finished_at >= $1 AND finished_at < $2`
	received := `received_at >= $1 AND received_at < $2`
	pending := `(finished_at IS NULL OR finished_at >= $2)`
	stmt := `SELECT unit_id,
  SUM(CASE WHEN received_at < $1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + received + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + received + ` AND channel = 'ONLINE' THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + received + ` AND channel = 'DIRECT' THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + received + ` AND channel = 'POSTAL' THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + resolved + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + resolved + ` AND ` + d("finished_at") + ` < ` + d("due_at") + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + resolved + ` AND ` + d("finished_at") + ` = ` + d("due_at") + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + resolved + ` AND ` + d("finished_at") + ` > ` + d("due_at") + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + resolved + ` AND due_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + pending + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + pending + ` AND due_at < $2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + pending + ` AND due_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN status IN ('REJECTED','WITHDRAWN','STOPPED') AND finished_at >= $1 AND finished_at < $2 THEN 1 ELSE 0 END)
FROM dossiers
WHERE archived_at IS NULL AND unit_id IN ` + q.in() + `
  AND received_at < $2 AND (finished_at IS NULL OR finished_at >= $1)
GROUP BY unit_id`
	return q.rows(ctx, stmt, []any{q.p.Start(), q.p.End()}, func(rows *sql.Rows) error {
		return scanDossiers(rows, r)
	})
}

// officials counts the people serving at the end of the period: started
// before the end (or date unknown), not ended before it.
func (q *query) officials(ctx context.Context, r *raw) error {
	stmt := `SELECT unit_id, category, party_member, political_theory, education, COUNT(*)
FROM officials
WHERE archived_at IS NULL AND unit_id IN ` + q.in() + `
  AND (started_on IS NULL OR started_on < $1) AND (ended_on IS NULL OR ended_on >= $1)
GROUP BY unit_id, category, party_member, political_theory, education`
	return q.rows(ctx, stmt, []any{q.p.End()}, func(rows *sql.Rows) error {
		var (
			id  int
			row officialRow
		)
		err := rows.Scan(&id, &row.category, &row.party, &row.theory, &row.educ, &row.count)
		r.officials[id] = append(r.officials[id], row)
		return err
	})
}

func (q *query) quotas(ctx context.Context, r *raw) error {
	stmt := `SELECT unit_id, can_bo, cong_chuc, part_time FROM staffing_quota
WHERE archived_at IS NULL AND year = $1 AND unit_id IN ` + q.in()
	return q.rows(ctx, stmt, []any{q.p.Year}, func(rows *sql.Rows) error {
		var (
			id       int
			f        QuotaFigures
			partTime sql.NullInt64
		)
		err := rows.Scan(&id, &f.CanBo, &f.CongChuc, &partTime)
		if partTime.Valid {
			n := int(partTime.Int64)
			f.PartTime = &n
		}
		r.quotas[id] = &f
		return err
	})
}

func (q *query) plans(ctx context.Context, r *raw) error {
	stmt := `SELECT unit_id, area, COUNT(*) FROM reform_plans
WHERE archived_at IS NULL AND status <> 'CANCELLED' AND issued_on >= $1 AND issued_on < $2 AND unit_id IN ` + q.in() + `
GROUP BY unit_id, area`
	return q.rows(ctx, stmt, []any{q.p.Start(), q.p.End()}, func(rows *sql.Rows) error {
		var (
			id   int
			area enum.Area
			n    int
		)
		err := rows.Scan(&id, &area, &n)
		if r.plans[id] == nil {
			r.plans[id] = map[enum.Area]int{}
		}
		r.plans[id][area] = n
		return err
	})
}

func (q *query) tasks(ctx context.Context, r *raw) error {
	due := `t.due_on >= $1 AND t.due_on < $2`
	stmt := `SELECT p.unit_id,
  SUM(CASE WHEN ` + due + ` THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + due + ` AND t.status = 'DONE' AND t.completed_on <= t.due_on THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + due + ` AND t.status = 'DONE' AND t.completed_on > t.due_on THEN 1 ELSE 0 END),
  SUM(CASE WHEN ` + due + ` AND t.status NOT IN ('DONE','CANCELLED') THEN 1 ELSE 0 END),
  SUM(CASE WHEN t.status NOT IN ('DONE','CANCELLED') THEN 1 ELSE 0 END)
FROM tasks t JOIN reform_plans p ON p.id = t.plan_id
WHERE t.archived_at IS NULL AND p.archived_at IS NULL AND p.unit_id IN ` + q.in() + `
GROUP BY p.unit_id`
	return q.rows(ctx, stmt, []any{q.p.Start(), q.p.End()}, func(rows *sql.Rows) error {
		var id int
		f := &PlanFigures{}
		err := rows.Scan(&id, &f.TasksDue, &f.TasksDoneOnTime, &f.TasksDoneLate, &f.TasksOverdue, &f.TasksOpen)
		r.tasks[id] = f
		return err
	})
}

func (q *query) feedback(ctx context.Context, r *raw) error {
	onTime := `resolved_at <= $3`
	if q.e.Dialect == "postgres" {
		onTime = `resolved_at <= received_at + INTERVAL '` + strconv.Itoa(FeedbackDays) + ` days'`
	} else {
		onTime = `julianday(resolved_at) - julianday(received_at) <= ` + strconv.Itoa(FeedbackDays)
	}
	stmt := `SELECT unit_id,
  SUM(CASE WHEN received_at >= $1 AND received_at < $2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN resolved_at >= $1 AND resolved_at < $2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN resolved_at >= $1 AND resolved_at < $2 AND ` + onTime + ` THEN 1 ELSE 0 END)
FROM feedbacks
WHERE archived_at IS NULL AND unit_id IN ` + q.in() + `
GROUP BY unit_id`
	return q.rows(ctx, stmt, []any{q.p.Start(), q.p.End()}, func(rows *sql.Rows) error {
		var id int
		f := &FeedbackFigures{}
		err := rows.Scan(&id, &f.Received, &f.Resolved, &f.ResolvedOnTime)
		r.feedback[id] = f
		return err
	})
}

func (q *query) budgets(ctx context.Context, r *raw) error {
	stmt := `SELECT b.unit_id, b.approved_on, b.published_on,
  COALESCE(SUM(CASE WHEN l.direction = 'REVENUE' THEN l.estimate END), 0),
  COALESCE(SUM(CASE WHEN l.direction = 'REVENUE' THEN l.actual END), 0),
  COALESCE(SUM(CASE WHEN l.direction = 'EXPENDITURE' THEN l.estimate END), 0),
  COALESCE(SUM(CASE WHEN l.direction = 'EXPENDITURE' THEN l.actual END), 0)
FROM budgets b LEFT JOIN budget_lines l ON l.budget_id = b.id AND l.archived_at IS NULL
WHERE b.archived_at IS NULL AND b.fiscal_year = $1 AND b.unit_id IN ` + q.in() + `
GROUP BY b.unit_id, b.approved_on, b.published_on`
	return q.rows(ctx, stmt, []any{q.p.Year}, func(rows *sql.Rows) error {
		var (
			id                  int
			approved, published sql.NullTime
			f                   = &BudgetFigures{}
		)
		err := rows.Scan(&id, &approved, &published, &f.RevenueEstimate, &f.RevenueActual, &f.ExpenditureEstimate, &f.ExpenditureActual)
		f.ApprovedOn, f.PublishedOn = timePtr(approved), timePtr(published)
		r.budgets[id] = f
		return err
	})
}

// claims reads the narrative of each unit's report for the period, which
// findings hold against the figures.
func (q *query) claims(ctx context.Context, r *raw) error {
	stmt := `SELECT unit_id, COALESCE(direction_summary, '') || ' ' || COALESCE(strengths, '') FROM reports
WHERE archived_at IS NULL AND period_year = $1 AND period_kind = $2 AND period_index = $3 AND unit_id IN ` + q.in()
	return q.rows(ctx, stmt, []any{q.p.Year, string(q.p.Kind), q.p.Index}, func(rows *sql.Rows) error {
		var (
			id   int
			text string
		)
		err := rows.Scan(&id, &text)
		r.claims[id] = text
		return err
	})
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}
