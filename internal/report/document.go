package report

import (
	"context"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/ent/reformplan"
	"cchc/ent/report"
	"cchc/internal/apperr"
	"cchc/internal/enum"
	"cchc/internal/indicator"
	"cchc/internal/period"
	"cchc/internal/rule"
	"cchc/internal/viewer"
)

// Document is the periodic report of a unit for a period, in the order of
// the source report.
type Document struct {
	Unit   *ent.Unit
	Period period.Period
	// Record is the stored report (narrative and workflow); nil while the
	// unit has written none for the period.
	Record       *ent.Report
	Header       *Header
	Title        string // BÁO CÁO
	Subtitle     string // Công tác cải cách hành chính 6 tháng đầu năm 2023
	Introduction string
	Direction    *Direction    // I
	Results      []*AreaResult // II, one per reform area
	Assessment   *Assessment   // III
	Directions   *Directions   // IV
	Closing      string
	Recipients   []string // Nơi nhận
	Signature    *Signature
	// Live are the figures computed now; Submitted those frozen at the last
	// submission (nil before any). The text is written from Submitted while
	// the report is submitted or accepted, else from Live.
	Live        *indicator.Indicators
	Submitted   *indicator.Indicators
	SubmittedAt *time.Time
	Figures     []*Figure // every figure of the sections, live beside submitted
	Findings    []indicator.Finding
}

// Header is the two-column heading of an official document.
type Header struct {
	Authority      string // ỦY BAN NHÂN DÂN
	UnitTitle      string // XÃ TÁI SƠN
	Nation         string // CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
	Motto          string // Độc lập - Tự do - Hạnh phúc
	Number         *string
	NumberLine     string // Số: 45/BC-UBND, or Số:      /BC-UBND while unnumbered
	Place          string
	Date           *time.Time // the submission's local date; nil for a draft
	DateLine       string     // Tái Sơn, ngày 30 tháng 6 năm 2023
	UnitName       string
	ParentUnitName *string
	ProvinceName   *string
}

// Direction is section I: direction and communication.
type Direction struct {
	Heading    string
	Summary    string            // narrative of the record
	Plans      []*ent.ReformPlan // plans of the unit issued in the period, every area
	Paragraphs []string          // the figures, in sentences
	Figures    []*Figure
}

// AreaResult is one reform area of section II.
type AreaResult struct {
	Number     int
	Area       enum.Area
	Heading    string
	Plans      []*ent.ReformPlan
	Paragraphs []string
	Figures    []*Figure
}

// Assessment is section III.
type Assessment struct {
	Heading            string
	StrengthsHeading   string
	Strengths          string
	LimitationsHeading string
	Limitations        string
}

// Directions is section IV.
type Directions struct {
	Heading string
	Text    string
}

// Signature is the signature block.
type Signature struct {
	Authority string  // TM. ỦY BAN NHÂN DÂN
	Title     string  // CHỦ TỊCH
	Name      *string // the chairman serving at the end of the period
	Position  *string
}

// Figure is one figure of the report, live beside its frozen value.
type Figure struct {
	Key       string // stable, e.g. dossiers.total
	Label     string
	Unit      string // hồ sơ, người, đồng, tỷ lệ …
	Live      *float64
	Submitted *float64
	Changed   bool
}

// Document builds the report of the unit with the given code for p, for
// the caller in ctx. The caller must read the unit's reports: roles that
// read none (scoring services) answer FORBIDDEN, and a unit outside the
// caller's subtree answers NOT_FOUND exactly as a code that does not exist.
func (s *Service) Document(ctx context.Context, code string, p period.Period) (*Document, error) {
	readable, err := rule.ReadableUnits(viewer.FromContext(ctx), "Report")
	if err != nil {
		return nil, err
	}
	if field, err := p.Validate(); err != nil {
		return nil, apperr.Input("period."+field, "%v", err)
	}
	c := s.client(ctx)
	tree, err := indicator.LoadTree(ctx, c)
	if err != nil {
		return nil, err
	}
	u, ok := tree.Unit(code)
	if !ok || !slices.Contains(readable, u.ID) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "unit", Message: `unit: no unit with code "` + code + `"`}
	}
	rec, err := c.Report.Query().Where(report.UnitID(u.ID), report.PeriodYear(p.Year),
		report.PeriodKindEQ(p.Kind), report.PeriodIndex(p.Index)).Only(ctx)
	if ent.IsNotFound(err) {
		rec, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Figures from records the caller may not read are left out, live and
	// frozen alike (indicator.Gate).
	gate := indicator.NewGate(viewer.FromContext(ctx), tree.Subtree)
	live, err := compute(ctx, c, s.Dialect, tree, u, p, gate)
	if err != nil {
		return nil, err
	}
	d := &Document{Unit: u, Period: p, Record: rec, Live: live.indicators(u, p), Findings: live.Findings}
	reported := live
	var submitted *Figures
	if rec != nil && rec.Snapshot != nil {
		f, at, err := thaw(rec.Snapshot)
		if err != nil {
			return nil, err
		}
		f.withhold(gate, u.ID)
		submitted, d.Submitted, d.SubmittedAt = f, f.indicators(u, p), &at
		if st := rec.Status; st == report.StatusSUBMITTED || st == report.StatusACCEPTED {
			reported = f
		}
	}
	plans, err := c.ReformPlan.Query().Where(reformplan.UnitID(u.ID), reformplan.IssuedOnGTE(p.Start()),
		reformplan.IssuedOnLT(p.End()), reformplan.StatusNEQ(reformplan.StatusCANCELLED)).
		Order(reformplan.ByIssuedOn(), reformplan.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	chair, err := c.Official.Query().Where(official.UnitID(u.ID), official.PositionHasPrefix("Chủ tịch UBND"),
		official.Or(official.StartedOnIsNil(), official.StartedOnLT(p.End())),
		official.Or(official.EndedOnIsNil(), official.EndedOnGTE(p.End()))).
		Order(official.ByStartedOn(sql.OrderDesc(), sql.OrderNullsLast()), official.ByID()).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	var parent, province *ent.Unit
	for up := u; up.ParentID != nil; {
		if up, err = c.Unit.Get(ctx, *up.ParentID); err != nil {
			return nil, err
		}
		if parent == nil {
			parent = up
		}
		province = up
	}
	w := &writer{u: u, parent: parent, province: province, p: p, rec: rec, now: s.now(),
		shows: func(key string) bool { return gate.Shows(u.ID, key) }}
	w.fill(d, reported, submitted, live, plans, chair)
	return d, nil
}
