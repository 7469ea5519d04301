package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// familyFeatures builds features for TestSimilarSetsApartFamilyAndNames: a programme's two parts, its
// predecessor, and an unrelated initiative alike in words; Den Haag and Henny are names.
func familyFeatures() ([]model.InitiativeFeatures, map[string]string) {
	text := "Henny werkt in Den Haag en de Haagse wijken aan ouderbetrokkenheid, schoolverzuim en welbevinden van leerlingen."
	fs := []model.InitiativeFeatures{
		{ID: "initiative-buitenkans", Text: text, Themes: []string{"theme-verzuim"}, Family: []*model.FamilyMember{
			{InitiativeID: "initiative-deel-a", Tie: model.FamilyTieKindPart},
			{InitiativeID: "initiative-deel-b", Tie: model.FamilyTieKindPart},
			{InitiativeID: "initiative-voorloper", Tie: model.FamilyTieKindLineage},
		}},
		{ID: "initiative-deel-a", Text: text, Themes: []string{"theme-verzuim"}},
		{ID: "initiative-deel-b", Text: text, Themes: []string{"theme-verzuim"}},
		{ID: "initiative-voorloper", Text: text, Themes: []string{"theme-verzuim"}},
		{ID: "initiative-elders", Text: "Ouderbetrokkenheid en schoolverzuim in Henny's Haagse praktijk.", Themes: []string{"theme-verzuim"}},
		{ID: "initiative-ander", Text: "Iets heel anders over sport."},
	}
	names := map[string]string{
		"theme-verzuim": "verzuim", "region-den-haag": "Den Haag", "person-henny-van-egmond": "Henny van Egmond", "org-yolk": "Yolk",
	}
	return fs, names
}

func TestSimilarSetsApartFamilyAndNames(t *testing.T) {
	fs, names := familyFeatures()
	ix := NewIndex(fs, names)
	for name, got := range bothWays(fs, names, ix, "initiative-buitenkans", 5) {
		var ids []string
		for _, s := range got {
			ids = append(ids, s.InitiativeID)
			for _, r := range s.Reasons {
				for _, v := range r.Values {
					if strings.Contains(v, "haag") || strings.Contains(v, "henny") {
						t.Errorf("%s: reason %q of %s comes from a name", name, v, s.InitiativeID)
					}
				}
			}
		}
		if want := []string{"initiative-elders"}; !slices.Equal(ids, want) {
			t.Errorf("%s(buitenkans) = %v, want %v (family left out)", name, ids, want)
		}
	}
	fam, ok := ix.Family("initiative-buitenkans")
	if !ok || len(fam) != 3 || fam[0].InitiativeID != "initiative-deel-a" || fam[2].Tie != model.FamilyTieKindLineage {
		t.Errorf("Family(buitenkans) = %+v, want the two parts, then the predecessor", fam)
	}
	if _, ok := ix.Family("initiative-onbekend"); ok {
		t.Errorf("Family(unknown) ok = true, want false")
	}
}

// bothWays asks the full scan and the index the same question, by name.
func bothWays(fs []model.InitiativeFeatures, names map[string]string, ix *Index, focus string, first int) map[string][]*model.SimilarInitiative {
	return map[string][]*model.SimilarInitiative{
		"Similar":       must(Similar(fs, names, focus, first)),
		"Index.Similar": must(ix.Similar(focus, first)),
	}
}

func must(s []*model.SimilarInitiative, ok bool) []*model.SimilarInitiative {
	if !ok {
		return nil
	}
	return s
}

// TestSiblingsFollowFromParents: initiatives with a parent in common (an initiative or a
// programme) are each other's siblings, family by the closest tie, and left out of similar.
func TestSiblingsFollowFromParents(t *testing.T) {
	text := "Ouderbetrokkenheid en schoolverzuim in het voortgezet onderwijs."
	fs := []model.InitiativeFeatures{
		{ID: "initiative-deel-a", Text: text, Parents: []string{"initiative-geheel", "programme-x"}, Family: []*model.FamilyMember{
			{InitiativeID: "initiative-geheel", Tie: model.FamilyTieKindWhole},
			{InitiativeID: "initiative-deel-b", Tie: model.FamilyTieKindLineage}, // a sibling too: the closer tie wins
		}},
		{ID: "initiative-deel-b", Text: text, Parents: []string{"initiative-geheel"}},
		{ID: "initiative-zus", Text: text, Parents: []string{"programme-x"}},
		{ID: "initiative-geheel", Text: text},
		{ID: "initiative-elders", Text: text, Parents: []string{"programme-y"}},
	}
	ix := NewIndex(fs, nil)
	fam, _ := ix.Family("initiative-deel-a")
	var got []string
	for _, m := range fam {
		got = append(got, m.InitiativeID+" "+string(m.Tie))
	}
	want := []string{"initiative-geheel WHOLE", "initiative-deel-b SIBLING", "initiative-zus SIBLING"}
	if !slices.Equal(got, want) {
		t.Errorf("Family(deel-a) = %v, want %v", got, want)
	}
	if fam, _ := ix.Family("initiative-zus"); len(fam) != 1 || fam[0].InitiativeID != "initiative-deel-a" {
		t.Errorf("Family(zus) = %+v, want deel-a as its sibling (through programme-x)", fam)
	}
	for name, res := range bothWays(fs, nil, ix, "initiative-deel-a", 5) {
		var ids []string
		for _, s := range res {
			ids = append(ids, s.InitiativeID)
		}
		if !slices.Equal(ids, []string{"initiative-elders"}) {
			t.Errorf("%s(deel-a) = %v, want only initiative-elders (family left out)", name, ids)
		}
	}
}
