package server_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// storedVersion reads the version of the record id of table as stored, past
// the API; 1, the version every record starts at, when there is none.
func storedVersion(t *testing.T, env *apitest.Env, table, id string) int {
	t.Helper()
	var v int
	err := env.DB.SQL.QueryRow(fmt.Sprintf("SELECT version FROM %s WHERE id = %s", table, id)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 1
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// recordVersion reads the version of the record id of type typ as the
// province's officer reads it: every record of the demonstration data.
func recordVersion(t *testing.T, env *apitest.Env, typ, id string) int {
	t.Helper()
	var got struct{ Node struct{ Version int } }
	env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { version } } }`, typ),
		map[string]any{"id": id}, &got)
	if got.Node.Version < 1 {
		t.Fatalf("%s %s has version %d", typ, id, got.Node.Version)
	}
	return got.Node.Version
}

// refusedStale sends query with vars but at a version the record does not
// have (v, its version as stored, plus one), and checks that the change is
// refused with CONFLICT naming version, what was sent and what is stored.
func refusedStale(t *testing.T, env *apitest.Env, token, query string, vars map[string]any) {
	t.Helper()
	v, _ := vars["v"].(int)
	stale := maps.Clone(vars)
	stale["v"] = v + 1
	e := env.Fail(t, token, query, stale, "CONFLICT")
	if e.Extensions["field"] != "version" || e.Extensions["expected"] != float64(v+1) || e.Extensions["actual"] != float64(v) ||
		!strings.Contains(e.Message, fmt.Sprintf("(version %d, you sent %d): read it again and retry", v, v+1)) {
		t.Errorf("a change made against version %d of a record at version %d: %+v", v+1, v, e)
	}
}

func auditCount(t *testing.T, env *apitest.Env) int {
	t.Helper()
	var n int
	if err := env.DB.SQL.QueryRow("SELECT COUNT(*) FROM audit_entries").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type versionedDossier struct {
	ID, Code string
	Version  int
}

// taiSonDossier returns a dossier of Tái Sơn with its version.
func taiSonDossier(t *testing.T, env *apitest.Env, token string, skip int) versionedDossier {
	t.Helper()
	var list struct {
		Dossiers struct {
			Edges []struct{ Node versionedDossier }
		}
	}
	env.OK(t, token, `{ dossiers(first: 5, where: {hasUnitWith: {code: "11098"}}, orderBy: [{field: CODE}]) { edges { node { id code version } } } }`, nil, &list)
	return list.Dossiers.Edges[skip].Node
}

const updateDossierCode = `mutation($id: ID!, $v: Int!, $code: String!) { updateDossier(id: $id, version: $v, input: {code: $code}) { id code version } }`

// TestOptimisticLocking: an update made against the version the client read
// succeeds and increments it; one made against an older version is refused
// with CONFLICT and writes nothing, not even an audit entry.
func TestOptimisticLocking(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		d := taiSonDossier(t, env, taiSon, 0)
		entries := auditCount(t, env)

		var upd struct{ UpdateDossier versionedDossier }
		env.OK(t, taiSon, updateDossierCode, map[string]any{"id": d.ID, "v": d.Version, "code": "LOCK-1"}, &upd)
		if upd.UpdateDossier.Version != d.Version+1 || upd.UpdateDossier.Code != "LOCK-1" {
			t.Fatalf("an update of version %d: %+v", d.Version, upd.UpdateDossier)
		}

		// Someone who read the dossier before that update sends theirs.
		e := env.Fail(t, taiSon, updateDossierCode, map[string]any{"id": d.ID, "v": d.Version, "code": "LOCK-STALE"}, "CONFLICT")
		want := fmt.Sprintf("version: dossier %s was changed by someone else (version %d, you sent %d): read it again and retry", d.ID, d.Version+1, d.Version)
		if e.Message != want || e.Extensions["field"] != "version" || e.Extensions["expected"] != float64(d.Version) || e.Extensions["actual"] != float64(d.Version+1) {
			t.Errorf("a stale update: %+v, want the message %q", e, want)
		}
		env.Fail(t, taiSon, `mutation($id: ID!, $v: Int!) { archiveDossier(id: $id, version: $v) { id } }`, map[string]any{"id": d.ID, "v": d.Version}, "CONFLICT")
		var now struct {
			Node versionedDossier
		}
		env.OK(t, taiSon, `query($id: ID!) { node(id: $id) { ... on Dossier { id code version } } }`, map[string]any{"id": d.ID}, &now)
		if now.Node.Code != "LOCK-1" || now.Node.Version != d.Version+1 {
			t.Errorf("stale writes must change nothing: %+v", now.Node)
		}
		if n := auditCount(t, env); n != entries+1 {
			t.Errorf("%d audit entries after one update and two refused changes, want %d", n, entries+1)
		}

		// A version no record has; none at all.
		if e := env.Fail(t, taiSon, updateDossierCode, map[string]any{"id": d.ID, "v": 0, "code": "LOCK-0"}, "BAD_USER_INPUT"); e.Extensions["field"] != "version" {
			t.Errorf("version 0: %+v", e)
		}
		env.Fail(t, taiSon, `mutation($id: ID!) { updateDossier(id: $id, input: {code: "LOCK-2"}) { id } }`, map[string]any{"id": d.ID}, "GRAPHQL_VALIDATION_FAILED")

		// A record out of the caller's scope answers as a missing one, whatever
		// the version: its version is not told.
		giaHoa := env.Token(t, viewer.CommuneOfficer, "11023")
		missing := env.Fail(t, giaHoa, updateDossierCode, map[string]any{"id": "12884999999", "v": 1, "code": "X"}, "NOT_FOUND")
		for _, v := range []int{d.Version, d.Version + 1, 0} {
			if e := env.Fail(t, giaHoa, updateDossierCode, map[string]any{"id": d.ID, "v": v, "code": "X"}, "NOT_FOUND"); e.Message != missing.Message {
				t.Errorf("version %d of a dossier out of scope: %+v, a missing one answers %+v", v, e, missing)
			}
		}
	})
}

// TestConcurrentUpdatesOneWins: writers that read the same version and send
// their updates at once: exactly one wins, every other gets CONFLICT, and
// the record holds the winner's change at the next version. On PostgreSQL
// the requests run in concurrent transactions; SQLite serialises them.
func TestConcurrentUpdatesOneWins(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		d := taiSonDossier(t, env, taiSon, 1)
		const writers = 8
		for round := range 5 {
			v := storedVersion(t, env, "dossiers", d.ID)
			entries := auditCount(t, env)
			answers := make([]*apitest.Response, writers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range writers {
				wg.Go(func() {
					<-start
					answers[i] = env.Do(t, taiSon, updateDossierCode, map[string]any{"id": d.ID, "v": v, "code": fmt.Sprintf("RACE-%d-%d", round, i)})
				})
			}
			close(start)
			wg.Wait()
			winner := ""
			for i, r := range answers {
				switch {
				case r == nil:
					t.Fatalf("round %d: writer %d got no answer", round, i)
				case len(r.Errors) == 0 && r.Status == http.StatusOK:
					if winner != "" {
						t.Errorf("round %d: writers %s and %d both won with version %d", round, winner, i, v)
					}
					winner = fmt.Sprintf("RACE-%d-%d", round, i)
				case r.Errors[0].Code() != "CONFLICT" || r.Errors[0].Extensions["field"] != "version" || r.Errors[0].Extensions["actual"] != float64(v+1):
					t.Errorf("round %d: writer %d: %+v", round, i, r.Errors)
				}
			}
			var code string
			var now int
			if err := env.DB.SQL.QueryRow("SELECT code, version FROM dossiers WHERE id = "+d.ID).Scan(&code, &now); err != nil {
				t.Fatal(err)
			}
			if winner == "" || code != winner || now != v+1 {
				t.Errorf("round %d: stored %s at version %d, want the winner's %q at %d", round, code, now, winner, v+1)
			}
			if n := auditCount(t, env); n != entries+1 {
				t.Errorf("round %d: %d new audit entries, want the winner's one", round, n-entries)
			}
		}
	})
}

// TestMultiRecordMutationWritesNothing: one mutation of several fields
// writes several records in one transaction; when a later field fails (a
// stale version), the records the earlier ones created or changed, their
// versions and audit entries, are all rolled back.
func TestMultiRecordMutationWritesNothing(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		first, second := taiSonDossier(t, env, taiSon, 0), taiSonDossier(t, env, taiSon, 1)
		var feedbacks int
		count := func() int {
			if err := env.DB.SQL.QueryRow("SELECT COUNT(*) FROM feedbacks").Scan(&feedbacks); err != nil {
				t.Fatal(err)
			}
			return feedbacks
		}
		before, entries := count(), auditCount(t, env)
		r := env.Do(t, taiSon, `mutation($a: ID!, $va: Int!, $b: ID!, $vb: Int!, $unit: ID!) {
  renamed: updateDossier(id: $a, version: $va, input: {code: "MULTI-1"}) { id }
  created: createFeedback(input: {unitID: $unit, receivedAt: "2024-01-02T08:00:00+07:00", content: "Phản ánh trong giao dịch"}) { id }
  stale: updateDossier(id: $b, version: $vb, input: {code: "MULTI-2"}) { id }
}`, map[string]any{"a": first.ID, "va": first.Version, "b": second.ID, "vb": second.Version + 1, "unit": fmt.Sprint(env.UnitID(t, "11098"))})
		if len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
			t.Fatalf("want the third field's CONFLICT, got %s %+v", r.Data, r.Errors)
		}
		if got := taiSonDossier(t, env, taiSon, 0); got != first {
			t.Errorf("the first field's update must roll back: %+v, was %+v", got, first)
		}
		if n := count(); n != before {
			t.Errorf("the second field's feedback must roll back: %d feedbacks, was %d", n, before)
		}
		if n := auditCount(t, env); n != entries {
			t.Errorf("their audit entries must roll back: %d, was %d", n, entries)
		}
	})
}

// creates are the prefixes of the mutations that make a new record: they take
// no version. Every other mutation changes a record that exists and takes
// the version the client read.
var creates = []string{"create", "start", "add", "copy"}

// staleChecked are the mutations of a workflow that take a version, each
// with the test that sends it a stale one in a state where it would
// otherwise succeed. updateX and archiveX are checked here, all of them.
var staleChecked = map[string]string{
	"submitReport": "TestReportWorkflow", "acceptReport": "TestReportWorkflow", "returnReport": "TestReportWorkflow",
	"setCriterionRule": "TestFrameworkLifecycle", "publishScoringFramework": "TestFrameworkLifecycle",
	"scoreCriterion": "TestAssessmentWorkflow", "submitSelfAssessment": "TestAssessmentWorkflow",
	"appraiseCriterion": "TestAssessmentWorkflow", "completeAppraisal": "TestAssessmentWorkflow",
	"setFinalScore": "TestAssessmentWorkflow", "approveAssessment": "TestAssessmentWorkflow",
	"returnAssessment": "TestAssessmentWorkflow",
}

// TestEveryChangeTakesVersion reads the Mutation type by introspection:
// every mutation that changes an existing record requires the version the
// client read (version: Int!), so that no new mutation can forget it; then
// every updateX and archiveX is sent a stale version on a record the caller
// may change (CONFLICT, version unchanged) and the current one (the version
// goes up by one).
func TestEveryChangeTakesVersion(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		var schema struct {
			Type struct {
				Fields []struct {
					Name string
					Args []struct {
						Name string
						Type struct {
							Kind   string
							OfType *struct{ Kind, Name string }
						}
					}
				}
			} `json:"__type"`
		}
		env.OK(t, env.Token(t, viewer.Analyst, "30"), `{ __type(name: "Mutation") { fields { name args { name type { kind ofType { kind name } } } } } }`, nil, &schema)
		var generic []string
		for _, f := range schema.Type.Fields {
			creating := false
			for _, p := range creates {
				creating = creating || strings.HasPrefix(f.Name, p)
			}
			required := false
			for _, a := range f.Args {
				if a.Name == "version" {
					required = a.Type.Kind == "NON_NULL" && a.Type.OfType != nil && a.Type.OfType.Name == "Int"
					if !required {
						t.Errorf("%s takes version as %+v, not Int!", f.Name, a.Type)
					}
				}
			}
			op, _ := splitMutation(f.Name)
			switch {
			case creating:
			case !required:
				t.Errorf("mutation %s changes a record but does not require the version the client read (version: Int!, passed to SetVersion)", f.Name)
			case op == "update" || op == "archive":
				generic = append(generic, f.Name)
			case staleChecked[f.Name] == "":
				t.Errorf("mutation %s takes a version: send it a stale one in a test and list it in staleChecked", f.Name)
			}
		}
		if len(generic) < 29 {
			t.Fatalf("introspection found %d updateX and archiveX mutations: %v", len(generic), generic)
		}

		m := newMatrix(t, env)
		for _, name := range generic {
			op, typ := splitMutation(name)
			if !slices.ContainsFunc(callers, func(c caller) bool { _, w := permission(c, typ); return w != "" }) {
				continue // written by no role through the API (the national catalogue): refused before any version
			}
			c, id := m.writer(op, typ)
			if id == "" { // none in the demonstration data (disciplinary actions of Tái Sơn)
				m.create(t, typ)
				c, id = m.writer(op, typ)
			}
			if id == "" {
				t.Errorf("%s: no caller may change a record of the demonstration data", name)
				continue
			}
			q := fmt.Sprintf(`mutation($id: ID!, $v: Int!) { r: %s(id: $id, version: $v) { id version } }`, name)
			if op == "update" {
				q = fmt.Sprintf(`mutation($id: ID!, $v: Int!) { r: %s(id: $id, version: $v, input: {}) { id version } }`, name)
			}
			v := recordVersion(t, env, typ, id)
			refusedStale(t, env, m.tokens[c], q, map[string]any{"id": id, "v": v})
			if now := recordVersion(t, env, typ, id); now != v {
				t.Errorf("%s: a refused change moved %s %s from version %d to %d", name, typ, id, v, now)
			}
			var got struct{ R struct{ Version int } }
			env.OK(t, m.tokens[c], q, map[string]any{"id": id, "v": v}, &got)
			if got.R.Version != v+1 {
				t.Errorf("%s of %s %s at version %d answered version %d", name, typ, id, v, got.R.Version)
			}
			if op == "archive" {
				m.load(t)
			}
		}
	})
}

// writer returns a caller who may make op on a record of type typ, and the record.
func (m *matrix) writer(op, typ string) (caller, string) {
	for _, c := range callers {
		for _, code := range []string{c.unit, "11098", "298", "30", ""} { // "": the procedure catalogue
			if id := m.idOf(typ, code); id != "" && m.expect(c, op, typ, code) == "OK" {
				return c, id
			}
		}
	}
	return caller{}, ""
}

// create makes a record of type typ, by the first caller who may, in its own unit.
func (m *matrix) create(t *testing.T, typ string) {
	for _, c := range callers {
		if in := m.createInput(t, typ, c.unit, 1); in != nil && m.expect(c, "create", typ, c.unit) == "OK" {
			m.env.OK(t, m.tokens[c], fmt.Sprintf(`mutation($in: Create%sInput!) { create%s(input: $in) { id } }`, typ, typ), map[string]any{"in": in}, nil)
			m.load(t)
			return
		}
	}
}

// TestConcurrentStatusChangesKeepTheTally: writers racing to move one
// dossier to different statuses with the version they all read; the
// winner's move alone is counted in the monthly tally (internal/tally), which
// takes the row as the version check read it, without a lock of its own.
func TestConcurrentStatusChangesKeepTheTally(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		const move = `mutation($id: ID!, $v: Int!, $input: UpdateDossierInput!) { updateDossier(id: $id, version: $v, input: $input) { id } }`
		inputs := []map[string]any{
			{"status": "IN_PROGRESS", "clearFinishedAt": true},
			{"status": "RESOLVED", "finishedAt": "2023-12-30T10:00:00+07:00"},
			{"status": "REJECTED", "finishedAt": "2023-12-29T10:00:00+07:00"},
			{"status": "SUPPLEMENT_REQUESTED", "clearFinishedAt": true},
		}
		for round := range 6 {
			d := taiSonDossier(t, env, taiSon, round%5)
			v := storedVersion(t, env, "dossiers", d.ID)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 8 {
				wg.Go(func() {
					<-start
					env.Do(t, taiSon, move, map[string]any{"id": d.ID, "v": v, "input": inputs[(i+round)%len(inputs)]})
				})
			}
			close(start)
			wg.Wait()
			if err := tally.Verify(context.Background(), env.DB.SQL); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	})
}
