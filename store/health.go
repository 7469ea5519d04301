package store

import (
	"context"
	"errors"
	"log/slog"
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
// not taken for a frozen one. The probe has a connection of its own, so a pool that slow
// statements have filled does not make it late.
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
//
// A probe that times out while other statements are answered met a busy Neo4j, not a frozen
// one (fifty statements at once on two cores can keep a trivial one waiting for seconds), and
// opens nothing. A starting Neo4j answers RETURN 1 while it holds every statement that
// touches the graph, so the probe reads a node; and when it answers after an outage, the
// warm-up keeps full traffic away from the cold database (warm.go).
type health struct {
	answered atomic.Int64 // unix nanoseconds of the last statement Neo4j answered
	typical  atomic.Int64 // running average of answered statements' durations, nanoseconds
	mu       sync.Mutex
	down     bool
	warming  bool      // answering again, replaying recent statements: at most warmSlots at once
	admitted int       // client statements running while warming
	since    time.Time // when down began
	probing  bool
	inFlight map[*context.CancelCauseFunc]struct{}
	onDown   func() // called when Neo4j is marked down (Neo4j may restart with empty caches)
	closed   chan struct{}
	done     sync.WaitGroup
}

func newHealth() *health {
	return &health{inFlight: map[*context.CancelCauseFunc]struct{}{}, closed: make(chan struct{})}
}

// admit lets a client statement run, or says why not: Neo4j is down, or warming up and busy
// with as many statements as it may take. warming says the statement runs while Neo4j warms
// up (it then gets warmClientWait at most). A nil error must be paired with leave.
func (h *health) admit() (warming bool, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.down:
		return false, errDatabaseDown
	case h.warming && h.admitted >= warmSlots:
		return true, errWarmingUp
	}
	h.admitted++
	return h.warming, nil
}

func (h *health) leave() {
	h.mu.Lock()
	h.admitted--
	h.mu.Unlock()
}

// state says whether Neo4j is usable now, for readiness: nil, errDatabaseDown or errWarmingUp.
func (h *health) state() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.down:
		return errDatabaseDown
	case h.warming:
		return errWarmingUp
	}
	return nil
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
func (h *health) suspect(probe func(context.Context) error, warm func(context.Context) (int, error)) {
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
	go h.probe(probe, warm)
}

// answer records that Neo4j answered a statement after took: a busy database still answers,
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

func (h *health) probe(probe func(context.Context) error, warm func(context.Context) (int, error)) {
	defer h.done.Done()
	for {
		began, gone := time.Now().UnixNano(), false
		_, timeout := h.patience()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		err := probe(ctx)
		cancel()
		h.mu.Lock()
		if err == nil && h.down {
			// Back after an outage: warm up before full traffic (see warm.go).
			h.down, h.warming = false, true
			h.mu.Unlock()
			slog.Info("neo4j answers again; warming up", "down_for", time.Since(h.since).Round(time.Millisecond))
			warmBegan := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), warmLimit)
			go func() { // close stops the warm-up too
				select {
				case <-h.closed:
					cancel()
				case <-ctx.Done():
				}
			}()
			n, werr := warm(ctx)
			cancel()
			h.mu.Lock()
			h.warming = false
			if werr == nil {
				h.probing = false
				h.mu.Unlock()
				slog.Info("neo4j warmed up", "statements", n, "took", time.Since(warmBegan).Round(time.Millisecond))
				return
			}
			// Gone again (the warm-up asked the probe): down, and probe on.
			err, gone = werr, true
		}
		// Timed out while other statements got answers: busy, not frozen.
		busy := !gone && !h.down && errors.Is(err, context.DeadlineExceeded) && h.answered.Load() > began
		if err == nil || busy {
			h.probing = false
			h.mu.Unlock()
			return
		}
		if !h.down {
			if h.onDown != nil {
				h.onDown()
			}
			h.since = time.Now()
			slog.Warn("neo4j marked down: queries fail fast until a probe answers", "probe", err)
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
