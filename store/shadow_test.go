package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// halfSeeds returns the seeds cut to their first half of nodes, with the relations and
// mentions between those: a different graph to load over the full one and back.
func halfSeeds(t *testing.T) *model.Dataset {
	t.Helper()
	small := parseSeeds(t)
	small.Nodes = small.Nodes[:len(small.Nodes)/2]
	keep := map[string]bool{}
	for _, n := range small.Nodes {
		keep[n.ID] = true
	}
	rels := small.Relations[:0]
	for _, r := range small.Relations {
		if keep[r.From] && keep[r.To] {
			rels = append(rels, r)
		}
	}
	small.Relations = rels
	mentions := small.Mentions[:0]
	for _, m := range small.Mentions {
		if keep[m.Node] && keep[m.Document] {
			mentions = append(mentions, m)
		}
	}
	small.Mentions = mentions
	return small
}

// generations counts the nodes of shadow and retired generations.
func generations(t *testing.T) int {
	t.Helper()
	n, _ := queryInt(t, `MATCH (n:SeedShadow|SeedRetired) RETURN count(n) AS n`, nil)
	return n
}

// readerView is what a reader sees of the graph: the totals, the version, and whether the
// full seeds' nodes are there.
func readerView(t *testing.T, s *store.Store, full *model.Dataset) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	ids := make([]string, 0, len(full.Nodes))
	for _, n := range full.Nodes {
		ids = append(ids, n.ID)
	}
	nodes, err := s.NodesByIDs(ctx, ids)
	if err != nil {
		t.Fatalf("NodesByIDs: %v", err)
	}
	found := 0
	for _, n := range nodes {
		if n != nil {
			found++
		}
	}
	b, _ := json.Marshal(map[string]any{"stats": st, "version": v, "found": found})
	return string(b)
}

// TestShadowLoadGivesTheSameGraph: a load written as a shadow generation and switched to
// gives exactly the graph an in-place load gives, leaves no generation behind, and a second
// load of the same seeds writes nothing.
func TestShadowLoadGivesTheSameGraph(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	seed(t, s, full)
	want := snapshot(t)

	half := halfSeeds(t)
	halfSum := seed(t, s, half)
	sum, err := s.Seed(context.Background(), full, store.ShadowAbove(0))
	if err != nil {
		t.Fatalf("Seed(shadow) error: %v", err)
	}
	if !sum.Shadow || sum.CleanupErr != nil {
		t.Errorf("Seed(shadow) = shadow %v, cleanup error %v; want a shadow load that removed the old generation", sum.Shadow, sum.CleanupErr)
	}
	if sum.NodesCreated != len(full.Nodes) || sum.RelsCreated != len(full.Relations)+sum.MentionPairs {
		t.Errorf("Seed(shadow) created %d nodes and %d relationships, want the whole dataset: %d and %d",
			sum.NodesCreated, sum.RelsCreated, len(full.Nodes), len(full.Relations)+sum.MentionPairs)
	}
	if sum.NodesDeleted != len(half.Nodes) || sum.RelsDeleted != len(half.Relations)+halfSum.MentionPairs {
		t.Errorf("Seed(shadow) deleted %d nodes and %d relationships, want the whole former graph: %d and %d",
			sum.NodesDeleted, sum.RelsDeleted, len(half.Nodes), len(half.Relations)+halfSum.MentionPairs)
	}
	if snapshot(t) != want {
		t.Error("the graph after a shadow load differs from the graph after an in-place load")
	}
	if n := generations(t); n != 0 {
		t.Errorf("%d shadow or retired nodes left after the load, want 0", n)
	}
	if sum := seed(t, s, full); !sum.Unchanged || sum.Shadow {
		t.Errorf("a second load = %+v (shadow %v), want nothing changed, in place", countsOf(sum), sum.Shadow)
	}
}

// TestShadowGenerationIsInvisibleUntilTheSwitch: while a shadow load writes, readers see the
// old graph and its version, and no relationship joins the shadow to the graph; after the
// switch they see the new graph and a new version.
func TestShadowGenerationIsInvisibleUntilTheSwitch(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	seed(t, s, full)
	fullView := readerView(t, s, full)
	seed(t, s, halfSeeds(t))
	halfView := readerView(t, s, full)
	if halfView == fullView {
		t.Fatal("the half and the full seeds look the same to a reader; the test needs them to differ")
	}

	batches := 0
	check := func() {
		batches++
		if got := readerView(t, s, full); got != halfView {
			t.Errorf("after shadow batch %d a reader sees %s, want the old graph %s", batches, got, halfView)
		}
		if n, _ := queryInt(t, `MATCH (:SeedShadow)--(n) WHERE NOT n:SeedShadow RETURN count(n) AS n`, nil); n != 0 {
			t.Errorf("after shadow batch %d, %d relationships join the shadow generation to other nodes", batches, n)
		}
	}
	if _, err := s.Seed(context.Background(), full, store.ShadowAbove(0), store.AfterShadowBatch(check)); err != nil {
		t.Fatalf("Seed(shadow) error: %v", err)
	}
	if batches < 2 {
		t.Errorf("the shadow load wrote %d batches, want several", batches)
	}
	if got := readerView(t, s, full); got != fullView {
		t.Errorf("after the switch a reader sees %s, want the new graph %s", got, fullView)
	}
}

// TestCancelledShadowLoadLeavesTheOldGraph: a shadow load cancelled midway fails and leaves
// the old graph as readers saw it; the next load removes its partial generation and says so.
func TestCancelledShadowLoadLeavesTheOldGraph(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	half := halfSeeds(t)
	seed(t, s, half)
	before := snapshot(t)
	view := readerView(t, s, full)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := 0
	_, err := s.Seed(ctx, full, store.ShadowAbove(0), store.AfterShadowBatch(func() {
		if batches++; batches == 2 {
			cancel()
		}
	}))
	if err == nil {
		t.Fatal("Seed cancelled midway succeeded, want an error")
	}
	if got := readerView(t, s, full); got != view {
		t.Errorf("after a cancelled load a reader sees %s, want the old graph %s", got, view)
	}
	if n := generations(t); n == 0 {
		t.Error("the cancelled load left no partial generation; the test needs one to see it removed")
	}

	sum := seed(t, s, half)
	if sum.LeftoverNodes == 0 {
		t.Error("the next load reported no leftover nodes removed")
	}
	if n := generations(t); n != 0 {
		t.Errorf("%d nodes of the cancelled load left after the next load, want 0", n)
	}
	if snapshot(t) != before {
		t.Error("the graph after the cancelled load and the next one differs from before")
	}
	seed(t, s, full)
}
