package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/metandereogen/maograph/export"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/timing"
)

// config is everything the server can be told, from flags with environment defaults.
type config struct {
	Addr          string
	Neo4j         store.Config
	DevPort       int
	Seed          bool
	SeedDir       string
	ShadowRows    int // rows a load may change in place; above, it writes a shadow generation
	Origins       []string
	Timeout       time.Duration
	ShutdownGrace time.Duration
	// IndexWatch is how often the server reads the graph version to rebuild its indexes after a
	// load by another process (graph.Resolver.Watch); 0 leaves them to the next request.
	IndexWatch    time.Duration
	Introspection bool
	LogFormat     string
	RatePerSecond float64
	RateBurst     int
	RateDBCost    float64 // tokens charged per second of Neo4j time a request took
	MetricsAddr   string  // serve /metrics here instead of on Addr
	Serve         bool
	// TracesEndpoint is the OTLP/HTTP URL spans go to; "" leaves tracing off.
	TracesEndpoint string
	Curator        bool   // serve the curator's review page and API (/curate/)
	CuratorToken   string // from MAO_CURATOR_TOKEN only, so it never shows in a process list
	ExportFormat   string // export: graphml, csv or json
	ExportOut      string // export: the file to write; "" is standard output
}

func parseConfig(cmd string, args []string, getenv func(string) string) (config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	fsf := flag.NewFlagSet("mao-graph "+cmd, flag.ContinueOnError)
	var c config
	var origins, timeout, grace, indexWatch, seed, introspection, devPort, ratePerSecond, rateBurst, rateDBCost, shadowRows string
	fsf.StringVar(&c.Addr, "addr", env("MAO_ADDR", "localhost:8080"), "listen address (MAO_ADDR)")
	fsf.StringVar(&c.Neo4j.URI, "neo4j-uri", getenv("NEO4J_URI"), "Neo4j URI; empty starts the dev Neo4j (NEO4J_URI)")
	fsf.StringVar(&c.Neo4j.User, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (NEO4J_USER)")
	fsf.StringVar(&c.Neo4j.Password, "neo4j-password", getenv("NEO4J_PASSWORD"), "Neo4j password (NEO4J_PASSWORD)")
	fsf.StringVar(&c.Neo4j.Database, "neo4j-database", getenv("NEO4J_DATABASE"), "Neo4j database; empty is the server default (NEO4J_DATABASE)")
	fsf.StringVar(&devPort, "dev-port", env("NEO4J_DEV_PORT", "7687"), "Bolt port of the dev Neo4j (NEO4J_DEV_PORT)")
	fsf.StringVar(&seed, "seed", getenv("MAO_SEED"), "load the seeds before serving: true/false; default true with the dev Neo4j (MAO_SEED)")
	fsf.StringVar(&c.SeedDir, "seed-dir", getenv("MAO_SEED_DIR"), "read seeds from this folder instead of the embedded ones (MAO_SEED_DIR)")
	fsf.StringVar(&shadowRows, "shadow-rows", env("MAO_SHADOW_ROWS", strconv.Itoa(store.ShadowRows)), "rows a load may change in place, in one transaction; a load that changes more writes a shadow generation in batches and switches to it (MAO_SHADOW_ROWS)")
	fsf.StringVar(&origins, "cors-origins", env("MAO_CORS_ORIGINS", "http://localhost:*,http://127.0.0.1:*"), "comma-separated allowed CORS origins (MAO_CORS_ORIGINS)")
	fsf.StringVar(&timeout, "request-timeout", env("MAO_REQUEST_TIMEOUT", "10s"), "per-request deadline, also Neo4j's transaction timeout (MAO_REQUEST_TIMEOUT)")
	fsf.StringVar(&grace, "shutdown-grace", env("MAO_SHUTDOWN_GRACE", "15s"), "how long shutdown waits for requests in flight (MAO_SHUTDOWN_GRACE)")
	fsf.StringVar(&indexWatch, "index-watch", env("MAO_INDEX_WATCH", "10s"), "how often to look for a load by another process and rebuild the similarity and learning-partner indexes; 0 disables (MAO_INDEX_WATCH)")
	fsf.StringVar(&introspection, "introspection", env("MAO_INTROSPECTION", "true"), "allow GraphQL introspection (MAO_INTROSPECTION)")
	fsf.StringVar(&c.LogFormat, "log-format", env("MAO_LOG_FORMAT", "text"), "text or json (MAO_LOG_FORMAT)")
	fsf.StringVar(&ratePerSecond, "rate-limit", env("MAO_RATE_LIMIT", "20"), "GraphQL requests per second per client; 0 disables (MAO_RATE_LIMIT)")
	fsf.StringVar(&rateBurst, "rate-burst", env("MAO_RATE_BURST", "40"), "requests a client may send at once (MAO_RATE_BURST)")
	fsf.StringVar(&rateDBCost, "rate-db-cost", env("MAO_RATE_DB_COST", "10"), "extra tokens a request costs per second of Neo4j time it took (MAO_RATE_DB_COST)")
	fsf.StringVar(&c.MetricsAddr, "metrics-addr", getenv("MAO_METRICS_ADDR"), "serve /metrics on this address only, e.g. 127.0.0.1:9090; empty serves it on -addr (MAO_METRICS_ADDR)")
	var curator string
	fsf.StringVar(&curator, "curator", env("MAO_CURATOR", "false"), "serve the curator's review page and API at /curate/; needs MAO_CURATOR_TOKEN and -seed-dir (MAO_CURATOR)")
	if cmd == "export" {
		fsf.StringVar(&c.ExportFormat, "format", "graphml", "export format: graphml, csv (zipped) or json")
		fsf.StringVar(&c.ExportOut, "o", "", "write the export to this file instead of standard output")
	}
	if err := fsf.Parse(args); err != nil {
		return c, err
	}
	var err error
	var errs []error
	if c.Timeout, err = time.ParseDuration(timeout); err != nil || c.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("request timeout %q is not a positive duration such as 10s", timeout))
	}
	if c.ShutdownGrace, err = time.ParseDuration(grace); err != nil || c.ShutdownGrace <= 0 {
		errs = append(errs, fmt.Errorf("shutdown grace %q is not a positive duration such as 15s", grace))
	}
	if c.IndexWatch, err = time.ParseDuration(indexWatch); err != nil || c.IndexWatch < 0 {
		errs = append(errs, fmt.Errorf("index watch %q is not a duration such as 10s (0 disables)", indexWatch))
	}
	if c.DevPort, err = strconv.Atoi(devPort); err != nil || c.DevPort <= 0 || c.DevPort > 65535 {
		errs = append(errs, fmt.Errorf("dev Neo4j port %q is not a port number", devPort))
	}
	if c.RatePerSecond, err = strconv.ParseFloat(ratePerSecond, 64); err != nil || c.RatePerSecond < 0 {
		errs = append(errs, fmt.Errorf("rate limit %q is not a number of requests per second (0 disables)", ratePerSecond))
	}
	if c.RateBurst, err = strconv.Atoi(rateBurst); err != nil || c.RateBurst < 1 {
		errs = append(errs, fmt.Errorf("rate burst %q is not a positive number", rateBurst))
	}
	if c.RateDBCost, err = strconv.ParseFloat(rateDBCost, 64); err != nil || c.RateDBCost < 0 {
		errs = append(errs, fmt.Errorf("rate DB cost %q is not a number of tokens per second of Neo4j time", rateDBCost))
	}
	if c.ShadowRows, err = strconv.Atoi(shadowRows); err != nil || c.ShadowRows < 0 {
		errs = append(errs, fmt.Errorf("shadow rows %q is not a number of rows", shadowRows))
	}
	if c.Introspection, err = strconv.ParseBool(introspection); err != nil {
		errs = append(errs, fmt.Errorf("introspection %q is not true or false", introspection))
	}
	c.Seed = c.Neo4j.URI == "" || cmd == "load"
	if seed != "" {
		if c.Seed, err = strconv.ParseBool(seed); err != nil {
			errs = append(errs, fmt.Errorf("seed %q is not true or false", seed))
		}
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.Origins = append(c.Origins, o)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q is not text or json", c.LogFormat))
	}
	if c.TracesEndpoint, err = timing.TracesEndpoint(getenv); err != nil {
		errs = append(errs, err)
	}
	if cmd == "export" && !slices.Contains(export.Formats, c.ExportFormat) {
		errs = append(errs, fmt.Errorf("export format %q is not one of %s", c.ExportFormat, strings.Join(export.Formats, ", ")))
	}
	c.Serve = cmd == "serve"
	if c.Curator, err = strconv.ParseBool(curator); err != nil {
		errs = append(errs, fmt.Errorf("curator %q is not true or false", curator))
	}
	c.CuratorToken = getenv("MAO_CURATOR_TOKEN")
	if c.Curator && c.Serve {
		if len(c.CuratorToken) < 16 {
			errs = append(errs, errors.New("curator mode needs MAO_CURATOR_TOKEN set to a secret of at least 16 characters"))
		}
		if c.SeedDir == "" {
			errs = append(errs, errors.New("curator mode needs -seed-dir (MAO_SEED_DIR): the folder saved drafts are written to"))
		}
	}
	return c, errors.Join(errs...)
}
