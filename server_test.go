package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// syncBuffer collects a server's log safely while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig is the server's configuration against this package's dev Neo4j.
func testConfig(tb testing.TB, extra map[string]string) (config, error) {
	tb.Helper()
	c := storetest.Config(tb)
	env := map[string]string{
		"NEO4J_URI": c.URI, "NEO4J_USER": c.User, "NEO4J_PASSWORD": c.Password,
		"MAO_ADDR": "127.0.0.1:0", "MAO_SEED": "true",
	}
	for k, v := range extra {
		env[k] = v
	}
	return parseConfig("serve", nil, func(k string) string { return env[k] })
}

type testServer struct {
	URL        string
	MetricsURL string // with MAO_METRICS_ADDR: the base URL of /metrics' own address
	done       chan error
	log        *syncBuffer
	cancel     context.CancelFunc
	stop       sync.Once
}

// startTestServer runs the real server (run's start and serve) on a free port against the
// seeded dev Neo4j, and stops it when the test ends.
func startTestServer(tb testing.TB) *testServer {
	tb.Helper()
	return startTestServerEnv(tb, nil)
}

// startTestServerEnv is startTestServer with extra environment (e.g. a tight rate limit).
func startTestServerEnv(tb testing.TB, env map[string]string) *testServer {
	tb.Helper()
	cfg, err := testConfig(tb, env)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	a, err := start(ctx, cfg, logs)
	if err != nil {
		cancel()
		tb.Fatalf("start server: %v", err)
	}
	ts := &testServer{URL: "http://" + a.ln.Addr().String(), done: make(chan error, 1), log: logs, cancel: cancel}
	if a.metricsLn != nil {
		ts.MetricsURL = "http://" + a.metricsLn.Addr().String()
	}
	go func() { ts.done <- a.serve(ctx) }()
	tb.Cleanup(func() { stopTestServer(tb, ts) })
	// As a load balancer would, send nothing before /readyz can say 200: until the first
	// index builds end it says 503 (TestReadyzWaitsForTheIndexes).
	waitFor(tb, "the first index builds", 2*time.Minute, func() bool { return !a.preparing.Load() })
	return ts
}

// TestReadyzWaitsForTheIndexes: /readyz answers 503 while the first index builds run, and 200
// once they have ended.
func TestReadyzWaitsForTheIndexes(t *testing.T) {
	ts := startTestServer(t)
	a := &app{}
	a.preparing.Store(true)
	rec := httptest.NewRecorder()
	a.readyz(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "building") {
		t.Errorf("/readyz while building = %d %q, want 503 saying the indexes are being built", rec.Code, rec.Body.String())
	}
	if code := get(t, ts.URL+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz after the builds = %d, want 200", code)
	}
}

// stopTestServer shuts the server down gracefully (as SIGTERM would) once.
func stopTestServer(tb testing.TB, ts *testServer) {
	tb.Helper()
	ts.stop.Do(func() {
		ts.cancel()
		if err := <-ts.done; err != nil {
			tb.Errorf("server shutdown: %v", err)
		}
	})
}

// newTestServer returns the base URL of a running server on the seeded dev Neo4j.
// newTestServer serves the seeded graph without rate limiting: the browser tests load many
// pages quickly on a shared machine, and TestRateLimit tests the limiter on its own.
func newTestServer(tb testing.TB) string {
	tb.Helper()
	return startTestServerEnv(tb, map[string]string{"MAO_RATE_LIMIT": "0"}).URL
}

func graphql(t *testing.T, base, query string) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func errorCode(resp map[string]any) string {
	errs, _ := resp["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	ext, _ := e["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitFor polls until cond holds, failing after limit: how long Neo4j takes to stop or start
// is the database's business, not something this test asserts.
func waitFor(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %s", what, limit)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// outcome is one request of a load loop: when it ended and its first extensions.code ("OK"
// for none).
type outcome struct {
	end  time.Time
	code string
	took time.Duration
}

// loadResult is what a load loop saw, in the order the requests ended.
type loadResult struct {
	mu  sync.Mutex
	all []outcome
}

func (r *loadResult) snapshot() []outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.all)
}

// seen says whether a request that ended after t answered code.
func (r *loadResult) seen(code string, after time.Time) bool {
	for _, o := range r.snapshot() {
		if o.code == code && o.end.After(after) {
			return true
		}
	}
	return false
}

// runLoad sends queries from a few clients until stop is closed.
func runLoad(t *testing.T, base string, stop <-chan struct{}, res *loadResult) *sync.WaitGroup {
	var wg sync.WaitGroup
	queries := []string{`{ stats { mentions } }`, `{ search(query: "ouders", first: 3) { node { id } } }`,
		`{ people(first: 5) { nodes { name } totalCount } }`}
	client := &http.Client{Timeout: 90 * time.Second}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body, _ := json.Marshal(map[string]any{"query": queries[(w+i)%len(queries)]})
				began := time.Now()
				resp, err := client.Post(base+"/graphql", "application/json", bytes.NewReader(body))
				code := "OK"
				if err != nil {
					code = "transport: " + err.Error()
				} else {
					var out map[string]any
					_ = json.NewDecoder(resp.Body).Decode(&out)
					resp.Body.Close()
					if c := errorCode(out); c != "" {
						code = c
					}
				}
				res.mu.Lock()
				res.all = append(res.all, outcome{time.Now(), code, time.Since(began)})
				res.mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	return &wg
}

// outage puts load on a server, takes Neo4j away with down, brings it back with up, and
// asserts codes, their order and recovery — not timings, which depend on the machine (the
// soak reports them). The request deadline is a minute, so a request that failed while Neo4j
// was away can only have failed because the server noticed, not because its deadline passed:
// the test waits at most 30 s for that.
func outage(t *testing.T, down, up func()) {
	ts := startTestServerEnv(t, map[string]string{"MAO_RATE_LIMIT": "0", "MAO_REQUEST_TIMEOUT": "60s"}) // four busy clients from one address
	if code := get(t, ts.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz = %d with Neo4j up", code)
	}
	settle := func() int {
		time.Sleep(500 * time.Millisecond)
		http.DefaultClient.CloseIdleConnections()
		return runtime.NumGoroutine()
	}
	goroutinesBefore := settle()

	stop := make(chan struct{})
	res := &loadResult{}
	wg := runLoad(t, ts.URL, stop, res)
	var once sync.Once
	stopLoad := func() { once.Do(func() { close(stop); wg.Wait() }) }
	defer stopLoad()
	waitFor(t, "the load to succeed before the outage", 30*time.Second, func() bool { return res.seen("OK", time.Time{}) })

	wentDown := time.Now()
	down()
	waitFor(t, "DATABASE_UNAVAILABLE while Neo4j is away (well before the 60 s request deadline)", 30*time.Second,
		func() bool { return res.seen("DATABASE_UNAVAILABLE", wentDown) })
	waitFor(t, "/readyz to turn 503", 30*time.Second, func() bool { return get(t, ts.URL+"/readyz") == http.StatusServiceUnavailable })
	time.Sleep(2 * time.Second) // load keeps running against the missing database
	select {
	case err := <-ts.done:
		t.Fatalf("the server exited while Neo4j was away: %v", err)
	default:
	}

	up()
	back := time.Now()
	waitFor(t, "/readyz to turn 200 again", 60*time.Second, func() bool { return get(t, ts.URL+"/readyz") == http.StatusOK })
	// Ready means the warm-up is done. During it some statements run and others are turned
	// away by design (store/warm.go), so recovery is counted from readiness.
	ready := time.Now()
	waitFor(t, "a successful query after the server was ready again", 60*time.Second, func() bool { return res.seen("OK", ready) })
	// Once a query has succeeded again, the next ones must too: recovery holds.
	var recovered time.Time
	for _, o := range res.snapshot() {
		if o.code == "OK" && o.end.After(ready) {
			recovered = o.end
			break
		}
	}
	time.Sleep(2 * time.Second)

	counts := map[string]int{}
	var slowestFail time.Duration
	for _, o := range res.snapshot() {
		counts[o.code]++
		switch {
		case o.end.Before(wentDown) && o.code != "OK":
			t.Errorf("a request failed with %s before Neo4j went away", o.code)
		case o.end.After(recovered.Add(time.Second)) && o.code != "OK" && o.end.Add(-o.took).After(recovered):
			t.Errorf("a request sent after recovery failed with %s", o.code)
		case o.code != "OK" && o.code != "DATABASE_UNAVAILABLE" && o.code != "TIMEOUT":
			t.Errorf("a request failed with %q during the outage; want only DATABASE_UNAVAILABLE or TIMEOUT", o.code)
		}
		if o.code != "OK" {
			slowestFail = max(slowestFail, o.took)
		}
	}
	t.Logf("codes: %v; slowest failure %s; first success %s after Neo4j was back", counts, slowestFail, recovered.Sub(back))
	stopLoad()
	waitFor(t, "goroutines to return to their count before the outage", 10*time.Second, func() bool {
		return settle() <= goroutinesBefore+2
	})
}

// TestServerAnswersAndSurvivesNeo4jRestart stops Neo4j under load: the server never exits,
// requests fail with DATABASE_UNAVAILABLE (or TIMEOUT) while it is down, /readyz follows,
// everything works again when Neo4j is back, and no goroutine is left behind.
func TestServerAnswersAndSurvivesNeo4jRestart(t *testing.T) {
	outage(t, func() { storetest.StopDB(t) }, func() { storetest.StartDB(t) })
}

// TestServerFailsFastWhenNeo4jFreezes freezes Neo4j (SIGSTOP: sockets open, no answers) under
// load: statements that outlive the health probe open the breaker, so requests fail with
// DATABASE_UNAVAILABLE instead of waiting out their deadline, and the server recovers by
// itself after SIGCONT.
func TestServerFailsFastWhenNeo4jFreezes(t *testing.T) {
	outage(t, func() { storetest.FreezeDB(t) }, func() { storetest.ThawDB(t) })
}

func TestServerVersionIs526(t *testing.T) {
	s := storetest.MustOpen(t)
	v, err := s.ServerVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "5.26.") {
		t.Errorf("dev Neo4j version = %q, want 5.26.x", v)
	}
}

func TestBadConfigurationSaysWhatToFix(t *testing.T) {
	c := storetest.Config(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"wrong password", map[string]string{"NEO4J_PASSWORD": "not-the-password"}, "check NEO4J_USER and NEO4J_PASSWORD"},
		{"unreachable neo4j", map[string]string{"NEO4J_URI": "bolt://127.0.0.1:1"}, "not reachable at that address: check NEO4J_URI"},
		{"port in use", map[string]string{"MAO_ADDR": busy.Addr().String(), "MAO_SEED": "false"}, "set -addr or MAO_ADDR to a free address"},
		{"bad timeout", map[string]string{"MAO_REQUEST_TIMEOUT": "soon"}, `request timeout "soon" is not a positive duration`},
		{"bad seed flag", map[string]string{"MAO_SEED": "maybe"}, `seed "maybe" is not true or false`},
		{"bad index watch", map[string]string{"MAO_INDEX_WATCH": "-1s"}, `index watch "-1s" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NEO4J_URI": c.URI, "NEO4J_USER": c.User, "NEO4J_PASSWORD": c.Password, "MAO_ADDR": "127.0.0.1:0"}
			for k, v := range tt.env {
				env[k] = v
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			err := run(ctx, nil, func(k string) string { return env[k] }, io.Discard)
			if err == nil {
				t.Fatal("run succeeded; want a configuration error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run error = %q, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "goroutine ") || strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("run error is not one line: %q", err)
			}
		})
	}
}

// TestBrokenSeedsLoadNothing runs `mao-graph load` on each broken fixture: each must fail
// with its file:line and leave the database as it was.
func TestBrokenSeedsLoadNothing(t *testing.T) {
	c := storetest.Config(t)
	s := storetest.Seeded(t)
	ctx := context.Background()
	before := statsJSON(t, s)
	doc, err := os.ReadFile("loader/testdata/valid/documents/doc.txt")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("loader/testdata/broken/*.yaml")
	if len(files) < 5 {
		t.Fatalf("found %d broken fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dir := t.TempDir()
			body, _ := os.ReadFile(f)
			_ = os.MkdirAll(filepath.Join(dir, "documents"), 0o755)
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(f)), body, 0o644)
			_ = os.WriteFile(filepath.Join(dir, "documents", "doc.txt"), doc, 0o644)
			env := map[string]string{"NEO4J_URI": c.URI, "NEO4J_USER": c.User, "NEO4J_PASSWORD": c.Password}
			err := run(ctx, []string{"load", "-seed-dir", dir}, func(k string) string { return env[k] }, io.Discard)
			if err == nil || !strings.Contains(err.Error(), filepath.Base(f)+":") || !strings.Contains(err.Error(), "database unchanged") {
				t.Errorf("load %s error = %v, want file:line and 'database unchanged'", f, err)
			}
			if after := statsJSON(t, s); after != before {
				t.Errorf("a failed load changed the graph: %s -> %s", before, after)
			}
		})
	}
}

// statsJSON is the graph's totals per label and type, to compare before and after a load.
func statsJSON(t *testing.T, s *store.Store) string {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	return string(b)
}

func TestCORSAndSecurityHeaders(t *testing.T) {
	ts := startTestServer(t)
	// What real clients ask to send: Apollo Client's client awareness and CSRF prevention,
	// urql and GraphiQL's Accept negotiation, and a request id.
	const apollo = "apollo-require-preflight,apollographql-client-name,apollographql-client-version,content-type" // sorted, as browsers send them
	tests := []struct {
		origin, headers string
		allowed         bool
	}{
		{"http://localhost:5173", "content-type", true},
		{"http://127.0.0.1:3000", "content-type", true},
		{"http://localhost:5173", apollo, true},
		{"http://localhost:5173", "accept,content-type,x-request-id", true},
		{"https://evil.example", "content-type", false},
		{"http://localhost.evil.example", apollo, false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
		req.Header.Set("Origin", tt.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", tt.headers)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if tt.allowed && got != tt.origin {
			t.Errorf("preflight from %s for %s: Allow-Origin %q, want it allowed", tt.origin, tt.headers, got)
		}
		if !tt.allowed && got != "" {
			t.Errorf("preflight from %s: Allow-Origin %q, want no CORS headers", tt.origin, got)
		}
	}
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
		"Content-Security-Policy": "script-src 'self'",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID on the response")
	}
}
