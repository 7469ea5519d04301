package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
)

// TestPlanRefusesUnwritableRows: a relationship or mention the load could not write (its
// type outside the vocabulary, an end that is not a node of the dataset) stops the load
// before it touches the graph, naming the row.
func TestPlanRefusesUnwritableRows(t *testing.T) {
	nodes := []model.SeedNode{
		{ID: "org", Label: model.LabelOrganisation, Props: map[string]any{"name": "Org"}},
		{ID: "ini", Label: model.LabelInitiative, Props: map[string]any{"name": "Ini"}},
		{ID: "doc", Label: model.LabelDocument, Props: map[string]any{"name": "Doc"}},
	}
	rel := func(typ, from, to string) model.SeedRelation {
		return model.SeedRelation{ID: typ + "|" + from + "|" + to, Type: typ, From: from, To: to, Document: "doc"}
	}
	tests := []struct {
		name      string
		relations []model.SeedRelation
		mentions  []model.SeedMention
		want      string // "" : accepted
	}{
		{"writable", []model.SeedRelation{rel("PARTNER_IN", "org", "ini")}, []model.SeedMention{{Node: "ini", Document: "doc", Text: "Ini"}}, ""},
		{"type outside the vocabulary", []model.SeedRelation{rel("LIKES", "org", "ini")}, nil, `relationship LIKES|org|ini has unknown type "LIKES"`},
		{"from end missing", []model.SeedRelation{rel("PARTNER_IN", "nobody", "ini")}, nil, "relationship PARTNER_IN|nobody|ini: an end is not in the dataset"},
		{"to end missing", []model.SeedRelation{rel("PARTNER_IN", "org", "nothing")}, nil, "relationship PARTNER_IN|org|nothing: an end is not in the dataset"},
		{"mentioned node missing", nil, []model.SeedMention{{Node: "ghost", Document: "doc", Text: "Ghost"}}, "mention of ghost in doc: an end is not in the dataset"},
		{"mentioning document missing", nil, []model.SeedMention{{Node: "ini", Document: "lost", Text: "Ini"}}, "mention of ini in lost: an end is not in the dataset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newPlan(&model.Dataset{Nodes: nodes, Relations: tt.relations, Mentions: tt.mentions})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("newPlan: %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("newPlan: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestRowHashesAreStable pins the fingerprint of a fixed synthetic network. The row hashes
// are stored in the graph: if they change, the next load of every graph rewrites it whole.
// A change that means to change them bumps rowHashVersion and this value with it.
func TestRowHashesAreStable(t *testing.T) {
	_, p := planOfXS(t)
	const want = "35e93bc82853034ff514d061f52f5da6eaa57c2b136c63588c244dc184e7dca0"
	if p.datasetID != want {
		t.Errorf("the fingerprint of synth.XS seed 3 is %s, want %s", p.datasetID, want)
	}
}

// TestPlanPairsMentionsInAnyOrder: mentions in another order than the loader's (shuffled,
// documents reversed, an occurrence twice) give the same pairs and hashes as the loader's
// order.
func TestPlanPairsMentionsInAnyOrder(t *testing.T) {
	ds, want := planOfXS(t)
	reorder := map[string]func([]model.SeedMention) []model.SeedMention{
		"shuffled": func(ms []model.SeedMention) []model.SeedMention {
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			return ms
		},
		"reversed": func(ms []model.SeedMention) []model.SeedMention { slices.Reverse(ms); return ms },
		"a node's occurrences apart in a document": func(ms []model.SeedMention) []model.SeedMention {
			for i := 0; i+2 < len(ms); i++ {
				a, b, c := ms[i], ms[i+1], ms[i+2]
				if a.Document == c.Document && a.Node == b.Node && b.Node != c.Node {
					ms[i+1], ms[i+2] = c, b
					return ms
				}
			}
			t.Fatal("no node is mentioned twice before another in one document")
			return nil
		},
		"an occurrence twice": func(ms []model.SeedMention) []model.SeedMention {
			return slices.Insert(ms, len(ms)/2, ms[len(ms)/2])
		},
	}
	for name, f := range reorder {
		t.Run(name, func(t *testing.T) {
			other := *ds
			other.Mentions = f(slices.Clone(ds.Mentions))
			got, err := newPlan(&other)
			if err != nil {
				t.Fatal(err)
			}
			if got.datasetID != want.datasetID {
				t.Errorf("fingerprint %s, want %s", got.datasetID, want.datasetID)
			}
			if len(got.pairs) != len(want.pairs) || !slices.Equal(got.out, want.out) {
				t.Errorf("%d pairs, want %d; or a node's sum of outgoing hashes differs", len(got.pairs), len(want.pairs))
			}
		})
	}
}

// planOfXS is synth.XS seed 3, the network these tests share, and its plan.
func planOfXS(t *testing.T) (*model.Dataset, *plan) {
	t.Helper()
	ds, _, err := synth.Dataset(synth.XS, 3)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlan(ds)
	if err != nil {
		t.Fatal(err)
	}
	return ds, p
}
