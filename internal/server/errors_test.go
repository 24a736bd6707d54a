package server_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/limits"
	"cchc/internal/viewer"
)

// syncBuffer collects what the server logs, written from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// internalError asserts n faults answered as such: INTERNAL_SERVER_ERROR,
// the generic message and the request's ID, none of the words in leaks.
func internalError(t *testing.T, r *apitest.Response, n int, leaks ...string) {
	t.Helper()
	if len(r.Errors) != n {
		t.Fatalf("want %d errors, got %s %+v", n, r.Data, r.Errors)
	}
	for _, e := range r.Errors {
		if id, _ := e.Extensions["requestId"].(string); e.Code() != "INTERNAL_SERVER_ERROR" || e.Message != "internal error" || len(e.Extensions) != 2 || id == "" {
			t.Errorf("want INTERNAL_SERVER_ERROR \"internal error\", got %+v", e)
		}
		for _, w := range leaks {
			if strings.Contains(e.Message+fmt.Sprint(e.Extensions), w) {
				t.Errorf("the answer tells %q: %+v", w, e)
			}
		}
	}
}

// TestFaultsAnswerInternal: a fault of the server, here a table gone from
// under it, answers INTERNAL_SERVER_ERROR with a generic message and never
// the driver's words, which go to the log instead; the same whether the
// resolver returns the error (procedures, node) or adds it while it runs
// (nodes of several IDs adds one error per ID).
func TestFaultsAnswerInternal(t *testing.T) {
	var logged syncBuffer
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		var a, b int64
		if err := env.DB.SQL.QueryRow(`SELECT MIN(id), MAX(id) FROM procedures`).Scan(&a, &b); err != nil || a == b {
			t.Fatal(err, a, b)
		}
		if _, err := env.DB.SQL.Exec(`ALTER TABLE procedures RENAME TO procedures_gone`); err != nil {
			t.Fatal(err)
		}
		for q, errs := range map[string]int{
			`{ procedures { totalCount } }`:                           1,
			`query($a: ID!) { node(id: $a) { id } }`:                  1,
			`query($a: ID!, $b: ID!) { nodes(ids: [$a, $b]) { id } }`: 2,
		} {
			before := len(logged.String())
			r := env.Do(t, tok, q, map[string]any{"a": fmt.Sprint(a), "b": fmt.Sprint(b)})
			internalError(t, r, errs, "procedures", "SQL", "pq:", "relation", "table")
			// The log has the driver's words: "no such table: procedures",
			// `relation "procedures" does not exist`.
			if log := logged.String()[before:]; !strings.Contains(log, "request failed") || !strings.Contains(log, "procedures") {
				t.Errorf("%s: the log does not tell the cause:\n%s", q, log)
			}
		}
	}, apitest.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
}

// TestSQLiteExpressionDepth: where the input limit were not, an or: of
// 1,000 codes would reach SQLite's refusal ("Expression tree is too large
// (maximum depth 1000)"), a fault of the server answered as one, without
// SQL. A district officer's longest is 996, twice what the limit lets
// through.
func TestSQLiteExpressionDepth(t *testing.T) {
	l := limits.Default()
	l.MaxInputNodes = 1_000_000
	env := apitest.New(t, dialect.SQLite, true, apitest.WithLimits(l))
	tok := env.Token(t, viewer.DistrictOfficer, "298")
	env.OK(t, tok, orCodes(noSuchCodes(990)), nil, nil)
	internalError(t, env.Do(t, tok, orCodes(noSuchCodes(1000)), nil), 1, "SQL", "Expression", "depth")
}

// TestClientInputStaysBadUserInput: an argument that gqlgen cannot read (a
// Date, an Int64, a Cursor, a Time, literal or from a variable, at the root
// or in a nested list) answers BAD_USER_INPUT naming it. gqlgen wraps these
// errors with their cause as it wraps a resolver's: they must not pass for
// faults of the server.
func TestClientInputStaysBadUserInput(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		for _, c := range []struct {
			query   string
			vars    map[string]any
			field   string
			message string
		}{
			{`{ units(where: {validFromGT: "2023-13-45"}) { totalCount } }`, nil,
				"where.validFromGT", `where.validFromGT: "2023-13-45" is not a date of the form YYYY-MM-DD`},
			{`query($d: Date!) { units(where: {validFromGT: $d}) { totalCount } }`, map[string]any{"d": "2023-13-45"},
				"where.validFromGT", `where.validFromGT: "2023-13-45" is not a date of the form YYYY-MM-DD`},
			{`{ budgetLines(where: {estimateGT: 1.5}) { totalCount } }`, nil,
				"where.estimateGT", "where.estimateGT: float64 is not an int64"},
			{`query($n: Int64!) { budgetLines(where: {estimateIn: [1, $n]}) { totalCount } }`, map[string]any{"n": "many"},
				"where.estimateIn[1]", `where.estimateIn[1]: strconv.ParseInt: parsing "many": invalid syntax`},
			{`{ dossiers(after: "garbage") { totalCount } }`, nil, "after", "after: invalid pagination cursor"},
			// msgpack's decoder panicked on this one (found by FuzzCursor).
			{`{ dossiers(after: "gqF27aF270") { totalCount } }`, nil, "after", "after: invalid pagination cursor"},
			// entgql reads nested cursors from the operation itself: checked up front.
			{`{ units(first: 2) { edges { node { dossiers(first: 2, after: "garbage") { totalCount } } } } }`, nil, "after", "after: invalid pagination cursor"},
			{`query($c: Cursor) { dossiers(before: $c, last: 1) { totalCount } }`, map[string]any{"c": "garbage"},
				"before", "before: invalid pagination cursor"},
			{`{ units(first: 1) { edges { node { dossiers(where: {receivedAtGT: "yesterday"}) { totalCount } } } } }`, nil,
				"where.receivedAtGT", `where.receivedAtGT: "yesterday" is not a time such as 2023-06-30T23:30:00+07:00 (RFC 3339)`},
			// A GraphQL error that a resolver (entgql's) writes for the client.
			{`{ dossiers(first: 1, last: 1) { totalCount } }`, nil, "", "Passing both `first` and `last` to paginate a connection is not supported."},
		} {
			r := env.Do(t, tok, c.query, c.vars)
			if len(r.Errors) != 1 {
				t.Errorf("%s: want one error, got %s %+v", c.query, r.Data, r.Errors)
				continue
			}
			if field, _ := r.Errors[0].Extensions["field"].(string); r.Errors[0].Code() != "BAD_USER_INPUT" || field != c.field || r.Errors[0].Message != c.message {
				t.Errorf("%s: want BAD_USER_INPUT on %s %q, got %+v", c.query, c.field, c.message, r.Errors)
			}
		}
		// PostgreSQL refuses a NUL in text, which SQLite takes: the client's input either way.
		r := env.Do(t, tok, `query($c: String) { units(where: {code: $c}) { totalCount } }`, map[string]any{"c": "11098\x00"})
		if env.Dialect == dialect.Postgres {
			if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "NUL character") {
				t.Errorf("NUL: %+v", r.Errors)
			}
		} else if len(r.Errors) > 0 || string(r.Data) != `{"units":{"totalCount":0}}` {
			t.Errorf("NUL: %s %+v", r.Data, r.Errors)
		}
	})
}
