package main

import (
	"bytes"
	"cchc/internal/apitest"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeDemoAsAUser runs the binary's commands as the README tells a new
// user to: serve --demo on an empty database, sign a token, query Tái Sơn.
// It runs on the embedded SQLite and on an empty PostgreSQL database.
func TestServeDemoAsAUser(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("DATABASE_URL", "file:"+filepath.Join(dir, "cchc.db"))
		t.Setenv("CCHC_JWT_SECRET", "")
		t.Setenv("CCHC_METRICS_ADDR", freeAddr(t)) // here /metrics on a listener of its own
		addr, token := serveAndQuery(t)
		if _, err := os.Stat(filepath.Join(dir, "cchc.secret")); err != nil {
			t.Errorf("the generated secret must be stored beside the database: %v", err)
		}
		t.Run("oversized requests", func(t *testing.T) { oversized(t, addr, token) })
		t.Run("graphql-http audit", func(t *testing.T) { graphqlHTTPAudit(t, addr, token) })
	})
	t.Run("postgres", func(t *testing.T) {
		t.Setenv("DATABASE_URL", apitest.EmptyPostgres(t))
		t.Setenv("CCHC_JWT_SECRET", "")
		if err := run(context.Background(), []string{"serve"}, io.Discard, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "CCHC_JWT_SECRET") {
			t.Fatalf("serving PostgreSQL without a secret must be refused, got %v", err)
		}
		t.Setenv("CCHC_JWT_SECRET", strings.Repeat("s", 40))
		t.Setenv("CCHC_METRICS_ADDR", "")
		serveAndQuery(t)
	})
}

// freeAddr is a loopback address with a port free at the time.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serveAndQuery starts cchc serve --demo as the README does, asks it Tái
// Sơn's dossiers, and returns its address and a province officer's token.
func serveAndQuery(t *testing.T) (addr, token string) {
	addr = freeAddr(t)
	t.Setenv("CCHC_ADDR", addr)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--demo"}, io.Discard, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	waitHealthy(t, "http://"+addr+"/healthz", done)

	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "--role", "PROVINCE_OFFICER", "--unit", "30"}, &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	token = strings.TrimSpace(out.String())

	query := `{ units(where: {code: "11098"}) { edges { node { name parent { code parent { code } }
  dossiers(where: {or: [{receivedAtGTE: "2023-01-01T00:00:00+07:00", receivedAtLT: "2023-07-01T00:00:00+07:00"},
    {receivedAtLT: "2023-01-01T00:00:00+07:00", or: [{finishedAtIsNil: true}, {finishedAtGTE: "2023-01-01T00:00:00+07:00"}]}]}) { totalCount } } } } }`
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	want := `{"data":{"units":{"edges":[{"node":{"name":"Tái Sơn","parent":{"code":"298","parent":{"code":"30"}},"dossiers":{"totalCount":412}}}]}}}`
	if string(raw) != want {
		t.Fatalf("got %s\nwant %s", raw, want)
	}

	// The container's health check, and the metrics, beside the API or on
	// CCHC_METRICS_ADDR alone.
	out.Reset()
	if err := run(context.Background(), []string{"healthcheck"}, &out, slog.New(slog.DiscardHandler)); err != nil || out.String() != "ok\n" {
		t.Errorf("healthcheck: %q %v", out.String(), err)
	}
	metrics, elsewhere := "http://"+addr+"/metrics", os.Getenv("CCHC_METRICS_ADDR")
	if elsewhere != "" {
		res, err := http.Get(metrics)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Error("/metrics served beside the API though CCHC_METRICS_ADDR is set")
		}
		metrics = "http://" + elsewhere + "/metrics"
	}
	if res, err := http.Get(metrics); err != nil {
		t.Error(err)
	} else {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), `cchc_graphql_requests_total{operation="anonymous",type="query"} 1`) {
			t.Errorf("%s: HTTP %d, no count of the query:\n%.2000s", metrics, res.StatusCode, body)
		}
	}

	// A second start with --demo leaves the data as it is.
	if err := run(context.Background(), []string{"token", "--role", "ANALYST", "--unit", "99999"}, io.Discard, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("a token for a unit that does not exist must be refused")
	}
	return addr, token
}

func waitHealthy(t *testing.T, url string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the server did not become healthy")
}

// TestBackupRestore runs cchc backup and cchc restore as an operator does,
// and their refusals on PostgreSQL.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "file:"+filepath.Join(dir, "cchc.db"))
	t.Setenv("CCHC_JWT_SECRET", strings.Repeat("s", 40))
	ctx, discard := context.Background(), slog.New(slog.DiscardHandler)
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate"}, &out, discard); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, "backup.db")
	out.Reset()
	if err := run(ctx, []string{"backup", "--to", to}, &out, discard); err != nil || !strings.Contains(out.String(), "backed up") {
		t.Fatalf("backup: %q %v", out.String(), err)
	}
	out.Reset()
	if err := run(ctx, []string{"restore", "--from", to}, &out, discard); err != nil || !strings.Contains(out.String(), ".bak") {
		t.Fatalf("restore: %q %v", out.String(), err)
	}
	for _, args := range [][]string{{"backup"}, {"restore"}, {"backup", "--to", to, "extra"}} {
		if err := run(ctx, args, io.Discard, discard); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: %v, want the usage", args, err)
		}
	}
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cchc?sslmode=disable")
	for _, args := range [][]string{{"backup", "--to", filepath.Join(dir, "pg.db")}, {"restore", "--from", to}} {
		if err := run(ctx, args, io.Discard, discard); err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("%v on PostgreSQL: %v, want pg_dump named", args, err)
		}
	}
}
