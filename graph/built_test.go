package graph

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/metandereogen/maograph/graph/model"
)

// TestBuiltOncePerVersion: concurrent callers share one build; a caller whose deadline passes
// while the build runs gets TIMEOUT and the build goes on for the others; the value is kept
// until the version moves; a graph without a version is built for every call.
func TestBuiltOncePerVersion(t *testing.T) {
	var b built[int]
	version := "v1"
	current := func(context.Context) (string, error) { return version, nil }
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(ctx context.Context) (string, int, error) {
		n := builds.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
			return "", 0, ctx.Err()
		}
		return version, int(n), nil
	}

	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := b.get(short, current, "test index", build); model.ErrorCode(err) != model.ETIMEOUT {
		t.Fatalf("a caller whose deadline passed during the build got %v, want TIMEOUT", err)
	}
	var wg sync.WaitGroup
	got := make([]int, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = b.get(context.Background(), current, "test index", build)
		}()
	}
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 1 {
			t.Errorf("caller %d got build %d, want 1 (the build the timed-out caller started)", i, v)
		}
	}
	if v, _ := b.get(context.Background(), current, "test index", build); v != 1 || builds.Load() != 1 {
		t.Errorf("same version: got build %d after %d builds, want the kept build 1", v, builds.Load())
	}
	version = "v2"
	if v, _ := b.get(context.Background(), current, "test index", build); v != 2 {
		t.Errorf("after the version moved got build %d, want a new one (2)", v)
	}
	version = ""
	b.get(context.Background(), current, "test index", build)
	b.get(context.Background(), current, "test index", build)
	if n := builds.Load(); n != 4 {
		t.Errorf("%d builds, want 4: a graph without a version is read by every call", n)
	}
	failing := func(context.Context) (string, int, error) { return "", 0, errors.New("neo4j said no") }
	var fresh built[int]
	if _, err := fresh.get(context.Background(), current, "test index", failing); err == nil || err.Error() != "neo4j said no" {
		t.Errorf("a failed build gave %v, want its error", err)
	}
}
