package graph_test

import (
	"context"
	"testing"

	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestAggregatesFollowTheGraphVersion: counts and stats come from a cache of the graph's
// version, so a load that changes the graph must change them on the next request, and a
// repeated request must not scan again.
func TestAggregatesFollowTheGraphVersion(t *testing.T) {
	a := newAPI(t)
	s := storetest.Seeded(t)
	ctx := context.Background()
	const q = `{ counts(label: INITIATIVE, by: BOUWSTEEN) { key count } stats { relations { type count } } }`
	type answer struct {
		Counts []struct {
			Key   string
			Count int
		}
		Stats struct {
			Relations []struct {
				Type  string
				Count int
			}
		}
	}
	embodies := func(x answer) (buckets, rels int) {
		for _, b := range x.Counts {
			buckets += b.Count
		}
		for _, r := range x.Stats.Relations {
			if r.Type == "EMBODIES" {
				rels = r.Count
			}
		}
		return
	}
	var before answer
	a.must(q, nil, &before)
	a.must(q, nil, &before)
	if n := a.queries.Load(); n != 2 { // one version check per field, no scan
		t.Errorf("a repeated aggregate request cost %d round trips, want 2 version checks", n)
	}
	b0, r0 := embodies(before)
	if b0 == 0 || r0 == 0 {
		t.Fatalf("no EMBODIES in the seeds (buckets %d, relations %d); the test needs some", b0, r0)
	}

	// Load the seeds without one initiative's EMBODIES relation, then put them back.
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := storetest.Load(ctx, s); err != nil {
			t.Errorf("restore the seeds: %v", err)
		}
	})
	for i, r := range ds.Relations {
		if r.Type == "EMBODIES" && len(r.From) > len("initiative-") && r.From[:len("initiative-")] == "initiative-" {
			ds.Relations = append(ds.Relations[:i], ds.Relations[i+1:]...)
			break
		}
	}
	if _, err := s.Seed(ctx, ds); err != nil {
		t.Fatal(err)
	}
	var after answer
	a.must(q, nil, &after)
	b1, r1 := embodies(after)
	if b1 != b0-1 || r1 != r0-1 {
		t.Errorf("after removing one EMBODIES: buckets sum %d → %d, relations %d → %d; want one less each", b0, b1, r0, r1)
	}
}
