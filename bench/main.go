// Command bench measures MAO Graph on synthetic networks of growing size, side by side with
// the same answers fetched by hand-written Cypher over Bolt (the floor) and with the Neo4j
// GraphQL Library (@neo4j/graphql) serving the same database, and writes a Markdown report.
//
//	go run ./bench -sizes S,M,L -out bench/RESULTS.md
//	go run ./bench -sizes M,L -load-only -out /tmp/load.md   # loading alone, no query mix
//
// For each size it starts a fresh dev Neo4j, generates the network (bench/synth), loads it
// through loader.Parse and store.Seed (measuring relationships per second, peak memory and
// the time to add one document to the loaded graph),
// starts the mao-graph binary and the @neo4j/graphql server on it, checks that the contenders
// give the same answers, and runs every query of the mix with vegeta at each concurrency
// (fixed workers, no rate limit) for -duration. All traffic stays on 127.0.0.1 and every loop
// is bounded in time. Everything it starts, it stops.
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/devdb"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/store"
)

// Contenders, in report order.
const (
	cMAO    = "MAO Graph"
	cCypher = "raw Cypher"
	cGQL    = "@neo4j/graphql"
)

type config struct {
	sizes       []synth.Size
	out         string
	work        string
	duration    time.Duration
	concurrency []int
	heap        string
	ready       time.Duration
	txMemory    string
	seed        uint64
	skipGQL     bool
	loadOnly    bool
	queries     map[string]bool // nil: the whole mix
	note        string
	command     string
}

func main() {
	log.SetFlags(log.Ltime)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		log.Fatalf("bench: %v", err)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	sizes := fs.String("sizes", "S,M", "comma-separated sizes: XS, S, M, L")
	cfg := config{}
	fs.StringVar(&cfg.out, "out", "bench/RESULTS.md", "Markdown report to write")
	fs.StringVar(&cfg.work, "work", "testdata-out/bench", "scratch folder (databases, logs, generated seeds)")
	fs.DurationVar(&cfg.duration, "duration", 5*time.Second, "how long each contender runs each query at each concurrency")
	conc := fs.String("concurrency", "1,8,32", "comma-separated worker counts")
	fs.StringVar(&cfg.heap, "heap", "6g", "the dev Neo4j's JVM heap (-Xmx)")
	fs.DurationVar(&cfg.ready, "neo4j-ready", 3*time.Minute, "how long to wait for each dev Neo4j to start (longer on a busy machine)")
	fs.StringVar(&cfg.txMemory, "tx-memory", "", "the dev Neo4j's dbms.memory.transaction.total.max (empty: Neo4j's default, 70% of -heap)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "generator seed")
	fs.BoolVar(&cfg.skipGQL, "skip-neo4j-graphql", false, "leave out the @neo4j/graphql contender")
	fs.BoolVar(&cfg.loadOnly, "load-only", false, "generate and load each size, report the Loading table, and skip the contenders")
	only := fs.String("queries", "", "comma-separated queries of the mix to run (default: all), for profiling one query")
	fs.StringVar(&cfg.note, "note", "", "a remark on the conditions of this run, printed at the top of the report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = a
		if strings.ContainsAny(a, " '\"$;&|<>()") {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	cfg.command = "go run ./bench " + strings.Join(quoted, " ")
	for _, name := range strings.Split(*sizes, ",") {
		sz, ok := synth.SizeByName(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown size %q (XS, S, M, L)", name)
		}
		cfg.sizes = append(cfg.sizes, sz)
	}
	if *only != "" {
		cfg.queries = map[string]bool{}
		for _, name := range strings.Split(*only, ",") {
			name = strings.TrimSpace(name)
			if !slices.ContainsFunc(mix, func(q query) bool { return q.name == name }) {
				return fmt.Errorf("unknown query %q in -queries", name)
			}
			cfg.queries[name] = true
		}
	}
	for _, c := range strings.Split(*conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return fmt.Errorf("concurrency %q is not a positive number", c)
		}
		cfg.concurrency = append(cfg.concurrency, n)
	}
	root, err := devdb.FindRoot()
	if err != nil {
		return err
	}
	// Relative paths are relative to the repository root; absolute ones stay as given.
	fromRoot := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	cfg.work, cfg.out = fromRoot(cfg.work), fromRoot(cfg.out)
	if err := os.MkdirAll(cfg.work, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(cfg.work, "mao-graph")
	if !cfg.loadOnly {
		log.Printf("building mao-graph into %s", bin)
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %w\n%s", err, out)
		}
	}
	rep := &report{cfg: cfg, root: root, machine: machine(ctx, root), started: time.Now()}
	for _, sz := range cfg.sizes {
		sr, err := runSize(ctx, cfg, root, bin, sz)
		if sr != nil {
			rep.sizes = append(rep.sizes, sr)
		}
		if err != nil {
			rep.failures = append(rep.failures, fmt.Sprintf("size %s: %v", sz.Name, err))
			log.Printf("size %s: %v", sz.Name, err)
			if ctx.Err() != nil {
				break
			}
		}
		// Write after every size, so a long run leaves results even if a later size fails.
		if err := os.WriteFile(cfg.out, []byte(rep.markdown()), 0o644); err != nil {
			return err
		}
	}
	log.Printf("wrote %s", cfg.out)
	if len(rep.failures) > 0 {
		return errors.New(strings.Join(rep.failures, "; "))
	}
	return nil
}

// sizeRun is everything measured on one size.
type sizeRun struct {
	size                      synth.Size
	st                        *synth.Stats
	gen, parse, seed          time.Duration
	nodes, relations, mention int
	mentionRels               int           // the MENTIONED_IN relationships the mentions are stored in
	shadow                    bool          // the load wrote a shadow generation and switched to it
	addDoc                    time.Duration // store.Seed adding one document to the loaded graph
	addDocAgain               time.Duration // the same once more: Neo4j has planned its statements
	addDocRows                int           // the rows that load wrote
	goHeapPeak, goRSS, jvmRSS int64
	answers                   []answerCheck
	results                   map[resultKey]result
	respBytes, gzipBytes      map[string]int
	cold                      map[string]coldRequest // MAO Graph's first request of each query after the load
	loadLoad, endLoad         string
}

// written is how many relationships the load wrote: the curated relations and the
// MENTIONED_IN relationships holding the mentions.
func (sr *sizeRun) written() int { return sr.relations + sr.mentionRels }

// coldRequest is MAO Graph's first request of a query after the load: caches (the dashboard
// aggregates, Neo4j's query plans and page cache) are cold.
type coldRequest struct {
	took       time.Duration
	statements int    // -1: not reported
	failed     string // the error of the cold request, when it failed (the check asked again)
}

type resultKey struct {
	query, contender string
	c                int
}

type answerCheck struct {
	query, contender, note string
	ok                     bool
}

func runSize(ctx context.Context, cfg config, root, bin string, sz synth.Size) (*sizeRun, error) {
	sr := &sizeRun{size: sz, results: map[resultKey]result{}, respBytes: map[string]int{}, gzipBytes: map[string]int{},
		cold: map[string]coldRequest{}, loadLoad: loadavg()}
	dir := filepath.Join(cfg.work, sz.Name)
	_ = os.RemoveAll(dir)
	seedDir := filepath.Join(dir, "seeds")
	if err := os.MkdirAll(seedDir, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(filepath.Join(dir, "data")) // large at L; logs stay for reading

	log.Printf("[%s] generating %d initiatives", sz.Name, sz.Initiatives)
	t := time.Now()
	st, err := synth.Generate(seedDir, sz, cfg.seed)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	sr.st, sr.gen = st, time.Since(t)

	port, err := devdb.FreePort()
	if err != nil {
		return nil, err
	}
	log.Printf("[%s] starting the dev Neo4j (heap %s) on port %d", sz.Name, cfg.heap, port)
	db, err := devdb.Start(ctx, devdb.Options{Root: root, DataDir: filepath.Join(dir, "data"),
		LogFile: filepath.Join(dir, "devdb.log"), Port: port, Attached: true, Heap: cfg.heap, TxMemory: cfg.txMemory, Ready: cfg.ready})
	if err != nil {
		return nil, err
	}
	defer db.Stop(context.Background())

	// Load: parse and seed, sampling the Go heap.
	var peak atomic.Int64
	sampling := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if v := int64(ms.HeapInuse); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-sampling:
				return
			case <-tick.C:
			}
		}
	}()
	log.Printf("[%s] parsing %d files (%d MB)", sz.Name, st.Files, st.Bytes>>20)
	t = time.Now()
	ds, err := loader.Parse(os.DirFS(seedDir))
	if err != nil {
		close(sampling)
		return nil, fmt.Errorf("parse: %.2000s", err)
	}
	sr.parse = time.Since(t)
	sr.nodes, sr.relations, sr.mention = len(ds.Nodes), len(ds.Relations), len(ds.Mentions)
	s, err := store.Open(ctx, store.Config{URI: db.URI, User: db.User, Password: db.Password})
	if err != nil {
		close(sampling)
		return nil, err
	}
	defer s.Close(context.Background())
	log.Printf("[%s] seeding %d nodes, %d relationships, %d mentions", sz.Name, sr.nodes, sr.relations, sr.mention)
	t = time.Now()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Minute)
	sum, err := s.Seed(sctx, ds)
	cancel()
	if sum != nil {
		sr.mentionRels = sum.MentionPairs
	}
	sr.seed = time.Since(t)
	close(sampling)
	sr.goHeapPeak, sr.goRSS, sr.jvmRSS = peak.Load(), vmHWM(os.Getpid()), vmHWM(db.Pid())
	if sum != nil {
		sr.shadow = sum.Shadow
		log.Printf("[%s] load steps: %s", sz.Name, steps(sum))
	}
	if err == nil {
		err = addOneDocument(ctx, s, ds, sr)
	}
	ds = nil
	runtime.GC()
	_ = os.RemoveAll(seedDir)
	if err != nil {
		return sr, fmt.Errorf("seed: %w", err)
	}
	log.Printf("[%s] loaded in %s + %s: %d relationships (%d mentions in %d MENTIONED_IN), %.0f relationships/s (seed %.0f)", sz.Name,
		sr.parse.Round(time.Millisecond), sr.seed.Round(time.Millisecond), sr.written(), sr.mention, sr.mentionRels,
		float64(sr.written())/(sr.parse+sr.seed).Seconds(), float64(sr.written())/sr.seed.Seconds())
	if cfg.loadOnly {
		sr.endLoad = loadavg()
		return sr, nil
	}

	// The contenders.
	mao, maoURL, err := startMAO(ctx, bin, dir, db)
	if err != nil {
		return sr, err
	}
	defer mao.stop()
	var gql *proc
	gqlURL := ""
	if !cfg.skipGQL {
		if gql, gqlURL, err = startNeo4jGraphQL(ctx, root, dir, db); err != nil {
			return sr, err
		}
		defer gql.stop()
	}
	driver, err := neo4j.NewDriverWithContext(db.URI, neo4j.BasicAuth(db.User, db.Password, ""))
	if err != nil {
		return sr, err
	}
	defer driver.Close(context.Background())
	httpClient := &http.Client{Timeout: 60 * time.Second}

	// Answers first: a fast wrong answer is no result.
	for _, q := range mix {
		if cfg.queries != nil && !cfg.queries[q.name] {
			continue
		}
		qctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		sr.answers = append(sr.answers, checkAnswers(qctx, q, st, driver, httpClient, maoURL, gqlURL, sr)...)
		cancel()
	}

	// Then load, contender after contender for each query and concurrency, so that the
	// ratios come from the same minutes of the same run.
	for _, q := range mix {
		if cfg.queries != nil && !cfg.queries[q.name] {
			continue
		}
		maoBody := graphqlBody(q.mao, q.maoVars(st))
		rawClient := &http.Client{Transport: funcTransport(func(ctx context.Context) error {
			_, err := q.cypher(ctx, driver, st)
			return err
		})}
		type contender struct {
			name, url string
			client    *http.Client
			body      []byte
			pid       int // the server process, whose CPU per request is reported (0: in this process)
		}
		cs := []contender{{cMAO, maoURL, nil, maoBody, mao.pid()}, {cCypher, "http://raw.cypher/" + q.name, rawClient, nil, 0}}
		if gqlURL != "" && q.gql != "" {
			cs = append(cs, contender{cGQL, gqlURL, nil, graphqlBody(q.gql, q.gqlVars(st)), gql.pid()})
		}
		for _, c := range cs { // warm up: plans cached, pools filled, JIT warm
			attack(c.client, c.url, c.body, 2, min(cfg.duration, 2*time.Second))
		}
		for _, conc := range cfg.concurrency {
			for _, c := range cs {
				if ctx.Err() != nil {
					return sr, ctx.Err()
				}
				server0, db0 := procCPU(c.pid), procCPU(db.Pid())
				r := attack(c.client, c.url, c.body, conc, cfg.duration)
				if r.Requests > 0 {
					if c.pid > 0 {
						r.ServerCPU = (procCPU(c.pid) - server0) / time.Duration(r.Requests)
					}
					r.DBCPU = (procCPU(db.Pid()) - db0) / time.Duration(r.Requests)
				}
				sr.results[resultKey{q.name, c.name, conc}] = r
				log.Printf("[%s] %-8s %-15s c=%-2d %8.1f req/s p50 %-10s p95 %-10s p99 %-10s errors %d %s", sz.Name, q.name, c.name, conc,
					r.RPS, r.P50.Round(10*time.Microsecond), r.P95.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Errors, r.FirstError)
			}
		}
	}
	sr.endLoad = loadavg()
	return sr, nil
}

// addOneDocument measures adding one document to the loaded graph: it loads the dataset
// without its last document (in place: a few rows), then times loading the whole dataset
// again, which writes that document's node, relations and mentions only. It does so twice:
// the first time Neo4j plans the statements of a load in place (the load from nothing wrote
// a shadow generation with others), which is most of the writing at M; the second time it
// has them in its plan cache, as it has for every load after the first in a server's life.
func addOneDocument(ctx context.Context, s *store.Store, ds *model.Dataset, sr *sizeRun) error {
	doc := ""
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			doc = n.ID
		}
	}
	without := ds.WithoutDocument(doc)
	sctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	for _, took := range []*time.Duration{&sr.addDoc, &sr.addDocAgain} {
		if _, err := s.Seed(sctx, without); err != nil {
			return fmt.Errorf("load without %s: %w", doc, err)
		}
		t := time.Now()
		sum, err := s.Seed(sctx, ds)
		if err != nil {
			return fmt.Errorf("add %s: %w", doc, err)
		}
		*took, sr.addDocRows = time.Since(t), sum.Rows
		log.Printf("[%s] added one document (%s) to the loaded graph in %s: %d rows, %d of %d nodes read, bucket sums kept %v, shadow %v; %s", sr.size.Name, doc,
			took.Round(time.Millisecond), sum.Rows, sum.NodesRead, len(ds.Nodes), sum.SumsKept, sum.Shadow, steps(sum))
	}
	return nil
}

// steps lists a load's steps and their times.
func steps(sum *store.SeedSummary) string {
	parts := make([]string, len(sum.Steps))
	for i, st := range sum.Steps {
		parts[i] = st.Name + " " + st.Took.Round(time.Millisecond).String()
	}
	return strings.Join(parts, ", ")
}

// checkAnswers asks every contender once and compares their canonical answers with MAO's.
func checkAnswers(ctx context.Context, q query, st *synth.Stats, d neo4j.DriverWithContext, hc *http.Client, maoURL, gqlURL string, sr *sizeRun) []answerCheck {
	var out []answerCheck
	body := graphqlBody(q.mao, q.maoVars(st))
	began := time.Now()
	raw, header, err := post(ctx, hc, maoURL, body)
	cold := coldRequest{took: time.Since(began), statements: statements(header)}
	// An index built from the whole graph may still be building after the load (the server
	// starts building its indexes when it starts): the cold figure keeps the failure, and the
	// check asks again, a few times, for an answer to compare.
	for try := 0; err != nil && try < 4 && ctx.Err() == nil; try++ {
		if cold.failed == "" {
			cold.failed = err.Error()
		}
		time.Sleep(10 * time.Second)
		raw, header, err = post(ctx, hc, maoURL, body)
	}
	sr.cold[q.name] = cold
	if err != nil {
		return []answerCheck{{q.name, cMAO, "error: " + err.Error(), false}}
	}
	want, err := q.maoCanon(raw)
	if err != nil {
		return []answerCheck{{q.name, cMAO, "undecodable: " + err.Error(), false}}
	}
	sr.respBytes[q.name] = len(raw)
	sr.gzipBytes[q.name] = gzipSize(raw)
	out = append(out, answerCheck{q.name, cMAO, fmt.Sprintf("%d bytes of data", len(raw)), want != "" && want != "nodes= edges=" && want != "lengths="})
	got, err := q.cypher(ctx, d, st)
	switch {
	case err != nil:
		out = append(out, answerCheck{q.name, cCypher, "error: " + err.Error(), false})
	case !q.compare:
		out = append(out, answerCheck{q.name, cCypher, "computes less (not compared)", true})
	case got != want:
		out = append(out, answerCheck{q.name, cCypher, fmt.Sprintf("differs: %.300s vs MAO %.300s", got, want), false})
	default:
		out = append(out, answerCheck{q.name, cCypher, "same answer", true})
	}
	if gqlURL == "" {
		return out
	}
	if q.gql == "" {
		return append(out, answerCheck{q.name, cGQL, "cannot express: " + q.why, true})
	}
	raw, _, err = post(ctx, hc, gqlURL, graphqlBody(q.gql, q.gqlVars(st)))
	if err != nil {
		return append(out, answerCheck{q.name, cGQL, "error: " + err.Error(), false})
	}
	got, err = q.gqlCanon(raw)
	switch {
	case err != nil:
		out = append(out, answerCheck{q.name, cGQL, "undecodable: " + err.Error(), false})
	case got != want:
		out = append(out, answerCheck{q.name, cGQL, fmt.Sprintf("differs: %.300s vs MAO %.300s", got, want), false})
	default:
		out = append(out, answerCheck{q.name, cGQL, "same answer", true})
	}
	return out
}

func gzipSize(b []byte) int {
	var c countWriter
	w := gzip.NewWriter(&c)
	_, _ = w.Write(b)
	_ = w.Close()
	return int(c)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
