package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/ratelimit"
	"cchc/internal/server"
	"cchc/internal/viewer"
)

// fakeClock is a time that tests step by hand, read by the server's goroutines.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// oneError decodes the one error of an answer outside GraphQL's execution.
func oneError(t *testing.T, body []byte) apitest.Error {
	t.Helper()
	var v struct{ Errors []apitest.Error }
	if err := json.Unmarshal(body, &v); err != nil || len(v.Errors) != 1 {
		t.Fatalf("want one GraphQL error, got %s (%v)", body, err)
	}
	return v.Errors[0]
}

// TestRateLimit: an account past its bucket gets 429 with Retry-After while
// another account is still served; requests without a valid token count
// against their address; a bucket refills with time.
func TestRateLimit(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	lim := ratelimit.New(0.5, 3, ratelimit.WithClock(clock.Now)) // 3 at once, then one every 2 s
	env := apitest.New(t, dialect.SQLite, true, apitest.WithServer(server.WithRateLimit(lim)))
	province := env.Token(t, viewer.ProvinceOfficer, "30")
	district := env.Token(t, viewer.DistrictOfficer, "298")
	query := queryBody(`{ units { totalCount } }`)
	ask := func(tok string) (*http.Response, []byte) {
		return env.Post(t, tok, "/graphql", "application/json", query)
	}
	for i := range 3 {
		if res, body := ask(province); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d of the burst: HTTP %d %s", i+1, res.StatusCode, body)
		}
	}
	refused := func(who, tok string) {
		t.Helper()
		res, body := ask(tok)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "2" {
			t.Fatalf("%s past the burst: HTTP %d, Retry-After %q: %s", who, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
		e := oneError(t, body)
		if e.Code() != "LIMIT_EXCEEDED" || e.Extensions["limit"] != "rate" || e.Extensions["max"] != 0.5 || e.Extensions["burst"] != 3.0 ||
			!strings.Contains(e.Message, "retry in 2 s") {
			t.Fatalf("%s: %+v", who, e)
		}
	}
	refused("the province officer", province)
	if res, body := ask(district); res.StatusCode != http.StatusOK {
		t.Fatalf("another account must still be served: HTTP %d %s", res.StatusCode, body)
	}

	// Without a valid token, by address: 401 three times, then 429, for
	// no token and a garbage one alike.
	for _, tok := range []string{"", "garbage", ""} {
		if res, _ := ask(tok); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("token %q: HTTP %d, want 401", tok, res.StatusCode)
		}
	}
	refused("a caller without a token", "garbage")
	if res, _ := ask(district); res.StatusCode != http.StatusOK {
		t.Fatalf("an account is not counted by its address: HTTP %d", res.StatusCode)
	}

	clock.Step(2 * time.Second) // one request more
	if res, body := ask(province); res.StatusCode != http.StatusOK {
		t.Fatalf("after 2 s: HTTP %d %s", res.StatusCode, body)
	}
	refused("the province officer again", province)
	clock.Step(time.Minute) // full again, but no more than the burst
	for i := range 3 {
		if res, _ := ask(province); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d after a minute: HTTP %d", i+1, res.StatusCode)
		}
	}
	refused("the province officer after its burst", province)
}

// TestBodyLimit: a body over 1 MiB answers 413 LIMIT_EXCEEDED, whether it
// declares its length or comes in chunks, on /graphql and /export alike.
func TestBodyLimit(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.ProvinceOfficer, "30")
	big := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	for _, path := range []string{"/graphql", "/export?format=csv"} {
		for _, chunked := range []bool{false, true} {
			var body io.Reader = strings.NewReader(big)
			if chunked {
				body = struct{ io.Reader }{body} // no length known: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, env.Server.URL+path, body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("%s chunked=%v: HTTP %d %.200s", path, chunked, res.StatusCode, raw)
			}
			e := oneError(t, raw)
			if e.Code() != "LIMIT_EXCEEDED" || e.Extensions["limit"] != "body" || e.Extensions["max"] != float64(1<<20) || !strings.Contains(e.Message, "1 MiB") {
				t.Errorf("%s chunked=%v: %+v", path, chunked, e)
			}
		}
	}
	// Just under the limit still passes, chunked or not.
	pad := strings.Repeat("x", 1<<20-100)
	ok := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + pad + `"}}`
	if res, raw := env.Post(t, tok, "/graphql", "application/json", ok); res.StatusCode != http.StatusOK {
		t.Fatalf("a body under the limit: HTTP %d %.200s", res.StatusCode, raw)
	}
}

// TestTransportRefusals: requests no transport takes answer in the API's
// error format with a status of GraphQL over HTTP: a mutation by GET 405,
// another method 405, a body neither JSON nor multipart 415, variables that
// are not a JSON object 400.
func TestTransportRefusals(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.ProvinceOfficer, "30")
	send := func(method, path, ctype, body string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, env.Server.URL+path, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res, raw
	}
	for _, c := range []struct {
		method, path, ctype, body string
		status                    int
		allow, field              string
	}{
		{"GET", "/graphql?query=" + url.QueryEscape(`mutation { submitReport(id: 1) { id } }`), "", "", 405, "POST", ""},
		{"GET", "/graphql?query=" + url.QueryEscape(`query A { units { totalCount } } mutation B { submitReport(id: 1) { id } }`) + "&operationName=B", "", "", 405, "POST", ""},
		{"PUT", "/graphql", "application/json", queryBody(`{ units { totalCount } }`), 405, "GET, HEAD, POST, OPTIONS", ""},
		{"DELETE", "/graphql", "", "", 405, "GET, HEAD, POST, OPTIONS", ""},
		{"POST", "/graphql", "text/plain", queryBody(`{ units { totalCount } }`), 415, "", "Content-Type"},
		{"POST", "/graphql", "", queryBody(`{ units { totalCount } }`), 415, "", "Content-Type"},
		{"GET", "/graphql?query=" + url.QueryEscape(`{ units { totalCount } }`) + "&variables=%5B%5D", "", "", 400, "", "variables"},
		{"GET", "/graphql?query=" + url.QueryEscape(`{ units { totalCount } }`) + "&extensions=x", "", "", 400, "", "extensions"},
		{"GET", "/graphql?query=%zz", "", "", 400, "", ""},
	} {
		res, raw := send(c.method, c.path, c.ctype, c.body)
		if res.StatusCode != c.status || res.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: HTTP %d Allow %q, want %d %q: %s", c.method, c.path, res.StatusCode, res.Header.Get("Allow"), c.status, c.allow, raw)
			continue
		}
		if e := oneError(t, raw); e.Code() != "BAD_USER_INPUT" || (c.field != "" && e.Extensions["field"] != c.field) {
			t.Errorf("%s %s: %+v", c.method, c.path, e)
		}
	}
	// A query by GET still runs.
	if res, raw := send("GET", "/graphql?query="+url.QueryEscape(`query A { units { totalCount } } mutation B { submitReport(id: 1) { id } }`)+"&operationName=A", "", ""); res.StatusCode != http.StatusOK || !strings.Contains(string(raw), "totalCount") {
		t.Errorf("a query by GET: HTTP %d %s", res.StatusCode, raw)
	}
}
