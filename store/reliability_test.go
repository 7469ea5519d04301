package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// slowQuery counts to a billion: seconds of work for Neo4j, however fast the machine.
const slowQuery = `UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS slow_test_marker`

// TestDeadlineCancelsTheTransactionInNeo4j: a request whose deadline passes gets TIMEOUT, and
// Neo4j stops the transaction itself (it got the deadline as its transaction timeout).
func TestDeadlineCancelsTheTransactionInNeo4j(t *testing.T) {
	s := storetest.MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	err := s.ReadForTest(ctx, slowQuery)
	if model.ErrorCode(err) != model.ETIMEOUT {
		t.Fatalf("slow query error = %v (code %s), want TIMEOUT", err, model.ErrorCode(err))
	}
	d := rawDriver(t)
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := neo4j.ExecuteQuery(context.Background(), d,
			`SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'slow_test_marker' AND NOT currentQuery CONTAINS 'SHOW' RETURN count(*) AS n`,
			nil, neo4j.EagerResultTransformer)
		if err != nil {
			t.Fatal(err)
		}
		n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n")
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the timed-out query still runs in Neo4j after 20 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestUnreachableNeo4jIsDatabaseUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := store.Open(ctx, store.Config{URI: "bolt://127.0.0.1:1", User: "neo4j", Password: "x"})
	if err == nil || store.Explain(err) != "Neo4j is not reachable at that address: check NEO4J_URI and that the server runs" {
		t.Errorf("Open(unreachable) = %v, want it explained as not reachable", err)
	}
}

// TestConcurrentLoadsAreSerialised: two loads at once both succeed, one after the other, and
// the graph afterwards is exactly one of them, never a mix: in place and as shadow generations.
func TestConcurrentLoadsAreSerialised(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	seed(t, s, full)
	fullSnap := snapshot(t)
	small := halfSeeds(t)
	seed(t, s, small)
	smallSnap := snapshot(t)

	tests := []struct {
		name   string
		opts   []store.SeedOption
		rounds int
	}{
		{"in place", nil, 3},
		{"shadow generations", []store.SeedOption{store.ShadowAbove(0)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := range tt.rounds {
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, ds := range []*model.Dataset{full, small} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, errs[i] = s.Seed(context.Background(), ds, tt.opts...)
					}()
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					t.Fatalf("round %d: concurrent loads: %v", round, err)
				}
				if got := snapshot(t); got != fullSnap && got != smallSnap {
					t.Fatalf("round %d: after two concurrent loads the graph is neither of them", round)
				}
			}
		})
	}
	seed(t, s, full)
}

func TestNetworkErrorsAreUnavailable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{errors.New("server did not accept any of the requested Bolt versions"), true},
		{fmt.Errorf("read: %w", io.EOF), true},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{fmt.Errorf("write: %w", syscall.EPIPE), true},
		{errors.New("something else entirely"), false},
	}
	for _, tt := range tests {
		if got := store.IsNetworkError(tt.err); got != tt.want {
			t.Errorf("IsNetworkError(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
