// Package viewer carries who is calling, and which units they may see and
// change, in the request context. The privacy rules of the data layer read it.
package viewer

import (
	"context"
	"slices"
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
}

// InScope tells whether unit id is the caller's unit or under it.
func (v *Viewer) InScope(id int) bool { return slices.Contains(v.Scope, id) }

// CanWrite tells whether the caller may change records owned by unit id:
// province officers write in their whole scope, commune and district officers
// their own unit only, analysts and scoring services nothing.
func (v *Viewer) CanWrite(id int) bool {
	switch v.Role {
	case ProvinceOfficer:
		return v.InScope(id)
	case CommuneOfficer, DistrictOfficer:
		return id == v.UnitID
	}
	return false
}

// Writable returns the units whose records the caller may change.
func (v *Viewer) Writable() []int {
	switch v.Role {
	case ProvinceOfficer:
		return v.Scope
	case CommuneOfficer, DistrictOfficer:
		return []int{v.UnitID}
	}
	return nil
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
