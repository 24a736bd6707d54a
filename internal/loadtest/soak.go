package loadtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/viewer"
)

// The soak (`cchc-bench soak`) drives a running server with a mix of reads and
// writes, as fast as it answers, for minutes: commune officers' dashboards,
// dossier lists, aggregates and indicators, and their writes (dossiers
// received, started and resolved; feedback received). It counts the answers
// by HTTP status and error code, records every write the server
// acknowledged, and at the end reads every one of them back. A server that
// weathers the load answers no 5xx, no INTERNAL_SERVER_ERROR and no
// UNAVAILABLE, and loses no acknowledged write.
//
// Unlike the load test it needs no generated province: any database with
// communes and procedures, such as the demonstration data, and a
// COMMUNE_OFFICER token of each commune to write in. What it writes stays
// (the API deletes nothing): run it on a test deployment.

// SoakConfig says what to drive and how hard.
type SoakConfig struct {
	URL         string        // the GraphQL endpoint: http://127.0.0.1:8080/graphql
	Tokens      []string      // bearer tokens of COMMUNE_OFFICERs; the workers share them out
	Concurrency int           // requests in flight at once
	Duration    time.Duration // how long to drive; until ctx is done when 0
	Writes      float64       // the share of requests that write, 0–1
	Seed        uint64        // seed of the mix and parameters drawn
	Prefix      string        // begins the code of every dossier and the content of every feedback written; SOAK-<time> when empty

	// OnAnswer, when not nil, hears of every answer as it comes, from the
	// workers' goroutines: a test watching the server through a fault.
	OnAnswer func(Answer)
	// Client sends the requests; one with as many keep-alive connections
	// as workers when nil.
	Client *http.Client
}

// Answer is what one request of the soak got.
type Answer struct {
	Op     string   // the operation: dashboard, dossier-list, aggregate, indicators, create-dossier, update-dossier, create-feedback
	Status int      // HTTP status; 0 when no answer came (Err)
	Codes  []string // extensions.code of the GraphQL errors
	Err    error    // no answer, or one that is not GraphQL
	Took   time.Duration
	Write  *Write // the record written, for writes; Acked tells whether the answer acknowledged it
	Acked  bool
}

// OK tells whether the answer is a success: HTTP 200 with data and no errors.
func (a Answer) OK() bool { return a.Err == nil && a.Status == http.StatusOK && len(a.Codes) == 0 }

// ServerError tells whether the answer blames the server: a 5xx status, an
// INTERNAL_SERVER_ERROR or UNAVAILABLE error, or no answer at all.
func (a Answer) ServerError() bool {
	return a.Err != nil || a.Status >= 500 || slices.Contains(a.Codes, "INTERNAL_SERVER_ERROR") || slices.Contains(a.Codes, "UNAVAILABLE")
}

// Write is a record the soak wrote, as it expects to find it.
type Write struct {
	Type   string // Dossier or Feedback
	ID     string // global ID, once acknowledged
	Key    string // the dossier's code, the feedback's content
	Status string // the dossier's status as last acknowledged
	// Pending are statuses of updates not acknowledged after Status: the
	// record may hold one of them when the answer, not the write, was lost.
	Pending []string
	token   int // the index of the token that wrote it, and may read it back
	version int // the dossier's version as last acknowledged; 0: to be read again
}

// SoakResult is what a soak counted.
type SoakResult struct {
	Requests     int
	Elapsed      time.Duration
	ByStatus     map[int]int    // HTTP status → answers; 0 counts requests that got no answer
	ByCode       map[string]int // extensions.code → errors
	ByOp         map[string]int // operation → requests
	OKByOp       map[string]int // operation → successes
	ServerErrors int            // answers for which Answer.ServerError holds
	FirstError   string         // the first answer that was not a success, for the report
	P50, P99     time.Duration  // latency of all requests

	Acknowledged []*Write // every record whose creation was acknowledged
	// Unacknowledged are creations not acknowledged: absent, or present
	// whole when the answer, not the write, was lost.
	Unacknowledged []*Write
	Missing        []*Write // acknowledged records not found, or not as acknowledged (Verify)
}

// PerSecond is the rate of requests answered or not.
func (r *SoakResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Writes counts the acknowledged writes: creations and updates.
func (r *SoakResult) Writes() int {
	n := 0
	for _, op := range []string{"create-dossier", "update-dossier", "create-feedback"} {
		n += r.OKByOp[op]
	}
	return n
}

// soakUnit is a commune a token writes in.
type soakUnit struct {
	token      string
	code, id   string
	procedures []string
}

// Soak drives cfg.URL for cfg.Duration (or until ctx is done) and returns
// what it counted; Verify then reads the acknowledged writes back.
func Soak(ctx context.Context, cfg SoakConfig) (*SoakResult, error) {
	if cfg.Concurrency < 1 || len(cfg.Tokens) == 0 || cfg.Writes < 0 || cfg.Writes > 1 || cfg.Duration < 0 {
		return nil, fmt.Errorf("soak: concurrency %d, %d tokens, writes %v, duration %v", cfg.Concurrency, len(cfg.Tokens), cfg.Writes, cfg.Duration)
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "SOAK-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{
			Timeout:   time.Minute,
			Transport: &http.Transport{MaxIdleConns: 2 * cfg.Concurrency, MaxIdleConnsPerHost: 2 * cfg.Concurrency, IdleConnTimeout: time.Minute},
		}
	}
	units := make([]soakUnit, len(cfg.Tokens))
	for i, tok := range cfg.Tokens {
		u, err := discover(ctx, cfg, tok)
		if err != nil {
			return nil, fmt.Errorf("soak: token %d: %w", i+1, err)
		}
		units[i] = u
	}
	res := &SoakResult{ByStatus: map[int]int{}, ByCode: map[string]int{}, ByOp: map[string]int{}, OKByOp: map[string]int{}}
	var (
		mu        sync.Mutex
		wg        sync.WaitGroup
		latencies []time.Duration
	)
	record := func(a Answer) {
		if cfg.OnAnswer != nil {
			cfg.OnAnswer(a)
		}
		mu.Lock()
		defer mu.Unlock()
		res.Requests++
		res.ByStatus[a.Status]++
		res.ByOp[a.Op]++
		if a.OK() {
			res.OKByOp[a.Op]++
		}
		for _, c := range a.Codes {
			res.ByCode[c]++
		}
		if a.ServerError() {
			res.ServerErrors++
		}
		if !a.OK() && res.FirstError == "" {
			res.FirstError = fmt.Sprintf("%s: HTTP %d %v %v", a.Op, a.Status, a.Codes, a.Err)
		}
		latencies = append(latencies, a.Took)
	}
	start := time.Now()
	// At the end of the duration the workers finish the requests in flight
	// instead of cutting them: a cut request is neither an answer nor a
	// write whose fate is known.
	more := func() bool { return ctx.Err() == nil && (cfg.Duration == 0 || time.Since(start) < cfg.Duration) }
	for w := range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &soaker{cfg: cfg, unit: units[w%len(units)], tokenIndex: w % len(units), worker: w,
				r: rand.New(rand.NewPCG(cfg.Seed, uint64(w)))}
			for more() {
				a := s.step(ctx)
				if ctx.Err() != nil && !a.OK() {
					break // cut short by the caller: no failure of the server
				}
				record(a)
			}
			mu.Lock()
			res.Acknowledged = append(res.Acknowledged, s.acked...)
			res.Unacknowledged = append(res.Unacknowledged, s.unacked...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(latencies)
	if len(latencies) > 0 {
		res.P50, res.P99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
	}
	return res, nil
}

// soaker is one worker of the soak: its commune, and the dossiers it
// created and moves along.
type soaker struct {
	cfg        SoakConfig
	unit       soakUnit
	tokenIndex int
	worker     int
	r          *rand.Rand
	n          int // records created, for unique keys
	acked      []*Write
	unacked    []*Write
	open       []*Write   // acknowledged dossiers not yet resolved
	list       *soakPager // the dossier list paged through
}

// soakPager is where a worker is in a dossier list it pages through.
type soakPager struct {
	where map[string]any
	after *string
	page  int
}

// step sends one request of the mix.
func (s *soaker) step(ctx context.Context) Answer {
	if s.r.Float64() < s.cfg.Writes {
		switch x := s.r.IntN(10); {
		case x < 4 || len(s.open) == 0:
			return s.createDossier(ctx)
		case x < 8:
			return s.updateDossier(ctx)
		default:
			return s.createFeedback(ctx)
		}
	}
	now := time.Now()
	year := now.Year() - s.r.IntN(4)
	switch s.r.IntN(4) {
	case 0:
		return s.do(ctx, "dashboard", cchcDashboard, map[string]any{
			"code": s.unit.code, "monthStart": ts(period.Date(now.Year(), now.Month(), 1)), "now": ts(now), "year": now.Year(),
		}, nil)
	case 1:
		return s.dossierList(ctx, year)
	case 2:
		q := period.Period{Year: year, Kind: enum.PeriodQuarter, Index: 1 + s.r.IntN(4)}
		return s.do(ctx, "aggregate", cchcAggregate, map[string]any{"from": ts(q.Start()), "to": ts(q.End())}, nil)
	default:
		return s.do(ctx, "indicators", soakIndicators, map[string]any{
			"period": map[string]any{"year": year, "kind": "HALF_YEAR", "index": 1 + s.r.IntN(2)}, "unit": s.unit.code,
		}, nil)
	}
}

const soakIndicators = `query Indicators($period: PeriodInput!, $unit: String!) {
  indicators(period: $period, units: [$unit]) {
    unit { code }
    dossiers { carriedOver receivedInPeriod total resolved onTime late pending pendingOverdue onTimeRate }
  }
}`

// dossierList asks the next page of the worker's list, or the first of a
// new one (a quarter, a status filter) after three pages or the last.
func (s *soaker) dossierList(ctx context.Context, year int) Answer {
	if s.list == nil || s.list.page >= 3 || (s.list.page > 0 && s.list.after == nil) {
		q := period.Period{Year: year, Kind: enum.PeriodQuarter, Index: 1 + s.r.IntN(4)}
		where := map[string]any{"unitID": s.unit.id, "receivedAtGTE": ts(q.Start()), "receivedAtLT": ts(q.End())}
		if st := pick(s.r, statusFilters); st != nil {
			where["statusIn"] = st
		}
		s.list = &soakPager{where: where}
	}
	var out struct {
		Dossiers struct {
			PageInfo pageInfo `json:"pageInfo"`
		} `json:"dossiers"`
	}
	a := s.do(ctx, "dossier-list", cchcDossiers, map[string]any{"where": s.list.where, "after": s.list.after}, &out)
	if !a.OK() {
		s.list = nil
		return a
	}
	s.list.page++
	s.list.after = nil
	if out.Dossiers.PageInfo.HasNextPage {
		s.list.after = out.Dossiers.PageInfo.EndCursor
	}
	return a
}

// key returns a new unique code or content marker of the worker.
func (s *soaker) key() string {
	s.n++
	return fmt.Sprintf("%s-%d-%d", s.cfg.Prefix, s.worker, s.n)
}

func (s *soaker) createDossier(ctx context.Context) Answer {
	now := time.Now()
	w := &Write{Type: "Dossier", Key: s.key(), Status: "RECEIVED", token: s.tokenIndex}
	var out struct {
		CreateDossier struct{ ID string } `json:"createDossier"`
	}
	a := s.do(ctx, "create-dossier", cchcCreate, map[string]any{"input": map[string]any{
		"code": w.Key, "channel": pick(s.r, []string{"ONLINE", "DIRECT", "POSTAL"}), "receivedAt": ts(now), "dueAt": ts(now.AddDate(0, 0, 1+s.r.IntN(10))),
		"unitID": s.unit.id, "procedureID": pick(s.r, s.unit.procedures),
	}}, &out)
	s.created(&a, w, out.CreateDossier.ID)
	if a.Acked {
		w.version = 1
		s.open = append(s.open, w)
	}
	return a
}

// updateDossier moves one of the worker's open dossiers a step along:
// RECEIVED → IN_PROGRESS → RESOLVED.
func (s *soaker) updateDossier(ctx context.Context) Answer {
	i := s.r.IntN(len(s.open))
	w := s.open[i]
	input := map[string]any{"status": "IN_PROGRESS"}
	if w.Status == "IN_PROGRESS" {
		input = map[string]any{"status": "RESOLVED", "finishedAt": ts(time.Now())}
	}
	if w.version == 0 {
		// An update whose answer was lost may or may not have been written:
		// read the version the dossier has now (optimistic locking).
		var got struct {
			Node struct{ Version int } `json:"node"`
		}
		if a := s.do(ctx, "read-dossier", soakVersion, map[string]any{"id": w.ID}, &got); !a.OK() {
			return a
		}
		w.version = got.Node.Version
	}
	var out struct {
		UpdateDossier struct{ Version int } `json:"updateDossier"`
	}
	a := s.do(ctx, "update-dossier", cchcUpdate, map[string]any{"id": w.ID, "v": w.version, "input": input}, &out)
	a.Write = w
	if a.OK() {
		a.Acked = true
		w.version = out.UpdateDossier.Version
		w.Status, w.Pending = input["status"].(string), nil
		if w.Status == "RESOLVED" {
			s.open = slices.Delete(s.open, i, i+1)
		}
	} else {
		w.version = 0
		w.Pending = append(w.Pending, input["status"].(string))
	}
	return a
}

const soakVersion = `query Version($id: ID!) { node(id: $id) { ... on Dossier { version } } }`

func (s *soaker) createFeedback(ctx context.Context) Answer {
	w := &Write{Type: "Feedback", Key: s.key(), token: s.tokenIndex}
	var out struct {
		CreateFeedback struct{ ID string } `json:"createFeedback"`
	}
	a := s.do(ctx, "create-feedback", soakFeedback, map[string]any{"input": map[string]any{
		"content": w.Key, "receivedAt": ts(time.Now()), "unitID": s.unit.id,
	}}, &out)
	s.created(&a, w, out.CreateFeedback.ID)
	return a
}

const soakFeedback = `mutation Feedback($input: CreateFeedbackInput!) { createFeedback(input: $input) { id content } }`

// created records the creation of w, acknowledged with id or not.
func (s *soaker) created(a *Answer, w *Write, id string) {
	a.Write = w
	if a.OK() && id != "" {
		a.Acked, w.ID = true, id
		s.acked = append(s.acked, w)
	} else {
		s.unacked = append(s.unacked, w)
	}
}

// do sends one request as the worker's commune officer.
func (s *soaker) do(ctx context.Context, op, query string, vars map[string]any, dst any) Answer {
	t := time.Now()
	a := send(ctx, s.cfg.Client, s.cfg.URL, s.unit.token, query, vars, dst)
	a.Op, a.Took = op, time.Since(t)
	return a
}

// send posts one GraphQL request and decodes the data of a success into dst.
func send(ctx context.Context, client *http.Client, url, token, query string, vars map[string]any, dst any) Answer {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return Answer{Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Answer{Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return Answer{Err: err}
	}
	defer resp.Body.Close()
	a := Answer{Status: resp.StatusCode}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		a.Err = fmt.Errorf("reading the answer: %w", err)
		return a
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		a.Err = fmt.Errorf("HTTP %d, not GraphQL: %.200s", resp.StatusCode, raw)
		return a
	}
	for _, e := range out.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = "(none: " + e.Message + ")"
		}
		a.Codes = append(a.Codes, code)
	}
	if len(a.Codes) == 0 && a.Status == http.StatusOK && dst != nil {
		if err := json.Unmarshal(out.Data, dst); err != nil {
			a.Err = fmt.Errorf("decoding the data: %w", err)
		}
	}
	return a
}

// discover finds the commune a token writes in, and procedures to file
// dossiers under: ones its province lists, as a dossier's must be.
func discover(ctx context.Context, cfg SoakConfig, token string) (soakUnit, error) {
	u := soakUnit{token: token}
	claims, err := unverifiedClaims(token)
	if err != nil {
		return u, err
	}
	if cfg.Writes > 0 && claims.Role != viewer.CommuneOfficer {
		return u, fmt.Errorf("the token is of a %s: writes need a %s's", claims.Role, viewer.CommuneOfficer)
	}
	var out struct {
		Units struct {
			Edges []struct{ Node struct{ ID string } }
		}
		Procedures struct {
			Edges []struct {
				Node struct{ Procedure struct{ ID string } }
			}
		}
	}
	a := send(ctx, cfg.Client, cfg.URL, token, `query($code: String!) {
  units(where: {code: $code}) { edges { node { id } } }
  procedures: provinceProcedures(first: 20) { edges { node { procedure { id } } } }
}`, map[string]any{"code": claims.Unit}, &out)
	if !a.OK() {
		return u, fmt.Errorf("reading its unit %s: HTTP %d %v %v", claims.Unit, a.Status, a.Codes, a.Err)
	}
	if len(out.Units.Edges) == 0 || len(out.Procedures.Edges) == 0 {
		return u, fmt.Errorf("its unit %s or its province's list of procedures are not found", claims.Unit)
	}
	u.code, u.id = claims.Unit, out.Units.Edges[0].Node.ID
	for _, e := range out.Procedures.Edges {
		u.procedures = append(u.procedures, e.Node.Procedure.ID)
	}
	return u, nil
}

// unverifiedClaims reads the role and unit of a token without verifying
// it: the server does that.
func unverifiedClaims(token string) (claims struct {
	Role viewer.Role `json:"role"`
	Unit string      `json:"unit"`
}, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims, errors.New("not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err == nil {
		err = json.Unmarshal(payload, &claims)
	}
	if err != nil {
		return claims, fmt.Errorf("reading the token's claims: %w", err)
	}
	return claims, nil
}

// Verify reads back every acknowledged write of res, through the API as the
// commune officer that wrote it, and records in res.Missing those not found
// or not as acknowledged.
func Verify(ctx context.Context, cfg SoakConfig, res *SoakResult) error {
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	res.Missing = nil
	byType := map[string][]*Write{}
	for _, w := range res.Acknowledged {
		byType[w.Type] = append(byType[w.Type], w)
	}
	for typ, ws := range byType {
		slices.SortFunc(ws, func(a, b *Write) int { return a.token - b.token })
		for len(ws) > 0 {
			n := 0
			for n < len(ws) && n < 100 && ws[n].token == ws[0].token {
				n++
			}
			found, err := readBack(ctx, cfg, typ, ws[:n])
			if err != nil {
				return err
			}
			for _, w := range ws[:n] {
				got, ok := found[w.Key]
				if !ok || got.ID != w.ID || (typ == "Dossier" && got.Status != w.Status && !slices.Contains(w.Pending, got.Status)) {
					res.Missing = append(res.Missing, w)
				}
			}
			ws = ws[n:]
		}
	}
	return nil
}

// readBack reads the records of one type and token with the keys of ws.
func readBack(ctx context.Context, cfg SoakConfig, typ string, ws []*Write) (map[string]Write, error) {
	keys := make([]string, len(ws))
	for i, w := range ws {
		keys[i] = w.Key
	}
	query := `query($keys: [String!]!) { list: dossiers(first: 100, where: {codeIn: $keys}) { edges { node { id key: code status } } } }`
	if typ == "Feedback" {
		query = `query($keys: [String!]!) { list: feedbacks(first: 100, where: {contentIn: $keys}) { edges { node { id key: content } } } }`
	}
	var out struct {
		List struct {
			Edges []struct {
				Node struct{ ID, Key, Status string }
			}
		}
	}
	a := send(ctx, cfg.Client, cfg.URL, cfg.Tokens[ws[0].token], query, map[string]any{"keys": keys}, &out)
	if !a.OK() {
		return nil, fmt.Errorf("soak: reading back %d %s records: HTTP %d %v %v", len(ws), typ, a.Status, a.Codes, a.Err)
	}
	found := map[string]Write{}
	for _, e := range out.List.Edges {
		found[e.Node.Key] = Write{ID: e.Node.ID, Status: e.Node.Status}
	}
	return found, nil
}

// Print writes the summary of a soak.
func (r *SoakResult) Print(w io.Writer) {
	fmt.Fprintf(w, "requests        %d in %v: %.1f req/s, p50 %v, p99 %v\n", r.Requests, r.Elapsed.Round(time.Millisecond), r.PerSecond(),
		r.P50.Round(100*time.Microsecond), r.P99.Round(100*time.Microsecond))
	for _, op := range slices.Sorted(maps.Keys(r.ByOp)) {
		fmt.Fprintf(w, "  %-15s %7d, %d succeeded\n", op, r.ByOp[op], r.OKByOp[op])
	}
	fmt.Fprint(w, "by HTTP status ")
	for _, s := range slices.Sorted(maps.Keys(r.ByStatus)) {
		name := strconv.Itoa(s)
		if s == 0 {
			name = "no answer"
		}
		fmt.Fprintf(w, " %s: %d", name, r.ByStatus[s])
	}
	fmt.Fprintln(w)
	if len(r.ByCode) > 0 {
		fmt.Fprint(w, "errors by code ")
		for _, c := range slices.Sorted(maps.Keys(r.ByCode)) {
			fmt.Fprintf(w, " %s: %d", c, r.ByCode[c])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "server errors   %d (5xx, INTERNAL_SERVER_ERROR, UNAVAILABLE, no answer)\n", r.ServerErrors)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first failure   %s\n", r.FirstError)
	}
	fmt.Fprintf(w, "acknowledged    %d writes (%d records created, %d creations not acknowledged)\n", r.Writes(), len(r.Acknowledged), len(r.Unacknowledged))
	fmt.Fprintf(w, "missing         %d of the %d records read back\n", len(r.Missing), len(r.Acknowledged))
	for i, m := range r.Missing {
		if i == 10 {
			fmt.Fprintf(w, "  … and %d more\n", len(r.Missing)-i)
			break
		}
		fmt.Fprintf(w, "  %s %s %s (status %s)\n", m.Type, m.ID, m.Key, m.Status)
	}
}
