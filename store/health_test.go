package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestPatienceFollowsUsualStatementTimes: on a healthy database the breaker waits its defaults
// (1 s, then a 1.5 s probe); where statements usually take long it waits four times as long,
// never more than maxPatience.
func TestPatienceFollowsUsualStatementTimes(t *testing.T) {
	tests := []struct {
		name                 string
		took                 []time.Duration
		wantSuspect, wantRun time.Duration
	}{
		{"no statement yet", nil, suspectAfter, probeTimeout},
		{"fast statements", []time.Duration{5 * time.Millisecond, 10 * time.Millisecond}, suspectAfter, probeTimeout},
		{"statements of 500 ms", []time.Duration{500 * time.Millisecond}, 2 * time.Second, 2 * time.Second},
		{"statements of 5 s", []time.Duration{5 * time.Second}, maxPatience, maxPatience},
	}
	for _, tt := range tests {
		h := newHealth()
		for _, d := range tt.took {
			h.answer(d)
		}
		suspect, probe := h.patience()
		if suspect != tt.wantSuspect || probe != tt.wantRun {
			t.Errorf("%s: patience() = %s, %s; want %s, %s", tt.name, suspect, probe, tt.wantSuspect, tt.wantRun)
		}
	}
}

// TestBreakerWarmsUpBeforeFullTraffic: a probe that fails opens the breaker (every statement
// refused); when a probe answers again the breaker is half open while the warm-up replays,
// letting warmSlots statements through and refusing the rest, and /readyz's state says
// warming; when the warm-up is done everything flows. A warm-up that meets a gone Neo4j opens
// the breaker again.
func TestBreakerWarmsUpBeforeFullTraffic(t *testing.T) {
	h := newHealth()
	defer h.close()
	probeErr := make(chan error)
	warmGone := make(chan error)
	warmStarted := make(chan struct{}, 4)
	// Both fakes give up when close cancels them, so a failing check cannot hang the test.
	probe := func(ctx context.Context) error {
		select {
		case err := <-probeErr:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	warm := func(ctx context.Context) (int, error) {
		warmStarted <- struct{}{}
		select {
		case err := <-warmGone:
			return 0, err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		for i := 0; i < 1000 && !cond(); i++ {
			time.Sleep(5 * time.Millisecond)
		}
		if !cond() {
			t.Fatalf("never %s", what)
		}
	}
	h.suspect(probe, warm)
	probeErr <- errors.New("connection refused")
	wait("down", func() bool { return errors.Is(h.state(), errDatabaseDown) })
	if _, err := h.admit(); !errors.Is(err, errDatabaseDown) {
		t.Fatalf("admit while down = %v, want errDatabaseDown", err)
	}

	probeErr <- nil // answers again: warming
	<-warmStarted
	if err := h.state(); !errors.Is(err, errWarmingUp) {
		t.Fatalf("state while warming = %v, want errWarmingUp", err)
	}
	for i := 0; i < warmSlots; i++ {
		if warming, err := h.admit(); err != nil || !warming {
			t.Fatalf("admit %d of %d while warming = %v, %v; want true, nil", i+1, warmSlots, warming, err)
		}
	}
	if _, err := h.admit(); !errors.Is(err, errWarmingUp) {
		t.Fatalf("admit beyond warmSlots = %v, want errWarmingUp", err)
	}
	h.leave()
	if _, err := h.admit(); err != nil {
		t.Fatalf("admit after one left: %v", err)
	}

	warmGone <- errors.New("connection reset") // gone again during the warm-up
	wait("down again", func() bool { return errors.Is(h.state(), errDatabaseDown) })
	probeErr <- nil
	<-warmStarted
	warmGone <- nil
	wait("closed", func() bool { return h.state() == nil })
	for i := 0; i < 3*warmSlots; i++ {
		if warming, err := h.admit(); err != nil || warming {
			t.Fatalf("admit after the warm-up = %v, %v; want false, nil", warming, err)
		}
	}
}

// TestRecentKeepsTheLatestStatements: the replay list holds each statement text once, with its
// latest parameters, most recent first, at most recentCap of them.
func TestRecentKeepsTheLatestStatements(t *testing.T) {
	var r recent
	for i := 0; i < recentCap+10; i++ {
		r.note("op", fmt.Sprintf("RETURN %d", i), map[string]any{"i": i})
	}
	r.note("op", "RETURN 20", map[string]any{"i": "again"})
	got := r.list()
	if len(got) != recentCap {
		t.Fatalf("%d statements kept, want %d", len(got), recentCap)
	}
	if got[0].cypher != "RETURN 20" || got[0].params["i"] != "again" {
		t.Errorf("most recent = %s %v, want RETURN 20 with its latest parameters", got[0].cypher, got[0].params)
	}
	for _, st := range got {
		if st.cypher == "RETURN 0" || st.cypher == "RETURN 9" {
			t.Errorf("%s kept, but it is among the ten least recent", st.cypher)
		}
	}
}
