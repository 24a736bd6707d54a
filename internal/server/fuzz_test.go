package server_test

import (
	"bytes"
	"encoding/json"
	"go/scanner"
	"go/token"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/limits"
	"cchc/internal/viewer"
)

// The fuzz targets of the HTTP interface send what a hostile client might
// through the real handler over one SQLite database with the demonstration
// data, set up once per fuzz process, and hold the server to its promises:
// never a status of 500 or more, always JSON errors with extensions.code,
// never INTERNAL_SERVER_ERROR (a fault the fuzzer found is a bug to fix,
// then a seed), and no message that shows SQL or Go's internals. `go test`
// runs their seeds; .ci/fuzz lists how long CI fuzzes each.

// leaks are fragments of SQL, driver errors and Go panics that no message
// may hold unless the request itself did (gqlgen quotes unknown fields).
var leaks = []string{
	"SELECT ", "INSERT INTO", "UPDATE \"", "DELETE FROM", " WHERE ", "sqlite", "SQLite", "SQL logic error",
	"pq: ", "SQLSTATE", "goroutine ", ".go:", "runtime error", "panic",
}

// fuzzTokens signs a token for one caller of each role.
func fuzzTokens(f *testing.F, env *apitest.Env) []string {
	return []string{
		env.Token(f, viewer.ProvinceOfficer, "30"),
		env.Token(f, viewer.DistrictOfficer, "298"),
		env.Token(f, viewer.CommuneOfficer, "11098"),
		env.Token(f, viewer.Analyst, "30"),
		env.Token(f, viewer.ScoringService, "30"),
	}
}

// checkAnswer holds an answer to the promises above. sent is what the
// request carried, which a message may quote back. A body that is not an
// error (a query's data, an export's table) passes when the status is below
// 400.
func checkAnswer(t *testing.T, res *http.Response, body []byte, sent string) {
	t.Helper()
	if res.StatusCode >= 500 {
		t.Fatalf("HTTP %d: %.500s", res.StatusCode, body)
	}
	if res.StatusCode < 400 && !strings.Contains(res.Header.Get("Content-Type"), "json") {
		return // a table, a document, a file
	}
	if !json.Valid(body) {
		t.Fatalf("HTTP %d, not JSON: %.500s", res.StatusCode, body)
	}
	var answers []struct{ Errors []apitest.Error }
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &answers); err != nil {
			t.Fatalf("HTTP %d, not a batch of GraphQL answers: %v: %.500s", res.StatusCode, err, body)
		}
	} else {
		answers = make([]struct{ Errors []apitest.Error }, 1)
		if err := json.Unmarshal(b, &answers[0]); err != nil {
			t.Fatalf("HTTP %d, not a GraphQL answer: %v: %.500s", res.StatusCode, err, body)
		}
	}
	for _, a := range answers {
		if res.StatusCode >= 400 && len(a.Errors) == 0 {
			t.Fatalf("HTTP %d without errors: %.500s", res.StatusCode, body)
		}
		for _, e := range a.Errors {
			switch e.Code() {
			case "":
				t.Fatalf("HTTP %d, an error without extensions.code: %+v", res.StatusCode, e)
			case "INTERNAL_SERVER_ERROR":
				t.Fatalf("HTTP %d, an internal error (see the server's log with -v): %+v", res.StatusCode, e)
			}
			for _, l := range leaks {
				if strings.Contains(e.Message, l) && !strings.Contains(sent, l) {
					t.Fatalf("the message shows %q: %s", l, e.Message)
				}
			}
		}
	}
}

// graphqlSeeds returns the GraphQL operations of the guides (```graphql
// blocks of README.md and docs/) and of this package's tests (string
// literals that begin as an operation does), with requests that once
// failed.
func graphqlSeeds(f *testing.F) []string {
	seeds := guideOperations(f)
	tests, _ := filepath.Glob("*_test.go")
	seen := map[string]bool{}
	for _, path := range tests {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			q, err := strconv.Unquote(lit)
			if err != nil || seen[q] || len(q) > 4000 {
				continue
			}
			if t := strings.TrimSpace(q); strings.HasPrefix(t, "{") && strings.Contains(t, "}") && !strings.HasPrefix(t, `{"`) ||
				strings.HasPrefix(t, "query") || strings.HasPrefix(t, "mutation") {
				seen[q] = true
				seeds = append(seeds, q)
			}
		}
	}
	if len(seeds) < 50 {
		f.Fatalf("only %d seed operations found", len(seeds))
	}
	return seeds
}

// guideOperations returns the GraphQL operations of the guides: the
// ```graphql blocks of README.md and docs/.
func guideOperations(tb testing.TB) []string {
	var ops []string
	docs, _ := filepath.Glob("../../docs/*.md")
	block := regexp.MustCompile("(?s)```graphql\n(.*?)```")
	for _, path := range append(docs, "../../README.md") {
		b, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for _, m := range block.FindAllSubmatch(b, -1) {
			ops = append(ops, string(m[1]))
		}
	}
	return ops
}

// FuzzGraphQL sends an arbitrary operation with arbitrary variables (any
// text: JSON or not) to /graphql as one of five callers, by POST or, when
// the caller byte is odd past the callers, by GET.
func FuzzGraphQL(f *testing.F) {
	for i, q := range graphqlSeeds(f) {
		f.Add(q, "", uint8(i))
	}
	for _, c := range []struct{ q, vars string }{
		{`query($d: Date!) { units(where: {validFromGT: $d}) { totalCount } }`, `{"d": "2023-13-45"}`},
		{`query($d: Date!) { units(where: {validFromGT: $d}) { totalCount } }`, `{"d": 20230101}`},
		{`query($t: Time!) { dossiers(where: {receivedAtGT: $t}) { totalCount } }`, `{"t": "2023-01-01T00:00:00+25:00"}`},
		{`query($n: Int) { dossiers(first: $n) { edges { cursor } } }`, `{"n": 1e400}`},
		{`query($n: Int) { dossiers(first: $n) { edges { cursor } } }`, `{"n": -1}`},
		{`query($a: Cursor) { dossiers(first: 2, after: $a) { totalCount } }`, `{"a": "not a cursor"}`},
		{`query($p: PeriodInput!) { indicators(period: $p, under: "298", level: COMMUNE) { unit { code } } }`, `{"p": {"year": 2023, "kind": "QUARTER", "index": 9}}`},
		{`query($id: ID!) { node(id: $id) { id } }`, `{"id": "99999999999999999999"}`},
		{`query($w: UnitWhereInput) { units(where: $w) { totalCount } }`, `{"w": {"or": [{"code": "1"}, {"codeIn": ["2", "3"]}]}}`},
		// Arguments of nested lists are read by entgql from the syntax tree,
		// where a literal out of range panics.
		{`{ budgets(first: 2) { edges { node { lines(where: {estimateGT: 99999999999999999999}) { totalCount } } } } }`, ``},
		{`{ budgets(first: 2) { edges { node { lines(where: {estimateGT: 1e999}) { totalCount } } } } }`, ``},
		{`{ units(first: 2) { edges { node { dossiers(where: {idGT: "99999999999999999999"}) { totalCount } } } } }`, ``},
		{`{ units(first: 2) { edges { node { officials(first: 2, where: {idIn: [1e3, "x"]}) { totalCount } } } } }`, ``},
		{`{ units(first: 2) { edges { node { staffingQuotas(where: {yearGT: 99999999999}) { totalCount } } } } }`, ``},
		{`query($n: Int64) { budgets(first: 2) { edges { node { lines(where: {estimateGT: $n}) { totalCount } } } } }`, `{"n": 1e40}`},
		{`{ units { totalCount } }`, `[]`},
		{`{ units { totalCount } }`, `"x"`},
		{`{ units { totalCount } }`, `{`},
		{`mutation { createUnit(input: {code: "1\u0000", name: "x", level: PROVINCE, kind: PROVINCE}) { id } }`, ``},
	} {
		f.Add(c.q, c.vars, uint8(0))
	}
	// The hostile corpus of the limits: fragment doubling, floods, deep
	// documents, alternations of edge filters, large variables.
	for _, h := range limits.Hostile() {
		vars, _ := json.Marshal(h.Variables)
		f.Add(h.Query, string(vars), uint8(0))
	}
	// Cursors decode to any value (entgql's hold an ID and a value of any
	// msgpack type), and the value reaches SQL.
	for _, c := range []entgql.Cursor[int]{
		{ID: 1, Value: map[string]any{"a": 1}}, {ID: 1, Value: []any{1, 2}}, {ID: -5}, {ID: 1 << 62},
		{ID: 1, Value: "x"}, {ID: 1, Value: time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)}, {ID: 1, Value: []byte("abc")}, {ID: 1, Value: 1.5},
	} {
		var b bytes.Buffer
		c.MarshalGQL(&b)
		vars := `{"c": ` + b.String() + `}`
		for _, q := range []string{
			`query($c: Cursor) { dossiers(first: 2, after: $c, orderBy: {field: RECEIVED_AT}) { edges { node { code } } } }`,
			`query($c: Cursor) { dossiers(first: 2, after: $c) { edges { node { code } } } }`,
			`query($c: Cursor) { units(last: 2, before: $c, orderBy: {field: NAME}) { edges { node { code } } } }`,
			`query($c: Cursor) { units(first: 2) { edges { node { dossiers(first: 2, after: $c, orderBy: {field: CODE}) { totalCount edges { node { code } } } } } } }`,
			`query($c: Cursor) { dossiersAggregate(groupBy: [{field: UNIT}], first: 2, after: $c) { edges { node { count } } } }`,
			`query($c: Cursor) { dossiersAggregate(groupBy: [{field: UNIT}], last: 2, before: $c) { edges { node { count } } } }`,
		} {
			f.Add(q, vars, uint8(0))
		}
	}
	env := apitest.New(f, dialect.SQLite, true)
	tokens := fuzzTokens(f, env)
	f.Fuzz(func(t *testing.T, query, variables string, caller uint8) {
		tok := tokens[int(caller)%len(tokens)]
		if caller/uint8(len(tokens))%2 == 1 {
			params := url.Values{"query": {query}}
			if variables != "" {
				params.Set("variables", variables)
			}
			res, raw := env.Get(t, tok, "/graphql?"+params.Encode())
			checkAnswer(t, res, raw, query+variables)
			return
		}
		q, _ := json.Marshal(query)
		body := `{"query": ` + string(q) + `}`
		if variables != "" {
			body = `{"query": ` + string(q) + `, "variables": ` + variables + `}`
		}
		res, raw := env.Post(t, tok, "/graphql", "application/json", body)
		checkAnswer(t, res, raw, query+variables)
	})
}

// FuzzExport posts an arbitrary body of an arbitrary content type to
// /export with an arbitrary format.
func FuzzExport(f *testing.F) {
	for _, c := range []struct{ format, ctype, body string }{
		{"csv", "application/graphql", `{ dossiers(where: {hasUnitWith: {code: "11098"}}, first: 50) { edges { node { code channel status unit { name } procedure { field } } } } }`},
		{"xlsx", "application/json", `{"query": "{ units(first: 5) { edges { node { code name dossiers { totalCount } } } } }"}`},
		{"csv", "application/json", `{"query": "query($c: String!) { units(where: {code: $c}) { code } }", "variables": {"c": "30"}}`},
		{"csv", "application/json", `{"query": "{ dossiersAggregate(groupBy: [{field: UNIT}], first: 3) { edges { node { key { unit { name } } count } } } }"}`},
		{"pdf", "application/json", `{"query": "{ units { code } }"}`},
		{"csv", "text/plain", `{ units { code } }`},
		{"csv", "application/json", `{"query": "{ units { code } }"} {"query": "x"}`},
		{"csv", "application/json", `{"query": "mutation { submitReport(id: 1) { id } }"}`},
		{"", "application/json", ``},
	} {
		f.Add(c.format, c.ctype, c.body, uint8(0))
	}
	env := apitest.New(f, dialect.SQLite, true)
	tokens := fuzzTokens(f, env)
	f.Fuzz(func(t *testing.T, format, ctype, body string, caller uint8) {
		ctype = strings.Map(headerChar, ctype)
		path := "/export?" + url.Values{"format": {format}}.Encode()
		res, raw := env.Post(t, tokens[int(caller)%len(tokens)], path, ctype, body)
		checkAnswer(t, res, raw, format+ctype+body)
	})
}

// FuzzDownloads asks the downloads beside GraphQL (indicators, scores,
// reports, evidence) with an arbitrary query string.
func FuzzDownloads(f *testing.F) {
	for _, c := range []struct {
		path  uint8
		query string
	}{
		{0, "under=30&level=COMMUNE&year=2023&kind=HALF_YEAR&index=1&format=xlsx"},
		{0, "under=298&level=COMMUNE&year=2023&kind=QUARTER&index=5&format=csv"},
		{0, "units=11098,11101&year=99999999999999999999&kind=YEAR&index=1"},
		{1, "framework=abc&under=30&level=COMMUNE&approvedOnly=true&format=xlsx"},
		{1, "framework=4294967296&format=csv"},
		{2, "unit=11098&year=2023&kind=HALF_YEAR&index=1&format=docx"},
		{2, "unit=11098&year=2023&kind=HALF_YEAR&index=1&format=md"},
		{2, "unit=%zz&year=-1"},
		{3, "abc"},
		{3, "4294967296"},
	} {
		f.Add(c.path, c.query, uint8(0))
	}
	paths := []string{"/indicators", "/scores", "/report", "/evidence/"}
	env := apitest.New(f, dialect.SQLite, true)
	tokens := fuzzTokens(f, env)
	f.Fuzz(func(t *testing.T, path uint8, query string, caller uint8) {
		p := paths[int(path)%len(paths)]
		if p == "/evidence/" {
			if query == "" || query == "." || query == ".." {
				t.Skip("not a path of the evidence download") // the router answers 404 or redirects
			}
			p += url.PathEscape(query) // the ID in the path
		} else {
			p += "?" + strings.Map(urlChar, query)
		}
		if _, err := url.Parse(env.Server.URL + p); err != nil {
			t.Skip("no client can send this URL")
		}
		res, raw := env.Get(t, tokens[int(caller)%len(tokens)], p)
		checkAnswer(t, res, raw, query)
	})
}

// headerChar drops the characters a header value cannot hold (the client
// would refuse to send them).
func headerChar(r rune) rune {
	if r < ' ' && r != '\t' || r == 0x7f {
		return -1
	}
	return r
}

// urlChar drops the characters that cannot stand in a request line.
func urlChar(r rune) rune {
	if r <= ' ' || r == 0x7f || r == '#' {
		return -1
	}
	return r
}
