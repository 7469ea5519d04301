package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Warming up after an outage. A restarted Neo4j has no query plans and a cold JIT: the soak saw
// its first few seconds of full traffic take one to several seconds per statement, queue up and
// run into the requests' deadlines, while a probe's RETURN 1 answered at once. So when Neo4j
// answers again after the breaker opened, the store first replays the statements it ran most
// recently (reads only, with the parameters they last had), warmWorkers at a time, and meanwhile
// lets at most warmSlots client statements through at once, each for at most warmClientWait,
// and fails the rest with DATABASE_UNAVAILABLE: a fast "try again" instead of a slow timeout.
// Only statements whose text has a plan again are let through: planning on the cold JVM is
// what takes the time (about 2 s for one of the larger statements alone), and the replay needs
// the CPU for it. What the replay did not plan by warmLimit, the first client statement of
// each text plans alone afterwards (plans.go). /readyz says 503 until the replay is done, so
// a load balancer keeps traffic away meanwhile.
const (
	recentCap   = 64 // distinct statements remembered for the replay
	warmSlots   = 2  // client statements at once while warming up
	warmWorkers = 2  // replayed statements at once
	// A client statement let through while warming up fails as DATABASE_UNAVAILABLE after
	// this long: on the cold database it could otherwise take most of its request's deadline.
	warmClientWait = 2 * time.Second
	warmStatement  = 10 * time.Second // one replayed statement may take this long (planning on a cold JVM takes seconds)
	warmLimit      = 30 * time.Second // the whole replay; after it traffic flows again regardless
)

// errWarmingUp fails client statements beyond warmSlots while Neo4j warms up.
var errWarmingUp = errors.New("neo4j is warming up after an outage")

// recent remembers the last statements the store read with, by their text: what the replay
// after an outage runs again.
type recent struct {
	mu    sync.Mutex
	tick  uint64
	byKey map[string]*recentStatement
}

type recentStatement struct {
	op, cypher string
	params     map[string]any
	used       uint64
}

func (r *recent) note(op, cypher string, params map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tick++
	if e, ok := r.byKey[cypher]; ok {
		e.params, e.used = params, r.tick
		return
	}
	if r.byKey == nil {
		r.byKey = map[string]*recentStatement{}
	}
	if len(r.byKey) >= recentCap {
		var oldest *recentStatement
		for _, e := range r.byKey {
			if oldest == nil || e.used < oldest.used {
				oldest = e
			}
		}
		delete(r.byKey, oldest.cypher)
	}
	r.byKey[cypher] = &recentStatement{op: op, cypher: cypher, params: params, used: r.tick}
}

// list returns the remembered statements, most recently used first.
func (r *recent) list() []recentStatement {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]recentStatement, 0, len(r.byKey))
	for _, e := range r.byKey {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b recentStatement) int { return cmp.Compare(b.used, a.used) })
	return out
}

// warm replays the remembered statements once each, warmWorkers at a time. It returns how
// many answered, and an error only when Neo4j went away again (a statement failed on the
// connection and the probe does not answer either): a statement that fails or times out for
// its own reasons does not stop the warm-up.
func (s *Store) warm(ctx context.Context) (int, error) {
	todo := make(chan recentStatement)
	var (
		mu       sync.Mutex
		answered int
		gone     error
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range warmWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for st := range todo {
				// A client statement of the same text that got there first makes the plan
				// itself; one that comes later waits for this one (plans.go).
				first, planned, err := s.plans.enter(ctx, st.cypher)
				if err != nil || !first {
					continue
				}
				sctx, done := context.WithTimeout(ctx, warmStatement)
				_, err = neo4j.ExecuteQuery(sctx, s.driver, st.cypher, st.params, neo4j.EagerResultTransformer,
					neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
					neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(warmStatement)))
				done()
				planned(err == nil)
				if err != nil && (neo4j.IsConnectivityError(err) || isNetworkError(err)) && ctx.Err() == nil {
					pctx, pdone := context.WithTimeout(ctx, probeTimeout)
					if perr := s.probe(pctx); perr != nil {
						err = fmt.Errorf("warm-up %s: %w; then the probe: %w", st.op, err, perr)
					} else {
						err = nil // slow, not gone
					}
					pdone()
					if err != nil {
						mu.Lock()
						gone = err
						mu.Unlock()
						cancel()
					}
					continue
				}
				if err == nil {
					mu.Lock()
					answered++
					mu.Unlock()
				}
			}
		}()
	}
	for _, st := range s.recent.list() {
		select {
		case todo <- st:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(todo)
	wg.Wait()
	return answered, gone
}
