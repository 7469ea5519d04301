package main

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is an in-process OTLP/HTTP trace collector: it decodes every export and keeps
// the spans.
type otlpReceiver struct {
	mu    sync.Mutex
	spans []*tracepb.Span
	bad   []string
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	var req collectortrace.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(raw, &req)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if r.URL.Path != "/v1/traces" || err != nil {
		o.bad = append(o.bad, r.URL.Path+": "+r.Header.Get("Content-Type")+": "+errString(err))
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			o.spans = append(o.spans, ss.Spans...)
		}
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	b, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Write(b)
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

func attr(s *tracepb.Span, key string) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value.GetStringValue()
		}
	}
	return ""
}

// TestTracesReachTheCollector: with OTEL_EXPORTER_OTLP_ENDPOINT set, a GraphQL request
// becomes a server span continuing the caller's trace, with one child span per Neo4j
// statement (db.system neo4j, the statement's name, no parameters).
func TestTracesReachTheCollector(t *testing.T) {
	recv := &otlpReceiver{}
	collector := httptest.NewServer(recv)
	defer collector.Close()
	ts := startTestServerEnv(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL})

	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	const secret = "Almere"
	body, _ := json.Marshal(map[string]any{
		"query":     `query($q: String!) { search(query: $q, first: 3) { score } initiatives(first: 2) { totalCount nodes { id } } }`,
		"variables": map[string]any{"q": secret},
	})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || bytes.Contains(raw, []byte(`"errors"`)) {
		t.Fatalf("query: %d %s", resp.StatusCode, raw)
	}
	statements, err := strconv.Atoi(resp.Header.Get("X-Statements"))
	if err != nil || statements < 2 {
		t.Fatalf("X-Statements = %q, want at least 2 (search and the list)", resp.Header.Get("X-Statements"))
	}
	stopTestServer(t, ts) // shutdown flushes the batch of spans

	recv.mu.Lock()
	defer recv.mu.Unlock()
	if len(recv.bad) > 0 {
		t.Fatalf("the collector rejected exports: %v", recv.bad)
	}
	var server *tracepb.Span
	for _, s := range recv.spans {
		if s.Kind == tracepb.Span_SPAN_KIND_SERVER && s.Name == "POST /graphql" {
			server = s
		}
	}
	if server == nil {
		t.Fatalf("no server span among %d spans", len(recv.spans))
	}
	if got := hex.EncodeToString(server.TraceId); got != traceID {
		t.Errorf("server span trace id = %s, want the caller's %s", got, traceID)
	}
	if got := hex.EncodeToString(server.ParentSpanId); got != parentID {
		t.Errorf("server span parent = %s, want the caller's span %s", got, parentID)
	}
	var children []string
	for _, s := range recv.spans {
		if !bytes.Equal(s.ParentSpanId, server.SpanId) {
			continue
		}
		children = append(children, s.Name)
		if s.Kind != tracepb.Span_SPAN_KIND_CLIENT || attr(s, "db.system") != "neo4j" || attr(s, "db.operation.name") != s.Name {
			t.Errorf("statement span %q: kind %v, db.system %q, db.operation.name %q; want client, neo4j, its name",
				s.Name, s.Kind, attr(s, "db.system"), attr(s, "db.operation.name"))
		}
		for _, kv := range s.Attributes {
			if strings.Contains(kv.Value.String(), secret) {
				t.Errorf("statement span %q carries a parameter: %s=%s", s.Name, kv.Key, kv.Value)
			}
		}
		if s.StartTimeUnixNano < server.StartTimeUnixNano || s.EndTimeUnixNano > server.EndTimeUnixNano {
			t.Errorf("statement span %q lies outside its request span", s.Name)
		}
	}
	if len(children) != statements {
		t.Errorf("request span has %d statement spans %v, the response reported X-Statements %d", len(children), children, statements)
	}
	if !strings.Contains(strings.Join(children, ","), "search") {
		t.Errorf("statement spans %v, want the search statement among them", children)
	}
}
