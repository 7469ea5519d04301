package store_test

import (
	"context"
	"testing"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestSeedReadsOnlyTheBucketsThatDiffer: a load that changes a few rows of a larger graph
// reads only the nodes of the hash buckets whose sums differ, and leaves exactly the graph a
// load from nothing leaves.
func TestSeedReadsOnlyTheBucketsThatDiffer(t *testing.T) {
	full, _, err := synth.Dataset(synth.XS, 7)
	if err != nil {
		t.Fatal(err)
	}
	doc := ""
	for _, n := range full.Nodes {
		if n.Label == model.LabelDocument {
			doc = n.ID // the last: a document like any other
		}
	}
	without := full.WithoutDocument(doc)
	renamed := *full
	renamed.Nodes = append([]model.SeedNode(nil), full.Nodes...)
	for i, n := range renamed.Nodes {
		if n.Label == model.LabelInitiative {
			props := map[string]any{}
			for k, v := range n.Props {
				props[k] = v
			}
			props["summary"] = "een gewijzigde samenvatting"
			renamed.Nodes[i].Props = props
			break
		}
	}

	// What a load from nothing leaves, for each dataset: a shadow load writes every row anew.
	s := storetest.MustOpen(t)
	ctx := context.Background()
	fresh := map[*model.Dataset]string{}
	for _, ds := range []*model.Dataset{without, &renamed, full} {
		if _, err := s.Seed(ctx, ds, store.ShadowAbove(0)); err != nil {
			t.Fatal(err)
		}
		fresh[ds] = snapshot(t)
	}
	// Each step starts from the graph the one before left: the full dataset, loaded last.
	tests := []struct {
		name string
		to   *model.Dataset
	}{
		{"a node's property changed", &renamed},
		{"and changed back", full},
		{"a document removed", without},
		{"a document added", full},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := s.Seed(ctx, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d rows in %s: %v", sum.Rows, sum.Duration, sum.Steps)
			if sum.Shadow || sum.Unchanged {
				t.Fatalf("Seed = shadow %v, unchanged %v; want a change in place", sum.Shadow, sum.Unchanged)
			}
			if sum.NodesRead == 0 || sum.NodesRead > len(tt.to.Nodes)/4 {
				t.Errorf("Seed read %d of %d nodes, want some, and at most a quarter", sum.NodesRead, len(tt.to.Nodes))
			}
			if snapshot(t) != fresh[tt.to] {
				t.Error("the graph after the change differs from the graph a load from nothing gives")
			}
		})
	}
}

// TestSeedComparesTheSumsItKept: a load compares the bucket sums the last load kept on the
// meta node instead of summing every node again, and sums the nodes after all when the graph
// no longer has the node count they were kept for (a node deleted outside a load).
func TestSeedComparesTheSumsItKept(t *testing.T) {
	full, _, err := synth.Dataset(synth.XS, 11)
	if err != nil {
		t.Fatal(err)
	}
	doc, incoming := "", map[string]bool{}
	for _, n := range full.Nodes {
		if n.Label == model.LabelDocument {
			doc = n.ID
		}
	}
	for _, r := range full.Relations {
		incoming[r.To] = true
	}
	for _, m := range full.Mentions {
		incoming[m.Document] = true
	}
	lonely := "" // a node nothing points at: deleting it takes only its own rows
	for _, n := range full.Nodes {
		if !incoming[n.ID] {
			lonely = n.ID
			break
		}
	}
	if lonely == "" {
		t.Fatal("every node of the synthetic network has an incoming relationship")
	}
	s := storetest.MustOpen(t)
	ctx := context.Background()
	if _, err := s.Seed(ctx, full, store.ShadowAbove(0)); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t)
	if _, err := s.Seed(ctx, full.WithoutDocument(doc)); err != nil {
		t.Fatal(err)
	}

	sum, err := s.Seed(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.SumsKept || sum.NodesRead == 0 || sum.NodesCreated == 0 {
		t.Errorf("adding a document: sums kept %v, %d nodes read, %d created; want the kept sums, some nodes read and the document created", sum.SumsKept, sum.NodesRead, sum.NodesCreated)
	}
	if snapshot(t) != want {
		t.Error("after adding the document the graph differs from a load from nothing")
	}

	exec(t, `MATCH (n:Node {id: $id}) DETACH DELETE n`, map[string]any{"id": lonely})
	sum, err = s.Seed(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	if sum.SumsKept || sum.NodesCreated != 1 {
		t.Errorf("after %s was deleted outside a load: sums kept %v, %d nodes created; want the nodes summed and it created again", lonely, sum.SumsKept, sum.NodesCreated)
	}
	if snapshot(t) != want {
		t.Error("after the repair the graph differs from a load from nothing")
	}
}
