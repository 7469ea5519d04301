package graph_test

import (
	"encoding/json"
	"testing"
)

// TestLearningPartners asks the API for Almere's learning partners: ranked by score (the sum
// of the reasons' weights), deterministic, every reason with evidence on both sides, and bad
// arguments answered with BAD_USER_INPUT or NOT_FOUND.
func TestLearningPartners(t *testing.T) {
	a := newAPI(t)
	type ev struct {
		Quote    string `json:"quote"`
		Document struct {
			ID string `json:"id"`
		} `json:"document"`
	}
	type result struct {
		Score   float64 `json:"score"`
		Node    named   `json:"node"`
		Reasons []struct {
			Kind          string  `json:"kind"`
			Weight        float64 `json:"weight"`
			Description   string  `json:"description"`
			Shared        []named `json:"shared"`
			FocusEvidence []ev    `json:"focusEvidence"`
			PeerEvidence  []ev    `json:"peerEvidence"`
		} `json:"reasons"`
	}
	const query = `query($id: ID!, $asOf: String) { learningPartners(id: $id, first: 5, asOf: $asOf) {
	  score node { id name } reasons { kind weight description shared { id name }
	    focusEvidence { quote document { id } } peerEvidence { quote document { id } } } } }`
	var got, again struct{ LearningPartners []result }
	a.must(query, map[string]any{"id": "region-almere"}, &got)
	a.must(query, map[string]any{"id": "region-almere"}, &again)
	if len(got.LearningPartners) == 0 {
		t.Fatal("learningPartners(region-almere) is empty")
	}
	b1, _ := json.Marshal(got)
	b2, _ := json.Marshal(again)
	if string(b1) != string(b2) {
		t.Error("learningPartners gave two different answers for the same graph")
	}
	for i, p := range got.LearningPartners {
		if p.Node.ID == "programme-met-andere-ogen" {
			t.Errorf("learningPartners(region-almere) suggests %s, which Almere already learns from", p.Node.ID)
		}
		sum := 0.0
		for _, r := range p.Reasons {
			sum += r.Weight
			if len(r.FocusEvidence) == 0 || len(r.PeerEvidence) == 0 || r.FocusEvidence[0].Quote == "" || r.PeerEvidence[0].Document.ID == "" {
				t.Errorf("%s: %s reason without quotes on both sides: %+v", p.Node.ID, r.Kind, r)
			}
		}
		if d := sum - p.Score; d > 0.01 || d < -0.01 {
			t.Errorf("%s: score %v is not the sum of its reasons' weights %v", p.Node.ID, p.Score, sum)
		}
		if i > 0 && p.Score > got.LearningPartners[i-1].Score {
			t.Errorf("results not ordered by score at %d", i)
		}
	}

	tests := []struct {
		name string
		vars map[string]any
		code string
	}{
		{"unknown id", map[string]any{"id": "region-atlantis"}, "NOT_FOUND"},
		{"not a learner", map[string]any{"id": "theme-thuiszitters"}, "BAD_USER_INPUT"},
		{"bad date", map[string]any{"id": "region-almere", "asOf": "2023-13-01"}, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct{ LearningPartners []result }
			errs := a.do(query, tt.vars, &out)
			if len(errs) == 0 || errs[0].Extensions["code"] != tt.code {
				t.Errorf("learningPartners(%v) errors = %+v, want code %s", tt.vars, errs, tt.code)
			}
		})
	}
}
