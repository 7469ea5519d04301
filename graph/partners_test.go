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
	const query = `query($id: ID!, $asOf: Date) { learningPartners(id: $id, first: 5, asOf: $asOf) {
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

// TestAsOf checks the asOf date on the network, paths and learning partners: before the first
// dated document they answer nothing; on a later date only what documents dated by then state.
func TestAsOf(t *testing.T) {
	a := newAPI(t)
	const query = `query($asOf: Date, $focus: ID, $id: ID!) {
	  learningNetwork(focus: $focus, depth: 3, asOf: $asOf) { nodes { id } edges { id evidence { document { id date } } } }
	  paths(from: "person-peet-de-graaf", to: "org-veens-welzijn", asOf: $asOf) { length }
	  learningPartners(id: $id, asOf: $asOf) { node { id } reasons { focusEvidence { document { id date } } peerEvidence { document { id date } } } } }`
	type doc struct {
		Document struct {
			ID   string  `json:"id"`
			Date *string `json:"date"`
		} `json:"document"`
	}
	type answer struct {
		LearningNetwork struct {
			Nodes []named `json:"nodes"`
			Edges []struct {
				ID       string `json:"id"`
				Evidence doc    `json:"evidence"`
			} `json:"edges"`
		} `json:"learningNetwork"`
		Paths            []struct{ Length int } `json:"paths"`
		LearningPartners []struct {
			Node    named `json:"node"`
			Reasons []struct {
				FocusEvidence []doc `json:"focusEvidence"`
				PeerEvidence  []doc `json:"peerEvidence"`
			} `json:"reasons"`
		} `json:"learningPartners"`
	}
	tests := []struct {
		name, asOf string
		focus      *string
		id         string
		empty      bool
	}{
		{"before the first document, whole network", "1999-12-31", nil, "initiative-buitenkans", true},
		{"before the first document, focused", "1999-12-31", strPtr("initiative-lerende-praktijk-veenendaal"), "region-veenendaal", true},
		{"after the dated documents", "2024-01-01", nil, "initiative-buitenkans", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got answer
			a.must(query, map[string]any{"asOf": tt.asOf, "focus": tt.focus, "id": tt.id}, &got)
			n := len(got.LearningNetwork.Nodes) + len(got.LearningNetwork.Edges) + len(got.Paths) + len(got.LearningPartners)
			if tt.empty && n != 0 {
				t.Fatalf("asOf %s answered %+v, want nothing", tt.asOf, got)
			}
			if !tt.empty && (len(got.LearningNetwork.Edges) == 0 || len(got.LearningPartners) == 0) {
				t.Fatalf("asOf %s answered %+v, want edges and partners", tt.asOf, got)
			}
			check := func(what string, d doc) {
				if d.Document.Date == nil || *d.Document.Date > tt.asOf {
					t.Errorf("asOf %s: %s from %s dated %v", tt.asOf, what, d.Document.ID, d.Document.Date)
				}
			}
			for _, e := range got.LearningNetwork.Edges {
				check("edge "+e.ID, e.Evidence)
			}
			for _, p := range got.LearningPartners {
				for _, r := range p.Reasons {
					for _, d := range append(r.FocusEvidence, r.PeerEvidence...) {
						check("partner "+p.Node.ID, d)
					}
				}
			}
		})
	}
}

func strPtr(s string) *string { return &s }

// TestTimeline checks an entity's timeline: earliest first with undated facts last, each with
// its quote; nothing before the first dated document; time-respecting learning paths answer.
func TestTimeline(t *testing.T) {
	a := newAPI(t)
	const query = `query($asOf: Date) {
	  timeline(id: "initiative-buitenkans", asOf: $asOf) { date type direction other { id } evidence { quote document { id date } } }
	  learningPaths(from: "initiative-samenwerking-passend-onderwijs-en-jeugdhulp", to: "initiative-buitenkans", asOf: $asOf) { length steps { type evidence { quote } } } }`
	type entry struct {
		Date     *string `json:"date"`
		Type     *string `json:"type"`
		Evidence struct {
			Quote    string `json:"quote"`
			Document struct {
				Date *string `json:"date"`
			} `json:"document"`
		} `json:"evidence"`
	}
	var got struct {
		Timeline      []entry `json:"timeline"`
		LearningPaths []struct {
			Length int `json:"length"`
		} `json:"learningPaths"`
	}
	a.must(query, nil, &got)
	if len(got.Timeline) == 0 || len(got.LearningPaths) == 0 {
		t.Fatalf("timeline and learningPaths of Buitenkans = %+v, want facts and a path", got)
	}
	for i, e := range got.Timeline {
		if e.Evidence.Quote == "" || (e.Date == nil) != (e.Evidence.Document.Date == nil) {
			t.Errorf("timeline[%d] = %+v: want a quote and the document's date", i, e)
		}
		if i > 0 {
			prev := got.Timeline[i-1]
			if prev.Date == nil && e.Date != nil || prev.Date != nil && e.Date != nil && *prev.Date > *e.Date {
				t.Errorf("timeline not earliest first at %d: %v after %v", i, e.Date, prev.Date)
			}
		}
	}
	a.must(query, map[string]any{"asOf": "1999-12-31"}, &got)
	if len(got.Timeline) != 0 || len(got.LearningPaths) != 0 {
		t.Errorf("asOf 1999-12-31: timeline %+v, paths %+v, want nothing", got.Timeline, got.LearningPaths)
	}
}
