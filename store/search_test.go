package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"thuiszitters", "thuiszit"},
		{"thuiszittende", "thuiszit"},
		{"ouders", "ouder"},
		{"ouder", "ouder"},
		{"betrokkenheid", "betrok"},
		{"ouderbetrokkenheid", "ouderbetrok"},
		{"kinderen", "kind"},
		{"wijk", "wijk"},
		{"zorg", "zorg"},
	}
	for _, tt := range tests {
		if got := store.Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandedQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"thuiszitters", "thuiszitters^2 thuiszit* *thuiszit*"},
		{"Ouders!", "ouders^2 ouder*"},
		{"wijk", "wijk^2 wijk*"},
		{"de", "de^2"},
		{`name:"x AND (`, "name^2 name* x^2 and^2"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := store.ExpandedQuery(tt.in); got != tt.want {
			t.Errorf("ExpandedQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggestions(t *testing.T) {
	vocab := map[string]int{"thuiszitters": 2, "veenendaal": 5, "ouders": 3, "ouderbetrokkenheid": 1, "almere": 1, "alkmaar": 1}
	tests := []struct {
		name  string
		words []string
		want  []string
	}{
		{"one typo", []string{"thuiszittrs"}, []string{"thuiszitters"}},
		{"swapped letters", []string{"veenednaal"}, []string{"veenendaal"}},
		{"known words need no suggestion", []string{"ouders", "veenendaal"}, []string{}},
		{"an inflection of a known word is known", []string{"ouder"}, []string{}},
		{"only the unknown word changes", []string{"ouders", "almre"}, []string{"ouders almere"}},
		{"too far off", []string{"xyzzy"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.Suggestions(tt.words, vocab, 3); !slices.Equal(got, tt.want) {
				t.Errorf("Suggestions(%q) = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestSearchFindsThroughLinksAndInflections(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		query   string
		labels  []string
		want    string // an id among the hits
		wantVia string // the match it was found through; "" when its own text matches
	}{
		{"linked to the theme", "thuiszitters", []string{model.LabelInitiative}, "initiative-flexarrangement-zuid-kennemerland", "theme-thuiszitters"},
		{"own text still first-class", "thuiszitters", []string{model.LabelInitiative}, "initiative-holland-rijnland-methode", ""},
		{"a theme's initiatives", "ouderbetrokkenheid", []string{model.LabelInitiative}, "initiative-koffieochtenden-veenendaal", "theme-ouderbetrokkenheid"},
		{"inflection", "thuiszitters", []string{model.LabelBouwsteen}, "bouwsteen-mao-dialoog-6-5", ""},
		{"compound", "betrokkenheid", []string{model.LabelTheme}, "theme-ouderbetrokkenheid", ""},
		{"through a bouwsteen", "thuiszittende", []string{model.LabelInitiative}, "initiative-dagklas-zuid-kennemerland", "bouwsteen-mao-dialoog-6-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.query, tt.labels, 50)
			if err != nil {
				t.Fatalf("Search(%q) error: %v", tt.query, err)
			}
			var ids []string
			for _, h := range hits {
				ids = append(ids, h.Node.GetID())
				if !slices.Contains(tt.labels, labelOf(h.Node)) {
					t.Errorf("Search(%q, %v) returned %s, a %s", tt.query, tt.labels, h.Node.GetID(), labelOf(h.Node))
				}
				if !strings.Contains(h.Snippet, "<mark>") {
					t.Errorf("Search(%q): hit %s snippet %q has no <mark>", tt.query, h.Node.GetID(), h.Snippet)
				}
				if h.Node.GetID() != tt.want {
					continue
				}
				via := ""
				if h.Via != nil {
					via = h.Via.GetID()
				}
				if via != tt.wantVia {
					t.Errorf("Search(%q): %s via %q, want via %q", tt.query, tt.want, via, tt.wantVia)
				}
			}
			if !slices.Contains(ids, tt.want) {
				t.Errorf("Search(%q, %v) = %v, want %s among them", tt.query, tt.labels, ids, tt.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	s := storetest.Seeded(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"thuiszittrs", []string{"thuiszitters"}},
		{"veenendal", []string{"veenendaal"}},
		{"ouders in veenendaal", []string{}},
		{"qqqqqq", []string{}},
	}
	for _, tt := range tests {
		got, err := s.Suggest(context.Background(), tt.query, 3)
		if err != nil {
			t.Fatalf("Suggest(%q) error: %v", tt.query, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

// labelOf is the label of an entity, by its id prefix.
func labelOf(e model.Entity) string {
	for l, p := range model.IDPrefix {
		if strings.HasPrefix(e.GetID(), p) {
			return l
		}
	}
	return ""
}
