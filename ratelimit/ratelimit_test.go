package ratelimit

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestMiddleware(t *testing.T) {
	l := New(1, 2) // one token a second, two at once
	clock := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tests := []struct {
		name       string
		advance    time.Duration
		client     string
		wantStatus int
		wantRetry  string
	}{
		{"first", 0, "10.0.0.1:5000", 200, ""},
		{"second uses the burst", 0, "10.0.0.1:5001", 200, ""},
		{"third is limited", 0, "10.0.0.1:5002", 429, "1"},
		{"another client is not", 0, "10.0.0.2:5000", 200, ""},
		{"half a second later still limited", 500 * time.Millisecond, "10.0.0.1:5003", 429, "1"},
		{"a second later one token is back", 500 * time.Millisecond, "10.0.0.1:5004", 200, ""},
		{"and used up again", 0, "10.0.0.1:5005", 429, "1"},
	}
	for _, tt := range tests {
		clock = clock.Add(tt.advance)
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		req.RemoteAddr = tt.client
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.wantStatus || rec.Header().Get("Retry-After") != tt.wantRetry {
			t.Errorf("%s: status %d Retry-After %q, want %d %q", tt.name, rec.Code, rec.Header().Get("Retry-After"), tt.wantStatus, tt.wantRetry)
		}
	}
}

func TestDisabled(t *testing.T) {
	l := New(0, 0)
	for i := range 1000 {
		if ok, _ := l.Allow("x"); !ok {
			t.Fatalf("request %d limited with limiting disabled", i)
		}
	}
}

func TestIdleClientsForgotten(t *testing.T) {
	l := New(1, 1)
	clock := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	l.Allow("a")
	clock = clock.Add(2 * idleAfter)
	l.Allow("b")
	if _, ok := l.clients["a"]; ok || len(l.clients) != 1 {
		t.Errorf("clients after sweep = %v, want only b", l.clients)
	}
}

// TestCostIsCharged: a client whose requests are costly waits for the cost, not only for the
// number of requests, and another client is not affected.
func TestCostIsCharged(t *testing.T) {
	clock := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	costly := 0.0
	l := New(1, 4).WithCost(func(ctx context.Context) (context.Context, func() float64) {
		return ctx, func() float64 { return costly }
	})
	l.now = func() time.Time { return clock }
	h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	send := func(client string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		req.RemoteAddr = client + ":5000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Header().Get("Retry-After")
	}
	tests := []struct {
		name       string
		cost       float64
		advance    time.Duration
		client     string
		wantStatus int
		wantRetry  string
	}{
		{"cheap request", 0, 0, "10.0.0.1", 200, ""},
		{"a request costing 9 tokens is answered", 9, 0, "10.0.0.1", 200, ""},
		{"then the client is in debt", 0, 0, "10.0.0.1", 429, "8"},
		{"another client is not", 0, 0, "10.0.0.2", 200, ""},
		{"the debt is waited out", 0, 8 * time.Second, "10.0.0.1", 200, ""},
	}
	for _, tt := range tests {
		clock = clock.Add(tt.advance)
		costly = tt.cost
		status, retry := send(tt.client)
		if status != tt.wantStatus || retry != tt.wantRetry {
			t.Errorf("%s: status %d Retry-After %q, want %d %q", tt.name, status, retry, tt.wantStatus, tt.wantRetry)
		}
	}
	if got := l.Charged(); got != 9 {
		t.Errorf("Charged() = %v, want 9", got)
	}
	if got := l.Rejected(); got != 1 {
		t.Errorf("Rejected() = %v, want 1", got)
	}
}
