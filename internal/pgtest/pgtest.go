// Package pgtest runs a private PostgreSQL server for tests that stop,
// kill and restart it (internal/faults): a cluster of its own, created by
// initdb in a temporary directory and listening on a free port of
// 127.0.0.1, so that stopping it disturbs no other test. It uses the
// PostgreSQL binaries installed on the machine (Debian's
// /usr/lib/postgresql/VERSION/bin, or pg_ctl on PATH).
package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver
)

// Cluster is a private PostgreSQL server.
type Cluster struct {
	Port int
	bin  string // directory of initdb, pg_ctl and postgres
	dir  string // the temporary directory: data/, the socket and the log
	// owner runs the binaries as the postgres account when the test runs
	// as root, which initdb and postgres refuse to run as.
	owner *user.User
}

// Start creates and starts a cluster, stopped and removed after the test.
// It skips the test when no PostgreSQL binaries are installed, and fails it
// under CI (CI=true), which has them.
func Start(t testing.TB) *Cluster {
	t.Helper()
	bin := binaries()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("the PostgreSQL binaries (initdb, pg_ctl) are required under CI")
		}
		t.Skip("no PostgreSQL binaries (initdb, pg_ctl): install postgresql")
	}
	c := &Cluster{bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, initdb needs the account postgres: %v", err)
		}
		c.owner = u
	}
	// Not t.TempDir: its parents are private to root, and the server may
	// run as postgres.
	dir, err := os.MkdirTemp("", "cchc-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	t.Cleanup(func() {
		c.run("pg_ctl", "stop", "-D", c.data(), "-m", "immediate", "-w")
		os.RemoveAll(dir)
	})
	if c.owner != nil {
		uid, _ := strconv.Atoi(c.owner.Uid)
		gid, _ := strconv.Atoi(c.owner.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.Port, err = freePort()
	if err != nil {
		t.Fatal(err)
	}
	c.StartServer(t)
	return c
}

// binaries returns the directory of the newest installed PostgreSQL's
// binaries, or "".
func binaries() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// version is the major version in a path /usr/lib/postgresql/VERSION/bin.
func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// run runs a PostgreSQL binary, as postgres when the test runs as root,
// and returns its output.
func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.owner != nil {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", c.owner.Username, "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// StartServer starts the server (again, after StopServer) and waits until
// it accepts connections.
func (c *Cluster) StartServer(t testing.TB) {
	t.Helper()
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=100", c.Port, c.dir)
	if out, err := c.run("pg_ctl", "start", "-D", c.data(), "-l", filepath.Join(c.dir, "log"), "-o", opts, "-w", "-t", "120"); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// StopServer stops the server: mode "fast" disconnects the clients and
// shuts down cleanly (what a service manager does), "immediate" kills
// every process at once, as a crash would, and leaves recovery to the next
// start.
func (c *Cluster) StopServer(t testing.TB, mode string) {
	t.Helper()
	if out, err := c.run("pg_ctl", "stop", "-D", c.data(), "-m", mode, "-w", "-t", "120"); err != nil {
		t.Fatalf("pg_ctl stop -m %s: %v\n%s", mode, err, out)
	}
}

// URL is the lib/pq URL of database name on the cluster.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// CreateDatabase creates an empty database and returns its URL.
func (c *Cluster) CreateDatabase(t testing.TB, name string) string {
	t.Helper()
	admin, err := sql.Open("postgres", c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	return c.URL(name)
}

// freePort returns a port of 127.0.0.1 free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
