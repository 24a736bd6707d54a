package limits

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/validator"

	"cchc/internal/apperr"
)

// FuzzCursor: no text panics the decoding of a cursor (decodeCursor, as
// the limits check every after: and before:), and a cursor that
// decodes writes back as one that decodes to the same.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"gqFpzwAAAAMAAAakoXaRtUgzMC4xMTA5OC0yMzEyMzAtMDAwMw", "gaFp+w", "gqFpAaF2gaFhAQ", "gqFpAaF21/8w6yO8awwQpw",
		"garbage", "", "====", "gaFpz0AAAAAAAAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			return
		}
		var b bytes.Buffer
		c.MarshalGQL(&b)
		out, err := strconv.Unquote(b.String())
		if err != nil {
			t.Fatalf("%q writes as %s", s, b.String())
		}
		var back entgql.Cursor[int]
		if err := back.UnmarshalGQL(out); err != nil || back.ID != c.ID {
			t.Fatalf("%q decodes to %+v, writes as %q, decodes back to %+v (%v)", s, c, out, back, err)
		}
	})
}

// FuzzLimits: checking any valid operation with any variables never
// panics nor changes the shared document; a refusal is LIMIT_EXCEEDED
// naming its limit (or BAD_USER_INPUT for a cursor), and what passes is a
// document that still validates against the schema.
// testdata/fuzz/FuzzLimits holds what the fuzzer found.
func FuzzLimits(f *testing.F) {
	for _, c := range []struct{ q, vars string }{
		{nest(13), ""},
		{`{ dossiers(first: 1000) { edges { node { unit { dossiers(first: 1000) { totalCount edges { node { code } } } } } } } }`, ""},
		{`query($n: Int) { units(first: $n) { edges { node { code } } } }`, `{"n": 5000}`},
		{`query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`, `{"w": {"or": [{"code": "A"}, {"codeIn": ["B", "C"]}, {"hasUnitWith": {"hasParentWith": {"code": "30"}}}]}}`},
		{`{ units(where: {hasParentWith: {hasParentWith: {hasParentWith: {hasParentWith: {hasParentWith: {hasParentWith: {hasParentWith: {code: "1"}}}}}}}}) { totalCount } }`, ""},
		{`{ a: units { totalCount } b: units { totalCount } c: units { edges { node { code } } } }`, ""},
		{`{ units { edges { node { ...U children { edges { node { ...U } } } } } } } fragment U on Unit { code dossiers { edges { node { code } } } }`, ""},
		{`query($c: Cursor, $o: [DossierOrder!]) { units(first: 2) { edges { node { dossiers(first: 2, after: $c, orderBy: $o) { edges { node { code } } } } } } }`,
			`{"c": "gqFpAaF2kaF4", "o": {"field": "CODE"}}`},
		{`{ units(last: 5, before: "gaFp+w") { edges { cursor } } }`, ""},
		{`{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`, ""},
	} {
		f.Add(c.q, c.vars)
	}
	for _, h := range Hostile() {
		if len(h.Query) < 4000 { // the large ones are refused before the check, in TestHostile
			vars, _ := json.Marshal(h.Variables)
			f.Add(h.Query, string(vars))
		}
	}
	limits := Default()
	f.Fuzz(func(t *testing.T, query, vars string) {
		doc, errs := gqlparser.LoadQuery(schema, query)
		if errs != nil || len(doc.Operations) == 0 {
			return
		}
		var raw map[string]any
		if vars != "" {
			dec := json.NewDecoder(bytes.NewReader([]byte(vars)))
			dec.UseNumber()
			if dec.Decode(&raw) != nil {
				return
			}
		}
		op := doc.Operations[0]
		coerced, err := validator.VariableValues(schema, op, raw)
		if err != nil {
			return
		}
		before := format(doc)
		out, outOp, gerr := limits.check(schema, doc, op, coerced)
		if after := format(doc); after != before {
			t.Fatalf("the shared document changed:\n%s\nbecame\n%s", before, after)
		}
		if gerr != nil {
			e, ok := apperr.As(gerr)
			switch {
			case !ok || e.Message == "":
				t.Fatalf("a refusal without its error: %v", gerr)
			case e.Code == apperr.LimitExceeded && !slices.Contains([]string{Depth, Cost, PageSize, Aliases, Input, EdgeNesting, Joins}, e.Extensions["limit"].(string)):
				t.Fatalf("an unknown limit: %+v", e)
			case e.Code != apperr.LimitExceeded && e.Code != apperr.BadInput:
				t.Fatalf("a refusal coded %s: %v", e.Code, e)
			}
			return
		}
		if outOp == nil || !slices.Contains(out.Operations, outOp) {
			t.Fatal("the operation to run is not in the document returned")
		}
		// A variable the rewrite replaced (a first: $n that is null here)
		// may go unused; nothing else may fail.
		_, errs = gqlparser.LoadQuery(schema, format(out))
		for _, e := range errs {
			if e.Rule != "NoUnusedVariables" {
				t.Fatalf("the document to run does not validate: %v\n%s", errs, format(out))
			}
		}
	})
}
