// Package viewer carries who is calling, and which units they may see and
// change, in the request context. The privacy rules of the data layer read it.
package viewer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Role is what a caller may do, carried in the token beside the caller's unit.
type Role string

// The roles of the product (see docs/ACCESS.md).
const (
	CommuneOfficer  Role = "COMMUNE_OFFICER"  // cán bộ, công chức cấp xã
	DistrictOfficer Role = "DISTRICT_OFFICER" // Phòng Nội vụ cấp huyện
	ProvinceOfficer Role = "PROVINCE_OFFICER" // Sở Nội vụ cấp tỉnh
	Analyst         Role = "ANALYST"          // chuyên viên phân tích, chỉ đọc
	ScoringService  Role = "SCORING_SERVICE"  // công cụ chấm điểm, chỉ đọc chỉ số
)

// Roles lists every role.
var Roles = []Role{CommuneOfficer, DistrictOfficer, ProvinceOfficer, Analyst, ScoringService}

// Valid tells whether r is one of the roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// RoleDescriptions gives each role its meaning, for the schema and docs.
var RoleDescriptions = map[Role]string{
	CommuneOfficer:  "cán bộ, công chức cấp xã / commune officer: reads and writes its own commune's records",
	DistrictOfficer: "Phòng Nội vụ cấp huyện / district officer: reads its district and every commune in it, writes district plans and tasks",
	ProvinceOfficer: "Sở Nội vụ cấp tỉnh / province officer: reads the whole province, manages units, accounts and the province's list of procedures",
	Analyst:         "chuyên viên phân tích / analyst: reads its unit's subtree, writes nothing",
	ScoringService:  "công cụ chấm điểm / scoring service: reads units (and later indicators and scores) of its subtree, nothing else",
}

// Values lets ent use Role as the Go type of an enum field.
func (Role) Values() []string {
	out := make([]string, len(Roles))
	for i, r := range Roles {
		out[i] = string(r)
	}
	return out
}

// MarshalGQL writes the role as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads a GraphQL enum value.
func (r *Role) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !Role(s).Valid() {
		return fmt.Errorf("%q is not a valid Role", v)
	}
	*r = Role(s)
	return nil
}

// Viewer is an authenticated caller.
type Viewer struct {
	Subject  string // the account's subject, e.g. a login name
	Role     Role
	UnitID   int    // the caller's own unit
	UnitCode string // its official code
	// Scope is the caller's unit and every unit under it, following parent
	// and merger lineage: the units whose records the caller reads.
	Scope []int
	// Ancestors are the units above the caller's unit; their names and codes
	// are visible, not their records.
	Ancestors []int
	// Ended holds the units of Scope whose validity has ended (validTo set,
	// after a merger or dissolution), read with Scope; nil when not read.
	// A record dated at such a unit must come before its end
	// (internal/check), so only those units, or all when nil, are read again.
	Ended map[int]bool
}

// Visible returns the units the caller may see as units: its scope and its ancestors.
func (v *Viewer) Visible() []int { return append(slices.Clone(v.Scope), v.Ancestors...) }

type ctxKey struct{}

// NewContext returns a context carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the caller, or nil when there is none.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}
