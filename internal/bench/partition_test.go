package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/bench"
	"cchc/internal/database"
	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/viewer"
	"cchc/migrations"
)

// question is a GraphQL request of the front end or an analyst, asked as a
// role of a unit of the generated province.
type question struct {
	name     string
	role     viewer.Role
	unit     string
	query    string
	vars     map[string]any
	nonEmpty string // a piece the answer must hold, so that equal answers are not equally empty
}

// questions are the benchmark's questions: a unit's dashboard, paginated
// dossier lists with filters, nested plans → tasks → officials, a search,
// an analyst's grouped aggregate and a province-wide indicator pull.
var questions = []question{
	{"dossiers of a half-year, newest first", viewer.ProvinceOfficer, bench.ProvinceCode,
		`query($w: DossierWhereInput) { dossiers(first: 50, where: $w, orderBy: [{field: RECEIVED_AT, direction: DESC}]) {
			totalCount pageInfo { hasNextPage endCursor }
			edges { cursor node { id code channel status receivedAt dueAt finishedAt unit { code } procedure { code } } } } }`,
		map[string]any{"w": map[string]any{"receivedAtGTE": "2023-01-01T00:00:00+07:00", "receivedAtLT": "2023-07-01T00:00:00+07:00"}}, `"totalCount"`},
	{"overdue open dossiers of a district across years", viewer.DistrictOfficer, "900",
		`query($w: DossierWhereInput) { dossiers(first: 20, where: $w, orderBy: [{field: DUE_AT}]) {
			totalCount edges { node { code status dueAt unit { code } } } } }`,
		map[string]any{"w": map[string]any{"finishedAtIsNil": true, "dueAtLT": "2024-12-01T00:00:00+07:00", "statusIn": []string{"RECEIVED", "IN_PROGRESS", "SUPPLEMENT_REQUESTED"}}}, `"code"`},
	{"a commune's dashboard", viewer.CommuneOfficer, "90001",
		`{ units(where: {code: "90001"}) { edges { node { code name
			dossiers(first: 10, orderBy: [{field: RECEIVED_AT, direction: DESC}]) { totalCount edges { node { code status receivedAt } } }
			officials(first: 5, orderBy: [{field: FULL_NAME}]) { totalCount edges { node { fullName position } } }
			feedbacks(first: 5) { totalCount }
			budgets(first: 5) { edges { node { fiscalYear } } } } } } }`,
		nil, `"totalCount"`},
	{"plans with their tasks and leads", viewer.DistrictOfficer, "900",
		`{ reformPlans(first: 10, where: {year: 2023}, orderBy: [{field: ISSUED_ON}]) { totalCount edges { node { number title unit { code }
			tasks(first: 5) { totalCount edges { node { title status dueOn lead { fullName } } } } } } } }`,
		nil, `"tasks"`},
	{"accent-insensitive search of dossiers", viewer.ProvinceOfficer, bench.ProvinceCode,
		`{ dossiers(search: "90002-00001", first: 20, orderBy: [{field: CODE}]) { totalCount edges { node { code } } } }`,
		nil, `"90002-0000100"`},
	{"an analyst's grouped aggregate", viewer.Analyst, bench.ProvinceCode,
		`{ dossiersAggregate(where: {receivedAtGTE: "2022-01-01T00:00:00+07:00", receivedAtLT: "2024-01-01T00:00:00+07:00"},
			groupBy: [{field: UNIT}, {field: CHANNEL}, {field: RECEIVED_AT, bucket: QUARTER}], orderBy: [{field: COUNT, direction: DESC}], first: 40) {
			totalCount edges { node { key { unit { code } channel } count resolved resolvedLate processingDays { avg max } } } } }`,
		nil, `"count"`},
	{"province-wide indicators of a half-year", viewer.ScoringService, bench.ProvinceCode,
		`{ indicators(period: {year: 2023, kind: HALF_YEAR, index: 1}, under: "99", level: COMMUNE) { unit { code }
			dossiers { carriedOver receivedInPeriod online direct postal total resolved early onTime late pending pendingWithinDeadline pendingOverdue otherClosed onTimeRate } } }`,
		nil, `"carriedOver"`},
	{"district indicators of a recent month", viewer.DistrictOfficer, "900",
		`{ indicators(period: {year: 2024, kind: MONTH, index: 12}, under: "900", level: COMMUNE) { unit { code } dossiers { total resolved late pending pendingOverdue } } }`,
		nil, `"pendingOverdue"`},
}

// filled returns the URL of a fresh PostgreSQL database holding the province of cfg.
func filled(t *testing.T, cfg bench.Config) (string, *database.DB) {
	t.Helper()
	url := apitest.EmptyPostgres(t)
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := bench.Fill(context.Background(), db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return url, db
}

// TestPartitionedDossiers partitions the dossiers of a generated province by
// year with the SQL of migrations/extra (docs/SCALING.md) and asks the
// benchmark's questions of it and of the same province unpartitioned: the
// rows, the indicators and every GraphQL answer through the real handler
// are the same, before and after the same writes. Then the consequence of
// partitioning: a dossier's code is unique in its unit within a year only.
func TestPartitionedDossiers(t *testing.T) {
	ctx := context.Background()
	cfg := bench.Config{Communes: 8, Dossiers: 8000, FirstYear: 2021, LastYear: 2024, Seed: 5}
	plainURL, plain := filled(t, cfg)
	partURL, part := filled(t, cfg)
	if _, err := part.SQL.ExecContext(ctx, migrations.PartitionDossiers); err != nil {
		t.Fatalf("partitioning: %v", err)
	}
	var kind string
	var partitions int
	err := part.SQL.QueryRow(`SELECT c.relkind, (SELECT COUNT(*) FROM pg_inherits WHERE inhparent = c.oid) FROM pg_class c WHERE c.oid = 'dossiers'::regclass`).Scan(&kind, &partitions)
	if err != nil || kind != "p" || partitions < 4+1+1 {
		t.Fatalf("dossiers: relkind %q with %d partitions, %v", kind, partitions, err)
	}
	var in2023 int
	if err := part.SQL.QueryRow(`SELECT COUNT(*) FROM dossiers_2023`).Scan(&in2023); err != nil || in2023 < 1000 {
		t.Fatalf("the partition of 2023 holds %d dossiers: %v", in2023, err)
	}
	// Applying it again changes nothing.
	if _, err := part.SQL.ExecContext(ctx, migrations.PartitionDossiers); err != nil {
		t.Fatalf("partitioning again: %v", err)
	}

	// The rows moved intact, IDs included.
	want, _, err := bench.Digest(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := bench.Digest(ctx, part); err != nil || got != want {
		t.Fatalf("digest of the partitioned database %s, want %s (%v)", got, want, err)
	}

	// The indicators request of the benchmark, for periods old and recent.
	for _, p := range []period.Period{bench.HalfYear, {Year: 2024, Kind: enum.PeriodMonth, Index: 12}, {Year: 2021, Kind: enum.PeriodYear, Index: 1}, {Year: 2022, Kind: enum.PeriodQuarter, Index: 3}} {
		a, b := indicators(t, plain, p), indicators(t, part, p)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the indicators differ:\n%s\n%s", p.Title(), a, b)
		}
	}

	// The questions through the real handler.
	envs := [2]*apitest.Env{apitest.Open(t, plainURL), apitest.Open(t, partURL)}
	ask := func(when string) {
		t.Helper()
		for _, q := range questions {
			var answers [2][]byte
			for i, env := range envs {
				r := env.Do(t, env.Token(t, q.role, q.unit), q.query, q.vars)
				if len(r.Errors) > 0 {
					t.Fatalf("%s, %s: %+v", when, q.name, r.Errors)
				}
				answers[i] = r.Data
			}
			if !bytes.Equal(answers[0], answers[1]) {
				t.Errorf("%s, %s: the answers differ:\n%s\n%s", when, q.name, answers[0], answers[1])
			}
			if !strings.Contains(string(answers[0]), q.nonEmpty) {
				t.Errorf("%s, %s: the answer lacks %s: %s", when, q.name, q.nonEmpty, answers[0])
			}
		}
		// A commune's online dossiers received since March 2022, page by
		// page to the end, ordered by receipt and code.
		pages, after := 0, any(nil)
		for ; pages < 100; pages++ {
			var answers [2]json.RawMessage
			for i, env := range envs {
				answers[i] = env.Do(t, env.Token(t, viewer.CommuneOfficer, "90001"), `query($after: Cursor) {
					dossiers(first: 100, after: $after, where: {channel: ONLINE, receivedAtGTE: "2022-03-01T00:00:00+07:00"}, orderBy: [{field: RECEIVED_AT}, {field: CODE}]) {
						totalCount pageInfo { hasNextPage endCursor } edges { node { code receivedAt } } } }`, map[string]any{"after": after}).Data
			}
			if !bytes.Equal(answers[0], answers[1]) {
				t.Fatalf("%s, page %d: the answers differ:\n%s\n%s", when, pages+1, answers[0], answers[1])
			}
			var page struct {
				Dossiers struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			if err := json.Unmarshal(answers[0], &page); err != nil {
				t.Fatal(err)
			}
			if !page.Dossiers.PageInfo.HasNextPage {
				break
			}
			after = page.Dossiers.PageInfo.EndCursor
		}
		if pages < 2 {
			t.Errorf("%s: %d pages of a commune's online dossiers", when, pages+1)
		}
	}
	ask("as generated")

	// The same writes on both: a new dossier, moved to another year (and so
	// to another partition on one side), then finished, and feedback on it.
	var ids [2]string
	for i, env := range envs {
		ids[i] = writes(t, env)
	}
	if ids[0] != ids[1] {
		t.Errorf("the new dossier is %s unpartitioned and %s partitioned: the ID sequence did not carry on", ids[0], ids[1])
	}
	ask("after the writes")
	for i, env := range envs {
		var got struct {
			Node struct{ Code, ReceivedAt, Status string }
		}
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, bench.ProvinceCode), `query($id: ID!) { node(id: $id) { ... on Dossier { code receivedAt status } } }`, map[string]any{"id": ids[i]}, &got)
		if got.Node.Code != "SCALE-1" || got.Node.ReceivedAt != "2023-12-30T09:00:00Z" || got.Node.Status != "RETURNED" {
			t.Errorf("%d: node %s is %+v", i, ids[i], got.Node)
		}
	}

	// The foreign key of feedback to its dossier, a trigger on the
	// partitioned side, refuses a dossier that does not exist alike.
	for i, db := range []*database.DB{plain, part} {
		_, err := db.SQL.Exec(`INSERT INTO feedbacks (created_at, updated_at, received_at, content, unit_id, dossier_id)
			SELECT now(), now(), now(), 'x', unit_id, id + 1000000 FROM dossiers ORDER BY id DESC LIMIT 1`)
		if err == nil || !strings.Contains(err.Error(), "violates foreign key constraint") {
			t.Errorf("%d: feedback on a dossier that does not exist: %v", i, err)
		}
	}

	// The consequence: the code of a dossier of 2023 used again in 2024 is a
	// conflict on one table, accepted on the partitioned one, where codes are
	// unique per unit within a year (the partition) only. Within a year both
	// refuse it.
	for i, env := range envs {
		tok := env.Token(t, viewer.CommuneOfficer, "90001")
		unit, proc := unitAndProcedure(t, env, tok)
		var first struct {
			Dossiers struct {
				Edges []struct{ Node struct{ ReceivedAt string } }
			}
		}
		env.OK(t, tok, `{ dossiers(where: {code: "90001-0000001"}) { edges { node { receivedAt } } } }`, nil, &first)
		if len(first.Dossiers.Edges) != 1 {
			t.Fatalf("the dossier 90001-0000001: %+v", first)
		}
		year := "2024" // another year than the first dossier's
		if strings.HasPrefix(first.Dossiers.Edges[0].Node.ReceivedAt, "2024") {
			year = "2022"
		}
		input := map[string]any{"code": "90001-0000001", "channel": "DIRECT", "unitID": unit, "procedureID": proc,
			"receivedAt": year + "-06-03T08:00:00+07:00", "dueAt": year + "-06-04T16:30:00+07:00"}
		r := env.Do(t, tok, `mutation($input: CreateDossierInput!) { createDossier(input: $input) { id } }`, map[string]any{"input": input})
		switch {
		case i == 0 && (len(r.Errors) == 0 || r.Errors[0].Code() != "CONFLICT"):
			t.Errorf("unpartitioned: the same code in another year: %s %+v", r.Data, r.Errors)
		case i == 1 && len(r.Errors) > 0:
			t.Errorf("partitioned: the same code in another year: %+v", r.Errors)
		}
		input["code"], input["receivedAt"], input["dueAt"] = "SCALE-1", "2023-12-29T08:00:00+07:00", "2024-01-03T16:30:00+07:00"
		env.Fail(t, tok, `mutation($input: CreateDossierInput!) { createDossier(input: $input) { id } }`, map[string]any{"input": input}, "CONFLICT")
	}
}

// indicators is the benchmark's request for p on db, as JSON.
func indicators(t *testing.T, db *database.DB, p period.Period) []byte {
	t.Helper()
	vctx, err := bench.Context(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := bench.Request(vctx, bench.Engine(db), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 8 {
		t.Fatalf("%s: %d units", p.Title(), len(ins))
	}
	b, err := json.Marshal(ins)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// unitAndProcedure returns the global IDs of commune 90001 and of a procedure.
func unitAndProcedure(t *testing.T, env *apitest.Env, tok string) (unit, procedure string) {
	t.Helper()
	var got struct {
		Units struct {
			Edges []struct{ Node struct{ ID string } }
		}
		Procedures struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	env.OK(t, tok, `{ units(where: {code: "90001"}) { edges { node { id } } } procedures(first: 1, orderBy: [{field: CODE}]) { edges { node { id } } } }`, nil, &got)
	return got.Units.Edges[0].Node.ID, got.Procedures.Edges[0].Node.ID
}

// writes makes the same changes through the API: a new dossier of commune
// 90001 in 2024, moved back to the end of 2023, then returned to the
// citizen, and feedback about it. It returns the dossier's ID.
func writes(t *testing.T, env *apitest.Env) string {
	t.Helper()
	tok := env.Token(t, viewer.CommuneOfficer, "90001")
	unit, proc := unitAndProcedure(t, env, tok)
	var created struct{ CreateDossier struct{ ID string } }
	env.OK(t, tok, `mutation($input: CreateDossierInput!) { createDossier(input: $input) { id } }`, map[string]any{"input": map[string]any{
		"code": "SCALE-1", "channel": "ONLINE", "unitID": unit, "procedureID": proc,
		"receivedAt": "2024-01-02T09:00:00+07:00", "dueAt": "2024-01-03T16:30:00+07:00",
	}}, &created)
	id := created.CreateDossier.ID
	const update = `mutation($id: ID!, $v: Int!, $input: UpdateDossierInput!) { updateDossier(id: $id, version: $v, input: $input) { id } }`
	env.OK(t, tok, update, map[string]any{"id": id, "v": 1, "input": map[string]any{
		"receivedAt": "2023-12-30T16:00:00+07:00", "dueAt": "2024-01-03T16:30:00+07:00",
	}}, nil)
	env.OK(t, tok, update, map[string]any{"id": id, "v": 2, "input": map[string]any{
		"status": "RETURNED", "finishedAt": "2024-01-02T10:00:00+07:00",
	}}, nil)
	env.OK(t, tok, `mutation($input: CreateFeedbackInput!) { createFeedback(input: $input) { id } }`, map[string]any{"input": map[string]any{
		"unitID": unit, "dossierID": id, "receivedAt": "2024-01-05T09:00:00+07:00", "content": fmt.Sprintf("Phản ánh về hồ sơ %s", "SCALE-1"),
	}}, nil)
	return id
}
