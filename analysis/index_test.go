package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// TestIndexEqualsSimilar checks the indexed similarity against the full scan on random
// networks, for every initiative as focus and several page sizes.
func TestIndexEqualsSimilar(t *testing.T) {
	words := []string{"ouders", "school", "thuiszitters", "samenwerking", "jeugdhulp", "wijkteam", "leerkracht",
		"verzuim", "preventie", "armoede", "kinderen", "gemeente", "onderwijs", "zorg", "talent"}
	pick := func(r *rand.Rand, from []string, n int) []string {
		var out []string
		for range r.IntN(n + 1) {
			out = append(out, from[r.IntN(len(from))])
		}
		return out
	}
	for seed := range uint64(5) {
		r := rand.New(rand.NewPCG(seed, 7))
		var fs []model.InitiativeFeatures
		for i := range 150 {
			text := ""
			for _, w := range pick(r, words, 8) {
				text += w + " "
			}
			fs = append(fs, model.InitiativeFeatures{
				ID: fmt.Sprintf("initiative-%03d", i), Name: fmt.Sprint(i), Text: text,
				TargetGroups: pick(r, []string{"Ouders", "ouders ", "jongeren", "leerlingen vo"}, 2),
				Bouwstenen:   pick(r, []string{"b1", "b2", "b3", "b4", "b5", "b6"}, 2),
				Themes:       pick(r, []string{"t1", "t2", "t3", "t4"}, 2),
				Sectors:      pick(r, []string{"school", "zorg", "welzijn"}, 3),
				Regions:      pick(r, []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"}, 2),
			})
			if i%10 == 3 { // a family of three, left out of each other's lists
				fs[i].Family = []*model.FamilyMember{{InitiativeID: fmt.Sprintf("initiative-%03d", i-1), Tie: model.FamilyTieKindPart},
					{InitiativeID: fmt.Sprintf("initiative-%03d", i-2), Tie: model.FamilyTieKindSibling}}
			}
			if i%7 == 2 { // parts of a few programmes: siblings of each other
				fs[i].Parents = []string{fmt.Sprintf("programme-%d", i%3)}
			}
		}
		ix := NewIndex(fs, map[string]string{})
		for _, f := range fs {
			for _, first := range []int{1, 5, 50} {
				want, _ := Similar(fs, map[string]string{}, f.ID, first)
				got, _ := ix.Similar(f.ID, first)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d: Index.Similar(%q, %d) = %v, want %v", seed, f.ID, first, brief(got), brief(want))
				}
			}
		}
	}
}

func brief(s []*model.SimilarInitiative) []string {
	var out []string
	for _, x := range s {
		out = append(out, fmt.Sprintf("%s=%v", x.InitiativeID, x.Score))
	}
	return out
}
