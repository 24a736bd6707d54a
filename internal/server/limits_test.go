package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/limits"
	"cchc/internal/viewer"
)

// refusedUpFront posts a query that must be refused with LIMIT_EXCEEDED and
// the given limit before any SQL statement of its own runs: it may run only
// the statements of authentication, as many as { __typename } does (none
// once the caller is cached, on PostgreSQL: the first { __typename } reads it).
func refusedUpFront(t *testing.T, env *apitest.Env, tok, query string, vars map[string]any, limit string) apitest.Error {
	t.Helper()
	env.OK(t, tok, `{ __typename }`, nil, nil)
	before := env.Statements()
	env.OK(t, tok, `{ __typename }`, nil, nil)
	auth := env.Statements() - before
	before = env.Statements()
	e := env.Fail(t, tok, query, vars, "LIMIT_EXCEEDED")
	if ran := env.Statements() - before; ran != auth {
		t.Errorf("%s: %d SQL statements ran, want only authentication's %d", limit, ran, auth)
	}
	if e.Extensions["limit"] != limit {
		t.Errorf("want limit %s, got %+v", limit, e)
	}
	return e
}

// TestLimitsRefuseUpFront: queries that would nest twenty levels, touch
// millions of rows, ask for huge pages or many aliases are refused before
// any resolver runs, with a message saying which limit they crossed.
func TestLimitsRefuseUpFront(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")

		// dossier → unit → dossiers …: 4 levels a round, 20 in all.
		deep := "{ " + strings.Repeat("dossiers(first: 1) { edges { node { unit { ", 4) +
			"dossiers(first: 1) { edges { node { code } } }" + strings.Repeat(" } } } }", 4) + " }"
		e := refusedUpFront(t, env, tok, deep, nil, "depth")
		if e.Extensions["actual"] != 20.0 || e.Extensions["max"] != 12.0 ||
			!strings.HasPrefix(e.Message, "query depth 20 exceeds the limit of 12 (at dossiers.edges.node.unit.dossiers") {
			t.Errorf("depth: %+v", e)
		}

		const millions = `{ dossiers(first: 1000) { edges { node { unit { dossiers(first: 1000) { edges { node { code } } } } } } } }`
		e = refusedUpFront(t, env, tok, millions, nil, "cost")
		if e.Extensions["actual"] != 3_004_001.0 || e.Extensions["max"] != 50_000.0 ||
			e.Message != "query cost 3,004,001 exceeds the limit of 50,000: lower first: on dossiers (page size 1,000) or nest fewer lists" {
			t.Errorf("cost: %+v", e)
		}

		e = refusedUpFront(t, env, tok, `{ units(first: 1) { edges { node { dossiers(first: 5000) { edges { node { code } } } } } } }`, nil, "pageSize")
		if e.Extensions["actual"] != 5000.0 || e.Extensions["field"] != "first" ||
			!strings.HasPrefix(e.Message, "first: 5,000 on units.edges.node.dossiers exceeds the maximum page size of 1,000") {
			t.Errorf("page size: %+v", e)
		}

		var aliases strings.Builder
		for i := range 31 {
			fmt.Fprintf(&aliases, "u%d: units(first: 1) { totalCount } ", i)
		}
		e = refusedUpFront(t, env, tok, "{ "+aliases.String()+"}", nil, "aliases")
		if e.Extensions["actual"] != 31.0 || !strings.Contains(e.Message, "31 aliased fields, more than the limit of 30") {
			t.Errorf("aliases: %+v", e)
		}

		// first from a variable counts as written.
		const q = `query($n: Int) { dossiers(first: $n) { edges { node { unit { dossiers(first: $n) { edges { node { code } } } } } } } }`
		refusedUpFront(t, env, tok, q, map[string]any{"n": 1000}, "cost")
		refusedUpFront(t, env, tok, q, map[string]any{"n": 1001}, "pageSize")
		var small struct {
			Dossiers struct{ Edges []json.RawMessage }
		}
		env.OK(t, tok, q, map[string]any{"n": 3}, &small)
		if len(small.Dossiers.Edges) != 3 {
			t.Errorf("first: $n = 3 gave %d dossiers", len(small.Dossiers.Edges))
		}
	})
}

// connection is what the tests read of a connection.
type connection struct {
	TotalCount int
	Edges      []struct{ Node struct{ Code string } }
	PageInfo   struct {
		HasNextPage bool
		EndCursor   string
	}
}

// TestDefaultPageSize: a list without first returns the default page and
// says there is more, at the root and nested in another list; counting
// needs no first.
func TestDefaultPageSize(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		var got struct {
			Root  connection
			Units struct {
				Edges []struct{ Node struct{ Dossiers connection } }
			}
			Count struct{ TotalCount int }
		}
		env.OK(t, tok, `{
  root: dossiers(where: {hasUnitWith: {code: "11098"}}) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } }
  units(where: {code: "11098"}) { edges { node { dossiers { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } } } }
  count: dossiers(where: {hasUnitWith: {code: "11098"}, receivedAtLT: "2023-01-01T00:00:00+07:00", or: [{finishedAtIsNil: true}, {finishedAtGTE: "2023-01-01T00:00:00+07:00"}]}) { totalCount }
}`, nil, &got)
		nested := got.Units.Edges[0].Node.Dossiers
		for name, c := range map[string]connection{"root": got.Root, "nested": nested} {
			if c.TotalCount < 412 || len(c.Edges) != limits.Default().DefaultPageSize || !c.PageInfo.HasNextPage || c.PageInfo.EndCursor == "" {
				t.Errorf("%s: %d of %d dossiers, hasNextPage %v", name, len(c.Edges), c.TotalCount, c.PageInfo.HasNextPage)
			}
		}
		if got.Count.TotalCount != 8 {
			t.Errorf("carried over: %d, want 8 (README)", got.Count.TotalCount)
		}
		// The next page follows on from the cursor.
		var next struct{ Dossiers connection }
		env.OK(t, tok, `query($after: Cursor) { dossiers(where: {hasUnitWith: {code: "11098"}}, after: $after) { edges { node { code } } } }`,
			map[string]any{"after": got.Root.PageInfo.EndCursor}, &next)
		if len(next.Dossiers.Edges) == 0 || next.Dossiers.Edges[0].Node.Code == got.Root.Edges[0].Node.Code {
			t.Errorf("the second page repeats the first or is empty: %d", len(next.Dossiers.Edges))
		}
		// A variable first that is null is no first at all.
		var null struct{ Dossiers connection }
		env.OK(t, tok, `query($n: Int) { dossiers(first: $n) { edges { node { code } } } }`, map[string]any{"n": nil}, &null)
		if len(null.Dossiers.Edges) != limits.Default().DefaultPageSize {
			t.Errorf("first: null gave %d dossiers", len(null.Dossiers.Edges))
		}
	})
}

// TestIntrospectionWithinLimits: the schema query GraphiQL sends passes.
func TestIntrospectionWithinLimits(t *testing.T) {
	q, err := os.ReadFile("../limits/testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		var got struct {
			Schema struct{ Types []struct{ Name string } } `json:"__schema"`
		}
		env.OK(t, env.Token(t, viewer.Analyst, "30"), string(q), nil, &got)
		if len(got.Schema.Types) < 50 {
			t.Errorf("%d types", len(got.Schema.Types))
		}
	})
}

// TestBatch: a JSON array of operations is answered with an array of
// results, each operation within the limits on its own; a batch over the
// limit runs nothing.
func TestBatch(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.CommuneOfficer, "11098")
		res := env.Batch(t, tok,
			apitest.Operation{Query: `{ units { edges { node { code } } } }`},
			apitest.Operation{Query: `query($code: String) { units(where: {code: $code}) { totalCount } }`, Variables: map[string]any{"code": "11023"}},
			apitest.Operation{Query: `{ dossiers(first: 5000) { totalCount } }`},
		)
		if len(res) != 3 {
			t.Fatalf("%d answers to 3 operations", len(res))
		}
		if res[0].Status != 200 || len(res[0].Errors) > 0 || string(res[0].Data) != `{"units":{"edges":[{"node":{"code":"30"}},{"node":{"code":"298"}},{"node":{"code":"11098"}}]}}` {
			t.Errorf("first: %s %+v", res[0].Data, res[0].Errors)
		}
		// The caller is the token's: Gia Hòa is out of Tái Sơn's scope.
		if len(res[1].Errors) > 0 || string(res[1].Data) != `{"units":{"totalCount":0}}` {
			t.Errorf("second: %s %+v", res[1].Data, res[1].Errors)
		}
		if len(res[2].Errors) != 1 || res[2].Errors[0].Code() != "LIMIT_EXCEEDED" || res[2].Errors[0].Extensions["limit"] != "pageSize" {
			t.Errorf("third: %s %+v", res[2].Data, res[2].Errors)
		}

		ops := make([]apitest.Operation, 11)
		for i := range ops {
			ops[i] = apitest.Operation{Query: `mutation { createProcedure(input: {code: "1.000001", name: "x", field: "x", processingDays: 1}) { id } }`}
		}
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		before := env.Statements()
		res = env.Batch(t, province, ops...)
		if len(res) != 1 || len(res[0].Errors) != 1 || res[0].Errors[0].Code() != "LIMIT_EXCEEDED" ||
			res[0].Errors[0].Extensions["limit"] != "batch" || res[0].Errors[0].Extensions["actual"] != 11.0 ||
			!strings.Contains(res[0].Errors[0].Message, "11 operations, more than the limit of 10") {
			t.Fatalf("batch of 11: %+v", res)
		}
		var created int
		env.DB.SQL.QueryRow(`SELECT COUNT(*) FROM procedures WHERE code = '1.000001'`).Scan(&created)
		if created != 0 || env.Statements()-before > 3 { // authentication's
			t.Errorf("a refused batch ran: %d procedures created, %d statements", created, env.Statements()-before)
		}
	})
}

// TestTimeout: a query that runs past the request's time limit is
// cancelled in the database and answers LIMIT_EXCEEDED/timeout, with no
// SQL in the message; the server goes on serving the next request.
func TestTimeout(t *testing.T) {
	l := limits.Default()
	l.Timeout = 300 * time.Millisecond
	l.MaxInputNodes = 50_000 // the query below is slow by its size
	l.MaxTokens, l.MaxInputValues = 100_000, 100_000
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		// 10,000 predicates on each dossier: seconds of work for the
		// database, which no limit on the shape of the query sees.
		var where strings.Builder
		for g := range 20 {
			where.WriteString("{or: [")
			for i := range 500 {
				fmt.Fprintf(&where, `{codeContainsFold: "no-such-code-%d-%d"} `, g, i)
			}
			where.WriteString("]} ")
		}
		start := time.Now()
		e := env.Fail(t, tok, `{ dossiers(where: {or: [`+where.String()+`]}) { totalCount } }`, nil, "LIMIT_EXCEEDED")
		took := time.Since(start)
		if e.Extensions["limit"] != "timeout" || e.Extensions["max"] != "300ms" ||
			!strings.HasPrefix(e.Message, "the request ran longer than the time limit of 300ms and was cancelled") {
			t.Errorf("timeout: %+v", e)
		}
		if strings.Contains(strings.ToLower(e.Message), "select") || strings.Contains(e.Message, "pq:") {
			t.Errorf("the message tells SQL: %s", e.Message)
		}
		// Cancelled, not waited for: the query alone takes seconds.
		if took > 2*time.Second {
			t.Errorf("answered after %v", took)
		}
		if env.Dialect == dialect.Postgres {
			var running int
			if err := env.DB.SQL.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity
WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`).Scan(&running); err != nil || running != 0 {
				t.Errorf("%d statements still running in PostgreSQL (%v)", running, err)
			}
		}
		var next struct {
			Units struct {
				Edges []struct{ Node struct{ Name string } }
			}
		}
		env.OK(t, tok, `{ units(where: {code: "11098"}) { edges { node { name } } } }`, nil, &next)
		if len(next.Units.Edges) != 1 {
			t.Errorf("the next request: %+v", next)
		}
	}, apitest.WithLimits(l))
}

// orCodes is a dossiers query whose where: is an or: of one code each, the
// shape that becomes an OR chain as deep as the list is long.
func orCodes(codes []string) string {
	var b strings.Builder
	for _, c := range codes {
		fmt.Fprintf(&b, `{code: %q} `, c)
	}
	return `{ dossiers(where: {or: [` + b.String() + `]}) { totalCount } }`
}

// noSuchCodes returns n dossier codes that do not exist.
func noSuchCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("X%d", i)
	}
	return out
}

// TestInputLimit: an or: of 3,000 codes, which SQLite refuses as too deep
// an expression and PostgreSQL plans slowly, is refused before any SQL
// runs, as a literal or from a variable; an or: of 400 answers; so do the
// largest or: the limit lets through at every nesting of edge filters, on
// both databases (SQLite, whose expression depth they approach, refuses
// about twice as much).
func TestInputLimit(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")

		e := refusedUpFront(t, env, tok, orCodes(noSuchCodes(3000)), nil, "input")
		if e.Extensions["actual"] != 6001.0 || e.Extensions["max"] != 1000.0 || e.Extensions["field"] != "where" ||
			!strings.HasPrefix(e.Message, "the arguments of the query hold 6,001 input values, more than the limit of 1,000 (where: on dossiers holds 6,001): match several values of one field with an …In filter") {
			t.Errorf("input: %+v", e)
		}
		alternatives := make([]any, 3000)
		for i, c := range noSuchCodes(3000) {
			alternatives[i] = map[string]any{"code": c}
		}
		refusedUpFront(t, env, tok, `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`,
			map[string]any{"w": map[string]any{"or": alternatives}}, "input")

		// 400 alternatives, three of them real dossiers of the district.
		var some struct {
			Dossiers struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		env.OK(t, tok, `{ dossiers(first: 3) { edges { node { code } } } }`, nil, &some)
		codes := noSuchCodes(400)
		for i, edge := range some.Dossiers.Edges {
			codes[i*199] = edge.Node.Code
		}
		var got struct{ Dossiers struct{ TotalCount int } }
		env.OK(t, tok, orCodes(codes), nil, &got)
		if len(some.Dossiers.Edges) != 3 || got.Dossiers.TotalCount != 3 {
			t.Errorf("an or: of 400 codes, 3 of them real, counts %d", got.Dossiers.TotalCount)
		}

		// At the limit, in k nested edge filters: the largest or: passes,
		// one more alternative is refused.
		l := limits.Default()
		for k := 0; k <= l.MaxEdgeNesting; k++ {
			// k(k+1)/2 for the edge filters, (k+1)(2n+1) for the or: inside them.
			n := ((l.MaxInputNodes-k*(k+1)/2)/(k+1) - 1) / 2
			q := func(n int) string {
				var b strings.Builder
				for i := range n {
					fmt.Fprintf(&b, `{code: "X%d"} `, i)
				}
				return `{ units(where: ` + strings.Repeat(`{hasParentWith: `, k) + `{or: [` + b.String() + `]}` + strings.Repeat(`}`, k) + `) { totalCount } }`
			}
			if r := env.Do(t, tok, q(n), nil); len(r.Errors) > 0 {
				t.Errorf("an or: of %d in %d edge filters: %+v", n, k, r.Errors)
			}
			refusedUpFront(t, env, tok, q(n+1), nil, "input")
		}
	})
}

// TestEdgeNestingLimit: edge filters nested deeper than the limit, which
// SQLite refuses from 24 deep, are refused before any SQL runs.
func TestEdgeNestingLimit(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		nest := func(n int) string {
			return `{ dossiers(where: {hasUnitWith: ` + strings.Repeat(`{hasParentWith: `, n-1) + `{code: "30"}` + strings.Repeat(`}`, n-1) + `}) { totalCount } }`
		}
		e := refusedUpFront(t, env, tok, nest(24), nil, "edgeNesting")
		if e.Extensions["actual"] != 24.0 || e.Extensions["max"] != 6.0 ||
			!strings.HasPrefix(e.Message, "where: on dossiers nests 24 edge filters one in another (hasUnitWith.hasParentWith.") {
			t.Errorf("edge nesting: %+v", e)
		}
		refusedUpFront(t, env, tok, nest(7), nil, "edgeNesting")
		// The district's dossiers, through their commune and its district.
		var got struct{ Dossiers struct{ TotalCount int } }
		env.OK(t, tok, `{ dossiers(where: {hasUnitWith: {hasParentWith: {code: "298"}}}) { totalCount } }`, nil, &got)
		if got.Dossiers.TotalCount == 0 {
			t.Errorf("no dossier in the communes of 298")
		}
		env.OK(t, tok, nest(6), nil, nil)
	})
}

// TestTimeoutBeforeRunning: a request whose time is up before it is parsed,
// validated or run answers the timeout with its code, never an empty answer
// (HTTP 200 with the body null).
func TestTimeoutBeforeRunning(t *testing.T) {
	l := limits.Default()
	l.Timeout = time.Nanosecond
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		for _, q := range []string{`{ units { totalCount } }`, `query Named { dossiers(first: 1) { edges { node { code } } } }`} {
			r := env.Do(t, tok, q, nil)
			if len(r.Errors) == 0 || r.Errors[0].Code() != "LIMIT_EXCEEDED" || r.Errors[0].Extensions["limit"] != "timeout" {
				t.Errorf("%s past its time: %s %+v", q, r.Data, r.Errors)
			}
		}
	}, apitest.WithLimits(l))
}

// TestGuidesWithinLimits: every GraphQL operation of README.md and docs/
// runs within the limits of a request, as the analysts and officers they are
// written for: none is refused as too costly or answered with a fault.
func TestGuidesWithinLimits(t *testing.T) {
	ops := guideOperations(t)
	if len(ops) < 10 {
		t.Fatalf("only %d operations in the guides", len(ops))
	}
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		for _, c := range []struct {
			role viewer.Role
			unit string
		}{{viewer.ProvinceOfficer, "30"}, {viewer.Analyst, "298"}} {
			tok := env.Token(t, c.role, c.unit)
			for _, op := range ops {
				if strings.HasPrefix(strings.TrimSpace(op), "mutation") {
					continue // the guides' mutations name records by placeholder IDs
				}
				for _, e := range env.Do(t, tok, op, nil).Errors {
					if code := e.Code(); code == "LIMIT_EXCEEDED" || code == "INTERNAL_SERVER_ERROR" || code == "" {
						t.Errorf("as %s of %s: %s %v\n%s", c.role, c.unit, e.Message, e.Extensions, op)
					}
				}
			}
		}
	})
}
