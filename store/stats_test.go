package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// Unpruned counts: every path for every label, as the list filters write them. The store's
// counts leave out the paths the vocabulary rules out for a label; they must give the same
// buckets.
var unprunedCounts = map[model.Dimension]string{
	model.DimensionRegion: `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:LOCATED_IN|PART_OF*0..6]->(r:Region) RETURN r
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|ORGANISED|PRESENTED_AT]->()-[:LOCATED_IN|PART_OF*1..6]->(r:Region) RETURN r
}
RETURN r.id AS key, count(DISTINCT n) AS count`,
	model.DimensionTheme: `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:ABOUT]->(t:Theme) RETURN t
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]->()-[:ABOUT]->(t:Theme) RETURN t
}
RETURN t.id AS key, count(DISTINCT n) AS count`,
	model.DimensionBouwsteen: `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:EMBODIES]->(b:Bouwsteen) RETURN b
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]->()-[:EMBODIES]->(b:Bouwsteen) RETURN b
}
RETURN b.id AS key, count(DISTINCT n) AS count`,
}

func TestCountsPrunedByVocabularyGiveTheSameBuckets(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	nonEmpty, pruned := 0, 0
	for dim, full := range unprunedCounts {
		for _, label := range model.Labels {
			t.Run(string(dim)+" "+label, func(t *testing.T) {
				want := map[string]int64{}
				res, err := neo4j.ExecuteQuery(ctx, rawDriver(t), fmt.Sprintf(full, label), nil, neo4j.EagerResultTransformer)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res.Records {
					m := r.AsMap()
					want[m["key"].(string)] = m["count"].(int64)
				}
				got, err := s.Counts(ctx, label, dim)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Errorf("%d buckets, want %d: %v", len(got), len(want), want)
				}
				for _, b := range got {
					if want[b.Key] != int64(b.Count) {
						t.Errorf("bucket %s: %d, want %d", b.Key, b.Count, want[b.Key])
					}
				}
				if len(want) > 0 {
					nonEmpty++
				}
				if q := store.CountQueryText(dim, label); q == "" || len(q) < len(full) {
					pruned++
				}
			})
		}
	}
	if nonEmpty < 8 || pruned == 0 {
		t.Errorf("%d label×dimension pairs have buckets and %d queries are pruned: the comparison proves little", nonEmpty, pruned)
	}
}
