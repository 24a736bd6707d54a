package limits

import (
	"maps"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
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
	vars      map[string]any
	fragments map[string]int64 // nodes of each fragment's arguments

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
func (l Limits) checkInputs(doc *ast.QueryDocument, set ast.SelectionSet, vars map[string]any) *gqlerror.Error {
	w := &inputWalk{doc: doc, vars: vars, fragments: map[string]int64{}}
	nodes := w.set(set)
	if d := w.deepest; len(d.edges) > l.MaxEdgeNesting {
		e := exceeded(EdgeNesting, int64(l.MaxEdgeNesting), int64(len(d.edges)),
			"%s: on %s nests %d edge filters one in another (%s), more than the limit of %d: "+
				"filter the related records through their own list field instead, e.g. units(where: {code: …}) rather than a long chain of hasParentWith",
			d.arg, d.field, len(d.edges), pathString(d.edges, l.MaxEdgeNesting+1), l.MaxEdgeNesting)
		e.Field = d.arg
		return toGQL(e, d.pos)
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

// set returns the input nodes of the arguments of every field in a
// selection set, through fragments.
func (w *inputWalk) set(set ast.SelectionSet) int64 {
	var total int64
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				n, scalars := w.literal(a.Value, nil, s, a.Name)
				n = add(n, (scalars+scalarsPerNode-1)/scalarsPerNode)
				if n > w.largest.nodes {
					w.largest.nodes, w.largest.field, w.largest.arg, w.largest.pos = n, responseKey(s), a.Name, s.Position
				}
				total = add(total, n)
			}
			total = add(total, w.set(s.SelectionSet))
		case *ast.InlineFragment:
			total = add(total, w.set(s.SelectionSet))
		case *ast.FragmentSpread:
			n, ok := w.fragments[s.Name]
			if !ok {
				w.fragments[s.Name] = 0 // a cycle (refused by validation) ends here
				if f := w.doc.Fragments.ForName(s.Name); f != nil {
					n = w.set(f.SelectionSet)
				}
				w.fragments[s.Name] = n
			}
			total = add(total, n)
		}
	}
	return total
}

// literal measures a value as written in the query: the nodes of its input
// objects (each field, and each object in a list) and the values of its
// lists of scalars, each weighing one more for every edge filter it lies in
// (edges, the chain of has…With fields around it): SQLite counts an
// expression in a subquery again in the depth of each query around it, so an
// or: of 100 codes in one hasUnitWith is as deep for it as one of 200.
func (w *inputWalk) literal(v *ast.Value, edges []string, f *ast.Field, arg string) (nodes, scalars int64) {
	if v == nil {
		return 0, 0
	}
	weight := int64(len(edges) + 1)
	switch v.Kind {
	case ast.Variable:
		return w.variable(w.vars[v.Raw], edges, f, arg)
	case ast.ObjectValue:
		for _, c := range v.Children {
			n, s := w.literal(c.Value, w.edge(edges, c.Name, f, arg), f, arg)
			nodes, scalars = add(nodes, add(n, weight)), add(scalars, s)
		}
	case ast.ListValue:
		for _, c := range v.Children {
			var n, s int64
			switch c.Value.Kind {
			case ast.Variable: // measured as a list of its one value
				n, s = w.variable([]any{w.vars[c.Value.Raw]}, edges, f, arg)
			case ast.ObjectValue:
				n, s = w.literal(c.Value, edges, f, arg)
				n = add(n, weight)
			case ast.ListValue:
				n, s = w.literal(c.Value, edges, f, arg)
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
func (w *inputWalk) variable(v any, edges []string, f *ast.Field, arg string) (nodes, scalars int64) {
	weight := int64(len(edges) + 1)
	switch v := v.(type) {
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(v)) { // in order: the same chain named every time
			n, s := w.variable(v[name], w.edge(edges, name, f, arg), f, arg)
			nodes, scalars = add(nodes, add(n, weight)), add(scalars, s)
		}
	case []any:
		for _, c := range v {
			n, s := w.variable(c, edges, f, arg)
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
