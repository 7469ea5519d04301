package store

import (
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
