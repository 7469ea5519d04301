package analysis

import (
	"sort"

	"github.com/metandereogen/maograph/graph/model"
)

// InfluenceStep is one step of a learning path in the direction influence flows: From
// inspired To (A INSPIRES B, or B LEARNS_FROM A), stated by Relation's document on Date.
type InfluenceStep struct {
	From, To string
	Date     string
	Relation model.GraphRelation
}

// maxPathStates bounds the search of LearningPaths: past it the answer is what was found.
const maxPathStates = 200_000

// LearningPaths returns the learning paths from `from` to `to` that respect time: each step a
// learning relation in the direction influence flows, stated by a document dated no earlier
// than the step before it (A inspired B before B inspired C). Relations from undated
// documents cannot be placed in time and are not used. Paths are simple, at most maxLength
// steps, shortest first, then by their relation ids; the first n.
func LearningPaths(g *model.LearningGraph, from, to string, maxLength, n int) [][]InfluenceStep {
	out := map[string][]InfluenceStep{}
	for _, r := range g.Relations {
		date := g.DocumentDates[r.Evidence.DocumentID]
		if date == "" || r.From == r.To {
			continue
		}
		switch r.Type {
		case model.Inspires:
			out[r.From] = append(out[r.From], InfluenceStep{r.From, r.To, date, r})
		case model.LearnsFrom:
			out[r.To] = append(out[r.To], InfluenceStep{r.To, r.From, date, r})
		}
	}
	for k := range out {
		steps := out[k]
		sort.Slice(steps, func(i, j int) bool { return steps[i].Relation.ID < steps[j].Relation.ID })
	}
	var found [][]InfluenceStep
	states := 0
	for length := 1; length <= maxLength && len(found) < n && states < maxPathStates; length++ {
		var path []InfluenceStep
		onPath := map[string]bool{from: true}
		var walk func(at, since string)
		walk = func(at, since string) {
			states++
			if states > maxPathStates || len(found) >= n {
				return
			}
			if len(path) == length {
				if at == to {
					found = append(found, append([]InfluenceStep(nil), path...))
				}
				return
			}
			for _, s := range out[at] {
				if s.Date < since || onPath[s.To] || (s.To == to) != (len(path) == length-1) {
					continue
				}
				onPath[s.To] = true
				path = append(path, s)
				walk(s.To, s.Date)
				path = path[:len(path)-1]
				delete(onPath, s.To)
			}
		}
		walk(from, "")
	}
	return found
}

// Fact is one thing the documents say about an entity, with the document that first says it:
// the entity itself (Relation nil) or one of its relations.
type Fact struct {
	Date     string // "" when the document has no date
	Evidence model.Evidence
	Relation *model.GraphRelation
}

// Timeline returns when each fact about the entity id first appears: its own quotes (from the
// document that defines it) and each of its relations (a relation stated by several documents
// counts from the earliest), earliest first, undated documents last, then by document and
// relation id. Nil when id is not in g.
func Timeline(g *model.LearningGraph, id string) []Fact {
	var facts []Fact
	known := false
	for _, n := range g.Nodes {
		if n.ID == id {
			known = true
			if len(n.Evidence) > 0 {
				facts = append(facts, Fact{Date: g.DocumentDates[n.Document], Evidence: n.Evidence[0]})
			}
		}
	}
	if !known {
		return nil
	}
	first := map[[3]string]int{}
	for i := range g.Relations {
		r := &g.Relations[i]
		if r.From != id && r.To != id {
			continue
		}
		f := Fact{Date: g.DocumentDates[r.Evidence.DocumentID], Evidence: r.Evidence, Relation: r}
		key := [3]string{r.Type, r.From, r.To}
		if j, ok := first[key]; ok {
			if earlier(f, facts[j]) {
				facts[j] = f
			}
			continue
		}
		first[key] = len(facts)
		facts = append(facts, f)
	}
	sort.SliceStable(facts, func(i, j int) bool { return earlier(facts[i], facts[j]) })
	return facts
}

// earlier orders facts by date (undated last), then document, then relation id.
func earlier(a, b Fact) bool {
	if (a.Date == "") != (b.Date == "") {
		return b.Date == ""
	}
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	if a.Evidence.DocumentID != b.Evidence.DocumentID {
		return a.Evidence.DocumentID < b.Evidence.DocumentID
	}
	ra, rb := "", ""
	if a.Relation != nil {
		ra = a.Relation.ID
	}
	if b.Relation != nil {
		rb = b.Relation.ID
	}
	return ra < rb
}
