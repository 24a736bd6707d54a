package faults_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/database"
	"cchc/internal/loadtest"
)

// TestDrainOnSIGTERM sends SIGTERM to a server that has requests in flight,
// on each database: reads, writes and a CSV export whose clients are still
// sending their bodies (HTTP 100-continue received: the handler is reading
// them) while a soak of mixed reads and writes runs beside them. The
// server stops accepting connections at once, but waits: every request in
// flight completes with 200 and its whole answer, and then the process
// exits 0. Every write the soak saw acknowledged is in the database.
func TestDrainOnSIGTERM(t *testing.T) {
	for _, dia := range apitest.Dialects() {
		t.Run(dia, func(t *testing.T) {
			url := "file:" + filepath.Join(t.TempDir(), "cchc.db")
			if dia == dialect.Postgres {
				url = apitest.EmptyPostgres(t)
			}
			drain(t, prepare(t, url))
		})
	}
}

func drain(t *testing.T, f *fixture) {
	ctx := context.Background()
	db, err := database.Open(ctx, f.url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The export lists Tái Sơn's dossiers received before the soak writes.
	var demoDossiers int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = '11098'`).Scan(&demoDossiers); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Format(time.RFC3339)
	srv := startServer(t, f)

	soakCtx, stopSoak := context.WithCancel(ctx)
	defer stopSoak()
	cfg := f.soakConfig(srv, "DRAIN", 0.4)
	soaked := background(soakCtx, t, cfg)

	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	now := time.Now().Format(time.RFC3339)
	inFlight := []*held{
		hold(t, client, srv.url("/graphql"), f.tokens[0], "dashboard",
			`query($code: String!) { units(where: {code: $code}) { edges { node { code name } } } dossiers { totalCount } reformPlans { totalCount } }`,
			map[string]any{"code": "11098"}),
		hold(t, client, srv.url("/graphql"), f.tokens[0], "indicators",
			`{ indicators(period: {year: 2023, kind: HALF_YEAR, index: 1}, units: ["11098"]) { unit { code } dossiers { total onTimeRate } } }`, nil),
		hold(t, client, srv.url("/graphql"), f.tokens[0], "createDossier",
			`mutation($at: Time!, $unit: ID!, $procedure: ID!) { createDossier(input: {code: "DRAIN-HELD-1", channel: ONLINE, receivedAt: $at, unitID: $unit, procedureID: $procedure}) { id code } }`,
			map[string]any{"at": now, "unit": unitID(t, db, "11098"), "procedure": anyProcedure(t, db)}),
		hold(t, client, srv.url("/graphql"), f.tokens[1], "createFeedback",
			`mutation($at: Time!, $unit: ID!) { createFeedback(input: {content: "DRAIN-HELD-2", receivedAt: $at, unitID: $unit}) { id content } }`,
			map[string]any{"at": now, "unit": unitID(t, db, "11101")}),
		hold(t, client, srv.url("/export?format=csv"), f.tokens[0], "export",
			`{ dossiers(first: 1000, where: {receivedAtLT: "`+start+`"}, orderBy: [{field: RECEIVED_AT}]) { edges { node { code status receivedAt } } } }`, nil),
	}
	for _, h := range inFlight {
		select {
		case <-h.continued:
		case a := <-h.answer:
			t.Fatalf("%s answered before its body was sent: HTTP %d %s %v", h.name, a.status, a.body, a.err)
		case <-time.After(time.Minute):
			t.Fatalf("%s: no 100 Continue within a minute", h.name)
		}
	}
	// Let the soak write a little before the signal.
	time.Sleep(500 * time.Millisecond)

	srv.signal(t, syscall.SIGTERM)
	waitFor(t, 30*time.Second, "new connections refused after SIGTERM", func() bool {
		c, err := net.DialTimeout("tcp", srv.addr, time.Second)
		if err == nil {
			c.Close()
			return false
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return true
		case errors.Is(err, syscall.ECONNRESET):
			return false // queued as the listener closed: the next is refused
		}
		t.Fatalf("connecting after SIGTERM: %v, want connection refused", err)
		return false
	})
	// The server waits for the requests in flight, however long they take.
	time.Sleep(300 * time.Millisecond)
	select {
	case <-srv.Exited():
		t.Fatalf("the server exited with %d requests in flight: %v\n%s", len(inFlight), srv.Err(), srv.log.tail(4000))
	default:
	}
	for _, h := range inFlight {
		h.release()
	}
	for _, h := range inFlight {
		var a heldAnswer
		select {
		case a = <-h.answer:
		case <-time.After(time.Minute):
			t.Fatalf("%s: no answer within a minute", h.name)
		}
		if a.err != nil || a.status != http.StatusOK {
			t.Errorf("%s: HTTP %d, %v: %.300s", h.name, a.status, a.err, a.body)
			continue
		}
		if h.name == "export" {
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(a.body, []byte("\xEF\xBB\xBF")))).ReadAll()
			if err != nil || len(rows) != 1+demoDossiers {
				t.Errorf("export: %d rows (want a header and %d dossiers), %v", len(rows), demoDossiers, err)
			}
			continue
		}
		var out struct {
			Data   map[string]json.RawMessage
			Errors []any
		}
		if err := json.Unmarshal(a.body, &out); err != nil || len(out.Errors) > 0 || len(out.Data) == 0 {
			t.Errorf("%s: %v: %.300s", h.name, err, a.body)
		}
	}
	if code := srv.wait(t, 30*time.Second); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0\n%s", code, srv.log.tail(4000))
	}
	stopSoak()
	res := soaked()
	t.Logf("the soak: %d requests, %d creations acknowledged before the exit", res.Requests, len(res.Acknowledged))
	held := []*loadtest.Write{{Type: "Dossier", Key: "DRAIN-HELD-1", Status: "RECEIVED"}, {Type: "Feedback", Key: "DRAIN-HELD-2"}}
	if n := checkWrites(t, db, "DRAIN", append(res.Acknowledged, held...), res.Unacknowledged); n == 0 {
		t.Error("nothing written")
	}
}

// held is a request whose body is held back: the client has sent the
// headers with Expect: 100-continue, and once the server's handler asks for
// the body (100 Continue), the request is in flight until release.
type held struct {
	name      string
	body      []byte
	pw        *io.PipeWriter
	continued chan struct{}
	answer    chan heldAnswer
}

type heldAnswer struct {
	status int
	body   []byte
	err    error
}

func hold(t *testing.T, client *http.Client, url, token, name, query string, vars map[string]any) *held {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	h := &held{name: name, body: body, pw: pw, continued: make(chan struct{}), answer: make(chan heldAnswer, 1)}
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(h.continued) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodPost, url, pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Expect", "100-continue")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			h.answer <- heldAnswer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		h.answer <- heldAnswer{status: resp.StatusCode, body: b, err: err}
	}()
	t.Cleanup(func() { pw.CloseWithError(errors.New("test over")) })
	return h
}

// release sends the held body.
func (h *held) release() {
	go func() {
		h.pw.Write(h.body)
		h.pw.Close()
	}()
}

// unitID is the global ID of the unit with code.
func unitID(t *testing.T, db *database.DB, code string) string {
	t.Helper()
	var id int
	if err := db.SQL.QueryRow(db.Rebind(`SELECT id FROM units WHERE code = ?`), code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

// anyProcedure is the global ID of a procedure.
func anyProcedure(t *testing.T, db *database.DB) string {
	t.Helper()
	var id int
	if err := db.SQL.QueryRow(`SELECT MIN(id) FROM procedures`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}
