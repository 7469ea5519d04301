// Package store is the only package that speaks Cypher: it reads and writes the MAO knowledge
// graph in Neo4j 5 (a dev database, a server, Aura or a cluster) through neo4j-go-driver.
// Every query is a constant taking its values as parameters.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/timing"
)

// Config selects the database.
type Config struct {
	URI      string // bolt://, neo4j:// (routing, clusters and Aura), +s/+ssc variants
	User     string
	Password string
	Database string // "" means the server's default database
	// MaxPoolSize bounds the driver's connection pool; 0 means the driver default (100).
	MaxPoolSize int
	// RetryTime bounds how long a read is retried on the driver's retryable errors; requests
	// carry their own deadline too, whichever comes first ends the wait.
	RetryTime time.Duration
}

// Store reads and writes the graph. It is safe for concurrent use.
type Store struct {
	driver   neo4j.DriverWithContext
	prober   neo4j.DriverWithContext // the health probe's own small pool: never behind queued queries
	database string
	poolSize int
	inFlight atomic.Int64
	health   *health
	recent   recent     // the statements an after-outage warm-up replays
	plans    plans      // one plan in the making per statement text
	vocab    vocabulary // the words search suggestions come from, per graph version
}

// Open connects to Neo4j and checks that it answers and accepts the credentials.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("open neo4j: no URI given (set NEO4J_URI)")
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		// Fail fast when Neo4j is away: a dashboard would rather show "try again" in two
		// seconds than wait out the request's whole deadline. Retries still cover blips.
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 2 * time.Second
		c.MaxTransactionRetryTime = 2 * time.Second
		if cfg.RetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.RetryTime
		}
		if cfg.MaxPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxPoolSize
		}
		c.ConnectionLivenessCheckTimeout = 30 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("open neo4j %s: %w", cfg.URI, err)
	}
	pool := cfg.MaxPoolSize
	if pool <= 0 {
		pool = 100 // the driver's default
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		_ = driver.Close(context.Background())
		return nil, fmt.Errorf("open neo4j %s: %s: %w", cfg.URI, Explain(err), err)
	}
	prober, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.SocketConnectTimeout = probeTimeout
		c.ConnectionAcquisitionTimeout = maxPatience
		c.MaxConnectionPoolSize = 2
		c.MaxTransactionRetryTime = 0 // one attempt: the probe's verdict is its own answer
	})
	if err != nil {
		_ = driver.Close(context.Background())
		return nil, fmt.Errorf("open neo4j %s (health probe): %w", cfg.URI, err)
	}
	s := &Store{driver: driver, prober: prober, database: cfg.Database, poolSize: pool, health: newHealth()}
	s.health.onDown = s.plans.forget
	return s, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	s.health.close()
	_ = s.prober.Close(ctx)
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("close neo4j: %w", err)
	}
	return nil
}

// Ping checks that Neo4j answers a query now and is not warming up after an outage (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.health.state(); err != nil {
		return unavailable("ping", err)
	}
	_, err := s.read(ctx, "ping", `RETURN 1`, nil)
	return err
}

// ServerVersion returns the Neo4j version, e.g. "5.26.30", and its edition.
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	const q = `CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition`
	res, err := s.read(ctx, "server version", q, nil)
	if err != nil {
		return "", err
	}
	if len(res.Records) == 0 {
		return "", errors.New("server version: dbms.components() returned nothing")
	}
	v, _, err := neo4j.GetRecordValue[string](res.Records[0], "version")
	if err != nil {
		return "", fmt.Errorf("server version: %w", err)
	}
	return v, nil
}

// Breaker says what the health breaker lets through now: 0 everything (closed), 1 a few
// statements while Neo4j warms up after an outage (half open), 2 nothing (open: Neo4j down).
func (s *Store) Breaker() int {
	switch err := s.health.state(); {
	case errors.Is(err, errDatabaseDown):
		return 2
	case errors.Is(err, errWarmingUp):
		return 1
	}
	return 0
}

// InFlight is the number of queries running now: each holds one pooled connection.
func (s *Store) InFlight() int64 { return s.inFlight.Load() }

// PoolSize is the most connections the driver opens.
func (s *Store) PoolSize() int { return s.poolSize }

// Explain turns a connection error into one sentence saying what to fix.
func Explain(err error) string {
	var authErr *neo4j.InvalidAuthenticationError
	var ne *neo4j.Neo4jError
	switch {
	case errors.As(err, &authErr), errors.As(err, &ne) && strings.Contains(ne.Code, "Security.Unauthorized"):
		return "Neo4j refused the user name or password: check NEO4J_USER and NEO4J_PASSWORD"
	case errors.As(err, &ne) && strings.Contains(ne.Code, "Database.DatabaseNotFound"):
		return "the database does not exist on this server: check NEO4J_DATABASE"
	case neo4j.IsConnectivityError(err), strings.Contains(err.Error(), "connection refused"):
		return "Neo4j is not reachable at that address: check NEO4J_URI and that the server runs"
	case strings.Contains(err.Error(), "no such host"):
		return "the host in NEO4J_URI does not resolve: check NEO4J_URI"
	}
	return "Neo4j could not be used"
}

type counterKey struct{}

// WithQueryCounter returns a context whose queries are counted in the returned counter: a
// test's way of asserting how many round trips a request costs.
func WithQueryCounter(ctx context.Context) (context.Context, *atomic.Int64) {
	c := &atomic.Int64{}
	return context.WithValue(ctx, counterKey{}, c), c
}

type timeKey struct{}

// WithStatementTime returns a context whose statements add their time (nanoseconds, from
// sending to the last row) to the returned counter: what a request cost the database, for
// cost-aware rate limiting.
func WithStatementTime(ctx context.Context) (context.Context, *atomic.Int64) {
	c := &atomic.Int64{}
	return context.WithValue(ctx, timeKey{}, c), c
}

func addStatementTime(ctx context.Context, d time.Duration) {
	if c, ok := ctx.Value(timeKey{}).(*atomic.Int64); ok {
		c.Add(int64(d))
	}
}

func countQuery(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		c.Add(1)
	}
}

// read runs a read query in a managed read transaction (routed to followers in a cluster),
// with the request's remaining time as the transaction's timeout so that Neo4j itself stops
// work nobody waits for.
func (s *Store) read(ctx context.Context, op, cypher string, params map[string]any) (res *neo4j.EagerResult, err error) {
	countQuery(ctx)
	end := timing.Statement(ctx, op)
	defer func() { end(err) }()
	warming, err := s.health.admit()
	if err != nil {
		return nil, unavailable(op, err)
	}
	defer s.health.leave()
	if warming {
		if !s.plans.planned(cypher) { // its planning would compete with the warm-up's
			return nil, unavailable(op, errWarmingUp)
		}
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, warmClientWait, errWarmingUp)
		defer stop()
	}
	s.recent.note(op, cypher, params)
	first, planned, err := s.plans.enter(ctx, cypher)
	if err != nil {
		if errors.Is(err, errDatabaseDown) || errors.Is(err, errWarmingUp) {
			return nil, unavailable(op, err)
		}
		return nil, classify(ctx, op, err)
	}
	if first {
		defer func() { planned(err == nil) }()
	}
	if err := s.health.state(); errors.Is(err, errDatabaseDown) { // went down while this waited
		return nil, unavailable(op, err)
	}
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer s.health.track(cancel)()
	wait, _ := s.health.patience()
	slow := time.AfterFunc(wait, func() { s.health.suspect(s.probe, s.warm) })
	defer slow.Stop()
	var timeout []func(*neo4j.TransactionConfig)
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left > 0 {
			timeout = append(timeout, neo4j.WithTxTimeout(left))
		}
	}
	began := time.Now()
	res, err = s.autoRead(ctx, cypher, params, timeout)
	if err != nil && neo4j.IsRetryable(err) && ctx.Err() == nil {
		// A cluster's leader moved or a transient failure: the driver's managed transaction
		// retries it (MaxTransactionRetryTime), with the same routing and bookmarks.
		opts := []neo4j.ExecuteQueryConfigurationOption{
			neo4j.ExecuteQueryWithDatabase(s.database),
			neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(timeout...),
		}
		res, err = neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer, opts...)
	}
	took := time.Since(began)
	addStatementTime(ctx, took)
	if err != nil {
		if cause := context.Cause(ctx); errors.Is(cause, errDatabaseDown) || errors.Is(cause, errWarmingUp) {
			return nil, unavailable(op, cause)
		}
		err = classify(ctx, op, err)
		if model.ErrorCode(err) == model.EUNAVAILABLE {
			s.health.suspect(s.probe, s.warm)
		}
		return nil, err
	}
	s.health.answer(took)
	return res, nil
}

// autoRead runs one read statement in an auto-commit transaction on a reader. Neo4j then
// gets RUN and PULL in one round trip instead of BEGIN, RUN, PULL and COMMIT in two: a small
// statement costs it about 30% less CPU and answers about 30% sooner (bench/PROFILE.md,
// "auto-commit reads"). The session shares ExecuteQuery's bookmarks, so a read still sees
// what a write of this process committed before it.
func (s *Store) autoRead(ctx context.Context, cypher string, params map[string]any, timeout []func(*neo4j.TransactionConfig)) (*neo4j.EagerResult, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName:    s.database,
		AccessMode:      neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
		FetchSize:       neo4j.FetchAll,
	})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params, timeout...)
	if err != nil {
		return nil, err
	}
	records, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := res.Keys()
	if err != nil {
		return nil, err
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Keys: keys, Records: records, Summary: summary}, nil
}

// probeQuery reads one node: a Neo4j that is still starting answers RETURN 1 while it holds
// every statement that touches the graph, so the probe touches the graph too.
const probeQuery = `MATCH (n) WITH n LIMIT 1 RETURN count(n) AS probe`

// probe runs one cheap statement outside the breaker, on the prober's own connection: it
// needs a real round trip, so a frozen Neo4j fails it by not answering before ctx ends.
func (s *Store) probe(ctx context.Context) error {
	_, err := neo4j.ExecuteQuery(ctx, s.prober, probeQuery, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
	return err
}

// isNetworkError recognises failures of the connection itself that the driver reports as plain
// errors: refused or reset connections, a closed socket, and the Bolt handshake of a Neo4j that
// is still starting or already stopping.
func isNetworkError(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "connection reset", "broken pipe", "Bolt version", "handshake"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func unavailable(op string, err error) error {
	return model.Wrap(model.EUNAVAILABLE, fmt.Errorf("%s: %w", op, err), "The database is not available right now; try again shortly.")
}

// classify gives database failures the codes clients see; other errors keep their cause.
func classify(ctx context.Context, op string, err error) error {
	var ne *neo4j.Neo4jError
	switch {
	case errors.Is(err, context.DeadlineExceeded), ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.As(err, &ne) && strings.Contains(ne.Code, "TransactionTimedOut"):
		return model.Wrap(model.ETIMEOUT, fmt.Errorf("%s: %w", op, err), "The request took too long and was stopped.")
	case errors.Is(err, context.Canceled):
		return model.Wrap(model.ETIMEOUT, fmt.Errorf("%s: %w", op, err), "The request was cancelled.")
	case errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Statement"):
		return fmt.Errorf("%s: %w", op, err) // our bug, not the database's: internal
	case neo4j.IsConnectivityError(err), neo4j.IsRetryable(err), neo4j.IsTransactionExecutionLimit(err),
		errors.As(err, &ne), isNetworkError(err):
		return unavailable(op, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}
