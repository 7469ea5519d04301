// Package analysis holds the graph algorithms MAO Graph computes in Go rather than in Cypher,
// so that they need no database plugins (APOC, GDS) and run the same on Aura Free: explained
// initiative similarity and betweenness centrality. It is pure: data in, results out.
package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// Weights of the similarity reasons. Bouwstenen weigh most: sharing a principle is the
// strongest sign two initiatives work alike; text similarity is a cosine in [0,1] scaled up.
const (
	WeightBouwsteen     = 3.0
	WeightTheme         = 1.5
	WeightTargetGroup   = 1.0
	WeightPartnerSector = 0.5
	WeightRegion        = 1.0
	WeightText          = 3.0
	minTextCosine       = 0.05
)

// Similar ranks the initiatives most like the one with id focus, leaving out focus's own family
// (its parts, wholes, siblings and lineage: being alike is no news there). names gives
// readable names for the ids in the features (bouwstenen, themes, regions) and the names of
// people and organisations: no word of a region's, person's or organisation's name is ever a
// text reason. It returns nil, false when focus is not among the features. Ties are broken by
// id, so the answer is deterministic.
func Similar(features []model.InitiativeFeatures, names map[string]string, focus string, first int) ([]*model.SimilarInitiative, bool) {
	var me *model.InitiativeFeatures
	at := -1
	for i := range features {
		if features[i].ID == focus {
			me, at = &features[i], i
		}
	}
	if me == nil {
		return nil, false
	}
	vecs := tfidf(features, nameWords(names))
	kin := map[string]bool{}
	for _, m := range newKinship(features).family(at) {
		kin[m.InitiativeID] = true
	}
	var out []*model.SimilarInitiative
	for i := range features {
		other := &features[i]
		if other.ID == focus || kin[other.ID] {
			continue
		}
		if s := scored(me, other, vecs[me.ID], vecs[other.ID], names); s != nil {
			out = append(out, s)
		}
	}
	return rank(out, first), true
}

// scored compares two initiatives: its reasons and their sum, or nil when they share nothing.
func scored(a, b *model.InitiativeFeatures, va, vb map[string]float64, names map[string]string) *model.SimilarInitiative {
	reasons := compare(a, b, va, vb, names)
	if len(reasons) == 0 {
		return nil
	}
	score := 0.0
	for _, r := range reasons {
		score += r.Weight
	}
	return &model.SimilarInitiative{FromID: a.ID, InitiativeID: b.ID, Score: round(score), Reasons: reasons}
}

// rank orders by score, then id (so the answer is deterministic), and keeps the first n.
func rank(out []*model.SimilarInitiative, first int) []*model.SimilarInitiative {
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].InitiativeID < out[b].InitiativeID
	})
	if len(out) > first {
		out = out[:first]
	}
	return out
}

func compare(a, b *model.InitiativeFeatures, va, vb map[string]float64, names map[string]string) []*model.SimilarityReason {
	var rs []*model.SimilarityReason
	nameList := func(ids []string) string {
		ns := make([]string, len(ids))
		for i, id := range ids {
			ns[i] = "“" + names[id] + "”"
		}
		return strings.Join(ns, ", ")
	}
	if ids := intersect(a.Bouwstenen, b.Bouwstenen); len(ids) > 0 {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindBouwsteen, Weight: WeightBouwsteen * float64(len(ids)),
			Description: fmt.Sprintf("Beide brengen dezelfde bouwsteen in praktijk: %s.", nameList(ids)), SharedIDs: ids, Values: []string{}})
	}
	if ids := intersect(a.Themes, b.Themes); len(ids) > 0 {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindTheme, Weight: WeightTheme * float64(len(ids)),
			Description: fmt.Sprintf("Beide gaan over %s.", nameList(ids)), SharedIDs: ids, Values: []string{}})
	}
	if vals := intersect(lowerAll(a.TargetGroups), lowerAll(b.TargetGroups)); len(vals) > 0 {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindTargetGroup, Weight: WeightTargetGroup * float64(len(vals)),
			Description: fmt.Sprintf("Beide richten zich op %s.", strings.Join(vals, ", ")), SharedIDs: []string{}, Values: vals})
	}
	if vals := intersect(a.Sectors, b.Sectors); len(vals) > 0 {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindPartnerSector, Weight: WeightPartnerSector * float64(len(vals)),
			Description: fmt.Sprintf("Beide werken met partners uit de sector %s.", strings.Join(vals, ", ")), SharedIDs: []string{}, Values: vals})
	}
	if ids := intersect(a.Regions, b.Regions); len(ids) > 0 {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindRegion, Weight: WeightRegion,
			Description: fmt.Sprintf("Beide werken in %s.", nameList(ids)), SharedIDs: ids, Values: []string{}})
	}
	if cos, terms := cosine(va, vb); cos >= minTextCosine {
		rs = append(rs, &model.SimilarityReason{Kind: model.SimilarityKindText, Weight: round(WeightText * cos),
			Description: fmt.Sprintf("Hun beschrijvingen gebruiken dezelfde kenmerkende woorden: %s.", strings.Join(terms, ", ")),
			SharedIDs:   []string{}, Values: terms})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Weight > rs[j].Weight })
	return rs
}

// intersect returns the sorted values present in both lists.
func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, x := range b {
		if in[x] && !seen[x] {
			out = append(out, x)
			seen[x] = true
		}
	}
	sort.Strings(out)
	return out
}

func lowerAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToLower(strings.TrimSpace(x))
	}
	return out
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// stopwords are frequent Dutch words that say nothing about what an initiative does.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`aan als alle alleen alles ander andere anders bij dan dat de deze die dit door
		een eens elkaar en er ga gaan gaat geen had heb hebben heeft het hier hij hoe hun ik in is je
		jij kan kon kunnen kunt maar meer met mij mijn moet moeten naar niet niets nog nu of om omdat
		ons onze ook op over te tot uit van veel voor waar wat we wel werd werden wie wij wil worden
		wordt zal ze zelf zich zij zijn zo zoals zonder zou zouden`) {
		stopwords[w] = true
	}
}

// properNouns are the labels whose names are names of places, people and organisations: their
// words say where or who, not what an initiative does.
var properNouns = []string{model.LabelRegion, model.LabelPerson, model.LabelOrganisation}

// nameWords are the words of the names of the regions, people and organisations in names
// (told apart by their id prefix), lower-cased.
func nameWords(names map[string]string) map[string]bool {
	out := map[string]bool{}
	for id, name := range names {
		for _, l := range properNouns {
			if strings.HasPrefix(id, model.IDPrefix[l]) {
				for _, w := range words(name) {
					out[w] = true
				}
			}
		}
	}
	return out
}

// isName reports whether w is a word of a name or an inflection of one ("haagse" of "haag").
func isName(w string, names map[string]bool) bool {
	if names[w] {
		return true
	}
	r := []rune(w)
	for n := len(r) - 1; n >= 4 && n >= len(r)-3; n-- {
		if names[string(r[:n])] {
			return true
		}
	}
	return false
}

func words(text string) []string {
	ws := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	out := ws[:0]
	for _, w := range ws {
		if w = strings.Trim(w, "-"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// tokens are the words of text that can be a text reason: at least four letters, not a
// stopword, not a word of a name.
func tokens(text string, names map[string]bool) []string {
	ws := words(text)
	out := ws[:0]
	for _, w := range ws {
		if len([]rune(w)) >= 4 && !stopwords[w] && !isName(w, names) {
			out = append(out, w)
		}
	}
	return out
}

// tfidf gives each initiative a unit-length vector of term weights over its own text, without
// the words of names.
func tfidf(features []model.InitiativeFeatures, names map[string]bool) map[string]map[string]float64 {
	df := map[string]int{}
	tfs := make([]map[string]float64, len(features))
	for i, f := range features {
		tf := map[string]float64{}
		for _, t := range tokens(f.Text, names) {
			tf[t]++
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
	}
	n := float64(len(features))
	out := make(map[string]map[string]float64, len(features))
	for i, f := range features {
		v := map[string]float64{}
		norm := 0.0
		for t, c := range tfs[i] {
			w := (1 + math.Log(c)) * math.Log(1+n/float64(df[t]))
			v[t] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for t := range v {
			v[t] /= norm
		}
		out[f.ID] = v
	}
	return out
}

// cosine returns the similarity of two unit vectors and the five terms contributing most.
func cosine(a, b map[string]float64) (float64, []string) {
	type term struct {
		t string
		w float64
	}
	var shared []term
	sum := 0.0
	for t, wa := range a {
		if wb, ok := b[t]; ok {
			sum += wa * wb
			shared = append(shared, term{t, wa * wb})
		}
	}
	sort.Slice(shared, func(i, j int) bool {
		if shared[i].w != shared[j].w {
			return shared[i].w > shared[j].w
		}
		return shared[i].t < shared[j].t
	})
	var terms []string
	for i := 0; i < len(shared) && i < 5; i++ {
		terms = append(terms, shared[i].t)
	}
	return sum, terms
}

// Index answers Similar for one set of features without scoring every initiative: it keeps the
// TF-IDF vectors and inverted lists (bouwsteen, theme, target group, sector, region and term to
// initiatives), adds up an estimate of every score that can be non-zero in one pass over the
// focus's lists, and computes the exact reasons (compare, as Similar does) only for the few
// initiatives whose estimate can reach the top. The answers equal Similar's.
type Index struct {
	features []model.InitiativeFeatures
	names    map[string]string
	pos      map[string]int
	vecs     map[string]map[string]float64
	lists    [5]map[string][]int32 // bouwsteen, theme, target group, sector, region -> initiatives
	terms    map[string][]posting
	pool     sync.Pool // *scratch
	kinship  kinship
}

type posting struct {
	i int32
	w float64
}

// The inverted lists and the weight one shared value adds (regions count once, see compare).
const (
	listBouwsteen = iota
	listTheme
	listTargetGroup
	listSector
	listRegion
)

var listWeight = [5]float64{WeightBouwsteen, WeightTheme, WeightTargetGroup, WeightPartnerSector, 0}

// NewIndex builds the index; features and names are kept, not copied.
func NewIndex(features []model.InitiativeFeatures, names map[string]string) *Index {
	ix := &Index{features: features, names: names, pos: make(map[string]int, len(features)),
		vecs: tfidf(features, nameWords(names)), terms: map[string][]posting{}, kinship: newKinship(features)}
	for k := range ix.lists {
		ix.lists[k] = map[string][]int32{}
	}
	for i := range features {
		f := &features[i]
		ix.pos[f.ID] = i
		for k, vals := range ix.values(f) {
			for _, v := range vals {
				ix.lists[k][v] = append(ix.lists[k][v], int32(i))
			}
		}
		for t, w := range ix.vecs[f.ID] {
			ix.terms[t] = append(ix.terms[t], posting{int32(i), w})
		}
	}
	return ix
}

// values returns an initiative's distinct values per list.
func (ix *Index) values(f *model.InitiativeFeatures) [5][]string {
	return [5][]string{distinct(f.Bouwstenen), distinct(f.Themes), distinct(lowerAll(f.TargetGroups)), distinct(f.Sectors), distinct(f.Regions)}
}

func distinct(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Bounds of the estimate: the exact score rounds the text reason and the total to 0.001 and
// sums in another order (down), and a cosine within rounding of minTextCosine may fall on the
// other side of it (up).
const (
	estimateDown = 0.01
	estimateUp   = WeightText*minTextCosine + 0.01
)

// scratch is one request's working space over every initiative of an index: dense arrays
// rather than maps, since at size L a focus shares a sector or a common word with most of
// the network. mark says which entries belong to the current request (gen), so nothing has
// to be cleared between requests.
type scratch struct {
	gen     uint32
	mark    []uint32
	kin     []uint32 // gen when the initiative is of the focus's family
	est     []float64
	dot     []float64
	region  []bool
	touched []int32
}

func (ix *Index) scratch() *scratch {
	if sc, ok := ix.pool.Get().(*scratch); ok {
		return sc
	}
	n := len(ix.features)
	return &scratch{mark: make([]uint32, n), kin: make([]uint32, n), est: make([]float64, n), dot: make([]float64, n), region: make([]bool, n)}
}

// touch makes i part of this request, zeroing what an earlier request left there.
func (sc *scratch) touch(i int32) {
	if sc.mark[i] != sc.gen {
		sc.mark[i] = sc.gen
		sc.est[i], sc.dot[i], sc.region[i] = 0, 0, false
		sc.touched = append(sc.touched, i)
	}
}

// Name returns the name of the initiative with id; false when it is not one of the index.
func (ix *Index) Name(id string) (string, bool) {
	i, ok := ix.pos[id]
	if !ok {
		return "", false
	}
	return ix.features[i].Name, true
}

// Family returns the family of the initiative with id focus, which Similar leaves out; false
// when focus is not an initiative of the index.
func (ix *Index) Family(focus string) ([]*model.FamilyMember, bool) {
	me, ok := ix.pos[focus]
	if !ok {
		return nil, false
	}
	return ix.kinship.family(me), true
}

// Similar returns what Similar(features, names, focus, first) returns.
func (ix *Index) Similar(focus string, first int) ([]*model.SimilarInitiative, bool) {
	me, ok := ix.pos[focus]
	if !ok {
		return nil, false
	}
	f := &ix.features[me]
	sc := ix.scratch()
	defer ix.pool.Put(sc)
	sc.gen++
	if sc.gen == 0 { // wrapped: every mark may look current
		clear(sc.mark)
		clear(sc.kin)
		sc.gen = 1
	}
	// The family is marked, not looked up per candidate: a request touches most initiatives
	// at L, and reading each one's features to ask made kinship most of its time.
	ix.kinship.mark(me, ix.pos, sc.kin, sc.gen)
	kin := func(i int) bool { return sc.kin[i] == sc.gen }
	sc.touched = sc.touched[:0]
	for k, vals := range ix.values(f) {
		for _, v := range vals {
			for _, i := range ix.lists[k][v] {
				sc.touch(i)
				if k == listRegion {
					sc.region[i] = true
				} else {
					sc.est[i] += listWeight[k]
				}
			}
		}
	}
	for t, w := range ix.vecs[f.ID] {
		for _, p := range ix.terms[t] {
			sc.touch(p.i)
			sc.dot[p.i] += w * p.w
		}
	}
	// The estimates, and the first-th largest lower bound among them (a min-heap of the first
	// largest): every initiative of the true top has an estimate of at least that minus
	// estimateDown.
	top := make(minHeap, 0, first+1)
	for _, i := range sc.touched {
		if i == int32(me) || kin(int(i)) {
			continue
		}
		e := sc.est[i]
		if sc.region[i] {
			e += WeightRegion
		}
		if d := sc.dot[i]; d >= minTextCosine-1e-9 {
			e += WeightText * d
		}
		sc.est[i] = e
		if first > 0 {
			top.push(e-estimateUp, first)
		}
	}
	cut := math.Inf(-1)
	if first > 0 && len(top) == first { // the first-th largest exists
		cut = top[0] - estimateDown
	}
	var out []*model.SimilarInitiative
	for _, i := range sc.touched {
		if i == int32(me) || kin(int(i)) || sc.est[i] < cut {
			continue
		}
		other := &ix.features[i]
		if s := scored(f, other, ix.vecs[f.ID], ix.vecs[other.ID], ix.names); s != nil {
			out = append(out, s)
		}
	}
	return rank(out, first), true
}

// minHeap keeps the largest values pushed, up to a size; its root is the smallest of them.
type minHeap []float64

func (h *minHeap) push(v float64, size int) {
	if len(*h) < size {
		*h = append(*h, v)
		for i := len(*h) - 1; i > 0; {
			p := (i - 1) / 2
			if (*h)[p] <= (*h)[i] {
				break
			}
			(*h)[p], (*h)[i] = (*h)[i], (*h)[p]
			i = p
		}
		return
	}
	if v <= (*h)[0] {
		return
	}
	(*h)[0] = v
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(*h) && (*h)[l] < (*h)[m] {
			m = l
		}
		if r < len(*h) && (*h)[r] < (*h)[m] {
			m = r
		}
		if m == i {
			return
		}
		(*h)[m], (*h)[i] = (*h)[i], (*h)[m]
		i = m
	}
}
