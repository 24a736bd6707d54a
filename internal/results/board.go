package results

import (
	"context"
	"fmt"

	"cchc/ent"
	"cchc/ent/assessment"
	"cchc/ent/criterion"
	"cchc/ent/criterionscore"
	"cchc/ent/predicate"
	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/apperr"
	"cchc/internal/framework"
	"cchc/internal/rule"
	"cchc/internal/scoring"
	"cchc/internal/viewer"
)

// board is what every assessment of one framework comes to, read past the
// privacy rules so that ranks count every unit; callers show only what the
// caller reads. Its rankings are the caller's (see rank): a board serves one
// caller.
type board struct {
	framework *ent.ScoringFramework
	criteria  map[int]*ent.Criterion
	calc      scoring.Framework
	entries   map[int]*entry // by assessment ID
	byUnit    map[int]*entry // by unit ID
	rankings  [2]*ranking    // by approvedOnly: [0] every assessment, [1] APPROVED ones
	// previous is the board of the province's framework of the year before
	// for the same level, nil when there is none; linked says whether it was
	// looked for (a board loaded only as another's previous was not).
	previous *board
	linked   bool
}

// entry is one assessment with what its scores come to, or why they cannot
// be added up (err, which leaves it out of the ranking).
type entry struct {
	assessment *ent.Assessment // with its unit
	result     scoring.Result
	err        error
}

// ranking is the ranking of a board's assessments, counted one way.
type ranking struct {
	order  []*entry    // the assessments counted, by rank, then unranked, each by unit code
	ranks  map[int]int // by assessment ID, for those ranked
	ranked int
}

func index(approvedOnly bool) int {
	if approvedOnly {
		return 1
	}
	return 0
}

func (b *board) ranking(approvedOnly bool) *ranking { return b.rankings[index(approvedOnly)] }

// loadBoards adds to have the boards of the frameworks ids, linked to their
// previous year's, loading what have lacks: a constant number of statements
// (frameworks, previous frameworks, criteria, assessments with their units,
// scores) however many frameworks and assessments.
func loadBoards(ctx context.Context, client *ent.Client, ids []int, have map[int]*board) error {
	current, _ := readable(viewer.FromContext(ctx)) // none on error: approved totals only
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	frameworks, err := client.ScoringFramework.Query().Where(scoringframework.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("loading frameworks: %w", err)
	}
	if len(frameworks) == 0 {
		return nil
	}
	previousOf := func(fw *ent.ScoringFramework) predicate.ScoringFramework {
		return scoringframework.And(scoringframework.UnitID(fw.UnitID), scoringframework.Year(fw.Year-1),
			scoringframework.LevelEQ(fw.Level), scoringframework.StatusEQ(scoringframework.StatusPUBLISHED))
	}
	preds := make([]predicate.ScoringFramework, len(frameworks))
	for i, fw := range frameworks {
		preds[i] = previousOf(fw)
	}
	previous, err := client.ScoringFramework.Query().Where(scoringframework.Or(preds...)).All(ctx)
	if err != nil {
		return fmt.Errorf("loading the previous years' frameworks: %w", err)
	}
	var missing []*ent.ScoringFramework
	seen := map[int]bool{}
	for _, fw := range append(frameworks, previous...) {
		if have[fw.ID] == nil && !seen[fw.ID] {
			seen[fw.ID] = true
			missing = append(missing, fw)
		}
	}
	if err := build(ctx, client, missing, current, have); err != nil {
		return err
	}
	for _, fw := range frameworks {
		b := have[fw.ID]
		for _, p := range previous {
			if p.UnitID == fw.UnitID && p.Year == fw.Year-1 && p.Level == fw.Level {
				b.previous = have[p.ID]
			}
		}
		b.linked = true
	}
	return nil
}

// readable returns the units whose assessments v reads: those its rankings
// count by their current scores, and the rows it is shown.
func readable(v *viewer.Viewer) (map[int]bool, error) {
	units, err := rule.ReadableUnits(v, "Assessment")
	set := make(map[int]bool, len(units))
	for _, u := range units {
		set[u] = true
	}
	return set, err
}

// build loads the criteria, assessments and scores of frameworks and adds
// their boards, ranked for the caller who reads the assessments of the
// units current, to have.
func build(ctx context.Context, client *ent.Client, frameworks []*ent.ScoringFramework, current map[int]bool, have map[int]*board) error {
	if len(frameworks) == 0 {
		return nil
	}
	ids := make([]int, len(frameworks))
	for i, fw := range frameworks {
		ids[i] = fw.ID
	}
	criteria, err := client.Criterion.Query().Where(criterion.FrameworkIDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("loading criteria: %w", err)
	}
	assessments, err := client.Assessment.Query().Where(assessment.FrameworkIDIn(ids...)).WithUnit().All(ctx)
	if err != nil {
		return fmt.Errorf("loading assessments: %w", err)
	}
	scores, err := client.CriterionScore.Query().
		Where(criterionscore.HasAssessmentWith(assessment.FrameworkIDIn(ids...))).All(ctx)
	if err != nil {
		return fmt.Errorf("loading criterion scores: %w", err)
	}
	byFramework := map[int][]*ent.Criterion{}
	for _, c := range criteria {
		byFramework[c.FrameworkID] = append(byFramework[c.FrameworkID], c)
	}
	byAssessment := map[int][]*ent.CriterionScore{}
	for _, s := range scores {
		byAssessment[s.AssessmentID] = append(byAssessment[s.AssessmentID], s)
	}
	for _, fw := range frameworks {
		have[fw.ID] = newBoard(fw, byFramework[fw.ID])
	}
	for _, a := range assessments {
		// A unit archived since is left out with its assessment.
		if a.Edges.Unit != nil {
			have[a.FrameworkID].add(a, byAssessment[a.ID])
		}
	}
	for _, fw := range frameworks {
		have[fw.ID].rank(current)
	}
	return nil
}

func newBoard(fw *ent.ScoringFramework, criteria []*ent.Criterion) *board {
	b := &board{framework: fw, criteria: map[int]*ent.Criterion{}, calc: framework.Of(fw.Year, criteria),
		entries: map[int]*entry{}, byUnit: map[int]*entry{}}
	for _, c := range criteria {
		b.criteria[c.ID] = c
	}
	return b
}

// add adds up the scores of assessment a.
func (b *board) add(a *ent.Assessment, stored []*ent.CriterionScore) {
	scores := map[int]scoring.Score{}
	for _, cs := range stored {
		if s, scored := Score(cs); scored {
			scores[cs.CriterionID] = s
		}
	}
	e := &entry{assessment: a}
	e.result, e.err = b.calc.Totals(scores)
	if e.err != nil {
		e.err = &apperr.Error{Code: apperr.Conflict, Err: e.err, Message: fmt.Sprintf(
			"the scores of assessment %d do not add up against framework %q: %v", a.ID, b.framework.Title, e.err)}
	}
	b.entries[a.ID], b.byUnit[a.UnitID] = e, e
}

// rank ranks the board's assessments both ways. Only units of the
// framework's level count: the workflow assesses no other, and a stray one
// must not push a commune down. Ranked by current scores (approvedOnly
// false), the units whose assessments the caller does not read (those not in
// current) count only once APPROVED: were their unapproved totals ranked, a
// commune could move its own draft score and watch its rank flip until it
// knew another commune's total.
func (b *board) rank(current map[int]bool) {
	for _, approvedOnly := range []bool{false, true} {
		totals, byCode := map[string]*float64{}, map[string]*entry{}
		for _, e := range b.entries {
			u := e.assessment.Edges.Unit
			counts := e.assessment.Status == assessment.StatusAPPROVED || !approvedOnly && current[u.ID]
			if string(u.Level) != string(b.framework.Level) || !counts {
				continue
			}
			byCode[u.Code] = e
			if e.err == nil {
				totals[u.Code] = e.result.Overall.Total
			} else {
				totals[u.Code] = nil
			}
		}
		r := &ranking{ranks: map[int]int{}}
		for _, s := range scoring.Rank(totals) {
			e := byCode[s.UnitCode]
			r.order = append(r.order, e)
			if s.Rank != nil {
				r.ranks[e.assessment.ID] = *s.Rank
				r.ranked++
			}
		}
		b.rankings[index(approvedOnly)] = r
	}
}

// result is what entry e comes to, ranked one way or the other.
func (b *board) result(e *entry, approvedOnly bool) (*Result, error) {
	if e.err != nil {
		return nil, e.err
	}
	rk := b.ranking(approvedOnly)
	r := &Result{
		Assessment: e.assessment, Framework: b.framework, Subtotal: e.result.Overall,
		Areas: e.result.Areas, Missing: e.result.Missing, Band: bandOf(e.result.Overall.Total),
		Rank: rankOf(rk, e), RankedUnits: rk.ranked, Criteria: make([]*CriterionResult, len(e.result.Criteria)),
	}
	if r.Missing == nil {
		r.Missing = []string{}
	}
	for i, c := range e.result.Criteria {
		r.Criteria[i] = &CriterionResult{
			Criterion: b.criteria[c.Criterion.ID], Subtotal: c.Subtotal,
			NotApplicable: c.NotApplicable, Missing: c.Missing, Value: c.Value,
		}
		if c.Formula != "" {
			r.Criteria[i].Formula = &c.Formula
		}
	}
	if b.previous != nil {
		pe := b.previous.byUnit[e.assessment.UnitID]
		if pe != nil && pe.err == nil && (!approvedOnly || pe.assessment.Status == assessment.StatusAPPROVED) {
			total := pe.result.Overall.Total
			r.Previous = &Previous{
				Framework: b.previous.framework, Assessment: pe.assessment,
				Total: total, Band: bandOf(total), Rank: rankOf(b.previous.ranking(approvedOnly), pe),
			}
			c := scoring.ChangeFrom(
				scoring.Standing{Total: total, Rank: r.Previous.Rank},
				scoring.Standing{Total: r.Total, Rank: r.Rank})
			r.Change = &c
		}
	}
	return r, nil
}

func rankOf(rk *ranking, e *entry) *int {
	if n, ok := rk.ranks[e.assessment.ID]; ok {
		return &n
	}
	return nil
}
