package model

// SeedFormat is the version of the seed format this build reads and writes. The store records
// it with every load and refuses to overwrite a graph written by a newer format.
const SeedFormat = 1

// Dataset is a validated graph ready to be written: what loader.Parse produces and store.Seed
// writes.
type Dataset struct {
	Nodes     []SeedNode
	Relations []SeedRelation
	Mentions  []SeedMention
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

// SeedMention is one occurrence of a node's name or alias in a document.
type SeedMention struct {
	ID       string
	Node     string
	Document string
	Offset   int    // rune offset in the document text
	Text     string // the matched text as it stands
	Snippet  string // the surrounding passage
}
