package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// errDatabaseDown cancels queries that were waiting on a Neo4j the probe found gone.
var errDatabaseDown = errors.New("neo4j is down (health probe failed)")

// Probe timing: a statement still running after suspectAfter starts a probe; a probe must
// answer within probeTimeout; a down database is probed again every probeInterval. So a
// frozen Neo4j (a stopped JVM keeps its sockets open and answers nothing) is found within
// about suspectAfter + probeTimeout = 2.5 s, whatever the requests' own deadlines.
const (
	suspectAfter  = time.Second
	probeTimeout  = 1500 * time.Millisecond
	probeInterval = 500 * time.Millisecond
)

// health is a circuit breaker over Neo4j. A connectivity error, or a statement that outlives
// suspectAfter, makes it probe with a statement of its own (a round trip: an idle pooled
// connection alone proves nothing); a probe that fails or does not answer within probeTimeout
// marks Neo4j down, which cancels every query in flight (they would otherwise wait out their
// whole deadline on a socket that a frozen or stopping Neo4j keeps open) and fails new ones at
// once. It probes until Neo4j answers, then lets queries through again.
type health struct {
	answered atomic.Int64 // unix nanoseconds of the last statement Neo4j answered
	mu       sync.Mutex
	down     bool
	probing  bool
	inFlight map[*context.CancelCauseFunc]struct{}
	closed   chan struct{}
	done     sync.WaitGroup
}

func newHealth() *health {
	return &health{inFlight: map[*context.CancelCauseFunc]struct{}{}, closed: make(chan struct{})}
}

func (h *health) isDown() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down
}

// track registers a query's cancel function until the returned release is called.
func (h *health) track(cancel context.CancelCauseFunc) (release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := &cancel
	h.inFlight[key] = struct{}{}
	return func() {
		h.mu.Lock()
		delete(h.inFlight, key)
		h.mu.Unlock()
	}
}

// suspect starts a probe unless one runs already.
func (h *health) suspect(probe func(context.Context) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.probing {
		return
	}
	select {
	case <-h.closed:
		return
	default:
	}
	h.probing = true
	h.done.Add(1)
	go h.probe(probe)
}

// answer records that Neo4j answered a statement: a slow database still answers, a frozen
// one does not.
func (h *health) answer() { h.answered.Store(time.Now().UnixNano()) }

func (h *health) probe(probe func(context.Context) error) {
	defer h.done.Done()
	for {
		began := time.Now().UnixNano()
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		err := probe(ctx)
		cancel()
		h.mu.Lock()
		// A probe that timed out while other statements got answers met a busy database,
		// not a frozen one: no reason to fail anything.
		if err == nil || !h.down && errors.Is(err, context.DeadlineExceeded) && h.answered.Load() > began {
			h.down, h.probing = false, false
			h.mu.Unlock()
			return
		}
		h.down = true
		for c := range h.inFlight {
			(*c)(errDatabaseDown)
		}
		h.mu.Unlock()
		select {
		case <-h.closed:
			h.mu.Lock()
			h.probing = false
			h.mu.Unlock()
			return
		case <-time.After(probeInterval):
		}
	}
}

// close stops probing and waits for the probe goroutine to end.
func (h *health) close() {
	h.mu.Lock()
	select {
	case <-h.closed:
	default:
		close(h.closed)
	}
	h.mu.Unlock()
	h.done.Wait()
}
