package apperr

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lib/pq"
)

// duplicate is the CONFLICT of a write that would give two records the same
// unique key (a unit's code, a dossier's code within its unit …), refused by
// a unique index of the database whichever writer came first. The field is
// the key's own column (code, subject, fiscalYear), not the record it is
// unique within (unitID), which extensions.fields lists with it.
func duplicate(err error) *Error {
	cols := uniqueColumns(err)
	if len(cols) == 0 {
		return New(Conflict, "a record with the same key already exists (for example the same code in this unit)")
	}
	fields := make([]string, len(cols))
	for i, c := range cols {
		fields[i] = FieldName(c)
	}
	field := fields[len(fields)-1]
	if i := slices.IndexFunc(cols, func(c string) bool { return !strings.HasSuffix(c, "_id") }); i >= 0 {
		field = fields[i]
	}
	if slices.Contains(fields, "code") {
		field = "code"
	}
	msg := fmt.Sprintf("%s: a record with this %s already exists", field, field)
	if others := slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == field }); len(others) > 0 {
		msg += fmt.Sprintf(" with the same %s (they are unique together)", strings.Join(others, " and "))
	} else {
		msg += " (it is unique)"
	}
	return &Error{Code: Conflict, Field: field, Message: msg, Extensions: map[string]any{"fields": fields}}
}

// uniqueColumns are the columns of the unique key err violates, as the
// database names them: PostgreSQL in the error's detail ("Key (unit_id,
// code)=(…) already exists."), SQLite in its message ("UNIQUE constraint
// failed: dossiers.unit_id, dossiers.code").
func uniqueColumns(err error) []string {
	var list string
	if pe, ok := errors.AsType[*pq.Error](err); ok {
		if pe.Code != "23505" {
			return nil
		}
		rest, ok := strings.CutPrefix(pe.Detail, "Key (")
		if !ok {
			return nil
		}
		list, _, ok = strings.Cut(rest, ")=(")
		if !ok {
			return nil
		}
	} else {
		_, rest, ok := strings.Cut(err.Error(), "UNIQUE constraint failed: ")
		if !ok {
			return nil
		}
		list, _, _ = strings.Cut(rest, " (")
	}
	var cols []string
	for _, c := range strings.Split(list, ",") {
		c = strings.TrimSpace(c)
		if _, col, ok := strings.Cut(c, "."); ok {
			c = col // SQLite: table.column
		}
		if c == "" || strings.ContainsAny(c, " ()") { // an expression, not a column
			return nil
		}
		cols = append(cols, strings.Trim(c, `"`))
	}
	return cols
}
