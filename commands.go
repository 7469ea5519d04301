package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/metandereogen/maograph/devdb"
	"github.com/metandereogen/maograph/explorer"
	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/metrics"
	"github.com/metandereogen/maograph/ratelimit"
	"github.com/metandereogen/maograph/store"
	"github.com/rs/cors"
)

func printSummary(w io.Writer, s *store.SeedSummary) {
	fmt.Fprintf(w, "seeds loaded in %s (%s)\n", s.Duration.Round(time.Millisecond),
		map[bool]string{true: "graph already up to date", false: fmt.Sprintf("+%d/-%d nodes, +%d/-%d relationships, %d properties set",
			s.NodesCreated, s.NodesDeleted, s.RelsCreated, s.RelsDeleted, s.PropertiesSet)}[s.Unchanged])
	for _, part := range []struct {
		title  string
		counts map[string]int
	}{{"nodes", s.NodesByLabel}, {"relationships", s.RelationsByType}} {
		keys := make([]string, 0, len(part.counts))
		total := 0
		for k, v := range part.counts {
			keys = append(keys, k)
			total += v
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "  %-14s %5d:", part.title, total)
		for _, k := range keys {
			fmt.Fprintf(w, " %s %d", k, part.counts[k])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  %-14s %5d\n", "mentions", s.Mentions)
}

// routes builds the mux: GraphQL, health, metrics, and the explorer as the catch-all.
func (a *app) routes() http.Handler {
	m := metrics.New()
	m.Gauge("mao_neo4j_queries_in_flight", "Cypher queries running now, each on one pooled connection.",
		func() float64 { return float64(a.store.InFlight()) })
	m.Gauge("mao_neo4j_pool_size", "The most connections the Neo4j driver opens.",
		func() float64 { return float64(a.store.PoolSize()) })
	mux := http.NewServeMux()
	gql := graph.NewHandler(&graph.Resolver{Store: a.store, Log: a.log}, graph.Options{
		Timeout: a.cfg.Timeout, Introspection: a.cfg.Introspection, Log: a.log, Observer: m,
	})
	limiter := ratelimit.New(a.cfg.RatePerSecond, a.cfg.RateBurst)
	mux.Handle("/graphql", m.HTTP("graphql", limiter.Middleware(limitBody(maxBodyBytes, gql))))
	mux.Handle("GET /healthz", m.HTTP("healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})))
	mux.Handle("GET /readyz", m.HTTP("readyz", http.HandlerFunc(a.readyz)))
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/", m.HTTP("explorer", explorer.Handler()))
	c := cors.New(cors.Options{
		AllowedOrigins: a.cfg.Origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-ID"},
		ExposedHeaders: []string{"X-Request-ID"},
		MaxAge:         600,
	})
	return a.requestLog(securityHeaders(c.Handler(mux)))
}

// devdbCommand runs the dev Neo4j in the background (start), stops it by its pid (stop), or
// says whether it runs (status).
func devdbCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: mao-graph devdb start|stop|status")
	}
	root, err := devdb.FindRoot()
	if err != nil {
		return err
	}
	pidFile := devdb.PIDFile(root)
	switch args[0] {
	case "start":
		if d, ok := devdb.ReadPID(pidFile); ok {
			fmt.Fprintf(stdout, "dev neo4j already running: %s (pid %d)\n", d.URI, d.Pid)
			return nil
		}
		port := 7687
		if p, err := strconv.Atoi(os.Getenv("NEO4J_DEV_PORT")); err == nil {
			port = p
		}
		in, err := devdb.Start(ctx, devdb.Options{Root: root, Port: port})
		if err != nil {
			return err
		}
		if err := devdb.WritePID(pidFile, in); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dev neo4j %s running: %s (pid %d, user neo4j, password %s)\n", in.Version, in.URI, in.Pid(), devdb.DefaultPassword)
		return nil
	case "stop":
		if err := devdb.StopPID(ctx, pidFile); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "dev neo4j stopped")
		return nil
	case "status":
		if d, ok := devdb.ReadPID(pidFile); ok {
			fmt.Fprintf(stdout, "running: %s (pid %d)\n", d.URI, d.Pid)
			return nil
		}
		return errors.New("dev neo4j is not running")
	}
	return fmt.Errorf("unknown devdb command %q: use start, stop or status", args[0])
}
