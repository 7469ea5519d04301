package analysis

import (
	"reflect"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

func TestLearningPathsRespectTime(t *testing.T) {
	rel := func(id, typ, from, to, doc string) model.GraphRelation {
		return model.GraphRelation{ID: id, Type: typ, From: from, To: to, Evidence: model.Evidence{Quote: id, DocumentID: doc}}
	}
	g := &model.LearningGraph{
		DocumentDates: map[string]string{"doc-2020": "2020-01-01", "doc-2021": "2021-01-01", "doc-undated": ""},
		Relations: []model.GraphRelation{
			rel("r1", model.Inspires, "a", "b", "doc-2020"),   // a → b in 2020
			rel("r2", model.LearnsFrom, "c", "b", "doc-2021"), // b → c in 2021
			rel("r3", model.Inspires, "c", "d", "doc-2020"),   // c → d in 2020: before b → c
			rel("r4", model.Inspires, "a", "d", "doc-undated"),
			rel("r5", model.Inspires, "b", "d", "doc-2021"), // b → d in 2021
		},
	}
	ids := func(ps [][]InfluenceStep) [][]string {
		out := [][]string{}
		for _, p := range ps {
			var s []string
			for _, st := range p {
				s = append(s, st.Relation.ID)
			}
			out = append(out, s)
		}
		return out
	}
	tests := []struct {
		from, to string
		want     [][]string
	}{
		{"a", "c", [][]string{{"r1", "r2"}}},
		{"a", "d", [][]string{{"r1", "r5"}}}, // not r4 (undated), not r1 r2 r3 (c inspired d before b inspired c)
		{"b", "d", [][]string{{"r5"}}},
		{"d", "a", [][]string{}},
	}
	for _, tt := range tests {
		if got := ids(LearningPaths(g, tt.from, tt.to, 4, 5)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LearningPaths(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestTimelineEarliestFirst(t *testing.T) {
	g := &model.LearningGraph{
		DocumentDates: map[string]string{"doc-2020": "2020-01-01", "doc-2021": "2021-01-01", "doc-undated": ""},
		Nodes:         []model.GraphNode{{ID: "a", Document: "doc-2021", Evidence: []model.Evidence{{Quote: "A.", DocumentID: "doc-2021"}}}},
		Relations: []model.GraphRelation{
			{ID: "r1", Type: model.Inspires, From: "a", To: "b", Evidence: model.Evidence{Quote: "late", DocumentID: "doc-2021"}},
			{ID: "r2", Type: model.Inspires, From: "a", To: "b", Evidence: model.Evidence{Quote: "early", DocumentID: "doc-2020"}},
			{ID: "r3", Type: "ABOUT", From: "a", To: "t", Evidence: model.Evidence{Quote: "undated", DocumentID: "doc-undated"}},
			{ID: "r4", Type: "ABOUT", From: "x", To: "t", Evidence: model.Evidence{Quote: "other", DocumentID: "doc-2020"}},
		},
	}
	var got []string
	for _, f := range Timeline(g, "a") {
		got = append(got, f.Date+" "+f.Evidence.Quote)
	}
	want := []string{"2020-01-01 early", "2021-01-01 A.", " undated"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline(a) = %q, want %q", got, want)
	}
	if Timeline(g, "nobody") != nil {
		t.Error("Timeline of an unknown id is not nil")
	}
}
