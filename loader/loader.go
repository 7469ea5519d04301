// Package loader turns the curated seed files into a validated graph. It is pure: it reads an
// fs.FS and returns a model.Dataset or every problem it found, each as file:line: message. It
// never touches a database, so a broken seed can never write anything.
package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/metandereogen/maograph/graph/model"
)

// Problems collects validation errors; its Error lists them one per line.
type Problems []Problem

// Problem is one thing wrong with the seeds, at a place in a file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("%d problem(s) in the seeds:\n%s", len(ps), strings.Join(lines, "\n"))
}

// The seed file as written; Line fields are filled from the YAML positions.
type seedFile struct {
	Format    int            `yaml:"format"`
	Document  seedDocument   `yaml:"document"`
	Nodes     []seedNode     `yaml:"nodes"`
	Relations []seedRelation `yaml:"relations"`
	Facts     []seedFact     `yaml:"facts"`
	LeftOut   []seedLeftOut  `yaml:"leftOut"`

	name string
	line int
}

type seedDocument struct {
	ID        string `yaml:"id"`
	File      string `yaml:"file"`
	Title     string `yaml:"title"`
	Kind      string `yaml:"kind"`
	Date      string `yaml:"date"`
	DateQuote string `yaml:"dateQuote"`
	Line      int    `yaml:"-"`
}

type seedNode struct {
	ID           string   `yaml:"id"`
	Label        string   `yaml:"label"`
	Name         string   `yaml:"name"`
	Aliases      []string `yaml:"aliases"`
	Description  string   `yaml:"description"`
	Quotes       []string `yaml:"quotes"`
	Kind         string   `yaml:"kind"`
	Sector       string   `yaml:"sector"`
	Functions    []string `yaml:"functions"`
	TargetGroups []string `yaml:"targetGroups"`
	Series       string   `yaml:"series"`
	Number       int      `yaml:"number"`
	Date         string   `yaml:"date"`
	Place        string   `yaml:"place"`
	Planned      bool     `yaml:"planned"`
	NameNote     string   `yaml:"nameNote"`
	Line         int      `yaml:"-"`
}

type seedRelation struct {
	Type  string `yaml:"type"`
	From  string `yaml:"from"`
	To    string `yaml:"to"`
	Role  string `yaml:"role"`
	Quote string `yaml:"quote"`
	Line  int    `yaml:"-"`
}

// seedFact is one typed, quoted attribute of a node (seeds/FORMAT.md, facts). Which fields
// apply depends on Type (factKeys).
type seedFact struct {
	About     string   `yaml:"about"`
	Type      string   `yaml:"type"`
	Value     *float64 `yaml:"value"`
	Unit      string   `yaml:"unit"`
	Counted   string   `yaml:"counted"`
	Qualifier string   `yaml:"qualifier"`
	Start     string   `yaml:"start"`
	End       string   `yaml:"end"`
	Duration  string   `yaml:"duration"`
	Text      string   `yaml:"text"`
	Source    string   `yaml:"source"`
	Share     *float64 `yaml:"share"`
	Amount    *float64 `yaml:"amount"`
	Role      string   `yaml:"role"`
	In        string   `yaml:"in"`
	Quote     string   `yaml:"quote"`
	Note      string   `yaml:"note"`
	Line      int      `yaml:"-"`
}

// seedLeftOut is a sentence consciously left without a fact, with why (the coverage report).
type seedLeftOut struct {
	Quote  string `yaml:"quote"`
	Reason string `yaml:"reason"`
	Line   int    `yaml:"-"`
}

// Keys each mapping may have; anything else is a typo worth reporting.
var (
	fileKeys     = []string{"format", "document", "nodes", "relations", "facts", "leftOut"}
	documentKeys = []string{"id", "file", "title", "kind", "date", "dateQuote"}
	nodeKeys     = []string{"id", "label", "name", "aliases", "description", "quotes", "kind", "sector",
		"functions", "targetGroups", "series", "number", "date", "place", "planned", "nameNote"}
	relationKeys = []string{"type", "from", "to", "role", "quote"}
	leftOutKeys  = []string{"quote", "reason"}
	// factKeys are the keys of each fact type, besides about, type, quote and note.
	factKeys = map[string][]string{
		model.FactQuantity: {"value", "unit", "counted", "qualifier"},
		model.FactPeriod:   {"start", "end", "duration"},
		model.FactGoal:     {"text"},
		model.FactResult:   {"text"},
		model.FactFunding:  {"source", "share", "amount"},
		model.FactRole:     {"role", "in"},
	}
)

var (
	idPattern   = regexp.MustCompile(`^[a-z]+-[a-z0-9]+(-[a-z0-9]+)*$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Parse reads every *.yaml file at the root of fsys, with the documents they name, and returns
// the validated dataset. When anything is wrong it returns nil and a Problems error listing
// every problem found.
func Parse(fsys fs.FS) (*model.Dataset, error) {
	p, files, err := parse(fsys)
	if err != nil {
		return nil, err
	}
	return p.dataset(files), nil
}

// parse reads and checks every seed file; the parser holds the documents' texts.
func parse(fsys fs.FS) (*parser, []*seedFile, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("list seed files: %w", err)
	}
	if len(names) == 0 {
		return nil, nil, errors.New("list seed files: no *.yaml seed files found")
	}
	sort.Strings(names)
	p := &parser{fsys: fsys, defined: map[string]definition{}, docs: map[string]folded{}}
	var files []*seedFile
	for _, name := range names {
		if f := p.readFile(name); f != nil {
			files = append(files, f)
		}
	}
	for _, f := range files {
		p.collect(f)
	}
	for _, f := range files {
		p.checkRelations(f)
		p.checkFacts(f)
		p.checkLeftOut(f)
		p.checkNames(f)
	}
	if len(p.problems) > 0 {
		return nil, nil, p.problems
	}
	return p, files, nil
}

type definition struct {
	label string
	file  string
	line  int
}

type parser struct {
	fsys     fs.FS
	problems Problems
	defined  map[string]definition // id -> where it is defined
	docs     map[string]folded     // document id -> folded text
	docText  map[string]string
	lowered  map[string]string // document id -> lower-case folded text, for checkNames
}

func (p *parser) addf(file string, line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

func (p *parser) readFile(name string) *seedFile {
	data, err := fs.ReadFile(p.fsys, name)
	if err != nil {
		p.addf(name, 0, "cannot read: %s", oneLine(err.Error()))
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			var line int
			fmt.Sscan(m[1], &line)
			p.addf(name, line, "malformed YAML: %s", oneLine(m[2]))
		} else {
			p.addf(name, 0, "malformed YAML: %s", oneLine(msg))
		}
		return nil
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		p.addf(name, 1, "a seed file is a mapping with format, document, nodes and relations")
		return nil
	}
	doc := root.Content[0]
	f := &seedFile{name: name, line: doc.Line}
	p.checkKeys(name, doc, fileKeys)
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, val := doc.Content[i].Value, doc.Content[i+1]
		if val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias // `nodes: *shared` means the anchored list itself
		}
		switch key {
		case "format":
			p.decode(name, val, &f.Format)
		case "document":
			p.checkKeys(name, val, documentKeys)
			p.decode(name, val, &f.Document)
			f.Document.Line = val.Line
		case "nodes":
			for _, item := range p.sequence(name, val, key) {
				var n seedNode
				p.checkKeys(name, item, nodeKeys)
				if p.decode(name, item, &n) {
					n.Line = item.Line
					f.Nodes = append(f.Nodes, n)
				}
			}
		case "relations":
			for _, item := range p.sequence(name, val, key) {
				var r seedRelation
				p.checkKeys(name, item, relationKeys)
				if p.decode(name, item, &r) {
					r.Line = item.Line
					f.Relations = append(f.Relations, r)
				}
			}
		case "facts":
			for _, item := range p.sequence(name, val, key) {
				var fa seedFact
				if p.decode(name, item, &fa) {
					fa.Line = item.Line
					if keys, ok := factKeys[fa.Type]; ok {
						p.checkKeys(name, item, append([]string{"about", "type", "quote", "note"}, keys...))
					}
					f.Facts = append(f.Facts, fa)
				}
			}
		case "leftOut":
			for _, item := range p.sequence(name, val, key) {
				var lo seedLeftOut
				p.checkKeys(name, item, leftOutKeys)
				if p.decode(name, item, &lo) {
					lo.Line = item.Line
					f.LeftOut = append(f.LeftOut, lo)
				}
			}
		}
	}
	return f
}

func (p *parser) sequence(file string, n *yaml.Node, key string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.addf(file, n.Line, "%s must be a list", key)
		return nil
	}
	return n.Content
}

func (p *parser) checkKeys(file string, n *yaml.Node, allowed []string) {
	if n.Kind != yaml.MappingNode {
		p.addf(file, n.Line, "expected a mapping")
		return
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			p.addf(file, k.Line, "unknown field %q (allowed: %s)", k.Value, strings.Join(allowed, ", "))
		}
	}
}

func (p *parser) decode(file string, n *yaml.Node, into any) bool {
	err := n.Decode(into)
	if err == nil {
		return true
	}
	// yaml.v3 lists every type error of a mapping in one error; each becomes its own problem
	// with its own line, so that no message spans lines.
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			line := n.Line
			if m := yamlLine.FindStringSubmatch(e); m != nil {
				fmt.Sscan(m[1], &line)
				e = m[2]
			}
			p.addf(file, line, "wrong type: %s", oneLine(e))
		}
		return false
	}
	p.addf(file, n.Line, "wrong type: %s", oneLine(err.Error()))
	return false
}

// oneLine keeps a message on its line whatever text from the seed file it quotes.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var plainID = regexp.MustCompile(`^[A-Za-z0-9_.#-]+$`)

// show prints an id as it is when it is plain, quoted (escaping newlines) when it is not.
func show(id string) string {
	if plainID.MatchString(id) {
		return id
	}
	return strconv.Quote(id)
}

// define registers an id and reports a duplicate.
func (p *parser) define(id, label, file string, line int) {
	if prev, ok := p.defined[id]; ok {
		p.addf(file, line, "duplicate id %q (first defined at %s:%d)", id, prev.file, prev.line)
		return
	}
	p.defined[id] = definition{label: label, file: file, line: line}
}

func (p *parser) checkID(file string, line int, id, label string) {
	switch {
	case id == "":
		p.addf(file, line, "missing id")
	case !idPattern.MatchString(id):
		p.addf(file, line, "id %q is not lowercase kebab case", id)
	case !strings.HasPrefix(id, model.IDPrefix[label]):
		p.addf(file, line, "id %q of a %s must start with %q", id, label, model.IDPrefix[label])
	}
}

// collect checks a file's document and nodes and registers their ids.
func (p *parser) collect(f *seedFile) {
	if f.Format < 1 || f.Format > model.SeedFileFormat {
		p.addf(f.name, f.line, "format %d is not supported; this build reads formats 1 to %d", f.Format, model.SeedFileFormat)
	} else if f.Format < 2 && (len(f.Facts) > 0 || len(f.LeftOut) > 0) {
		p.addf(f.name, f.line, "facts and leftOut need format 2")
	}
	d := f.Document
	if d.ID == "" && d.File == "" {
		p.addf(f.name, f.line, "missing document")
		return
	}
	p.checkID(f.name, d.Line, d.ID, model.LabelDocument)
	p.define(d.ID, model.LabelDocument, f.name, d.Line)
	text, err := fs.ReadFile(p.fsys, path.Clean(d.File))
	if err != nil {
		p.addf(f.name, d.Line, "document file %q cannot be read: %s", d.File, oneLine(err.Error()))
		return
	}
	if p.docText == nil {
		p.docText = map[string]string{}
	}
	p.docText[d.ID] = string(text)
	doc := fold(string(text))
	p.docs[d.ID] = doc
	p.requireQuote(f.name, d.Line, doc, "title", d.Title)
	if d.Kind == "" {
		p.addf(f.name, d.Line, "document %s: missing kind", show(d.ID))
	}
	if d.Date != "" {
		if !datePattern.MatchString(d.Date) {
			p.addf(f.name, d.Line, "document %s: date %q is not YYYY-MM-DD", show(d.ID), d.Date)
		}
		p.requireQuote(f.name, d.Line, doc, "dateQuote", d.DateQuote)
	}

	for _, n := range f.Nodes {
		p.checkNode(f.name, doc, n)
	}
}

func (p *parser) requireQuote(file string, line int, doc folded, what, quote string) {
	if strings.TrimSpace(quote) == "" {
		p.addf(file, line, "missing %s", what)
		return
	}
	if doc.find(quote) < 0 {
		p.addf(file, line, "%s not found in the document: %q", what, short(quote))
	}
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

func (p *parser) checkNode(file string, doc folded, n seedNode) {
	rule, known := model.IDPrefix[n.Label]
	_ = rule
	if !known || n.Label == model.LabelDocument {
		p.addf(file, n.Line, "node %s: unknown label %q (allowed: %s)", show(n.ID), n.Label,
			strings.Join(model.Labels[:len(model.Labels)-1], ", "))
		return
	}
	p.checkID(file, n.Line, n.ID, n.Label)
	p.define(n.ID, n.Label, file, n.Line)
	if strings.TrimSpace(n.Name) == "" {
		p.addf(file, n.Line, "node %s: missing name", show(n.ID))
	}
	if len(n.Quotes) == 0 {
		p.addf(file, n.Line, "node %s: needs at least one quote", show(n.ID))
	}
	for i, q := range n.Quotes {
		p.requireQuote(file, n.Line, doc, fmt.Sprintf("node %s: quote %d", show(n.ID), i+1), q)
	}
	if n.Description != "" {
		p.requireQuote(file, n.Line, doc, fmt.Sprintf("node %s: description", show(n.ID)), n.Description)
	}
	need := func(field, value string) {
		if strings.TrimSpace(value) == "" {
			p.addf(file, n.Line, "node %s: %s needs %s", show(n.ID), n.Label, field)
		}
	}
	switch n.Label {
	case model.LabelRegion:
		need("kind", n.Kind)
	case model.LabelInitiative:
		need("kind", n.Kind)
	case model.LabelOrganisation:
		need("sector", n.Sector)
	case model.LabelBouwsteen:
		need("series", n.Series)
		if n.Number <= 0 {
			p.addf(file, n.Line, "node %s: a Bouwsteen needs a positive number", show(n.ID))
		}
	case model.LabelEvent:
		need("kind", n.Kind)
		need("date", n.Date)
	case model.LabelPublication:
		need("kind", n.Kind)
	}
	if n.Planned && n.Label != model.LabelEvent {
		p.addf(file, n.Line, "node %s: only an Event can be planned", show(n.ID))
	}
	if n.Date != "" {
		// A held event has its day; a planned one, or a publication, may be less precise.
		if d, err := model.ParseFactDate(n.Date); err != nil {
			p.addf(file, n.Line, "node %s: %v", show(n.ID), err)
		} else if n.Label == model.LabelEvent && !n.Planned && d.Precision != model.PrecisionDay {
			p.addf(file, n.Line, "node %s: date %q is not YYYY-MM-DD (only a planned event may have a less precise date)", show(n.ID), n.Date)
		}
	}
}

func (p *parser) checkRelations(f *seedFile) {
	doc, ok := p.docs[f.Document.ID]
	seen := map[string]int{}
	for _, r := range f.Relations {
		rule, known := model.RelationRules[r.Type]
		if r.Type == model.FundedBy {
			p.addf(f.name, r.Line, "%s is written as a funding fact (facts: type: funding), not as a relation", r.Type)
			continue
		}
		if !known {
			p.addf(f.name, r.Line, "unknown relation type %q (allowed: %s)", r.Type, strings.Join(relationTypes(), ", "))
			continue
		}
		for _, end := range []struct {
			side, id string
			allowed  []string
		}{{"from", r.From, rule.From}, {"to", r.To, rule.To}} {
			def, found := p.defined[end.id]
			switch {
			case end.id == "":
				p.addf(f.name, r.Line, "%s: missing %s", r.Type, end.side)
			case !found:
				p.addf(f.name, r.Line, "%s: %s %q is not defined in any seed file", r.Type, end.side, end.id)
			case !slices.Contains(end.allowed, def.label):
				p.addf(f.name, r.Line, "%s: %s %q is a %s; allowed: %s", r.Type, end.side, end.id, def.label, strings.Join(end.allowed, ", "))
			}
		}
		if ok {
			p.requireQuote(f.name, r.Line, doc, r.Type+" "+show(r.From)+" -> "+show(r.To)+": quote", r.Quote)
		}
		key := r.Type + "|" + r.From + "|" + r.To
		if prev, dup := seen[key]; dup {
			p.addf(f.name, r.Line, "%s %s -> %s is listed twice in this file (also at line %d)", r.Type, show(r.From), show(r.To), prev)
		}
		seen[key] = r.Line
	}
}

func relationTypes() []string {
	types := make([]string, 0, len(model.RelationRules))
	for t := range model.RelationRules {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// checkNames requires every node's name to stand in some document (ignoring case), or a
// nameNote saying why the name is a justified normalisation of what the text writes.
func (p *parser) checkNames(f *seedFile) {
	if p.lowered == nil { // once for all files: lowering every text per file made Parse quadratic
		p.lowered = make(map[string]string, len(p.docs))
		for id, d := range p.docs {
			p.lowered[id] = strings.ToLower(d.str)
		}
	}
	own := p.lowered[f.Document.ID]
	for _, n := range f.Nodes {
		if n.NameNote != "" || strings.TrimSpace(n.Name) == "" {
			continue
		}
		name := strings.ToLower(fold(n.Name).str)
		if strings.Contains(own, name) { // most names stand in their own file's document
			continue
		}
		found := false
		for _, d := range p.lowered {
			if found = strings.Contains(d, name); found {
				break
			}
		}
		if !found {
			p.addf(f.name, n.Line, "node %s: name %q occurs in no document; use the text's name, or add a nameNote saying why this one is a justified normalisation", show(n.ID), n.Name)
		}
	}
}
