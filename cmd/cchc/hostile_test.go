package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// oversized: the server of cchc serve refuses request headers over its
// 64 KiB (431) and bodies over 1 MiB (413 with a GraphQL error), whether
// the body declares its length or comes in chunks, and keeps serving.
func oversized(t *testing.T, addr, token string) {
	url := "http://" + addr + "/graphql"
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"query": "{ units { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Padding", strings.Repeat("x", 100<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("headers of 100 KiB: HTTP %d, want 431", res.StatusCode)
	}

	big := `{"query": "{ units { totalCount } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(big)
		if chunked {
			body = struct{ io.Reader }{body} // no length known: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, url, body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), `"code":"LIMIT_EXCEEDED"`) {
			t.Errorf("a body of 2 MiB (chunked %v): HTTP %d %.200s", chunked, res.StatusCode, raw)
		}
	}
}

// TestSlowHeaders: a client that sends its headers slower than the server's
// ReadHeaderTimeout is cut off (slowloris), as the server of cchc serve is
// built; the timeout is shortened here, the rest of the server as served.
func TestSlowHeaders(t *testing.T) {
	srv := httpServer("127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Fatalf("the server has no bound: %+v", srv)
	}
	srv.ReadHeaderTimeout = 100 * time.Millisecond
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // and never the end of the headers
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))   // a bound on the test, not an assertion
	_, err = bufio.NewReader(conn).ReadByte()
	if err != io.EOF {
		t.Fatalf("the connection of a client that never ends its headers must be closed, got %v", err)
	}
}

// graphqlHTTPAudit runs the GraphQL over HTTP audit suite of the npm package
// graphql-http (.ci/graphql-http) against the server: every MUST audit
// passes. It needs node and `npm ci --prefix .ci/graphql-http`; without
// them it is skipped, but under CI (CI=true), where it fails.
func graphqlHTTPAudit(t *testing.T, addr, token string) {
	dir := filepath.Join("..", "..", ".ci", "graphql-http")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "graphql-http"))
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the graphql-http audit is required under CI: %v (npm ci --prefix .ci/graphql-http)", err)
		}
		t.Skipf("the graphql-http audit needs node and npm ci --prefix .ci/graphql-http: %v", err)
	}
	cmd := exec.Command(node, "audit.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CCHC_AUDIT_URL=http://"+addr+"/graphql", "CCHC_AUDIT_TOKEN="+token)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("graphql-http audit: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Log(lines[len(lines)-1]) // the tally; -v shows every audit
	for _, l := range lines {
		if !strings.HasPrefix(l, "ok ") {
			t.Log(l)
		}
	}
}
