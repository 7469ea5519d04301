// Package metrics exposes MAO Graph's Prometheus metrics: HTTP requests, GraphQL operations
// with their latency and error codes, Neo4j errors and the driver's use. It is the only
// package that imports the Prometheus client.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors of one server.
type Metrics struct {
	reg         *prometheus.Registry
	httpReqs    *prometheus.CounterVec
	httpLatency *prometheus.HistogramVec
	ops         *prometheus.HistogramVec
	opErrors    *prometheus.CounterVec
	neo4jErrors *prometheus.CounterVec
}

// New registers the collectors, with the Go runtime's and the process's, on a fresh registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.httpReqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mao_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	m.httpLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mao_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: prometheus.DefBuckets,
	}, []string{"route"})
	m.ops = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mao_graphql_operation_duration_seconds", Help: "GraphQL operation latency by operation name.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"operation"})
	m.opErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mao_graphql_errors_total", Help: "GraphQL errors by operation and extensions.code.",
	}, []string{"operation", "code"})
	m.neo4jErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mao_neo4j_errors_total", Help: "Requests that failed because of Neo4j, by code (DATABASE_UNAVAILABLE, TIMEOUT).",
	}, []string{"code"})
	m.reg.MustRegister(m.httpReqs, m.httpLatency, m.ops, m.opErrors, m.neo4jErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Operation records a GraphQL operation (graph.Observer).
func (m *Metrics) Operation(name string, took time.Duration, codes []string) {
	m.ops.WithLabelValues(name).Observe(took.Seconds())
	for _, c := range codes {
		m.opErrors.WithLabelValues(name, c).Inc()
		if c == "DATABASE_UNAVAILABLE" || c == "TIMEOUT" {
			m.neo4jErrors.WithLabelValues(c).Inc()
		}
	}
}

// Gauge registers a gauge read from f at every scrape (e.g. the driver's queries in flight).
func (m *Metrics) Gauge(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// Counter registers a counter read from f at every scrape (f must never decrease).
func (m *Metrics) Counter(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
}

// StatusRecorder remembers the status code a handler wrote (200 when it wrote none).
type StatusRecorder struct {
	http.ResponseWriter
	Code int
}

// NewStatusRecorder wraps w.
func NewStatusRecorder(w http.ResponseWriter) *StatusRecorder {
	return &StatusRecorder{ResponseWriter: w, Code: http.StatusOK}
}

// WriteHeader records the code and passes it on.
func (s *StatusRecorder) WriteHeader(code int) {
	s.Code = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *StatusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// HTTP counts and times the requests of one route (a fixed name, never the raw path).
func (m *Metrics) HTTP(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := NewStatusRecorder(w)
		began := time.Now()
		next.ServeHTTP(rec, r)
		m.httpLatency.WithLabelValues(route).Observe(time.Since(began).Seconds())
		m.httpReqs.WithLabelValues(route, strconv.Itoa(rec.Code)).Inc()
	})
}
