package rule

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"cchc/internal/apperr"
	"cchc/internal/viewer"
)

// ScopeWhere closes the holes that where inputs open around the privacy
// filter, at any depth of a where input (any *XWhereInput), under has…With,
// and, or and not alike:
//
//   - ent runs has…With and has… as subqueries that the privacy filter does
//     not reach, so units(where: {hasChildrenWith: {name: "X"}}) would tell
//     whether an out-of-scope unit named X exists: every edge predicate gets
//     the caller's read scope of its record type;
//   - a filter on a restricted field (an official's phone) would tell its
//     value where the caller reads it as null: each such filter matches only
//     the records whose field the caller reads, so that the answer is the
//     same for a true and a false guess; a caller who reads the field
//     nowhere is refused (FORBIDDEN naming the field).
func ScopeWhere(ctx context.Context, where any) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil
	}
	return scopeInput(v, reflect.ValueOf(where), "where", true)
}

var boolPtr = reflect.TypeOf((*bool)(nil))

// scopeInput scopes the where input p, at path, and, with guard, guards its
// filters on restricted fields.
func scopeInput(v *viewer.Viewer, p reflect.Value, path string, guard bool) error {
	if p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return nil
	}
	var guarded reflect.Value
	if guard {
		var err error
		if guarded, err = guardRestricted(v, p, path); err != nil {
			return err
		}
	}
	s := p.Elem()
	defer func() {
		// Joined last, so that the loop below does not guard it again.
		if guarded.IsValid() {
			and := s.FieldByName("And")
			and.Set(reflect.Append(and, guarded))
		}
	}()
	for i := 0; i < s.NumField(); i++ {
		name, f := s.Type().Field(i).Name, s.Field(i)
		at := path + "." + jsonName(s.Type().Field(i))
		switch {
		case name == "Not":
			if err := scopeInput(v, f, at, true); err != nil {
				return err
			}
		case name == "Or" || name == "And":
			for j := 0; j < f.Len(); j++ {
				if err := scopeInput(v, f.Index(j), at, true); err != nil {
					return err
				}
			}
		case strings.HasPrefix(name, "Has") && strings.HasSuffix(name, "With"):
			for j := 0; j < f.Len(); j++ {
				if err := scopeInput(v, f.Index(j), at, true); err != nil {
					return err
				}
				restrict(v, f.Index(j))
			}
		case strings.HasPrefix(name, "Has") && f.Type() == boolPtr && !f.IsNil():
			// has…: true/false becomes has…With a readable row, or its negation.
			with := s.FieldByName(name + "With")
			neighbour := reflect.New(with.Type().Elem().Elem())
			restrict(v, neighbour)
			cond := reflect.New(s.Type())
			cond.Elem().FieldByName(name + "With").Set(reflect.Append(reflect.MakeSlice(with.Type(), 0, 1), neighbour))
			if !f.Elem().Bool() {
				not := reflect.New(s.Type())
				not.Elem().FieldByName("Not").Set(cond)
				cond = not
			}
			and := s.FieldByName("And")
			and.Set(reflect.Append(and, cond))
			f.Set(reflect.Zero(f.Type()))
		}
	}
	return nil
}

// restrict adds the read scope of its record type to a where input.
func restrict(v *viewer.Viewer, in reflect.Value) {
	p, err := readable(v, recordType(in.Interface(), "WhereInput"))
	if err != nil {
		p = nothing // the caller reads nothing of this type
	}
	addPredicate(in.Interface(), "AddPredicates", p)
}

// operators are the suffixes of the where input fields of one field
// (phone, phoneNEQ, phoneHasPrefix …), as entgql generates them.
var operators = []string{"", "NEQ", "In", "NotIn", "GT", "GTE", "LT", "LTE", "Contains", "HasPrefix",
	"HasSuffix", "IsNil", "NotNil", "EqualFold", "ContainsFold"}

// guardRestricted moves the filters on restricted fields of the where input
// p into a condition of their own, to be joined to the input with and, which
// also requires that the caller read the fields of the record: for a record
// whose fields the caller cannot read, each such filter is false, whatever
// the value and whether under not or not.
func guardRestricted(v *viewer.Viewer, p reflect.Value, path string) (reflect.Value, error) {
	typ := recordType(p.Interface(), "WhereInput")
	s := p.Elem()
	var guard reflect.Value
	for _, r := range Records[typ].Restricted {
		units, all := r.ReadIn(v)
		if all {
			continue
		}
		var g reflect.Value
		for i := 0; i < s.NumField(); i++ {
			f := s.Field(i)
			column, ok := r.filters(jsonName(s.Type().Field(i)))
			if !ok || f.IsZero() {
				continue
			}
			if len(units) == 0 {
				return reflect.Value{}, apperr.New(apperr.Forbidden, "%s.%s: role %s does not read the %s of %s records", path, jsonName(s.Type().Field(i)), v.Role, column, typ)
			}
			if !g.IsValid() {
				g = reflect.New(s.Type())
			}
			g.Elem().Field(i).Set(f)
			f.Set(reflect.Zero(f.Type()))
		}
		if !g.IsValid() {
			continue
		}
		if err := scopeInput(v, g, path, false); err != nil {
			return reflect.Value{}, err
		}
		addPredicate(g.Interface(), "AddPredicates", ownedBy(typ, units))
		if !guard.IsValid() {
			guard = reflect.New(s.Type())
		}
		and := guard.Elem().FieldByName("And")
		and.Set(reflect.Append(and, g))
	}
	return guard, nil
}

// filters tells which restricted column or edge of r a where input field
// filters, if any: phoneHasPrefix the phone, hasMergedIntoWith the merger.
func (r Restriction) filters(field string) (string, bool) {
	for _, c := range r.Columns {
		if rest, ok := strings.CutPrefix(field, apperr.FieldName(c)); ok && slices.Contains(operators, rest) {
			return c, true
		}
	}
	for _, e := range r.Edges {
		if rest, ok := strings.CutPrefix(field, "has"+strings.ToUpper(apperr.FieldName(e)[:1])+apperr.FieldName(e)[1:]); ok && (rest == "" || rest == "With") {
			return e, true
		}
	}
	return "", false
}

// jsonName is the GraphQL name of a where input's field.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}
