// Package timing shows where a request's time goes. Handler gives each request a Recorder
// through its context; the GraphQL layer adds its phases (parse, validate, resolve, marshal)
// and the store each Cypher statement it runs, and the response carries the breakdown in a
// Server-Timing header with the number of statements in X-Statements. When tracing is
// configured (OTEL_EXPORTER_OTLP_ENDPOINT, see NewTracing) the same request becomes an
// OpenTelemetry span with one child span per statement. It is the only package that imports
// OpenTelemetry.
package timing

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Header names of the breakdown.
const (
	HeaderTiming     = "Server-Timing"
	HeaderStatements = "X-Statements"
)

// maxStatementEntries bounds the statements listed one by one in Server-Timing, so that a
// request running many keeps its header small; the db entry still counts and sums them all.
const maxStatementEntries = 32

type recorderKey struct{}

// Recorder collects one request's phases and statements. Statements may be recorded from
// several goroutines at once (dataloaders run concurrently); a nil *Recorder records nothing.
type Recorder struct {
	began  time.Time
	tracer trace.Tracer // nil when tracing is off

	mu         sync.Mutex
	phases     []entry
	statements []entry
	count      int
	dbTotal    time.Duration
	ready      time.Time // when the response was built; write is measured from here

	phaseBuf     [8]entry // room for the usual phases and statements without growing
	statementBuf [8]entry
}

type entry struct {
	name string
	dur  time.Duration
}

// NewRecorder returns a recorder for a request that began now.
func NewRecorder() *Recorder {
	r := &Recorder{began: time.Now()}
	r.phases, r.statements = r.phaseBuf[:0], r.statementBuf[:0]
	return r
}

// NewContext returns ctx carrying r.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// FromContext returns the request's recorder, or nil outside a timed request.
func FromContext(ctx context.Context) *Recorder {
	r, _ := ctx.Value(recorderKey{}).(*Recorder)
	return r
}

// Phase records a phase of the request (e.g. parse) that took d.
func (r *Recorder) Phase(name string, d time.Duration) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.phases = append(r.phases, entry{name, d})
	r.mu.Unlock()
}

// Ready marks the moment the response body is built; the time from here to the first byte
// handed to the connection is reported as the write phase.
func (r *Recorder) Ready() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.ready = time.Now()
	r.mu.Unlock()
}

// Statements is the number of statements recorded so far.
func (r *Recorder) Statements() int {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count
}

func (r *Recorder) statement(name string, d time.Duration) {
	r.mu.Lock()
	r.count++
	r.dbTotal += d
	if len(r.statements) < maxStatementEntries {
		r.statements = append(r.statements, entry{name, d})
	}
	r.mu.Unlock()
}

func noop(error) {}

// Statement starts timing a database statement named name (a short fixed name such as
// "list Initiative", never the query text or its parameters) and returns the function that
// ends it with the statement's error. Outside a timed request it costs a context lookup.
func Statement(ctx context.Context, name string) (end func(error)) {
	r := FromContext(ctx)
	if r == nil {
		return noop
	}
	began := time.Now()
	var span trace.Span
	if r.tracer != nil {
		_, span = r.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attribute.String("db.system", "neo4j"), attribute.String("db.operation.name", name)))
	}
	return func(err error) {
		r.statement(name, time.Since(began))
		if span != nil {
			if err != nil {
				span.SetStatus(codes.Error, err.Error())
			}
			span.End()
		}
	}
}

// header renders the Server-Timing value: the phases, each statement, the db summary with
// the number of statements and the sum of their durations (statements may overlap, so the
// sum can exceed the wall time), write and total.
func (r *Recorder) header(now time.Time) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	b.Grow(64 + 24*(len(r.phases)+len(r.statements)))
	add := func(name, desc string, d time.Duration) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		if desc != "" {
			b.WriteString(`;desc="`)
			b.WriteString(desc)
			b.WriteByte('"')
		}
		b.WriteString(";dur=")
		b.WriteString(strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64))
	}
	for _, p := range r.phases {
		add(p.name, "", p.dur)
	}
	for _, s := range r.statements {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		writeMetricName(&b, s.name)
		b.WriteString(";dur=")
		b.WriteString(strconv.FormatFloat(float64(s.dur.Microseconds())/1000, 'f', -1, 64))
	}
	noun := " statements"
	if r.count == 1 {
		noun = " statement"
	}
	add("db", strconv.Itoa(r.count)+noun, r.dbTotal)
	if !r.ready.IsZero() {
		add("write", "", now.Sub(r.ready))
	}
	add("total", "", now.Sub(r.began))
	return b.String()
}

// writeMetricName writes a statement name as a Server-Timing metric name (an HTTP token):
// "list Initiative" becomes "db-list-Initiative".
func writeMetricName(b *strings.Builder, s string) {
	b.WriteString("db-")
	dash := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_':
			b.WriteByte(c)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
}

// Handler times each request to next: it puts a Recorder in the request's context, writes
// the breakdown into the response headers just before the first byte of the body, and (with
// t not nil) wraps the request in a span continuing the caller's trace (W3C traceparent).
func Handler(t *Tracing, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := NewRecorder()
		ctx := r.Context()
		var span trace.Span
		if t != nil {
			ctx, span = t.startRequest(ctx, r)
			rec.tracer = t.tracer
			defer span.End()
		}
		tw := &writer{ResponseWriter: w, rec: rec}
		next.ServeHTTP(tw, r.WithContext(NewContext(ctx, rec)))
		if !tw.wrote {
			tw.stamp() // a handler that wrote nothing still gets its header
		}
		if span != nil {
			span.SetAttributes(attribute.Int("db.statements", rec.Statements()), attribute.Int("http.response.status_code", tw.status))
			if tw.status >= 500 {
				span.SetStatus(codes.Error, http.StatusText(tw.status))
			}
		}
	})
}

// writer adds the breakdown to the headers when the handler starts its response.
type writer struct {
	http.ResponseWriter
	rec    *Recorder
	wrote  bool
	status int
}

func (w *writer) stamp() {
	w.wrote = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h := w.ResponseWriter.Header()
	h.Set(HeaderTiming, w.rec.header(time.Now()))
	h.Set(HeaderStatements, strconv.Itoa(w.rec.Statements()))
}

func (w *writer) WriteHeader(code int) {
	if !w.wrote {
		w.status = code
		w.stamp()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(p []byte) (int, error) {
	if !w.wrote {
		w.stamp()
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
