package search

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"
)

// Hook keeps a record's searchable text in step with the fields it is made
// of (fields, in order): on every create, and on every update that sets or
// clears one of them, the fields left alone read from the stored record.
func Hook(fields ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) && !slices.ContainsFunc(fields, func(f string) bool { return changes(m, f) }) {
				return next.Mutate(ctx, m)
			}
			parts := make([]string, len(fields))
			for i, f := range fields {
				v, err := value(ctx, m, f)
				if err != nil {
					return nil, fmt.Errorf("search: reading %s.%s: %w", m.Type(), f, err)
				}
				parts[i] = v
			}
			if err := m.SetField(Column, Text(parts...)); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// changes tells whether m sets or clears field.
func changes(m ent.Mutation, field string) bool {
	_, set := m.Field(field)
	return set || m.FieldCleared(field)
}

// value is the text field will hold once m is saved.
func value(ctx context.Context, m ent.Mutation, field string) (string, error) {
	if v, ok := m.Field(field); ok {
		return str(v), nil
	}
	switch {
	case m.FieldCleared(field), m.Op().Is(ent.OpCreate):
		return "", nil
	case m.Op().Is(ent.OpUpdateOne):
		v, err := m.OldField(ctx, field)
		return str(v), err
	}
	// A bulk update has no single stored value to read: records whose
	// searchable fields change are updated one at a time.
	return "", fmt.Errorf("%s changes a searchable field of many records at once", m.Op())
}

// str is the text of a string field's value, nil or a pointer for nillable fields.
func str(v ent.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case *string:
		if v != nil {
			return *v
		}
	}
	return ""
}
