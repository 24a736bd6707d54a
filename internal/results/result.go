package results

import (
	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/internal/scoring"
)

// Result is what one assessment comes to: the GraphQL AssessmentResult
// (Assessment.result) and UnitScore (a row of the scores query).
type Result struct {
	Assessment *ent.Assessment // with its unit
	Framework  *ent.ScoringFramework
	// Subtotal is the overall result; Total is the reform index out of 100.
	scoring.Subtotal
	Areas    []scoring.AreaResult
	Criteria []*CriterionResult
	Missing  []string // codes of the leaves not scored yet
	Band     *scoring.Band
	// Rank is the place in the ranking (see the package comment); nil when
	// the assessment is not in it or has no total.
	Rank        *int
	RankedUnits int // how many units the ranking ranks
	Previous    *Previous
	Change      *scoring.Change // nil without Previous
}

// Unit returns the unit assessed.
func (r *Result) Unit() *ent.Unit { return r.Assessment.Edges.Unit }

// Status returns the assessment's status.
func (r *Result) Status() assessment.Status { return r.Assessment.Status }

// BandName returns the Vietnamese name of the band (Xuất sắc), or nil.
func (r *Result) BandName() *string { return bandName(r.Band) }

func bandName(b *scoring.Band) *string {
	if b == nil {
		return nil
	}
	info, ok := b.Info()
	if !ok {
		return nil
	}
	return &info.Name
}

// CriterionResult is what one criterion of an assessment comes to.
type CriterionResult struct {
	Criterion *ent.Criterion
	scoring.Subtotal
	NotApplicable bool
	Missing       bool
	Value         *float64
	Formula       *string
}

// Code returns the criterion's code.
func (c *CriterionResult) Code() string { return c.Criterion.Code }

// Previous is a unit's result against the province's framework of the year
// before, for the same level.
type Previous struct {
	Framework  *ent.ScoringFramework
	Assessment *ent.Assessment
	Total      *float64
	Band       *scoring.Band
	Rank       *int
}

// Year returns the year of the previous framework.
func (p *Previous) Year() int { return p.Framework.Year }

// bandOf returns the band of a total, or nil without one.
func bandOf(total *float64) *scoring.Band {
	if total == nil {
		return nil
	}
	b := scoring.BandOf(*total)
	return &b
}
