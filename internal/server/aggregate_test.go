package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cchc/internal/aggregate"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// h1 selects Tái Sơn's dossiers received in the first half of 2023.
var h1 = map[string]any{
	"hasUnitWith":   map[string]any{"code": "11098"},
	"receivedAtGTE": "2023-01-01T00:00:00+07:00",
	"receivedAtLT":  "2023-07-01T00:00:00+07:00",
}

type groups[K any] struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   struct {
			Key                                                                  K
			Count, Online, Resolved, ResolvedEarly, ResolvedOnTime, ResolvedLate int
			N                                                                    int
			ProcessingDays                                                       struct{ Sum, Avg, Min, Max *float64 }
		}
	}
	PageInfo struct {
		HasNextPage bool
		EndCursor   *string
	}
}

// TestDossierAggregatesMatchDomainFigures: the aggregates reproduce Tái Sơn's
// report figures for the first half of 2023 (DOMAIN.md).
func TestDossierAggregatesMatchDomainFigures(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "298")
		var got struct{ Received, Resolved groups[struct{}] }
		env.OK(t, tok, `query($received: DossierWhereInput, $resolved: DossierWhereInput) {
  received: dossiersAggregate(where: $received) { totalCount edges { node { count online } } }
  resolved: dossiersAggregate(where: $resolved) { totalCount edges { node { count resolved resolvedEarly resolvedOnTime resolvedLate processingDays { min max avg } } } }
}`, map[string]any{"received": h1, "resolved": map[string]any{
			"hasUnitWith":   map[string]any{"code": "11098"},
			"statusIn":      []string{"RESOLVED", "RETURNED"},
			"finishedAtGTE": "2023-01-01T00:00:00+07:00",
			"finishedAtLT":  "2023-07-01T00:00:00+07:00",
		}}, &got)
		if got.Received.TotalCount != 1 || len(got.Received.Edges) != 1 {
			t.Fatalf("an aggregate without groupBy is one group: %+v", got.Received)
		}
		r := got.Received.Edges[0].Node
		if r.Count != 404 || r.Online != 381 {
			t.Errorf("received %d (online %d), want 404 (381)", r.Count, r.Online)
		}
		s := got.Resolved.Edges[0].Node
		if s.Count != 403 || s.Resolved != 403 || s.ResolvedEarly != 381 || s.ResolvedOnTime != 17 || s.ResolvedLate != 5 {
			t.Errorf("resolved %d/%d early %d on time %d late %d, want 403 381 17 5", s.Count, s.Resolved, s.ResolvedEarly, s.ResolvedOnTime, s.ResolvedLate)
		}
		if p := s.ProcessingDays; p.Min == nil || p.Max == nil || p.Avg == nil || *p.Min < 0 || *p.Min > *p.Avg || *p.Avg > *p.Max {
			t.Errorf("processing days min ≤ avg ≤ max does not hold: %+v", p)
		}
	})
}

// TestGroupsEqualTheLists: every group's count equals the totalCount of the
// list filtered to that group, for groups by unit, by a joined field, by an
// enum and by local-time buckets.
func TestGroupsEqualTheLists(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "298")
		listCount := func(where map[string]any) int {
			var got struct{ Dossiers struct{ TotalCount int } }
			env.OK(t, tok, `query($w: DossierWhereInput) { dossiers(where: $w) { totalCount } }`, map[string]any{"w": where}, &got)
			return got.Dossiers.TotalCount
		}
		var byQuarter struct {
			A groups[struct {
				ReceivedAt struct {
					Year, Index int
					Start, End  string
				}
			}]
		}
		env.OK(t, tok, `query($w: DossierWhereInput) { a: dossiersAggregate(where: $w, groupBy: [{field: RECEIVED_AT, bucket: QUARTER}]) {
  totalCount edges { node { key { receivedAt { year index start end } } count } } } }`,
			map[string]any{"w": map[string]any{"hasUnitWith": map[string]any{"code": "11098"}, "receivedAtGTE": "2023-01-01T00:00:00+07:00", "receivedAtLT": "2024-01-01T00:00:00+07:00"}}, &byQuarter)
		sum := 0
		for _, e := range byQuarter.A.Edges {
			k := e.Node.Key.ReceivedAt
			want := listCount(map[string]any{"hasUnitWith": map[string]any{"code": "11098"},
				"receivedAtGTE": k.Start + "T00:00:00+07:00", "receivedAtLT": k.End + "T00:00:00+07:00"})
			if k.Year != 2023 || e.Node.Count != want {
				t.Errorf("quarter %d/%d: %d dossiers, the list says %d", k.Index, k.Year, e.Node.Count, want)
			}
			if k.Index <= 2 {
				sum += e.Node.Count
			}
		}
		if sum != 404 {
			t.Errorf("Q1 + Q2 = %d, want 404", sum)
		}

		var byUnit struct {
			A groups[struct {
				Unit           struct{ Code string }
				ProcedureField *string
				Channel        *string
			}]
		}
		env.OK(t, tok, `{ a: dossiersAggregate(where: {hasUnitWith: {hasParentWith: {code: "298"}}}, groupBy: [{field: UNIT}, {field: PROCEDURE_FIELD}, {field: CHANNEL}], orderBy: [{field: COUNT, direction: DESC}]) {
  totalCount edges { node { key { unit { code } procedureField channel } count } } } }`, nil, &byUnit)
		if byUnit.A.TotalCount != len(byUnit.A.Edges) || len(byUnit.A.Edges) < 3 {
			t.Fatalf("totalCount %d for %d groups", byUnit.A.TotalCount, len(byUnit.A.Edges))
		}
		prev := 1 << 30
		for _, e := range byUnit.A.Edges {
			k := e.Node.Key
			if k.ProcedureField == nil || k.Channel == nil {
				t.Fatalf("group without its keys: %+v", k)
			}
			if e.Node.Count > prev {
				t.Errorf("groups not in descending count")
			}
			prev = e.Node.Count
			want := listCount(map[string]any{"hasUnitWith": map[string]any{"code": k.Unit.Code},
				"hasProcedureWith": map[string]any{"field": *k.ProcedureField}, "channel": *k.Channel})
			if e.Node.Count != want {
				t.Errorf("%s %s %s: %d dossiers, the list says %d", k.Unit.Code, *k.ProcedureField, *k.Channel, e.Node.Count, want)
			}
		}
	})
}

// TestGroupPages: groups page with first/after like any list, and each page
// is one SQL statement besides the caller's own.
func TestGroupPages(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		q := `query($after: Cursor, $first: Int) { a: dossiersAggregate(groupBy: [{field: STATUS}, {field: CHANNEL}], after: $after, first: $first) {
  totalCount edges { cursor node { key { status channel } count } } pageInfo { hasNextPage endCursor } } }`
		var all struct {
			A groups[struct{ Status, Channel string }]
		}
		env.OK(t, tok, q, nil, &all)
		var paged []string
		var after any
		for i := 0; ; i++ {
			var page struct {
				A groups[struct{ Status, Channel string }]
			}
			env.OK(t, tok, q, map[string]any{"after": after, "first": 2}, &page)
			if page.A.TotalCount != all.A.TotalCount {
				t.Fatalf("page %d: totalCount %d, want %d", i, page.A.TotalCount, all.A.TotalCount)
			}
			for _, e := range page.A.Edges {
				paged = append(paged, fmt.Sprint(e.Node.Key, e.Node.Count))
			}
			if !page.A.PageInfo.HasNextPage {
				break
			}
			after = *page.A.PageInfo.EndCursor
		}
		var whole []string
		for _, e := range all.A.Edges {
			whole = append(whole, fmt.Sprint(e.Node.Key, e.Node.Count))
		}
		if strings.Join(paged, ";") != strings.Join(whole, ";") || len(whole) < 3 {
			t.Errorf("pages give\n%v\nwant\n%v", paged, whole)
		}

		base := env.Statements()
		env.OK(t, tok, `{ __typename }`, nil, nil)
		perRequest := env.Statements() - base
		base = env.Statements()
		env.OK(t, tok, `{ dossiersAggregate(groupBy: [{field: PROCEDURE_FIELD}, {field: FINISHED_AT, bucket: YEAR}]) { totalCount edges { node { count resolvedLate processingDays { avg } } } } }`, nil, nil)
		if n := env.Statements() - base - perRequest; n != 1 {
			t.Errorf("a grouped aggregate took %d SQL statements, want 1", n)
		}
	})
}

// TestAggregateBadInput: questions the schema accepts but cannot be answered
// are refused naming the argument.
func TestAggregateBadInput(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "298")
		for q, field := range map[string]string{
			`{ dossiersAggregate(groupBy: [{field: UNIT}, {field: UNIT}]) { totalCount } }`:                                                                    "groupBy[1].field",
			`{ dossiersAggregate(groupBy: [{field: CHANNEL, bucket: MONTH}]) { totalCount } }`:                                                                 "groupBy[0].bucket",
			`{ dossiersAggregate(groupBy: [{field: RECEIVED_AT, bucket: NINE_MONTHS}]) { totalCount } }`:                                                       "groupBy[0].bucket",
			`{ dossiersAggregate(groupBy: [{field: UNIT}], orderBy: [{field: CHANNEL}]) { totalCount } }`:                                                      "orderBy[0].field",
			`{ dossiersAggregate(first: -1) { totalCount } }`:                                                                                                  "first",
			`{ officialsAggregate(groupBy: [{field: UNIT}, {field: CATEGORY}, {field: EDUCATION}, {field: POSITION}, {field: PARTY_MEMBER}]) { totalCount } }`: "groupBy",
		} {
			e := env.Fail(t, tok, q, nil, "BAD_USER_INPUT")
			if f, _ := e.Extensions["field"].(string); f != field || !strings.HasPrefix(e.Message, field) {
				t.Errorf("%s: field %q, message %q; want field %s", q, f, e.Message, field)
			}
		}
	})
}

// TestAggregatesStayInScope is the access matrix of the aggregates: for every
// role and every aggregate, the records counted are exactly those the role
// lists, and no group names a unit outside the role's reach.
func TestAggregatesStayInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		for _, role := range viewer.Roles {
			for _, unit := range []string{"11098", "11023", "298", "30"} {
				tok := env.Token(t, role, unit)
				for _, spec := range aggregate.Specs {
					list := strings.TrimSuffix(spec.QueryField, "Aggregate")
					q := fmt.Sprintf(`{ list: %s { totalCount } all: %s { edges { node { count } } } byUnit: %s(groupBy: [{field: UNIT}]) { edges { node { key { unit { code } } count } } } }`,
						list, spec.QueryField, spec.QueryField)
					resp := env.Do(t, tok, q, nil)
					var got struct {
						List struct{ TotalCount int }
						All  struct {
							Edges []struct{ Node struct{ Count int } }
						}
						ByUnit struct {
							Edges []struct {
								Node struct {
									Key   struct{ Unit *struct{ Code string } }
									Count int
								}
							}
						}
					}
					name := fmt.Sprintf("%s@%s %s", role, unit, spec.QueryField)
					if len(resp.Errors) > 0 {
						// A role that may not list the records may not count them either.
						listResp := env.Do(t, tok, fmt.Sprintf(`{ %s { totalCount } }`, list), nil)
						if len(listResp.Errors) == 0 || listResp.Errors[0].Code() != resp.Errors[0].Code() {
							t.Errorf("%s: aggregate refused (%s) but the list answers %+v", name, resp.Errors[0].Code(), listResp.Errors)
						}
						continue
					}
					if err := json.Unmarshal(resp.Data, &got); err != nil {
						t.Fatal(err)
					}
					counted, byUnit := 0, 0
					for _, e := range got.All.Edges {
						counted += e.Node.Count
					}
					for _, e := range got.ByUnit.Edges {
						byUnit += e.Node.Count
						if e.Node.Key.Unit == nil {
							t.Errorf("%s: a group of a unit the caller cannot read", name)
						}
					}
					if counted != got.List.TotalCount || byUnit != got.List.TotalCount {
						t.Errorf("%s: aggregate counts %d (by unit %d), the list %d", name, counted, byUnit, got.List.TotalCount)
					}
				}
			}
		}
	})
}

// TestExportGroups: an aggregate exports like a list, one row per group,
// paging through the groups.
func TestExportGroups(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "298")
		q := `{ dossiersAggregate(groupBy: [{field: UNIT}, {field: PROCEDURE_FIELD}], first: 4) { totalCount edges { node { key { unit { code } procedureField } count } } } }`
		var got struct{ DossiersAggregate groups[struct{}] }
		env.OK(t, tok, q, nil, &got)
		resp, body := env.Post(t, tok, "/export?format=csv", "application/graphql", q)
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(body), "\ufeff")), "\n")
		if resp.StatusCode != 200 || lines[0] != "key.unit.code,key.procedureField,count" || len(lines)-1 != got.DossiersAggregate.TotalCount {
			t.Errorf("status %d, %d rows for %d groups, header %q", resp.StatusCode, len(lines)-1, got.DossiersAggregate.TotalCount, lines[0])
		}
	})
}

// TestGroupsComputeTheMeasuresAsked: a request computes only the measures it
// selects (through fragments and aliases too) and those it orders by; the
// groups, their order and the measures asked are those of a request that
// selects every measure.
func TestGroupsComputeTheMeasuresAsked(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.Analyst, "30")
		type key struct {
			Unit struct{ Code string }
		}
		var few, all struct{ A groups[key] }
		vars := map[string]any{"where": map[string]any{"receivedAtGTE": "2023-01-01T00:00:00+07:00", "receivedAtLT": "2023-07-01T00:00:00+07:00"}}
		env.OK(t, tok, `query($where: DossierWhereInput) {
  A: dossiersAggregate(where: $where, groupBy: [{field: UNIT}], orderBy: [{field: RESOLVED_LATE, direction: DESC}, {field: PROCESSING_DAYS_MAX}]) {
    totalCount edges { node { key { unit { code } } n: count ...m } } } }
fragment m on DossierGroup { online }`, vars, &few)
		env.OK(t, tok, `query($where: DossierWhereInput) {
  A: dossiersAggregate(where: $where, groupBy: [{field: UNIT}], orderBy: [{field: RESOLVED_LATE, direction: DESC}, {field: PROCESSING_DAYS_MAX}]) {
    totalCount edges { node { key { unit { code } } count online resolved resolvedEarly resolvedOnTime resolvedLate processingDays { sum avg min max } } } } }`, vars, &all)
		if few.A.TotalCount < 2 || few.A.TotalCount != all.A.TotalCount || len(few.A.Edges) != len(all.A.Edges) {
			t.Fatalf("%d groups, with every measure %d", few.A.TotalCount, all.A.TotalCount)
		}
		for i, e := range all.A.Edges {
			f := few.A.Edges[i].Node
			if f.Key.Unit.Code != e.Node.Key.Unit.Code || f.Online != e.Node.Online || f.N != e.Node.Count || e.Node.Count == 0 {
				t.Errorf("group %d: %+v, with every measure %+v", i, f, e.Node)
			}
		}
	})
}
