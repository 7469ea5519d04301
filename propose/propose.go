// Package propose turns a new Dutch document into a draft seed file: the entities of the graph
// it names (the graph is the gazetteer), new candidate entities and relations found by Dutch
// patterns, each with a verbatim quote, a confidence and the rule that proposed it. A curator
// reviews the draft; nothing reaches the graph before the loader accepts it. It works offline:
// its rules and lexicons are in rules.go.
package propose

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Meta is what the caller says about a document that its text may not: the path the seed file
// names it by, and the title, date and kind when the text lacks them.
type Meta struct {
	File  string `json:"file"` // e.g. documents/005_dialoog.txt
	Title string `json:"title"`
	Date  string `json:"date"` // yyyy-mm-dd
	Kind  string `json:"kind"`
}

// Document is the draft's document entry.
type Document struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Date      string `json:"date,omitempty"`
	DateQuote string `json:"dateQuote,omitempty"`
}

// Node is a proposed entity. An Existing node is already in the graph: the draft refers to it
// by id and does not define it.
type Node struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Sector    string   `json:"sector,omitempty"`
	Functions []string `json:"functions,omitempty"`
	Series    string   `json:"series,omitempty"`
	Number    int      `json:"number,omitempty"`
	Date      string   `json:"date,omitempty"`
	Place     string   `json:"place,omitempty"`
	NameNote  string   `json:"nameNote,omitempty"` // why a name the text does not write as such is justified
	Quotes    []string `json:"quotes"`
	Rule      Rule     `json:"rule"`
	Existing  bool     `json:"existing,omitempty"`
	MergeWith string   `json:"mergeWith,omitempty"` // an entity of the graph this one may be (a merge the curator decides on)
	// Decision is the curator's: Accept, Reject or Merge (into MergeWith); empty leaves it to
	// the confidence.
	Decision string `json:"decision,omitempty"`
}

// The curator's decisions on a proposal.
const (
	Accept = "accept"
	Reject = "reject"
	Merge  = "merge"
)

// Active reports whether the node is written uncommented.
func (n *Node) Active() bool {
	switch n.Decision {
	case Accept:
		return true
	case Reject, Merge:
		return false
	}
	return n.Rule.Confidence >= Threshold
}

// Relation is a proposed relation with its quote.
type Relation struct {
	Type     string `json:"type"`
	From     string `json:"from"`
	To       string `json:"to"`
	Role     string `json:"role,omitempty"`
	Quote    string `json:"quote"`
	Rule     Rule   `json:"rule"`
	Decision string `json:"decision,omitempty"`
}

// Active reports whether the relation is written uncommented.
func (r *Relation) Active() bool {
	switch r.Decision {
	case Accept:
		return true
	case Reject:
		return false
	}
	return r.Rule.Confidence >= Threshold
}

// Draft is everything proposed for one document.
type Draft struct {
	Document  Document    `json:"document"`
	Nodes     []*Node     `json:"nodes"`
	Relations []*Relation `json:"relations"`
	Facts     []*Fact     `json:"facts"`
}

// Propose reads text (the document as it will be stored) and proposes its facts. It returns an
// error when the document cannot be given a title or the date it was told is not in the text.
func Propose(text string, meta Meta, g *Gazetteer) (*Draft, error) {
	if g == nil {
		g = NewGazetteer(nil)
	}
	if !utf8.ValidString(text) {
		return nil, errors.New("the document is not UTF-8 text; save it as UTF-8 first")
	}
	lines := clean(text)
	joined := strings.Join(lines, "\n")
	p := &proposer{
		g: g, lines: lines, text: joined, lower: lowerSameLength(joined),
		sents: splitSentences(joined), byKey: map[string]*Node{}, byID: map[string]*Node{},
		rels: map[string]*Relation{}, factKeys: map[string]bool{}, draft: &Draft{},
	}
	if err := p.document(meta); err != nil {
		return nil, err
	}
	p.gazetteer()
	p.bouwstenen()
	p.headings()
	p.events()
	for _, s := range p.sents {
		p.programmes(s)
		p.organisations(s)
		p.regions(s)
		p.initiatives(s)
	}
	for _, s := range p.sents {
		p.people(s)
	}
	p.byline()
	p.themes()
	p.formats()
	p.publications()
	p.findMentions()
	p.relations()
	p.facts()
	p.finish()
	return p.draft, nil
}

type mention struct {
	start, end int
	node       *Node
}

type proposer struct {
	g        *Gazetteer
	lines    []string
	text     string
	lower    string
	sents    []sentence
	draft    *Draft
	byKey    map[string]*Node
	byID     map[string]*Node
	order    []*Node
	rels     map[string]*Relation
	relOrder []*Relation
	factKeys map[string]bool
	mentions []mention
	event    *Node
	sections []section
	themeHit map[*Node][]int // theme -> offsets of its cues
	speakers []*Node         // people named with a function
	authors  []*Node
	bouw     []*Node
}

// section is a numbered heading and the lines under it, about one initiative.
type section struct {
	fromLine, toLine int
	node             *Node
}

// --- the document -------------------------------------------------------------------------

var (
	datePattern = regexp.MustCompile(`(?i)\b(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(\d{4})\b`)
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// parseDate returns the ISO form of a Dutch date expression match.
func parseDate(m []string) string {
	d, _ := strconv.Atoi(m[1])
	return fmt.Sprintf("%s-%02d-%02d", m[3], months[strings.ToLower(m[2])], d)
}

func (p *proposer) document(meta Meta) error {
	d := &p.draft.Document
	d.File = meta.File
	d.Title = strings.TrimSpace(meta.Title)
	if d.Title == "" {
		for _, l := range p.lines {
			l = strings.Trim(l, "* ")
			// The first line with words, not a date alone.
			if len(strings.FieldsFunc(datePattern.ReplaceAllString(l, ""), func(r rune) bool { return !isLetter(r) })) > 0 {
				d.Title = l
				break
			}
		}
	}
	if d.Title == "" {
		return errors.New("the document has no line that can be its title; give one with --title")
	}
	if !strings.Contains(strings.Join(strings.Fields(p.text), " "), strings.Join(strings.Fields(d.Title), " ")) {
		return fmt.Errorf("title %q is not in the text; a title must be quoted verbatim from the document", d.Title)
	}
	d.Kind = meta.Kind
	if d.Kind == "" {
		head := strings.ToLower(strings.Join(p.lines[:min(len(p.lines), 12)], " "))
		d.Kind = "verslag"
		for _, k := range documentKinds {
			if strings.Contains(head, k.Word) {
				d.Kind = k.Kind
				break
			}
		}
	}
	if meta.Date != "" {
		if !isoDate.MatchString(meta.Date) {
			return fmt.Errorf("date %q is not yyyy-mm-dd", meta.Date)
		}
		for _, m := range datePattern.FindAllStringSubmatch(p.text, -1) {
			if parseDate(m) == meta.Date {
				d.Date, d.DateQuote = meta.Date, m[0]
			}
		}
		if d.Date == "" {
			return fmt.Errorf("date %s is not stated in the text; a document's date needs a verbatim quote (leave --date out)", meta.Date)
		}
	} else {
		// A date in the first lines is the document's date.
		head := strings.Join(p.lines[:min(len(p.lines), 6)], "\n")
		if m := datePattern.FindStringSubmatch(head); m != nil {
			d.Date, d.DateQuote = parseDate(m), m[0]
		}
	}
	id := "doc-" + slug(d.Title, 6)
	if id == "doc-" {
		id = "doc-document"
	}
	d.ID = p.unique(id)
	return nil
}

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 }

// unique returns id, or id with a number, so that it is new to the graph and the draft.
func (p *proposer) unique(id string) string {
	for i := 2; ; i++ {
		c := id
		if i > 2 {
			c = fmt.Sprintf("%s-%d", id, i-1)
		}
		if _, taken := p.byID[c]; !p.g.Has(c) && !taken && c != p.draft.Document.ID {
			return c
		}
	}
}
