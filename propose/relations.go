package propose

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// --- relations ------------------------------------------------------------------------------

// relate proposes a relation when its types and endpoints are allowed (model.RelationRules).
func (p *proposer) relate(typ string, from, to *Node, role, quote string, r Rule) {
	if from == nil || to == nil || from.ID == to.ID || quote == "" {
		return
	}
	rule, ok := model.RelationRules[typ]
	if !ok || !slices.Contains(rule.From, from.Label) || !slices.Contains(rule.To, to.Label) {
		return
	}
	key := typ + "|" + from.ID + "|" + to.ID
	if old := p.rels[key]; old != nil {
		if r.Confidence > old.Rule.Confidence {
			old.Rule = r
		}
		return
	}
	rel := &Relation{Type: typ, From: from.ID, To: to.ID, Role: role, Quote: quote, Rule: r}
	p.rels[key] = rel
	p.relOrder = append(p.relOrder, rel)
}

func (p *proposer) docNode() *Node {
	return &Node{ID: p.draft.Document.ID, Label: model.LabelDocument}
}

func (p *proposer) sectionOf(line int) *Node {
	for _, s := range p.sections {
		if line >= s.fromLine && line <= s.toLine {
			return s.node
		}
	}
	return nil
}

func labelIs(n *Node, labels ...string) bool { return slices.Contains(labels, n.Label) }

func (p *proposer) relations() {
	doc := p.docNode()
	for _, s := range p.sents {
		ms := p.in(s)
		low := strings.ToLower(s.text)
		// LOCATED_IN: "X in (de regio) Y", and everything in a sentence that starts "In Y". The
		// region belongs to the nearest of what stands before it: in "Yolk is verantwoordelijk
		// voor het programma P in Den Haag" P is in Den Haag, not Yolk.
		for i, a := range ms {
			if !labelIs(a.node, model.LabelInitiative, model.LabelOrganisation, model.LabelEvent) {
				continue
			}
			for j, b := range ms[i+1:] {
				if b.node.Label != model.LabelRegion || b.start-a.end > 200 || p.locatable(ms[i+1:i+1+j]) {
					continue
				}
				between := s.text[a.end-s.start : b.start-s.start]
				if j == 0 && namedBetweenRE.MatchString(between) {
					continue // a name not recognised stands nearer to the region ("… de Lokale Educatieve Agenda in het Westland")
				}
				if strings.Contains(" "+between+" ", " in ") || strings.Contains(between, "regio") {
					p.relate("LOCATED_IN", a.node, b.node, "", s.text, ruleLocatedIn)
				}
			}
		}
		if m := inStartRE.FindStringSubmatch(s.text); m != nil {
			if reg, ok := p.byKey[model.LabelRegion+"|"+norm(m[1])]; ok {
				for _, a := range ms {
					if labelIs(a.node, model.LabelInitiative, model.LabelOrganisation) {
						p.relate("LOCATED_IN", a.node, reg, "", s.text, ruleLocatedIn)
					}
				}
			}
		}
		if sec := p.sectionOf(s.line); sec != nil && headingRE.MatchString(p.lines[s.line]) {
			for _, b := range ms {
				if b.node.Label == model.LabelRegion {
					p.relate("LOCATED_IN", sec, b.node, "", s.text, ruleLocatedHeading)
				}
			}
		}
		// ABOUT: an initiative and a theme in one sentence.
		for _, a := range ms {
			if !labelIs(a.node, model.LabelInitiative, model.LabelBouwsteen) {
				continue
			}
			for _, b := range ms {
				if b.node.Label == model.LabelTheme {
					p.relate("ABOUT", a.node, b.node, "", s.text, ruleAboutSentence)
				}
			}
		}
		// LEARNS_FROM / INSPIRES from a cue phrase between two entities.
		for _, c := range learningCues {
			ci := strings.Index(low, c.Cue)
			if ci < 0 {
				continue
			}
			var before, after *Node
			for _, m := range ms {
				if !labelIs(m.node, model.LabelInitiative, model.LabelRegion, model.LabelOrganisation, model.LabelPerson, model.LabelProgramme, model.LabelEvent) {
					continue
				}
				if m.start-s.start < ci && before == nil {
					before = m.node
				}
				if m.start-s.start > ci && after == nil {
					after = m.node
				}
			}
			if before == nil {
				before = p.sectionOf(s.line)
			}
			r := ruleLearning
			if before == nil {
				// "We willen leren van X": we are the initiative just named.
				before, r = p.recentInitiative(s.start), ruleLearningRecent
			}
			if c.Reverse {
				before, after = after, before
			}
			p.relate(c.Type, before, after, c.Cue, s.text, r)
		}
		// INVOLVED_IN: "X is (nauw) betrokken bij Y" — a person and the initiative, programme or
		// event after the cue; with nothing named after it ("was vanaf het begin betrokken"),
		// the initiative the document is about, less surely.
		if _, ci := containsAny(low, involvedCues); ci >= 0 {
			var people []*Node
			var target *Node
			for _, m := range ms {
				at := m.start - s.start
				if m.node.Label == model.LabelPerson && at < ci {
					people = append(people, m.node) // "X is samen met Y betrokken bij"
				}
				if labelIs(m.node, model.LabelInitiative, model.LabelProgramme, model.LabelEvent) && at > ci && target == nil {
					target = m.node
				}
			}
			r := ruleInvolved
			if target == nil && !strings.Contains(low[ci:], " bij ") {
				if subj := p.subject(); subj != nil && subj.Label == model.LabelInitiative {
					target, r = subj, ruleInvolvedSubject
				}
			}
			for _, person := range people {
				p.relate("INVOLVED_IN", person, target, "", s.text, r)
			}
		}
		// COORDINATES: "X is verantwoordelijk voor (het programma) Y": the person or organisation
		// last named before the cue, or — for "Ze/Hij is verantwoordelijk" — the person the
		// sentence before names first.
		if _, ci := containsAny(low, coordinateCues); ci >= 0 {
			var who, target *Node
			for _, m := range ms {
				at := m.start - s.start
				if labelIs(m.node, model.LabelPerson, model.LabelOrganisation) && at < ci {
					who = m.node
				}
				if labelIs(m.node, model.LabelInitiative, model.LabelProgramme) && at > ci && target == nil {
					target = m.node
				}
			}
			r := ruleCoordinates
			if who == nil && pronounStartRE.MatchString(s.text) {
				who, r = p.personBefore(s), ruleCoordinatesPronoun
			}
			p.relate("COORDINATES", who, target, "", s.text, r)
		}
		// FUNDED_BY is not proposed as a relation: funding is a fact (facts.go), from which the
		// loader derives it.
		// ORGANISED: "… die de gemeente X organiseerde".
		if _, ci := containsAny(low, organiseCues); ci >= 0 && p.event != nil && eventNameRE.MatchString(s.text) {
			for _, m := range ms {
				if labelIs(m.node, model.LabelOrganisation) && m.start-s.start < ci {
					p.relate("ORGANISED", m.node, p.event, "", s.text, ruleOrganised)
				}
			}
		}
		// PARTNER_IN: organisations working together within an initiative: the one the sentence
		// names, else the initiative the document is about (a practice "binnen de pilot" of a
		// programme is the document's own initiative), else the programme the sentence names.
		// Working "samen met" each other is surer than being called "partners". A programme
		// after the cue is who they work with ("in samenwerking met Netwerk Met Andere Ogen"),
		// not what they work within.
		if cue, ci := containsAny(low, partnerCues); ci >= 0 {
			var target, prog *Node
			for _, m := range ms {
				if m.node.Label == model.LabelInitiative && target == nil {
					target = m.node
				}
				if m.node.Label == model.LabelProgramme && prog == nil && m.start-s.start < ci {
					prog = m.node
				}
			}
			r := rulePartnerIn
			if target == nil {
				if subj := p.subject(); subj != nil && subj.Label == model.LabelInitiative {
					target = subj
				} else {
					target = prog
				}
			}
			if cue != "partners" {
				r = rulePartnerWith
			}
			for _, m := range ms {
				if m.node.Label == model.LabelOrganisation {
					p.relate("PARTNER_IN", m.node, target, "", s.text, r)
				}
			}
		}
	}
	// A speaker at the document's event presented there; so did the initiatives of its headings.
	if p.event != nil {
		for _, n := range p.speakers {
			p.relate("PRESENTED_AT", n, p.event, "", n.Quotes[0], rulePresentedAt)
		}
		for _, sec := range p.sections {
			p.relate("PRESENTED_AT", sec.node, p.event, "", p.lines[sec.fromLine], rulePresentedAt)
		}
	}
	p.councillors()
	for _, b := range p.bouw {
		if p.event != nil {
			p.relate("DERIVED_FROM", b, p.event, "", b.Quotes[0], ruleDerived)
		} else {
			p.relate("DERIVED_FROM", b, doc, "", b.Quotes[0], ruleDerived)
		}
	}
	for _, a := range p.authors {
		p.relate("AUTHORED", a, doc, "", a.Quotes[len(a.Quotes)-1], ruleAuthored)
	}
	p.sectionRelations()
	p.partOfByName()
	subject := p.subject()
	// The document is about the themes it names; twice or more is surer than once.
	for _, n := range p.order {
		hits := p.themeHit[n]
		if len(hits) == 0 {
			continue
		}
		r, rs := ruleAboutDocument, ruleAboutSubject
		if len(hits) < 2 {
			r, rs = ruleAboutDocumentOne, ruleAboutSubjectOne
			// Twice is the bar; in a short text (a blog, a column) once stands out as much, for
			// the text itself (not for what it names at its start).
			if len(strings.Fields(p.text)) <= shortDocument {
				r = ruleAboutShortDocument
			}
		}
		p.relate("ABOUT", doc, n, "", p.sentenceAt(hits[0]).text, r)
		p.relate("ABOUT", subject, n, "", p.sentenceAt(hits[0]).text, rs)
	}
}

// subject is what the document is about as a whole: its event, else the initiative or
// programme its title names.
func (p *proposer) subject() *Node {
	if p.event != nil {
		return p.event
	}
	// The first lines name it: an initiative before a programme.
	end, lines := 0, 0
	for i, l := range p.lines {
		if strings.TrimSpace(l) != "" {
			lines++
		}
		if lines == 3 {
			end = p.lineStart(i + 1)
			break
		}
	}
	for _, label := range []string{model.LabelInitiative, model.LabelProgramme} {
		for _, m := range p.mentions {
			if m.start < end && m.node.Label == label {
				return m.node
			}
		}
	}
	return nil
}

// sectionText returns the text of a numbered section.
func (p *proposer) sectionText(sec section) string {
	return strings.Join(p.lines[sec.fromLine:sec.toLine+1], "\n")
}

// sectionRelations relates the initiative of every numbered section to what its section says:
// the themes it names, the bouwstenen it shares most words with, and — at an event about
// inspiration — the event it inspires, with its regions.
func (p *proposer) sectionRelations() {
	inspiring := false
	if p.lower != "" {
		_, i := containsAny(p.lower, inspirationWords)
		inspiring = i >= 0
	}
	if p.event != nil && p.event.Place != "" {
		if reg, ok := p.byKey[model.LabelRegion+"|"+norm(p.event.Place)]; ok {
			p.relate("LOCATED_IN", p.event, reg, "", p.event.Quotes[0], ruleEventPlace)
		}
	}
	for _, sec := range p.sections {
		from, to := p.lineStart(sec.fromLine), p.lineStart(sec.toLine+1)
		// Its region: the first one named in the heading or the line after it.
		var region *Node
		for _, m := range p.mentions {
			if m.start >= from && m.start < p.lineStart(sec.fromLine+3) && m.node.Label == model.LabelRegion {
				region = m.node
				p.relate("LOCATED_IN", sec.node, region, "", p.sentenceAt(m.start).text, ruleLocatedSection)
				break
			}
		}
		for _, m := range p.mentions {
			if m.start < from || m.start >= to {
				continue
			}
			if m.node.Label == model.LabelOrganisation && m.start < p.lineStart(sec.fromLine+1) && region != nil {
				p.relate("LOCATED_IN", m.node, region, "", p.lines[sec.fromLine], ruleHeadingOrgRegion)
			}
			if m.node.Label == model.LabelPerson && slices.Contains(p.speakers, m.node) && len(m.node.Functions) > 0 {
				fn := strings.ToLower(m.node.Functions[0])
				typ := "INVOLVED_IN"
				for _, f := range sectionLeadingFunctions {
					if strings.Contains(fn, f) {
						typ = "LEADS"
					}
				}
				p.relate(typ, m.node, sec.node, fn, p.sentenceAt(m.start).text, ruleSectionPerson)
			}
		}
		for _, m := range p.mentions {
			if m.start >= from && m.start < to && m.node.Label == model.LabelTheme {
				p.relate("ABOUT", sec.node, m.node, "", p.sentenceAt(m.start).text, ruleAboutSection)
			}
		}
		for _, b := range p.bouw {
			if q, ok := p.embodies(b, sec, from, to); ok {
				p.relate("EMBODIES", sec.node, b, "", q, ruleEmbodies)
			}
		}
		if p.event != nil && inspiring {
			p.relate("INSPIRES", sec.node, p.event, "", p.lines[sec.fromLine], ruleSectionInspires)
			for _, r := range p.relOrder {
				if r.Type == "LOCATED_IN" && r.From == sec.node.ID && r.Active() {
					p.relate("INSPIRES", p.byID[r.To], p.event, "", r.Quote, ruleSectionInspires)
				}
			}
		}
	}
}

// recentInitiative is the last initiative named in the two sentences before offset i.
func (p *proposer) recentInitiative(i int) *Node {
	k := sort.Search(len(p.sents), func(k int) bool { return p.sents[k].end > i })
	if k < 2 {
		return nil
	}
	from := p.sents[k-2].start
	var last *Node
	for _, m := range p.mentions {
		if m.start >= from && m.start < i && m.node.Label == model.LabelInitiative {
			last = m.node
		}
	}
	return last
}

// namedBetweenRE finds two capitalised words in a row: a name.
var namedBetweenRE = regexp.MustCompile(`\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+`)

// pronounStartRE matches a sentence that starts with a personal pronoun.
var pronounStartRE = regexp.MustCompile(`^(?:Ze|Zij|Hij)\s`)

// personBefore is the first person named in the sentence before s, if any.
func (p *proposer) personBefore(s sentence) *Node {
	k := sort.Search(len(p.sents), func(k int) bool { return p.sents[k].start >= s.start })
	if k == 0 {
		return nil
	}
	for _, m := range p.in(p.sents[k-1]) {
		if m.node.Label == model.LabelPerson {
			return m.node
		}
	}
	return nil
}

// councillors relates a wethouder or burgemeester named without an employer to the one
// municipality (gemeente X) the document names: that is who they work for.
func (p *proposer) councillors() {
	var gemeente *Node
	for _, n := range p.order {
		if n.Label == model.LabelOrganisation && strings.HasPrefix(strings.ToLower(n.Name), "gemeente ") {
			if gemeente != nil && gemeente != n {
				return // two municipalities: which one is not said
			}
			gemeente = n
		}
	}
	if gemeente == nil {
		return
	}
	for _, n := range p.speakers {
		if !containsAnyWord(strings.ToLower(strings.Join(n.Functions, " ")), councilFunctions) {
			continue
		}
		employed := false
		for _, r := range p.relOrder {
			employed = employed || (r.From == n.ID && r.Type == "WORKS_FOR")
		}
		if !employed {
			p.relate("WORKS_FOR", n, gemeente, "", n.Quotes[0], ruleCouncillor)
		}
	}
}

// locatable reports whether one of ms is an initiative, organisation or event: something
// nearer to a region named after them.
func (p *proposer) locatable(ms []mention) bool {
	for _, m := range ms {
		if labelIs(m.node, model.LabelInitiative, model.LabelOrganisation, model.LabelEvent) {
			return true
		}
	}
	return false
}

// lineStart is the byte offset of line i in the cleaned text.
func (p *proposer) lineStart(i int) int {
	off := 0
	for k := 0; k < i && k < len(p.lines); k++ {
		off += len(p.lines[k]) + 1
	}
	return off
}

var contentWord = regexp.MustCompile(`\p{L}{4,}`)

// stem is the first five letters of a word: enough to find "thuiszittende" by "thuiszitters".
func stem(w string) string {
	r := []rune(strings.ToLower(w))
	return string(r[:min(len(r), 5)])
}

// embodies reports whether a section holds most content words of a bouwsteen, and the sentence
// of the section that shares most of them.
func (p *proposer) embodies(b *Node, sec section, from, to int) (string, bool) {
	var want []string
	for _, w := range contentWord.FindAllString(b.Name, -1) {
		if !slices.Contains(stopwords, strings.ToLower(w)) {
			want = append(want, stem(w))
		}
	}
	if len(want) == 0 {
		return "", false
	}
	have := map[string]bool{}
	for _, w := range contentWord.FindAllString(p.sectionText(sec), -1) {
		have[stem(w)] = true
	}
	n := 0
	for _, w := range want {
		if have[w] {
			n++
		}
	}
	if float64(n)/float64(len(want)) < embodiesShare {
		return "", false
	}
	best, bestN := "", -1
	for _, s := range p.sents {
		if s.start < from || s.start >= to {
			continue
		}
		k := 0
		for _, w := range contentWord.FindAllString(s.text, -1) {
			if slices.Contains(want, stem(w)) {
				k++
			}
		}
		if k > bestN {
			best, bestN = s.text, k
		}
	}
	return best, best != ""
}

// partOfByName relates an event or initiative whose name holds a programme's name to it
// ("zesde Dialoogsessie Met Andere Ogen" is part of Met Andere Ogen; "Lerende Praktijk
// Veenendaal" of the Lerende Praktijken).
func (p *proposer) partOfByName() {
	for _, prog := range p.order {
		if prog.Label != model.LabelProgramme {
			continue
		}
		pn := " " + norm(prog.Name) + " "
		// "Lerende Praktijk Veenendaal" is one of the "Lerende Praktijken": the Dutch plural in -en.
		singular := ""
		if strings.HasSuffix(pn, "en ") && strings.Contains(strings.TrimSpace(pn), " ") {
			singular = pn[:len(pn)-3] + " "
		}
		for _, n := range p.order {
			if !labelIs(n, model.LabelEvent, model.LabelInitiative) {
				continue
			}
			for _, name := range append([]string{n.Name}, n.Aliases...) {
				nn := " " + norm(name) + " "
				if strings.Contains(nn, pn) || singular != "" && strings.HasPrefix(nn, singular) {
					p.relate("PART_OF", n, prog, "", n.Quotes[0], rulePartOfName)
					break
				}
			}
		}
	}
}

// finish orders the draft and keeps a relation only when both ends are written: a relation to a
// commented-out node is commented out too.
func (p *proposer) finish() {
	rank := map[string]int{}
	for i, l := range model.Labels {
		rank[l] = i
	}
	nodes := slices.Clone(p.order)
	sort.SliceStable(nodes, func(i, j int) bool { return rank[nodes[i].Label] < rank[nodes[j].Label] })
	p.draft.Nodes = nodes
	for _, r := range p.relOrder {
		for _, end := range []string{r.From, r.To} {
			if n, ok := p.byID[end]; ok && !n.Existing && !n.Active() && r.Rule.Confidence >= Threshold {
				r.Rule.Confidence = min(r.Rule.Confidence, n.Rule.Confidence)
				r.Rule.Name += "+" + n.Rule.Name
			}
		}
	}
	p.draft.Relations = p.relOrder
	for _, f := range p.draft.Facts {
		for _, id := range f.nodes() {
			if n, ok := p.byID[id]; ok && !n.Existing && !n.Active() && f.Rule.Confidence >= Threshold {
				f.Rule.Confidence = min(f.Rule.Confidence, n.Rule.Confidence)
				f.Rule.Name += "+" + n.Rule.Name
			}
		}
	}
}
