package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/metandereogen/maograph/hostile"

	"github.com/metandereogen/maograph/store/storetest"
)

func TestMetrics(t *testing.T) {
	ts := startTestServer(t)
	body := `{"operationName":"Dashboard","query":"query Dashboard { stats { mentions } }"}`
	for range 3 {
		resp, err := http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// The indexes the server builds when it starts (graph.Resolver.Prepare) may still have a
	// statement running: read until nothing is in flight.
	var text []byte
	waitFor(t, "no Neo4j query in flight", 30*time.Second, func() bool {
		resp, err := http.Get(ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		text, _ = io.ReadAll(resp.Body)
		return strings.Contains(string(text), "mao_neo4j_queries_in_flight 0\n")
	})
	for _, want := range []string{
		`mao_graphql_operation_duration_seconds_count{operation="Dashboard"} 3`,
		`mao_http_requests_total{code="200",route="graphql"} 3`,
		`mao_neo4j_pool_size 100`,
		`mao_neo4j_queries_in_flight 0`,
		`mao_neo4j_breaker 0`,
		`mao_rate_limit_cost_tokens_total`,
		`mao_rate_limit_rejected_total 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestMetricsOnTheirOwnAddress: with MAO_METRICS_ADDR, /metrics is served there and not on the
// API's address.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	ts := startTestServerEnv(t, map[string]string{"MAO_METRICS_ADDR": "127.0.0.1:0"})
	if ts.MetricsURL == "" {
		t.Fatal("no metrics listener with MAO_METRICS_ADDR set")
	}
	if code := get(t, ts.URL+"/metrics"); code == http.StatusOK {
		t.Errorf("GET /metrics on the API's address = %d, want it not served there", code)
	}
	if code := get(t, ts.MetricsURL+"/metrics"); code != http.StatusOK {
		t.Errorf("GET /metrics on MAO_METRICS_ADDR = %d, want 200", code)
	}
}

func TestRateLimit(t *testing.T) {
	ts := startTestServerEnv(t, map[string]string{"MAO_RATE_LIMIT": "0.5", "MAO_RATE_BURST": "2", "MAO_RATE_DB_COST": "0"}) // requests only; ratelimit tests the cost
	var codes []int
	var retry string
	for range 3 {
		resp, err := http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { mentions } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		retry = resp.Header.Get("Retry-After")
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != http.StatusTooManyRequests || retry == "" {
		t.Errorf("three requests with burst 2 got %v (Retry-After %q), want 200 200 429 with Retry-After", codes, retry)
	}
}

// TestHostileCorpus sends every request of testdata/hostile to the real server: each gets its
// status and extensions.code, no answer is larger than its bound, and the server is healthy
// afterwards. How much CPU and memory they cost is measured by `go run ./soak -hostile`.
func TestHostileCorpus(t *testing.T) {
	cases, err := hostile.Load("testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	ts := startTestServerEnv(t, map[string]string{"MAO_RATE_LIMIT": "0"})
	client := &http.Client{Timeout: time.Minute}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			res, err := c.Send(client, ts.URL)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Check(res); err != nil {
				t.Error(err)
			}
		})
	}
	if code := get(t, ts.URL+"/healthz"); code != 200 {
		t.Errorf("server unhealthy after hostile requests: %d", code)
	}
	if logs := ts.log.String(); strings.Contains(logs, strings.Repeat("x", 400)) || strings.Contains(logs, "level=ERROR") {
		t.Errorf("the log holds a request body or an error:\n%.2000s", logs)
	}
}

// TestNoGoroutineLeakAndNoSecretsInLogs serves, survives a few requests, shuts down, and then
// has left no goroutine behind and never logged the Neo4j password.
func TestNoGoroutineLeakAndNoSecretsInLogs(t *testing.T) {
	cfg := storetest.Config(t)
	before := goleak.IgnoreCurrent()
	ts := startTestServer(t)
	client := &http.Client{Transport: &http.Transport{}}
	for _, q := range []string{`{ stats { mentions } }`, `{ search(query: "ouders") { node { id } } }`, `{ nope }`} {
		resp, err := client.Post(ts.URL+"/graphql", "application/json", strings.NewReader(fmt.Sprintf(`{"query":%q}`, q)))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	client.CloseIdleConnections()
	logs := ts.log
	// Stop the server the way its cleanup would, then look for leftovers.
	stopTestServer(t, ts)
	if err := goleak.Find(before); err != nil {
		t.Errorf("goroutines left after shutdown: %v", err)
	}
	if strings.Contains(logs.String(), cfg.Password) {
		t.Errorf("the server logged the Neo4j password")
	}
	if !strings.Contains(logs.String(), "request_id=") {
		t.Errorf("log lines carry no request id:\n%s", logs.String())
	}
}

// TestLoadKilledMidwayLeavesThePreviousGraph starts `load` on a large seed set in a child
// process, kills it with SIGKILL while it writes, and finds the previous graph intact: for a
// load in place (one transaction) and for one writing a shadow generation, whose committed
// batches the next load removes, saying so.
func TestLoadKilledMidwayLeavesThePreviousGraph(t *testing.T) {
	if os.Getenv("MAO_TEST_LOAD_CHILD") == "1" {
		return // the child runs TestMain's load (see loadChild), not this test
	}
	cfg := storetest.Config(t)
	s := storetest.Seeded(t)
	ctx := context.Background()
	before := statsJSON(t, s)
	dir := t.TempDir()
	writeLargeSeeds(t, dir, 40, 250)
	env := map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USER": cfg.User, "NEO4J_PASSWORD": cfg.Password}

	tests := []struct {
		name       string
		shadowRows string // MAO_SHADOW_ROWS of the child
		writing    string // a statement Neo4j shows while the child writes
		leftover   bool   // the killed load leaves committed batches for the next load to remove
	}{
		{"in place", "", "CREATE (n:Node:$(row.label))", false},
		{"shadow generation", "0", "CREATE (a)-[:LEARNS_FROM", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLoadChild$")
			cmd.Env = append(os.Environ(), "MAO_TEST_LOAD_CHILD=1", "MAO_TEST_SEED_DIR="+dir, "MAO_SHADOW_ROWS="+tt.shadowRows,
				"NEO4J_URI="+cfg.URI, "NEO4J_USER="+cfg.User, "NEO4J_PASSWORD="+cfg.Password)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Kill the child without warning as soon as Neo4j shows it writing.
			go io.Copy(io.Discard, out)
			deadline := time.Now().Add(2 * time.Minute)
			for storetest.RunningQueries(t, tt.writing) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the child's load never showed up in Neo4j")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			state, _ := cmd.Process.Wait()
			if state != nil && state.Success() {
				t.Fatal("the load finished before it could be killed; make the seed set larger")
			}

			if after := statsJSON(t, s); after != before {
				t.Errorf("after a killed load the graph changed:\n%s\n->\n%s", before, after)
			}
			if got, err := s.NodesByIDs(ctx, []string{"initiative-synthetisch-1-1"}); err != nil || len(got) != 0 {
				t.Errorf("a node of the killed load is in the graph (%v, %v)", got, err)
			}
			// The next load (of the seeds the graph holds) removes what the killed one left.
			var buf bytes.Buffer
			if err := run(ctx, []string{"load"}, func(k string) string { return env[k] }, &buf); err != nil {
				t.Fatalf("load after the killed one: %v", err)
			}
			if got := strings.Contains(buf.String(), "an unfinished earlier load had left"); got != tt.leftover {
				t.Errorf("load after the killed one says it removed leftovers: %v, want %v:\n%s", got, tt.leftover, buf.String())
			}
			if after := statsJSON(t, s); after != before {
				t.Errorf("after the next load the graph changed:\n%s\n->\n%s", before, after)
			}
		})
	}
}

// TestLoadChild is the child process of TestLoadKilledMidwayLeavesThePreviousGraph.
func TestLoadChild(t *testing.T) {
	if os.Getenv("MAO_TEST_LOAD_CHILD") != "1" {
		t.Skip("runs only as the child of TestLoadKilledMidwayLeavesThePreviousGraph")
	}
	env := func(k string) string { return os.Getenv(k) }
	err := run(context.Background(), []string{"load", "-seed-dir", os.Getenv("MAO_TEST_SEED_DIR")}, env, io.Discard)
	t.Fatalf("the load was not killed: %v", err)
}

// writeLargeSeeds writes a valid seed set of files × perFile initiatives, each quoting its own
// sentence, with a learning relation to its neighbour: big enough that writing it takes a while.
func writeLargeSeeds(t *testing.T, dir string, files, perFile int) {
	t.Helper()
	_ = os.MkdirAll(filepath.Join(dir, "documents"), 0o755)
	id := func(f, i int) string { return fmt.Sprintf("initiative-synthetisch-%d-%d", f, i) }
	for f := 1; f <= files; f++ {
		var doc, yml bytes.Buffer
		fmt.Fprintf(&doc, "Synthetisch %d\n\n", f)
		fmt.Fprintf(&yml, "format: 1\ndocument:\n  id: doc-synthetisch-%d\n  file: documents/doc-%d.txt\n  title: Synthetisch %d\n  kind: verslag\nnodes:\n", f, f, f)
		for i := 1; i <= perFile; i++ {
			fmt.Fprintf(&doc, "Project %d-%d leert van project %d-%d.\n", f, i, f, i%perFile+1)
			fmt.Fprintf(&yml, "  - {id: %s, label: Initiative, kind: project, name: \"Project %d-%d\", quotes: [\"Project %d-%d leert van\"]}\n", id(f, i), f, i, f, i)
		}
		yml.WriteString("relations:\n")
		for i := 1; i <= perFile; i++ {
			fmt.Fprintf(&yml, "  - {type: LEARNS_FROM, from: %s, to: %s, quote: \"Project %d-%d leert van project %d-%d.\"}\n", id(f, i), id(f, i%perFile+1), f, i, f, i%perFile+1)
		}
		if err := os.WriteFile(filepath.Join(dir, "documents", fmt.Sprintf("doc-%d.txt", f)), doc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d.yaml", f)), yml.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGraphQLOverHTTPAudit runs graphql-http's server audit (clients/http-audit, pinned in its
// lockfile; scripts/setup.sh installs it) against the real server: every audit, MUST, SHOULD
// and MAY, must be ok.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	if _, err := os.Stat("clients/http-audit/node_modules/graphql-http"); err != nil {
		t.Fatalf("graphql-http is not installed: run `make setup` (npm ci in clients/http-audit): %v", err)
	}
	ts := startTestServerEnv(t, map[string]string{"MAO_RATE_LIMIT": "0"}) // the audit sends its ~60 requests at once
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "audit.mjs", ts.URL+"/graphql")
	cmd.Dir = "clients/http-audit"
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("graphql-http audit failed: %v\n%s", err, out)
		return
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Log(lines[len(lines)-1])
}
