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
