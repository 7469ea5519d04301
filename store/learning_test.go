package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestLearningGraphEqualsSeeds checks that what the store reads back for learning partners is
// what the offline evaluation builds from the seeds without a database (analysis.GraphOf), so
// that the evaluated index is the served one; and that it carries the graph's version.
func TestLearningGraphEqualsSeeds(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	version, got, err := s.LearningGraph(ctx)
	if err != nil {
		t.Fatalf("LearningGraph = %v", err)
	}
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.GraphOf(ds)
	if len(got.Nodes) != len(want.Nodes) || len(got.Relations) != len(want.Relations) {
		t.Fatalf("LearningGraph: %d nodes, %d relations, want %d, %d", len(got.Nodes), len(got.Relations), len(want.Nodes), len(want.Relations))
	}
	for i := range want.Nodes {
		g, w := got.Nodes[i], want.Nodes[i]
		if len(g.Aliases) == 0 && len(w.Aliases) == 0 {
			g.Aliases, w.Aliases = nil, nil
		}
		if len(g.TargetGroups) == 0 && len(w.TargetGroups) == 0 {
			g.TargetGroups, w.TargetGroups = nil, nil
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("node %d = %+v, want %+v", i, g, w)
		}
	}
	for i := range want.Relations {
		if got.Relations[i] != want.Relations[i] {
			t.Errorf("relation %d = %+v, want %+v", i, got.Relations[i], want.Relations[i])
		}
	}
	if !reflect.DeepEqual(got.DocumentDates, want.DocumentDates) {
		t.Errorf("document dates = %v, want %v", got.DocumentDates, want.DocumentDates)
	}
	if current, err := s.Version(ctx); err != nil || version != current {
		t.Errorf("LearningGraph's version = %q, want the graph's %q (%v)", version, current, err)
	}
}
