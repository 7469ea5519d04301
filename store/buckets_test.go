package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// withoutDocument is ds without one document: its node, the relations it is the evidence
// for and its mentions.
func withoutDocument(ds *model.Dataset, doc string) *model.Dataset {
	out := &model.Dataset{}
	for _, n := range ds.Nodes {
		if n.ID != doc {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, r := range ds.Relations {
		if r.Document != doc && r.From != doc && r.To != doc {
			out.Relations = append(out.Relations, r)
		}
	}
	for _, m := range ds.Mentions {
		if m.Document != doc && m.Node != doc {
			out.Mentions = append(out.Mentions, m)
		}
	}
	return out
}

// TestSeedReadsOnlyTheBucketsThatDiffer: a load that changes a few rows of a larger graph
// reads only the nodes of the hash buckets whose sums differ, and leaves exactly the graph a
// load from nothing leaves.
func TestSeedReadsOnlyTheBucketsThatDiffer(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.XS, 7); err != nil {
		t.Fatal(err)
	}
	full, err := loader.Parse(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	doc := ""
	for _, n := range full.Nodes {
		if n.Label == model.LabelDocument {
			doc = n.ID // the last: a document like any other
		}
	}
	without := withoutDocument(full, doc)
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
