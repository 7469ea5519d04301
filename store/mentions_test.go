package store_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/passage"
	"github.com/metandereogen/maograph/store/storetest"
)

// wantMentions expands the loader's occurrences into the Mention objects the API must answer,
// with each snippet cut from the whole document text, in the order of Store.Mentions (by
// document, then offset) and Store.MentionsIn (by offset, then entity).
func wantMentions(ds *model.Dataset) (byNode, byDoc map[string][]*model.Mention) {
	texts := map[string][]rune{}
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			texts[n.ID] = []rune(n.Props["text"].(string))
		}
	}
	byNode, byDoc = map[string][]*model.Mention{}, map[string][]*model.Mention{}
	for _, m := range ds.Mentions {
		text := texts[m.Document]
		mention := &model.Mention{NodeID: m.Node, DocumentID: m.Document, Offset: m.Offset, Text: m.Text,
			Snippet: passage.Around(text, 0, len(text), m.Offset, m.Offset+len([]rune(m.Text)))}
		byNode[m.Node] = append(byNode[m.Node], mention)
		byDoc[m.Document] = append(byDoc[m.Document], mention)
	}
	for _, ms := range byNode {
		slices.SortFunc(ms, func(a, b *model.Mention) int {
			return cmpOr(strings.Compare(a.DocumentID, b.DocumentID), a.Offset-b.Offset)
		})
	}
	for _, ms := range byDoc {
		slices.SortFunc(ms, func(a, b *model.Mention) int {
			return cmpOr(a.Offset-b.Offset, strings.Compare(a.NodeID, b.NodeID))
		})
	}
	return byNode, byDoc
}

func cmpOr(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

// format1Mentions reads what the format-1 loader (commit f6a72ed, which stored one
// relationship per occurrence with its snippet) produced for the curated seeds: node,
// document, offset, text and snippet per occurrence, keyed by node|document|offset.
func format1Mentions(t *testing.T) map[string]*model.Mention {
	t.Helper()
	f, err := os.Open("testdata/mentions-format1.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]*model.Mention{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row []any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil || len(row) != 5 {
			t.Fatalf("testdata/mentions-format1.jsonl: %q: %v", sc.Text(), err)
		}
		m := &model.Mention{NodeID: row[0].(string), DocumentID: row[1].(string), Offset: int(row[2].(float64)),
			Text: row[3].(string), Snippet: row[4].(string)}
		out[mentionKey(m)] = m
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mentionKey(m *model.Mention) string {
	return fmt.Sprintf("%s|%s|%d", m.NodeID, m.DocumentID, m.Offset)
}

// TestMentionsRoundTrip: the occurrences the loader finds in the real seeds come back from
// the store, stored as one relationship per entity and document, as the same Mention objects
// (offset, text, snippet, entity, document) in the same order as when every occurrence was a
// relationship of its own with a stored snippet.
func TestMentionsRoundTrip(t *testing.T) {
	s := storetest.MustOpen(t)
	ds := parseSeeds(t)
	seed(t, s, ds)
	ctx := context.Background()
	byNode, byDoc := wantMentions(ds)
	old := format1Mentions(t)
	// The fixture knows the entities of its time; entities curated since (publications,
	// meeting formats, planned events) have mentions it cannot hold, compared only with the
	// loader's (wantMentions) above.
	known := map[string]bool{}
	for _, m := range old {
		known[m.NodeID] = true
	}
	ofKnown := 0
	for _, m := range ds.Mentions {
		if known[m.Node] {
			ofKnown++
		}
	}
	if len(old) != ofKnown {
		t.Errorf("the loader finds %d mentions of the fixture's entities in the seeds, the format-1 loader found %d", ofKnown, len(old))
	}

	tests := []struct {
		name string
		want map[string][]*model.Mention
		get  func(ctx context.Context, ids []string) (map[string][]*model.Mention, error)
	}{
		{"Mentions of every entity", byNode, s.Mentions},
		{"MentionsIn every document", byDoc, s.MentionsIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := make([]string, 0, len(tt.want))
			for id := range tt.want {
				ids = append(ids, id)
			}
			got, err := tt.get(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, id := range ids {
				if !slices.EqualFunc(got[id], tt.want[id], func(a, b *model.Mention) bool { return *a == *b }) {
					t.Errorf("%s(%q) = %s, want %s", tt.name, id, show(got[id]), show(tt.want[id]))
				}
				for _, m := range got[id] {
					if !known[m.NodeID] {
						continue
					}
					n++
					if o := old[mentionKey(m)]; o == nil || *o != *m {
						t.Errorf("mention %s = %+v, the format-1 loader stored %+v", mentionKey(m), *m, o)
					}
				}
			}
			if n != len(old) {
				t.Errorf("%s returned %d mentions of the fixture's entities, want the %d the format-1 loader stored", tt.name, n, len(old))
			}
		})
	}

	// One relationship per entity and document; stats still count occurrences.
	pairs := map[string]bool{}
	for _, m := range ds.Mentions {
		pairs[m.Node+"|"+m.Document] = true
	}
	if got := countRels(t, "MENTIONED_IN"); got != len(pairs) {
		t.Errorf("MENTIONED_IN relationships = %d, want one per entity and document: %d", got, len(pairs))
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mentions != len(ds.Mentions) {
		t.Errorf("Stats().Mentions = %d, want the %d occurrences", st.Mentions, len(ds.Mentions))
	}
}

func show(ms []*model.Mention) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "\n  %+v", *m)
	}
	return b.String()
}

func countRels(t *testing.T, typ string) int {
	t.Helper()
	n, _ := queryInt(t, `MATCH ()-[r]->() WHERE type(r) = $type RETURN count(r) AS n`, map[string]any{"type": typ})
	return n
}
