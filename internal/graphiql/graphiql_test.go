package graphiql

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var refRE = regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*["']?([^"'\s>]+)`)

func TestPageAndAssets(t *testing.T) {
	h := Handler("/graphql")

	res := get(t, h, http.MethodGet, "/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d, want 200", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET / Content-Type = %q, want text/html", ct)
	}
	html := body(t, res)

	for _, want := range []string{
		"<title>cchc — GraphQL (cải cách hành chính)</title>",
		"GraphiQL.createFetcher",
		`createFetcher({ url: "/graphql" })`,
		"defaultHeaders",
		"Authorization",
		"units(first: 10)",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	refs := refRE.FindAllStringSubmatch(html, -1)
	if len(refs) < 4 {
		t.Fatalf("page references %d assets, want at least 4 (CSS, React, ReactDOM, GraphiQL):\n%s", len(refs), html)
	}
	var js, css int
	for _, m := range refs {
		ref := m[1]
		if strings.Contains(ref, "//") || !strings.HasPrefix(ref, "/assets/") {
			t.Errorf("page references %q: want a same-origin /assets/ path, no CDN", ref)
			continue
		}
		res := get(t, h, http.MethodGet, ref)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", ref, res.StatusCode)
			continue
		}
		if b := body(t, res); len(b) == 0 {
			t.Errorf("GET %s: empty body", ref)
		}
		ct := res.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/javascript"), strings.HasPrefix(ct, "application/javascript"):
			js++
		case strings.HasPrefix(ct, "text/css"):
			css++
		default:
			t.Errorf("GET %s Content-Type = %q, want JavaScript or CSS", ref, ct)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s Cache-Control = %q, want a long max-age", ref, cc)
		}
	}
	if js < 3 || css < 1 {
		t.Errorf("page loads %d scripts and %d stylesheets, want at least 3 and 1", js, css)
	}
}

func TestNoExternalURLsInPage(t *testing.T) {
	html := body(t, get(t, Handler("/graphql"), http.MethodGet, "/"))
	for _, bad := range []string{"http://", "https://", "//cdn", "unpkg", "jsdelivr"} {
		if strings.Contains(html, bad) {
			t.Errorf("page contains %q; it must work with no internet access", bad)
		}
	}
}

func TestEndpointIsEscaped(t *testing.T) {
	evil := `/q"</script><script>alert(1)</script>`
	html := body(t, get(t, Handler(evil), http.MethodGet, "/"))
	if strings.Contains(html, "<script>alert(1)") || strings.Contains(html, `q"</script>`) {
		t.Fatalf("endpoint not escaped into the page:\n%s", html)
	}
	if got := strings.Count(html, "</script>"); got != 4 {
		t.Errorf("page has %d </script>, want 4 (3 assets + bootstrap)", got)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	h := Handler("/graphql")
	for _, p := range []string{"/nope", "/assets/", "/assets/nope.js", "/assets/README.md", "/assets/LICENSE.react.txt", "/index.html", "/graphql"} {
		if res := get(t, h, http.MethodGet, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
	if res := get(t, h, http.MethodPost, "/"); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d, want 405", res.StatusCode)
	}
	if res := get(t, h, http.MethodHead, "/assets/graphiql.min.js"); res.StatusCode != http.StatusOK {
		t.Errorf("HEAD asset = %d, want 200", res.StatusCode)
	}
}

func TestAssetConditionalGet(t *testing.T) {
	h := Handler("/graphql")
	res := get(t, h, http.MethodGet, "/assets/react.production.min.js")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("asset has no ETag")
	}
	req := httptest.NewRequest(http.MethodGet, "/assets/react.production.min.js", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", rec.Code)
	}
}

func TestAssetsKeepLicenseHeaders(t *testing.T) {
	for _, name := range []string{"react.production.min.js", "react-dom.production.min.js"} {
		if !strings.Contains(string(assets[name].body[:200]), "@license React") {
			t.Errorf("%s lost its license header", name)
		}
	}
}
