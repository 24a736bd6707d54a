// Package graphiql serves the GraphiQL IDE with its assets embedded, so the
// page works on an intranet with no internet access.
//
// The JavaScript and CSS (GraphiQL's UMD build and React 18's UMD builds) are
// compiled into the binary with go:embed; the page references them only by
// same-origin paths below /assets/, never a CDN. See assets/README.md for the
// package versions and how to refresh them.
package graphiql

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed assets/*.js assets/*.css
var assetFS embed.FS

// assetsPrefix is the URL path below which the embedded assets are served.
const assetsPrefix = "/assets/"

// defaultQuery is the query shown in the editor of a first visit.
const defaultQuery = `# cchc — GraphQL API (cải cách hành chính)
#
# Mọi request cần header
#   Authorization: Bearer <token>
# Dán token vào tab "Headers" bên dưới.
# Tạo token bằng lệnh:
#   cchc token --role PROVINCE_OFFICER --unit 30
#
# Ctrl+Enter (hoặc nút ▶) để chạy truy vấn.

{
  units(first: 10) {
    totalCount
    edges {
      node {
        code
        name
        level
      }
    }
  }
}
`

// defaultHeaders is the text of the headers editor of a first visit.
const defaultHeaders = `{
  "Authorization": "Bearer <token from: cchc token --role PROVINCE_OFFICER --unit 30>"
}`

// page is the HTML of the IDE. html/template escapes every value for the
// context it is in: the asset URLs as attributes, and the endpoint, query
// and headers as JavaScript string literals inside the script.
//
// shouldPersistHeaders is false because a bearer token is a credential: it is
// kept out of the browser's localStorage, which on a shared office computer
// outlives the user's session. The headers editor is open by default and
// pre-filled with the Authorization header to complete.
var page = template.Must(template.New("graphiql").Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cchc — GraphQL (cải cách hành chính)</title>
<style>
html, body { height: 100%; margin: 0; overflow: hidden; }
#graphiql { height: 100vh; }
#graphiql > .loading { font-family: sans-serif; padding: 2em; color: #555; }
</style>
<link rel="stylesheet" href="{{.CSS}}">
<script src="{{.React}}"></script>
<script src="{{.ReactDOM}}"></script>
<script src="{{.GraphiQL}}"></script>
</head>
<body>
<div id="graphiql"><p class="loading">Đang tải GraphiQL…</p></div>
<noscript>GraphiQL cần JavaScript.</noscript>
<script>
(function () {
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: {{.Endpoint}} }),
    defaultQuery: {{.Query}},
    defaultHeaders: {{.Headers}},
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: "headers",
    shouldPersistHeaders: false
  }));
})();
</script>
</body>
</html>
`))

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// assets maps a file name below assets/ to its content, loaded once.
var assets = loadAssets()

func loadAssets() map[string]asset {
	m := make(map[string]asset)
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		panic("graphiql: reading embedded assets: " + err.Error())
	}
	for _, e := range entries {
		body, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic("graphiql: reading embedded asset: " + err.Error())
		}
		sum := sha256.Sum256(body)
		m[e.Name()] = asset{
			body:        body,
			contentType: contentType(e.Name()),
			etag:        hex.EncodeToString(sum[:8]),
		}
	}
	return m
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	default:
		return "application/octet-stream"
	}
}

// assetURL is the URL the page uses for an embedded file. The query string
// carries a hash of the content, so a new binary with refreshed assets gets
// new URLs and the long browser cache never serves stale files.
func assetURL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("graphiql: missing embedded asset " + name)
	}
	return assetsPrefix + name + "?v=" + a.etag
}

// Handler serves the GraphiQL page at its root and its assets below "assets/".
// endpoint is the GraphQL URL the page sends queries to, e.g. "/graphql".
func Handler(endpoint string) http.Handler {
	var buf bytes.Buffer
	err := page.Execute(&buf, struct {
		CSS, React, ReactDOM, GraphiQL string
		Endpoint, Query, Headers       string
	}{
		CSS:      assetURL("graphiql.min.css"),
		React:    assetURL("react.production.min.js"),
		ReactDOM: assetURL("react-dom.production.min.js"),
		GraphiQL: assetURL("graphiql.min.js"),
		Endpoint: endpoint,
		Query:    defaultQuery,
		Headers:  defaultHeaders,
	})
	if err != nil {
		panic("graphiql: rendering page: " + err.Error())
	}
	return &handler{page: buf.Bytes()}
}

type handler struct {
	page []byte
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/":
		if !allowRead(w, r) {
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(h.page))
	case strings.HasPrefix(p, assetsPrefix):
		a, ok := assets[strings.TrimPrefix(p, assetsPrefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if !allowRead(w, r) {
			return
		}
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("ETag", `"`+a.etag+`"`)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	default:
		http.NotFound(w, r)
	}
}

// allowRead answers 405 to anything but GET and HEAD.
func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	return false
}
