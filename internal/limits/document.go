package limits

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"cchc/internal/apperr"
)

// The limits of a document as written, checked before it is parsed.
const (
	Tokens      = "tokens"
	Fields      = "fields"
	Spreads     = "spreads"
	Directives  = "directives"
	InputValues = "inputValues"
	Nesting     = "nesting"
)

// DocumentSize is what one pass of gqlparser's lexer counts in a document,
// without parsing it: validation compares every pair of fields that share a
// response key (20,000 copies of one field took 21 s) and the parser
// recurses once per bracket, so these bound the work before either runs.
type DocumentSize struct {
	Tokens      int // every token, comments included
	Fields      int // field selections (an alias and its field count 1)
	Spreads     int // fragment spreads and inline fragments (...)
	Directives  int // @include, @skip …
	InputValues int // values in parentheses: scalars, enums, variables, lists, objects
	Nesting     int // the deepest nesting of braces, brackets and parentheses
}

// MeasureDocument counts query in one pass of the lexer. A token the lexer
// cannot read ends the count: the parser refuses the document there anyway.
func MeasureDocument(query string) DocumentSize {
	var (
		s         DocumentSize
		lex       = lexer.New(&ast.Source{Input: query})
		parens    int // depth of ( … ): arguments, variable definitions
		selection int // depth of selection sets, the { … } outside parentheses
		nest      int
		// the two tokens before the current one, and the name being decided
		prev, prev2 lexer.Token
		pending     *lexer.Token
		pendingSel  bool // pending was read as a possible field, not a value
	)
	// decide settles a name once the token after it is known: followed by
	// a colon, it is an alias, an argument or an input field's name.
	decide := func(next lexer.Type) {
		if pending == nil {
			return
		}
		if next != lexer.Colon {
			if pendingSel {
				s.Fields++
			} else {
				s.InputValues++
			}
		}
		pending = nil
	}
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			decide(lexer.EOF)
			break
		}
		if tok.Kind == lexer.Comment {
			s.Tokens++
			continue
		}
		decide(tok.Kind)
		s.Tokens++
		switch tok.Kind {
		case lexer.BraceL, lexer.BracketL, lexer.ParenL:
			nest++
			s.Nesting = max(s.Nesting, nest)
		case lexer.BraceR, lexer.BracketR, lexer.ParenR:
			nest = max(nest-1, 0)
		}
		switch tok.Kind {
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			parens = max(parens-1, 0)
		case lexer.Spread:
			s.Spreads++
		case lexer.At:
			s.Directives++
		case lexer.BraceL:
			if parens == 0 {
				selection++
			} else {
				s.InputValues++ // an input object
			}
		case lexer.BraceR:
			if parens == 0 {
				selection = max(selection-1, 0)
			}
		case lexer.BracketL, lexer.Int, lexer.Float, lexer.String, lexer.BlockString, lexer.Dollar:
			if parens > 0 {
				s.InputValues++
			}
		case lexer.Name:
			switch {
			case prev.Kind == lexer.At, prev.Kind == lexer.Dollar, prev.Kind == lexer.Spread,
				prev.Kind == lexer.Name && prev.Value == "on" && prev2.Kind == lexer.Spread:
				// a directive's, a variable's or a fragment's name, or a type condition
			case parens > 0:
				t := tok
				pending, pendingSel = &t, false
			case selection > 0:
				t := tok
				pending, pendingSel = &t, true
			}
		}
		prev2, prev = prev, tok
	}
	return s
}

// CheckDocument refuses a document that crosses a limit of its size as
// written, before it is parsed and validated.
func (l Limits) CheckDocument(query string) *apperr.Error {
	s := MeasureDocument(query)
	for _, c := range []struct {
		limit, what, advice string
		max, actual         int
	}{
		{Tokens, "tokens", "split it into several requests", l.MaxTokens, s.Tokens},
		{Nesting, "levels of nested braces, brackets and parentheses", "nest fewer selections and input values", l.MaxNesting, s.Nesting},
		{Fields, "fields", "ask for each field once, and split the rest into several requests", l.MaxFields, s.Fields},
		{Spreads, "fragment spreads and inline fragments", "spread each fragment where it is needed once", l.MaxSpreads, s.Spreads},
		{Directives, "directives", "use fewer @include and @skip", l.MaxDirectives, s.Directives},
		{InputValues, "input values", `match several values of one field with an …In filter, or send the values as variables`, l.MaxInputValues, s.InputValues},
	} {
		if c.actual > c.max {
			return exceeded(c.limit, int64(c.max), int64(c.actual),
				"the document holds %s %s, more than the limit of %s: %s", number(int64(c.actual)), c.what, number(int64(c.max)), c.advice)
		}
	}
	return nil
}

// MutateOperationParameters bounds the document before gqlgen parses and
// validates it (or finds it in the query cache); it runs after the
// automatic persisted queries, which may fill in the query.
func (e Extension) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if err := e.Limits.CheckDocument(params.Query); err != nil {
		return toGQL(err, nil)
	}
	return nil
}
