package rule

import (
	"fmt"

	"cchc/internal/viewer"
)

// Level is how far a permission reaches.
type Level int

// The levels of a permission.
const (
	None  Level = iota // nothing
	Own                // records of the caller's own unit
	Scope              // records of the caller's unit and of every unit under it
)

func (l Level) String() string {
	return [...]string{"—", "own unit", "unit and below"}[l]
}

// Permission is what a role may do with one record type.
type Permission struct{ Read, Write Level }

func (p Permission) String() string {
	switch {
	case p.Read == None:
		return "—"
	case p.Write == None:
		return "read " + p.Read.String()
	case p.Read == p.Write:
		return "read, write " + p.Read.String()
	}
	return fmt.Sprintf("read %s; write %s", p.Read, p.Write)
}

var (
	none     = Permission{}
	readOwn  = Permission{Own, None}
	read     = Permission{Scope, None}
	writeOwn = Permission{Scope, Own}
	writeAll = Permission{Scope, Scope}
	ownOnly  = Permission{Own, Own}
)

// indicators is who reads the figures computed from records.
var indicators = row(read, read, read, read, read)

// row lists a record type's permissions in the order of viewer.Roles:
// commune officer, district officer, province officer, analyst, scoring service.
func row(commune, district, province, analyst, scoring Permission) map[viewer.Role]Permission {
	return map[viewer.Role]Permission{
		viewer.CommuneOfficer: commune, viewer.DistrictOfficer: district, viewer.ProvinceOfficer: province,
		viewer.Analyst: analyst, viewer.ScoringService: scoring,
	}
}

// IssuedAbove tells whether records of type typ are issued by a unit's
// superiors for it: read with Scope, they are visible from the units below
// too, as units are.
func IssuedAbove(typ string) bool { return Records[typ].IssuedAbove }

// PermissionOf returns what v's role may do with records of type typ.
func PermissionOf(v *viewer.Viewer, typ string) Permission {
	return Records[typ].Access[v.Role]
}

// readUnits returns the units whose records of type typ v may read. Units
// themselves are also visible above the caller (its district and province).
func readUnits(v *viewer.Viewer, typ string) ([]int, error) {
	switch PermissionOf(v, typ).Read {
	case Own:
		return []int{v.UnitID}, nil
	case Scope:
		if IssuedAbove(typ) {
			return v.Visible(), nil
		}
		return v.Scope, nil
	}
	return nil, forbidden("role %s does not read %s records", v.Role, typ)
}

// ReadableUnits returns the units whose records, or figures, of type typ v
// may read; FORBIDDEN when its role reads none. Hand-written queries
// (indicators, reports) narrow their SQL to these.
func ReadableUnits(v *viewer.Viewer, typ string) ([]int, error) {
	if v == nil {
		return nil, forbidden("no authenticated caller")
	}
	return readUnits(v, typ)
}

// MayWrite tells whether v may write records of type typ owned by unit, as
// the privacy rules will decide: for hand-written workflows (submitting a
// report) that check before they do costly work.
func MayWrite(v *viewer.Viewer, typ string, unit int) bool {
	return v != nil && canWrite(v, typ, unit)
}

// writeUnits returns the units whose records of type typ v may change.
func writeUnits(v *viewer.Viewer, typ string) ([]int, error) {
	switch PermissionOf(v, typ).Write {
	case Own:
		return []int{v.UnitID}, nil
	case Scope:
		return v.Scope, nil
	}
	return nil, forbidden("role %s does not write %s records", v.Role, typ)
}
