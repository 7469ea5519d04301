package loader

import (
	"sort"
	"strings"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// dataset builds the graph from validated files: node properties, relation evidence with
// offsets, and every mention of every node in every document.
func (p *parser) dataset(files []*seedFile) *model.Dataset {
	ds := &model.Dataset{}
	type named struct {
		id    string
		names []string
	}
	var mentionable []named
	facts, funded := p.buildFacts(files)
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
			if n.Planned {
				props["planned"] = true
			}
			if fs := facts[n.ID]; fs != nil {
				props["facts"], props["factText"] = factProps(fs)
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

	ds.Relations = append(ds.Relations, funded...)

	docIDs := make([]string, 0, len(p.docs))
	for id := range p.docs {
		docIDs = append(docIDs, id)
	}
	sort.Strings(docIDs)
	names := make([][]string, len(mentionable))
	for i, n := range mentionable {
		names[i] = n.names
	}
	idx := newMentionIndex(names)
	counts := map[string]int{}
	for _, docID := range docIDs {
		doc := p.docs[docID]
		lower := lowerRunes(doc.text)
		// Output order is document, then node in definition order, then text order: the
		// order the former nested scan produced, which keeps the occurrences of one node in
		// one document together (the store writes them as one relationship).
		for _, nm := range idx.find(lower) {
			n := mentionable[nm.node]
			for _, m := range nm.spans {
				start, end := int(doc.index[m.start]), int(doc.index[m.end-1])+1
				ds.Mentions = append(ds.Mentions, model.SeedMention{
					Node: n.id, Document: docID, Offset: start, Text: string(doc.orig[start:end]),
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
		needle := needleOf(name)
		if len(needle) < 2 {
			continue
		}
		for i := indexRunes(text, needle, 0); i >= 0; i = indexRunes(text, needle, i+1) {
			if wholeWord(text, i, i+len(needle)) {
				all = append(all, span{i, i + len(needle)})
			}
		}
	}
	return nonOverlapping(all)
}

func needleOf(name string) []rune { return lowerRunes(fold(name).text) }

func wholeWord(text []rune, start, end int) bool {
	return (start == 0 || !isWordRune(text[start-1])) && (end == len(text) || !isWordRune(text[end]))
}

// nonOverlapping sorts spans by start, longest first, and drops those overlapping an earlier one.
func nonOverlapping(all []span) []span {
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

// mentionIndex finds the names of many nodes in a text in one pass, with the same result as
// calling findMentions for every node. A whole-word match of a needle that starts with a
// letter or digit begins at a word start, and the text's words from there equal the needle's
// words (a needle's word ends where a non-word rune follows in the needle, so the text's word
// must end there too). So the index maps word sequences to the needles made of them, and the
// text is read word by word, following a sequence only while some needle starts with it:
// O(text) instead of O(names × text), however many names share a first word ("Anna …",
// "Gemeente …"). The rare needles that start with another rune are scanned for directly.
type mentionIndex struct {
	seqs map[string]*wordSeq // words joined by "\x00"
	odd  []needleRef
}

// wordSeq is a sequence of words: the needles made of exactly these words, and whether longer
// needles continue it.
type wordSeq struct {
	needles []needleRef
	longer  bool
}

type needleRef struct {
	node   int
	needle []rune
}

// nodeMentions are the mentions of one node in one text.
type nodeMentions struct {
	node  int
	spans []span
}

// words returns the word runs of rs as [start, end) pairs.
func words(rs []rune, from, limit int) [][2]int {
	var out [][2]int
	for i := from; i < len(rs) && len(out) < limit; {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

func newMentionIndex(names [][]string) *mentionIndex {
	ix := &mentionIndex{seqs: map[string]*wordSeq{}}
	for node, ns := range names {
		for _, name := range ns {
			needle := needleOf(name)
			if len(needle) < 2 {
				continue
			}
			ref := needleRef{node, needle}
			if !isWordRune(needle[0]) {
				ix.odd = append(ix.odd, ref)
				continue
			}
			ws := words(needle, 0, len(needle))
			key := ""
			for k, w := range ws {
				if k > 0 {
					key += "\x00"
				}
				key += string(needle[w[0]:w[1]])
				seq := ix.seqs[key]
				if seq == nil {
					seq = &wordSeq{}
					ix.seqs[key] = seq
				}
				if k == len(ws)-1 {
					seq.needles = append(seq.needles, ref)
				} else {
					seq.longer = true
				}
			}
		}
	}
	return ix
}

// find returns the mentions in text (lower-cased), by node in ascending order.
func (ix *mentionIndex) find(text []rune) []nodeMentions {
	found := map[int][]span{}
	var key []rune
	for i := 0; i < len(text); {
		if !isWordRune(text[i]) || (i > 0 && isWordRune(text[i-1])) {
			i++
			continue
		}
		key = key[:0]
		next := i
		for k, pos := 0, i; ; k++ {
			ws := words(text, pos, 1)
			if len(ws) == 0 || (k == 0 && ws[0][0] != i) {
				break
			}
			if k > 0 {
				key = append(key, 0)
			}
			key = append(key, text[ws[0][0]:ws[0][1]]...)
			if k == 0 {
				next = ws[0][1]
			}
			seq := ix.seqs[string(key)]
			if seq == nil {
				break
			}
			for _, ref := range seq.needles {
				end := i + len(ref.needle)
				if end <= len(text) && equalRunes(text[i:end], ref.needle) && wholeWord(text, i, end) {
					found[ref.node] = append(found[ref.node], span{i, end})
				}
			}
			if !seq.longer {
				break
			}
			pos = ws[0][1]
		}
		i = next
	}
	for _, ref := range ix.odd {
		for i := indexRunes(text, ref.needle, 0); i >= 0; i = indexRunes(text, ref.needle, i+1) {
			if wholeWord(text, i, i+len(ref.needle)) {
				found[ref.node] = append(found[ref.node], span{i, i + len(ref.needle)})
			}
		}
	}
	nodes := make([]int, 0, len(found))
	for n := range found {
		nodes = append(nodes, n)
	}
	sort.Ints(nodes)
	out := make([]nodeMentions, len(nodes))
	for k, n := range nodes {
		out[k] = nodeMentions{n, nonOverlapping(found[n])}
	}
	return out
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
