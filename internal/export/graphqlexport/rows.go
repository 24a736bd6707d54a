package graphqlexport

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// kind is how a selected field becomes cells.
type kind int

const (
	leaf   kind = iota // a scalar or enum: one cell
	leaves             // a list of scalars or enums: one cell, the items joined by "; "
	whole              // any other list: one cell, its JSON text
	object             // an object: the cells of its selected fields
)

// value is how a selected value becomes cells of the row.
type value struct {
	kind   kind
	col    int     // leaf, leaves, whole: the column
	fields []field // object: its selected fields, in the query's order
}

type field struct {
	key   string // response key
	value *value
}

// builder derives the columns from the query's selections.
type builder struct {
	schema *ast.Schema
	names  []string
	index  map[string]int
}

// row is the value of one node of type t: its fields, or one column named
// key when the list holds scalars.
func (b *builder) row(t *ast.Type, set ast.SelectionSet, key string) *value {
	if t.Elem == nil && !b.scalar(t) {
		return b.value(t, set, "")
	}
	return b.value(t, set, key)
}

// value is the value of type t selected by set, at the dotted path name.
func (b *builder) value(t *ast.Type, set ast.SelectionSet, name string) *value {
	switch {
	case t.Elem == nil && b.scalar(t):
		return &value{kind: leaf, col: b.column(name)}
	case t.Elem != nil && t.Elem.Elem == nil && b.scalar(t.Elem):
		return &value{kind: leaves, col: b.column(name)}
	case t.Elem != nil:
		return &value{kind: whole, col: b.column(name)}
	}
	v := &value{kind: object}
	for _, g := range collect(set) {
		if g.def == nil {
			continue // not after validation
		}
		path := g.key
		if name != "" {
			path = name + "." + g.key
		}
		v.fields = append(v.fields, field{g.key, b.value(g.def.Type, g.selections(), path)})
	}
	return v
}

func (b *builder) scalar(t *ast.Type) bool {
	def := b.schema.Types[t.Name()]
	return def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum
}

// column returns the index of the column name, adding it when new.
func (b *builder) column(name string) int {
	if i, ok := b.index[name]; ok {
		return i
	}
	b.index[name] = len(b.names)
	b.names = append(b.names, name)
	return b.index[name]
}

// connection tells whether f is a Relay connection that can be read page
// by page: a type with pageInfo and edges of nodes, taking after.
func (b *builder) connection(f *ast.FieldDefinition) bool {
	def := b.schema.Types[f.Type.Name()]
	if f.Type.Elem != nil || def == nil || def.Kind != ast.Object || def.Fields.ForName("pageInfo") == nil ||
		f.Arguments.ForName("after") == nil {
		return false
	}
	edges := def.Fields.ForName("edges")
	if edges == nil || edges.Type.Elem == nil {
		return false
	}
	edge := b.schema.Types[edges.Type.Name()]
	return edge != nil && edge.Fields.ForName("node") != nil
}

// fill writes the cells of the JSON value raw into cells.
func (v *value) fill(raw json.RawMessage, cells []any) error {
	if null(raw) {
		return nil
	}
	switch v.kind {
	case leaf:
		c, err := scalar(raw)
		cells[v.col] = c
		return err
	case leaves:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		texts := make([]string, len(items))
		for i, item := range items {
			if bytes.HasPrefix(item, []byte(`"`)) {
				if err := json.Unmarshal(item, &texts[i]); err != nil {
					return err
				}
			} else if !null(item) {
				texts[i] = string(item)
			}
		}
		cells[v.col] = strings.Join(texts, "; ")
	case whole:
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return err
		}
		cells[v.col] = buf.String()
	case object:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		for _, f := range v.fields {
			if r, ok := m[f.key]; ok {
				if err := f.value.fill(r, cells); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func null(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// scalar is the cell of a JSON scalar: a string, a bool, an int64 for a
// whole number, a float64.
func scalar(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case string(raw) == "true" || string(raw) == "false":
		return string(raw) == "true", nil
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return f, nil
	}
	return string(raw), nil // a custom scalar answered as an object: keep its JSON
}

func itoa(n int) string { return strconv.Itoa(n) }
