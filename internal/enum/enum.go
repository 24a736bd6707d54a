// Package enum holds the enumerations shared by several records, such as the
// reform area (lĩnh vực CCHC) used by plans, tasks and scoring criteria, so
// that GraphQL exposes one enum type for them instead of one per record.
package enum

import (
	"fmt"
	"io"
	"strconv"
)

// Area is a reform area (lĩnh vực cải cách hành chính).
type Area string

// The reform areas of the state administrative reform programme.
const (
	AreaDirection         Area = "DIRECTION"          // chỉ đạo, điều hành, tuyên truyền
	AreaInstitutions      Area = "INSTITUTIONS"       // cải cách thể chế
	AreaProcedures        Area = "PROCEDURES"         // cải cách thủ tục hành chính
	AreaApparatus         Area = "APPARATUS"          // cải cách tổ chức bộ máy
	AreaCivilService      Area = "CIVIL_SERVICE"      // cải cách chế độ công vụ
	AreaPublicFinance     Area = "PUBLIC_FINANCE"     // cải cách tài chính công
	AreaDigitalGovernment Area = "DIGITAL_GOVERNMENT" // chính quyền điện tử, chính quyền số
)

// AreaDescriptions gives each area its Vietnamese name, for the schema and documents.
var AreaDescriptions = map[Area]string{
	AreaDirection:         "chỉ đạo, điều hành, tuyên truyền CCHC / direction, steering and communication",
	AreaInstitutions:      "cải cách thể chế / institutional reform",
	AreaProcedures:        "cải cách thủ tục hành chính / administrative procedure reform",
	AreaApparatus:         "cải cách tổ chức bộ máy / reform of the apparatus",
	AreaCivilService:      "cải cách chế độ công vụ / civil service reform",
	AreaPublicFinance:     "cải cách tài chính công / public finance reform",
	AreaDigitalGovernment: "xây dựng chính quyền điện tử, chính quyền số / digital government",
}

// Areas lists every area in the order of the official report.
var Areas = []Area{AreaDirection, AreaInstitutions, AreaProcedures, AreaApparatus, AreaCivilService, AreaPublicFinance, AreaDigitalGovernment}

// Values lets ent use Area as the Go type of an enum field.
func (Area) Values() []string { return stringsOf(Areas) }

// MarshalGQL writes the area as a GraphQL enum value.
func (a Area) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(a))) }

// UnmarshalGQL reads a GraphQL enum value.
func (a *Area) UnmarshalGQL(v any) error { return unmarshal(a, v, Areas, "Area") }

// PeriodKind is the kind of a reporting period (kỳ báo cáo).
type PeriodKind string

// The kinds of reporting period.
const (
	PeriodMonth      PeriodKind = "MONTH"       // tháng
	PeriodQuarter    PeriodKind = "QUARTER"     // quý
	PeriodHalfYear   PeriodKind = "HALF_YEAR"   // 6 tháng
	PeriodNineMonths PeriodKind = "NINE_MONTHS" // 9 tháng
	PeriodYear       PeriodKind = "YEAR"        // năm
)

// PeriodKinds lists every kind of period, shortest first.
var PeriodKinds = []PeriodKind{PeriodMonth, PeriodQuarter, PeriodHalfYear, PeriodNineMonths, PeriodYear}

// PeriodKindDescriptions gives each kind its Vietnamese name.
var PeriodKindDescriptions = map[PeriodKind]string{
	PeriodMonth:      "tháng / month (index 1–12)",
	PeriodQuarter:    "quý / quarter (index 1–4)",
	PeriodHalfYear:   "6 tháng / half-year (index 1–2)",
	PeriodNineMonths: "9 tháng / first nine months (index 1)",
	PeriodYear:       "năm / year (index 1)",
}

// Values lets ent use PeriodKind as the Go type of an enum field.
func (PeriodKind) Values() []string { return stringsOf(PeriodKinds) }

// MarshalGQL writes the kind as a GraphQL enum value.
func (k PeriodKind) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads a GraphQL enum value.
func (k *PeriodKind) UnmarshalGQL(v any) error { return unmarshal(k, v, PeriodKinds, "PeriodKind") }

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func unmarshal[T ~string](dst *T, v any, valid []T, name string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string", name)
	}
	for _, x := range valid {
		if string(x) == s {
			*dst = x
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid %s", s, name)
}
