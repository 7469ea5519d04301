package store_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// The counts run the routes of the membership table pruned by the vocabulary; every route as
// written must give the same buckets, direct and total.
func TestCountsPrunedByVocabularyGiveTheSameBuckets(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	var nonEmpty, pruned atomic.Int64
	// The label × dimension pairs only read the seeds: they run in parallel subtests, and
	// the group returns when all are done, so the totals below see every pair.
	t.Run("pairs", func(t *testing.T) {
		for _, dim := range model.Dimensions {
			for _, label := range model.Labels {
				t.Run(string(dim)+" "+label, func(t *testing.T) {
					t.Parallel()
					full := store.UnprunedCountQuery(dim, label)
					want, wantDirect := map[string]int64{}, map[string]int64{}
					if full != "" {
						res, err := neo4j.ExecuteQuery(ctx, rawDriver(t), full, nil, neo4j.EagerResultTransformer)
						if err != nil {
							t.Fatal(err)
						}
						for _, r := range res.Records {
							m := r.AsMap()
							want[m["key"].(string)] = m["total"].(int64)
							wantDirect[m["key"].(string)] = m["direct"].(int64)
						}
					}
					got, err := s.Counts(ctx, label, dim, "")
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != len(want) {
						t.Errorf("%d buckets, want %d: %v", len(got), len(want), want)
					}
					for _, b := range got {
						if want[b.Key] != int64(b.Total) || wantDirect[b.Key] != int64(b.Direct) {
							t.Errorf("bucket %s: %d (%d direct), want %d (%d direct)", b.Key, b.Total, b.Direct, want[b.Key], wantDirect[b.Key])
						}
					}
					if len(want) > 0 {
						nonEmpty.Add(1)
					}
					if q := store.CountQueryText(dim, label); q == "" || len(q) < len(full) {
						pruned.Add(1)
					}
				})
			}
		}
	})
	if nonEmpty.Load() < 8 || pruned.Load() == 0 {
		t.Errorf("%d label×dimension pairs have buckets and %d queries are pruned: the comparison proves little", nonEmpty.Load(), pruned.Load())
	}
}
