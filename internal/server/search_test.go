package server_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"golang.org/x/text/unicode/norm"

	"cchc/ent/privacy"
	"cchc/internal/apitest"
	"cchc/internal/search"
	"cchc/internal/viewer"
)

// named is a page of records as a search answers it.
type named struct {
	TotalCount int
	Edges      []namedEdge
}

type namedEdge struct {
	Cursor string
	Node   struct{ ID, Code, Name, FullName, Title, Number, Field string }
}

// find runs list(search: $q …) with the fields asked and returns the page.
func find(t *testing.T, env *apitest.Env, token, list, fields, q string) named {
	t.Helper()
	var got map[string]named
	env.OK(t, token, `query($q: String) { list: `+list+`(search: $q) { totalCount edges { cursor node { id `+fields+` } } } }`, map[string]any{"q": q}, &got)
	return got["list"]
}

// TestSearch: the search argument of the lists finds records by the words of
// their names, titles and codes whatever the accents and case, within the
// caller's scope, together with where, orderBy and pagination.
func TestSearch(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")

		for _, q := range []string{"tai son", "TAI SON", "Tái Sơn", norm.NFD.String("Tái Sơn"), "  sơn   TÁI ", "11098", "son 11098"} {
			got := find(t, env, province, "units", "code", q)
			if got.TotalCount != 1 || len(got.Edges) != 1 || got.Edges[0].Node.Code != "11098" {
				t.Errorf("units(search: %q) = %+v, want Tái Sơn 11098 alone", q, got)
			}
		}
		if got := find(t, env, province, "units", "code", "tai son gia"); got.TotalCount != 0 {
			t.Errorf("every word must occur: %+v", got)
		}
		all := find(t, env, province, "units", "code", "")
		if blank := find(t, env, province, "units", "code", " \t "); all.TotalCount < 7 || blank.TotalCount != all.TotalCount {
			t.Errorf("a blank search filters nothing: %d of %d units", blank.TotalCount, all.TotalCount)
		}

		if got := find(t, env, province, "officials", "fullName", "nguyen the tho"); len(got.Edges) == 0 || !allAre(got, func(n string) bool { return n == "Nguyễn Thế Thọ" }, "fullName") {
			t.Errorf(`officials(search: "nguyen the tho") = %+v`, got)
		}
		if got := find(t, env, province, "reformPlans", "title number", "ke hoach cai cach hanh chinh tu ky 2023"); got.TotalCount != 1 || got.Edges[0].Node.Number != "02/KH-UBND" {
			t.Errorf("plans by the words of their title = %+v", got)
		}
		if got := find(t, env, province, "reformPlans", "number", "4789/kh"); got.TotalCount != 1 || got.Edges[0].Node.Number != "4789/KH-UBND" {
			t.Errorf("plans by their number = %+v", got)
		}
		if got := find(t, env, province, "tasks", "title", "cong khai du toan"); got.TotalCount == 0 || !allAre(got, func(s string) bool { return strings.Contains(s, "Công khai dự toán") }, "title") {
			t.Errorf("tasks by the words of their title = %+v", got)
		}
		var civil struct{ Procedures struct{ TotalCount int } }
		env.OK(t, province, `{ procedures(where: {field: "Hộ tịch"}) { totalCount } }`, nil, &civil)
		if got := find(t, env, province, "procedures", "field", "ho tich"); got.TotalCount != civil.Procedures.TotalCount || got.TotalCount < 5 {
			t.Errorf(`procedures(search: "ho tich") found %d, the field Hộ tịch has %d`, got.TotalCount, civil.Procedures.TotalCount)
		}
		if got := find(t, env, province, "procedures", "name", "dang ky khai sinh"); got.TotalCount == 0 || !allAre(got, func(s string) bool { return strings.Contains(s, "khai sinh") }, "name") {
			t.Errorf("procedures by name = %+v", got)
		}
		if got := find(t, env, province, "dossiers", "code", "h30.11023-"); got.TotalCount == 0 || !allAre(got, func(s string) bool { return strings.HasPrefix(s, "H30.11023-") }, "code") {
			t.Errorf("dossiers by code, case-insensitively = %+v", got)
		}

		// % and _ mean themselves, not LIKE's wildcards.
		// (The national catalogue is loaded by the server's own code.)
		if err := env.DB.Client.Procedure.Create().SetCode("TEST_01").SetName("Thủ tục thử 100% trực tuyến").SetField("Thử nghiệm").
			SetProcessingDays(1).Exec(privacy.DecisionContext(context.Background(), privacy.Allow)); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"100%": 1, "%": 1, "_": 1, "test_": 1, "test%": 0, `\`: 0, "0%_": 0} {
			if got := find(t, env, province, "procedures", "code", q); got.TotalCount != want {
				t.Errorf("procedures(search: %q) found %d, want %d", q, got.TotalCount, want)
			}
		}
		if got := find(t, env, province, "tasks", "title", "80%"); got.TotalCount == 0 || !allAre(got, func(s string) bool { return strings.Contains(s, "80%") }, "title") {
			t.Errorf(`tasks(search: "80%%") = %+v`, got)
		}

		// The scope applies as to any list: Gia Hòa's officer does not find Tái Sơn.
		giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
		for list, q := range map[string]string{"units": "tai son", "officials": "nguyen the tho", "dossiers": "h30.11098", "reformPlans": "tu ky"} {
			if got := find(t, env, giaHoa, list, "", q); got.TotalCount != 0 || len(got.Edges) != 0 {
				t.Errorf("%s(search: %q) by Gia Hòa's officer found %+v", list, q, got)
			}
		}
		if got := find(t, env, giaHoa, "units", "code", "gia hoa"); got.TotalCount != 1 {
			t.Errorf("Gia Hòa's officer finds Gia Hòa: %+v", got)
		}

		// Writes keep the searchable text: on creation, and on update of the name alone.
		unit := strconv.Itoa(env.UnitID(t, "11098"))
		var created struct{ CreateOfficial struct{ ID string } }
		env.OK(t, taiSon, `mutation($u: ID!) { createOfficial(input: {unitID: $u, fullName: "Khổng Thị Ỷ Lan", category: CONG_CHUC, position: "Văn phòng - Thống kê"}) { id } }`, map[string]any{"u": unit}, &created)
		id := created.CreateOfficial.ID
		if got := find(t, env, taiSon, "officials", "", "khong thi y lan"); !has(got, id) {
			t.Errorf("a new official is found by name: %+v", got)
		}
		const update = `mutation($id: ID!, $v: Int!, $in: UpdateOfficialInput!) { updateOfficial(id: $id, version: $v, input: $in) { id } }`
		env.OK(t, taiSon, update, map[string]any{"id": id, "v": 1, "in": map[string]any{"fullName": "Âu Dương Phong"}}, nil)
		if got := find(t, env, taiSon, "officials", "", "khong thi y lan"); has(got, id) {
			t.Errorf("the former name is no longer found: %+v", got)
		}
		env.OK(t, taiSon, update, map[string]any{"id": id, "v": 2, "in": map[string]any{"position": "Tư pháp - Hộ tịch"}}, nil)
		if got := find(t, env, taiSon, "officials", "", "AU DUONG PHONG"); !has(got, id) {
			t.Errorf("the new name is found, also after an update of another field: %+v", got)
		}

		// search with where, orderBy on two fields and pagination: the pages
		// joined are the whole list, which is the officials of Tái Sơn whose
		// name holds "nguyen".
		const page = `query($after: Cursor, $first: Int) { officials(search: "NGUYEN", first: $first, after: $after,
		  where: {hasUnitWith: {code: "11098"}}, orderBy: [{field: POSITION}, {field: FULL_NAME, direction: DESC}]) {
		  totalCount pageInfo { hasNextPage endCursor } edges { node { id fullName } } } }`
		type officials struct {
			Officials struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ ID, FullName string } }
			}
		}
		var whole officials
		env.OK(t, province, page, map[string]any{"first": 500}, &whole)
		var want []string
		var everyone struct {
			Officials struct {
				Edges []struct{ Node struct{ ID, FullName string } }
			}
		}
		env.OK(t, province, `{ officials(first: 500, where: {hasUnitWith: {code: "11098"}}) { edges { node { id fullName } } } }`, nil, &everyone)
		for _, e := range everyone.Officials.Edges {
			if strings.Contains(search.Normalize(e.Node.FullName), "nguyen") {
				want = append(want, e.Node.ID)
			}
		}
		var ids []string
		for _, e := range whole.Officials.Edges {
			ids = append(ids, e.Node.ID)
		}
		if len(want) < 3 || whole.Officials.TotalCount != len(want) || !sameSet(ids, want) {
			t.Fatalf("search with where finds %d officials %v, want %d %v", whole.Officials.TotalCount, ids, len(want), want)
		}
		var paged []string
		after := any(nil)
		for range len(want) {
			var p officials
			env.OK(t, province, page, map[string]any{"first": 2, "after": after}, &p)
			if p.Officials.TotalCount != len(want) {
				t.Errorf("totalCount of a page: %d, want %d", p.Officials.TotalCount, len(want))
			}
			for _, e := range p.Officials.Edges {
				paged = append(paged, e.Node.ID)
			}
			if !p.Officials.PageInfo.HasNextPage {
				break
			}
			after = p.Officials.PageInfo.EndCursor
		}
		if !slices.Equal(paged, ids) {
			t.Errorf("pages of 2 joined give %v, the whole list %v", paged, ids)
		}

		// Bad input is named; the hidden column is not part of the API.
		e := env.Fail(t, province, `query($q: String) { units(search: $q) { totalCount } }`, map[string]any{"q": strings.Repeat("a", search.MaxQuery+1)}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "search" {
			t.Errorf("a search too long names the argument: %+v", e)
		}
		env.Fail(t, province, `{ units { edges { node { searchText } } } }`, nil, "GRAPHQL_VALIDATION_FAILED")
		env.Fail(t, province, `{ units(where: {searchTextContains: "son"}) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED")
	})
}

// allAre tells whether every record found has field (fullName, title, name
// or code) satisfying ok.
func allAre(got named, ok func(string) bool, field string) bool {
	for _, e := range got.Edges {
		v := map[string]string{"fullName": e.Node.FullName, "title": e.Node.Title, "name": e.Node.Name, "code": e.Node.Code}[field]
		if !ok(v) {
			return false
		}
	}
	return true
}

// has tells whether the record with the ID id was found.
func has(got named, id string) bool {
	return slices.ContainsFunc(got.Edges, func(e namedEdge) bool { return e.Node.ID == id })
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestSearchUsesTrigramIndexes: on PostgreSQL the condition a search builds
// is answered by the pg_trgm GIN index of each searchable table, not by
// reading the table. Sequential scans are priced out, as the planner would
// do by itself on tables large enough; an index that could not serve
// LIKE '%word%' would leave the plan a sequential scan anyway.
func TestSearchUsesTrigramIndexes(t *testing.T) {
	env := apitest.New(t, dialect.Postgres, true)
	ctx := context.Background()
	conn, err := env.DB.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	q := "Nguyễn thọ 50%"
	match, err := search.Match(&q)
	if err != nil {
		t.Fatal(err)
	}
	for table, index := range map[string]string{
		"units": "unit_search_text", "officials": "official_search_text", "reform_plans": "reformplan_search_text",
		"tasks": "task_search_text", "procedures": "procedure_search_text", "dossiers": "dossier_search_text",
	} {
		s := sql.Dialect(dialect.Postgres).Select("*").From(sql.Table(table))
		match(s)
		query, args := s.Query()
		if !strings.Contains(query, "LIKE") || len(args) != 3 {
			t.Fatalf("%s: %s %v", table, query, args)
		}
		rows, err := conn.QueryContext(ctx, "EXPLAIN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			rows.Scan(&line)
			plan = append(plan, line)
		}
		rows.Close()
		if !strings.Contains(strings.Join(plan, "\n"), "Bitmap Index Scan on "+index) {
			t.Errorf("%s: %s\nis planned without %s:\n%s", table, query, index, strings.Join(plan, "\n"))
		}
	}
}
