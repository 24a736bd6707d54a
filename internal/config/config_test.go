package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"cchc/internal/limits"
)

func TestLimits(t *testing.T) {
	l, err := Limits()
	if err != nil || l != limits.Default() {
		t.Fatalf("nothing set: %+v %v", l, err)
	}
	t.Setenv("CCHC_MAX_COST", "1000")
	t.Setenv("CCHC_MAX_PAGE_SIZE", "200")
	t.Setenv("CCHC_DEFAULT_PAGE_SIZE", "20")
	t.Setenv("CCHC_REQUEST_TIMEOUT", "5")
	t.Setenv("CCHC_MAX_INPUT_NODES", "400")
	t.Setenv("CCHC_MAX_EDGE_NESTING", "3")
	t.Setenv("CCHC_MAX_FIELDS", "50")
	t.Setenv("CCHC_MAX_JOINS", "70")
	l, err = Limits()
	if err != nil || l.MaxCost != 1000 || l.MaxPageSize != 200 || l.DefaultPageSize != 20 || l.Timeout != 5*time.Second || l.MaxDepth != 12 ||
		l.MaxInputNodes != 400 || l.MaxEdgeNesting != 3 || l.MaxFields != 50 || l.MaxJoins != 70 || l.MaxTokens != limits.Default().MaxTokens {
		t.Fatalf("set: %+v %v", l, err)
	}
	t.Setenv("CCHC_REQUEST_TIMEOUT", "1m30s")
	if l, _ = Limits(); l.Timeout != 90*time.Second {
		t.Errorf("1m30s: %v", l.Timeout)
	}
	for name, value := range map[string]string{
		"CCHC_MAX_DEPTH":         "0",
		"CCHC_MAX_BATCH":         "ten",
		"CCHC_MAX_INPUT_NODES":   "0",
		"CCHC_MAX_SPREADS":       "0",
		"CCHC_REQUEST_TIMEOUT":   "-1s",
		"CCHC_DEFAULT_PAGE_SIZE": "500", // above CCHC_MAX_PAGE_SIZE
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, value)
			if _, err := Limits(); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: %v, want an error naming it", name, value, err)
			}
		})
	}
}

func TestOrigins(t *testing.T) {
	got, err := origins(" https://cchc.haiduong.gov.vn, http://localhost:5173 ,")
	if err != nil || len(got) != 2 || got[0] != "https://cchc.haiduong.gov.vn" || got[1] != "http://localhost:5173" {
		t.Errorf("got %v %v", got, err)
	}
	for _, bad := range []string{"*", "cchc.haiduong.gov.vn", "https://cchc.haiduong.gov.vn/app", "ftp://x.vn", "https://u:p@x.vn"} {
		if _, err := origins(bad); err == nil || !strings.Contains(err.Error(), "CCHC_CORS_ORIGINS") {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
}

func TestLogAndTracing(t *testing.T) {
	for _, name := range []string{"CCHC_TRACING", "OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "CCHC_LOG_FORMAT", "CCHC_LOG_LEVEL"} {
		t.Setenv(name, "")
	}
	if l, err := Log(); err != nil || l.Format != "json" || l.Level != slog.LevelInfo {
		t.Errorf("nothing set: %+v %v", l, err)
	}
	t.Setenv("CCHC_LOG_FORMAT", "text")
	t.Setenv("CCHC_LOG_LEVEL", "debug")
	if l, err := Log(); err != nil || l.Format != "text" || l.Level != slog.LevelDebug {
		t.Errorf("text, debug: %+v %v", l, err)
	}
	t.Setenv("CCHC_LOG_FORMAT", "xml")
	if _, err := Log(); err == nil || !strings.Contains(err.Error(), "CCHC_LOG_FORMAT") {
		t.Errorf("xml accepted: %v", err)
	}
	t.Setenv("CCHC_LOG_FORMAT", "")
	t.Setenv("CCHC_LOG_LEVEL", "loud")
	if _, err := Log(); err == nil || !strings.Contains(err.Error(), "CCHC_LOG_LEVEL") {
		t.Errorf("loud accepted: %v", err)
	}

	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"}, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "CCHC_TRACING": "off"}, false},
		{map[string]string{"CCHC_TRACING": "otlp"}, true},
	} {
		t.Run(fmt.Sprint(c.env), func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			if on, err := TracingOn(); err != nil || on != c.want {
				t.Errorf("got %v %v, want %v", on, err, c.want)
			}
		})
	}
	t.Setenv("CCHC_TRACING", "jaeger")
	if _, err := TracingOn(); err == nil || !strings.Contains(err.Error(), "CCHC_TRACING") {
		t.Errorf("jaeger accepted: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	r, b, err := rateLimit()
	if err != nil || r != DefaultRateLimit || b != DefaultRateBurst {
		t.Fatalf("nothing set: %v %v %v", r, b, err)
	}
	t.Setenv("CCHC_RATE_LIMIT", "0.5")
	t.Setenv("CCHC_RATE_BURST", "3")
	if r, b, err = rateLimit(); err != nil || r != 0.5 || b != 3 {
		t.Fatalf("0.5, 3: %v %v %v", r, b, err)
	}
	t.Setenv("CCHC_RATE_LIMIT", "0") // off
	if r, _, err = rateLimit(); err != nil || r != 0 {
		t.Fatalf("0: %v %v", r, err)
	}
	for name, value := range map[string]string{
		"CCHC_RATE_LIMIT": "-1",
		"CCHC_RATE_BURST": "0",
	} {
		for _, v := range []string{value, "many", "Inf"} {
			t.Run(name+"="+v, func(t *testing.T) {
				t.Setenv(name, v)
				if _, _, err := rateLimit(); err == nil || !strings.Contains(err.Error(), name) {
					t.Errorf("%s=%s: %v, want an error naming it", name, v, err)
				}
			})
		}
	}
}

func TestCaches(t *testing.T) {
	if n, err := statementCache(""); err != nil || n != 256 {
		t.Errorf("unset: %d %v, want 256", n, err)
	}
	if n, err := statementCache("0"); err != nil || n != 0 {
		t.Errorf("0 (off): %d %v", n, err)
	}
	for _, bad := range []string{"-1", "many", "1.5"} {
		if _, err := statementCache(bad); err == nil || !strings.Contains(err.Error(), "CCHC_STATEMENT_CACHE") {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
	for s, want := range map[string]bool{"": true, "on": true, "OFF": false, "false": false, "1": true, "no": false} {
		if on, err := onOff("CCHC_CALLER_CACHE", s, true); err != nil || on != want {
			t.Errorf("%q: %v %v, want %v", s, on, err, want)
		}
	}
	if _, err := onOff("CCHC_CALLER_CACHE", "maybe", true); err == nil || !strings.Contains(err.Error(), "CCHC_CALLER_CACHE") {
		t.Errorf("maybe accepted: %v", err)
	}
}

// TestGC: the server's collector target is 200 and its soft memory limit
// 128 MiB unless GOGC or GOMEMLIMIT is set, which the Go runtime applies itself.
func TestGC(t *testing.T) {
	t.Setenv("DATABASE_URL", "file:"+t.TempDir()+"/cchc.db")
	t.Setenv("CCHC_JWT_SECRET", "0123456789abcdef0123456789abcdef")
	for gogc, want := range map[string]int{"": 200, "100": 0, "off": 0} {
		t.Setenv("GOGC", gogc)
		c, err := FromEnv()
		if err != nil || c.GCPercent != want {
			t.Errorf("GOGC=%q: GCPercent %d (%v), want %d", gogc, c.GCPercent, err, want)
		}
	}
	for limit, want := range map[string]int64{"": 128 << 20, "1GiB": 0} {
		t.Setenv("GOMEMLIMIT", limit)
		c, err := FromEnv()
		if err != nil || c.MemoryLimit != want {
			t.Errorf("GOMEMLIMIT=%q: MemoryLimit %d (%v), want %d", limit, c.MemoryLimit, err, want)
		}
	}
}
