package telemetry

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"cchc/internal/observe"
)

// probes are routes that load balancers and Prometheus ask every few
// seconds: their access lines are logged at debug level only.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// HTTP wraps the whole handler: it gives each request an ID (a sane
// X-Request-ID sent by the client or a proxy, else a new one), echoed in the
// answer's X-Request-ID, and an observe.Request in its context; counts it by
// route and status; traces it, continuing a W3C traceparent sent in; and
// logs one access line when it is answered.
func (t *Telemetry) HTTP(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		req := &observe.Request{ID: observe.RequestIDFrom(r.Header.Get("X-Request-ID"))}
		w.Header().Set("X-Request-ID", req.ID)
		ctx := observe.NewContext(r.Context(), req)
		var span trace.Span
		if t.tracer != nil {
			ctx = propagation.TraceContext{}.Extract(ctx, propagation.HeaderCarrier(r.Header))
			ctx, span = t.tracer.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer),
				trace.WithAttributes(semconv.HTTPRequestMethodKey.String(r.Method), semconv.URLPath(r.URL.Path)))
		}
		rec := &recorder{ResponseWriter: w}
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)

		status := rec.status
		if status == 0 {
			status = http.StatusOK // nothing written: net/http answers 200
		}
		route := routeOf(r)
		elapsed := time.Since(start)
		t.httpRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
		t.httpDuration.WithLabelValues(route).Observe(elapsed.Seconds())
		if span != nil {
			span.SetName(r.Method + " " + route)
			span.SetAttributes(semconv.HTTPRoute(route), semconv.HTTPResponseStatusCode(status))
			if status >= 500 {
				span.SetStatus(codes.Error, http.StatusText(status))
			}
			span.End()
		}
		level := slog.LevelInfo
		if probes[route] {
			level = slog.LevelDebug
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000), slog.Int64("bytes", rec.bytes),
			slog.String("remote", r.RemoteAddr),
		}
		if ops := req.Operations(); len(ops) > 0 {
			attrs = append(attrs, slog.Any("operations", ops))
		}
		log.LogAttrs(ctx, level, "request", attrs...)
	})
}

// routeOf is the pattern of the ServeMux route that answered r, without its
// method ("/graphql", "/evidence/{id}"): a label of few values, unlike the
// path. The mux writes it into the request it is handed, which the
// handlers between here and it pass on as they got it. A request answered
// before the mux (a body too large) has none: "other".
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "other"
	}
	if _, path, ok := strings.Cut(r.Pattern, " "); ok {
		return path
	}
	return r.Pattern
}

// recorder notes the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 && code >= 200 { // not 1xx informational answers
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController (streamed exports) reach the
// connection's writer, to flush it and set deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
