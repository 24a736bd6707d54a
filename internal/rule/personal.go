package rule

import (
	"context"
	"slices"

	entgo "entgo.io/ent"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/internal/viewer"
)

// HidePersonalData blanks the personal data of officials (birth date, phone,
// e-mail) in every query result, lists and nested edges alike, unless the
// caller belongs to the official's own unit or is a province officer.
// Disciplinary actions are kept from the same callers by Access.
func HidePersonalData() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			// The owner decides, so it must be read even when the client
			// selected other fields only.
			if qc := entgo.QueryFromContext(ctx); qc != nil && qc.Type == ent.TypeOfficial &&
				len(qc.Fields) > 0 && !slices.Contains(qc.Fields, official.FieldUnitID) {
				qc.Fields = append(qc.Fields, official.FieldUnitID)
			}
			value, err := next.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			v := viewer.FromContext(ctx)
			switch officials := value.(type) {
			case []*ent.Official:
				for _, o := range officials {
					hidePersonal(v, o)
				}
			case *ent.Official:
				hidePersonal(v, officials)
			}
			return value, nil
		})
	})
}

func hidePersonal(v *viewer.Viewer, o *ent.Official) {
	if v != nil && (v.Role == viewer.ProvinceOfficer || v.UnitID == o.UnitID) {
		return
	}
	o.BirthDate, o.Phone, o.Email = nil, "", ""
}
