package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"cchc/internal/apitest"
	"cchc/internal/ratelimit"
	"cchc/internal/server"
	"cchc/internal/viewer"
)

// fakeClock is a time that tests step by hand, read by the server's goroutines.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// oneError decodes the one error of an answer outside GraphQL's execution.
func oneError(t *testing.T, body []byte) apitest.Error {
	t.Helper()
	var v struct{ Errors []apitest.Error }
	if err := json.Unmarshal(body, &v); err != nil || len(v.Errors) != 1 {
		t.Fatalf("want one GraphQL error, got %s (%v)", body, err)
	}
	return v.Errors[0]
}

// TestRateLimit: an account past its bucket gets 429 with Retry-After while
// another account is still served; requests without a valid token count
// against their address; a bucket refills with time.
func TestRateLimit(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	lim := ratelimit.New(0.5, 3, ratelimit.WithClock(clock.Now)) // 3 at once, then one every 2 s
	env := apitest.New(t, dialect.SQLite, true, apitest.WithServer(server.WithRateLimit(lim)))
	province := env.Token(t, viewer.ProvinceOfficer, "30")
	district := env.Token(t, viewer.DistrictOfficer, "298")
	query := queryBody(`{ units { totalCount } }`)
	ask := func(tok string) (*http.Response, []byte) {
		return env.Post(t, tok, "/graphql", "application/json", query)
	}
	for i := range 3 {
		if res, body := ask(province); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d of the burst: HTTP %d %s", i+1, res.StatusCode, body)
		}
	}
	refused := func(who, tok string) {
		t.Helper()
		res, body := ask(tok)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "2" {
			t.Fatalf("%s past the burst: HTTP %d, Retry-After %q: %s", who, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
		e := oneError(t, body)
		if e.Code() != "LIMIT_EXCEEDED" || e.Extensions["limit"] != "rate" || e.Extensions["max"] != 0.5 || e.Extensions["burst"] != 3.0 ||
			!strings.Contains(e.Message, "retry in 2 s") {
			t.Fatalf("%s: %+v", who, e)
		}
	}
	refused("the province officer", province)
	if res, body := ask(district); res.StatusCode != http.StatusOK {
		t.Fatalf("another account must still be served: HTTP %d %s", res.StatusCode, body)
	}

	// Without a valid token, by address: 401 three times, then 429, for
	// no token and a garbage one alike.
	for _, tok := range []string{"", "garbage", ""} {
		if res, _ := ask(tok); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("token %q: HTTP %d, want 401", tok, res.StatusCode)
		}
	}
	refused("a caller without a token", "garbage")
	if res, _ := ask(district); res.StatusCode != http.StatusOK {
		t.Fatalf("an account is not counted by its address: HTTP %d", res.StatusCode)
	}

	clock.Step(2 * time.Second) // one request more
	if res, body := ask(province); res.StatusCode != http.StatusOK {
		t.Fatalf("after 2 s: HTTP %d %s", res.StatusCode, body)
	}
	refused("the province officer again", province)
	clock.Step(time.Minute) // full again, but no more than the burst
	for i := range 3 {
		if res, _ := ask(province); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d after a minute: HTTP %d", i+1, res.StatusCode)
		}
	}
	refused("the province officer after its burst", province)
}

// TestBodyLimit: a body over 1 MiB answers 413 LIMIT_EXCEEDED, whether it
// declares its length or comes in chunks, on /graphql and /export alike.
func TestBodyLimit(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.ProvinceOfficer, "30")
	big := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	for _, path := range []string{"/graphql", "/export?format=csv"} {
		for _, chunked := range []bool{false, true} {
			var body io.Reader = strings.NewReader(big)
			if chunked {
				body = struct{ io.Reader }{body} // no length known: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, env.Server.URL+path, body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("%s chunked=%v: HTTP %d %.200s", path, chunked, res.StatusCode, raw)
			}
			e := oneError(t, raw)
			if e.Code() != "LIMIT_EXCEEDED" || e.Extensions["limit"] != "body" || e.Extensions["max"] != float64(1<<20) || !strings.Contains(e.Message, "1 MiB") {
				t.Errorf("%s chunked=%v: %+v", path, chunked, e)
			}
		}
	}
	// Just under the limit still passes, chunked or not.
	pad := strings.Repeat("x", 1<<20-100)
	ok := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + pad + `"}}`
	if res, raw := env.Post(t, tok, "/graphql", "application/json", ok); res.StatusCode != http.StatusOK {
		t.Fatalf("a body under the limit: HTTP %d %.200s", res.StatusCode, raw)
	}
}

// TestTransportRefusals: requests no transport takes answer in the API's
// error format with a status of GraphQL over HTTP: a mutation by GET 405,
// another method 405, a body neither JSON nor multipart 415, variables that
// are not a JSON object 400.
func TestTransportRefusals(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.ProvinceOfficer, "30")
	send := func(method, path, ctype, body string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, env.Server.URL+path, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res, raw
	}
	for _, c := range []struct {
		method, path, ctype, body string
		status                    int
		allow, field              string
	}{
		{"GET", "/graphql?query=" + url.QueryEscape(`mutation { submitReport(id: 1, version: 1) { id } }`), "", "", 405, "POST", ""},
		{"GET", "/graphql?query=" + url.QueryEscape(`query A { units { totalCount } } mutation B { submitReport(id: 1, version: 1) { id } }`) + "&operationName=B", "", "", 405, "POST", ""},
		{"PUT", "/graphql", "application/json", queryBody(`{ units { totalCount } }`), 405, "GET, HEAD, POST, OPTIONS", ""},
		{"DELETE", "/graphql", "", "", 405, "GET, HEAD, POST, OPTIONS", ""},
		{"POST", "/graphql", "text/plain", queryBody(`{ units { totalCount } }`), 415, "", "Content-Type"},
		{"POST", "/graphql", "", queryBody(`{ units { totalCount } }`), 415, "", "Content-Type"},
		{"GET", "/graphql?query=" + url.QueryEscape(`{ units { totalCount } }`) + "&variables=%5B%5D", "", "", 400, "", "variables"},
		{"GET", "/graphql?query=" + url.QueryEscape(`{ units { totalCount } }`) + "&extensions=x", "", "", 400, "", "extensions"},
		{"GET", "/graphql?query=%zz", "", "", 400, "", ""},
	} {
		res, raw := send(c.method, c.path, c.ctype, c.body)
		if res.StatusCode != c.status || res.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: HTTP %d Allow %q, want %d %q: %s", c.method, c.path, res.StatusCode, res.Header.Get("Allow"), c.status, c.allow, raw)
			continue
		}
		if e := oneError(t, raw); e.Code() != "BAD_USER_INPUT" || (c.field != "" && e.Extensions["field"] != c.field) {
			t.Errorf("%s %s: %+v", c.method, c.path, e)
		}
	}
	// A query by GET still runs.
	if res, raw := send("GET", "/graphql?query="+url.QueryEscape(`query A { units { totalCount } } mutation B { submitReport(id: 1, version: 1) { id } }`)+"&operationName=A", "", ""); res.StatusCode != http.StatusOK || !strings.Contains(string(raw), "totalCount") {
		t.Errorf("a query by GET: HTTP %d %s", res.StatusCode, raw)
	}
}

// cursor writes a cursor as the API does, with any ID and value.
func cursor(id int, value any) string {
	var b bytes.Buffer
	entgql.Cursor[int]{ID: id, Value: value}.MarshalGQL(&b)
	s, _ := strconv.Unquote(b.String())
	return s
}

// TestCraftedCursors: a cursor the client wrote itself, of a shape the API
// never writes or holding a value of another type than its order field's,
// answers BAD_USER_INPUT (or pages from where it points), never a fault of
// the server. Found by FuzzGraphQL: entgql passes a cursor's value on to
// its predicate and to SQL as it decoded it.
func TestCraftedCursors(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		at := time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
		lists := []string{
			`query($c: Cursor) { dossiers(first: 2, after: $c, orderBy: {field: RECEIVED_AT}) { edges { node { code } } } }`,
			`query($c: Cursor) { dossiers(first: 2, after: $c, orderBy: [{field: STATUS}, {field: DUE_AT, direction: DESC}]) { edges { node { code } } } }`,
			`query($c: Cursor) { dossiers(first: 2, after: $c) { edges { node { code } } } }`,
			`query($c: Cursor) { units(last: 2, before: $c, orderBy: {field: NAME}) { edges { node { code } } } }`,
			`query($c: Cursor) { units(first: 2) { edges { node { dossiers(first: 2, after: $c, orderBy: {field: CODE}) { totalCount edges { node { code } } } } } } }`,
			`query($c: Cursor) { dossiersAggregate(groupBy: [{field: UNIT}], first: 2, after: $c) { edges { node { count } } } }`,
		}
		for _, c := range []string{
			cursor(1, map[string]any{"a": 1}), cursor(1, []any{1, 2}), cursor(1, "x"), cursor(1, at), cursor(1, []byte("abc")),
			cursor(1, []any{map[string]any{"a": 1}}), cursor(1, []any{[]any{1}}), cursor(1, []any{[]byte("abc")}),
			// Plain values of the wrong type for the order field.
			cursor(1, []any{"x"}), cursor(1, []any{at}), cursor(1, []any{1.5}), cursor(1, []any{true}), cursor(1, []any{nil}),
			cursor(1, []any{"x", "y"}), cursor(1, []any{at, 7}), cursor(1, []any{"99999999999999999999999999"}),
			cursor(1, []any{time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)}), cursor(1, []any{uint64(math.MaxUint64)}), cursor(1, []any{math.Inf(1)}),
			cursor(-5, nil), cursor(1<<62, nil), cursor(math.MaxInt64, nil), cursor(math.MinInt64, nil),
		} {
			for _, q := range lists {
				r := env.Do(t, tok, q, map[string]any{"c": c})
				for _, e := range r.Errors {
					if e.Code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "cursor") {
						t.Errorf("%s\ncursor %s: HTTP %d %+v", q, c, r.Status, r.Errors)
					}
				}
			}
		}
	})
}

// TestCursorsOfEveryOrder: the check of cursors lets through every cursor
// the API writes: for each list of Query ordered by each of its order
// fields, both ways, the second page follows the first's end cursor.
func TestCursorsOfEveryOrder(t *testing.T) {
	src, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	schema := gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: string(src)})
	type list struct{ field, order string }
	var lists []list
	for _, f := range schema.Query.Fields {
		arg := f.Arguments.ForName("orderBy")
		if arg == nil || f.Arguments.ForName("after") == nil || strings.HasSuffix(f.Name, "Aggregate") {
			continue
		}
		orderType := schema.Types[arg.Type.Name()]
		fieldType := schema.Types[orderType.Fields.ForName("field").Type.Name()]
		for _, v := range fieldType.EnumValues {
			lists = append(lists, list{f.Name, v.Name})
		}
	}
	if len(lists) < 20 {
		t.Fatalf("only %d orders found", len(lists))
	}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		for _, l := range lists {
			for _, dir := range []string{"ASC", "DESC"} {
				q := `query($c: Cursor) { list: ` + l.field + `(first: 2, after: $c, orderBy: [{field: ` + l.order + `, direction: ` + dir + `}]) {
  edges { cursor } pageInfo { endCursor } } }`
				var page struct {
					List struct{ PageInfo struct{ EndCursor *string } }
				}
				env.OK(t, tok, q, nil, &page)
				if c := page.List.PageInfo.EndCursor; c != nil {
					env.OK(t, tok, q, map[string]any{"c": *c}, nil)
				}
			}
		}
	})
}

// TestNestedSingleOrder: a nested list ordered by one order, not written
// as a list, is ordered as the list of that order is (entgql, loading it
// from the syntax tree, read only lists and left it unordered), literal or
// from a variable, and pages on from its own cursors.
func TestNestedSingleOrder(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		type page struct {
			Units struct {
				Edges []struct {
					Node struct {
						Dossiers struct {
							Edges []struct {
								Cursor string
								Node   struct{ Code string }
							}
						}
					}
				}
			}
		}
		read := func(order string, vars map[string]any) []string {
			var p page
			decl := ""
			if order == "$o" {
				decl = "$o: [DossierOrder!], " // given one order, not a list
			}
			env.OK(t, tok, `query(`+decl+`$after: Cursor) { units(where: {code: "11098"}) { edges { node {
  dossiers(first: 3, after: $after, orderBy: `+order+`) { edges { cursor node { code } } } } } } }`, vars, &p)
			var codes []string
			for _, e := range p.Units.Edges[0].Node.Dossiers.Edges {
				codes = append(codes, e.Node.Code+" "+e.Cursor)
			}
			return codes
		}
		want := read(`[{field: CODE, direction: DESC}]`, nil)
		if len(want) != 3 {
			t.Fatalf("want 3 dossiers, got %v", want)
		}
		desc := map[string]any{"field": "CODE", "direction": "DESC"}
		for _, c := range []struct {
			order string
			vars  map[string]any
		}{
			{`{field: CODE, direction: DESC}`, nil},
			{`$o`, map[string]any{"o": desc}},
			{`$o`, map[string]any{"o": []any{desc}}},
		} {
			if got := read(c.order, c.vars); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("orderBy: %s %v: %v\nas a list: %v", c.order, c.vars, got, want)
			}
		}
		after := strings.Fields(want[0])[1]
		next := read(`{field: CODE, direction: DESC}`, map[string]any{"after": after})
		if len(next) != 3 || next[0] != want[1] {
			t.Fatalf("after the first: %v, want %v first", next, want[1])
		}
	})
}

// TestTimesTheDatabasesKeep: an instant neither database can keep or give
// back is refused as BAD_USER_INPUT naming its field: the empty string and
// the zero instant (read back as null, which a Time! field cannot be),
// beyond year 9999 in UTC (SQLite stored text it could not parse back, and
// every list holding the record failed), an offset of 16 hours or more
// (PostgreSQL refused it). Instants and dates at the edges of what is kept
// are written and read back as sent. Found while fuzzing the Time scalar.
func TestTimesTheDatabasesKeep(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		var ids struct {
			Procedures struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, tok, `{ procedures(first: 1) { edges { node { id } } } }`, nil, &ids)
		unit := strconv.Itoa(env.UnitID(t, "11098"))
		dossier := func(code, at string) map[string]any {
			in := dossierInput(unit, ids.Procedures.Edges[0].Node.ID, code)
			in["receivedAt"], in["dueAt"] = at, nil
			return map[string]any{"input": in}
		}
		for i, at := range []string{"", "0001-01-01T00:00:00Z", "0001-01-01T07:00:00+07:00", "9999-12-31T23:59:59-23:59",
			"2023-06-30T23:30:00+16:00", "2023-06-30T23:30:00-16:00", "0000-12-31T23:59:59Z", "2023-06-30"} {
			e := env.Fail(t, tok, createDossier, dossier("BAD-TIME-"+strconv.Itoa(i), at), "BAD_USER_INPUT")
			if e.Extensions["field"] != "input.receivedAt" {
				t.Errorf("%q: %+v", at, e)
			}
			// A filter is held to the same bounds.
			env.Fail(t, tok, `query($t: Time!) { dossiers(where: {receivedAtGT: $t}) { totalCount } }`, map[string]any{"t": at}, "BAD_USER_INPUT")
		}
		for i, at := range []string{"0001-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "2023-06-30T23:30:00+15:59", "2023-06-30T23:30:00.123456Z"} {
			code := "EDGE-TIME-" + strconv.Itoa(i)
			env.OK(t, tok, createDossier, dossier(code, at), nil)
			var got struct {
				Dossiers struct {
					Edges []struct {
						Node struct{ ReceivedAt time.Time }
					}
				}
			}
			env.OK(t, tok, `query($c: String!) { dossiers(where: {code: $c}) { edges { node { receivedAt } } } }`, map[string]any{"c": code}, &got)
			want, _ := time.Parse(time.RFC3339Nano, at)
			if len(got.Dossiers.Edges) != 1 || !got.Dossiers.Edges[0].Node.ReceivedAt.Equal(want) {
				t.Errorf("%s: read back %+v", at, got)
			}
		}
		// Every dossier of the unit still lists.
		env.OK(t, tok, `{ dossiers(first: 1000, orderBy: [{field: RECEIVED_AT}]) { edges { node { receivedAt } } } }`, nil, nil)

		// Dates: 0000-01-01 (year -1 in UTC) is refused, the edges kept.
		var officials struct {
			Officials struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, tok, `{ officials(first: 1) { edges { node { id } } } }`, nil, &officials)
		const discipline = `mutation($in: CreateDisciplinaryActionInput!) { createDisciplinaryAction(input: $in) { decidedOn } }`
		decided := func(on string) map[string]any {
			return map[string]any{"in": map[string]any{"officialID": officials.Officials.Edges[0].Node.ID, "form": "REPRIMAND", "decidedOn": on}}
		}
		if e := env.Fail(t, tok, discipline, decided("0000-01-01"), "BAD_USER_INPUT"); e.Extensions["field"] != "input.decidedOn" {
			t.Errorf("0000-01-01: %+v", e)
		}
		for _, on := range []string{"0001-01-01", "9999-12-31"} {
			env.OK(t, tok, discipline, decided(on), nil)
		}
		var read struct {
			Officials struct {
				Edges []struct {
					Node struct{ DisciplinaryActions []struct{ DecidedOn string } }
				}
			}
		}
		env.OK(t, tok, `{ officials(where: {id: "`+officials.Officials.Edges[0].Node.ID+`"}) { edges { node { disciplinaryActions { decidedOn } } } } }`, nil, &read)
		if got := fmt.Sprint(read.Officials.Edges[0].Node.DisciplinaryActions); !strings.Contains(got, "0001-01-01") || !strings.Contains(got, "9999-12-31") {
			t.Errorf("the dates at the edges read back as %s", got)
		}
	})
}
