package analysis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// kinship knows which initiatives are parts of which parent (an initiative or a programme), so
// that an initiative's siblings (the other parts of its parents) are found when they are
// needed: a programme with n parts has n² sibling pairs, too many to list for every initiative.
type kinship struct {
	features []model.InitiativeFeatures
	parts    map[string][]int32 // parent id -> positions of its parts among features
}

func newKinship(features []model.InitiativeFeatures) kinship {
	k := kinship{features: features, parts: map[string][]int32{}}
	for i := range features {
		for _, p := range features[i].Parents {
			k.parts[p] = append(k.parts[p], int32(i))
		}
	}
	return k
}

// tieRank orders the ties from the closest: a part before a whole before a sibling before
// a lineage.
var tieRank = func() map[model.FamilyTieKind]int {
	m := map[model.FamilyTieKind]int{}
	for i, t := range model.AllFamilyTieKind {
		m[t] = i
	}
	return m
}()

// family returns the family of the initiative at position me: its own members and its
// siblings, each once by its closest tie, in the order of the ties and then of the ids.
func (k kinship) family(me int) []*model.FamilyMember {
	f := &k.features[me]
	tie := make(map[string]model.FamilyTieKind, len(f.Family))
	closer := func(id string, t model.FamilyTieKind) {
		if id == f.ID {
			return
		}
		if old, ok := tie[id]; !ok || tieRank[t] < tieRank[old] {
			tie[id] = t
		}
	}
	for _, m := range f.Family {
		closer(m.InitiativeID, m.Tie)
	}
	for _, p := range f.Parents {
		for _, i := range k.parts[p] {
			closer(k.features[i].ID, model.FamilyTieKindSibling)
		}
	}
	out := make([]*model.FamilyMember, 0, len(tie))
	for id, t := range tie {
		out = append(out, &model.FamilyMember{InitiativeID: id, Tie: t})
	}
	slices.SortFunc(out, func(a, b *model.FamilyMember) int {
		return cmp.Or(cmp.Compare(tieRank[a.Tie], tieRank[b.Tie]), strings.Compare(a.InitiativeID, b.InitiativeID))
	})
	return out
}

// mark sets marks[i] = gen for every initiative i of the family of the one at position me
// (pos maps ids to positions): its own members and the parts of its parents, not itself; the
// members family lists, without building the list (Index.Similar asks on every request).
// TestIndexEqualsSimilar holds the two to the same answer (Similar asks family).
func (k kinship) mark(me int, pos map[string]int, marks []uint32, gen uint32) {
	f := &k.features[me]
	for _, m := range f.Family {
		if i, ok := pos[m.InitiativeID]; ok {
			marks[i] = gen
		}
	}
	for _, p := range f.Parents {
		for _, i := range k.parts[p] {
			marks[i] = gen
		}
	}
	if marks[me] == gen {
		marks[me] = gen - 1 // a part of its own parent, but not its own kin
	}
}
