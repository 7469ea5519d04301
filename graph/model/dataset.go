package model

// SeedFormat is the version of the graph's layout in Neo4j. The store records it with every
// load and refuses to overwrite a graph written by a newer format, whose data may carry meaning
// this build would silently drop. Format 2 stores mentions as one MENTIONED_IN relationship per
// entity and document, with every occurrence's rune offset and length in lists (its text and
// snippet are cut from the document's text when read), and a row hash on every node and
// relationship; format 1 stored one relationship per occurrence, with its text and snippet.
// Format 3 adds facts (a node's typed, quoted attributes as JSON, and their words in factText),
// planned events, the Publication and MeetingFormat labels and their relation types: a
// format 2 build would load over them without knowing they are there.
const SeedFormat = 3

// SeedFileFormat is the version of the seed files (seeds/FORMAT.md) this build reads.
const SeedFileFormat = 2

// Dataset is a validated graph ready to be written: what loader.Parse produces and store.Seed
// writes.
type Dataset struct {
	Nodes     []SeedNode
	Relations []SeedRelation
	// Mentions are ordered by document, then entity, then offset: the occurrences of one
	// entity in one document are next to each other.
	Mentions []SeedMention
}

// SeedNode is one node with its label and flat properties (strings, ints, string lists).
type SeedNode struct {
	ID    string
	Label string
	Props map[string]any
}

// SeedRelation is one relationship with its evidence.
type SeedRelation struct {
	ID       string // deterministic: type|from|to|document
	Type     string
	From     string
	To       string
	Role     string
	Quote    string // verbatim as it stands in the document
	Document string // document id
	Offset   int    // character (rune) offset of the quote in the document text
}

// SeedMention is one occurrence of a node's name or alias in a document. The store keeps its
// offset and length; its text and snippet are cut from the document's text when read.
type SeedMention struct {
	Node     string
	Document string
	Offset   int    // rune offset in the document text
	Text     string // the matched text as it stands
}

// WithoutDocument returns the dataset without one document: its node, the relations it is the
// evidence for or an end of, and its mentions. The rows are shared with d.
func (d *Dataset) WithoutDocument(doc string) *Dataset {
	out := &Dataset{}
	for _, n := range d.Nodes {
		if n.ID != doc {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, r := range d.Relations {
		if r.Document != doc && r.From != doc && r.To != doc {
			out.Relations = append(out.Relations, r)
		}
	}
	for _, m := range d.Mentions {
		if m.Document != doc && m.Node != doc {
			out.Mentions = append(out.Mentions, m)
		}
	}
	return out
}
