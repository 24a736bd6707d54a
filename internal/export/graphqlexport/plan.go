// Package graphqlexport turns a GraphQL query into a table (POST /export):
// one row per node of the query's list, one column per field selected
// under it.
//
// The list is the first root field, in the operation's selection order
// (fragments at the root included), whose type is a list or a Relay
// connection (edges { node } with pageInfo). Other root fields run but are
// not exported. Of a connection the rows are the nodes under the first
// edges { node { … } } (or nodes { … }) selected; null nodes are skipped.
//
// The columns follow the query, not the answer: each selected field is a
// column named by its dotted path of response keys (aliases respected), in
// the order of the query and its fragments: code, unit.name,
// unit.parent.code. An object field yields the columns of its own fields, so
// a nested connection's totalCount is the column feedbacks.totalCount. A list
// of scalars or enums is one cell, its items joined by "; "; any other list
// (of objects, as a nested connection's edges) is one cell holding its JSON
// text. Fields of inline fragments on other types share the columns by
// response key and are empty on rows of other types.
//
// A connection is read page by page: the operation is rewritten so that the
// connection takes after: from a variable and also selects
// pageInfo { hasNextPage endCursor }, and each page is run and written before
// the next is asked for. The query's own first and after are the page size
// and the starting point; without first, pages hold DefaultPageSize nodes;
// last and before are refused. A plain list runs once.
//
// The query is run by an Executor: the API's own GraphQL handler, with the
// caller's context, so that the access rules and limits of /graphql apply to
// every page as they would to the caller's own requests.
package graphqlexport

import (
	"bytes"
	"errors"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"cchc/internal/apperr"
)

// DefaultPageSize is the page size of a connection whose query gives no
// first: the default page size of the API.
const DefaultPageSize = 100

// Names the rewrite adds to the operation; the prefix keeps them apart from
// the schema's fields and from aliases a person would choose.
const (
	pageInfoKey = "_exportPageInfo"
	cursorKey   = "_exportCursor"
	afterVar    = "_exportAfter"
)

// Request is a GraphQL request, as POST /graphql takes it.
type Request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
}

// Plan is a query prepared for export: its columns, and the operation that
// reads its list page by page.
type Plan struct {
	Name    string   // the list field's response key: dossiers
	Columns []string // the columns' dotted paths, in the query's order

	query     string // the rewritten operation with the fragments it uses
	req       Request
	key       string // the list field's response key
	paged     bool   // the list is a connection, read page by page
	edgesKey  string // connection: the response key of edges, or of nodes
	nodeKey   string // connection: the response key of node under edges; "" with nodes
	cursorVar string // the variable that takes after
	ownCursor bool   // cursorVar was added by the rewrite (else it is the caller's)
	start     any    // the query's own after, when ownCursor
	row       *value // how a node becomes the row's cells
}

// Prepare parses and validates req against schema, finds the list to export
// and its columns, and rewrites a connection to be read page by page. Its
// errors are a gqlerror.List, coded as gqlgen codes them, for a query that
// does not parse or validate, or an *apperr.Error.
func Prepare(schema *ast.Schema, req Request) (*Plan, error) {
	if req.Query == "" {
		return nil, apperr.Input("query", "is required")
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: req.Query})
	if err != nil {
		var gerr *gqlerror.Error
		if !errors.As(err, &gerr) {
			gerr = gqlerror.Wrap(err)
		}
		errcode.Set(gerr, errcode.ParseFailed)
		return nil, gqlerror.List{gerr}
	}
	if errs := validator.ValidateWithRules(schema, doc, rules.NewDefaultRules()); len(errs) > 0 {
		for _, e := range errs {
			errcode.Set(e, errcode.ValidationFailed)
		}
		return nil, errs
	}
	op := doc.Operations.ForName(req.OperationName)
	switch {
	case op == nil && req.OperationName != "":
		return nil, apperr.Input("operationName", "the query has no operation %q", req.OperationName)
	case op == nil:
		return nil, apperr.Input("operationName", "is required when the query holds several operations")
	case op.Operation != ast.Query:
		return nil, apperr.Input("query", "an export runs a query, not a %s", op.Operation)
	}
	p := &Plan{req: req}
	c := &builder{schema: schema, index: map[string]int{}}
	var list *group
	for _, g := range collect(op.SelectionSet) {
		if g.def == nil {
			continue
		}
		if g.def.Type.Elem != nil || c.connection(g.def) {
			list = g
			break
		}
	}
	if list == nil {
		return nil, apperr.Input("query", "no root field is a list or a connection; an export needs one, such as dossiers { edges { node { code } } }")
	}
	p.key, p.Name = list.key, list.key
	if list.def.Type.Elem != nil {
		p.row = c.row(list.def.Type.Elem, list.selections(), list.key)
	} else if err := p.connection(c, op, list); err != nil {
		return nil, err
	}
	p.Columns = c.names
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatQueryDocument(&ast.QueryDocument{
		Operations: ast.OperationList{op},
		Fragments:  usedFragments(doc, op.SelectionSet),
	})
	p.query = buf.String()
	return p, nil
}

// connection finds the nodes of the connection list and rewrites the
// operation to read it page by page.
func (p *Plan) connection(c *builder, op *ast.OperationDefinition, list *group) error {
	p.paged = true
	var edges, node *group
	for _, g := range collect(list.selections()) {
		if g.def != nil && (g.def.Name == "edges" || g.def.Name == "nodes") {
			edges = g
			break
		}
	}
	if edges != nil && edges.def.Name == "edges" {
		for _, g := range collect(edges.selections()) {
			if g.def != nil && g.def.Name == "node" {
				node = g
				break
			}
		}
	}
	switch {
	case edges == nil || edges.def.Name == "edges" && node == nil:
		return apperr.Input("query", "%s: select the nodes to export: %s { edges { node { … } } }", list.key, list.key)
	case node != nil:
		p.edgesKey, p.nodeKey = edges.key, node.key
		p.row = c.row(node.def.Type, node.selections(), node.key)
		if edgeType := c.schema.Types[edges.def.Type.Name()]; edgeType.Fields.ForName("cursor") != nil {
			// The cursor of each edge tells where a cut export can go on.
			f := edges.fields[0]
			f.SelectionSet = append(f.SelectionSet, &ast.Field{Alias: cursorKey, Name: "cursor"})
		}
	default:
		p.edgesKey = edges.key
		p.row = c.row(edges.def.Type.Elem, edges.selections(), edges.key)
	}

	vars := p.req.Variables
	for _, name := range []string{"last", "before"} {
		if a := list.fields[0].Arguments.ForName(name); a != nil {
			if v, _ := a.Value.Value(vars); v != nil {
				return apperr.Input(name, "an export reads a list forward, from first and after; leave out %s", name)
			}
		}
	}
	if list.fields[0].Arguments.ForName("first") == nil && list.def.Arguments.ForName("first") != nil {
		for _, f := range list.fields {
			f.Arguments = append(f.Arguments, &ast.Argument{Name: "first", Value: &ast.Value{Kind: ast.IntValue, Raw: itoa(DefaultPageSize)}})
		}
	}
	if a := list.fields[0].Arguments.ForName("after"); a != nil && a.Value.Kind == ast.Variable {
		p.cursorVar = a.Value.Raw
	} else {
		if a != nil {
			p.start, _ = a.Value.Value(nil)
		}
		p.cursorVar, p.ownCursor = afterVar, true
		op.VariableDefinitions = append(op.VariableDefinitions, &ast.VariableDefinition{
			Variable: afterVar,
			Type:     &ast.Type{NamedType: list.def.Arguments.ForName("after").Type.Name()},
		})
		for _, f := range list.fields {
			arg := &ast.Argument{Name: "after", Value: &ast.Value{Kind: ast.Variable, Raw: afterVar}}
			if a := f.Arguments.ForName("after"); a != nil {
				*a = *arg
			} else {
				f.Arguments = append(f.Arguments, arg)
			}
		}
	}
	f := list.fields[0]
	f.SelectionSet = append(f.SelectionSet, &ast.Field{Alias: pageInfoKey, Name: "pageInfo", SelectionSet: ast.SelectionSet{
		&ast.Field{Alias: "hasNextPage", Name: "hasNextPage"},
		&ast.Field{Alias: "endCursor", Name: "endCursor"},
	}})
	return nil
}

// group is the fields of one response key in a selection set, which GraphQL
// merges into one.
type group struct {
	key    string
	def    *ast.FieldDefinition
	fields []*ast.Field
}

// selections are the merged sub-selections of the group's fields.
func (g *group) selections() ast.SelectionSet {
	var set ast.SelectionSet
	for _, f := range g.fields {
		set = append(set, f.SelectionSet...)
	}
	return set
}

// collect groups the fields of set by response key, in the order they first
// appear, looking into each fragment once, as GraphQL collects fields (a
// fragment spreading the next twice, thirty deep, would be walked 2³⁰ times).
func collect(set ast.SelectionSet) []*group {
	var groups []*group
	index := map[string]*group{}
	spread := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				g := index[s.Alias]
				if g == nil {
					g = &group{key: s.Alias, def: s.Definition}
					index[s.Alias] = g
					groups = append(groups, g)
				}
				g.fields = append(g.fields, s)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil && !spread[s.Name] {
					spread[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return groups
}

// usedFragments lists the fragments that set uses, directly or not, so that
// the rewritten document holds no fragment it does not use.
func usedFragments(doc *ast.QueryDocument, set ast.SelectionSet) ast.FragmentDefinitionList {
	var used ast.FragmentDefinitionList
	seen := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
					seen[s.Name] = true
					used = append(used, f)
					walk(f.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return used
}
