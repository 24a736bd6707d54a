// Package launch is the one launcher of servers as child processes, for the
// load test (cchc and PostGraphile, measured alike) and the tests that drive
// the real binary through faults: it builds cchc, starts `cchc serve` (or any
// server) on a free port, waits until it answers, and stops it.
package launch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Build compiles cmd/cchc into dir and returns the binary's path. It needs
// the go command and the module's source: tests, or cchc-bench run from the
// repository.
func Build(ctx context.Context, dir string) (string, error) {
	exe := filepath.Join(dir, "cchc")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", exe, "cchc/cmd/cchc").CombinedOutput(); err != nil {
		return "", fmt.Errorf("building cchc: %w\n%s", err, out)
	}
	return exe, nil
}

// Process is a server running as a child process.
type Process struct {
	Cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited; then err is Wait's
	err    error
}

// Exited is closed once the process has exited.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Err is what waiting for the process returned, once it has exited.
func (p *Process) Err() error { return p.err }

// Stop sends SIGTERM and waits for the process to exit, killing it after grace.
func (p *Process) Stop(grace time.Duration) error {
	p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return nil
	case <-time.After(grace):
		p.Kill()
		return fmt.Errorf("did not stop within %v of SIGTERM: killed", grace)
	}
}

// Kill kills the process, if it still runs, and waits for it to exit.
func (p *Process) Kill() {
	p.Cmd.Process.Kill()
	<-p.exited
}

// startWithin bounds the wait for a server to answer: the first start of
// cchc on a large database applies migrations.
const startWithin = 2 * time.Minute

// Start starts cmd, its output to out, and waits until ready succeeds (at
// most two minutes). A process that exits or does not become ready is
// stopped, and the error says which.
func Start(ctx context.Context, cmd *exec.Cmd, out io.Writer, ready func(*http.Client) error) (*Process, error) {
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{Cmd: cmd, exited: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(startWithin)
	for {
		err := ready(c)
		if err == nil {
			return p, nil
		}
		select {
		case <-p.exited:
			return nil, fmt.Errorf("exited before answering: %v", p.err)
		case <-ctx.Done():
			p.Stop(10 * time.Second)
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.Stop(10 * time.Second)
			return nil, fmt.Errorf("no answer within %v: %w", startWithin, err)
		}
	}
}

// Serve runs `exe serve` on addr (see FreeAddr) with env (DATABASE_URL,
// CCHC_JWT_SECRET, …) and waits until its /readyz answers 200. The child
// gets this process's environment without DATABASE_URL and CCHC_*, so that
// only what the caller gives configures it.
func Serve(ctx context.Context, exe, addr string, env []string, out io.Writer) (*Process, error) {
	cmd := exec.Command(exe, "serve")
	cmd.Env = append(append(Environ("DATABASE_URL", "CCHC_"), env...), "CCHC_ADDR="+addr)
	p, err := Start(ctx, cmd, out, func(c *http.Client) error {
		return Answers(c, http.MethodGet, "http://"+addr+"/readyz", nil)
	})
	if err != nil {
		return nil, fmt.Errorf("starting cchc serve: %w", err)
	}
	return p, nil
}

// Answers tells whether url answers 200 to the request.
func Answers(c *http.Client, method, url string, body []byte) error {
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

// FreeAddr returns an address of 127.0.0.1 with a port free a moment ago.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Environ is this process's environment without the variables named, or
// beginning with those of the names that end in "_".
func Environ(drop ...string) []string {
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
