// Package ratelimit limits what each client may cost, with a token bucket per client
// address: every request takes one token up front, and then as many more as its measured
// cost (the time Neo4j spent on it, weighted) once it has been answered. A client whose
// queries are heavy runs into debt and waits, however few requests it sends.
package ratelimit

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// idleAfter is how long a client's bucket is kept without requests; a full bucket carries no
// state worth keeping, so forgetting it changes nothing for the client.
const idleAfter = 5 * time.Minute

// Limiter hands each client (by IP address) a bucket of Burst tokens refilled at PerSecond.
type Limiter struct {
	perSecond rate.Limit
	burst     int
	now       func() time.Time

	mu        sync.Mutex
	clients   map[string]*client
	lastSweep time.Time

	cost     Cost
	charged  atomic.Uint64 // tokens charged for cost, in thousandths
	rejected atomic.Uint64
}

// Cost measures what one request cost: Start wraps the request's context so the work can be
// counted, and the returned func, called when the request is done, gives the tokens to charge
// beyond the one every request takes.
type Cost func(ctx context.Context) (context.Context, func() float64)

// WithCost makes the limiter charge each request's cost after it is answered.
func (l *Limiter) WithCost(c Cost) *Limiter {
	l.cost = c
	return l
}

// Charged is the total of tokens charged for cost (beyond one per request), for /metrics.
func (l *Limiter) Charged() float64 { return float64(l.charged.Load()) / 1000 }

// Rejected is the number of requests answered 429, for /metrics.
func (l *Limiter) Rejected() float64 { return float64(l.rejected.Load()) }

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// New returns a limiter; perSecond <= 0 disables limiting.
func New(perSecond float64, burst int) *Limiter {
	return &Limiter{perSecond: rate.Limit(perSecond), burst: max(burst, 1), now: time.Now, clients: map[string]*client{}}
}

// Allow takes a token for key at now; when none is left it says how long until one is.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	if l.perSecond <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.client(key, now)
	res := c.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Charge takes n more tokens from key's bucket after the fact: the bucket may go into debt
// (up to one burst at a time), which the client then waits out.
func (l *Limiter) Charge(key string, n float64) {
	if l.perSecond <= 0 || n <= 0 {
		return
	}
	l.charged.Add(uint64(n * 1000))
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.client(key, now)
	whole := int(math.Ceil(n))
	for whole > 0 {
		take := min(whole, l.burst)
		c.lim.ReserveN(now, take) // kept, not cancelled: the tokens are spent
		whole -= take
	}
}

// client returns key's bucket, forgetting idle ones now and then; l.mu is held.
func (l *Limiter) client(key string, now time.Time) *client {
	if now.Sub(l.lastSweep) > idleAfter {
		for k, c := range l.clients {
			if now.Sub(c.seen) > idleAfter {
				delete(l.clients, k)
			}
		}
		l.lastSweep = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.perSecond, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	return c
}

// Middleware answers 429 Too Many Requests with Retry-After (whole seconds, rounded up) to a
// client that has used up its tokens.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ok, wait := l.Allow(host); !ok {
			l.rejected.Add(1)
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"errors":[{"message":"Too many requests: slow down and retry after the number of seconds in Retry-After.","extensions":{"code":"RATE_LIMITED"}}]}`))
			return
		}
		if l.cost == nil || l.perSecond <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		ctx, spent := l.cost(r.Context())
		next.ServeHTTP(w, r.WithContext(ctx))
		l.Charge(host, spent())
	})
}
