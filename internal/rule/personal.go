package rule

import (
	"context"
	"slices"

	entgo "entgo.io/ent"

	"cchc/ent"
	"cchc/ent/auditentry"
	"cchc/ent/official"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// HidePersonalData blanks the personal data of officials (birth date, phone,
// e-mail) in every query result, lists and nested edges alike, unless the
// caller belongs to the official's own unit or is a province officer: in
// officials, and in the values before and after of the audit trail's entries
// about officials. Disciplinary actions are kept from the same callers by Access.
func HidePersonalData() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			// The owner decides, so it must be read even when the client
			// selected other fields only.
			if qc := entgo.QueryFromContext(ctx); qc != nil && len(qc.Fields) > 0 {
				switch qc.Type {
				case ent.TypeOfficial:
					qc.Fields = selectAlso(qc.Fields, official.FieldUnitID)
				case ent.TypeAuditEntry:
					qc.Fields = selectAlso(qc.Fields, auditentry.FieldUnitID, auditentry.FieldRecordType)
				}
			}
			value, err := next.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			v := viewer.FromContext(ctx)
			switch value := value.(type) {
			case []*ent.Official:
				for _, o := range value {
					hidePersonal(v, o)
				}
			case *ent.Official:
				hidePersonal(v, value)
			case []*ent.AuditEntry:
				for _, e := range value {
					hidePersonalValues(v, e)
				}
			case *ent.AuditEntry:
				hidePersonalValues(v, value)
			}
			return value, nil
		})
	})
}

// selectAlso adds to the selected fields those missing of more.
func selectAlso(fields []string, more ...string) []string {
	for _, f := range more {
		if !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	return fields
}

// seesPersonal tells whether v may see the personal data of the officials of unit.
func seesPersonal(v *viewer.Viewer, unit int) bool {
	return v != nil && (v.Role == viewer.ProvinceOfficer || v.UnitID == unit)
}

func hidePersonal(v *viewer.Viewer, o *ent.Official) {
	if !seesPersonal(v, o.UnitID) {
		o.BirthDate, o.Phone, o.Email = nil, "", ""
	}
}

// hidePersonalValues nulls the personal data of an official in an audit entry's values.
func hidePersonalValues(v *viewer.Viewer, e *ent.AuditEntry) {
	if e.RecordType != ent.TypeOfficial || seesPersonal(v, e.UnitID) {
		return
	}
	for _, f := range []string{official.FieldBirthDate, official.FieldPhone, official.FieldEmail} {
		for _, values := range []map[string]any{e.Before, e.After} {
			if _, ok := values[apperr.FieldName(f)]; ok {
				values[apperr.FieldName(f)] = nil
			}
		}
	}
}
