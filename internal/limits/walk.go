package limits

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/internal/apperr"
)

// Extension is the gqlgen handler extension that checks every operation
// against the limits once it is validated and its variables coerced, before
// any resolver runs, and gives connections without first or last their
// default page size.
type Extension struct {
	Limits Limits
	// Schema, when set, lets the check of cursors know the types of the
	// fields connections are ordered by.
	Schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = Extension{}

// ExtensionName names the extension for gqlgen.
func (Extension) ExtensionName() string { return "Limits" }

// Validate refuses limits that cannot work.
func (e Extension) Validate(graphql.ExecutableSchema) error { return e.Limits.Validate() }

// MutateOperationContext refuses an operation that crosses a limit, and
// replaces it by a copy with default page sizes where it needs them: the
// parsed document is shared through the query cache and must not change.
func (e Extension) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) { // parsing and validation took the request's time
		return toGQL(timeoutError(e.Limits.Timeout), nil)
	}
	doc, op, err := e.Limits.check(e.Schema, oc.Doc, oc.Operation, oc.Variables)
	if err != nil {
		return err
	}
	oc.Doc, oc.Operation = doc, op
	return nil
}

// Check applies the limits to the operation op of a validated document
// with coerced variables. It returns the first limit crossed (depth, edge
// nesting, input, page size, aliases, then cost) as a LIMIT_EXCEEDED error,
// or the document and
// operation to execute: the same ones, or copies in which every connection
// whose edges are asked for without first or last has first (last when
// paging backwards with before:) set to DefaultPageSize, and every orderBy
// of one order is a list of it (orderList). It never changes doc; vars, the
// request's own, may get a list of one order where they held the order.
func (l Limits) Check(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) (*ast.QueryDocument, *ast.OperationDefinition, *gqlerror.Error) {
	return l.check(nil, doc, op, vars)
}

// check is Check, knowing the schema when it is not nil.
func (l Limits) check(schema *ast.Schema, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) (*ast.QueryDocument, *ast.OperationDefinition, *gqlerror.Error) {
	w := &walker{l: l, schema: schema, doc: doc, vars: vars, defaults: map[*ast.Field]string{}, orders: map[*ast.Field]*ast.Value{},
		depths: map[string]depthOf{}}
	// Depth first, on the document as written (fragments once each), so that
	// the walk below, which expands fragments, never goes deeper than MaxDepth.
	if d := w.depth(op.SelectionSet); d.levels > l.MaxDepth {
		return nil, nil, toGQL(exceeded(Depth, int64(l.MaxDepth), int64(d.levels),
			"query depth %d exceeds the limit of %d (at %s): ask for fewer nested levels, or query the nested records through their own list field with a where: filter",
			d.levels, l.MaxDepth, pathString(d.path, l.MaxDepth+1)), d.pos)
	}
	if err := l.checkInputs(schema, doc, op.SelectionSet, vars); err != nil {
		return nil, nil, err
	}
	cost := w.cost(w.collect(op.SelectionSet), nil)
	switch {
	case w.pageErr != nil:
		return nil, nil, w.pageErr
	case w.aliases > l.MaxAliases && !w.over: // when over, the walk stopped early and counted few aliases
		return nil, nil, toGQL(exceeded(Aliases, int64(l.MaxAliases), int64(w.aliases),
			"the query has %d aliased fields, more than the limit of %d: split it into several requests", w.aliases, l.MaxAliases), nil)
	case w.over || cost > int64(l.MaxCost):
		actual, what := cost, "query cost "+number(cost)
		if w.over {
			actual, what = -1, "query cost"
		}
		return nil, nil, toGQL(exceeded(Cost, int64(l.MaxCost), actual, "%s exceeds the limit of %s: %s",
			what, number(int64(l.MaxCost)), w.advice()), nil)
	}
	if len(w.defaults) == 0 && len(w.orders) == 0 {
		return doc, op, nil
	}
	doc, op = withPageSizes(doc, op, w.defaults, w.orders, l.DefaultPageSize)
	return doc, op, nil
}

// toGQL makes a GraphQL error of e at pos; the presenter finds e in it.
func toGQL(e *apperr.Error, pos *ast.Position) *gqlerror.Error {
	g := &gqlerror.Error{Message: e.Message, Err: e}
	if pos != nil {
		g.Locations = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
	}
	return g
}

// walker walks an operation with its fragments expanded, as it executes.
type walker struct {
	l      Limits
	schema *ast.Schema // nil when not known
	doc    *ast.QueryDocument
	vars   map[string]any

	depths   map[string]depthOf // depth of each fragment, computed once
	visits   int                // fields walked, a lower bound of the cost
	over     bool               // the walk stopped: visits alone exceed MaxCost
	aliases  int
	pageErr  *gqlerror.Error
	widest   *widest
	defaults map[*ast.Field]string     // fields to give the default page size, and the argument
	orders   map[*ast.Field]*ast.Value // fields to give their one orderBy order as a list
}

// widest is the connection with the largest page size, which the cost error names.
type widest struct {
	path    []string
	size    int64
	implied bool // the default page size, not asked for
}

// group is the fields of one selection set that share a response key, from
// the set itself and its fragments: they execute as one field.
type group struct {
	key    string
	fields []*ast.Field
}

// collect groups the fields of selection sets by response key, through
// fragments and inline fragments whatever their type condition (a bound
// must hold for every type the field may have).
func (w *walker) collect(sets ...ast.SelectionSet) []*group {
	var (
		groups []*group
		byKey  = map[string]*group{}
		seen   = map[*ast.Field]bool{}
		spread = map[string]bool{}
		add    func(ast.SelectionSet)
	)
	add = func(set ast.SelectionSet) {
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if seen[s] {
					continue
				}
				seen[s] = true
				key := responseKey(s)
				g := byKey[key]
				if g == nil {
					g = &group{key: key}
					byKey[key] = g
					groups = append(groups, g)
				}
				g.fields = append(g.fields, s)
			case *ast.InlineFragment:
				add(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := w.doc.Fragments.ForName(s.Name); f != nil && !spread[s.Name] {
					spread[s.Name] = true
					add(f.SelectionSet)
				}
			}
		}
	}
	for _, set := range sets {
		add(set)
	}
	return groups
}

func responseKey(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

// introspection tells the fields that the limits leave alone: __typename,
// and __schema and __type, whose nesting gqlparser's own rule bounds.
func introspection(f *ast.Field) bool { return strings.HasPrefix(f.Name, "__") }

// cost is the cost of grouped fields under path: every field costs 1 (each
// occurrence of it, however many share its response key) plus
// the cost of its selection; a connection multiplies the cost of its edges
// by its page size (its totalCount and pageInfo are read once, so a
// connection asked only for totalCount costs 2 whatever it counts); a list
// field taking ids (nodes) multiplies its selection by their number.
func (w *walker) cost(groups []*group, path []string) int64 {
	var total int64
	for _, g := range groups {
		if w.over {
			return total
		}
		f := g.fields[0]
		if introspection(f) || f.Definition == nil {
			continue
		}
		for _, f := range g.fields {
			if f.Alias != "" && f.Alias != f.Name {
				w.aliases++
			}
		}
		// Each occurrence of a field costs: the executor collects every one
		// of them again for every record, though it resolves the field once.
		if w.visits += len(g.fields); w.visits > w.l.MaxCost {
			w.over = true // the cost is at least the visits: stop walking a huge expansion
			return total
		}
		p := append(path[:len(path):len(path)], g.key)
		sets := make([]ast.SelectionSet, len(g.fields))
		for i, f := range g.fields {
			sets[i] = f.SelectionSet
		}
		children := w.collect(sets...)
		c := int64(len(g.fields))
		switch {
		case connection(f.Definition):
			size := w.pageSize(g, p, selects(children, "edges"))
			for _, ch := range children {
				cc := w.cost([]*group{ch}, p)
				if ch.fields[0].Name == "edges" {
					cc = mul(cc, max(size, 1))
				}
				c = add(c, cc)
			}
		default:
			c = add(c, mul(w.cost(children, p), max(w.listLen(f, "ids"), 1)))
		}
		total = add(total, c)
	}
	return total
}

// connection tells a Relay connection field: first and last arguments, and
// a …Connection type.
func connection(d *ast.FieldDefinition) bool {
	return d.Arguments.ForName("first") != nil && d.Arguments.ForName("last") != nil &&
		strings.HasSuffix(d.Type.Name(), "Connection")
}

func selects(groups []*group, name string) bool {
	for _, g := range groups {
		for _, f := range g.fields {
			if f.Name == name {
				return true
			}
		}
	}
	return false
}

// pageSize checks first and last of a connection and returns its page
// size; a connection whose edges are asked for without either gets the
// default, recorded for the rewrite.
func (w *walker) pageSize(g *group, path []string, edges bool) int64 {
	f := g.fields[0]
	var size int64
	set := false
	for _, name := range []string{"first", "last"} {
		n, ok := w.intArg(f, name)
		if !ok {
			continue
		}
		set = true
		if (n < 0 || n > int64(w.l.MaxPageSize)) && w.pageErr == nil {
			e := exceeded(PageSize, int64(w.l.MaxPageSize), n,
				"%s: %s on %s exceeds the maximum page size of %s: ask for at most %s and page on with after: pageInfo.endCursor",
				name, number(n), strings.Join(path, "."), number(int64(w.l.MaxPageSize)), number(int64(w.l.MaxPageSize)))
			if n < 0 {
				e = exceeded(PageSize, int64(w.l.MaxPageSize), n, "%s: %d on %s is negative: a page size is between 0 and %s",
					name, n, strings.Join(path, "."), number(int64(w.l.MaxPageSize)))
			}
			e.Field = name
			w.pageErr = toGQL(e, f.Position)
		}
		size = max(size, n)
	}
	w.checkCursors(f)
	w.orderList(f)
	if !set {
		if !edges {
			return 0 // totalCount or pageInfo alone: no rows are read
		}
		size = int64(w.l.DefaultPageSize)
		arg := "first"
		if _, before := w.argValue(f, "before"); before {
			if _, after := w.argValue(f, "after"); !after {
				arg = "last" // paging backwards
			}
		}
		for _, f := range g.fields {
			w.defaults[f] = arg
		}
	}
	if w.widest == nil || size > w.widest.size {
		w.widest = &widest{path: path, size: size, implied: !set}
	}
	return size
}

// checkCursors refuses an after: or before: that is not a cursor of ours
// before anything runs: entgql reads the cursors of nested connections from
// the operation itself, and a malformed one would fail there as a fault of
// the server rather than of the request.
func (w *walker) checkCursors(f *ast.Field) {
	for _, name := range []string{"after", "before"} {
		v, ok := w.argValue(f, name)
		if !ok || w.pageErr != nil {
			continue
		}
		if lit, isLit := v.(*ast.Value); isLit {
			v = lit.Raw
		}
		c, err := decodeCursor(v)
		if err != nil || !w.cursorFits(f, c) {
			w.pageErr = toGQL(apperr.Input(name, "invalid pagination cursor"), f.Position)
		}
	}
}

// decodeCursor decodes v as entgql does a Cursor argument. entgql's
// msgpack decoder panics on some malformed input ("gqF27aF270": reflect's
// SetInt on an unaddressable value): that is an invalid cursor too.
func decodeCursor(v any) (c entgql.Cursor[int], err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed cursor: %v", r)
		}
	}()
	err = c.UnmarshalGQL(v)
	return c, err
}

// cursorFits tells whether a decoded cursor has the shape of one the API
// writes for connection field f: the ID alone, or beside it one plain value
// per order field of f's orderBy, of that field's type (text, number,
// instant, true/false) or null. Any other reaches entgql's cursor predicate,
// or SQL as an argument (PostgreSQL compares a timestamp with no text), and
// fails there as a fault of the server.
func (w *walker) cursorFits(f *ast.Field, c entgql.Cursor[int]) bool {
	if c.Value == nil {
		return true
	}
	values, ok := c.Value.([]any)
	orders := w.orderFields(f)
	if !ok || len(values) != len(orders) {
		return false
	}
	for i, v := range values {
		if !plainValue(v, w.orderType(f, orders[i])) {
			return false
		}
	}
	return true
}

// orderFields returns the order fields (enum values such as RECEIVED_AT;
// "" where unknown) a connection field's orderBy: names, literal or from
// variables: one for each element of a list, one for a single order, none
// when absent.
func (w *walker) orderFields(f *ast.Field) []string {
	v, ok := w.argValue(f, "orderBy")
	if !ok {
		return nil
	}
	var out []string
	switch v := v.(type) {
	case *ast.Value:
		orders := []*ast.Value{v}
		if v.Kind == ast.ListValue {
			orders = orders[:0]
			for _, c := range v.Children {
				orders = append(orders, c.Value)
			}
		}
		for _, o := range orders {
			name := ""
			if o.Kind == ast.Variable {
				name = orderField(w.vars[o.Raw])
			} else if fv := o.Children.ForName("field"); fv != nil {
				name = fv.Raw
				if fv.Kind == ast.Variable {
					name, _ = w.vars[fv.Raw].(string)
				}
			}
			out = append(out, name)
		}
	case []any:
		for _, o := range v {
			out = append(out, orderField(o))
		}
	case []map[string]any:
		for _, o := range v {
			out = append(out, orderField(o))
		}
	default:
		out = append(out, orderField(v))
	}
	return out
}

// orderField returns the field of an order given as a variable's value.
func orderField(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["field"].(string)
	return s
}

// orderType returns the GraphQL type of the node field that a
// connection's order field orders by (RECEIVED_AT orders by receivedAt:
// Time), "String" for an enum, or "" when it cannot tell (no schema, an
// order by an edge's count).
func (w *walker) orderType(f *ast.Field, order string) string {
	if w.schema == nil || f.Definition == nil || order == "" {
		return ""
	}
	typeOf := func(def *ast.Definition, field string) *ast.Definition {
		if def == nil {
			return nil
		}
		if fd := def.Fields.ForName(field); fd != nil {
			return w.schema.Types[fd.Type.Name()]
		}
		return nil
	}
	node := typeOf(typeOf(w.schema.Types[f.Definition.Type.Name()], "edges"), "node")
	parts := strings.Split(strings.ToLower(order), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	t := typeOf(node, strings.Join(parts, ""))
	switch {
	case t == nil:
		return ""
	case t.Kind == ast.Enum:
		return "String"
	}
	return t.Name
}

// plainValue tells whether a cursor's value suits an order field of the
// GraphQL type typ ("" for any): null, or a value SQL compares with it.
func plainValue(v any, typ string) bool {
	is := func(types ...string) bool { return typ == "" || slices.Contains(types, typ) }
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return is("Boolean")
	case string:
		return is("String")
	case time.Time:
		return v.Year() >= 1 && v.Year() <= 9999 && is("Time", "Date")
	case int, int8, int16, int32, int64, uint8, uint16, uint32:
		return is("Int", "Int64", "Float", "ID")
	case uint, uint64:
		return reflect.ValueOf(v).Uint() <= math.MaxInt64 && is("Int", "Int64", "Float", "ID")
	case float32, float64:
		x := reflect.ValueOf(v).Float()
		return !math.IsNaN(x) && !math.IsInf(x, 0) && is("Float")
	}
	return false
}

// orderList gives a list of one to a connection whose orderBy holds one
// order: GraphQL reads the two alike, but entgql, loading a nested
// connection from the syntax tree, reads only a literal list or a variable
// decoded as []any, and would leave the connection unordered. A literal is
// recorded for the copy of the document, a variable's value (the
// request's own) replaced.
func (w *walker) orderList(f *ast.Field) {
	a := f.Arguments.ForName("orderBy")
	if a == nil || a.Value == nil || f.Definition == nil {
		return
	}
	if d := f.Definition.Arguments.ForName("orderBy"); d == nil || d.Type.Elem == nil {
		return // not a list
	}
	switch a.Value.Kind {
	case ast.ObjectValue:
		w.orders[f] = &ast.Value{Kind: ast.ListValue, Position: a.Value.Position,
			Children: ast.ChildValueList{{Value: a.Value, Position: a.Value.Position}}}
	case ast.Variable:
		switch v := w.vars[a.Value.Raw].(type) {
		case map[string]any:
			w.vars[a.Value.Raw] = []any{v}
		case []map[string]any: // one order, coerced to a list of one
			list := make([]any, len(v))
			for i, o := range v {
				list[i] = o
			}
			w.vars[a.Value.Raw] = list
		}
	}
}

// argValue returns the value of a field's argument, literal or variable;
// ok is false when it is absent or null.
func (w *walker) argValue(f *ast.Field, name string) (v any, ok bool) {
	a := f.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil, false
	}
	switch a.Value.Kind {
	case ast.NullValue:
		return nil, false
	case ast.Variable:
		v = w.vars[a.Value.Raw]
		return v, v != nil
	}
	return a.Value, true
}

// intArg returns an Int argument; one too large to read is as large as can be.
func (w *walker) intArg(f *ast.Field, name string) (int64, bool) {
	v, ok := w.argValue(f, name)
	if !ok {
		return 0, false
	}
	if lit, isLit := v.(*ast.Value); isLit {
		n, err := strconv.ParseInt(lit.Raw, 10, 64)
		if err != nil {
			return math.MaxInt64, true
		}
		return n, true
	}
	n, err := graphql.UnmarshalInt64(v)
	if err != nil {
		return math.MaxInt64, true
	}
	return n, true
}

// listLen returns the number of values of a list argument of a list field.
func (w *walker) listLen(f *ast.Field, name string) int64 {
	if f.Definition.Type.Elem == nil {
		return 0
	}
	v, ok := w.argValue(f, name)
	if !ok {
		return 0
	}
	switch v := v.(type) {
	case *ast.Value:
		return int64(len(v.Children))
	case []any:
		return int64(len(v))
	}
	return 1
}

// advice says what to change in a query that costs too much.
func (w *walker) advice() string {
	if w.widest == nil || w.widest.size <= 1 {
		return "ask for fewer fields"
	}
	size := "page size " + number(w.widest.size)
	if w.widest.implied {
		size = "default " + size
	}
	return "lower first: on " + strings.Join(w.widest.path, ".") + " (" + size + ") or nest fewer lists"
}

// depthOf is how deep a selection set nests, along its deepest path.
type depthOf struct {
	levels int
	path   []string
	pos    *ast.Position
}

// depth measures a selection set as written, each fragment once.
func (w *walker) depth(set ast.SelectionSet) depthOf {
	var deepest depthOf
	for _, s := range set {
		var d depthOf
		switch s := s.(type) {
		case *ast.Field:
			if introspection(s) {
				continue
			}
			d = w.depth(s.SelectionSet)
			d.levels++
			d.path = append([]string{responseKey(s)}, d.path...)
			if d.pos == nil {
				d.pos = s.Position
			}
		case *ast.InlineFragment:
			d = w.depth(s.SelectionSet)
		case *ast.FragmentSpread:
			var ok bool
			if d, ok = w.depths[s.Name]; !ok {
				w.depths[s.Name] = depthOf{} // a cycle (refused by validation) ends here
				if f := w.doc.Fragments.ForName(s.Name); f != nil {
					d = w.depth(f.SelectionSet)
				}
				w.depths[s.Name] = d
			}
		}
		if d.levels > deepest.levels {
			deepest = d
		}
	}
	return deepest
}

// pathString writes a path, cut after n elements.
func pathString(path []string, n int) string {
	if len(path) > n {
		return strings.Join(path[:n], ".") + "…"
	}
	return strings.Join(path, ".")
}

// add and mul saturate instead of overflowing.
func add(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mul(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}
