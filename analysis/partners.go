package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/metandereogen/maograph/graph/model"
)

// Weights of the learning-partner reasons; a suggestion's score is the sum of its reasons'
// weights. A shared bouwsteen, theme or target group weighs its weight times its share in the
// work of each side (featureShare: 1 for an entity's own, k/n for one it takes on through k of
// the n initiatives it works on), a problem the focus names its weight times the peer's share.
// Network proximity is the Adamic–Adar index of the two entities (the sum, over the partners,
// events, programmes, initiatives, people and regions both are directly related to, of
// 1/ln(degree of that shared neighbour): a neighbour shared by few counts more than a hub),
// times WeightPartnerNetwork.
const (
	WeightPartnerBouwsteen   = 3.0
	WeightPartnerTheme       = 1.5
	WeightPartnerTargetGroup = 1.0
	WeightPartnerProblem     = 2.0
	WeightPartnerNetwork     = 2.0
	WeightPartnerContact     = 2.0
)

// partnerLabels are the labels that learn and inspire (the ends LEARNS_FROM allows): the
// entities a focus can have as learning partner.
var partnerLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range model.RelationRules[model.LearnsFrom].From {
		m[l] = true
	}
	return m
}()

// worksOn are the relations through which an entity takes on the bouwstenen, themes and
// target groups of an initiative it works on: the region it stands in, the organisations and
// people that lead, coordinate, carry or join it, the events it was presented at and the
// programmes it is part of or funded by. out says the entity is the relation's start.
var worksOn = []struct {
	typ string
	out bool
}{
	{"LOCATED_IN", false}, {"PARTNER_IN", true}, {"LEADS", true}, {"COORDINATES", true},
	{"INVOLVED_IN", true}, {"PRESENTED_AT", false}, {"PART_OF", false}, {"FUNDED_BY", false},
}

// connectorLabels are the neighbours network proximity counts: shared partners (organisations,
// people), events, programmes, initiatives and regions (working in the same municipality is
// proximity too; Adamic–Adar makes a small one count more than a province). Themes and
// bouwstenen have reasons of their own; documents are not part of the curated network.
var connectorLabels = map[string]bool{model.LabelOrganisation: true, model.LabelPerson: true, model.LabelRegion: true,
	model.LabelEvent: true, model.LabelProgramme: true, model.LabelInitiative: true}

// Feature kinds an entity has, each with the quotes that back it.
const (
	featBouwsteen = iota
	featTheme
	featTargetGroup
	nFeat
)

// feature is how an entity has a bouwsteen, theme or target group: the evidence chain, the
// initiative it has it through (-1 when it is its own), how many of the initiatives it works
// on carry it, and its share: how much of the entity's work it is (see featureShare).
type feature struct {
	ev    []model.Evidence
	via   int32
	n     int32
	share float64
}

// holder is an entity that has a feature, through which initiative (-1: its own), and the
// feature's share in the entity's work.
type holder struct {
	i, via int32
	share  float64
}

// link is one relation seen from one end: the node at the other end and the evidence.
type link struct {
	to  int32
	typ string
	out bool // the relation starts at this end
	ev  model.Evidence
}

// PartnerIndex answers learning-partner questions for one learning graph. It keeps every
// entity's features with their evidence, the inverted lists from feature to entities and the
// curated network, so that a question touches only the entities that share something with
// its focus.
type PartnerIndex struct {
	nodes              []model.GraphNode
	pos                map[string]int32
	feats              [nFeat][]map[string]feature // per entity: feature -> how it has it
	lists              [nFeat]map[string][]holder  // feature -> entities that have it
	adj                [][]link                    // curated relations, both directions
	learns             []map[int32]bool            // learning relations, both directions
	nbrs               [][]int32                   // distinct neighbours of each entity, sorted
	learner, connector []bool                      // per entity: of a partnerLabel, of a connectorLabel
	words              []problemWord               // theme names and target groups to find in text
	pool               sync.Pool                   // *partnerScratch
}

// problemWord is a theme name (or alias) or a target group, as text names it.
type problemWord struct {
	word string // lower case
	kind int    // featTheme or featTargetGroup
	key  string // theme id or target group
}

// NewPartnerIndex builds the index of a learning graph; g is kept, not copied.
func NewPartnerIndex(g *model.LearningGraph) *PartnerIndex {
	n := len(g.Nodes)
	ix := &PartnerIndex{nodes: g.Nodes, pos: make(map[string]int32, n), adj: make([][]link, n), learns: make([]map[int32]bool, n)}
	ix.learner, ix.connector = make([]bool, n), make([]bool, n)
	for i, nd := range g.Nodes {
		ix.pos[nd.ID] = int32(i)
		// Looked up per node touched by every request: kept per index, not per label string.
		ix.learner[i], ix.connector[i] = partnerLabels[nd.Label], connectorLabels[nd.Label]
	}
	for k := range ix.feats {
		ix.feats[k] = make([]map[string]feature, n)
		ix.lists[k] = map[string][]holder{}
	}
	add := func(k int, i int32, key string, ev []model.Evidence, via int32) {
		if ix.feats[k][i] == nil {
			ix.feats[k][i] = map[string]feature{}
		}
		if _, ok := ix.feats[k][i][key]; !ok {
			ix.feats[k][i][key] = feature{ev: ev, via: via}
			ix.lists[k][key] = append(ix.lists[k][key], holder{i, via, 0})
		}
	}
	// Own features: bouwstenen and themes (below, with the relations), target groups (backed
	// by the quote that names them, after the relations so that theirs are searched too).
	seenWord := map[string]bool{}
	for _, nd := range g.Nodes {
		if nd.Label == model.LabelTheme {
			for _, w := range append([]string{nd.Name}, nd.Aliases...) {
				if w = strings.ToLower(strings.TrimSpace(w)); w != "" && !seenWord["h:"+w] {
					seenWord["h:"+w] = true
					ix.words = append(ix.words, problemWord{w, featTheme, nd.ID})
				}
			}
		}
	}
	for _, r := range g.Relations {
		a, okA := ix.pos[r.From]
		b, okB := ix.pos[r.To]
		if !okA || !okB || a == b {
			continue
		}
		switch r.Type {
		case model.LearnsFrom, model.Inspires:
			for _, p := range [][2]int32{{a, b}, {b, a}} {
				if ix.learns[p[0]] == nil {
					ix.learns[p[0]] = map[int32]bool{}
				}
				ix.learns[p[0]][p[1]] = true
			}
		case "EMBODIES":
			add(featBouwsteen, a, r.To, []model.Evidence{r.Evidence}, -1)
		case "ABOUT":
			add(featTheme, a, r.To, []model.Evidence{r.Evidence}, -1)
		}
		ix.adj[a] = append(ix.adj[a], link{b, r.Type, true, r.Evidence})
		ix.adj[b] = append(ix.adj[b], link{a, r.Type, false, r.Evidence})
	}
	for i, nd := range g.Nodes {
		var theirs []model.Evidence
		for _, l := range ix.adj[i] {
			theirs = append(theirs, l.ev)
		}
		for _, tg := range nd.TargetGroups {
			key := strings.ToLower(strings.TrimSpace(tg))
			ev, ok := quoteNaming(nd.Evidence, theirs, key)
			if !ok {
				continue // no quote backs it
			}
			add(featTargetGroup, int32(i), key, []model.Evidence{ev}, -1)
			if !seenWord["t:"+key] {
				seenWord["t:"+key] = true
				ix.words = append(ix.words, problemWord{key, featTargetGroup, key})
			}
		}
	}
	// Features taken on through the initiatives an entity works on, backed by the quote of
	// the first relation to that initiative and the initiative's own quote.
	works := make([]int32, n) // distinct initiatives each entity works on
	seenWork := map[[2]int32]bool{}
	for _, r := range g.Relations {
		a, okA := ix.pos[r.From]
		b, okB := ix.pos[r.To]
		if !okA || !okB || a == b {
			continue
		}
		for _, w := range worksOn {
			if w.typ != r.Type {
				continue
			}
			me, ini := a, b
			if !w.out {
				me, ini = b, a
			}
			if g.Nodes[ini].Label != model.LabelInitiative || !partnerLabels[g.Nodes[me].Label] || seenWork[[2]int32{me, ini}] {
				continue
			}
			seenWork[[2]int32{me, ini}] = true
			works[me]++
			for k := range ix.feats {
				keys := sortedKeys(ix.feats[k][ini])
				for _, key := range keys {
					f := ix.feats[k][ini][key]
					if f.via >= 0 { // only the initiative's own features, one step away
						continue
					}
					add(k, me, key, []model.Evidence{r.Evidence, f.ev[0]}, ini)
					mf := ix.feats[k][me][key]
					mf.n++
					ix.feats[k][me][key] = mf
				}
			}
		}
	}
	for k := range ix.feats {
		for i, fs := range ix.feats[k] {
			for key, f := range fs {
				f.share = featureShare(f, works[i])
				fs[key] = f
			}
		}
		for key, hs := range ix.lists[k] {
			for j := range hs {
				hs[j].share = ix.feats[k][hs[j].i][key].share
			}
		}
	}
	sort.Slice(ix.words, func(i, j int) bool { return ix.words[i].word < ix.words[j].word })
	ix.nbrs = make([][]int32, n)
	for i, links := range ix.adj {
		var out []int32
		for _, l := range links {
			out = append(out, l.to)
		}
		slices.Sort(out)
		ix.nbrs[i] = slices.Compact(out)
	}
	return ix
}

// featureShare is how much of an entity's work a feature is: 1 when the entity has it itself
// (an initiative's own bouwsteen, a target group its own quote names), else the part of the
// initiatives it works on that carry it (k of n: k/n). A region or organisation that works on
// many initiatives takes on many features, each a small part of its work: without the share
// it would share something with everyone and crowd every ranking.
func featureShare(f feature, works int32) float64 {
	if f.via < 0 || works == 0 {
		return 1
	}
	return float64(f.n) / float64(works)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// quoteNaming returns the first of the entity's own quotes, then its relations' quotes, that
// names word; the first own quote when none does; false when the entity has no quote.
func quoteNaming(evs, relations []model.Evidence, word string) (model.Evidence, bool) {
	for _, list := range [][]model.Evidence{evs, relations} {
		for _, e := range list {
			if containsWord(strings.ToLower(e.Quote), word) {
				return e, true
			}
		}
	}
	if len(evs) > 0 {
		return evs[0], true
	}
	return model.Evidence{}, false
}

// containsWord says whether text (lower case) holds word as whole words.
func containsWord(text, word string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		from = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Has says whether id is an entity that can have learning partners.
func (ix *PartnerIndex) Has(id string) bool {
	i, ok := ix.pos[id]
	return ok && partnerLabels[ix.nodes[i].Label]
}

// partnerScratch is one request's working space over every entity of an index (dense
// arrays: at size L a focus shares a theme with much of the network); mark says which
// entries belong to the current request.
type partnerScratch struct {
	gen     uint32
	mark    []uint32
	score   []float64
	touched []int32
}

func (sc *partnerScratch) touch(i int32) {
	if sc.mark[i] != sc.gen {
		sc.mark[i] = sc.gen
		sc.score[i] = 0
		sc.touched = append(sc.touched, i)
	}
}

// problems returns the theme names and target groups the focus's quotes (its own and those
// of its relations) name, which it does not already have as features, each with the quote
// that names it.
func (ix *PartnerIndex) problems(me int32) []problemHit {
	var passages []model.Evidence
	passages = append(passages, ix.nodes[me].Evidence...)
	for _, l := range ix.adj[me] {
		passages = append(passages, l.ev)
	}
	lower := make([]string, len(passages))
	for i, p := range passages {
		lower[i] = strings.ToLower(p.Quote)
	}
	var out []problemHit
	seen := map[string]bool{}
	for _, w := range ix.words {
		if _, own := ix.feats[w.kind][me][w.key]; own || seen[w.key] {
			continue
		}
		for i, text := range lower {
			if containsWord(text, w.word) {
				seen[w.key] = true
				out = append(out, problemHit{w, passages[i]})
				break
			}
		}
	}
	return out
}

type problemHit struct {
	problemWord
	ev model.Evidence
}

// Partners ranks the entities the one with id focus could learn from: those it has no
// LEARNS_FROM or INSPIRES relation with (either way), by the sum of their reasons' weights,
// ties broken by id, the first n. It returns nil, false when focus is not an entity that
// learns.
func (ix *PartnerIndex) Partners(focus string, n int) ([]*model.LearningPartner, bool) {
	me, ok := ix.pos[focus]
	if !ok || !partnerLabels[ix.nodes[me].Label] {
		return nil, false
	}
	sc, _ := ix.pool.Get().(*partnerScratch)
	if sc == nil {
		sc = &partnerScratch{mark: make([]uint32, len(ix.nodes)), score: make([]float64, len(ix.nodes))}
	}
	defer ix.pool.Put(sc)
	sc.gen++
	if sc.gen == 0 {
		clear(sc.mark)
		sc.gen = 1
	}
	sc.touched = sc.touched[:0]
	weights := [nFeat]float64{WeightPartnerBouwsteen, WeightPartnerTheme, WeightPartnerTargetGroup}
	for k := range ix.feats {
		for key, f := range ix.feats[k][me] {
			for _, h := range ix.lists[k][key] {
				if shares(me, f.via, h) {
					sc.touch(h.i)
					sc.score[h.i] += weights[k] * f.share * h.share
				}
			}
		}
	}
	probs := ix.problems(me)
	for _, p := range probs {
		for _, h := range ix.lists[p.kind][p.key] {
			if h.via != me {
				sc.touch(h.i)
				sc.score[h.i] += WeightPartnerProblem * h.share
			}
		}
	}
	contact := map[int32]bool{}
	for _, l := range ix.adj[me] {
		if !contact[l.to] && l.typ != model.LearnsFrom && l.typ != model.Inspires {
			contact[l.to] = true
			sc.touch(l.to)
			sc.score[l.to] += WeightPartnerContact
		}
	}
	for _, z := range ix.connectors(me) {
		w := WeightPartnerNetwork * ix.adamicAdar(z)
		for _, i := range ix.nbrs[z] {
			sc.touch(i)
			sc.score[i] += w
		}
	}
	// The best candidates by their summed weights (a bounded heap, not a sort of all); the
	// exact reasons are built for those, a margin more than asked since rounding may reorder
	// near-ties.
	keep := n + 8
	better := func(a, b int32) bool {
		if sc.score[a] != sc.score[b] {
			return sc.score[a] > sc.score[b]
		}
		return ix.nodes[a].ID < ix.nodes[b].ID
	}
	cands := make([]int32, 0, keep) // a heap whose root is the worst kept
	for _, i := range sc.touched {
		if i == me || !ix.learner[i] || ix.learns[me][i] || sc.score[i] <= 0 {
			continue
		}
		sc.score[i] = round(sc.score[i])
		if len(cands) < keep {
			cands = append(cands, i)
			for c := len(cands) - 1; c > 0; { // sift up: the worst rises to the root
				p := (c - 1) / 2
				if !better(cands[p], cands[c]) {
					break
				}
				cands[p], cands[c] = cands[c], cands[p]
				c = p
			}
			continue
		}
		if !better(i, cands[0]) {
			continue
		}
		cands[0] = i
		for c := 0; ; { // sift down
			l, r, w := 2*c+1, 2*c+2, c
			if l < len(cands) && better(cands[w], cands[l]) {
				w = l
			}
			if r < len(cands) && better(cands[w], cands[r]) {
				w = r
			}
			if w == c {
				break
			}
			cands[w], cands[c] = cands[c], cands[w]
			c = w
		}
	}
	out := make([]*model.LearningPartner, 0, len(cands))
	for _, i := range cands {
		if p := ix.explain(me, i, probs, contact[i]); p != nil {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].NodeID < out[b].NodeID
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, true
}

// shares says whether the holder h shares a feature that me has through via (-1: its own):
// not when either has it only through the other, or both only through the same initiative,
// since that is one fact seen from two ends rather than two entities working on the same
// thing (working on the same initiative is network proximity).
func shares(me, via int32, h holder) bool {
	return via != h.i && h.via != me && (via < 0 || via != h.via)
}

// connectors are the distinct neighbours of i that network proximity counts, in order.
func (ix *PartnerIndex) connectors(i int32) []int32 {
	var out []int32
	for _, z := range ix.nbrs[i] {
		if ix.connector[z] {
			out = append(out, z)
		}
	}
	return out
}

// adamicAdar is what one shared neighbour z adds to the Adamic–Adar index: 1/ln(degree),
// the degree counting z's distinct neighbours (at least two when it is shared).
func (ix *PartnerIndex) adamicAdar(z int32) float64 {
	d := len(ix.nbrs[z])
	if d < 2 {
		return 0
	}
	return 1 / math.Log(float64(d))
}

// evidenceOf returns the evidence a link between a and b carries (the first, by order of
// the graph), for a non-learning relation when nonLearning is set.
func (ix *PartnerIndex) evidenceOf(a, b int32, nonLearning bool) (model.Evidence, string) {
	for _, l := range ix.adj[a] {
		if l.to == b && (!nonLearning || (l.typ != model.LearnsFrom && l.typ != model.Inspires)) {
			return l.ev, l.typ
		}
	}
	return model.Evidence{}, ""
}

// explain builds the reasons peer is suggested to me; nil when there are none.
func (ix *PartnerIndex) explain(me, peer int32, probs []problemHit, contact bool) *model.LearningPartner {
	var rs []*model.PartnerReason
	name := func(id string) string {
		if i, ok := ix.pos[id]; ok {
			return "“" + ix.nodes[i].Name + "”"
		}
		return "“" + id + "”"
	}
	kinds := [nFeat]model.PartnerReasonKind{model.PartnerReasonKindBouwsteen, model.PartnerReasonKindTheme, model.PartnerReasonKindTargetGroup}
	weights := [nFeat]float64{WeightPartnerBouwsteen, WeightPartnerTheme, WeightPartnerTargetGroup}
	for k := range ix.feats {
		var shared []string
		for key, f := range ix.feats[k][me] {
			if pf, ok := ix.feats[k][peer][key]; ok && shares(me, f.via, holder{i: peer, via: pf.via}) {
				shared = append(shared, key)
			}
		}
		if len(shared) == 0 {
			continue
		}
		sort.Strings(shared)
		r := &model.PartnerReason{Kind: kinds[k], SharedIDs: []string{}, Values: []string{}}
		labels := make([]string, len(shared))
		for j, key := range shared {
			r.Weight += weights[k] * ix.feats[k][me][key].share * ix.feats[k][peer][key].share
			r.FocusEvidence = appendEvidence(r.FocusEvidence, ix.feats[k][me][key].ev)
			r.PeerEvidence = appendEvidence(r.PeerEvidence, ix.feats[k][peer][key].ev)
			if k == featTargetGroup {
				labels[j] = key
			} else {
				labels[j] = name(key)
			}
		}
		r.Weight = round(r.Weight)
		switch k {
		case featBouwsteen:
			r.SharedIDs = shared
			r.Description = fmt.Sprintf("Beide brengen dezelfde bouwsteen in praktijk: %s.", strings.Join(labels, ", "))
		case featTheme:
			r.SharedIDs = shared
			r.Description = fmt.Sprintf("Beide werken aan %s.", strings.Join(labels, ", "))
		default:
			r.Values = shared
			r.Description = fmt.Sprintf("Beide richten zich op %s.", strings.Join(labels, ", "))
		}
		rs = append(rs, r)
	}
	var pr *model.PartnerReason
	for _, p := range probs {
		f, ok := ix.feats[p.kind][peer][p.key]
		if !ok || f.via == me {
			continue
		}
		if pr == nil {
			pr = &model.PartnerReason{Kind: model.PartnerReasonKindProblem, SharedIDs: []string{}, Values: []string{}}
		}
		pr.Weight += WeightPartnerProblem * f.share
		pr.Values = append(pr.Values, p.word)
		if p.kind == featTheme {
			pr.SharedIDs = append(pr.SharedIDs, p.key)
		}
		pr.FocusEvidence = appendEvidence(pr.FocusEvidence, []model.Evidence{p.ev})
		pr.PeerEvidence = appendEvidence(pr.PeerEvidence, f.ev)
	}
	if pr != nil {
		pr.Weight = round(pr.Weight)
		quoted := make([]string, len(pr.Values))
		for j, v := range pr.Values {
			quoted[j] = "“" + v + "”"
		}
		pr.Description = fmt.Sprintf("%s noemt %s; %s werkt daaraan.", name(ix.nodes[me].ID), strings.Join(quoted, ", "), name(ix.nodes[peer].ID))
		rs = append(rs, pr)
	}
	if contact {
		ev, typ := ix.evidenceOf(me, peer, true)
		rs = append(rs, &model.PartnerReason{Kind: model.PartnerReasonKindContact, Weight: WeightPartnerContact,
			Description: fmt.Sprintf("Ze zijn al met elkaar verbonden (%s), maar leren nog niet van elkaar.", typ),
			SharedIDs:   []string{}, Values: []string{typ}, FocusEvidence: []*model.Evidence{&ev}, PeerEvidence: []*model.Evidence{&ev}})
	}
	var nr *model.PartnerReason
	aa := 0.0
	var via []string
	for _, z := range ix.connectors(me) {
		if _, ok := slices.BinarySearch(ix.nbrs[peer], z); !ok {
			continue
		}
		if nr == nil {
			nr = &model.PartnerReason{Kind: model.PartnerReasonKindNetwork, SharedIDs: []string{}, Values: []string{}}
		}
		aa += ix.adamicAdar(z)
		nr.SharedIDs = append(nr.SharedIDs, ix.nodes[z].ID)
		via = append(via, name(ix.nodes[z].ID))
		fe, _ := ix.evidenceOf(me, z, false)
		pe, _ := ix.evidenceOf(peer, z, false)
		nr.FocusEvidence = appendEvidence(nr.FocusEvidence, []model.Evidence{fe})
		nr.PeerEvidence = appendEvidence(nr.PeerEvidence, []model.Evidence{pe})
	}
	if nr != nil {
		nr.Weight = round(WeightPartnerNetwork * aa)
		nr.Values = []string{fmt.Sprintf("%.3f", aa)}
		nr.Description = fmt.Sprintf("Ze delen partners, bijeenkomsten, programma’s of regio’s: %s (Adamic–Adar %.2f).", strings.Join(via, ", "), aa)
		rs = append(rs, nr)
	}
	if len(rs) == 0 {
		return nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Weight > rs[j].Weight })
	score := 0.0
	for _, r := range rs {
		score += r.Weight
	}
	return &model.LearningPartner{NodeID: ix.nodes[peer].ID, Score: round(score), Reasons: rs}
}

// appendEvidence adds the evidence not yet in list.
func appendEvidence(list []*model.Evidence, evs []model.Evidence) []*model.Evidence {
	for _, e := range evs {
		dup := false
		for _, x := range list {
			if *x == e {
				dup = true
				break
			}
		}
		if !dup {
			e := e
			list = append(list, &e)
		}
	}
	return list
}
