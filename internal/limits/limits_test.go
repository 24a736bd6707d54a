package limits

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"

	"cchc/internal/apperr"
)

// schema is cchc's public schema, as clients see it.
var schema = func() *ast.Schema {
	b, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		panic(err)
	}
	return gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
}()

// check parses and validates query, coerces vars as gqlgen does, and checks it.
func check(t *testing.T, l Limits, query string, vars map[string]any) (*ast.QueryDocument, *ast.QueryDocument, *gqlerror.Error) {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("invalid query: %v", errs)
	}
	if vars != nil { // through JSON, as variables arrive
		b, _ := json.Marshal(vars)
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		vars = nil
		if err := dec.Decode(&vars); err != nil {
			t.Fatal(err)
		}
	}
	op := doc.Operations[0]
	coerced, err := validator.VariableValues(schema, op, vars)
	if err != nil {
		t.Fatalf("variables: %v", err)
	}
	out, outOp, gerr := l.Check(doc, op, coerced)
	if gerr == nil && outOp != out.Operations.ForName(op.Name) {
		t.Fatalf("the returned operation is not the document's")
	}
	return doc, out, gerr
}

// refused asserts a LIMIT_EXCEEDED error of the limit, with actual when it is not -1.
func refused(t *testing.T, err *gqlerror.Error, limit string, actual int64, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s refused, got no error", limit)
	}
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.LimitExceeded || e.Extensions["limit"] != limit {
		t.Fatalf("want LIMIT_EXCEEDED %s, got %+v", limit, err)
	}
	if actual != -1 && e.Extensions["actual"] != actual {
		t.Errorf("actual %v, want %d (%s)", e.Extensions["actual"], actual, e.Message)
	}
	if !strings.Contains(e.Message, message) {
		t.Errorf("message %q does not say %q", e.Message, message)
	}
}

func format(doc *ast.QueryDocument) string {
	var b strings.Builder
	formatter.NewFormatter(&b).FormatQueryDocument(doc)
	return b.String()
}

// nest returns a query whose deepest field is n levels down: units, edges,
// node, then parent n-4 times, then code.
func nest(n int) string {
	return "{ units(first: 1) { edges { node { " + strings.Repeat("parent { ", n-4) + "code" + strings.Repeat(" }", n-4) + " } } } }"
}

func TestDepth(t *testing.T) {
	l := Default()
	if _, _, err := check(t, l, nest(12), nil); err != nil {
		t.Errorf("12 levels: %v", err)
	}
	_, _, err := check(t, l, nest(20), nil)
	refused(t, err, Depth, 20, "query depth 20 exceeds the limit of 12 (at units.edges.node.parent.parent")
	if len(err.Locations) != 1 || err.Locations[0].Line != 1 {
		t.Errorf("locations %+v, want the deepest field's", err.Locations)
	}
	// Through fragments too.
	_, _, err = check(t, l, `{ units(first: 1) { edges { node { ...A } } } }
fragment A on Unit { parent { ...B } }
fragment B on Unit { parent { ...C } }
fragment C on Unit { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } }`, nil)
	refused(t, err, Depth, 14, "query depth 14")
}

// TestIntrospection: GraphiQL's schema query passes the default limits as
// it is, and nobody's introspection counts as depth or cost.
func TestIntrospection(t *testing.T) {
	q, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	doc, out, gerr := check(t, Default(), string(q), nil)
	if gerr != nil {
		t.Fatalf("GraphiQL's introspection query refused: %v", gerr)
	}
	if out != doc {
		t.Errorf("introspection needs no rewrite")
	}
}

func TestCost(t *testing.T) {
	l := Default()
	const nested = `{ dossiers(first: 1000) { edges { node { unit { dossiers(first: 1000) { edges { node { code } } } } } } } }`
	_, _, err := check(t, l, nested, nil)
	// inner dossiers 1 + 1000×3; unit, node, edges 1 each; outer 1 + 1000×3,004.
	refused(t, err, Cost, 3_004_001, "query cost 3,004,001 exceeds the limit of 50,000: lower first: on dossiers (page size 1,000) or nest fewer lists")

	// One page of 1,000 with a few fields passes.
	if _, _, err := check(t, l, `{ dossiers(first: 1000) { totalCount edges { node { code status unit { code name } } } } }`, nil); err != nil {
		t.Errorf("a page of 1,000: %v", err)
	}
	// The largest page is named, with its path.
	_, _, err = check(t, l, `{ units(first: 10) { edges { node { dossiers(first: 500) { edges { node { procedure { dossiers(first: 20) { edges { node { code } } } } } } } } } } }`, nil)
	refused(t, err, Cost, -1, "lower first: on units.edges.node.dossiers (page size 500)")
	// Connections without first compound at their default page size.
	_, _, err = check(t, l, `{ units { edges { node { plans { edges { node { tasks { edges { node { title } } } } } } } } } }`, nil)
	refused(t, err, Cost, -1, "lower first: on units (default page size 100)")
	// nodes(ids:) multiplies by the number of IDs.
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprint(i + 1)
	}
	_, _, err = check(t, l, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Unit { dossiers(first: 100) { edges { node { code } } } } } }`, map[string]any{"ids": ids})
	refused(t, err, Cost, 1+200*(1+100*3), "query cost 60,201")
}

// TestCostVariables: first from a variable counts as written.
func TestCostVariables(t *testing.T) {
	const q = `query($n: Int, $m: Int) { dossiers(first: $n) { edges { node { unit { dossiers(first: $m) { edges { node { code } } } } } } } }`
	if _, _, err := check(t, Default(), q, map[string]any{"n": 10, "m": 10}); err != nil {
		t.Errorf("10 × 10: %v", err)
	}
	_, _, err := check(t, Default(), q, map[string]any{"n": 1000, "m": 1000})
	refused(t, err, Cost, 3_004_001, "page size 1,000")
	_, _, err = check(t, Default(), q, map[string]any{"n": 1000, "m": 5000})
	refused(t, err, PageSize, 5000, "first: 5,000 on dossiers.edges.node.unit.dossiers exceeds the maximum page size of 1,000")
}

func TestPageSize(t *testing.T) {
	l := Default()
	_, _, err := check(t, l, `{ dossiers(first: 5000) { edges { node { code } } } }`, nil)
	refused(t, err, PageSize, 5000, "first: 5,000 on dossiers exceeds the maximum page size of 1,000: ask for at most 1,000")
	if e, _ := apperr.As(err); e.Field != "first" {
		t.Errorf("field %q, want first", e.Field)
	}
	_, _, err = check(t, l, `{ units(first: 1) { edges { node { dossiers(last: -1) { totalCount } } } } }`, nil)
	refused(t, err, PageSize, -1, "last: -1 on units.edges.node.dossiers is negative")
	if _, _, err := check(t, l, `{ dossiers(first: 1000) { edges { node { code } } } }`, nil); err != nil {
		t.Errorf("first: 1000: %v", err)
	}
}

func TestAliases(t *testing.T) {
	l := Default()
	query := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: units(first: 1) { totalCount }", i)
		}
		return b.String() + " }"
	}
	if _, _, err := check(t, l, query(30), nil); err != nil {
		t.Errorf("30 aliases: %v", err)
	}
	_, _, err := check(t, l, query(31), nil)
	refused(t, err, Aliases, 31, "the query has 31 aliased fields, more than the limit of 30")
}

// TestDefaultPageSize: edges asked for without first or last get the
// default page size, in a copy; the cached document never changes.
func TestDefaultPageSize(t *testing.T) {
	l := Default()
	l.MaxCost = 1_000_000 // 100 units of 100 dossiers each
	const q = `query($n: Int) {
  units(where: {code: "298"}) { edges { node { dossiers(first: $n) { edges { node { ...D } } } } } }
  counted: dossiers { totalCount }
  back: dossiers(before: "gaFpBQ") { edges { cursor } }
  viaFragment: units { ...U }
}
fragment U on UnitConnection { edges { node { code } } }
fragment D on Dossier { code procedure { dossiers { totalCount } } }`
	doc, out, err := check(t, l, q, map[string]any{"n": nil})
	if err != nil {
		t.Fatal(err)
	}
	before := format(doc)
	got := format(out)
	for _, want := range []string{
		`units(where: {code:"298"}, first: 100)`,      // root
		`dossiers(first: 100)`,                        // $n is null in this request
		"counted: dossiers {",                         // totalCount alone reads no rows
		`back: dossiers(before: "gaFpBQ", last: 100)`, // paging backwards
		"viaFragment: units(first: 100)",              // edges asked for in a fragment
		"dossiers {\n\t\t\ttotalCount",                // in a fragment, totalCount alone
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten query lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(before, "100") || !strings.Contains(before, "dossiers(first: $n)") {
		t.Errorf("the parsed document changed:\n%s", before)
	}
	// With $n set, that connection keeps it.
	_, out, err = check(t, l, q, map[string]any{"n": 7})
	if err != nil || !strings.Contains(format(out), "dossiers(first: $n)") {
		t.Errorf("with $n = 7: %v\n%s", err, format(out))
	}
	// Nothing to change, nothing copied.
	doc, out, _ = check(t, l, `{ dossiers(first: 5) { edges { node { code } } } a: units { totalCount } }`, nil)
	if doc != out {
		t.Errorf("a query with every page size set was copied")
	}
}

// TestSharedDocument: requests that share a parsed document, with
// different variables, each get their own answer and leave it unchanged.
func TestSharedDocument(t *testing.T) {
	l := Default()
	doc, errs := gqlparser.LoadQuery(schema, `query($n: Int) { dossiers(first: $n) { edges { node { code } } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	before := format(doc)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vars := map[string]any{"n": nil}
			want := "first: 100"
			if i%2 == 0 {
				vars["n"], want = int64(i), "first: $n"
			}
			out, _, err := l.Check(doc, doc.Operations[0], vars)
			if err != nil || !strings.Contains(format(out), want) {
				t.Errorf("request %d: %v %s", i, err, format(out))
			}
		}()
	}
	wg.Wait()
	if format(doc) != before {
		t.Errorf("the shared document changed")
	}
}

// TestExpansion: fragments that multiply each other are refused without
// walking their whole expansion.
func TestExpansion(t *testing.T) {
	// 10 parents each of 10 parents … 8 levels down: 10⁸ fields as executed,
	// within the depth limit.
	var b strings.Builder
	b.WriteString("{ units(first: 1) { edges { node { ...F0 } } } }\n")
	const n = 8
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Unit { code", i)
		for j := range 10 {
			fmt.Fprintf(&b, " p%d: parent { ...F%d }", j, i+1)
		}
		b.WriteString(" }\n")
	}
	fmt.Fprintf(&b, "fragment F%d on Unit { code }\n", n)
	start := time.Now()
	_, _, err := check(t, Default(), b.String(), nil)
	refused(t, err, Cost, -1, "query cost exceeds the limit of 50,000")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestNumber(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 2_000_000: "2,000,000", -12345: "-12,345"} {
		if got := number(n); got != want {
			t.Errorf("number(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	l := Default()
	l.DefaultPageSize = 2000
	if err := l.Validate(); err == nil {
		t.Error("a default page above the maximum passed")
	}
	l = Default()
	l.MaxBatch = 0
	if err := l.Validate(); err == nil {
		t.Error("MaxBatch 0 passed")
	}
}

// ors returns a dossiers query whose where is an or: of n codes (2n+1 input
// nodes).
func ors(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{code: "X%d"} `, i)
	}
	return `{ dossiers(where: {or: [` + b.String() + `]}) { totalCount } }`
}

// TestInputNodes: input objects' fields and the objects of lists count one
// each, literal or from variables, in fragments at every spread; ten values
// of a list of scalars count one.
func TestInputNodes(t *testing.T) {
	l := Default()
	if _, _, err := check(t, l, ors(499), nil); err != nil {
		t.Errorf("or: of 499 (999 nodes): %v", err)
	}
	_, _, err := check(t, l, ors(500), nil)
	refused(t, err, Input, 1001, "the arguments of the query hold 1,001 input values, more than the limit of 1,000 (where: on dossiers holds 1,001): match several values of one field with an …In filter")
	if e, _ := apperr.As(err); e.Field != "where" || e.Extensions["max"] != int64(1000) {
		t.Errorf("field %q, extensions %v", e.Field, e.Extensions)
	}
	if len(err.Locations) != 1 || err.Locations[0].Line != 1 || err.Locations[0].Column != 3 {
		t.Errorf("locations %+v, want the dossiers field's", err.Locations)
	}
	_, _, err = check(t, l, ors(3000), nil)
	refused(t, err, Input, 6001, "6,001 input values")

	// The same or: in a variable, whole or object by object.
	codes := make([]any, 500)
	for i := range codes {
		codes[i] = map[string]any{"code": fmt.Sprint("X", i)}
	}
	_, _, err = check(t, l, `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"or": codes}})
	refused(t, err, Input, 1001, "where: on dossiers holds 1,001")
	_, _, err = check(t, l, `query($a: DossierWhereInput!, $b: DossierWhereInput!) { dossiers(where: {or: [$a, $b], codeNEQ: "Y"}) { totalCount } }`,
		map[string]any{"a": map[string]any{"or": codes[:250]}, "b": map[string]any{"or": codes[250:]}})
	// or, codeNEQ; two objects, each holding an or of 250 objects of one code.
	refused(t, err, Input, 2+2*(1+1+2*250), "")

	// Several arguments and fields add up; the message names the largest.
	_, _, err = check(t, l, `{ a: dossiers(where: {or: [`+strings.Repeat(`{code: "A"} `, 300)+`]}) { totalCount }
  units(where: {or: [`+strings.Repeat(`{code: "B"} `, 200)+`]}) { totalCount } }`, nil)
	refused(t, err, Input, 601+401, "(where: on a holds 601)")

	// A fragment counts at every spread.
	const frag = `{ units(first: 1) { edges { node { a: parent { ...F } b: parent { ...F } } } } }
fragment F on Unit { dossiers(where: {or: [%s]}) { totalCount } }`
	if _, _, err := check(t, l, fmt.Sprintf(frag, strings.Repeat(`{code: "A"} `, 249)), nil); err != nil {
		t.Errorf("two spreads of 499: %v", err)
	}
	_, _, err = check(t, l, fmt.Sprintf(frag, strings.Repeat(`{code: "A"} `, 250)), nil)
	refused(t, err, Input, 2*501, "")

	// Lists of scalars count ten values a node.
	many := make([]string, 9990)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	in := `query($c: [String!]) { dossiers(where: {codeIn: $c}) { totalCount } }`
	if _, _, err := check(t, l, in, map[string]any{"c": many}); err != nil {
		t.Errorf("codeIn of 9,990: %v", err)
	}
	_, _, err = check(t, l, in, map[string]any{"c": append(many, "a", "b")})
	refused(t, err, Input, 1+1000, "")
	_, _, err = check(t, l, `{ dossiers(where: {codeIn: [`+strings.Repeat(`"A", `, 10_000)+`]}) { totalCount } }`, nil)
	refused(t, err, Input, 1+1000, "")
	// nodes(ids:) too, as an argument of its own: 999 nodes.
	if _, _, err := check(t, l, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": many}); err != nil {
		t.Errorf("nodes(ids:) of 9,990: %v", err)
	}
}

// TestEdgeNesting: edge filters nest at most MaxEdgeNesting deep, in
// literals and in variables, in lists or not.
func TestEdgeNesting(t *testing.T) {
	l := Default()
	nest := func(n int) string {
		return strings.Repeat(`{hasParentWith: `, n) + `{code: "30"}` + strings.Repeat(`}`, n)
	}
	if _, _, err := check(t, l, `{ units(where: `+nest(6)+`) { totalCount } }`, nil); err != nil {
		t.Errorf("6 edges: %v", err)
	}
	_, _, err := check(t, l, `{ units(where: `+nest(24)+`) { totalCount } }`, nil)
	refused(t, err, EdgeNesting, 24, "where: on units nests 24 edge filters one in another (hasParentWith.hasParentWith.hasParentWith.hasParentWith.hasParentWith.hasParentWith.hasParentWith…), more than the limit of 6")
	// Other fields and or: lists between them do not count; lists of edge filters do.
	_, _, err = check(t, l, `{ dossiers(where: {hasUnitWith: [{hasParentWith: {or: [{not: {hasParentWith: {hasPlansWith: [{hasTasksWith: {hasPlanWith: {hasUnitWith: {code: "x"}}}}]}}}]}}]}) { totalCount } }`, nil)
	refused(t, err, EdgeNesting, 7, "(hasUnitWith.hasParentWith.hasParentWith.hasPlansWith.hasTasksWith.hasPlanWith.hasUnitWith)")
	w := map[string]any{"code": "30"}
	for range 7 {
		w = map[string]any{"hasParentWith": []any{w}}
	}
	_, _, err = check(t, l, `query($w: UnitWhereInput) { units(where: $w) { totalCount } }`, map[string]any{"w": w})
	refused(t, err, EdgeNesting, 7, "where: on units nests 7")
}
