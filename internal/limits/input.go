package limits

import (
	"maps"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/internal/apperr"
)

// scalarsPerNode is how many values of a list of scalars count as one input
// node. Such a list (codeIn: […], ids: […]) is one SQL predicate with one
// bound parameter per value, which costs the database little, so it counts
// lightly; it still counts, so that an operation within the default limit
// (10,000 values) keeps far below the bound parameters a statement may have
// (32,766 on the embedded SQLite, 65,535 on PostgreSQL).
const scalarsPerNode = 10

// inputWalk measures the arguments of an operation as written, literal
// values and the variables they use, each fragment once however often it is
// spread (its measure is added at every spread).
type inputWalk struct {
	doc       *ast.QueryDocument
	schema    *ast.Schema // nil when not known: every edge is then weighed as to-one
	vars      map[string]any
	fragments map[string]measure // of each fragment's arguments

	joins    int64  // the weight of the edge filters under or: and not: (see toOneFan)
	longText string // the first filter's input field whose text exceeds maxFilterText, as arg.field
	longPos  *ast.Position
	heaviest struct { // the argument whose edge filters weigh most
		joins      int64
		field, arg string
		pos        *ast.Position
	}

	largest struct { // the argument holding the most nodes
		nodes      int64
		field, arg string
		pos        *ast.Position
	}
	deepest struct { // the deepest nesting of edge filters
		edges      []string // the has…With fields, outermost first
		field, arg string
		pos        *ast.Position
	}
}

// checkInputs applies MaxInputNodes and MaxEdgeNesting to the arguments of
// the selection set of an operation.
func (l Limits) checkInputs(schema *ast.Schema, doc *ast.QueryDocument, set ast.SelectionSet, vars map[string]any) *gqlerror.Error {
	w := &inputWalk{doc: doc, schema: schema, vars: vars, fragments: map[string]measure{}}
	m := w.set(set)
	nodes := m.nodes
	if d := w.deepest; len(d.edges) > l.MaxEdgeNesting {
		e := exceeded(EdgeNesting, int64(l.MaxEdgeNesting), int64(len(d.edges)),
			"%s: on %s nests %d edge filters one in another (%s), more than the limit of %d: "+
				"filter the related records through their own list field instead, e.g. units(where: {code: …}) rather than a long chain of hasParentWith",
			d.arg, d.field, len(d.edges), pathString(d.edges, l.MaxEdgeNesting+1), l.MaxEdgeNesting)
		e.Field = d.arg
		return toGQL(e, d.pos)
	}
	if w.longText != "" {
		return toGQL(apperr.Input(w.longText, "a filter's text may be at most %s bytes", number(maxFilterText)), w.longPos)
	}
	if w.joins > int64(l.MaxJoins) {
		g := w.heaviest
		e := exceeded(Joins, int64(l.MaxJoins), w.joins,
			"the edge filters under or: and not: weigh %s joins, more than the limit of %s (%s: on %s weighs %s): "+
				"each alternative runs its has…With subqueries for every row; filter the related records once, "+
				`e.g. hasUnitWith: {codeIn: ["A", "B"]} rather than or: [{hasUnitWith: {code: "A"}}, {hasUnitWith: {code: "B"}}], or split the request`,
			number(w.joins), number(int64(l.MaxJoins)), g.arg, g.field, number(g.joins))
		e.Field = g.arg
		return toGQL(e, g.pos)
	}
	if nodes > int64(l.MaxInputNodes) {
		g := w.largest
		e := exceeded(Input, int64(l.MaxInputNodes), nodes,
			"the arguments of the query hold %s input values, more than the limit of %s (%s: on %s holds %s): "+
				`match several values of one field with an …In filter, e.g. codeIn: ["A", "B"] rather than or: [{code: "A"}, {code: "B"}], or split the request`,
			number(nodes), number(int64(l.MaxInputNodes)), g.arg, g.field, number(g.nodes))
		e.Field = g.arg
		return toGQL(e, g.pos)
	}
	return nil
}

// measure is what the arguments of a selection set hold.
type measure struct{ nodes, joins int64 }

// set measures the arguments of every field in a selection set, through
// fragments, each measured once.
func (w *inputWalk) set(set ast.SelectionSet) measure {
	var total measure
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				at := place{f: s, arg: a.Name, fan: 1}
				if s.Definition != nil {
					if d := s.Definition.Arguments.ForName(a.Name); d != nil {
						at.typ = d.Type.Name()
						at.where = strings.HasSuffix(at.typ, "WhereInput")
					}
				}
				before := w.joins
				n, scalars := w.literal(a.Value, at)
				n = add(n, (scalars+scalarsPerNode-1)/scalarsPerNode)
				if n > w.largest.nodes {
					w.largest.nodes, w.largest.field, w.largest.arg, w.largest.pos = n, responseKey(s), a.Name, s.Position
				}
				if j := w.joins - before; j > w.heaviest.joins {
					w.heaviest.joins, w.heaviest.field, w.heaviest.arg, w.heaviest.pos = j, responseKey(s), a.Name, s.Position
				}
				total.nodes = add(total.nodes, n)
			}
			sub := w.set(s.SelectionSet)
			total.nodes = add(total.nodes, sub.nodes)
		case *ast.InlineFragment:
			sub := w.set(s.SelectionSet)
			total.nodes = add(total.nodes, sub.nodes)
		case *ast.FragmentSpread:
			m, ok := w.fragments[s.Name]
			if !ok {
				w.fragments[s.Name] = measure{} // a cycle (refused by validation) ends here
				if f := w.doc.Fragments.ForName(s.Name); f != nil {
					before := w.joins
					m = w.set(f.SelectionSet)
					m.joins = w.joins - before
				}
				w.fragments[s.Name] = m
			} else {
				w.joins = add(w.joins, m.joins) // measured once, weighed at every spread
			}
			total.nodes = add(total.nodes, m.nodes)
		}
	}
	return total
}

// place is where a value lies in an argument: the chain of edge filters
// around it, its input type ("" when not known), whether an or: or not:
// encloses it, and the fan-out of the joins around it.
type place struct {
	edges []string
	typ   string
	name  string // the input field's, "" for the argument itself
	where bool   // in a where: filter
	negOr bool
	fan   int64
	f     *ast.Field
	arg   string
}

// Edge filters under or: and not: are weighed as the joins they are: the
// database cannot turn an alternative, or a negation, of subqueries into one
// join, and runs every has…With of them for every row of the table around
// it, each subquery inside it again for every row it reads. A filter weighs
// the product of the fan-outs of the edges from the argument down to it:
// toOneFan for an edge to one record (hasUnitWith), toManyFan for an edge to
// many (hasDossiersWith, hasChildrenWith). Measured on the embedded SQLite
// with the demo data, an alternative of hasUnitWith: {hasDossiersWith:
// {hasProcedureWith: {nameContains: …}}} (2 + 60 + 120 = 182) took 1.1 s,
// of hasUnitWith: {hasParentWith: {hasParentWith: …}} (2 + 4 + 8 = 14) 55 ms,
// of hasProcedureWith: {nameContains: …} (2) 3 ms: at most some 6 ms a unit.
const (
	toOneFan  = 2
	toManyFan = 30
)

// literal measures a value as written in the query: the nodes of its input
// objects (each field, and each object in a list) and the values of its
// lists of scalars, each weighing one more for every edge filter it lies in
// (the chain of has…With fields around it): SQLite counts an expression in a
// subquery again in the depth of each query around it, so an or: of 100
// codes in one hasUnitWith is as deep for it as one of 200.
func (w *inputWalk) literal(v *ast.Value, at place) (nodes, scalars int64) {
	if v == nil {
		return 0, 0
	}
	weight := int64(len(at.edges) + 1)
	if v.Kind == ast.StringValue || v.Kind == ast.BlockValue {
		w.text(at, v.Raw)
	}
	switch v.Kind {
	case ast.Variable:
		return w.variable(w.vars[v.Raw], at)
	case ast.ObjectValue:
		for _, c := range v.Children {
			n, s := w.literal(c.Value, w.field(at, c.Name))
			nodes, scalars = add(nodes, add(n, weight)), add(scalars, s)
		}
	case ast.ListValue:
		for _, c := range v.Children {
			var n, s int64
			switch c.Value.Kind {
			case ast.Variable: // measured as a list of its one value
				n, s = w.variable([]any{w.vars[c.Value.Raw]}, at)
			case ast.ObjectValue:
				n, s = w.literal(c.Value, at)
				n = add(n, weight)
			case ast.ListValue:
				n, s = w.literal(c.Value, at)
			default:
				s = weight
			}
			nodes, scalars = add(nodes, n), add(scalars, s)
		}
	}
	return nodes, scalars
}

// variable measures the value of a variable as it arrived (JSON), as literal
// does a literal.
func (w *inputWalk) variable(v any, at place) (nodes, scalars int64) {
	weight := int64(len(at.edges) + 1)
	if list, ok := v.([]map[string]any); ok { // one object coerced to a list of it
		objects := make([]any, len(list))
		for i, o := range list {
			objects[i] = o
		}
		v = objects
	}
	if str, ok := v.(string); ok {
		w.text(at, str)
	}
	switch v := v.(type) {
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(v)) { // in order: the same chain named every time
			n, s := w.variable(v[name], w.field(at, name))
			nodes, scalars = add(nodes, add(n, weight)), add(scalars, s)
		}
	case []any:
		for _, c := range v {
			n, s := w.variable(c, at)
			switch c.(type) {
			case map[string]any:
				n = add(n, weight)
			case []any:
			default:
				s = weight
			}
			nodes, scalars = add(nodes, n), add(scalars, s)
		}
	}
	return nodes, scalars
}

// field returns the place of the input field name of an object at at:
// its type, inside an or: or not:, and through an edge filter.
func (w *inputWalk) field(at place, name string) place {
	in := at
	at.typ = ""
	if w.schema != nil {
		if d := w.schema.Types[in.typ]; d != nil {
			if fd := d.Fields.ForName(name); fd != nil {
				at.typ = fd.Type.Name()
			}
		}
	}
	if name == "or" || name == "not" {
		at.negOr = true
	}
	at.name = name
	at.edges = w.edge(in.edges, name, at.f, at.arg)
	if len(at.edges) > len(in.edges) {
		at.fan = mul(in.fan, w.fanOut(in.typ, name))
		if at.negOr {
			w.joins = add(w.joins, at.fan)
		}
	}
	return at
}

// maxFilterText bounds the text a filter compares with: the embedded SQLite
// refuses a LIKE pattern over 50,000 bytes, and no name, code or title is
// near 1,000.
const maxFilterText = 1000

// text records a filter's text longer than maxFilterText.
func (w *inputWalk) text(at place, s string) {
	if at.where && len(s) > maxFilterText && w.longText == "" {
		w.longText, w.longPos = at.arg, at.f.Position
		if at.name != "" {
			w.longText += "." + at.name
		}
	}
}

// fanOut is toManyFan for the edge filter name (hasDossiersWith) of the
// where input typ (UnitWhereInput) when the edge leads to many records (the
// node's field is a list or a connection), toOneFan otherwise.
func (w *inputWalk) fanOut(typ, name string) int64 {
	if w.schema == nil {
		return toOneFan
	}
	node := w.schema.Types[strings.TrimSuffix(typ, "WhereInput")]
	edge := strings.TrimSuffix(strings.TrimPrefix(name, "has"), "With")
	if node == nil || edge == "" {
		return toOneFan
	}
	fd := node.Fields.ForName(strings.ToLower(edge[:1]) + edge[1:])
	if fd != nil && (fd.Type.Elem != nil || strings.HasSuffix(fd.Type.Name(), "Connection")) {
		return toManyFan
	}
	return toOneFan
}

// edge returns the chain of edge filters inside the input field name:
// edges, and name if it is one (hasUnitWith, hasParentWith …), and records
// the deepest chain.
func (w *inputWalk) edge(edges []string, name string, f *ast.Field, arg string) []string {
	if !strings.HasPrefix(name, "has") || !strings.HasSuffix(name, "With") {
		return edges
	}
	edges = append(edges[:len(edges):len(edges)], name)
	if len(edges) > len(w.deepest.edges) {
		w.deepest.edges, w.deepest.field, w.deepest.arg, w.deepest.pos = edges, responseKey(f), arg, f.Position
	}
	return edges
}
