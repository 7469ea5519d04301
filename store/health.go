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
// about suspectAfter + probeTimeout = 2.5 s, whatever the requests' own deadlines. Where
// statements usually take long (a busy or starved machine), both stretch to patienceFactor
// times the running average of statement times, up to maxPatience each: a slow database is
// not taken for a frozen one.
const (
	suspectAfter   = time.Second
	probeTimeout   = 1500 * time.Millisecond
	probeInterval  = 500 * time.Millisecond
	patienceFactor = 4
	maxPatience    = 4 * time.Second
)

// health is a circuit breaker over Neo4j. A connectivity error, or a statement that outlives
// suspectAfter, makes it probe with a statement of its own (a round trip: an idle pooled
// connection alone proves nothing); a probe that fails or does not answer within probeTimeout
// marks Neo4j down, which cancels every query in flight (they would otherwise wait out their
// whole deadline on a socket that a frozen or stopping Neo4j keeps open) and fails new ones at
// once. It probes until Neo4j answers, then lets queries through again.
type health struct {
	answered atomic.Int64 // unix nanoseconds of the last statement Neo4j answered
	typical  atomic.Int64 // running average of answered statements' durations, nanoseconds
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

// answer records that Neo4j answered a statement after took: a slow database still answers,
// a frozen one does not.
func (h *health) answer(took time.Duration) {
	h.answered.Store(time.Now().UnixNano())
	for {
		old := h.typical.Load()
		avg := old + (int64(took)-old)/8
		if old == 0 {
			avg = int64(took)
		}
		if h.typical.CompareAndSwap(old, avg) {
			return
		}
	}
}

// patience returns how long a statement may run before a probe starts, and how long the
// probe may take: the defaults, or patienceFactor times the usual statement time when that
// is longer, at most maxPatience.
func (h *health) patience() (suspect, probe time.Duration) {
	usual := time.Duration(h.typical.Load()) * patienceFactor
	return min(max(suspectAfter, usual), maxPatience), min(max(probeTimeout, usual), maxPatience)
}

func (h *health) probe(probe func(context.Context) error) {
	defer h.done.Done()
	for {
		began := time.Now().UnixNano()
		_, timeout := h.patience()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
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
