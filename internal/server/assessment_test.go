package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
	"testing"
	"time"

	"cchc/ent/privacy"
	"cchc/ent/scoringframework"
	"cchc/internal/apitest"
	"cchc/internal/assessment"
	"cchc/internal/scoring"
	"cchc/internal/viewer"
)

// testFramework builds past the privacy rules, as the province's own
// mutations would, a framework of province 30 for 2023 (or year), worth 100:
//
//	1    Chỉ đạo, điều hành (MANUAL)          60
//	1.1    kế hoạch CCHC                       40
//	1.2    tuyên truyền                        20
//	2    Thủ tục hành chính                    40
//	2.1    ONLINE_RATE, full points at 50%    20
//	2.2    ON_TIME_RATE, bands                 20
//
// published or left a DRAFT. It returns the framework's ID and the IDs of
// its criteria by code.
func testFramework(t *testing.T, env *apitest.Env, level scoringframework.Level, year int, publish bool) (int, map[string]int) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	c := env.DB.Client
	fw, err := c.ScoringFramework.Create().SetUnitID(env.UnitID(t, "30")).SetYear(year).SetLevel(level).
		SetTitle(fmt.Sprintf("Bộ chỉ số CCHC cấp %s năm %d (thử)", level, year)).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	add := func(code, parent string, max float64, area scoring.Area, ind scoring.Indicator, rule scoring.Rule) {
		cr := c.Criterion.Create().SetFrameworkID(fw.ID).SetCode(code).SetTitle("Tiêu chí " + code).SetMaxPoints(max).SetArea(area)
		if parent != "" {
			cr.SetParentID(ids[parent])
		}
		if ind != "" {
			cr.SetMethod(scoring.MethodIndicator).SetIndicator(ind).SetRuleKind(rule.Kind)
			if rule.Kind == scoring.RuleThreshold {
				cr.SetThreshold(rule.Threshold)
			} else {
				cr.SetBands(rule.Bands)
			}
		}
		ids[code] = cr.SaveX(ctx).ID
	}
	add("1", "", 60, scoring.AreaDirection, "", scoring.Rule{})
	add("1.1", "1", 40, scoring.AreaDirection, "", scoring.Rule{})
	add("1.2", "1", 20, scoring.AreaDirection, "", scoring.Rule{})
	add("2", "", 40, scoring.AreaProcedures, "", scoring.Rule{})
	add("2.1", "2", 20, scoring.AreaProcedures, scoring.IndicatorOnlineRate, scoring.Rule{Kind: scoring.RuleThreshold, Threshold: 0.5})
	add("2.2", "2", 20, scoring.AreaProcedures, scoring.IndicatorOnTimeRate, scoring.Rule{Kind: scoring.RuleBands, Bands: onTimeBands})
	if publish {
		c.ScoringFramework.UpdateOne(fw).SetStatus(scoringframework.StatusPUBLISHED).SetPublishedAt(time.Now()).ExecX(ctx)
	}
	return fw.ID, ids
}

// onTimeBands is the rule of criterion 2.2 of testFramework.
var onTimeBands = []scoring.RuleBand{{AtLeast: 0.8, Points: 8}, {AtLeast: 0.9, Points: 14}, {AtLeast: 0.95, Points: 17}, {AtLeast: 1, Points: 20}}

const assessmentFields = `id status updatedAt selfAssessedAt selfAssessedBy appraisedAt appraisedBy approvedAt approvedBy
  returnedAt returnedBy returnReason unit { code }
  scores { id updatedAt criterion { code } notApplicable selfScore selfNote computedValue formula
    appraisedScore appraisalReason finalScore finalReason
    evidence { id title url fileName contentType size sha256 addedBy } }`

const (
	startAssessment = `mutation($fw: ID!, $unit: ID) { startAssessment(frameworkID: $fw, unitID: $unit) { ` + assessmentFields + ` } }`
	scoreCriterion  = `mutation($a: ID!, $c: ID!, $v: Int!, $score: Float, $na: Boolean, $note: String) {
  scoreCriterion(assessmentID: $a, criterionID: $c, version: $v, score: $score, notApplicable: $na, note: $note) { id selfScore notApplicable selfNote } }`
	addEvidence = `mutation($s: ID!, $title: String!, $url: String, $file: Upload) {
  addEvidence(scoreID: $s, title: $title, url: $url, file: $file) { id title url fileName contentType size sha256 addedBy } }`
	submitSelfAssessment = `mutation($id: ID!, $v: Int!) { submitSelfAssessment(id: $id, version: $v) { ` + assessmentFields + ` } }`
	appraiseCriterion    = `mutation($a: ID!, $c: ID!, $v: Int!, $score: Float!, $reason: String) {
  appraiseCriterion(assessmentID: $a, criterionID: $c, version: $v, score: $score, reason: $reason) { id appraisedScore appraisalReason } }`
	completeAppraisal = `mutation($id: ID!, $v: Int!) { completeAppraisal(id: $id, version: $v) { ` + assessmentFields + ` } }`
	setFinalScore     = `mutation($a: ID!, $c: ID!, $v: Int!, $score: Float!, $reason: String!) {
  setFinalScore(assessmentID: $a, criterionID: $c, version: $v, score: $score, reason: $reason) { id finalScore finalReason } }`
	approveAssessment = `mutation($id: ID!, $v: Int!) { approveAssessment(id: $id, version: $v) { ` + assessmentFields + ` } }`
	returnAssessment  = `mutation($id: ID!, $v: Int!, $reason: String!) { returnAssessment(id: $id, version: $v, reason: $reason) { ` + assessmentFields + ` } }`
	readAssessment    = `query($id: ID!) { node(id: $id) { ... on Assessment { ` + assessmentFields + ` } } }`
)

type evidenceAnswer struct {
	ID, Title, AddedBy                 string
	URL, FileName, ContentType, Sha256 *string
	Size                               int64
}

type scoreAnswer struct {
	ID, UpdatedAt                                        string
	Criterion                                            struct{ Code string }
	NotApplicable                                        bool
	SelfScore, ComputedValue, AppraisedScore, FinalScore *float64
	SelfNote, Formula, AppraisalReason, FinalReason      *string
	Evidence                                             []evidenceAnswer
}

type assessmentAnswer struct {
	ID, Status, UpdatedAt                                                string
	SelfAssessedAt, SelfAssessedBy, AppraisedAt, AppraisedBy, ApprovedAt *string
	ApprovedBy, ReturnedAt, ReturnedBy, ReturnReason                     *string
	Unit                                                                 struct{ Code string }
	Scores                                                               []scoreAnswer
}

// score returns the score of the criterion with code.
func (a *assessmentAnswer) score(t *testing.T, code string) scoreAnswer {
	t.Helper()
	for _, s := range a.Scores {
		if s.Criterion.Code == code {
			return s
		}
	}
	t.Fatalf("assessment %s has no score of criterion %s: %+v", a.ID, code, a.Scores)
	return scoreAnswer{}
}

// party is a caller of the workflow tests, named for messages.
type party struct {
	name string
	role viewer.Role
	unit string
}

var (
	taiSonOfficer   = party{"Tái Sơn's officer", viewer.CommuneOfficer, "11098"}
	districtOfficer = party{"district 298's officer", viewer.DistrictOfficer, "298"}
	provinceOfficer = party{"province 30's officer", viewer.ProvinceOfficer, "30"}
	// parties are everyone who may try a step on Tái Sơn's assessment; the
	// last three cannot read it.
	parties = []party{
		taiSonOfficer, districtOfficer, provinceOfficer,
		{"analyst of 298", viewer.Analyst, "298"},
		{"scoring service of 30", viewer.ScoringService, "30"},
		{"Gia Hòa's officer", viewer.CommuneOfficer, "11023"},
		{"Quang Phục's officer", viewer.CommuneOfficer, "11101"},
		{"district 297's officer", viewer.DistrictOfficer, "297"},
	}
)

// outsider tells whether p cannot read Tái Sơn's records.
func outsider(p party) bool { return p.unit == "11023" || p.unit == "11101" || p.unit == "297" }

// workflow holds the tokens of every party.
type workflow struct {
	env    *apitest.Env
	tokens map[party]string
}

func newWorkflow(t *testing.T, env *apitest.Env) *workflow {
	w := &workflow{env: env, tokens: map[party]string{}}
	for _, p := range parties {
		w.tokens[p] = env.Token(t, p.role, p.unit)
	}
	return w
}

// read returns the assessment as the province reads it, and its raw JSON.
func (w *workflow) read(t *testing.T, id string) (assessmentAnswer, string) {
	t.Helper()
	r := w.env.Do(t, w.tokens[provinceOfficer], readAssessment, map[string]any{"id": id})
	if len(r.Errors) > 0 {
		t.Fatalf("reading assessment %s: %+v", id, r.Errors)
	}
	var out struct{ Node assessmentAnswer }
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.Node, string(r.Data)
}

// refused checks that every party but those allowed is refused the step on
// the assessment id, with FORBIDDEN, or NOT_FOUND for those who cannot read
// it, and that the assessment did not change.
func (w *workflow) refused(t *testing.T, step, id, query string, vars map[string]any, allowed ...party) {
	t.Helper()
	_, before := w.read(t, id)
	for _, p := range parties {
		if contains(allowed, p) {
			continue
		}
		want := "FORBIDDEN"
		if outsider(p) {
			want = "NOT_FOUND"
		}
		r := w.env.Do(t, w.tokens[p], query, vars)
		if len(r.Errors) == 0 || r.Errors[0].Code() != want {
			t.Errorf("%s by %s: want %s, got %s %+v", step, p.name, want, r.Data, r.Errors)
		}
	}
	if _, after := w.read(t, id); after != before {
		t.Errorf("%s: refused callers changed the assessment:\nbefore %s\nafter  %s", step, before, after)
	}
}

func contains(ps []party, p party) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// conflict checks that the step answers CONFLICT with field status.
func (w *workflow) conflict(t *testing.T, step string, p party, query string, vars map[string]any) {
	t.Helper()
	if e := w.env.Fail(t, w.tokens[p], query, vars, "CONFLICT"); e.Extensions["field"] != "status" {
		t.Errorf("%s by %s: %+v", step, p.name, e)
	}
}

// badInput checks that the request answers BAD_USER_INPUT naming field, and
// returns the message.
func badInput(t *testing.T, env *apitest.Env, token, query string, vars map[string]any, field string) string {
	t.Helper()
	e := env.Fail(t, token, query, vars, "BAD_USER_INPUT")
	if e.Extensions["field"] != field {
		t.Errorf("want field %s, got %+v", field, e)
	}
	return e.Message
}

// upload posts a GraphQL multipart request whose variable file is the given
// file (the GraphQL multipart request spec).
func upload(t *testing.T, env *apitest.Env, token, query string, vars map[string]any, name, contentType string, content []byte) *apitest.Response {
	t.Helper()
	body, ctype := multipartBody(t, query, vars, name, contentType, content)
	res, raw := env.Post(t, token, "/graphql", ctype, body)
	var out apitest.Response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("HTTP %d, not a GraphQL answer: %.200s", res.StatusCode, raw)
	}
	out.Status = res.StatusCode
	return &out
}

func multipartBody(t *testing.T, query string, vars map[string]any, name, contentType string, content []byte) (string, string) {
	t.Helper()
	vars["file"] = nil
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("operations", string(ops))
	w.WriteField("map", `{"0": ["variables.file"]}`)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "0", "filename": name}))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	return b.String(), w.FormDataContentType()
}

// randomFile is n bytes of a PDF-looking file, the same for a seed.
func randomFile(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	copy(b, "%PDF-1.4\n")
	return b
}

// at returns vars with v, the version of the record a step changes as it is
// stored now: the assessment id, or the score of criterion c in assessment a.
func (w *workflow) at(t *testing.T, vars map[string]any) map[string]any {
	t.Helper()
	out := maps.Clone(vars)
	if id, ok := vars["id"]; ok {
		out["v"] = storedVersion(t, w.env, "assessments", fmt.Sprint(id))
	} else {
		var v int
		err := w.env.DB.SQL.QueryRow(fmt.Sprintf("SELECT version FROM criterion_scores WHERE assessment_id = %s AND criterion_id = %s", vars["a"], vars["c"])).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) { // no score: a step refused for its criterion
			t.Fatal(err)
		}
		out["v"] = v
	}
	return out
}

func vars(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func gid(id int) string { return fmt.Sprint(id) }

// TestAssessmentWorkflow walks Tái Sơn's assessment of 2023 through every
// step with the tokens of the three levels, refusing every other caller at
// each step; then the return paths (Quang Phục), the district level, and
// bad input (Tứ Xuyên).
func TestAssessmentWorkflow(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		withoutDemoScoring(t, env)
		fw, crit := testFramework(t, env, scoringframework.LevelCOMMUNE, 2023, true)
		w := newWorkflow(t, env)
		t.Run("walk", func(t *testing.T) { walkTaiSon(t, w, fw, crit) })
		t.Run("returns", func(t *testing.T) { returnPaths(t, w, fw, crit) })
		t.Run("district level", func(t *testing.T) { districtLevel(t, w) })
		t.Run("bad input", func(t *testing.T) { badAssessmentInput(t, w, fw, crit) })
	})
}

func walkTaiSon(t *testing.T, w *workflow, fw int, crit map[string]int) {
	env := w.env
	commune, district, province := w.tokens[taiSonOfficer], w.tokens[districtOfficer], w.tokens[provinceOfficer]
	taiSon := env.UnitID(t, "11098")

	// Start: only Tái Sơn's officers; nothing is created otherwise.
	for _, p := range parties[1:] {
		want := "FORBIDDEN"
		if outsider(p) {
			want = "NOT_FOUND"
		}
		env.Fail(t, w.tokens[p], startAssessment, vars("fw", gid(fw), "unit", gid(taiSon)), want)
	}
	var count struct{ Assessments struct{ TotalCount int } }
	env.OK(t, province, `{ assessments { totalCount } }`, nil, &count)
	if count.Assessments.TotalCount != 0 {
		t.Fatalf("refused starts created %d assessments", count.Assessments.TotalCount)
	}
	var started struct{ StartAssessment assessmentAnswer }
	env.OK(t, commune, startAssessment, vars("fw", gid(fw)), &started)
	a := started.StartAssessment
	id := a.ID
	if a.Status != "DRAFT" || a.Unit.Code != "11098" || len(a.Scores) != 4 {
		t.Fatalf("started %+v", a)
	}
	for _, code := range []string{"1.1", "1.2"} {
		if s := a.score(t, code); s.SelfScore != nil || s.NotApplicable || s.Formula != nil {
			t.Errorf("manual criterion %s starts scored: %+v", code, s)
		}
	}
	checkTaiSonIndicators(t, env, commune, &a)
	if e := env.Fail(t, commune, startAssessment, vars("fw", gid(fw)), "CONFLICT"); e.Extensions["field"] != "frameworkID" {
		t.Errorf("second start: %+v", e)
	}
	// Nothing to appraise or approve yet.
	w.conflict(t, "appraising a draft", districtOfficer, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 10)))
	w.conflict(t, "completing the appraisal of a draft", districtOfficer, completeAppraisal, w.at(t, vars("id", id)))
	w.conflict(t, "approving a draft", provinceOfficer, approveAssessment, w.at(t, vars("id", id)))
	w.conflict(t, "returning a draft", districtOfficer, returnAssessment, w.at(t, vars("id", id, "reason", "x")))

	// Self-assessment by the commune.
	score11 := vars("a", id, "c", gid(crit["1.1"]), "score", 35, "note", "Ban hành đủ kế hoạch; thiếu 1 báo cáo quý")
	w.refused(t, "self-scoring", id, scoreCriterion, w.at(t, score11), taiSonOfficer)
	var scored struct{ ScoreCriterion scoreAnswer }
	refusedStale(t, env, commune, scoreCriterion, w.at(t, score11))
	env.OK(t, commune, scoreCriterion, w.at(t, score11), &scored)
	if s := scored.ScoreCriterion; s.SelfScore == nil || *s.SelfScore != 35 || s.SelfNote == nil || s.NotApplicable {
		t.Errorf("scored %+v", s)
	}
	env.OK(t, commune, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "score", 20)), nil)

	// Evidence: a link and a file of 1.5 MB, more than a JSON request may carry.
	a, _ = w.read(t, id)
	s11, s12 := a.score(t, "1.1"), a.score(t, "1.2")
	link := vars("s", s11.ID, "title", "Kế hoạch CCHC năm 2023", "url", "https://taison.tuky.haiduong.gov.vn/ke-hoach-cchc-2023.pdf")
	w.refused(t, "adding evidence", id, addEvidence, link, taiSonOfficer)
	var added struct{ AddEvidence evidenceAnswer }
	env.OK(t, commune, addEvidence, link, &added)
	if e := added.AddEvidence; e.URL == nil || *e.URL != link["url"] || e.FileName != nil || e.Size != 0 || e.AddedBy != "COMMUNE_OFFICER@11098" {
		t.Errorf("link evidence %+v", e)
	}
	if res, body := env.Get(t, commune, "/evidence/"+added.AddEvidence.ID); res.StatusCode != http.StatusNotFound {
		t.Errorf("downloading a link: HTTP %d %s", res.StatusCode, body)
	}
	file := randomFile(1_500_000, 11098)
	sum := sha256.Sum256(file)
	const fileName = "Quyết định tuyên truyền CCHC.pdf"
	r := upload(t, env, commune, addEvidence, vars("s", s12.ID, "title", "Quyết định số 12/QĐ-UBND"), fileName, "application/pdf", file)
	if len(r.Errors) > 0 {
		t.Fatalf("uploading: HTTP %d %+v", r.Status, r.Errors)
	}
	json.Unmarshal(r.Data, &added)
	ev := added.AddEvidence
	if ev.Size != int64(len(file)) || ev.Sha256 == nil || *ev.Sha256 != hex.EncodeToString(sum[:]) ||
		ev.FileName == nil || *ev.FileName != fileName || ev.ContentType == nil || *ev.ContentType != "application/pdf" || ev.URL != nil {
		t.Errorf("file evidence %+v", ev)
	}
	// The audit trail records the upload by its caller, with the file's size instead of its bytes.
	audit := entries(t, env, commune, map[string]any{"recordType": "Evidence", "recordID": ev.ID})
	if n := audit.AuditEntries.TotalCount; n != 1 {
		t.Fatalf("%d audit entries for the file evidence", n)
	}
	if e := audit.AuditEntries.Edges[0].Node; e.Subject != "COMMUNE_OFFICER@11098" || e.Operation != "CREATE" ||
		e.After["content"] != "1500000 bytes" || e.After["sha256"] != *ev.Sha256 {
		t.Errorf("audit entry %+v", e)
	}
	for _, p := range []party{taiSonOfficer, districtOfficer, provinceOfficer} {
		res, body := env.Get(t, w.tokens[p], "/evidence/"+ev.ID)
		if res.StatusCode != http.StatusOK || !bytes.Equal(body, file) || res.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download by %s: HTTP %d, %d bytes, headers %v", p.name, res.StatusCode, len(body), res.Header)
		}
		if _, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition")); err != nil || params["filename"] != fileName {
			t.Errorf("download by %s: Content-Disposition %q", p.name, res.Header.Get("Content-Disposition"))
		}
	}
	for _, p := range parties {
		if outsider(p) {
			if res, _ := env.Get(t, w.tokens[p], "/evidence/"+ev.ID); res.StatusCode != http.StatusNotFound {
				t.Errorf("download by %s: HTTP %d", p.name, res.StatusCode)
			}
		}
	}
	if res, _ := env.Get(t, "", "/evidence/"+ev.ID); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("download without a token: HTTP %d", res.StatusCode)
	}
	if res, _ := env.Get(t, commune, "/evidence/abc"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("download of a bad ID: HTTP %d", res.StatusCode)
	}

	// Submission, after one more online dossier of 2023: the indicators are
	// computed again from the records as they are then.
	var procs struct {
		Procedures struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	env.OK(t, commune, `{ procedures(first: 1) { edges { node { id } } } }`, nil, &procs)
	env.OK(t, commune, createDossier, vars("input", dossierInput(gid(taiSon), procs.Procedures.Edges[0].Node.ID, "TS-CHI-SO-1")), nil)
	w.refused(t, "submitting", id, submitSelfAssessment, w.at(t, vars("id", id)), taiSonOfficer)
	var sub struct{ SubmitSelfAssessment assessmentAnswer }
	refusedStale(t, env, commune, submitSelfAssessment, w.at(t, vars("id", id)))
	env.OK(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), &sub)
	if a := sub.SubmitSelfAssessment; a.Status != "SELF_ASSESSED" || a.SelfAssessedAt == nil || deref(a.SelfAssessedBy) != "COMMUNE_OFFICER@11098" {
		t.Errorf("submitted %+v", a)
	}
	checkTaiSonIndicators(t, env, commune, &sub.SubmitSelfAssessment)
	if was, now := deref(started.StartAssessment.score(t, "2.1").Formula), deref(sub.SubmitSelfAssessment.score(t, "2.1").Formula); was == now {
		t.Errorf("the online share was not computed again at the submission: %q", now)
	}
	w.conflict(t, "scoring a submitted assessment", taiSonOfficer, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 40)))
	w.conflict(t, "adding evidence to a submitted assessment", taiSonOfficer, addEvidence, link)
	w.conflict(t, "submitting twice", taiSonOfficer, submitSelfAssessment, w.at(t, vars("id", id)))
	w.conflict(t, "approving before the appraisal", provinceOfficer, approveAssessment, w.at(t, vars("id", id)))

	// Appraisal by the district: the commune, the province and the rest are refused.
	appraise11 := vars("a", id, "c", gid(crit["1.1"]), "score", 30, "reason", "Thiếu báo cáo quý III")
	w.refused(t, "appraising", id, appraiseCriterion, w.at(t, appraise11), districtOfficer)
	badInput(t, env, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 30)), "reason")
	badInput(t, env, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 30, "reason", "  ")), "reason")
	if msg := badInput(t, env, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 41, "reason", "x")), "score"); !strings.Contains(msg, "40") {
		t.Errorf("score above the maximum: %q does not name it", msg)
	}
	badInput(t, env, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1"]), "score", 30, "reason", "x")), "criterionID")
	var appraised struct{ AppraiseCriterion scoreAnswer }
	refusedStale(t, env, district, appraiseCriterion, w.at(t, appraise11))
	env.OK(t, district, appraiseCriterion, w.at(t, appraise11), &appraised)
	if s := appraised.AppraiseCriterion; deref(s.AppraisedScore) != 30 || deref(s.AppraisalReason) != "Thiếu báo cáo quý III" {
		t.Errorf("appraised %+v", s)
	}
	// The same score as the unit's needs no reason.
	env.OK(t, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "score", 20)), nil)
	w.refused(t, "completing the appraisal", id, completeAppraisal, w.at(t, vars("id", id)), districtOfficer)
	var done struct{ CompleteAppraisal assessmentAnswer }
	refusedStale(t, env, district, completeAppraisal, w.at(t, vars("id", id)))
	env.OK(t, district, completeAppraisal, w.at(t, vars("id", id)), &done)
	a = done.CompleteAppraisal
	if a.Status != "APPRAISED" || a.AppraisedAt == nil || deref(a.AppraisedBy) != "DISTRICT_OFFICER@298" {
		t.Errorf("appraisal completed %+v", a)
	}
	carried(t, "appraised", a, func(s scoreAnswer) (*float64, *float64) { return s.AppraisedScore, s.SelfScore }, 30)
	w.conflict(t, "appraising a completed appraisal", districtOfficer, appraiseCriterion, w.at(t, appraise11))

	// Approval by the province.
	final11 := vars("a", id, "c", gid(crit["1.1"]), "score", 32, "reason", "Báo cáo quý III gửi muộn nhưng có")
	w.refused(t, "setting a final score", id, setFinalScore, w.at(t, final11), provinceOfficer)
	badInput(t, env, province, setFinalScore, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 32, "reason", "")), "reason")
	badInput(t, env, province, setFinalScore, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", -1, "reason", "x")), "score")
	var final struct{ SetFinalScore scoreAnswer }
	refusedStale(t, env, province, setFinalScore, w.at(t, final11))
	env.OK(t, province, setFinalScore, w.at(t, final11), &final)
	if s := final.SetFinalScore; deref(s.FinalScore) != 32 || deref(s.FinalReason) != "Báo cáo quý III gửi muộn nhưng có" {
		t.Errorf("final score %+v", s)
	}
	w.refused(t, "approving", id, approveAssessment, w.at(t, vars("id", id)), provinceOfficer)
	var approved struct{ ApproveAssessment assessmentAnswer }
	refusedStale(t, env, province, approveAssessment, w.at(t, vars("id", id)))
	env.OK(t, province, approveAssessment, w.at(t, vars("id", id)), &approved)
	a = approved.ApproveAssessment
	if a.Status != "APPROVED" || a.ApprovedAt == nil || deref(a.ApprovedBy) != "PROVINCE_OFFICER@30" {
		t.Errorf("approved %+v", a)
	}
	carried(t, "final", a, func(s scoreAnswer) (*float64, *float64) { return s.FinalScore, s.AppraisedScore }, 32)

	// Frozen: every step by its own actor answers CONFLICT, and nothing changes.
	_, before := w.read(t, id)
	for _, step := range []struct {
		name  string
		who   party
		query string
		vars  map[string]any
	}{
		{"scoring", taiSonOfficer, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 40))},
		{"adding evidence", taiSonOfficer, addEvidence, link},
		{"submitting", taiSonOfficer, submitSelfAssessment, w.at(t, vars("id", id))},
		{"appraising", districtOfficer, appraiseCriterion, w.at(t, appraise11)},
		{"completing the appraisal", districtOfficer, completeAppraisal, w.at(t, vars("id", id))},
		{"returning", districtOfficer, returnAssessment, w.at(t, vars("id", id, "reason", "x"))},
		{"setting a final score", provinceOfficer, setFinalScore, w.at(t, final11)},
		{"approving", provinceOfficer, approveAssessment, w.at(t, vars("id", id))},
		{"returning", provinceOfficer, returnAssessment, w.at(t, vars("id", id, "reason", "x"))},
	} {
		w.conflict(t, step.name+" an approved assessment", step.who, step.query, step.vars)
	}
	r = upload(t, env, commune, addEvidence, vars("s", s12.ID, "title", "Bổ sung"), "b.pdf", "application/pdf", file[:100])
	if len(r.Errors) == 0 || r.Errors[0].Code() != "CONFLICT" {
		t.Errorf("uploading to an approved assessment: %+v", r.Errors)
	}
	env.Fail(t, commune, startAssessment, vars("fw", gid(fw)), "CONFLICT")
	if _, after := w.read(t, id); after != before {
		t.Errorf("the approved assessment changed:\nbefore %s\nafter  %s", before, after)
	}
}

// carried checks that each score of a step (got) is the one of the step
// before (from), but for criterion 1.1, which the step set to own.
func carried(t *testing.T, step string, a assessmentAnswer, scores func(scoreAnswer) (got, from *float64), own float64) {
	t.Helper()
	for _, s := range a.Scores {
		got, want := scores(s)
		if s.Criterion.Code == "1.1" {
			want = &own
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("criterion %s: %s score %v, want %v", s.Criterion.Code, step, deref(got), deref(want))
		}
	}
}

// checkTaiSonIndicators checks the INDICATOR criteria of Tái Sơn's
// assessment against its indicators of 2023 as the indicators query gives
// them: value, formula with the figures, and points by the rule.
func checkTaiSonIndicators(t *testing.T, env *apitest.Env, token string, a *assessmentAnswer) {
	t.Helper()
	var ind struct {
		Indicators []struct {
			Dossiers struct{ ReceivedInPeriod, Online, Resolved, Early, OnTime int }
		}
	}
	env.OK(t, token, `{ indicators(period: {year: 2023, kind: YEAR, index: 1}, units: ["11098"]) {
  dossiers { receivedInPeriod online resolved early onTime } } }`, nil, &ind)
	d := ind.Indicators[0].Dossiers
	if d.ReceivedInPeriod == 0 || d.Resolved == 0 {
		t.Fatalf("Tái Sơn received or resolved no dossier in 2023: %+v", d)
	}

	online := a.score(t, "2.1")
	rate := float64(d.Online) / float64(d.ReceivedInPeriod)
	points := math.Min(1, rate/0.5) * 20
	if online.NotApplicable || online.ComputedValue == nil || math.Abs(*online.ComputedValue-rate) > 1e-9 ||
		online.SelfScore == nil || math.Abs(*online.SelfScore-points) > 0.005 {
		t.Errorf("ONLINE_RATE: %+v, want value %v and %v points", online, rate, points)
	}
	if f := deref(online.Formula); !strings.Contains(f, fmt.Sprintf("%d/%d", d.Online, d.ReceivedInPeriod)) || !strings.Contains(f, "50%") ||
		!strings.Contains(f, "/20,00 điểm") {
		t.Errorf("ONLINE_RATE formula %q lacks %d/%d, the threshold or the points", f, d.Online, d.ReceivedInPeriod)
	}

	onTime := a.score(t, "2.2")
	rate = float64(d.Early+d.OnTime) / float64(d.Resolved)
	points = 0
	for _, b := range onTimeBands {
		if rate >= b.AtLeast {
			points = b.Points
		}
	}
	if onTime.NotApplicable || onTime.ComputedValue == nil || math.Abs(*onTime.ComputedValue-rate) > 1e-9 ||
		onTime.SelfScore == nil || *onTime.SelfScore != points {
		t.Errorf("ON_TIME_RATE: %+v, want value %v and %v points", onTime, rate, points)
	}
	if f := deref(onTime.Formula); !strings.Contains(f, fmt.Sprintf("(%d + %d)/%d", d.Early, d.OnTime, d.Resolved)) {
		t.Errorf("ON_TIME_RATE formula %q lacks (%d + %d)/%d", f, d.Early, d.OnTime, d.Resolved)
	}
}

// returnPaths: the district returns a SELF_ASSESSED assessment, the province
// an APPRAISED one; each time the unit scores again and submits anew.
func returnPaths(t *testing.T, w *workflow, fw int, crit map[string]int) {
	env := w.env
	commune := env.Token(t, viewer.CommuneOfficer, "11101")
	district, province := w.tokens[districtOfficer], w.tokens[provinceOfficer]
	var started struct{ StartAssessment assessmentAnswer }
	env.OK(t, commune, startAssessment, vars("fw", gid(fw)), &started)
	id := started.StartAssessment.ID
	for code, points := range map[string]float64{"1.1": 38, "1.2": 15} {
		env.OK(t, commune, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit[code]), "score", points)), nil)
	}
	env.OK(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), nil)

	ret := vars("id", id, "reason", "Bổ sung tài liệu kiểm chứng tiêu chí 1.1")
	env.Fail(t, commune, returnAssessment, w.at(t, ret), "FORBIDDEN")
	env.Fail(t, w.tokens[parties[3]], returnAssessment, w.at(t, ret), "FORBIDDEN")
	env.Fail(t, w.tokens[parties[5]], returnAssessment, w.at(t, ret), "NOT_FOUND")
	// The province returns what the district has appraised, not before.
	w.conflict(t, "the province returning a self-assessment", provinceOfficer, returnAssessment, w.at(t, ret))
	badInput(t, env, district, returnAssessment, w.at(t, vars("id", id, "reason", " ")), "reason")
	env.OK(t, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 30, "reason", "Thiếu tài liệu")), nil)
	var returned struct{ ReturnAssessment assessmentAnswer }
	refusedStale(t, env, district, returnAssessment, w.at(t, ret))
	env.OK(t, district, returnAssessment, w.at(t, ret), &returned)
	a := returned.ReturnAssessment
	if a.Status != "RETURNED" || a.ReturnedAt == nil || deref(a.ReturnedBy) != "DISTRICT_OFFICER@298" || deref(a.ReturnReason) != ret["reason"] {
		t.Errorf("returned by the district %+v", a)
	}
	if s := a.score(t, "1.1"); s.AppraisedScore != nil || s.AppraisalReason != nil || deref(s.SelfScore) != 38 {
		t.Errorf("a return keeps the self score and clears the appraisal: %+v", s)
	}
	w.conflict(t, "appraising a returned assessment", districtOfficer, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 30, "reason", "x")))

	// The unit scores again and resubmits.
	env.OK(t, commune, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 34, "note", "Đã bổ sung")), nil)
	var sub struct{ SubmitSelfAssessment assessmentAnswer }
	env.OK(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), &sub)
	if a := sub.SubmitSelfAssessment; a.Status != "SELF_ASSESSED" || deref(a.score(t, "1.1").SelfScore) != 34 {
		t.Errorf("resubmitted %+v", a)
	}
	env.OK(t, district, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "score", 10, "reason", "Chưa đạt")), nil)
	env.OK(t, district, completeAppraisal, w.at(t, vars("id", id)), nil)
	env.OK(t, province, setFinalScore, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "score", 12, "reason", "Điều chỉnh")), nil)
	// Once appraised, the district's part is done: the province returns it.
	w.conflict(t, "the district returning an appraised assessment", districtOfficer, returnAssessment, w.at(t, ret))
	ret["reason"] = "Đề nghị xã rà soát lại tiêu chí 1.2"
	env.OK(t, province, returnAssessment, w.at(t, ret), &returned)
	a = returned.ReturnAssessment
	if a.Status != "RETURNED" || deref(a.ReturnedBy) != "PROVINCE_OFFICER@30" || deref(a.ReturnReason) != ret["reason"] || a.AppraisedAt != nil || a.AppraisedBy != nil {
		t.Errorf("returned by the province %+v", a)
	}
	for _, s := range a.Scores {
		if s.AppraisedScore != nil || s.FinalScore != nil || s.FinalReason != nil || s.AppraisalReason != nil {
			t.Errorf("criterion %s keeps its appraisal after a return: %+v", s.Criterion.Code, s)
		}
	}
	env.OK(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), &sub)
	if sub.SubmitSelfAssessment.Status != "SELF_ASSESSED" {
		t.Errorf("resubmitted after the province's return: %+v", sub.SubmitSelfAssessment)
	}
}

// districtLevel: a district is assessed by its own officers and appraised
// by the province, the unit above it.
func districtLevel(t *testing.T, w *workflow) {
	env := w.env
	fw, crit := testFramework(t, env, scoringframework.LevelDISTRICT, 2023, true)
	district, province := w.tokens[districtOfficer], w.tokens[provinceOfficer]
	env.Fail(t, w.tokens[taiSonOfficer], startAssessment, vars("fw", gid(fw)), "BAD_USER_INPUT")
	env.Fail(t, province, startAssessment, vars("fw", gid(fw), "unit", gid(env.UnitID(t, "298"))), "FORBIDDEN")
	var started struct{ StartAssessment assessmentAnswer }
	env.OK(t, district, startAssessment, vars("fw", gid(fw)), &started)
	id := started.StartAssessment.ID
	if started.StartAssessment.Unit.Code != "298" {
		t.Errorf("started %+v", started.StartAssessment)
	}
	env.Fail(t, w.tokens[taiSonOfficer], scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 1)), "NOT_FOUND")
	env.OK(t, district, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.1"]), "score", 40)), nil)
	env.OK(t, district, scoreCriterion, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "na", true)), nil)
	env.OK(t, district, submitSelfAssessment, w.at(t, vars("id", id)), nil)
	appraise := vars("a", id, "c", gid(crit["1.1"]), "score", 39, "reason", "Chậm một kế hoạch")
	env.Fail(t, district, appraiseCriterion, w.at(t, appraise), "FORBIDDEN")
	badInput(t, env, province, appraiseCriterion, w.at(t, vars("a", id, "c", gid(crit["1.2"]), "score", 5, "reason", "x")), "criterionID")
	env.OK(t, province, appraiseCriterion, w.at(t, appraise), nil)
	env.OK(t, province, completeAppraisal, w.at(t, vars("id", id)), nil)
	var approved struct{ ApproveAssessment assessmentAnswer }
	env.OK(t, province, approveAssessment, w.at(t, vars("id", id)), &approved)
	a := approved.ApproveAssessment
	if a.Status != "APPROVED" || deref(a.AppraisedBy) != "PROVINCE_OFFICER@30" || deref(a.score(t, "1.1").FinalScore) != 39 ||
		!a.score(t, "1.2").NotApplicable || a.score(t, "1.2").FinalScore != nil {
		t.Errorf("district assessment approved %+v", a)
	}
}

// badAssessmentInput: each bad argument is refused naming it, on Tứ Xuyên's
// assessment.
func badAssessmentInput(t *testing.T, w *workflow, fw int, crit map[string]int) {
	env := w.env
	commune := env.Token(t, viewer.CommuneOfficer, "11095")
	draft, _ := testFramework(t, env, scoringframework.LevelCOMMUNE, 2024, false)
	// A DRAFT is the province's alone: a commune finds none.
	for name, id := range map[string]int{"a DRAFT framework": draft, "a unit's ID": env.UnitID(t, "30")} {
		if e := env.Fail(t, commune, startAssessment, vars("fw", gid(id)), "NOT_FOUND"); e.Extensions["field"] != "frameworkID" {
			t.Errorf("starting against %s: %+v", name, e)
		}
	}
	var started struct{ StartAssessment assessmentAnswer }
	env.OK(t, commune, startAssessment, vars("fw", gid(fw)), &started)
	a := started.StartAssessment
	id := a.ID
	score := func(code string, kv ...any) map[string]any {
		return vars(append([]any{"a", id, "c", gid(crit[code])}, kv...)...)
	}
	for name, c := range map[string]struct {
		vars  map[string]any
		field string
	}{
		"above the maximum":          {score("1.1", "score", 40.01), "score"},
		"below zero":                 {score("1.1", "score", -0.5), "score"},
		"on a parent":                {score("1", "score", 10), "criterionID"},
		"on an INDICATOR criterion":  {score("2.1", "score", 10), "criterionID"},
		"score and not applicable":   {score("1.1", "score", 10, "na", true), "notApplicable"},
		"neither score nor n/a":      {score("1.1"), "score"},
		"a note too long":            {score("1.1", "score", 1, "note", strings.Repeat("x", 5001)), "note"},
		"unknown criterion":          {vars("a", id, "c", gid(env.UnitID(t, "11095")), "score", 1), "criterionID"},
		"criterion of another frame": {vars("a", id, "c", "999999999999", "score", 1), "criterionID"},
	} {
		t.Run(name, func(t *testing.T) { badInput(t, env, commune, scoreCriterion, w.at(t, c.vars), c.field) })
	}
	if msg := badInput(t, env, commune, scoreCriterion, w.at(t, score("1.2", "score", 21)), "score"); !strings.Contains(msg, "20") {
		t.Errorf("the message %q does not name the maximum 20", msg)
	}
	env.Fail(t, commune, scoreCriterion, w.at(t, vars("a", "999999999999", "c", gid(crit["1.1"]), "score", 1)), "NOT_FOUND")
	env.Fail(t, commune, submitSelfAssessment, w.at(t, vars("id", gid(env.UnitID(t, "11095")))), "NOT_FOUND")

	// Submitting with manual criteria unscored names them.
	e := env.Fail(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), "BAD_USER_INPUT")
	if !strings.Contains(e.Message, "1.1, 1.2") || !reflect.DeepEqual(e.Extensions["missing"], []any{"1.1", "1.2"}) {
		t.Errorf("submitting unscored: %+v", e)
	}
	env.OK(t, commune, scoreCriterion, w.at(t, score("1.1", "na", true)), nil)
	e = env.Fail(t, commune, submitSelfAssessment, w.at(t, vars("id", id)), "BAD_USER_INPUT")
	if !reflect.DeepEqual(e.Extensions["missing"], []any{"1.2"}) {
		t.Errorf("submitting with 1.2 unscored: %+v", e)
	}

	// Evidence.
	scoreID := a.score(t, "1.1").ID
	ev := func(kv ...any) map[string]any {
		return vars(append([]any{"s", scoreID, "title", "Kế hoạch"}, kv...)...)
	}
	for name, c := range map[string]struct {
		vars  map[string]any
		field string
	}{
		"neither url nor file": {ev(), "url"},
		"an ftp url":           {ev("url", "ftp://taison.gov.vn/a.pdf"), "url"},
		"a javascript url":     {ev("url", "javascript:alert(1)"), "url"},
		"a relative url":       {ev("url", "/ke-hoach.pdf"), "url"},
		"a url too long":       {ev("url", "https://a.vn/"+strings.Repeat("x", 2000)), "url"},
		"no title":             {vars("s", scoreID, "title", "  ", "url", "https://a.vn/x.pdf"), "title"},
	} {
		t.Run(name, func(t *testing.T) { badInput(t, env, commune, addEvidence, c.vars, c.field) })
	}
	env.Fail(t, commune, addEvidence, vars("s", id, "title", "x", "url", "https://a.vn/x.pdf"), "NOT_FOUND")
	for name, c := range map[string]struct {
		vars    map[string]any
		content []byte
		field   string
	}{
		"both url and file": {ev("url", "https://a.vn/x.pdf"), []byte("%PDF-1.4"), "file"},
		"an empty file":     {ev(), nil, "file"},
		"a file too large":  {ev(), randomFile(assessment.MaxFileBytes+1, 1), "file"},
	} {
		t.Run(name, func(t *testing.T) {
			r := upload(t, env, commune, addEvidence, c.vars, "a.pdf", "application/pdf", c.content)
			if len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("HTTP %d %+v", r.Status, r.Errors)
			}
		})
	}
	// A multipart request beyond the limit is refused before it is read,
	// and a JSON body keeps its limit of 1 MB.
	body, ctype := multipartBody(t, addEvidence, ev(), "a.pdf", "application/pdf", randomFile(assessment.MaxFileBytes+2<<20, 2))
	res, raw := env.Post(t, commune, "/graphql", ctype, body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "LIMIT_EXCEEDED") {
		t.Errorf("an oversized upload: HTTP %d %.300s", res.StatusCode, raw)
	}
	big := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	res, raw = env.Post(t, commune, "/graphql", "application/json", big)
	if res.StatusCode == http.StatusOK && strings.Contains(string(raw), "totalCount") {
		t.Errorf("a JSON body of 2 MB was accepted: HTTP %d %.300s", res.StatusCode, raw)
	}
	// Nothing of it was stored.
	a, _ = w.read(t, id)
	for _, s := range a.Scores {
		if len(s.Evidence) > 0 || (s.Criterion.Code == "1.2" && s.SelfScore != nil) {
			t.Errorf("refused input stored %+v", s)
		}
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
