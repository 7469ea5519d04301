// Package storetest gives integration tests a real Neo4j. Each test package gets its own dev
// Neo4j (free port, temporary data folder) started once, so packages running in parallel never
// see each other's data; TEST_NEO4J_URI points every package at one external server instead.
// Under -short the tests that need it are skipped.
package storetest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/devdb"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store"
)

var (
	mu       sync.Mutex
	instance *devdb.Instance
	opts     devdb.Options
	dataDir  string
	cfg      store.Config
	started  bool

	jvmFlags = devdb.ShortLivedJVM

	seedOnce sync.Once
	seedErr  error
)

// Main runs a package's tests and stops its dev Neo4j afterwards. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	return stop(code)
}

// MainBusy is Main for a package that keeps its Neo4j busy for minutes: the database runs
// with devdb.BusyJVM instead of devdb.ShortLivedJVM.
func MainBusy(m *testing.M) int {
	jvmFlags = devdb.BusyJVM
	return Main(m)
}

func stop(code int) int {
	mu.Lock()
	defer mu.Unlock()
	if instance != nil {
		_ = instance.Stop(context.Background())
	}
	if dataDir != "" {
		_ = os.RemoveAll(dataDir)
	}
	return code
}

// Config returns the connection settings of this package's Neo4j, starting it on first use.
func Config(tb testing.TB) store.Config {
	tb.Helper()
	if testing.Short() {
		tb.Skip("integration test: needs Neo4j; skipped under -short")
	}
	mu.Lock()
	defer mu.Unlock()
	if started {
		return cfg
	}
	if uri := os.Getenv("TEST_NEO4J_URI"); uri != "" {
		cfg = store.Config{URI: uri, User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASS"), Database: os.Getenv("TEST_NEO4J_DATABASE")}
		started = true
		return cfg
	}
	if err := startLocked(); err != nil {
		tb.Fatalf("start the dev Neo4j for this test package: %v", err)
	}
	started = true
	return cfg
}

func startLocked() error {
	port, err := devdb.FreePort()
	if err != nil {
		return err
	}
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "mao-devdb-test-"); err != nil {
			return fmt.Errorf("temp data folder: %w", err)
		}
	}
	// A machine busy with other test packages starts a JVM slowly: wait up to 8 minutes.
	opts = devdb.Options{DataDir: dataDir + "/data", LogFile: dataDir + "/devdb.log", Port: port, Attached: true, Ready: 8 * time.Minute, JVMFlags: jvmFlags}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	in, err := devdb.Start(ctx, opts)
	if err != nil {
		return err
	}
	instance = in
	cfg = store.Config{URI: in.URI, User: in.User, Password: in.Password}
	return nil
}

// StopDB stops this package's dev Neo4j (to test what happens when the database goes away).
func StopDB(tb testing.TB) {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if instance == nil {
		tb.Skip("the database is external (TEST_NEO4J_URI): cannot stop it")
	}
	if err := instance.Stop(context.Background()); err != nil {
		tb.Fatalf("stop dev Neo4j: %v", err)
	}
	instance = nil
}

// FreezeDB stops this package's dev Neo4j with SIGSTOP (sockets open, no answers) until ThawDB
// or the end of the test.
func FreezeDB(tb testing.TB) {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if instance == nil {
		tb.Skip("the database is external (TEST_NEO4J_URI): cannot freeze it")
	}
	if err := instance.Freeze(); err != nil {
		tb.Fatal(err)
	}
	in := instance
	tb.Cleanup(func() { _ = in.Thaw() })
}

// ThawDB resumes this package's dev Neo4j after FreezeDB.
func ThawDB(tb testing.TB) {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if err := instance.Thaw(); err != nil {
		tb.Fatal(err)
	}
}

// StartDB starts this package's dev Neo4j again, on the same port with the same data.
func StartDB(tb testing.TB) {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	in, err := devdb.Start(ctx, opts)
	if err != nil {
		tb.Fatalf("restart dev Neo4j: %v", err)
	}
	instance = in
}

// MustOpen returns a store on this package's Neo4j, closed when the test ends.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	c := Config(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, c)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// Seeded returns a store holding the five curated documents' graph, loaded once per package.
func Seeded(tb testing.TB) *store.Store {
	tb.Helper()
	s := MustOpen(tb)
	seedOnce.Do(func() { seedErr = Load(context.Background(), s) })
	if seedErr != nil {
		tb.Fatalf("load the seeds: %v", seedErr)
	}
	return s
}

// Load parses the embedded seeds and syncs them into s.
func Load(ctx context.Context, s *store.Store) error {
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		return err
	}
	_, err = s.Seed(ctx, ds)
	return err
}

// RunningQueries counts the transactions Neo4j is running whose current query contains text.
func RunningQueries(tb testing.TB, text string) int {
	tb.Helper()
	c := Config(tb)
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.User, c.Password, ""))
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, d,
		`SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $text AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n`,
		map[string]any{"text": text}, neo4j.EagerResultTransformer)
	if err != nil {
		tb.Fatalf("show transactions: %v", err)
	}
	n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n")
	return int(n)
}
