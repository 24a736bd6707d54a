package limits

import (
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
)

// withPageSizes returns a copy of doc, and of its operation op, in which each
// field of defaults has the argument named there set to size, and each
// field of orders its orderBy argument set to the value there. Connections
// nested in a list are loaded eagerly by entgql from the operation's
// syntax tree, not from resolver arguments, so the tree itself must carry
// the page size, and an orderBy list where the client wrote one order
// (entgql reads only lists there, and would ignore it). The copy is the
// request's own: doc stays as the query cache shares it, unchanged, and a
// variable that is null in this request alone is replaced in this request
// alone.
func withPageSizes(doc *ast.QueryDocument, op *ast.OperationDefinition, defaults map[*ast.Field]string, orders map[*ast.Field]*ast.Value, size int) (*ast.QueryDocument, *ast.OperationDefinition) {
	c := copier{defaults: defaults, orders: orders, size: strconv.Itoa(size), fragments: map[string]*ast.FragmentDefinition{}}
	out := *doc
	out.Fragments = make(ast.FragmentDefinitionList, len(doc.Fragments))
	for i, f := range doc.Fragments {
		cp := *f
		out.Fragments[i] = &cp
		c.fragments[f.Name] = &cp
	}
	for _, f := range out.Fragments {
		f.SelectionSet = c.set(f.SelectionSet)
	}
	out.Operations = make(ast.OperationList, len(doc.Operations))
	var newOp *ast.OperationDefinition
	for i, o := range doc.Operations {
		out.Operations[i] = o
		if o == op {
			cp := *o
			cp.SelectionSet = c.set(o.SelectionSet)
			out.Operations[i], newOp = &cp, &cp
		}
	}
	return &out, newOp
}

type copier struct {
	defaults  map[*ast.Field]string
	orders    map[*ast.Field]*ast.Value
	size      string
	fragments map[string]*ast.FragmentDefinition // the copies, by name
}

func (c copier) set(set ast.SelectionSet) ast.SelectionSet {
	if set == nil {
		return nil
	}
	out := make(ast.SelectionSet, len(set))
	for i, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			cp := *s
			cp.SelectionSet = c.set(s.SelectionSet)
			if name, ok := c.defaults[s]; ok {
				cp.Arguments = make(ast.ArgumentList, 0, len(s.Arguments)+1)
				for _, a := range s.Arguments {
					if a.Name != name {
						cp.Arguments = append(cp.Arguments, a)
					}
				}
				cp.Arguments = append(cp.Arguments, &ast.Argument{
					Name:     name,
					Value:    &ast.Value{Kind: ast.IntValue, Raw: c.size, Position: s.Position},
					Position: s.Position,
				})
			}
			if v, ok := c.orders[s]; ok {
				args := make(ast.ArgumentList, len(cp.Arguments))
				for j, a := range cp.Arguments {
					args[j] = a
					if a.Name == "orderBy" {
						args[j] = &ast.Argument{Name: a.Name, Value: v, Position: a.Position}
					}
				}
				cp.Arguments = args
			}
			out[i] = &cp
		case *ast.InlineFragment:
			cp := *s
			cp.SelectionSet = c.set(s.SelectionSet)
			out[i] = &cp
		case *ast.FragmentSpread:
			cp := *s
			if f := c.fragments[s.Name]; f != nil {
				cp.Definition = f
			}
			out[i] = &cp
		default:
			out[i] = s
		}
	}
	return out
}
