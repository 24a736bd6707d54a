package server_test

import (
	"net/http"
	"strings"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestSecurityHeaders: every answer forbids sniffing, referrers and
// framing; answers of data load nothing; the evidence download keeps its own policy.
func TestSecurityHeaders(t *testing.T) {
	env := apitest.New(t, "sqlite3", false)
	for path, csp := range map[string]string{"/healthz": "default-src 'none'", "/graphql?query={__typename}": "default-src 'none'", "/": ""} {
		resp, _ := env.Get(t, "", path)
		h := resp.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
		if got := h.Get("Content-Security-Policy"); !strings.HasPrefix(got, csp) || (csp == "" && got == "default-src 'none'; frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, got)
		}
	}
}

// TestCORS: the origins configured may call the API from a browser,
// preflight included; others get no CORS headers.
func TestCORS(t *testing.T) {
	const app, other = "https://cchc.haiduong.gov.vn", "https://evil.example"
	env := apitest.New(t, "sqlite3", true, apitest.WithCORS(app))
	tok := env.Token(t, viewer.DistrictOfficer, "298")
	send := func(method, origin string, header map[string]string, body string) *http.Response {
		req, err := http.NewRequest(method, env.Server.URL+"/graphql", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	pre := map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
	resp := send(http.MethodOptions, app, pre, "")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != app ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight from %s: %d %v", app, resp.StatusCode, resp.Header)
	}
	if resp := send(http.MethodOptions, other, pre, ""); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from %s allowed: %v", other, resp.Header)
	}
	post := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
	if resp := send(http.MethodPost, app, post, `{"query":"{ __typename }"}`); resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != app {
		t.Errorf("POST from %s: %d %v", app, resp.StatusCode, resp.Header)
	}
	if resp := send(http.MethodPost, other, post, `{"query":"{ __typename }"}`); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST from %s got CORS headers: %v", other, resp.Header)
	}
}

// TestReadiness: /readyz answers 503 while the database is unreachable.
func TestReadiness(t *testing.T) {
	apitest.ForEach(t, false, func(t *testing.T, env *apitest.Env) {
		if resp, _ := env.Get(t, "", "/readyz"); resp.StatusCode != 200 {
			t.Fatalf("/readyz: %d", resp.StatusCode)
		}
		env.DB.SQL.Close()
		if resp, _ := env.Get(t, "", "/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the database closed: %d", resp.StatusCode)
		}
	})
}
