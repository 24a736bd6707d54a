package scoring

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"cchc/internal/enum"
)

// Area is a scoring area (lĩnh vực chấm điểm): the reform areas of enum.Area,
// plus the impact on citizens and organisations, which frameworks score but
// plans and tasks do not have.
type Area string

// The scoring areas.
const (
	AreaDirection         = Area(enum.AreaDirection)
	AreaInstitutions      = Area(enum.AreaInstitutions)
	AreaProcedures        = Area(enum.AreaProcedures)
	AreaApparatus         = Area(enum.AreaApparatus)
	AreaCivilService      = Area(enum.AreaCivilService)
	AreaPublicFinance     = Area(enum.AreaPublicFinance)
	AreaDigitalGovernment = Area(enum.AreaDigitalGovernment)
	AreaImpact            = Area("IMPACT") // tác động của CCHC đến người dân, tổ chức
)

// Areas lists every scoring area in the order of the official framework.
var Areas = []Area{
	AreaDirection, AreaInstitutions, AreaProcedures, AreaApparatus, AreaCivilService,
	AreaPublicFinance, AreaDigitalGovernment, AreaImpact,
}

// AreaDescriptions gives each area its Vietnamese and English name.
var AreaDescriptions = func() map[Area]string {
	m := map[Area]string{AreaImpact: "tác động của cải cách hành chính đến người dân, tổ chức / impact on citizens and organisations"}
	for a, d := range enum.AreaDescriptions {
		m[Area(a)] = d
	}
	return m
}()

// Method is how a criterion is scored (phương thức chấm điểm).
type Method string

// The scoring methods.
const (
	MethodManual    Method = "MANUAL"    // chấm thủ công theo tài liệu kiểm chứng / scored by hand from evidence
	MethodIndicator Method = "INDICATOR" // tính tự động từ số liệu / computed from an indicator
)

// Methods lists every method.
var Methods = []Method{MethodManual, MethodIndicator}

// MethodDescriptions gives each method its Vietnamese and English name.
var MethodDescriptions = map[Method]string{
	MethodManual:    "chấm thủ công theo tài liệu kiểm chứng / scored by hand from the evidence",
	MethodIndicator: "tính tự động từ số liệu của năm / computed from the indicators of the year",
}

// RuleKind is how an INDICATOR criterion turns a value into points.
type RuleKind string

// The kinds of rule.
const (
	RuleThreshold RuleKind = "THRESHOLD" // đạt ngưỡng: full points at the threshold, pro rata below
	RuleBands     RuleKind = "BANDS"     // theo mức: the points of the highest band reached
)

// RuleKinds lists every kind of rule.
var RuleKinds = []RuleKind{RuleThreshold, RuleBands}

// RuleKindDescriptions gives each kind its Vietnamese and English name.
var RuleKindDescriptions = map[RuleKind]string{
	RuleThreshold: "đạt ngưỡng được điểm tối đa, dưới ngưỡng tính theo tỷ lệ / full points at or above the threshold, pro rata below",
	RuleBands:     "theo mức: điểm của mức cao nhất đạt được / the points of the highest band reached",
}

// The methods below let ent use these types as Go types of enum fields
// (Values) and gqlgen bind them to GraphQL enums, as enum.Area does.

// Values lists the values for ent.
func (Area) Values() []string { return names(Areas) }

// Values lists the values for ent.
func (Method) Values() []string { return names(Methods) }

// Values lists the values for ent.
func (RuleKind) Values() []string { return names(RuleKinds) }

// Values lists the values for ent.
func (Indicator) Values() []string { return names(indicatorCodes()) }

// Values lists the values for ent.
func (Band) Values() []string { return names(bandCodes()) }

// MarshalGQL writes the value as a GraphQL enum value.
func (a Area) MarshalGQL(w io.Writer) { quote(w, a) }

// MarshalGQL writes the value as a GraphQL enum value.
func (m Method) MarshalGQL(w io.Writer) { quote(w, m) }

// MarshalGQL writes the value as a GraphQL enum value.
func (k RuleKind) MarshalGQL(w io.Writer) { quote(w, k) }

// MarshalGQL writes the value as a GraphQL enum value.
func (i Indicator) MarshalGQL(w io.Writer) { quote(w, i) }

// MarshalGQL writes the value as a GraphQL enum value.
func (b Band) MarshalGQL(w io.Writer) { quote(w, b) }

// UnmarshalGQL reads a GraphQL enum value.
func (a *Area) UnmarshalGQL(v any) error { return parse(a, v, Areas) }

// UnmarshalGQL reads a GraphQL enum value.
func (m *Method) UnmarshalGQL(v any) error { return parse(m, v, Methods) }

// UnmarshalGQL reads a GraphQL enum value.
func (k *RuleKind) UnmarshalGQL(v any) error { return parse(k, v, RuleKinds) }

// UnmarshalGQL reads a GraphQL enum value.
func (i *Indicator) UnmarshalGQL(v any) error { return parse(i, v, indicatorCodes()) }

// UnmarshalGQL reads a GraphQL enum value.
func (b *Band) UnmarshalGQL(v any) error { return parse(b, v, bandCodes()) }

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func quote[T ~string](w io.Writer, v T) { io.WriteString(w, strconv.Quote(string(v))) }

// parse sets *dst to v when v is one of valid.
func parse[T ~string](dst *T, v any, valid []T) error {
	if s, ok := v.(string); ok && slices.Contains(valid, T(s)) {
		*dst = T(s)
		return nil
	}
	return fmt.Errorf("%v is not one of %v", v, valid)
}
