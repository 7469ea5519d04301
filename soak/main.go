// Command soak puts mixed GraphQL load on a real MAO Graph server for ten minutes and restarts
// Neo4j in the middle, to show that the server survives, answers with clean errors while the
// database is away, and recovers by itself when it is back.
//
//	go run ./soak [-duration 10m] [-rate 50] [-restart-at 5m] [-down 10s]
//
// It is self-contained and touches only 127.0.0.1: it starts its own dev Neo4j (devdb, on a
// free port, in a temporary folder), builds the server with `go build` and runs it with
// -seed=true, waits for /readyz, and drives the load with vegeta at a fixed rate. At
// -restart-at it stops Neo4j, waits -down, and starts it again on the same port and data.
// It prints the errors by extensions.code or HTTP status (per phase), latencies, the recovery
// time after Neo4j is back (to the first successful request and to /readyz 200), and the
// server's go_goroutines before and after (from /metrics, when the server has it).
//
// The load goes on for at least 15 s after Neo4j is back, however long its start took.
//
// It exits 1 if the server process died, if any error other than DATABASE_UNAVAILABLE,
// TIMEOUT or HTTP 503 occurred, or if the server had not recovered 10 s after Neo4j was back
// (no success yet, /readyz not 200, or errors still coming). It stops everything it started
// when it ends, also on ^C, and keeps the logs of a failed run.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/metandereogen/maograph/devdb"
)

// recoveryLimit is how long after Neo4j is back the server may take to answer again.
const recoveryLimit = 10 * time.Second

// queries are the load mix, named for the report; the ids come from the curated seeds.
var queries = []struct{ name, query string }{
	{"search", `{ search(query: "ouders school thuiszitters", first: 10) { score snippet node { __typename id name } } }`},
	{"lists", `{ initiatives(first: 20, orderBy: {field: MENTIONS, direction: DESC}) { totalCount nodes { id name mentionCount } pageInfo { hasNextPage endCursor } }
	  people(first: 20) { totalCount nodes { id name } } }`},
	{"filtered", `{ organisations(where: {region: "region-haaglanden"}, first: 10) { totalCount nodes { id name } } }`},
	{"node", `{ node(id: "org-cello") { ... on Organisation { name people { totalCount edges { type node { id name } evidence { quote offset document { id } } } } }
	  ... on Entity { relations(first: 20) { totalCount edges { type direction node { id name } } } mentions(first: 5) { totalCount nodes { snippet } } } } }`},
	{"similar", `{ similarInitiatives(id: "initiative-passende-samenwerking-foodvalley", first: 5) { score initiative { id name } reasons { kind weight shared { id } } } }`},
	{"network", `{ learningNetwork(focus: "region-almere", depth: 2) { nodes { id name } edges { source target type evidence { quote } } } }`},
	{"paths", `{ paths(from: "person-peet-de-graaf", to: "person-bas-wijnen", maxLength: 5) { length nodes { id } steps { type evidence { quote } } } }`},
	{"counts", `{ counts(label: INITIATIVE, by: REGION) { key name count } stats { nodes { label count } mentions } }`},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak: FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("soak: PASS")
}

func run(ctx context.Context) (err error) {
	duration := flag.Duration("duration", 10*time.Minute, "how long the load runs")
	rate := flag.Int("rate", 50, "requests per second")
	restartAt := flag.Duration("restart-at", 0, "when Neo4j is stopped; 0 means half the duration")
	down := flag.Duration("down", 10*time.Second, "how long Neo4j stays down")
	flag.Parse()
	if *restartAt <= 0 {
		*restartAt = *duration / 2
	}
	if *rate <= 0 || *restartAt+*down >= *duration {
		return errors.New("need -rate > 0 and -restart-at + -down < -duration")
	}

	root, err := devdb.FindRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mao-soak-")
	if err != nil {
		return err
	}
	defer func() { // keep the logs of a failed run, not the database
		if err != nil {
			_ = os.RemoveAll(filepath.Join(tmp, "data"))
			fmt.Printf("soak: logs kept in %s\n", tmp)
			return
		}
		_ = os.RemoveAll(tmp)
	}()
	boltPort, err := devdb.FreePort()
	if err != nil {
		return err
	}
	dbOpts := devdb.Options{Root: root, Port: boltPort, DataDir: filepath.Join(tmp, "data"),
		LogFile: filepath.Join(tmp, "neo4j.log"), Attached: true}
	db, err := devdb.Start(ctx, dbOpts)
	if err != nil {
		return err
	}
	defer func() { _ = db.Stop(context.Background()) }() // the restart replaces db
	fmt.Printf("soak: neo4j %s on %s\n", db.Version, db.URI)

	srv, err := startServer(ctx, root, tmp, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	began := time.Now()
	if _, err := srv.waitReady(ctx, 3*time.Minute); err != nil {
		return fmt.Errorf("server not ready: %w", err)
	}
	fmt.Printf("soak: server on %s ready in %s; %d req/s for %s over %d queries; neo4j stops at +%s for %s\n",
		srv.base, time.Since(began).Round(100*time.Millisecond), *rate, *duration, len(queries), *restartAt, *down)
	for _, target := range targets(srv.base) { // warm up Neo4j's query caches and JIT
		if req, err := target.Request(); err == nil {
			if resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req); err == nil {
				resp.Body.Close()
			}
		}
	}
	before := srv.goroutines()

	// The restart runs beside the load and records when Neo4j went away and came back.
	restarted := make(chan restart, 1)
	loadStart := time.Now()
	at := func() time.Duration { return since(loadStart) }
	go func() {
		var r restart
		defer func() { restarted <- r }()
		if r.err = sleep(ctx, *restartAt); r.err != nil {
			return
		}
		r.stopped = time.Now() // the phase "neo4j down" includes its shutdown
		if r.err = db.Stop(ctx); r.err != nil {
			return
		}
		status, _ := srv.get("/readyz")
		fmt.Printf("soak: +%s neo4j stopped (shutdown took %s); /readyz says %d\n", at(), since(r.stopped), status)
		if r.err = sleep(ctx, *down); r.err != nil {
			return
		}
		restarting := time.Now()
		again, err := devdb.Start(ctx, dbOpts)
		if r.err = err; err != nil {
			return
		}
		db, r.back = again, time.Now()
		fmt.Printf("soak: +%s neo4j back (start took %s)\n", at(), since(restarting))
		r.ready, r.err = srv.waitReady(ctx, time.Minute)
	}()

	// The load runs for -duration, and on until recoveryLimit+5s after Neo4j is back, so that a
	// slow Neo4j start still leaves time to see the server recover.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	attacker := vegeta.NewAttacker(vegeta.Client(client), vegeta.MaxWorkers(uint64(*rate)*30))
	loadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var r restart
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		defer attacker.Stop()
		_ = sleep(loadCtx, *duration)
		r = <-restarted
		if until := time.Until(r.back.Add(recoveryLimit + 5*time.Second)); !r.back.IsZero() && until > 0 {
			fmt.Printf("soak: +%s load continues for %s after neo4j's return\n", at(), until.Round(time.Second))
			_ = sleep(loadCtx, until)
		}
	}()
	var t tally
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets(srv.base)...), vegeta.Rate{Freq: *rate, Per: time.Second}, 0, "soak") {
		if !srv.alive() {
			cancel()
		}
		t.add(res)
	}
	<-stopped
	client.CloseIdleConnections()
	time.Sleep(2 * time.Second) // let the server see its connections close
	err = t.report(r, before, srv.goroutines(), srv.alive())
	if err == nil && ctx.Err() != nil {
		err = errors.New("interrupted")
	}
	return err
}

// restart is what happened to Neo4j in the middle of the load.
type restart struct {
	stopped, back, ready time.Time
	err                  error
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// targets are the query mix as requests; ?q= names the query in the server's log.
func targets(base string) []vegeta.Target {
	header := http.Header{"Content-Type": {"application/json"}}
	ts := make([]vegeta.Target, len(queries))
	for i, q := range queries {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		ts[i] = vegeta.Target{Method: http.MethodPost, URL: base + "/graphql?q=" + q.name, Body: body, Header: header}
	}
	return ts
}

// server is the MAO Graph binary under test.
type server struct {
	base, logFile string
	cmd           *exec.Cmd
	exited        chan struct{}
}

// startServer builds the server and starts it on a free loopback port against db.
func startServer(ctx context.Context, root, tmp string, db *devdb.Instance) (*server, error) {
	bin := filepath.Join(tmp, "mao-graph")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %w\n%s", err, out)
	}
	port, err := devdb.FreePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	s := &server{base: "http://" + addr, logFile: filepath.Join(tmp, "server.log"), exited: make(chan struct{})}
	logf, err := os.Create(s.logFile)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	s.cmd = exec.Command(bin, "-addr", addr, "-neo4j-uri", db.URI, "-neo4j-user", db.User,
		"-neo4j-password", db.Password, "-seed=true")
	s.cmd.Env = append(os.Environ(), "MAO_RATE_LIMIT=0") // the load comes from one client
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	return s, nil
}

// stop asks the server to shut down gracefully and kills it after 20 s.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// get returns the status and body of GET path; status 0 when the server does not answer.
func (s *server) get(path string) (int, string) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(s.base + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body)
}

// waitReady polls /readyz until it says 200 and returns when it did.
func (s *server) waitReady(ctx context.Context, limit time.Duration) (time.Time, error) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); {
		if status, _ := s.get("/readyz"); status == http.StatusOK {
			return time.Now(), nil
		}
		if !s.alive() {
			return time.Time{}, errors.New("the server exited")
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, fmt.Errorf("/readyz not 200 within %s", limit)
}

// goroutines reads go_goroutines from the server's /metrics, or says "n/a".
func (s *server) goroutines() string {
	if status, body := s.get("/metrics"); status == http.StatusOK {
		for _, line := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "n/a"
}

// tally keeps every request's end and outcome: "" for success, else its first
// extensions.code, "HTTP nnn" or a transport error.
type tally struct {
	ends     []time.Time
	outcomes []string
	metrics  vegeta.Metrics
}

func (t *tally) add(res *vegeta.Result) {
	t.metrics.Add(res)
	var body struct {
		Errors []struct{ Extensions struct{ Code string } } `json:"errors"`
	}
	outcome := ""
	switch {
	case res.Code == 0:
		outcome = "transport: " + res.Error
	case res.Code != http.StatusOK:
		outcome = "HTTP " + strconv.Itoa(int(res.Code))
	case json.Unmarshal(res.Body, &body) != nil:
		outcome = "response is not JSON"
	case len(body.Errors) > 0:
		outcome = cmp.Or(body.Errors[0].Extensions.Code, "no extensions.code")
	}
	t.ends = append(t.ends, res.End())
	t.outcomes = append(t.outcomes, outcome)
}

// report prints the results and returns what makes the run a failure.
func (t *tally) report(r restart, before, after string, alive bool) error {
	t.metrics.Close()
	m := &t.metrics
	// Errors by outcome and phase (by when the request ended): before the stop, while Neo4j
	// was away, after it was back.
	counts := map[string]*[3]int{}
	var ok int
	var firstOK, lastErr time.Time
	for i, outcome := range t.outcomes {
		end, phase := t.ends[i], 0
		switch {
		case !r.back.IsZero() && end.After(r.back):
			phase = 2
			if outcome == "" && firstOK.IsZero() {
				firstOK = end
			} else if outcome != "" {
				lastErr = end
			}
		case !r.stopped.IsZero() && end.After(r.stopped):
			phase = 1
		}
		if outcome == "" {
			ok++
			continue
		}
		if counts[outcome] == nil {
			counts[outcome] = &[3]int{}
		}
		counts[outcome][phase]++
	}
	fmt.Printf("\nrequests   %d at %.1f/s, %d without errors\n", m.Requests, m.Rate, ok)
	fmt.Printf("latency    p50 %s  p95 %s  p99 %s  max %s\n", m.Latencies.P50.Round(time.Millisecond),
		m.Latencies.P95.Round(time.Millisecond), m.Latencies.P99.Round(time.Millisecond), m.Latencies.Max.Round(time.Millisecond))
	fmt.Printf("errors     %-40s %8s %11s %11s\n", "extensions.code / HTTP status", "before", "neo4j down", "after back")
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		c := counts[k]
		fmt.Printf("           %-40.40s %8d %11d %11d\n", k, c[0], c[1], c[2])
		if k != "DATABASE_UNAVAILABLE" && k != "TIMEOUT" && k != "HTTP 503" {
			problems = append(problems, fmt.Sprintf("%d unexpected %q errors", c[0]+c[1]+c[2], k))
		}
	}
	switch {
	case r.err != nil:
		problems = append(problems, "neo4j restart: "+r.err.Error())
	case r.back.IsZero():
		problems = append(problems, "neo4j was not restarted")
	default:
		fmt.Printf("recovery   after neo4j was back: first success %s, /readyz 200 %s, last error %s\n",
			offset(firstOK, r.back), offset(r.ready, r.back), offset(lastErr, r.back))
		if firstOK.IsZero() || max(firstOK.Sub(r.back), r.ready.Sub(r.back), lastErr.Sub(r.back)) > recoveryLimit {
			problems = append(problems, fmt.Sprintf("not recovered within %s of neo4j being back", recoveryLimit))
		}
	}
	fmt.Printf("goroutines before %s, after %s (go_goroutines from the server's /metrics)\n", before, after)
	if !alive {
		problems = append(problems, "the server process died")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func offset(t, from time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.Sub(from).Round(10 * time.Millisecond).String()
}

func since(t time.Time) time.Duration { return time.Since(t).Round(100 * time.Millisecond) }
