package loader

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// snippetContext is how many runes of text a mention snippet shows on each side.
const snippetContext = 90

// dataset builds the graph from validated files: node properties, relation evidence with
// offsets, and every mention of every node in every document.
func (p *parser) dataset(files []*seedFile) *model.Dataset {
	ds := &model.Dataset{}
	type named struct {
		id    string
		names []string
	}
	var mentionable []named
	for _, f := range files {
		d := f.Document
		props := map[string]any{
			"name": d.Title, "title": d.Title, "file": d.File, "kind": d.Kind,
			"text": p.docText[d.ID], "aliases": []string{}, "quotes": []string{d.Title},
			"sourceDocument": d.ID,
		}
		if d.Date != "" {
			props["date"] = d.Date
		}
		ds.Nodes = append(ds.Nodes, model.SeedNode{ID: d.ID, Label: model.LabelDocument, Props: props})

		doc := p.docs[d.ID]
		for _, n := range f.Nodes {
			offsets := make([]int, len(n.Quotes))
			for i, q := range n.Quotes {
				offsets[i] = doc.find(q)
			}
			props := map[string]any{
				"name":           n.Name,
				"aliases":        nonNil(n.Aliases),
				"quotes":         n.Quotes,
				"quoteOffsets":   offsets,
				"sourceDocument": d.ID,
				// The full-text index takes strings only, so lists are joined for it.
				"aliasText": strings.Join(n.Aliases, " | "),
				"quoteText": strings.Join(n.Quotes, " … "),
			}
			set := func(k, v string) {
				if v != "" {
					props[k] = v
				}
			}
			set("description", n.Description)
			set("kind", n.Kind)
			set("sector", n.Sector)
			set("series", n.Series)
			set("date", n.Date)
			set("place", n.Place)
			if len(n.Functions) > 0 {
				props["functions"] = n.Functions
			}
			if len(n.TargetGroups) > 0 {
				props["targetGroups"] = n.TargetGroups
			}
			if n.Number > 0 {
				props["number"] = n.Number
			}
			ds.Nodes = append(ds.Nodes, model.SeedNode{ID: n.ID, Label: n.Label, Props: props})
			mentionable = append(mentionable, named{n.ID, append([]string{n.Name}, n.Aliases...)})
		}
		for _, r := range f.Relations {
			ds.Relations = append(ds.Relations, model.SeedRelation{
				ID:   r.Type + "|" + r.From + "|" + r.To + "|" + d.ID,
				Type: r.Type, From: r.From, To: r.To, Role: r.Role,
				Quote: r.Quote, Document: d.ID, Offset: doc.find(r.Quote),
			})
		}
	}

	docIDs := make([]string, 0, len(p.docs))
	for id := range p.docs {
		docIDs = append(docIDs, id)
	}
	sort.Strings(docIDs)
	counts := map[string]int{}
	for _, docID := range docIDs {
		doc := p.docs[docID]
		lower := lowerRunes(doc.text)
		for _, n := range mentionable {
			for _, m := range findMentions(lower, n.names) {
				start, end := doc.index[m.start], doc.index[m.end-1]+1
				ds.Mentions = append(ds.Mentions, model.SeedMention{
					ID:   "mention|" + n.id + "|" + docID + "|" + strconv.Itoa(start),
					Node: n.id, Document: docID, Offset: start,
					Text:    string(doc.orig[start:end]),
					Snippet: doc.snippet(start, end, snippetContext),
				})
				counts[n.id]++
			}
		}
	}
	for i := range ds.Nodes {
		ds.Nodes[i].Props["mentionCount"] = counts[ds.Nodes[i].ID]
	}
	return ds
}

type span struct{ start, end int } // in folded runes, end exclusive

// findMentions returns the non-overlapping whole-word occurrences of any of names in text
// (already lower-cased), preferring the longest name where several start together.
func findMentions(text []rune, names []string) []span {
	var all []span
	for _, name := range names {
		needle := lowerRunes(fold(name).text)
		if len(needle) < 2 {
			continue
		}
		for i := indexRunes(text, needle, 0); i >= 0; i = indexRunes(text, needle, i+1) {
			end := i + len(needle)
			if (i > 0 && isWordRune(text[i-1])) || (end < len(text) && isWordRune(text[end])) {
				continue
			}
			all = append(all, span{i, end})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].start != all[b].start {
			return all[a].start < all[b].start
		}
		return all[a].end > all[b].end
	})
	var out []span
	for _, s := range all {
		if len(out) > 0 && s.start < out[len(out)-1].end {
			continue
		}
		out = append(out, s)
	}
	return out
}

func lowerRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = unicode.ToLower(r)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
