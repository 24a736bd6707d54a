package server_test

import (
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestPersonalDataOfOfficials: birth dates, phones and e-mails of officials,
// and their disciplinary actions, are seen only by the official's own unit
// and by province officers, whether listed or reached through an edge.
func TestPersonalDataOfOfficials(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		const q = `{
  officials(where: {hasUnitWith: {code: "11095"}}) { edges { node { fullName birthDate phone email disciplinaryActions { id } } } }
  units(where: {code: "11095"}) { edges { node { officials { edges { node { birthDate phone } } } } } }
}`
		type official struct {
			FullName, Phone, Email string
			BirthDate              *string
			DisciplinaryActions    []struct{ ID string }
		}
		var got struct {
			Officials struct{ Edges []struct{ Node official } }
			Units     struct {
				Edges []struct {
					Node struct {
						Officials struct{ Edges []struct{ Node official } }
					}
				}
			}
		}
		personal := func(tok string) (withData, actions, nested int) {
			env.OK(t, tok, q, nil, &got)
			for _, e := range got.Officials.Edges {
				if e.Node.BirthDate != nil || e.Node.Phone != "" || e.Node.Email != "" {
					withData++
				}
				actions += len(e.Node.DisciplinaryActions)
			}
			for _, u := range got.Units.Edges {
				for _, e := range u.Node.Officials.Edges {
					if e.Node.BirthDate != nil || e.Node.Phone != "" {
						nested++
					}
				}
			}
			return
		}
		// Tứ Xuyên (11095) holds the demonstration's one disciplinary action.
		for _, c := range []struct {
			role    viewer.Role
			unit    string
			visible bool
		}{
			{viewer.CommuneOfficer, "11095", true},
			{viewer.ProvinceOfficer, "30", true},
			{viewer.DistrictOfficer, "298", false},
			{viewer.Analyst, "298", false},
		} {
			withData, actions, nested := personal(env.Token(t, c.role, c.unit))
			if c.visible && (withData == 0 || actions == 0 || nested == 0) {
				t.Errorf("%s of %s must see personal data: %d officials with data, %d actions, %d nested", c.role, c.unit, withData, actions, nested)
			}
			if !c.visible && (withData != 0 || actions != 0 || nested != 0) {
				t.Errorf("%s of %s must not see personal data: %d officials with data, %d actions, %d nested", c.role, c.unit, withData, actions, nested)
			}
		}
	})
}
