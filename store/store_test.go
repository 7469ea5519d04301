package store_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func parseSeeds(t *testing.T) *model.Dataset {
	t.Helper()
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatalf("loader.Parse(seeds) error: %v", err)
	}
	return ds
}

// snapshot returns every node and relationship with all properties, in a stable order: two
// equal snapshots mean the database is exactly as it was.
// rawDriver opens a driver of its own, for what the store deliberately cannot do (read every
// property, tamper with the meta node).
func rawDriver(t *testing.T) neo4j.DriverWithContext {
	t.Helper()
	cfg := storetest.Config(t)
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close(context.Background()) })
	return d
}

func snapshot(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	d := rawDriver(t)
	var rows []string
	for _, q := range []string{
		`MATCH (n) RETURN labels(n) AS l, properties(n) AS p`,
		`MATCH (a)-[r]->(b) RETURN [type(r), a.id, b.id] AS l, properties(r) AS p`,
	} {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			t.Fatalf("snapshot: %v", err)
		}
		for _, rec := range res.Records {
			// When the graph was last loaded is not part of the graph.
			if p, ok := rec.Values[1].(map[string]any); ok {
				delete(p, "loadedAt")
			}
			b, _ := json.Marshal(rec.Values)
			rows = append(rows, string(b))
		}
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}

func seed(t *testing.T, s *store.Store, ds *model.Dataset) *store.SeedSummary {
	t.Helper()
	sum, err := s.Seed(context.Background(), ds)
	if err != nil {
		t.Fatalf("Seed error: %v", err)
	}
	return sum
}

func TestSeedCountsMatchTheSeeds(t *testing.T) {
	s := storetest.MustOpen(t)
	ds := parseSeeds(t)
	seed(t, s, ds)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantNodes := map[string]int{}
	for _, n := range ds.Nodes {
		wantNodes[strings.ToUpper(n.Label)]++
	}
	gotNodes := map[string]int{}
	for _, c := range st.Nodes {
		gotNodes[string(c.Label)] = c.Count
	}
	for label, want := range wantNodes {
		if gotNodes[label] != want {
			t.Errorf("nodes with label %s = %d, want %d", label, gotNodes[label], want)
		}
	}
	wantRels := map[string]int{}
	for _, r := range ds.Relations {
		wantRels[r.Type]++
	}
	for _, c := range st.Relations {
		if c.Count != wantRels[string(c.Type)] {
			t.Errorf("relationships %s = %d, want %d", c.Type, c.Count, wantRels[string(c.Type)])
		}
	}
	if st.Mentions != len(ds.Mentions) {
		t.Errorf("mentions = %d, want %d", st.Mentions, len(ds.Mentions))
	}
}

func TestSeedTwiceChangesNothing(t *testing.T) {
	s := storetest.MustOpen(t)
	ds := parseSeeds(t)
	seed(t, s, ds)
	before := snapshot(t)
	sum := seed(t, s, parseSeeds(t))
	if !sum.Unchanged || sum.PropertiesSet != 0 || sum.NodesCreated != 0 || sum.RelsCreated != 0 {
		t.Errorf("second Seed summary = %+v, want nothing changed", sum)
	}
	if after := snapshot(t); after != before {
		t.Errorf("second Seed changed the database")
	}
}

func TestSeedRemovesWhatTheSeedsNoLongerHave(t *testing.T) {
	s := storetest.MustOpen(t)
	full := parseSeeds(t)
	seed(t, s, full)
	original := snapshot(t)

	// Drop Hajar Oumansour (with her relations and mentions), one relation, and change a name.
	const gone = "person-hajar-oumansour"
	smaller := &model.Dataset{}
	var droppedRel string
	for _, n := range full.Nodes {
		if n.ID == gone {
			continue
		}
		if n.ID == "org-cello" {
			props := map[string]any{}
			for k, v := range n.Props {
				props[k] = v
			}
			props["name"] = "Cello (hernoemd)"
			n.Props = props
		}
		smaller.Nodes = append(smaller.Nodes, n)
	}
	for _, r := range full.Relations {
		if r.From == gone || r.To == gone {
			continue
		}
		if droppedRel == "" && r.Type == "WORKS_FOR" {
			droppedRel = r.ID
			continue
		}
		smaller.Relations = append(smaller.Relations, r)
	}
	for _, m := range full.Mentions {
		if m.Node != gone {
			smaller.Mentions = append(smaller.Mentions, m)
		}
	}
	sum := seed(t, s, smaller)
	if sum.NodesDeleted != 1 {
		t.Errorf("NodesDeleted = %d, want 1", sum.NodesDeleted)
	}
	ctx := context.Background()
	got, err := s.NodesByIDs(ctx, []string{gone, "org-cello"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[gone]; ok {
		t.Errorf("%s still in the graph after it was removed from the seeds", gone)
	}
	if n := got["org-cello"]; n == nil || n.GetName() != "Cello (hernoemd)" {
		t.Errorf("org-cello after rename = %v, want name Cello (hernoemd)", n)
	}
	if strings.Contains(snapshot(t), droppedRel) {
		t.Errorf("relation %s still in the graph after it was removed from the seeds", droppedRel)
	}

	seed(t, s, full)
	if snapshot(t) != original {
		t.Errorf("loading the full seeds again did not restore the original graph")
	}
}

// TestSeedIsAllOrNothing makes Neo4j reject the last batch of a load; nothing of the load may
// remain, not even the nodes of the earlier batches.
func TestSeedIsAllOrNothing(t *testing.T) {
	s := storetest.MustOpen(t)
	seed(t, s, parseSeeds(t))
	before := snapshot(t)

	bad := parseSeeds(t)
	bad.Nodes[0].Props["name"] = "changed, and must be rolled back"
	bad.Nodes = append(bad.Nodes, model.SeedNode{ID: "theme-poison", Label: model.LabelTheme,
		Props: map[string]any{"name": "poison", "nested": map[string]any{"maps": "are not property values"}}})
	if _, err := s.Seed(context.Background(), bad); err == nil {
		t.Fatal("Seed with a map-valued property succeeded; want Neo4j to reject it")
	}
	if snapshot(t) != before {
		t.Error("a failed Seed left changes in the database")
	}
}

func TestSeedRefusesNewerFormat(t *testing.T) {
	s := storetest.MustOpen(t)
	seed(t, s, parseSeeds(t))
	ctx := context.Background()
	d := rawDriver(t)
	setFormat := func(f int) {
		if _, err := neo4j.ExecuteQuery(ctx, d, `MATCH (m:SeedMeta {id: 'seed'}) SET m.format = $f`, map[string]any{"f": f}, neo4j.EagerResultTransformer); err != nil {
			t.Fatal(err)
		}
	}
	setFormat(model.SeedFormat + 1)
	defer setFormat(model.SeedFormat)
	before := snapshot(t)
	_, err := s.Seed(ctx, parseSeeds(t))
	if err == nil || !strings.Contains(err.Error(), "newer than this build's format") {
		t.Errorf("Seed over a newer-format graph error = %v, want a refusal naming the format", err)
	}
	if snapshot(t) != before {
		t.Error("a refused Seed changed the database")
	}
}

// TestSpotChecks asks the questions issue #3 names of the loaded graph.
func TestSpotChecks(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	rel := func(id string, q model.RelQuery) []*model.RelationEdge {
		t.Helper()
		got, err := s.Relations(ctx, q, []string{id}, model.RelWindow{N: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return got[id].Edges
	}
	names := func(es []*model.RelationEdge, role string) []string {
		var out []string
		for _, e := range es {
			if role == "" || (e.Role != nil && *e.Role == role) {
				out = append(out, e.Node.GetName())
			}
		}
		sort.Strings(out)
		return slices.Compact(out)
	}
	in := func(types ...string) model.RelQuery {
		q := model.RelQuery{}
		for _, ty := range types {
			q.Pairs = append(q.Pairs, model.RelPair{Type: ty, Dir: "IN"})
		}
		return q
	}

	t.Run("who leads Veens Welzijn", func(t *testing.T) {
		got := names(rel("org-veens-welzijn", in("LEADS")), "")
		if !slices.Equal(got, []string{"Peet de Graaf"}) {
			t.Errorf("leaders of Veens Welzijn = %v, want [Peet de Graaf]", got)
		}
	})
	t.Run("the three core schools of Veenendaal", func(t *testing.T) {
		got := names(rel("initiative-lerende-praktijk-veenendaal", in("PARTNER_IN")), "kernschool")
		want := []string{"Aan de Basis", "De Vlieger", "Johannes Calvijn"}
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || !strings.HasPrefix(got[2], want[2]) {
			t.Errorf("kernscholen = %v, want %v", got, want)
		}
	})
	t.Run("where Dialoogsessie #6 took place", func(t *testing.T) {
		got, err := s.NodesByIDs(ctx, []string{"event-dialoogsessie-6"})
		if err != nil {
			t.Fatal(err)
		}
		ev, _ := got["event-dialoogsessie-6"].(*model.Event)
		if ev == nil || ev.Place == nil || *ev.Place != "Pakhuis de Zwijger" || ev.Date != "2021-06-29" {
			t.Errorf("Dialoogsessie #6 = %+v, want Pakhuis de Zwijger on 2021-06-29", ev)
		}
	})
	t.Run("which bouwstenen come from Foodvalley", func(t *testing.T) {
		es := rel("initiative-passende-samenwerking-foodvalley", model.RelQuery{Pairs: []model.RelPair{{Type: "EMBODIES", Dir: "OUT"}}})
		var nums []int
		for _, e := range es {
			nums = append(nums, e.Node.(*model.Bouwsteen).Number)
		}
		sort.Ints(nums)
		if !slices.Equal(nums, []int{1, 2}) {
			t.Errorf("Foodvalley's bouwstenen = %v, want [1 2] (ouders de hoofdrol; eerst inhoud, dan geld)", nums)
		}
		for _, e := range es {
			if e.Evidence == nil || e.Evidence.Quote == "" || e.Evidence.DocumentID != "doc-mao-dialoog-6" {
				t.Errorf("EMBODIES %s has evidence %+v, want a quote from the dialogue session", e.Node.GetID(), e.Evidence)
			}
		}
	})
	t.Run("who works with Monique Kuik on ouderpartnerschap", func(t *testing.T) {
		var projects []string
		for _, e := range rel("person-monique-kuik", model.RelQuery{Pairs: []model.RelPair{{Type: "INVOLVED_IN", Dir: "OUT"}}}) {
			if strings.Contains(strings.ToLower(e.Node.GetName()), "ouderpartnerschap") {
				projects = append(projects, e.Node.GetID())
			}
		}
		if len(projects) != 1 {
			t.Fatalf("Monique Kuik's ouderpartnerschap projects = %v, want one", projects)
		}
		got := names(rel(projects[0], in("INVOLVED_IN", "COORDINATES", "LEADS")), "")
		if !slices.Equal(got, []string{"Hajar Oumansour", "Monique Kuik"}) {
			t.Errorf("people on %s = %v, want [Hajar Oumansour Monique Kuik]", projects[0], got)
		}
	})
}
