package analysis

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// Evaluation is how well learning partners recover learning relations that were hidden:
// every pair of entities with a LEARNS_FROM or INSPIRES relation is hidden once (folds of
// one fifth each, chosen by a seeded shuffle), the index is built without it, and each of its
// two ends asks for its top K. A hit is the other end in that top K. The baselines get the
// same question: same region ranks the entities that share a region with the focus first (in
// random order, the rest after them, also at random), random ranks every candidate at random;
// both are given as expected hits, computed exactly rather than sampled.
type Evaluation struct {
	Pairs      int     // learning pairs, each hidden once
	Questions  int     // (focus, hidden partner) questions: two per pair
	Candidates float64 // mean number of entities a focus could be suggested
	K          int
	Hits       int     // learning partners: hidden partners found in the top K
	SameRegion float64 // expected hits of the same-region baseline
	Random     float64 // expected hits of the random baseline
}

// Recall returns hits per question for learning partners and the two baselines.
func (e Evaluation) Recall() (partners, sameRegion, random float64) {
	q := float64(e.Questions)
	if q == 0 {
		return 0, 0, 0
	}
	return float64(e.Hits) / q, e.SameRegion / q, e.Random / q
}

// String renders the evaluation as the lines of a Markdown table row set.
func (e Evaluation) String() string {
	p, s, r := e.Recall()
	var b strings.Builder
	fmt.Fprintf(&b, "| learning pairs (each hidden once) | %d |\n", e.Pairs)
	fmt.Fprintf(&b, "| questions (both ends of each hidden pair) | %d |\n", e.Questions)
	fmt.Fprintf(&b, "| mean candidates per focus | %.1f |\n", e.Candidates)
	fmt.Fprintf(&b, "| learningPartners: hidden partner in top %d | %d (%.3f) |\n", e.K, e.Hits, p)
	fmt.Fprintf(&b, "| same-region baseline (expected) | %.2f (%.3f) |\n", e.SameRegion, s)
	fmt.Fprintf(&b, "| random baseline (expected) | %.2f (%.3f) |\n", e.Random, r)
	fmt.Fprintf(&b, "| learningPartners ÷ same region | %s |\n", ratio(p, s))
	fmt.Fprintf(&b, "| learningPartners ÷ random | %s |\n", ratio(p, r))
	return b.String()
}

func ratio(a, b float64) string {
	if b == 0 {
		return "∞"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

// EvaluateFolds is the number of folds: each hides a fifth of the learning pairs.
const EvaluateFolds = 5

// Evaluate measures learning partners on g (see Evaluation). The same graph and seed always
// give the same figures.
func Evaluate(g *model.LearningGraph, k int, seed uint64) Evaluation {
	labels := map[string]string{}
	for _, n := range g.Nodes {
		labels[n.ID] = n.Label
	}
	// The learning pairs, unordered, between entities that can be partners.
	pairSet := map[[2]string]bool{}
	for _, r := range g.Relations {
		if (r.Type == model.LearnsFrom || r.Type == model.Inspires) && r.From != r.To &&
			partnerLabels[labels[r.From]] && partnerLabels[labels[r.To]] {
			pairSet[pairKey(r.From, r.To)] = true
		}
	}
	pairs := make([][2]string, 0, len(pairSet))
	for p := range pairSet {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	rnd := rand.New(rand.NewPCG(seed, 0x4d414f))
	rnd.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })

	ev := Evaluation{Pairs: len(pairs), K: k}
	candSum := 0.0
	for fold := range EvaluateFolds {
		hidden := map[[2]string]bool{}
		for i := fold; i < len(pairs); i += EvaluateFolds {
			hidden[pairs[i]] = true
		}
		if len(hidden) == 0 {
			continue
		}
		reduced := &model.LearningGraph{Nodes: g.Nodes, DocumentDates: g.DocumentDates}
		for _, r := range g.Relations {
			if (r.Type == model.LearnsFrom || r.Type == model.Inspires) && hidden[pairKey(r.From, r.To)] {
				continue
			}
			reduced.Relations = append(reduced.Relations, r)
		}
		ix := NewPartnerIndex(reduced)
		// The hidden partners of each focus.
		want := map[string][]string{}
		for p := range hidden {
			want[p[0]] = append(want[p[0]], p[1])
			want[p[1]] = append(want[p[1]], p[0])
		}
		foci := sortedKeys(want)
		for _, f := range foci {
			me := ix.pos[f]
			top, _ := ix.Partners(f, k)
			got := map[string]bool{}
			for _, p := range top {
				got[p.NodeID] = true
			}
			cands, near := ix.baselineCandidates(me)
			candSum += float64(cands) * float64(len(want[f]))
			for _, x := range want[f] {
				ev.Questions++
				if got[x] {
					ev.Hits++
				}
				ev.Random += min(1, float64(k)/float64(cands))
				r := float64(len(near))
				switch {
				case near[ix.pos[x]] && r >= float64(k):
					ev.SameRegion += float64(k) / r
				case near[ix.pos[x]]:
					ev.SameRegion++
				case r < float64(k) && float64(cands) > r:
					ev.SameRegion += min(1, (float64(k)-r)/(float64(cands)-r))
				}
			}
		}
	}
	if ev.Questions > 0 {
		ev.Candidates = candSum / float64(ev.Questions)
	}
	return ev
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// baselineCandidates returns how many entities me could be suggested (those of a learning
// label, other than itself, that it has no learning relation with) and which of them share a
// region with it.
func (ix *PartnerIndex) baselineCandidates(me int32) (int, map[int32]bool) {
	mine := ix.regionsOf(me)
	near := map[int32]bool{}
	n := 0
	for i := range ix.nodes {
		c := int32(i)
		if c == me || !partnerLabels[ix.nodes[i].Label] || ix.learns[me][c] {
			continue
		}
		n++
		for r := range ix.regionsOf(c) {
			if mine[r] {
				near[c] = true
				break
			}
		}
	}
	return n, near
}

// regionsOf is where an entity works: itself when it is a region, the regions it is located
// in, and those of the initiatives it works on (the worksOn table).
func (ix *PartnerIndex) regionsOf(i int32) map[int32]bool {
	out := map[int32]bool{}
	if ix.nodes[i].Label == model.LabelRegion {
		out[i] = true
	}
	located := func(j int32) {
		for _, l := range ix.adj[j] {
			if l.typ == "LOCATED_IN" && l.out && ix.nodes[l.to].Label == model.LabelRegion {
				out[l.to] = true
			}
		}
	}
	located(i)
	for _, l := range ix.adj[i] {
		for _, w := range worksOn {
			if l.typ == w.typ && l.out == w.out && ix.nodes[l.to].Label == model.LabelInitiative {
				located(l.to)
			}
		}
	}
	return out
}
