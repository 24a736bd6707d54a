// Package framework manages the province's reform-index frameworks (bộ tiêu
// chí Chỉ số CCHC) as records: the scoring rule of a criterion, copying last
// year's framework into a new draft, and publishing a draft once it is whole.
// Who may do each is the privacy rules' concern (province officers of the
// issuing province); what is a whole framework is package scoring's.
package framework

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cchc/ent"
	"cchc/ent/criterion"
	"cchc/ent/scoringframework"
	"cchc/internal/apperr"
	"cchc/internal/check"
	"cchc/internal/database"
	"cchc/internal/rule"
	"cchc/internal/scoring"
	"cchc/internal/viewer"
)

// Service changes frameworks. Inside a GraphQL mutation it uses the
// mutation's transaction.
type Service struct {
	Client *ent.Client
	now    func() time.Time
}

// New returns the service over client.
func New(client *ent.Client) *Service {
	return &Service{Client: client, now: func() time.Time { return time.Now().UTC() }}
}

// client is the transaction of the request when there is one (database.Request).
func (s *Service) client(ctx context.Context) *ent.Client { return database.Request(ctx, s.Client) }

// RuleInput is how a criterion is scored: by hand, or from an indicator by a rule.
type RuleInput struct {
	Method    scoring.Method
	Indicator *scoring.Indicator
	Kind      *scoring.RuleKind
	Threshold *float64
	Bands     []*scoring.RuleBand
}

// SetRule sets how the criterion id is scored. A MANUAL criterion takes no
// indicator or rule; an INDICATOR one needs an indicator and a valid rule for
// its maximum. Whether it is a leaf is checked when the framework is published.
// version is the criterion's as the caller read it (check.Version).
func (s *Service) SetRule(ctx context.Context, id, version int, in RuleInput) (*ent.Criterion, error) {
	c := s.client(ctx)
	cr, err := c.Criterion.Query().Where(criterion.ID(id)).WithFramework().Only(ctx)
	if err != nil {
		return nil, err
	}
	if err := mayWrite(ctx, cr.Edges.Framework.UnitID); err != nil {
		return nil, err
	}
	if err := check.Unchanged("Criterion", cr.ID, cr.Version, version); err != nil {
		return nil, err
	}
	u := c.Criterion.UpdateOne(cr).SetVersion(version).SetMethod(in.Method)
	switch in.Method {
	case scoring.MethodManual:
		if in.Indicator != nil || in.Kind != nil || in.Threshold != nil || in.Bands != nil {
			return nil, apperr.Input("input.method", "a MANUAL criterion is scored by hand: it takes no indicator, kind, threshold or bands")
		}
		return u.ClearIndicator().ClearRuleKind().ClearThreshold().ClearBands().Save(ctx)
	case scoring.MethodIndicator:
		if in.Indicator == nil {
			return nil, apperr.Input("input.indicator", "an INDICATOR criterion needs the indicator it is scored from")
		}
		if in.Kind == nil {
			return nil, apperr.Input("input.kind", "an INDICATOR criterion needs a rule kind: THRESHOLD or BANDS")
		}
		rule := scoring.Rule{Kind: *in.Kind}
		if in.Threshold != nil {
			rule.Threshold = *in.Threshold
		}
		for _, b := range in.Bands {
			rule.Bands = append(rule.Bands, *b)
		}
		if err := rule.Validate(cr.MaxPoints); err != nil {
			return nil, problemsError("input", err)
		}
		u.SetIndicator(*in.Indicator).SetRuleKind(rule.Kind).SetNillableThreshold(in.Threshold).SetBands(rule.Bands)
		if in.Threshold == nil {
			u.ClearThreshold()
		}
		if rule.Bands == nil {
			u.ClearBands()
		}
		return u.Save(ctx)
	}
	return nil, apperr.Input("input.method", "%q is not a method", in.Method)
}

// Copy makes a DRAFT copy of framework id for year, with every criterion
// and its rule, for the province to edit: frameworks change little from one
// year to the next.
func (s *Service) Copy(ctx context.Context, id, year int, title *string) (*ent.ScoringFramework, error) {
	c := s.client(ctx)
	src, err := c.ScoringFramework.Query().Where(scoringframework.ID(id)).WithCriteria().Only(ctx)
	if err != nil {
		return nil, err
	}
	if err := mayWrite(ctx, src.UnitID); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s (bản sao năm %d)", src.Title, year)
	if title != nil {
		name = *title
	}
	dst, err := c.ScoringFramework.Create().SetUnitID(src.UnitID).SetLevel(src.Level).SetYear(year).
		SetTitle(name).SetCopiedFromID(src.ID).Save(ctx)
	if err != nil {
		return nil, err
	}
	// Parents before children: codes sort so, and the new IDs are mapped as they come.
	ids := map[int]int{}
	for _, cr := range sortedByCode(src.Edges.Criteria) {
		create := c.Criterion.Create().SetFrameworkID(dst.ID).SetCode(cr.Code).SetTitle(cr.Title).
			SetMaxPoints(cr.MaxPoints).SetArea(cr.Area).SetMethod(cr.Method).SetNillableIndicator(cr.Indicator).
			SetNillableRuleKind(cr.RuleKind).SetNillableThreshold(cr.Threshold).SetGuidance(cr.Guidance)
		if cr.Bands != nil {
			create.SetBands(cr.Bands)
		}
		if cr.ParentID != nil {
			create.SetParentCriterionID(ids[*cr.ParentID])
		}
		n, err := create.Save(ctx)
		if err != nil {
			return nil, err
		}
		ids[cr.ID] = n.ID
	}
	return dst, nil
}

// Publish publishes the DRAFT framework id once it is whole (scoring's
// Framework.Validate: codes, maxima summing to 100, rules); from then on it
// and its criteria are frozen and units are assessed against it. version is
// the framework's as the caller read it.
func (s *Service) Publish(ctx context.Context, id, version int) (*ent.ScoringFramework, error) {
	c := s.client(ctx)
	fw, err := c.ScoringFramework.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := mayWrite(ctx, fw.UnitID); err != nil {
		return nil, err
	}
	if fw.Status == scoringframework.StatusPUBLISHED {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "status", Message: "status: the framework is already PUBLISHED"}
	}
	if err := check.Unchanged("ScoringFramework", fw.ID, fw.Version, version); err != nil {
		return nil, err
	}
	f, err := Load(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, problemsError("criteria", err)
	}
	return c.ScoringFramework.UpdateOne(fw).SetVersion(version).SetStatus(scoringframework.StatusPUBLISHED).SetPublishedAt(s.now()).Save(ctx)
}

// Load reads framework id and its criteria as package scoring's Framework.
func Load(ctx context.Context, c *ent.Client, id int) (scoring.Framework, error) {
	fw, err := c.ScoringFramework.Get(ctx, id)
	if err != nil {
		return scoring.Framework{}, err
	}
	crs, err := c.Criterion.Query().Where(criterion.FrameworkID(id)).All(ctx)
	if err != nil {
		return scoring.Framework{}, err
	}
	return Of(fw.Year, crs), nil
}

// problemsError turns scoring's Problems into one BAD_USER_INPUT naming the
// first field at fault (criteria[2.1].maxPoints, input.rule.threshold) and
// listing every problem in extensions.problems.
func problemsError(prefix string, err error) error {
	ps, ok := err.(scoring.Problems)
	if !ok || len(ps) == 0 {
		return apperr.Input(prefix, "%v", err)
	}
	list := make([]map[string]any, len(ps))
	for i, p := range ps {
		list[i] = map[string]any{"criterion": p.Criterion, "field": p.Field, "message": p.Message}
	}
	field := prefix + "." + ps[0].Field
	if ps[0].Criterion != "" {
		field = prefix + "[" + ps[0].Criterion + "]." + ps[0].Field
	}
	return &apperr.Error{Code: apperr.BadInput, Field: field, Message: ps.Error(), Extensions: map[string]any{"problems": list}}
}

// mayWrite refuses, before any check of the input, a caller who may not
// write the frameworks of unit: the answer must not depend on the input.
func mayWrite(ctx context.Context, unit int) error {
	if !rule.MayWrite(viewer.FromContext(ctx), "ScoringFramework", unit) {
		return apperr.New(apperr.Forbidden, "only the officers of the issuing province change its frameworks")
	}
	return nil
}

func sortedByCode(crs []*ent.Criterion) []*ent.Criterion {
	out := slices.Clone(crs)
	slices.SortFunc(out, func(a, b *ent.Criterion) int { return scoring.CompareCodes(a.Code, b.Code) })
	return out
}
