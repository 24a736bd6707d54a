// Package telemetry measures the server for its operators: Prometheus
// metrics (requests and latencies by GraphQL operation, errors by code,
// HTTP requests by route, the database pool, the Go runtime), OpenTelemetry
// spans (per HTTP request, GraphQL operation, root field and, through
// internal/database, SQL statement) when tracing is on, and one access-log
// line per request. What it knows of a request it keeps in
// internal/observe, so that every log line carries the request's ID.
package telemetry

import (
	"database/sql"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/trace"
)

// MaxOperations bounds the distinct operation names that label the GraphQL
// metrics: a client could otherwise grow them without end by naming every
// query anew. Names seen after the first MaxOperations count as "other".
const MaxOperations = 500

// Telemetry holds the metrics of one server and, when tracing is on, its
// tracer.
type Telemetry struct {
	registry *prometheus.Registry
	tracer   trace.Tracer // nil when tracing is off

	gqlRequests  *prometheus.CounterVec
	gqlDuration  *prometheus.HistogramVec
	gqlErrors    *prometheus.CounterVec
	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	operations   names
}

// buckets of the latency histograms, in seconds: from a cached lookup to
// the default request timeout (30s).
var buckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// New returns the telemetry of a server over db (labelled dbName in the pool
// metrics: "postgres" or "sqlite3"), tracing with tp, or not at all when tp
// is nil. Each server has its own registry, so that servers in one process
// (tests) count apart.
func New(db *sql.DB, dbName string, tp trace.TracerProvider) *Telemetry {
	t := &Telemetry{
		registry: prometheus.NewRegistry(),
		gqlRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cchc_graphql_requests_total",
			Help: "GraphQL operations answered, by operation name (anonymous, other past the first 500 names, invalid when refused before running) and type.",
		}, []string{"operation", "type"}),
		gqlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cchc_graphql_request_duration_seconds",
			Help:    "Time from reading a GraphQL operation to its answer, by operation name and type.",
			Buckets: buckets,
		}, []string{"operation", "type"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cchc_graphql_errors_total",
			Help: "GraphQL errors answered, by extensions.code.",
		}, []string{"code"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cchc_http_requests_total",
			Help: "HTTP requests answered, by route (/graphql, /export, /indicators …) and status.",
		}, []string{"path", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cchc_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: buckets,
		}, []string{"path"}),
		operations: names{max: MaxOperations},
	}
	if tp != nil {
		t.tracer = tp.Tracer("cchc")
	}
	t.registry.MustRegister(t.gqlRequests, t.gqlDuration, t.gqlErrors, t.httpRequests, t.httpDuration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		// go_sql_open_connections, go_sql_in_use_connections,
		// go_sql_idle_connections, go_sql_wait_count_total,
		// go_sql_wait_duration_seconds_total … from sql.DBStats.
		collectors.NewDBStatsCollector(db, dbName))
	return t
}

// Metrics serves the metrics in Prometheus's text format.
func (t *Telemetry) Metrics() http.Handler {
	// A collector that fails (the process collector under a sandbox that
	// hides /proc) costs its own metrics, not the others'.
	return promhttp.HandlerFor(t.registry, promhttp.HandlerOpts{Registry: t.registry, ErrorHandling: promhttp.ContinueOnError})
}

// names bounds a label to the first max distinct values.
type names struct {
	mu   sync.Mutex
	seen map[string]bool
	max  int
}

// label is name if it is one of the first max names seen, else "other".
func (n *names) label(name string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen[name] {
		return name
	}
	if len(n.seen) >= n.max {
		return "other"
	}
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	n.seen[name] = true
	return name
}
