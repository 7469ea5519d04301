// Package ratelimit limits requests per client with a token bucket per client address.
package ratelimit

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
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
}

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
	res := c.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
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
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"errors":[{"message":"Too many requests: slow down and retry after the number of seconds in Retry-After.","extensions":{"code":"RATE_LIMITED"}}]}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}
