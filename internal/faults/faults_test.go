package faults_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cchc/ent/privacy"
	"cchc/internal/auth"
	"cchc/internal/database"
	"cchc/internal/demo"
	"cchc/internal/harness/launch"
	"cchc/internal/loadtest"
	"cchc/internal/tally"
	"cchc/internal/viewer"
)

// exe is the cchc binary the tests run, built by TestMain.
var exe string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cchc-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if exe, err = launch.Build(context.Background(), dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fixture is a database ready for a server: migrated, with the
// demonstration data and two commune officers' accounts.
type fixture struct {
	url    string
	secret []byte
	tokens []string // COMMUNE_OFFICERs of Tái Sơn 11098 and Quang Phục 11101
}

// prepare migrates the database at url, loads the demonstration data and
// signs the tokens, before any server runs on it.
func prepare(t *testing.T, url string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(privacy.DecisionContext(ctx, privacy.Allow), db.Client); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	f := &fixture{url: url, secret: []byte(hex.EncodeToString(b))}
	for _, unit := range []string{"11098", "11101"} {
		sub := "faults@" + unit
		if err := auth.EnsureAccount(ctx, db.Client, sub, viewer.CommuneOfficer, unit); err != nil {
			t.Fatal(err)
		}
		tok, err := auth.Sign(f.secret, sub, viewer.CommuneOfficer, unit, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens = append(f.tokens, tok)
	}
	return f
}

// soakConfig is a soak of the server by the fixture's commune officers.
func (f *fixture) soakConfig(s *server, prefix string, writes float64) loadtest.SoakConfig {
	return loadtest.SoakConfig{
		URL: s.url("/graphql"), Tokens: f.tokens, Concurrency: 6, Writes: writes, Seed: uint64(time.Now().UnixNano()), Prefix: prefix,
		Client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 12}},
	}
}

// background runs a soak until ctx is done (or its duration is over) and
// returns a function that waits for its result.
func background(ctx context.Context, t *testing.T, cfg loadtest.SoakConfig) func() *loadtest.SoakResult {
	var (
		res  *loadtest.SoakResult
		err  error
		done = make(chan struct{})
	)
	go func() {
		res, err = loadtest.Soak(ctx, cfg)
		close(done)
	}()
	return func() *loadtest.SoakResult {
		t.Helper()
		<-done
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}

// server is `cchc serve` running as a child process.
type server struct {
	*launch.Process
	addr string
	log  *syncBuffer
}

// startServer runs `cchc serve` over the fixture's database on a free port
// and waits until /readyz answers 200. The process is killed after the
// test if it still runs.
func startServer(t *testing.T, f *fixture) *server {
	t.Helper()
	addr, err := launch.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{addr: addr, log: &syncBuffer{}}
	s.Process, err = launch.Serve(context.Background(), exe, addr, []string{"DATABASE_URL=" + f.url, "CCHC_JWT_SECRET=" + string(f.secret),
		"CCHC_RATE_LIMIT=0"}, // the soak's few accounts ask at full speed: faults, not the rate limit, are tested here
		s.log)
	if err != nil {
		t.Fatalf("%v\n%s", err, s.log.tail(4000))
	}
	t.Cleanup(func() {
		s.Kill()
		if t.Failed() {
			t.Logf("the server's log:\n%s", s.log.tail(8000))
		}
	})
	return s
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

// ready is the status of GET /readyz, 0 when there is no answer.
func (s *server) ready() int {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(s.url("/readyz"))
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// signal sends sig to the server's process.
func (s *server) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := s.Cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// wait waits for the process to exit, at most within, and returns its exit code.
func (s *server) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-s.Exited():
		return s.Cmd.ProcessState.ExitCode()
	case <-time.After(within):
		t.Fatalf("cchc serve still runs %v later", within)
		return -1
	}
}

// waitFor polls cond every 50 ms until it holds, failing the test after
// within: a bound on waiting, not an assertion of speed.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// syncBuffer is a buffer that a process's output and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// linesWith returns the lines of s that contain sub.
func linesWith(s, sub string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}

// tail is the end of what was written, at most n bytes.
func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

// checkWrites checks in SQL, on a database no server is writing, that every
// creation the soak acknowledged is there as acknowledged, that a creation
// not acknowledged is absent or there whole (with its audit entry), that
// every record whose key begins with prefix has exactly one audit entry of its
// creation, and that the monthly tally agrees with the dossiers. It returns
// how many records the prefix has.
func checkWrites(t *testing.T, db *database.DB, prefix string, acked, unacked []*loadtest.Write) int {
	t.Helper()
	ctx := context.Background()
	type row struct {
		id      int
		status  string
		audited int
	}
	found := map[string]row{}
	for _, q := range []string{
		`SELECT d.code, d.id, d.status, (SELECT COUNT(*) FROM audit_entries a WHERE a.record_type = 'Dossier' AND a.record_id = d.id AND a.operation = 'CREATE') FROM dossiers d WHERE d.code LIKE ?`,
		`SELECT f.content, f.id, '', (SELECT COUNT(*) FROM audit_entries a WHERE a.record_type = 'Feedback' AND a.record_id = f.id AND a.operation = 'CREATE') FROM feedbacks f WHERE f.content LIKE ?`,
	} {
		rows, err := db.SQL.QueryContext(ctx, db.Rebind(q), prefix+"%")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var key string
			var r row
			if err := rows.Scan(&key, &r.id, &r.status, &r.audited); err != nil {
				t.Fatal(err)
			}
			found[key] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	for key, r := range found {
		if r.audited != 1 {
			t.Errorf("%s: %d audit entries of its creation, want 1 (half written)", key, r.audited)
		}
	}
	for _, w := range acked {
		r, ok := found[w.Key]
		switch {
		case !ok:
			t.Errorf("acknowledged %s %s %s is missing", w.Type, w.ID, w.Key)
		case w.Type == "Dossier" && r.status != w.Status && !slices.Contains(w.Pending, r.status):
			t.Errorf("acknowledged dossier %s has status %s, want %s (or one of %v)", w.Key, r.status, w.Status, w.Pending)
		}
	}
	present := 0
	for _, w := range unacked {
		if _, ok := found[w.Key]; ok {
			present++
		}
	}
	if present > 0 {
		// The answer, not the write, was lost: the commit went through as
		// the connection broke.
		t.Logf("%d of %d creations not acknowledged are there, whole", present, len(unacked))
	}
	if len(found) != len(acked)+present {
		t.Errorf("%d records under %s, %d acknowledged + %d not acknowledged but there", len(found), prefix, len(acked), present)
	}
	if err := tally.Verify(ctx, db.SQL); err != nil {
		t.Errorf("the monthly tally: %v", err)
	}
	return len(found)
}
