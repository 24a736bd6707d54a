package rule

import (
	"slices"

	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// Reviewers are the roles that review (accept or return) the periodic
// reports of the units under them. It is the one write outside Access: a
// district officer reads its communes' reports and may not change them, but
// may decide on a submitted one.
var Reviewers = []viewer.Role{viewer.DistrictOfficer, viewer.ProvinceOfficer}

// MayReview returns nil when v may accept or return the reports of unit: v is
// a district or province officer whose subtree holds the unit, and the unit
// is not v's own (a unit's report is decided on by the level above). A unit
// whose reports v cannot read answers NOT_FOUND, as a report that does not
// exist; a role that does not review answers FORBIDDEN.
func MayReview(v *viewer.Viewer, unit int) error {
	readable, err := ReadableUnits(v, "Report")
	if err != nil {
		return err
	}
	switch {
	case !slices.Contains(readable, unit):
		return apperr.New(apperr.NotFound, "not found")
	case !slices.Contains(Reviewers, v.Role):
		return forbidden("role %s does not review reports; district and province officers do", v.Role)
	case unit == v.UnitID:
		return forbidden("a unit's own report is reviewed by the level above")
	}
	return nil
}
