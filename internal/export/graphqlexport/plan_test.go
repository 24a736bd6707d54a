package graphqlexport

import (
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/graph/generated"
	"cchc/internal/apperr"
)

var schema = generated.NewExecutableSchema(generated.Config{}).Schema()

func prepare(t *testing.T, query string, vars map[string]any) *Plan {
	t.Helper()
	p, err := Prepare(schema, Request{Query: query, Variables: vars})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return p
}

func TestColumnsFollowTheQuery(t *testing.T) {
	for _, c := range []struct {
		query string
		name  string
		want  []string
	}{
		{`{ dossiers { edges { node { code channel status unit { name } procedure { field } } } } }`,
			"dossiers", []string{"code", "channel", "status", "unit.name", "procedure.field"}},
		// Aliases, fragments in their place, a field selected twice once, nested objects.
		{`query { __typename list: units { totalCount edges { cursor n: node { c: code ...U name parent { code parent { code } } code } } } }
		  fragment U on Unit { level ... on Unit { kind } }`,
			"list", []string{"c", "level", "kind", "name", "parent.code", "parent.parent.code", "code"}},
		// A nested connection's figures, a list of objects, a list of scalars.
		{`{ units { edges { node { code dossiers(where: {status: RESOLVED}) { totalCount } mergedFrom { code } officials { edges { node { concurrentPositions } } } } } } }`,
			"units", []string{"code", "dossiers.totalCount", "mergedFrom", "officials.edges"}},
		{`{ officials { edges { node { fullName concurrentPositions } } } }`,
			"officials", []string{"fullName", "concurrentPositions"}},
		// Inline fragments on the types of an interface share columns by response key.
		{`{ nodes(ids: ["1"]) { id ... on Unit { code name } ... on Dossier { code status } } }`,
			"nodes", []string{"id", "code", "name", "status"}},
		// The first list wins, whatever comes after.
		{`{ me: __typename indicators(period: {year: 2023, kind: YEAR, index: 1}) { ...F findings { code } } units { totalCount } }
		  fragment F on Indicators { unit { code } d: dossiers { total } }`,
			"indicators", []string{"unit.code", "d.total", "findings"}},
	} {
		p := prepare(t, c.query, nil)
		if p.Name != c.name || !slices.Equal(p.Columns, c.want) {
			t.Errorf("%s:\nname %s, columns %q\nwant %s, %q", c.query, p.Name, p.Columns, c.name, c.want)
		}
	}
}

func TestConnectionIsRewrittenToPage(t *testing.T) {
	// Without first, pages hold DefaultPageSize; a literal after is the start.
	p := prepare(t, `{ dossiers(after: "abc") { edges { node { code } } } }`, nil)
	for _, part := range []string{"query ($_exportAfter: Cursor)", "dossiers(after: $_exportAfter, first: 100)", "_exportCursor: cursor", "_exportPageInfo: pageInfo {"} {
		if !strings.Contains(p.query, part) {
			t.Errorf("rewritten query lacks %q:\n%s", part, p.query)
		}
	}
	if !p.paged || !p.ownCursor || p.start != "abc" || p.cursorVar != afterVar {
		t.Errorf("plan %+v", p)
	}
	// The caller's own variable for after carries the cursor; its first stays.
	p, err := Prepare(schema, Request{OperationName: "Q", Query: `query Q($n: Int, $a: Cursor) { dossiers(first: $n, after: $a) { edges { node { code } } } }
	  query Other { dossiers { edges { node { ...Unused } } } } fragment Unused on Dossier { id }`})
	if err != nil {
		t.Fatal(err)
	}
	if p.ownCursor || p.cursorVar != "a" || !strings.Contains(p.query, "dossiers(first: $n, after: $a)") || strings.Contains(p.query, "Unused") {
		t.Errorf("plan %+v:\n%s", p, p.query)
	}
	// The rewritten query is valid GraphQL.
	for _, q := range []string{p.query, prepare(t, `{ a: units { edges { node { code } } } b: units { edges { node { code } } } }`, nil).query} {
		if _, err := Prepare(schema, Request{Query: q}); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	// A plain list runs as it is.
	p = prepare(t, `{ nodes(ids: ["1"]) { id } }`, nil)
	if p.paged || strings.Contains(p.query, "_export") {
		t.Errorf("plain list rewritten:\n%s", p.query)
	}
}

func TestPrepareErrors(t *testing.T) {
	for _, c := range []struct {
		query string
		vars  map[string]any
		code  string
		field string
	}{
		{`{ units {`, nil, "GRAPHQL_PARSE_FAILED", ""},
		{`{ units { nickname } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{``, nil, "BAD_USER_INPUT", "query"},
		{`{ __typename }`, nil, "BAD_USER_INPUT", "query"},
		{`{ units { totalCount } }`, nil, "BAD_USER_INPUT", "query"},
		{`{ units { edges { cursor } } }`, nil, "BAD_USER_INPUT", "query"},
		{`mutation { submitReport(id: "1", version: 1) { id } }`, nil, "BAD_USER_INPUT", "query"},
		{`{ units(last: 3) { edges { node { code } } } }`, nil, "BAD_USER_INPUT", "last"},
		{`query($b: Cursor) { units(before: $b) { edges { node { code } } } }`, map[string]any{"b": "x"}, "BAD_USER_INPUT", "before"},
	} {
		_, err := Prepare(schema, Request{Query: c.query, Variables: c.vars})
		var (
			code, field string
			list        gqlerror.List
		)
		if e, ok := apperr.As(err); ok {
			code, field = string(e.Code), e.Field
		} else if ok := asList(err, &list); ok {
			code, _ = list[0].Extensions["code"].(string)
		}
		if code != c.code || field != c.field {
			t.Errorf("%s: error %v (%s, %s), want %s on %q", c.query, err, code, field, c.code, c.field)
		}
	}
	// before: null reads forward.
	prepare(t, `query($b: Cursor) { units(before: $b) { edges { node { code } } } }`, nil)
}

func asList(err error, list *gqlerror.List) bool {
	l, ok := err.(gqlerror.List)
	*list = l
	return ok
}

func TestFill(t *testing.T) {
	p := prepare(t, `{ officials { edges { node { fullName partyMember concurrentPositions unit { code dossiers { totalCount } } trainings { title } } } } }`, nil)
	cells := make([]any, len(p.Columns))
	err := p.row.fill([]byte(`{"fullName":"Phạm Văn Thắng","partyMember":true,"concurrentPositions":["Chủ tịch HĐND xã","Bí thư"],
		"unit":{"code":"11098","dossiers":{"totalCount":412}},"trainings":[{"title":"A, \"B\""}]}`), cells)
	want := []any{"Phạm Văn Thắng", true, "Chủ tịch HĐND xã; Bí thư", "11098", int64(412), `[{"title":"A, \"B\""}]`}
	if err != nil || !slices.Equal(cells, want) {
		t.Errorf("cells %#v %v\nwant %#v", cells, err, want)
	}
	// Nulls and absent fields leave empty cells.
	cells = make([]any, len(p.Columns))
	if err := p.row.fill([]byte(`{"fullName":"X","concurrentPositions":null,"unit":null,"trainings":null}`), cells); err != nil ||
		!slices.Equal(cells, []any{"X", nil, nil, nil, nil, nil}) {
		t.Errorf("cells %#v %v", cells, err)
	}
	if c, _ := scalar([]byte(`0.5`)); c != 0.5 {
		t.Errorf("a decimal is %#v", c)
	}
}
