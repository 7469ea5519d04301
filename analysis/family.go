package analysis

import (
	"slices"

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
		if d := tieRank[a.Tie] - tieRank[b.Tie]; d != 0 {
			return d
		}
		switch {
		case a.InitiativeID < b.InitiativeID:
			return -1
		case a.InitiativeID > b.InitiativeID:
			return 1
		}
		return 0
	})
	return out
}

// kin says whether the initiative at position i is of the family of the one at position me.
// It asks for no list of the family: a candidate is a sibling when one of its few parents is
// one of me's, so checking costs the same in a programme of three parts or of thousands.
func (k kinship) kin(me int) func(i int) bool {
	f := &k.features[me]
	own := make(map[string]bool, len(f.Family))
	for _, m := range f.Family {
		own[m.InitiativeID] = true
	}
	return func(i int) bool {
		if i == me {
			return false
		}
		o := &k.features[i]
		if own[o.ID] {
			return true
		}
		for _, p := range o.Parents {
			if slices.Contains(f.Parents, p) {
				return true
			}
		}
		return false
	}
}

// mark sets marks[i] = gen for every initiative i of the family of the one at position me
// (pos maps ids to positions): its own members and the parts of its parents, not itself.
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
