package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cchc/ent"
	"cchc/internal/indicator"
	"cchc/internal/period"
)

// Figures are what a report counts for its unit and period: the unit's
// indicators, and the civil-service counts that indicators do not carry.
type Figures struct {
	Dossiers     indicator.DossierFigures  `json:"dossiers"`
	Staffing     indicator.StaffingFigures `json:"staffing"`
	Plans        indicator.PlanFigures     `json:"plans"`
	Feedback     indicator.FeedbackFigures `json:"feedback"`
	Budget       indicator.BudgetFigures   `json:"budget"`
	CivilService CivilServiceFigures       `json:"civilService"`
	Findings     []indicator.Finding       `json:"findings"`
}

// CivilServiceFigures count trainings and discipline in the period, for the
// unit and the units under it.
type CivilServiceFigures struct {
	Trainings int // courses begun in the period (lượt người)
	Trainees  int // people who began one
	// Decided in the period; nil for a caller who may not read the
	// disciplinary actions of every unit counted (see withhold).
	DisciplinaryActions *int
}

// disciplineKey is the path of the count of disciplinary actions.
const disciplineKey = "civilService.disciplinaryActions"

// indicators returns f as the indicators of unit u for p.
func (f *Figures) indicators(u *ent.Unit, p period.Period) *indicator.Indicators {
	return &indicator.Indicators{Unit: u, Period: p, Dossiers: f.Dossiers, Staffing: f.Staffing, Plans: f.Plans,
		Feedback: f.Feedback, Budget: f.Budget, Findings: f.Findings}
}

// withhold clears the figures, and leaves out the findings, that gate does
// not show for unit: those computed from records the caller may not read.
func (f *Figures) withhold(gate *indicator.Gate, unit int) {
	if !gate.Shows(unit, disciplineKey) {
		f.CivilService.DisciplinaryActions = nil
	}
	f.Findings = gate.Findings(unit, f.Findings)
}

// compute computes the figures of u for p from the records, past the privacy
// rules: callers check access to the unit first. A figure gate does not show
// is not computed at all; a nil gate computes every figure (a snapshot).
func compute(ctx context.Context, client *ent.Client, dialect string, tree *indicator.Tree, u *ent.Unit, p period.Period, gate *indicator.Gate) (*Figures, error) {
	e := &indicator.Engine{Client: client, Dialect: dialect}
	ins, err := e.Compute(ctx, p, tree, []*ent.Unit{u})
	if err != nil {
		return nil, err
	}
	in := ins[0]
	f := &Figures{Dossiers: in.Dossiers, Staffing: in.Staffing, Plans: in.Plans, Feedback: in.Feedback,
		Budget: in.Budget, Findings: in.Findings}
	units := tree.Subtree(u.ID)
	ids := make([]string, len(units))
	for i, id := range units {
		ids[i] = strconv.Itoa(id)
	}
	list := "(" + strings.Join(ids, ",") + ")"
	args := []any{p.Start(), p.End()}
	err = scan(ctx, client, `SELECT COUNT(*), COUNT(DISTINCT t.official_id) FROM trainings t JOIN officials o ON o.id = t.official_id
WHERE t.archived_at IS NULL AND o.archived_at IS NULL AND o.unit_id IN `+list+` AND t.started_on >= $1 AND t.started_on < $2`,
		args, &f.CivilService.Trainings, &f.CivilService.Trainees)
	if err != nil {
		return nil, err
	}
	if gate == nil || gate.Shows(u.ID, disciplineKey) {
		var n int
		err = scan(ctx, client, `SELECT COUNT(*) FROM disciplinary_actions d JOIN officials o ON o.id = d.official_id
WHERE d.archived_at IS NULL AND o.archived_at IS NULL AND o.unit_id IN `+list+` AND d.decided_on >= $1 AND d.decided_on < $2`,
			args, &n)
		if err != nil {
			return nil, err
		}
		f.CivilService.DisciplinaryActions = &n
	}
	if gate != nil {
		f.withhold(gate, u.ID)
	}
	return f, nil
}

// scan runs a statement of one row into dst.
func scan(ctx context.Context, client *ent.Client, stmt string, args []any, dst ...any) error {
	rows, err := client.QueryContext(ctx, stmt, args...)
	if err != nil {
		return fmt.Errorf("report figures: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("report figures: %w", err)
		}
		return fmt.Errorf("report figures: %w", sql.ErrNoRows)
	}
	if err := rows.Scan(dst...); err != nil {
		return fmt.Errorf("report figures: %w", err)
	}
	return rows.Close()
}

// snapshotVersion is the layout of the snapshots written now.
const snapshotVersion = 1

// snapshot is what a submission stores in Report.snapshot: the figures by
// their GraphQL names (carriedOver, onTimeRate …), with when and for what
// they were taken.
type snapshot struct {
	Version int       `json:"version"`
	TakenAt time.Time `json:"takenAt"`
	Unit    string    `json:"unit"`
	Period  struct {
		Year  int    `json:"year"`
		Kind  string `json:"kind"`
		Index int    `json:"index"`
	} `json:"period"`
	Figures
}

// freeze turns the figures of unit u for p, taken at, into a snapshot.
func freeze(f *Figures, u *ent.Unit, p period.Period, at time.Time) (map[string]any, error) {
	s := snapshot{Version: snapshotVersion, TakenAt: at.UTC(), Unit: u.Code, Figures: *f}
	s.Period.Year, s.Period.Kind, s.Period.Index = p.Year, string(p.Kind), p.Index
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("freezing the figures: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("freezing the figures: %w", err)
	}
	return lowerKeys(out).(map[string]any), nil
}

// thaw reads a stored snapshot back; encoding/json matches its lowerCamel
// keys to the Go fields regardless of case.
func thaw(m map[string]any) (*Figures, time.Time, error) {
	if m == nil {
		return nil, time.Time{}, nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, time.Time{}, err
	}
	var s snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, time.Time{}, fmt.Errorf("reading the snapshot: %w", err)
	}
	if s.Version != snapshotVersion {
		return nil, time.Time{}, fmt.Errorf("reading the snapshot: unknown version %d", s.Version)
	}
	return &s.Figures, s.TakenAt, nil
}

// lowerKeys gives every key of a decoded JSON value a lower-case first
// letter, as GraphQL names its fields: CarriedOver → carriedOver.
func lowerKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			r, n := utf8.DecodeRuneInString(k)
			out[string(unicode.ToLower(r))+k[n:]] = lowerKeys(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = lowerKeys(x)
		}
	}
	return v
}

// snapshotMeta are the keys of a snapshot that say what it is of, not figures.
var snapshotMeta = map[string]bool{"version": true, "takenAt": true, "unit": true, "period": true}

// WithholdSnapshot returns a stored snapshot of unit's figures (Report.snapshot,
// or the snapshot in an audit entry's values) without what gate does not show:
// figures by their path, findings by their code. m itself is left unchanged.
func WithholdSnapshot(gate *indicator.Gate, unit int, m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, x := range m {
		switch {
		case snapshotMeta[k]:
			out[k] = x
		case k == "findings":
			out[k] = withholdFindings(gate, unit, x)
		default:
			if x, shown := withholdFigures(gate, unit, k, x); shown {
				out[k] = x
			}
		}
	}
	return out
}

// withholdFigures returns the figures x at path as gate shows them, and
// whether anything of them is shown.
func withholdFigures(gate *indicator.Gate, unit int, path string, x any) (any, bool) {
	group, ok := x.(map[string]any)
	if !ok {
		return x, gate.Shows(unit, path)
	}
	out := make(map[string]any, len(group))
	for k, y := range group {
		if y, shown := withholdFigures(gate, unit, path+"."+k, y); shown {
			out[k] = y
		}
	}
	return out, len(out) > 0 || len(group) == 0
}

// withholdFindings keeps the findings (decoded JSON) whose code gate shows.
func withholdFindings(gate *indicator.Gate, unit int, x any) any {
	list, ok := x.([]any)
	if !ok {
		return x
	}
	out := make([]any, 0, len(list))
	for _, f := range list {
		if m, ok := f.(map[string]any); ok {
			if code, _ := m["code"].(string); gate.ShowsFinding(unit, code) {
				out = append(out, f)
			}
		}
	}
	return out
}
