package store

import (
	"context"
	"sync"
)

// One plan in the making per statement. Neo4j caches a plan per statement text, but it does
// not share a plan while it is being made: every statement that misses the cache plans on its
// own. On a restarted Neo4j (cold JIT) planning one of the membership lists takes about 2 s
// alone; forty requests of it arriving together each planned it, and each took 10 s on two
// cores. A statement cancelled before its plan is done leaves nothing in the cache, so callers
// that give up keep the storm going: the soak saw one statement time out on every request for
// half a minute after a restart. So the first run of a statement text since Neo4j (re)started
// runs alone; the others of that text wait for it, then run on its cached plan.
type plans struct {
	mu      sync.Mutex
	epoch   uint64                   // moves when Neo4j may have lost its plans (an outage)
	known   map[string]struct{}      // texts answered since the last outage: Neo4j has their plans
	pending map[string]chan struct{} // texts whose first run is under way; closed when it ends
}

// plansCap bounds the texts remembered as planned: Neo4j's own query cache holds 1000 plans
// by default (server.db.query_cache_size), so remembering more would claim plans it dropped.
const plansCap = 1000

// enter lets a statement run once its text has a plan or nobody is making one. first says the
// caller is now the one making it: it must call done with whether the statement answered.
// The error is ctx's cause when ctx ends while waiting.
func (p *plans) enter(ctx context.Context, cypher string) (first bool, done func(answered bool), err error) {
	for {
		p.mu.Lock()
		if _, ok := p.known[cypher]; ok {
			p.mu.Unlock()
			return false, nil, nil
		}
		wait, busy := p.pending[cypher]
		if !busy {
			ch := make(chan struct{})
			if p.pending == nil {
				p.pending = map[string]chan struct{}{}
			}
			p.pending[cypher] = ch
			epoch := p.epoch
			p.mu.Unlock()
			return true, func(answered bool) {
				p.mu.Lock()
				defer p.mu.Unlock()
				delete(p.pending, cypher)
				close(ch)
				if !answered || epoch != p.epoch {
					return // the next waiter makes the plan
				}
				if p.known == nil || len(p.known) >= plansCap {
					p.known = map[string]struct{}{}
				}
				p.known[cypher] = struct{}{}
			}, nil
		}
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return false, nil, context.Cause(ctx)
		}
	}
}

// planned says whether cypher is known to have a plan in Neo4j's cache.
func (p *plans) planned(cypher string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.known[cypher]
	return ok
}

// forget drops what is known to be planned: after an outage Neo4j may have restarted with an
// empty cache.
func (p *plans) forget() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.epoch++
	p.known = nil
}
