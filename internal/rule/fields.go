package rule

import (
	"context"
	"reflect"
	"slices"

	entgo "entgo.io/ent"

	"cchc/ent"
	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// HideRestricted blanks, in every query result, lists and nested edges
// alike, the restricted fields (Record.Restricted) that the caller may not
// read in that record: an official's phone for a district officer, a
// province's version for a commune. Audit entries about such a record show
// those fields as null in their values before and after.
func HideRestricted() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			typ := recordType(q, "Query")
			audit := typ == "AuditEntry"
			if len(Records[typ].Restricted) == 0 && !audit {
				return next.Query(ctx, q)
			}
			qc := entgo.QueryFromContext(ctx)
			if qc != nil && (qc.Op == entgo.OpQuerySelect || qc.Op == entgo.OpQueryGroupBy) {
				// Columns scanned into values cannot be masked afterwards.
				if err := scansRestricted(viewer.FromContext(ctx), typ, qc.Fields); err != nil {
					return nil, err
				}
				return next.Query(ctx, q)
			}
			// The owner decides, so it must be read even when the client
			// selected other fields only.
			if qc != nil && len(qc.Fields) > 0 {
				if audit {
					qc.Fields = selectAlso(qc.Fields, "unit_id", "record_type")
				} else {
					qc.Fields = selectAlso(qc.Fields, Records[typ].Owner.Column)
				}
			}
			value, err := next.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			v := viewer.FromContext(ctx)
			if audit {
				each(typ, value, func(rec reflect.Value) { hideInValues(v, rec.Addr().Interface().(*ent.AuditEntry)) })
				return value, nil
			}
			// Where v reads each restriction, and which struct fields hold the
			// owner and the restricted columns, are the same for every record.
			rs := Records[typ].Restricted
			reads := make([]func(int) bool, len(rs))
			for i, r := range rs {
				reads[i] = r.reader(v)
			}
			var indexes map[string]int
			each(typ, value, func(rec reflect.Value) {
				if indexes == nil {
					indexes = fieldIndexes(rec.Type())
				}
				owner := int(field(rec, indexes, Records[typ].Owner.Column).Int())
				for i, r := range rs {
					if !reads[i](owner) {
						for _, c := range r.Columns {
							f := field(rec, indexes, c)
							f.Set(reflect.Zero(f.Type()))
						}
					}
				}
			})
			return value, nil
		})
	})
}

// scansRestricted refuses a scan of restricted columns of typ by a caller
// who does not read them wherever it reads the record.
func scansRestricted(v *viewer.Viewer, typ string, columns []string) error {
	for _, r := range Records[typ].Restricted {
		if _, all := r.ReadIn(v); all {
			continue
		}
		for _, c := range columns {
			if slices.Contains(r.Columns, c) {
				return forbidden("%s: role %s does not read the %s of every %s it reads", apperr.FieldName(c), v.Role, c, typ)
			}
		}
	}
	return nil
}

// reader tells, for v, whether it reads the fields of r in the records of a unit.
func (r Restriction) reader(v *viewer.Viewer) func(unit int) bool {
	units, all := r.ReadIn(v)
	return func(unit int) bool { return all || slices.Contains(units, unit) }
}

// each calls f with every record of type typ in a query's value: one, or a
// list; values of another shape (counts scanned by entgql) hold none.
func each(typ string, value ent.Value, f func(reflect.Value)) {
	record := func(rv reflect.Value) {
		if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct && rv.Elem().Type().Name() == typ {
			f(rv.Elem())
		}
	}
	switch rv := reflect.ValueOf(value); rv.Kind() {
	case reflect.Slice:
		for i := 0; i < rv.Len(); i++ {
			record(rv.Index(i))
		}
	default:
		record(rv)
	}
}

// fieldIndexes maps the columns of a generated ent struct to its fields:
// ent tags each field with its column's name.
func fieldIndexes(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		out[jsonName(t.Field(i))] = i
	}
	return out
}

// field returns the field of rec that holds column.
func field(rec reflect.Value, indexes map[string]int, column string) reflect.Value {
	i, ok := indexes[column]
	if !ok {
		panic("rule: no field for column " + column + " in " + rec.Type().Name()) // a declaration error, caught by TestDeclarationsHold
	}
	return rec.Field(i)
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

// hideInValues nulls, in an audit entry's values before and after, the
// restricted fields of its record that v may not read.
func hideInValues(v *viewer.Viewer, e *ent.AuditEntry) {
	for _, r := range Records[e.RecordType].Restricted {
		if r.reader(v)(e.UnitID) {
			continue
		}
		for _, c := range r.Columns {
			for _, values := range []map[string]any{e.Before, e.After} {
				if _, ok := values[apperr.FieldName(c)]; ok {
					values[apperr.FieldName(c)] = nil
				}
			}
		}
	}
}

// Columns returns the columns of the records of type typ, as ent generates
// them, or nil for a type that is no ent record (Indicator).
func Columns(typ string) []string {
	client, ok := reflect.TypeOf(ent.Client{}).FieldByName(typ)
	if !ok {
		return nil
	}
	get, ok := client.Type.MethodByName("Get")
	if !ok {
		return nil
	}
	rec := get.Type.Out(0).Elem()
	var out []string
	for i := 0; i < rec.NumField(); i++ {
		if name := jsonName(rec.Field(i)); name != "" && name != "-" && name != "edges" {
			out = append(out, name)
		}
	}
	return out
}
