// Command soak puts mixed GraphQL load on a real MAO Graph server for ten minutes and takes
// Neo4j away twice in the middle — stopped (SIGTERM, then started again) and frozen (SIGSTOP,
// then SIGCONT: sockets open, no answers) — to show that the server survives, answers with
// clean errors while the database is away, and recovers by itself when it is back.
//
//	go run ./soak [-duration 10m] [-rate 50] [-stop-at 3m30s] [-freeze-at 7m] [-down 10s] [-max-p99 1s]
//	go run ./soak -hostile [-rounds 5]   # the hostile corpus: CPU per request, peak RSS of a burst
//
// It is self-contained and touches only 127.0.0.1: it starts its own dev Neo4j (devdb, on a
// free port, in a temporary folder), builds the server with `go build` and runs it with
// -seed=true, waits for /readyz, and drives the load with vegeta at a fixed rate. It prints
// the errors by extensions.code or HTTP status, steady and per outage, latencies outside the
// outages, how long each outage took to be noticed and to recover from, and the server's
// go_goroutines before and after (from /metrics).
//
// An outage window runs from the moment Neo4j is stopped or frozen until /readyz answers 200
// again after it is back (plus a second). It exits 1 if the server process died, if any
// request failed outside the outage windows, if an error other than DATABASE_UNAVAILABLE,
// TIMEOUT or HTTP 503 occurred inside one, if the p99 latency outside the windows is above
// -max-p99, or if the server had not recovered 30 s after a stopped Neo4j was back (it is
// cold: see recoveryLimit) or 10 s after a frozen one was thawed. It stops
// everything it started when it ends, also on ^C, and keeps the logs of a failed run.
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

// recoveryLimit is how long after Neo4j is back the server may take to answer again and say
// ready. A restarted Neo4j comes back cold: the server replays its recent statements first, so
// that they are planned before full traffic, and says ready when that is done (at most 30 s,
// store/warm.go); on two cores that took 8 s without load and 13–19 s under this load. A
// thawed one has its plans and a warm JIT.
var recoveryLimit = map[string]time.Duration{"stopped": 30 * time.Second, "frozen": 10 * time.Second}

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
	stopAt := flag.Duration("stop-at", 0, "when Neo4j is stopped (SIGTERM) and later started again; 0 means 35% of the duration")
	freezeAt := flag.Duration("freeze-at", 0, "when Neo4j is frozen (SIGSTOP) and later thawed; 0 means 70% of the duration")
	down := flag.Duration("down", 10*time.Second, "how long Neo4j stays away each time")
	maxP99 := flag.Duration("max-p99", time.Second, "the highest p99 latency allowed outside the outages")
	hostileRun := flag.Bool("hostile", false, "instead of the soak: send testdata/hostile once per case and in bursts; report CPU and peak RSS")
	rounds := flag.Int("rounds", 5, "with -hostile: how many bursts of the whole corpus")
	neo4jURI := flag.String("neo4j-uri", "", "with -hostile: use this Neo4j (user neo4j, password NEO4J_PASSWORD) instead of starting one")
	flag.Parse()
	if *stopAt <= 0 {
		*stopAt = *duration * 35 / 100
	}
	if *freezeAt <= 0 {
		*freezeAt = *duration * 70 / 100
	}
	if !*hostileRun && (*rate <= 0 || *stopAt+*down >= *freezeAt || *freezeAt+*down >= *duration) {
		return errors.New("need -rate > 0 and -stop-at + -down < -freeze-at, -freeze-at + -down < -duration")
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
	if *hostileRun && *neo4jURI != "" {
		srv, err := startServer(ctx, root, tmp, *neo4jURI, "neo4j", os.Getenv("NEO4J_PASSWORD"))
		if err != nil {
			return err
		}
		defer srv.stop()
		if _, err := srv.waitReady(ctx, 3*time.Minute); err != nil {
			return fmt.Errorf("server not ready: %w", err)
		}
		return runHostile(srv, filepath.Join(root, "testdata", "hostile"), *rounds)
	}
	boltPort, err := devdb.FreePort()
	if err != nil {
		return err
	}
	dbOpts := devdb.Options{Root: root, Port: boltPort, DataDir: filepath.Join(tmp, "data"),
		LogFile: filepath.Join(tmp, "neo4j.log"), Attached: true, Ready: 10 * time.Minute} // a busy machine starts the JVM slowly
	db, err := devdb.Start(ctx, dbOpts)
	if err != nil {
		return err
	}
	defer func() { _ = db.Stop(context.Background()) }() // the restart replaces db
	fmt.Printf("soak: neo4j %s on %s\n", db.Version, db.URI)

	srv, err := startServer(ctx, root, tmp, db.URI, db.User, db.Password)
	if err != nil {
		return err
	}
	defer srv.stop()
	began := time.Now()
	if _, err := srv.waitReady(ctx, 3*time.Minute); err != nil {
		return fmt.Errorf("server not ready: %w", err)
	}
	if *hostileRun {
		return runHostile(srv, filepath.Join(root, "testdata", "hostile"), *rounds)
	}
	fmt.Printf("soak: server on %s ready in %s; %d req/s for %s over %d queries; neo4j stopped at +%s and frozen at +%s, %s each\n",
		srv.base, time.Since(began).Round(100*time.Millisecond), *rate, *duration, len(queries), *stopAt, *freezeAt, *down)
	for _, target := range targets(srv.base) { // warm up Neo4j's query caches and JIT
		if req, err := target.Request(); err == nil {
			if resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req); err == nil {
				resp.Body.Close()
			}
		}
	}
	before := srv.goroutines()

	// The outages run beside the load and record when Neo4j went away and came back.
	plan := []*outage{{kind: "stopped", at: *stopAt}, {kind: "frozen", at: *freezeAt}}
	done := make(chan struct{})
	loadStart := time.Now()
	at := func() time.Duration { return since(loadStart) }
	go func() {
		defer close(done)
		for _, o := range plan {
			if o.err = sleep(ctx, time.Until(loadStart.Add(o.at))); o.err != nil {
				return
			}
			o.began = time.Now()
			if o.kind == "stopped" {
				o.err = db.Stop(ctx)
			} else {
				o.err = db.Freeze()
			}
			if o.err != nil {
				return
			}
			status, _ := srv.get("/readyz")
			fmt.Printf("soak: +%s neo4j %s (took %s); /readyz says %d\n", at(), o.kind, since(o.began), status)
			if o.err = sleep(ctx, *down); o.err != nil {
				return
			}
			returning := time.Now()
			if o.kind == "stopped" {
				again, err := devdb.Start(ctx, dbOpts)
				if o.err = err; err != nil {
					return
				}
				db = again
			} else if o.err = db.Thaw(); o.err != nil {
				return
			}
			o.back = time.Now()
			fmt.Printf("soak: +%s neo4j back (took %s)\n", at(), since(returning))
			if o.ready, o.err = srv.waitReady(ctx, time.Minute); o.err != nil {
				return
			}
		}
	}()

	// The load runs for -duration, and on until recoveryLimit+5s after Neo4j is back, so that a
	// slow Neo4j start still leaves time to see the server recover.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	attacker := vegeta.NewAttacker(vegeta.Client(client), vegeta.MaxWorkers(uint64(*rate)*30))
	loadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		defer attacker.Stop()
		_ = sleep(loadCtx, *duration)
		<-done
		last := plan[len(plan)-1]
		if until := time.Until(last.back.Add(recoveryLimit[last.kind] + 5*time.Second)); !last.back.IsZero() && until > 0 {
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
	err = t.report(plan, *maxP99, before, srv.goroutines(), srv.alive())
	if err == nil && ctx.Err() != nil {
		err = errors.New("interrupted")
	}
	return err
}

// outage is one time Neo4j went away in the middle of the load: stopped or frozen at +at,
// from began until back, with /readyz 200 again at ready.
type outage struct {
	kind               string
	at                 time.Duration
	began, back, ready time.Time
	err                error
}

// window says whether a request from start to end overlapped the outage (until /readyz was
// 200 again, plus a second).
func (o *outage) window(start, end time.Time) bool {
	if o.began.IsZero() {
		return false
	}
	until := o.ready
	if until.IsZero() {
		until = time.Now()
	}
	return !end.Before(o.began) && !start.After(until.Add(time.Second))
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

// startServer builds the server and starts it on a free loopback port against Neo4j at uri.
func startServer(ctx context.Context, root, tmp, uri, user, password string) (*server, error) {
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
	s.cmd = exec.Command(bin, "-addr", addr, "-neo4j-uri", uri, "-neo4j-user", user,
		"-neo4j-password", password, "-seed=true")
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

// tally keeps every request's start, end and outcome: "" for success, else its first
// extensions.code, "HTTP nnn" or a transport error.
type tally struct {
	starts, ends []time.Time
	outcomes     []string
	metrics      vegeta.Metrics
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
	t.starts = append(t.starts, res.Timestamp)
	t.ends = append(t.ends, res.End())
	t.outcomes = append(t.outcomes, outcome)
}

// report prints the results and returns what makes the run a failure.
func (t *tally) report(plan []*outage, maxP99 time.Duration, before, after string, alive bool) error {
	t.metrics.Close()
	m := &t.metrics
	// Errors by outcome and phase: steady (outside every outage window) or in outage i.
	phases := 1 + len(plan)
	counts := map[string][]int{}
	var steadyLatencies []time.Duration
	ok := 0
	type seen struct {
		detected, firstOK, lastErr time.Time
		slowestFail                time.Duration
	}
	per := make([]seen, len(plan))
	for i, outcome := range t.outcomes {
		start, end, phase := t.starts[i], t.ends[i], 0
		for k, o := range plan {
			if o.window(start, end) {
				phase = k + 1
				s := &per[k]
				switch {
				case outcome == "" && !o.back.IsZero() && start.After(o.back) && s.firstOK.IsZero():
					s.firstOK = end
				case outcome != "":
					s.slowestFail = max(s.slowestFail, end.Sub(start))
					if outcome == "DATABASE_UNAVAILABLE" && (s.detected.IsZero() || end.Before(s.detected)) {
						s.detected = end
					}
					if !o.back.IsZero() && end.After(o.back) && end.After(s.lastErr) {
						s.lastErr = end
					}
				}
				break
			}
		}
		if phase == 0 {
			steadyLatencies = append(steadyLatencies, end.Sub(start))
		}
		if outcome == "" {
			ok++
			continue
		}
		if counts[outcome] == nil {
			counts[outcome] = make([]int, phases)
		}
		counts[outcome][phase]++
	}
	slices.Sort(steadyLatencies)
	pct := func(p float64) time.Duration {
		if len(steadyLatencies) == 0 {
			return 0
		}
		return steadyLatencies[min(len(steadyLatencies)-1, int(p*float64(len(steadyLatencies))))].Round(time.Millisecond)
	}
	fmt.Printf("\nrequests   %d at %.1f/s, %d without errors\n", m.Requests, m.Rate, ok)
	fmt.Printf("latency    outside the outages (%d requests): p50 %s  p95 %s  p99 %s  max %s; all: p99 %s\n", len(steadyLatencies),
		pct(0.50), pct(0.95), pct(0.99), pct(1), m.Latencies.P99.Round(time.Millisecond))
	header := fmt.Sprintf("errors     %-40s %8s", "extensions.code / HTTP status", "steady")
	for _, o := range plan {
		header += fmt.Sprintf(" %12s", "neo4j "+o.kind)
	}
	fmt.Println(header)
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		c := counts[k]
		line := fmt.Sprintf("           %-40.40s %8d", k, c[0])
		for _, n := range c[1:] {
			line += fmt.Sprintf(" %12d", n)
		}
		fmt.Println(line)
		if c[0] > 0 {
			problems = append(problems, fmt.Sprintf("%d %q errors outside the outages", c[0], k))
		}
		if k != "DATABASE_UNAVAILABLE" && k != "TIMEOUT" && k != "HTTP 503" {
			for _, n := range c[1:] {
				if n > 0 {
					problems = append(problems, fmt.Sprintf("%d unexpected %q errors during an outage", n, k))
				}
			}
		}
	}
	if p99 := pct(0.99); p99 > maxP99 {
		problems = append(problems, fmt.Sprintf("p99 outside the outages is %s, above the bound of %s", p99, maxP99))
	}
	for k, o := range plan {
		s := per[k]
		switch {
		case o.err != nil:
			problems = append(problems, fmt.Sprintf("neo4j %s: %v", o.kind, o.err))
			continue
		case o.back.IsZero():
			problems = append(problems, "neo4j was not brought back after being "+o.kind)
			continue
		}
		fmt.Printf("neo4j %-8s first DATABASE_UNAVAILABLE %s after, slowest failure %s; after it was back: first success %s, /readyz 200 %s, last error %s\n",
			o.kind, offset(s.detected, o.began), s.slowestFail.Round(10*time.Millisecond), offset(s.firstOK, o.back), offset(o.ready, o.back), offset(s.lastErr, o.back))
		if s.firstOK.IsZero() || max(s.firstOK.Sub(o.back), o.ready.Sub(o.back), s.lastErr.Sub(o.back)) > recoveryLimit[o.kind] {
			problems = append(problems, fmt.Sprintf("not recovered within %s of neo4j being back after it was %s", recoveryLimit[o.kind], o.kind))
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
