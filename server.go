// Command mao-graph serves the MAO knowledge graph over GraphQL, with a Dutch web explorer.
//
//	mao-graph [serve] [flags]      serve http://localhost:8080 (starts the dev Neo4j if NEO4J_URI is unset)
//	mao-graph load [flags]         validate the seeds and sync them into Neo4j, then exit
//	mao-graph propose FILE.txt     write a draft seed file for a new document (see README "Adding a document")
//	mao-graph coverage [-seed-dir]  per document, the share of sentences backing a fact and the
//	                               uncovered sentences holding a number, date or name
//	mao-graph devdb start|stop     run the dev Neo4j in the background (make devdb-start)
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/metandereogen/maograph/compress"
	"github.com/metandereogen/maograph/devdb"
	"github.com/metandereogen/maograph/explorer"
	"github.com/metandereogen/maograph/export"
	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/metrics"
	"github.com/metandereogen/maograph/ratelimit"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/timing"
	"github.com/rs/cors"
)

var _ graph.Store = (*store.Store)(nil)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tuneGC(os.Getenv)
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mao-graph:", err)
		os.Exit(1)
	}
}

// tuneGC trades memory for CPU unless GOGC or GOMEMLIMIT say otherwise: a GraphQL response
// allocates a few objects per field and the live heap is small, so the default GOGC=100
// collects very often; 400 with a soft limit cut the nested benchmark query's Go CPU by about
// a tenth, and the limit keeps large indexes from growing the heap fourfold. The limit is a
// quarter of the machine's memory, at least 2 GiB: on the L network the similarity and
// learning-partner indexes together outgrow a fixed 2 GiB, and a live heap above the limit
// makes the collector run all the time (similarInitiatives went from 33 to 50 ms at p50).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(max(2<<30, memoryOfMachine()/4))
	}
}

// memoryOfMachine is the memory this process may use, in bytes: the cgroup's limit when one
// is set, else the machine's (Linux; 0 when neither can be read).
func memoryOfMachine() int64 {
	total := int64(0)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					total = kb << 10
				}
			}
		}
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && (total == 0 || n < total) {
			total = n // "max" (no limit) does not parse and leaves the machine's
		}
	}
	return total
}

// run dispatches the subcommands; it returns instead of exiting so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve", "load":
		cfg, err := parseConfig(cmd, args, getenv)
		if err != nil {
			return err
		}
		a, err := start(ctx, cfg, stdout)
		if err != nil {
			return err
		}
		if cmd == "load" {
			return a.close(ctx)
		}
		return a.serve(ctx)
	case "devdb":
		return devdbCommand(ctx, args, stdout)
	case "propose":
		return proposeCommand(args, getenv, stdout)
	case "coverage":
		return coverageCommand(args, getenv, stdout)
	case "export":
		return exportCommand(ctx, args, getenv, stdout)
	}
	return fmt.Errorf("unknown command %q: use serve, load, propose, coverage, export or devdb", cmd)
}

// app is a started server: its database, its logger and (when serving) its listener.
type app struct {
	cfg   config
	log   *slog.Logger
	store *store.Store
	// resolver is kept to build its indexes ahead of the first request (graph.Resolver.Prepare).
	resolver *graph.Resolver
	dev      *devdb.Instance
	ln       net.Listener
	http     *http.Server
	trace    *timing.Tracing // nil unless OTEL_EXPORTER_OTLP_ENDPOINT is set
	// metricsLn and metricsHTTP serve /metrics on its own address (MAO_METRICS_ADDR).
	metricsLn   net.Listener
	metricsHTTP *http.Server
	// preparing is true while serve's first index builds run: at L they take a minute, and a
	// similarity or partner request that came earlier could only wait and time out.
	preparing atomic.Bool
}

// start opens (or starts) Neo4j, loads the seeds if asked, and binds the listener, so that
// every configuration problem is reported before the server claims to be up.
func start(ctx context.Context, cfg config, stdout io.Writer) (*app, error) {
	a := &app{cfg: cfg, log: newLogger(cfg.LogFormat, stdout)}
	if cfg.Neo4j.URI == "" {
		if err := a.startDevDB(ctx); err != nil {
			return nil, err
		}
	}
	cfg = a.cfg // the dev database fills in the URI and credentials
	s, err := store.Open(ctx, cfg.Neo4j)
	if err != nil {
		a.stopDevDB()
		return nil, err
	}
	a.store = s
	if v, err := s.ServerVersion(ctx); err == nil {
		a.log.Info("neo4j connected", "uri", cfg.Neo4j.URI, "version", v)
	}
	if cfg.Seed {
		if err := a.load(ctx, stdout); err != nil {
			_ = a.close(ctx)
			return nil, err
		}
	}
	if !cfg.Serve {
		return a, nil
	}
	if a.trace, err = timing.NewTracing(ctx, cfg.TracesEndpoint, "mao-graph"); err != nil {
		_ = a.close(ctx)
		return nil, err
	}
	if a.trace != nil {
		a.log.Info("exporting traces", "endpoint", cfg.TracesEndpoint)
	}
	a.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		_ = a.close(ctx)
		return nil, fmt.Errorf("listen on %s: %w (set -addr or MAO_ADDR to a free address)", cfg.Addr, err)
	}
	var metricsHandler http.Handler
	a.http = &http.Server{
		Handler:           a.routes(&metricsHandler),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.Timeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if cfg.MetricsAddr != "" {
		a.metricsLn, err = net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			_ = a.ln.Close()
			_ = a.close(ctx)
			return nil, fmt.Errorf("listen on %s for /metrics: %w (set -metrics-addr or MAO_METRICS_ADDR to a free address)", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metricsHandler)
		a.metricsHTTP = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second}
	}
	a.preparing.Store(true) // until serve's first index builds end
	return a, nil
}

// startDevDB reuses a dev Neo4j started by `make devdb-start`, or starts one tied to this
// process.
func (a *app) startDevDB(ctx context.Context) error {
	root, err := devdb.FindRoot()
	if err != nil {
		return err
	}
	a.cfg.Neo4j.User, a.cfg.Neo4j.Password = "neo4j", devdb.DefaultPassword
	if d, ok := devdb.ReadPID(devdb.PIDFile(root)); ok {
		a.cfg.Neo4j.URI = d.URI
		a.log.Info("using the running dev neo4j", "uri", d.URI, "pid", d.Pid)
		return nil
	}
	a.log.Info("starting the dev neo4j (first run downloads Neo4j from Maven Central)", "port", a.cfg.DevPort)
	in, err := devdb.Start(ctx, devdb.Options{Root: root, Port: a.cfg.DevPort, Attached: true})
	if err != nil {
		return err
	}
	a.dev = in
	a.cfg.Neo4j.URI = in.URI
	a.log.Info("dev neo4j ready", "uri", in.URI, "version", in.Version, "pid", in.Pid())
	return nil
}

func (a *app) stopDevDB() {
	if a.dev != nil {
		if err := a.dev.Stop(context.Background()); err != nil {
			a.log.Warn("stop dev neo4j", "err", err)
		}
	}
}

// load validates the seeds and syncs them into Neo4j, printing a summary.
func (a *app) load(ctx context.Context, stdout io.Writer) error {
	var fsys fs.FS = seeds.FS
	if a.cfg.SeedDir != "" {
		fsys = os.DirFS(a.cfg.SeedDir)
	}
	ds, err := loader.Parse(fsys)
	if err != nil {
		return fmt.Errorf("seeds not loaded, database unchanged: %w", err)
	}
	sum, err := a.store.Seed(ctx, ds, store.ShadowAbove(a.cfg.ShadowRows))
	if err != nil {
		return fmt.Errorf("seeds not loaded, database unchanged: %w", err)
	}
	printSummary(stdout, sum)
	return nil
}

// routes builds the mux: GraphQL, health, metrics (unless MAO_METRICS_ADDR serves them
// elsewhere: then *metricsHandler is set for that), and the explorer as the catch-all.
func (a *app) routes(metricsHandler *http.Handler) http.Handler {
	m := metrics.New()
	m.Gauge("mao_neo4j_queries_in_flight", "Cypher queries running now, each on one pooled connection.",
		func() float64 { return float64(a.store.InFlight()) })
	m.Gauge("mao_neo4j_pool_size", "The most connections the Neo4j driver opens.",
		func() float64 { return float64(a.store.PoolSize()) })
	m.Gauge("mao_neo4j_breaker", "The health breaker: 0 closed, 1 warming up after an outage (a few statements at once), 2 open (Neo4j down or frozen).",
		func() float64 { return float64(a.store.Breaker()) })
	mux := http.NewServeMux()
	a.resolver = &graph.Resolver{Store: a.store, Log: a.log}
	gql := graph.NewHandler(a.resolver, graph.Options{
		Timeout: a.cfg.Timeout, Introspection: a.cfg.Introspection, Log: a.log, Observer: m,
	})
	// Each request costs a token, plus MAO_RATE_DB_COST tokens per second Neo4j spent on it.
	limiter := ratelimit.New(a.cfg.RatePerSecond, a.cfg.RateBurst).WithCost(func(ctx context.Context) (context.Context, func() float64) {
		ctx, spent := store.WithStatementTime(ctx)
		return ctx, func() float64 { return time.Duration(spent.Load()).Seconds() * a.cfg.RateDBCost }
	})
	m.Counter("mao_rate_limit_cost_tokens_total", "Tokens charged to clients for the Neo4j time of their requests, beyond one per request.", limiter.Charged)
	m.Counter("mao_rate_limit_rejected_total", "GraphQL requests answered 429 because the client's bucket was empty.", limiter.Rejected)
	mux.Handle("/graphql", m.HTTP("graphql", limiter.Middleware(timing.Handler(a.trace, gql))))
	mux.Handle("GET /healthz", m.HTTP("healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})))
	mux.Handle("GET /readyz", m.HTTP("readyz", http.HandlerFunc(a.readyz)))
	if a.cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", m.Handler())
	} else {
		*metricsHandler = m.Handler()
	}
	if a.cfg.Curator {
		a.mountCurator(mux)
	}
	exports := export.Handler(a.store, func(ctx context.Context, format string, err error) {
		a.log.ErrorContext(ctx, "export failed", "format", format, "err", err)
	})
	for _, path := range export.Paths {
		mux.Handle("GET "+path, m.HTTP("export", exports))
	}
	mux.Handle("/", m.HTTP("explorer", explorer.Handler()))
	c := cors.New(cors.Options{
		AllowedOrigins: a.cfg.Origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		// What real clients send: Apollo's client awareness and CSRF-prevention headers, the
		// GraphQL-over-HTTP Accept negotiation, and the request id.
		AllowedHeaders: []string{"Content-Type", "Accept", "Authorization", "X-Request-ID",
			"Apollographql-Client-Name", "Apollographql-Client-Version", "Apollo-Require-Preflight",
			"X-Apollo-Operation-Name", "GraphQL-Preflight"},
		ExposedHeaders: []string{"X-Request-ID", timing.HeaderTiming, timing.HeaderStatements},
		MaxAge:         600,
	})
	return a.requestLog(securityHeaders(compress.Handler(c.Handler(mux))))
}

// readyz answers 200 while Neo4j answers a query, 503 otherwise; the process keeps running
// either way, and the driver reconnects by itself when Neo4j is back. After the start it
// answers 503 until the first index builds have ended (built or failed: a failed build is
// retried by the first request that needs it).
func (a *app) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if a.preparing.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "building the similarity and learning-partner indexes\n")
		return
	}
	if err := a.store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "neo4j unavailable\n")
		return
	}
	io.WriteString(w, "ready\n")
}

// contentSecurityPolicy is satisfied by the explorer and GraphiQL: everything from this origin,
// no inline scripts, no eval.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestLog gives every request an id (the client's X-Request-ID when it is sane) that the
// response, the log line and GraphQL errors carry.
func (a *app) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		sw := metrics.NewStatusRecorder(w)
		began := time.Now()
		next.ServeHTTP(sw, r.WithContext(graph.WithRequestID(r.Context(), id)))
		path := r.URL.Path
		if len(path) > 200 { // a log line never holds more than a short prefix of what a client sent
			path = path[:200] + "…"
		}
		a.log.Info("http request", "method", r.Method, "path", path, "status", sw.Code,
			"duration_ms", time.Since(began).Milliseconds(), "request_id", id)
	})
}

// serve serves until ctx is cancelled (SIGINT/SIGTERM), then lets requests in flight finish
// and closes the driver and the dev database.
func (a *app) serve(ctx context.Context) error {
	errc := make(chan error, 2)
	go func() { errc <- a.http.Serve(a.ln) }()
	if a.metricsHTTP != nil {
		go func() { errc <- a.metricsHTTP.Serve(a.metricsLn) }()
		a.log.Info("serving metrics", "url", "http://"+a.metricsLn.Addr().String()+"/metrics")
	}
	a.log.Info("serving", "url", "http://"+a.ln.Addr().String(), "graphql", "/graphql", "explorer", "/", "graphiql", "/graphiql")
	go func() {
		defer a.preparing.Store(false)
		a.resolver.Prepare(ctx)
	}()
	if a.cfg.IndexWatch > 0 {
		go a.resolver.Watch(ctx, a.cfg.IndexWatch)
	}
	select {
	case err := <-errc:
		_ = a.close(context.Background())
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "grace", a.cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownGrace)
	defer cancel()
	err := a.http.Shutdown(sctx)
	if a.metricsHTTP != nil {
		_ = a.metricsHTTP.Shutdown(sctx)
	}
	if cerr := a.close(sctx); err == nil {
		err = cerr
	}
	return err
}

func (a *app) close(ctx context.Context) error {
	var err error
	if a.store != nil {
		err = a.store.Close(ctx)
	}
	if terr := a.trace.Shutdown(ctx); err == nil {
		err = terr
	}
	a.stopDevDB()
	return err
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
