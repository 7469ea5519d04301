package graph

import (
	"context"
	"testing"
	"time"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestWatchRebuildsAfterALoadElsewhere: a load through another store (as `mao-graph load`, a
// process of its own, does it) moves the graph version; the watching resolver rebuilds its
// similarity and learning-partner indexes for the new version without a request asking.
func TestWatchRebuildsAfterALoadElsewhere(t *testing.T) {
	s := storetest.Seeded(t)
	t.Cleanup(func() { // runs last: the watch has stopped by then
		if err := storetest.Load(context.Background(), s); err != nil {
			t.Errorf("put the seeds back: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	r := &Resolver{Store: s}
	r.Prepare(ctx)
	before, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	watching, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Watch(watching, 20*time.Millisecond)
	}()
	t.Cleanup(func() { stop(); <-done })

	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	doc := ""
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			doc = n.ID
		}
	}
	if _, err := storetest.MustOpen(t).Seed(ctx, ds.WithoutDocument(doc)); err != nil {
		t.Fatal(err)
	}
	after, err := s.Version(ctx)
	if err != nil || after == before {
		t.Fatalf("version after the load %q (%v), before %q: want it moved", after, err, before)
	}
	for ctx.Err() == nil {
		r.similar.mu.Lock()
		similar := r.similar.version
		r.similar.mu.Unlock()
		r.partners.mu.Lock()
		partners := r.partners.version
		r.partners.mu.Unlock()
		if similar == after && partners == after {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the indexes were not rebuilt for version %s", after)
}
