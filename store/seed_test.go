package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// exec runs a statement with a driver of its own, for what the store deliberately cannot do.
func exec(t *testing.T, q string, params map[string]any) *neo4j.EagerResult {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), rawDriver(t), q, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

func queryInt(t *testing.T, q string, params map[string]any) (int, bool) {
	t.Helper()
	res := exec(t, q, params)
	if len(res.Records) == 0 {
		return 0, false
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "n")
	return int(n), err == nil
}

// counts are a load's write counters.
type counts struct{ nodesCreated, nodesDeleted, relsCreated, relsDeleted int }

func countsOf(s *store.SeedSummary) counts {
	return counts{s.NodesCreated, s.NodesDeleted, s.RelsCreated, s.RelsDeleted}
}

// TestSeedWritesOnlyWhatChanged loads the seeds, then a changed copy: the load creates,
// updates and deletes exactly what changed, in place, and loading the seeds again restores
// the graph.
func TestSeedWritesOnlyWhatChanged(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	seed(t, s, full)
	original := snapshot(t)

	firstRel := func(ds *model.Dataset, withRole bool) *model.SeedRelation {
		for i := range ds.Relations {
			if (ds.Relations[i].Role != "") == withRole {
				return &ds.Relations[i]
			}
		}
		t.Fatalf("the seeds have no relation with role = %v", withRole)
		return nil
	}
	relProp := func(id, prop string) any {
		res := exec(t, `MATCH ()-[r]->() WHERE r.id = $id RETURN r[$prop] AS v`, map[string]any{"id": id, "prop": prop})
		if len(res.Records) != 1 {
			t.Fatalf("relationship %s: %d found, want 1", id, len(res.Records))
		}
		return res.Records[0].Values[0]
	}
	// A pair of node and document with at least two occurrences: the last one is dropped.
	var pairNode, pairDoc string
	for i := 1; i < len(full.Mentions); i++ {
		a, b := full.Mentions[i-1], full.Mentions[i]
		if a.Node == b.Node && a.Document == b.Document {
			pairNode, pairDoc = a.Node, a.Document
			break
		}
	}

	tests := []struct {
		name     string
		change   func(ds *model.Dataset)
		want     counts
		maxProps int // properties set, at most (0: none)
		check    func(t *testing.T, s *store.Store)
	}{
		{
			name:   "an unchanged second load sets nothing",
			change: func(*model.Dataset) {},
			check: func(t *testing.T, s *store.Store) {
				if snapshot(t) != original {
					t.Error("an unchanged load changed the graph")
				}
			},
		},
		{
			name: "nodes, relations and mentions in another order change nothing",
			change: func(ds *model.Dataset) {
				r := rand.New(rand.NewPCG(1, 2))
				r.Shuffle(len(ds.Mentions), func(i, j int) { ds.Mentions[i], ds.Mentions[j] = ds.Mentions[j], ds.Mentions[i] })
				slices.Reverse(ds.Relations)
				slices.Reverse(ds.Nodes)
			},
			check: func(t *testing.T, s *store.Store) {
				if snapshot(t) != original {
					t.Error("the same dataset in another order changed the graph")
				}
			},
		},
		{
			name: "a changed relation quote is set in place",
			change: func(ds *model.Dataset) {
				firstRel(ds, false).Quote = "een gewijzigd citaat"
			},
			maxProps: 6,
			check: func(t *testing.T, s *store.Store) {
				if got := relProp(firstRel(full, false).ID, "quote"); got != "een gewijzigd citaat" {
					t.Errorf("quote after the load = %v, want the changed quote", got)
				}
			},
		},
		{
			name: "a relation's role removed is removed from the graph",
			change: func(ds *model.Dataset) {
				firstRel(ds, true).Role = ""
			},
			maxProps: 7,
			check: func(t *testing.T, s *store.Store) {
				if got := relProp(firstRel(full, true).ID, "role"); got != nil {
					t.Errorf("role after the load = %v, want none", got)
				}
			},
		},
		{
			name: "a node's new label replaces its old one",
			change: func(ds *model.Dataset) {
				ds.Nodes[programme(ds)].Label = model.LabelTheme
			},
			maxProps: 20,
			check: func(t *testing.T, s *store.Store) {
				id := full.Nodes[programme(full)].ID
				res := exec(t, `MATCH (n:Node {id: $id}) RETURN labels(n) AS l`, map[string]any{"id": id})
				if got := res.Records[0].Values[0]; !slices.Equal(got.([]any), []any{"Node", "Theme"}) {
					t.Errorf("labels of %s after its label changed to Theme = %v, want [Node Theme]", id, got)
				}
			},
		},
		{
			name: "an occurrence fewer updates its mention relationship",
			change: func(ds *model.Dataset) {
				last := -1
				for i, m := range ds.Mentions {
					if m.Node == pairNode && m.Document == pairDoc {
						last = i
					}
				}
				ds.Mentions = slices.Delete(ds.Mentions, last, last+1)
			},
			maxProps: 4,
			check: func(t *testing.T, s *store.Store) {
				got, err := s.Mentions(context.Background(), []string{pairNode})
				if err != nil {
					t.Fatal(err)
				}
				want := 0
				for _, m := range full.Mentions {
					if m.Node == pairNode {
						want++
					}
				}
				if len(got[pairNode]) != want-1 {
					t.Errorf("Mentions(%s) = %d mentions, want %d", pairNode, len(got[pairNode]), want-1)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := parseSeeds(t)
			tt.change(ds)
			sum := seed(t, s, ds)
			if got := countsOf(sum); got != tt.want {
				t.Errorf("Seed(changed) wrote %+v, want %+v", got, tt.want)
			}
			if sum.PropertiesSet > tt.maxProps || (tt.maxProps > 0) == (sum.PropertiesSet == 0) {
				t.Errorf("Seed(changed) set %d properties, want %s", sum.PropertiesSet,
					map[bool]string{true: "none", false: "some, at most " + strconv.Itoa(tt.maxProps)}[tt.maxProps == 0])
			}
			if sum.Unchanged != (tt.maxProps == 0) {
				t.Errorf("Seed(changed).Unchanged = %v, want %v", sum.Unchanged, tt.maxProps == 0)
			}
			tt.check(t, s)
			seed(t, s, full)
			if snapshot(t) != original {
				t.Error("loading the seeds again did not restore the original graph")
			}
		})
	}
}

// programme returns the index of the first programme among the dataset's nodes.
func programme(ds *model.Dataset) int {
	for i, n := range ds.Nodes {
		if n.Label == model.LabelProgramme {
			return i
		}
	}
	panic("the seeds have no programme")
}

// toFormat1 rewrites the graph as seed format 1 wrote it: one MENTIONED_IN relationship per
// occurrence with its offset, text and a stored snippet, no row hashes, format 1 on the meta
// node.
func toFormat1(t *testing.T) {
	t.Helper()
	exec(t, `MATCH (n:Node)-[m:MENTIONED_IN]->(d:Document)
UNWIND range(0, size(m.offsets) - 1) AS i
CREATE (n)-[:MENTIONED_IN {id: 'mention|' + n.id + '|' + d.id + '|' + toString(m.offsets[i]),
  document: d.id, offset: m.offsets[i], text: substring(d.text, m.offsets[i], m.lengths[i]), snippet: 'a stored snippet'}]->(d)
WITH DISTINCT m DELETE m`, nil)
	exec(t, `MATCH (n:Node) REMOVE n.seedHash`, nil)
	exec(t, `MATCH (:Node)-[r]->(:Node) REMOVE r.seedHash`, nil)
	exec(t, `MATCH (m:SeedMeta {id: 'seed'}) SET m.format = 1`, nil)
}

// TestSeedUpgradesFormat1Graph: a graph written by format 1 is read right by this build, and
// its first load replaces the per-occurrence mentions with one relationship per entity and
// document, giving exactly the graph a load into format 2 gives.
func TestSeedUpgradesFormat1Graph(t *testing.T) {
	s := storetest.MustOpen(t)
	ctx := context.Background()
	ds := parseSeeds(t)
	seed(t, s, ds)
	want := snapshot(t)
	byNode, _ := wantMentions(ds)

	toFormat1(t)
	if got := countRels(t, model.MentionedIn); got != len(ds.Mentions) {
		t.Fatalf("the format-1 graph has %d MENTIONED_IN, want one per occurrence: %d", got, len(ds.Mentions))
	}
	t.Run("format 1 is read", func(t *testing.T) {
		ids := make([]string, 0, len(byNode))
		for id := range byNode {
			ids = append(ids, id)
		}
		got, err := s.Mentions(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if !slices.EqualFunc(got[id], byNode[id], func(a, b *model.Mention) bool { return *a == *b }) {
				t.Errorf("Mentions(%q) on format 1 = %s, want %s", id, show(got[id]), show(byNode[id]))
			}
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mentions != len(ds.Mentions) {
			t.Errorf("Stats().Mentions on format 1 = %d, want %d", st.Mentions, len(ds.Mentions))
		}
	})

	sum := seed(t, s, ds)
	pairs := sum.MentionPairs
	if sum.RelsDeleted-sum.RelsCreated != len(ds.Mentions)-pairs || sum.NodesCreated != 0 || sum.NodesDeleted != 0 {
		t.Errorf("upgrade load = %+v, want %d occurrence relationships replaced by %d pair relationships", countsOf(sum), len(ds.Mentions), pairs)
	}
	if got := countRels(t, model.MentionedIn); got != pairs {
		t.Errorf("after the upgrade MENTIONED_IN = %d, want %d", got, pairs)
	}
	if n, _ := queryInt(t, `MATCH ()-[m:MENTIONED_IN]->() WHERE m.id IS NOT NULL OR m.snippet IS NOT NULL OR m.offset IS NOT NULL OR m.text IS NOT NULL RETURN count(m) AS n`, nil); n != 0 {
		t.Errorf("%d MENTIONED_IN still carry format-1 properties", n)
	}
	if n, _ := queryInt(t, `MATCH (m:SeedMeta {id: 'seed'}) RETURN m.format AS n`, nil); n != model.SeedFormat {
		t.Errorf("meta format after the upgrade = %d, want %d", n, model.SeedFormat)
	}
	if snapshot(t) != want {
		t.Error("the upgraded graph differs from a format-2 load of the same seeds")
	}
	if sum := seed(t, s, ds); !sum.Unchanged {
		t.Errorf("a second load after the upgrade = %+v, want nothing changed", countsOf(sum))
	}
}
