package analysis

import (
	"sort"

	"github.com/metandereogen/maograph/graph/model"
)

// GraphOf builds the learning graph of a validated dataset: what store.LearningGraph reads
// back from Neo4j after store.Seed wrote the dataset, without a database (the offline
// evaluation runs on it).
func GraphOf(ds *model.Dataset) *model.LearningGraph {
	g := &model.LearningGraph{DocumentDates: map[string]string{}}
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			d, _ := n.Props["date"].(string)
			g.DocumentDates[n.ID] = d
			continue
		}
		doc, _ := n.Props["sourceDocument"].(string)
		name, _ := n.Props["name"].(string)
		gn := model.GraphNode{ID: n.ID, Label: n.Label, Name: name, Document: doc,
			Aliases: propStrings(n.Props["aliases"]), TargetGroups: propStrings(n.Props["targetGroups"])}
		quotes := propStrings(n.Props["quotes"])
		offsets, _ := n.Props["quoteOffsets"].([]int)
		for i, q := range quotes {
			off := 0
			if i < len(offsets) {
				off = offsets[i]
			}
			gn.Evidence = append(gn.Evidence, model.Evidence{Quote: q, DocumentID: doc, Offset: off})
		}
		g.Nodes = append(g.Nodes, gn)
	}
	for _, r := range ds.Relations {
		g.Relations = append(g.Relations, model.GraphRelation{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Role: r.Role,
			Evidence: model.Evidence{Quote: r.Quote, DocumentID: r.Document, Offset: r.Offset}})
	}
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })
	sort.Slice(g.Relations, func(i, j int) bool { return g.Relations[i].ID < g.Relations[j].ID })
	return g
}

func propStrings(v any) []string {
	switch s := v.(type) {
	case []string:
		return s
	case []any:
		out := make([]string, 0, len(s))
		for _, x := range s {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// AsOf returns the part of the graph that documents dated on or before date (ISO
// yyyy-mm-dd) state: relations whose quote comes from such a document, and the nodes those
// documents define or relate (a node defined by a later document keeps none of its quotes).
// Facts from undated documents are left out, since nothing says they were
// known by then. The result shares nothing mutable with g.
func AsOf(g *model.LearningGraph, date string) *model.LearningGraph {
	known := func(doc string) bool {
		d := g.DocumentDates[doc]
		return d != "" && d <= date
	}
	out := &model.LearningGraph{DocumentDates: map[string]string{}}
	for id, d := range g.DocumentDates {
		if d != "" && d <= date {
			out.DocumentDates[id] = d
		}
	}
	ends := map[string]bool{}
	for _, r := range g.Relations {
		if known(r.Evidence.DocumentID) {
			out.Relations = append(out.Relations, r)
			ends[r.From], ends[r.To] = true, true
		}
	}
	for _, n := range g.Nodes {
		switch {
		case known(n.Document):
			out.Nodes = append(out.Nodes, n)
		case ends[n.ID]: // known through a relation only: its own quotes and attributes come later
			n.Evidence, n.TargetGroups = nil, nil
			out.Nodes = append(out.Nodes, n)
		}
	}
	return out
}
