package timing

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestWriteMetricName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"list Initiative", "db-list-Initiative"},
		{"nodes by ids", "db-nodes-by-ids"},
		{"relations", "db-relations"},
		{"a  b\"c;d", "db-a-b-c-d"},
		{"", "db-"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if writeMetricName(&b, tt.in); b.String() != tt.want {
			t.Errorf("writeMetricName(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

// entryPattern is one Server-Timing metric as RFC 9110 tokens allow it, with our params.
var entryPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+(;desc="[^"]*")?;dur=[0-9.]+$`)

func TestHandlerWritesTheBreakdown(t *testing.T) {
	tests := []struct {
		name       string
		statements []string
		write      bool // the handler writes a body (else it only returns)
		wantNames  []string
		wantDB     string
		wantCount  string
	}{
		{"three statements", []string{"list Initiative", "count Initiative", "relations"}, true,
			[]string{"parse", "db-list-Initiative", "db-count-Initiative", "db-relations", "db", "write", "total"}, `db;desc="3 statements"`, "3"},
		{"one statement", []string{"search"}, true, []string{"parse", "db-search", "db", "write", "total"}, `db;desc="1 statement"`, "1"},
		{"none, no body", nil, false, []string{"parse", "db", "total"}, `db;desc="0 statements"`, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Handler(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx := r.Context()
				FromContext(ctx).Phase("parse", time.Millisecond)
				for i, s := range tt.statements {
					var err error
					if i == 1 {
						err = errors.New("failed statements count too")
					}
					Statement(ctx, s)(err)
				}
				if tt.write {
					FromContext(ctx).Ready()
					w.Write([]byte("{}"))
				}
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
			st := rec.Header().Get(HeaderTiming)
			var names []string
			for _, e := range strings.Split(st, ", ") {
				if !entryPattern.MatchString(e) {
					t.Errorf("Server-Timing entry %q is malformed (header %q)", e, st)
				}
				names = append(names, strings.SplitN(e, ";", 2)[0])
			}
			if strings.Join(names, ",") != strings.Join(tt.wantNames, ",") {
				t.Errorf("Server-Timing names = %v, want %v", names, tt.wantNames)
			}
			if !strings.Contains(st, tt.wantDB) {
				t.Errorf("Server-Timing = %q, want it to contain %q", st, tt.wantDB)
			}
			if got := rec.Header().Get(HeaderStatements); got != tt.wantCount {
				t.Errorf("X-Statements = %q, want %q", got, tt.wantCount)
			}
		})
	}
}

func TestManyStatementsKeepTheHeaderShort(t *testing.T) {
	h := Handler(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 500 {
			Statement(r.Context(), "relations")(nil)
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	st := rec.Header().Get(HeaderTiming)
	if n := strings.Count(st, "db-relations;"); n != maxStatementEntries {
		t.Errorf("listed statements = %d, want %d", n, maxStatementEntries)
	}
	if !strings.Contains(st, `db;desc="500 statements"`) || rec.Header().Get(HeaderStatements) != "500" {
		t.Errorf("Server-Timing = %q, X-Statements = %q: want all 500 counted", st, rec.Header().Get(HeaderStatements))
	}
}

func TestStatementOutsideARequestDoesNothing(t *testing.T) {
	Statement(context.Background(), "ping")(nil) // must not panic
	if n := FromContext(context.Background()).Statements(); n != 0 {
		t.Errorf("Statements() without a recorder = %d, want 0", n)
	}
}

func TestTracesEndpoint(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"unset", nil, "", ""},
		{"base", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318"}, "http://localhost:4318/v1/traces", ""},
		{"base with slash", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example/"}, "https://otel.example/v1/traces", ""},
		{"traces wins", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:4318/x"}, "http://b:4318/x", ""},
		{"not a url", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4318"}, "", `OTEL_EXPORTER_OTLP_ENDPOINT "localhost:4318" is not an http:// or https:// URL`},
		{"grpc scheme", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "grpc://x"}, "", `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "grpc://x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TracesEndpoint(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("TracesEndpoint() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("TracesEndpoint() = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

// BenchmarkHandler measures what timing adds to a request that runs three statements: the
// recorder, three timed statements and the header, against the same handler unwrapped.
func BenchmarkHandler(b *testing.B) {
	work := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		for _, s := range []string{"list Initiative", "count Initiative", "relations"} {
			Statement(ctx, s)(nil)
		}
		FromContext(ctx).Phase("parse", time.Microsecond)
		FromContext(ctx).Ready()
		w.Write([]byte("{}"))
	})
	for _, bb := range []struct {
		name string
		h    http.Handler
	}{{"bare", work}, {"timed", Handler(nil, work)}} {
		b.Run(bb.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				bb.h.ServeHTTP(discard{h: http.Header{}}, req)
			}
			// CPU time per request: on a shared machine wall time per op mostly measures the neighbours.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

// TestTracingOffStartsNothing: without an endpoint there is no exporter and no goroutine.
func TestTracingOffStartsNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr, err := NewTracing(context.Background(), "", "mao-graph")
	if tr != nil || err != nil {
		t.Fatalf("NewTracing(\"\") = %v, %v; want nil, nil", tr, err)
	}
	h := Handler(tr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Statement(r.Context(), "search")(nil)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if err := tr.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown of no tracing = %v", err)
	}
}
