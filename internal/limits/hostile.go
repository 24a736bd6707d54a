package limits

import (
	"fmt"
	"strings"
)

// HostileRequest is a request written to make the server work: its name,
// the operation and variables, and the limit that refuses it under Default
// ("" for one that is answered, within its bounds; ValidationFailed for one
// that validation refuses, BadInput for one refused as BAD_USER_INPUT).
type HostileRequest struct {
	Name      string
	Query     string
	Variables map[string]any
	Limit     string
}

// ValidationFailed is the Limit of a hostile request that passes the limits
// of the document but not validation.
const ValidationFailed = "GRAPHQL_VALIDATION_FAILED"

// BadInput is the Limit of a hostile request refused as BAD_USER_INPUT.
const BadInput = "BAD_USER_INPUT"

// hostileBytes keeps every document of the corpus, with its JSON envelope,
// below the body limit of the server (1 MiB).
const hostileBytes = 1000_000

// Hostile returns the corpus of hostile requests that the tests, the fuzz
// seeds and the benchmark of the limits send: fragment doubling (named and
// inline), repeated fields and nested selections, floods of directives,
// aliases and tokens, deep selections, input objects and lists,
// alternations of edge filters, and large variables. Each is as large as
// the body limit allows, or as large as its shape needs.
func Hostile() []HostileRequest {
	fill := func(unit string, room int) string { // as many copies of unit as fit in room bytes
		return strings.Repeat(unit, room/len(unit))
	}
	fragments := func(n int, body string) string { // fragment Fi spreads F(i+1) as body says
		var b strings.Builder
		b.WriteString("{ units { edges { node { ...F0 } } } }\n")
		for i := range n {
			fmt.Fprintf(&b, "fragment F%d on Unit { %s }\n", i, strings.ReplaceAll(body, "NEXT", fmt.Sprintf("F%d", i+1)))
		}
		fmt.Fprintf(&b, "fragment F%d on Unit { code }\n", n)
		return b.String()
	}
	inline := func(n int) string { // inline fragments doubling n deep: 2ⁿ copies as written
		s := "code"
		for range n {
			s = "... on Unit { " + s + " } ... on Unit { " + s + " }"
		}
		return "{ units { edges { node { " + s + " } } } }"
	}
	alternatives := func(n int, alt string) string {
		alts := make([]string, n)
		for i := range alts {
			alts[i] = fmt.Sprintf(alt, i)
		}
		return "{ dossiers(where: {or: [" + strings.Join(alts, ", ") + "]}) { totalCount } }"
	}
	codes := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"code": fmt.Sprint(i)}
		}
		return out
	}
	deepVar := func(n int) map[string]any {
		v := map[string]any{"code": "1"}
		for range n {
			v = map[string]any{"not": v}
		}
		return v
	}
	unused := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, " fragment U%d on Unit { code }", i)
		}
		return b.String()
	}
	deepSel := fill("{ parent ", hostileBytes/2)
	return []HostileRequest{
		// Each fragment spreads the next twice: 2³⁰ paths through 31 fragments.
		{Name: "fragments doubling 30 deep", Query: fragments(30, "...NEXT ...NEXT")},
		{Name: "fragments doubling with fields", Query: fragments(30, "code name ...NEXT ... on Unit { ...NEXT }")},
		{Name: "fragments doubling 100 deep", Query: fragments(100, "...NEXT ...NEXT"), Limit: Spreads},
		{Name: "fragments doubling under lists", Query: fragments(40, "children { totalCount } ...NEXT ...NEXT")},
		{Name: "inline fragments doubling", Query: inline(14), Limit: Tokens},
		{Name: "inline fragments doubling within the tokens", Query: inline(9), Limit: Fields},
		{Name: "inline fragments doubling within the fields", Query: inline(8), Limit: Spreads},
		// Validation compares every pair of fields that share a response key.
		{Name: "copies of one field", Query: "{ units { " + fill("totalCount ", hostileBytes-20) + "} }", Limit: Tokens},
		{Name: "20,000 copies of one field", Query: "{ units { " + strings.Repeat("totalCount ", 20_000) + "} }", Limit: Tokens},
		{Name: "600 copies of one field", Query: "{ units { " + strings.Repeat("totalCount ", 600) + "} }", Limit: Fields},
		{Name: "500 copies of one field", Query: "{ units { " + strings.Repeat("totalCount ", 499) + "} }"},
		{Name: "repeated nested selections", Query: "{ units { edges { node { " + strings.Repeat("parent { parent { code } } ", 160) + "} } } }"},
		{Name: "repeated nested selections in inline fragments", Query: "{ units { edges { node { " + strings.Repeat("... on Unit { parent { code name } } ", 160) + "} } } }"},
		{Name: "aliases flood", Query: "{ " + strings.Repeat("a: units { totalCount } ", 3000) + "}", Limit: Fields},
		{Name: "directives flood", Query: "{ units { totalCount " + strings.Repeat("@include(if: true) ", 20_000) + "} }", Limit: Tokens},
		{Name: "directives on many fields", Query: "{ units { " + strings.Repeat("totalCount @skip(if: false) ", 400) + "} }", Limit: Directives},
		// Deep documents: the parser recurses once per bracket.
		{Name: "deep selections", Query: deepSel + strings.Repeat("} ", strings.Count(deepSel, "{")), Limit: Tokens},
		{Name: "deep selections within the tokens", Query: "{ units { edges { node { " + strings.Repeat("parent { ", 500) + "code" + strings.Repeat(" }", 500) + " } } } }", Limit: Nesting},
		{Name: "deep input objects", Query: "{ units(where: " + strings.Repeat("{not: ", 1000) + "{code: \"1\"}" + strings.Repeat("}", 1000) + ") { totalCount } }", Limit: Nesting},
		{Name: "deep input lists", Query: "{ units(where: {codeIn: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}) { totalCount } }", Limit: Tokens},
		{Name: "deep input lists within the tokens", Query: "{ units(where: {codeIn: " + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + "}) { totalCount } }", Limit: Nesting},
		{Name: "many input values", Query: "{ units(where: {codeIn: [" + fill("1 ", hostileBytes-60) + "]}) { totalCount } }", Limit: Tokens},
		{Name: "input values within the tokens", Query: "{ units(where: {codeIn: [" + strings.Repeat(`"1" `, 15_000) + "]}) { totalCount } }", Limit: InputValues},
		{Name: "a long string", Query: `{ units(where: {nameContains: "` + fill("x", hostileBytes-60) + `"}) { totalCount } }`, Limit: BadInput},
		{Name: "a long comment", Query: "#" + fill("x", hostileBytes-40) + "\n{ units { totalCount } }"},
		{Name: "many operations", Query: strings.Repeat("query { units { totalCount } } ", 200), Limit: ValidationFailed},
		{Name: "many unused fragments", Query: "{ units { totalCount } }" + unused(400), Limit: ValidationFailed},
		{Name: "more unused fragments", Query: "{ units { totalCount } }" + unused(2000), Limit: Fields},
		// Alternations of edge filters: each alternative's subqueries run for every row.
		{Name: "alternations of edge filters", Query: alternatives(90, `{hasUnitWith: {hasDossiersWith: {hasProcedureWith: {nameContains: "x%d"}}}}`), Limit: Joins},
		{Name: "alternations of to-one edge filters", Query: alternatives(90, `{hasUnitWith: {hasParentWith: {hasParentWith: {nameContains: "x%d"}}}}`), Limit: Joins},
		{Name: "negated edge filters", Query: "{ dossiers(where: {not: {hasUnitWith: {hasDossiersWith: {hasUnitWith: {hasDossiersWith: {code: \"x\"}}}}}}) { totalCount } }", Limit: Joins},
		{Name: "alternations within the joins", Query: alternatives(100, `{hasProcedureWith: {nameContains: "x%d"}}`)},
		// Large variables.
		{Name: "large variables", Query: `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`,
			Variables: map[string]any{"w": map[string]any{"or": codes(40_000)}}, Limit: Input},
		{Name: "deep variables", Query: `query($w: UnitWhereInput) { units(where: $w) { totalCount } }`,
			Variables: map[string]any{"w": deepVar(5000)}, Limit: Input},
		{Name: "alternations of edge filters in variables", Query: `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`,
			Variables: map[string]any{"w": map[string]any{"or": []any{
				map[string]any{"hasUnitWith": map[string]any{"hasDossiersWith": map[string]any{"hasProcedureWith": map[string]any{"nameContains": "a"}}}},
				map[string]any{"hasUnitWith": map[string]any{"hasDossiersWith": map[string]any{"hasProcedureWith": map[string]any{"nameContains": "b"}}}},
			}}}, Limit: Joins},
		{Name: "a large variable", Query: `query($pad: String) { units(where: {nameContains: $pad}) { totalCount } }`,
			Variables: map[string]any{"pad": fill("x", hostileBytes-100)}, Limit: BadInput},
		{Name: "a large list of ids", Query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			Variables: map[string]any{"ids": strings.Split(fill("1,", 60_000), ",")}, Limit: Input},
	}
}
