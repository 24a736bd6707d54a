package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// send posts a GraphQL query to env with the token and extra headers, and
// returns the answer with its body.
func send(t *testing.T, env *apitest.Env, token, query string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body) // whole: the server has logged and counted the request
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// logLines decodes the JSON lines the server logged, keeping those whose
// request_id is id.
func logLines(t *testing.T, logged string, id string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logged))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("a log line that is not JSON: %s", sc.Text())
		}
		if line["request_id"] == id {
			out = append(out, line)
		}
	}
	return out
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestRequestLog: each request has an ID, the client's X-Request-ID when it
// is sane, echoed in the answer; the access line (JSON) tells the request,
// its account and its operation; a fault's log line carries the same ID
// and account, and the answer's extensions.requestId names it.
func TestRequestLog(t *testing.T) {
	var logged syncBuffer
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		id := "req-" + env.Dialect + "-1"
		res, body := send(t, env, tok, `query Units { units { totalCount } }`, map[string]string{"X-Request-ID": id})
		if res.StatusCode != http.StatusOK || res.Header.Get("X-Request-ID") != id {
			t.Fatalf("HTTP %d, X-Request-ID %q: %s", res.StatusCode, res.Header.Get("X-Request-ID"), body)
		}
		lines := logLines(t, logged.String(), id)
		if len(lines) != 1 {
			t.Fatalf("want one access line for %s, got %v", id, lines)
		}
		l := lines[0]
		for k, want := range map[string]any{"msg": "request", "level": "INFO", "method": "POST", "path": "/graphql", "status": 200.0,
			"account": "PROVINCE_OFFICER@30", "role": "PROVINCE_OFFICER", "unit": "30"} {
			if l[k] != want {
				t.Errorf("%s = %v, want %v: %v", k, l[k], want, l)
			}
		}
		if ops, _ := l["operations"].([]any); len(ops) != 1 || ops[0] != "Units" {
			t.Errorf("operations %v, want [Units]", l["operations"])
		}
		if n, _ := l["bytes"].(float64); int(n) != len(body) {
			t.Errorf("bytes %v, want %d", l["bytes"], len(body))
		}
		if _, ok := l["duration_ms"].(float64); !ok {
			t.Errorf("no duration_ms: %v", l)
		}

		// An ID that is not sane (spaces, or too long) is replaced.
		for _, bad := range []string{"has spaces", strings.Repeat("x", 129), `"quoted"`} {
			res, _ := send(t, env, tok, `{ units { totalCount } }`, map[string]string{"X-Request-ID": bad})
			if got := res.Header.Get("X-Request-ID"); !generatedID.MatchString(got) {
				t.Errorf("sent %q, answered X-Request-ID %q, want a new one", bad, got)
			}
		}
		// Without a token: the access line has no account.
		res, _ = send(t, env, "", `{ units { totalCount } }`, nil)
		anon := res.Header.Get("X-Request-ID")
		if lines := logLines(t, logged.String(), anon); !generatedID.MatchString(anon) || len(lines) != 1 || lines[0]["status"] != 401.0 || lines[0]["account"] != nil {
			t.Errorf("unauthenticated %q: %v", anon, lines)
		}

		// A fault: the answer names the request, whose log lines tell the cause.
		if _, err := env.DB.SQL.Exec(`ALTER TABLE procedures RENAME TO procedures_gone`); err != nil {
			t.Fatal(err)
		}
		id = "req-" + env.Dialect + "-2"
		_, body = send(t, env, tok, `query Broken { procedures { totalCount } }`, map[string]string{"X-Request-ID": id})
		var answer struct{ Errors []apitest.Error }
		if err := json.Unmarshal(body, &answer); err != nil || len(answer.Errors) != 1 || answer.Errors[0].Extensions["requestId"] != id {
			t.Fatalf("want one error with requestId %s: %s", id, body)
		}
		lines = logLines(t, logged.String(), id)
		if len(lines) != 2 {
			t.Fatalf("want the fault and the access line for %s, got %v", id, lines)
		}
		fault := lines[0]
		if fault["level"] != "ERROR" || fault["msg"] != "request failed" || fault["account"] != "PROVINCE_OFFICER@30" ||
			!strings.Contains(fault["err"].(string), "procedures") {
			t.Errorf("fault line: %v", fault)
		}
		if lines[1]["msg"] != "request" || lines[1]["operations"].([]any)[0] != "Broken" {
			t.Errorf("access line: %v", lines[1])
		}
	}, apitest.WithLogger(slog.New(slog.NewJSONHandler(&logged, nil))))
}

// TestMetrics: /metrics, unauthenticated, counts operations by name (a
// query without one is "anonymous", one refused before it ran "invalid"),
// errors by code and HTTP requests by route and status, and shows the
// database pool and the Go runtime.
func TestMetrics(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		commune := env.Token(t, viewer.CommuneOfficer, "11098")
		env.OK(t, tok, `query Units { units { totalCount } }`, nil, nil)
		env.OK(t, tok, `query Units { units { totalCount } }`, nil, nil)
		env.OK(t, tok, `{ units { totalCount } }`, nil, nil)
		env.Fail(t, tok, `{ units { totalCount }`, nil, "GRAPHQL_PARSE_FAILED")
		env.Fail(t, tok, `query Nope { noSuchField }`, nil, "GRAPHQL_VALIDATION_FAILED")
		env.Fail(t, commune, `mutation Move($id: ID!) { updateUnit(id: $id, version: 1, input: {name: "X"}) { id } }`,
			map[string]any{"id": env.UnitID(t, "30")}, "FORBIDDEN")
		send(t, env, "", `{ units { totalCount } }`, nil) // 401
		if res, _ := env.Get(t, "", "/readyz"); res.StatusCode != http.StatusOK {
			t.Fatalf("/readyz: HTTP %d", res.StatusCode)
		}

		res, body := env.Get(t, "", "/metrics")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/metrics: HTTP %d %s", res.StatusCode, body)
		}
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("/metrics is not Prometheus text: %v", err)
		}
		value := func(name string, labels map[string]string) float64 {
			t.Helper()
			f := families[name]
			if f == nil {
				t.Fatalf("no %s in /metrics", name)
			}
		metrics:
			for _, m := range f.GetMetric() {
				got := map[string]string{}
				for _, l := range m.GetLabel() {
					got[l.GetName()] = l.GetValue()
				}
				for k, v := range labels {
					if got[k] != v {
						continue metrics
					}
				}
				switch {
				case m.Counter != nil:
					return m.GetCounter().GetValue()
				case m.Histogram != nil:
					return float64(m.GetHistogram().GetSampleCount())
				case m.Gauge != nil:
					return m.GetGauge().GetValue()
				}
			}
			return 0
		}
		for _, c := range []struct {
			name   string
			labels map[string]string
			want   float64
		}{
			{"cchc_graphql_requests_total", map[string]string{"operation": "Units", "type": "query"}, 2},
			{"cchc_graphql_request_duration_seconds", map[string]string{"operation": "Units", "type": "query"}, 2},
			{"cchc_graphql_requests_total", map[string]string{"operation": "anonymous", "type": "query"}, 1},
			{"cchc_graphql_requests_total", map[string]string{"operation": "Move", "type": "mutation"}, 1},
			{"cchc_graphql_requests_total", map[string]string{"operation": "invalid", "type": "none"}, 2},
			{"cchc_graphql_errors_total", map[string]string{"code": "GRAPHQL_PARSE_FAILED"}, 1},
			{"cchc_graphql_errors_total", map[string]string{"code": "GRAPHQL_VALIDATION_FAILED"}, 1},
			{"cchc_graphql_errors_total", map[string]string{"code": "FORBIDDEN"}, 1},
			{"cchc_http_requests_total", map[string]string{"path": "/graphql", "status": "401"}, 1},
			{"cchc_http_requests_total", map[string]string{"path": "/readyz", "status": "200"}, 1},
		} {
			if got := value(c.name, c.labels); got != c.want {
				t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
			}
		}
		if n := value("cchc_graphql_requests_total", map[string]string{"operation": "Nope"}); n != 0 {
			t.Errorf("an operation refused before it ran is counted by its name: %v", n)
		}
		for _, name := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections",
			"go_sql_wait_count_total", "go_sql_wait_duration_seconds_total", "go_goroutines", "process_resident_memory_bytes"} {
			if families[name] == nil {
				t.Errorf("no %s in /metrics", name)
			}
		}
		if value("go_sql_open_connections", map[string]string{"db_name": env.Dialect}) < 1 {
			t.Errorf("go_sql_open_connections{db_name=%q} < 1", env.Dialect)
		}
	})
}

// TestTracing: with tracing on, a request is a span continuing the
// caller's trace (traceparent), its operation a child span named for it,
// its root fields and SQL statements spans below; the log lines carry the
// trace ID. With tracing off nothing is traced, even with a global tracer
// provider set.
func TestTracing(t *testing.T) {
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	parent := map[string]string{"traceparent": "00-" + traceID + "-00f067aa0ba902b7-01"}
	for _, d := range apitest.Dialects() {
		t.Run(d, func(t *testing.T) {
			rec := tracetest.NewSpanRecorder()
			var logged syncBuffer
			env := apitest.New(t, d, true, apitest.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))),
				apitest.WithLogger(slog.New(slog.NewJSONHandler(&logged, nil))))
			tok := env.Token(t, viewer.ProvinceOfficer, "30")
			res, body := send(t, env, tok, `query Units { units(first: 2) { totalCount edges { node { code } } } }`, parent)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("HTTP %d %s", res.StatusCode, body)
			}
			spans := map[string]sdktrace.ReadOnlySpan{}
			for _, s := range rec.Ended() {
				if s.SpanContext().TraceID().String() != traceID {
					t.Errorf("span %s outside the caller's trace", s.Name())
				}
				if _, ok := spans[s.Name()]; !ok {
					spans[s.Name()] = s
				}
			}
			for child, parent := range map[string]string{"query Units": "POST /graphql", "Query.units": "query Units", "SELECT": ""} {
				s, ok := spans[child]
				if !ok {
					t.Errorf("no span %q among %v", child, names(rec.Ended()))
					continue
				}
				if p := spans[parent]; parent != "" && (p == nil || s.Parent().SpanID() != p.SpanContext().SpanID()) {
					t.Errorf("span %q is not a child of %q", child, parent)
				}
			}
			if s := spans["SELECT"]; s != nil && !hasAttr(s, "db.query.text") {
				t.Errorf("the SQL span has no statement: %v", s.Attributes())
			}
			lines := logLines(t, logged.String(), res.Header.Get("X-Request-ID"))
			if len(lines) != 1 || lines[0]["trace_id"] != traceID {
				t.Errorf("the access line does not carry the trace: %v", lines)
			}

			// Off: no spans, though a global provider is set.
			global := tracetest.NewSpanRecorder()
			before := otel.GetTracerProvider()
			otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(global)))
			t.Cleanup(func() { otel.SetTracerProvider(before) })
			off := apitest.New(t, d, true)
			n := len(rec.Ended())
			send(t, off, off.Token(t, viewer.ProvinceOfficer, "30"), `query Units { units { totalCount } }`, parent)
			if len(global.Ended()) != 0 || len(rec.Ended()) != n {
				t.Errorf("tracing off, yet spans: %v %v", names(global.Ended()), names(rec.Ended()[n:]))
			}
		})
	}
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

func hasAttr(s sdktrace.ReadOnlySpan, key string) bool {
	for _, a := range s.Attributes() {
		if string(a.Key) == key && a.Value.AsString() != "" {
			return true
		}
	}
	return false
}
