package propose

import (
	"sort"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// Entry is one entity of the graph as the gazetteer knows it.
type Entry struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	Name  string   `json:"name"`
	Names []string `json:"names,omitempty"` // name first, then aliases
}

// Gazetteer is the graph as a list of names: every entity with its name and aliases. The
// proposer finds these in a new document and refers to them by id instead of proposing them
// again.
type Gazetteer struct {
	entries []Entry
	ids     map[string]Entry
}

// NewGazetteer builds the gazetteer from a loaded dataset (loader.Parse of the seed folder).
// Documents are left out: a document is not mentioned by name in another.
func NewGazetteer(ds *model.Dataset) *Gazetteer {
	g := &Gazetteer{ids: map[string]Entry{}}
	if ds == nil {
		return g
	}
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			g.ids[n.ID] = Entry{ID: n.ID, Label: n.Label}
			continue
		}
		name, _ := n.Props["name"].(string)
		e := Entry{ID: n.ID, Label: n.Label, Name: name, Names: []string{name}}
		if aliases, ok := n.Props["aliases"].([]string); ok {
			e.Names = append(e.Names, aliases...)
		}
		g.entries = append(g.entries, e)
		g.ids[n.ID] = e
	}
	sort.Slice(g.entries, func(i, j int) bool { return g.entries[i].ID < g.entries[j].ID })
	return g
}

// Has reports whether id is taken in the graph.
func (g *Gazetteer) Has(id string) bool { _, ok := g.ids[id]; return ok }

// Lookup returns the entity of a label whose name or alias is name (compared case-insensitively).
func (g *Gazetteer) Lookup(label, name string) (Entry, bool) {
	n := norm(name)
	for _, e := range g.entries {
		if e.Label != label {
			continue
		}
		for _, x := range e.Names {
			if norm(x) == n {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// Similar returns an entity of the same label whose name contains name or is contained in it
// as whole words: a candidate for a merge the curator decides on.
func (g *Gazetteer) Similar(label, name string) (Entry, bool) {
	n := " " + norm(name) + " "
	for _, e := range g.entries {
		if e.Label != label {
			continue
		}
		for _, x := range e.Names {
			xn := " " + norm(x) + " "
			if len(xn) > 6 && len(n) > 6 && (strings.Contains(n, xn) || strings.Contains(xn, n)) {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// Entries lists the entities, ordered by id.
func (g *Gazetteer) Entries() []Entry { return g.entries }
