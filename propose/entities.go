package propose

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// --- entities -------------------------------------------------------------------------------

// sentenceAt returns the sentence around byte offset i.
func (p *proposer) sentenceAt(i int) sentence {
	k := sort.Search(len(p.sents), func(k int) bool { return p.sents[k].end > i })
	if k < len(p.sents) {
		return p.sents[k]
	}
	return sentence{}
}

// add proposes an entity, or strengthens the proposal already made for it. An entity of the
// graph with this label and name is referred to instead of proposed again.
func (p *proposer) add(label, name, quote string, r Rule, set func(*Node)) *Node {
	name = strings.Trim(strings.TrimSpace(name), ",.;:–-“”\"'‘’()")
	if name == "" || quote == "" {
		return nil
	}
	key := label + "|" + norm(name)
	n := p.byKey[key]
	if n == nil {
		if e, ok := p.g.Lookup(label, name); ok {
			n = p.byID[e.ID]
			if n == nil {
				n = &Node{ID: e.ID, Label: label, Name: e.Name, Existing: true}
			}
		}
	}
	if n == nil {
		n = &Node{ID: p.unique(model.IDPrefix[label] + slug(name, 6)), Label: label, Name: name}
		if e, ok := p.g.Similar(label, name); ok {
			n.MergeWith = e.ID
		}
		if set != nil {
			set(n)
		}
	}
	if _, seen := p.byID[n.ID]; !seen {
		p.byID[n.ID] = n
		p.order = append(p.order, n)
		for _, a := range n.Aliases {
			if p.byKey[label+"|"+norm(a)] == nil {
				p.byKey[label+"|"+norm(a)] = n
			}
		}
	}
	p.byKey[key] = n
	if r.Confidence > n.Rule.Confidence {
		n.Rule = r
	}
	if !slices.Contains(n.Quotes, quote) && len(n.Quotes) < 3 {
		n.Quotes = append(n.Quotes, quote)
	}
	return n
}

// gazetteer finds the graph's entities in the text by name and alias.
func (p *proposer) gazetteer() {
	for _, e := range p.g.Entries() {
		for _, name := range e.Names {
			fold := strings.Contains(name, " ") || name == strings.ToLower(name)
			if fold && p.lower == "" {
				fold = false
			}
			hits := findName(p.text, p.lower, name, fold)
			if len(hits) == 0 || len([]rune(name)) < 3 {
				continue
			}
			r := ruleGazetteer
			if !strings.Contains(name, " ") && len(name) < 6 {
				r = ruleGazetteerShort
			}
			p.add(e.Label, e.Name, p.sentenceAt(hits[0][0]).text, r, nil)
		}
	}
}

// Building blocks of the patterns: a capitalised word, a run of them (with the small words a
// Dutch name may hold), a person's name, and a function word.
const (
	capWord  = `\p{Lu}[\p{L}\p{N}&'’-]*`
	capSeq   = capWord + `(?:\s+(?:(?:en|de|der|den|voor|van|het)\s+)?` + capWord + `)*`
	personRE = `\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+(?:van|de|den|der|ten|ter|te)){0,3}\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`
)

var (
	functionRE  = `(?i:[\p{L}-]*(?:` + strings.Join(functionStems, "|") + `))`
	orgPrefixRE = func() *regexp.Regexp {
		words := make([]string, len(orgPrefixes))
		for i, o := range orgPrefixes {
			words[i] = regexp.QuoteMeta(o.Word)
		}
		return regexp.MustCompile(`\b(` + strings.Join(words, "|") + `)\s+(` + capSeq + `)`)
	}()
	capSeqRE    = regexp.MustCompile(capSeq)
	regionCueRE = func() *regexp.Regexp {
		words := make([]string, len(regionCues))
		for i, c := range regionCues {
			words[i] = regexp.QuoteMeta(c.Word)
		}
		return regexp.MustCompile(`(?:^|\s|\()(` + strings.Join(words, "|") + `)\s+(` + capSeq + `)`)
	}()
	aroundRE   = regexp.MustCompile(`(` + capSeq + `)\s*\((?:rond|regio)\s+(` + capSeq + `)\)`)
	regionList = regexp.MustCompile(`\bin (` + capSeq + `(?:,\s+` + capSeq + `)+\s+en\s+` + capSeq + `)`)
	inMidRE    = regexp.MustCompile(`\S\s+in (` + capSeq + `)`)
	orgListRE  = func() *regexp.Regexp {
		words := make([]string, len(orgListCues))
		for i, c := range orgListCues {
			words[i] = c.Word
		}
		return regexp.MustCompile(`\b(` + strings.Join(words, "|") + `)\s*[–:-]\s*(` + capSeq + `(?:,\s*` + capSeq + `)*\s+en\s+` + capSeq + `)`)
	}()
	listSplit  = regexp.MustCompile(`,\s*|\s+en\s+`)
	inStartRE  = regexp.MustCompile(`^In (` + capSeq + `)(?:\s+(?:zijn|is|werkten|werken|werkt|hebben|heeft|wordt|worden|staan|kwam|komen|was|waren)\b|\s*\()`)
	personAtRE = regexp.MustCompile(personRE)
	personFunc = regexp.MustCompile(`(?:(` + functionRE + `(?:\s+\p{Lu}\p{Ll}+)?)\s+)?(` + personRE + `)`)
	// personFuncPlain reads "directeur-bestuurder Astrid Ottenheym van Samenwerkingsverband …"
	// when the qualified reading would make "Ottenheym van Samenwerkingsverband" the name.
	personFuncPlain = regexp.MustCompile(`^(?:(` + functionRE + `)\s+)?(` + personRE + `)`)
	funcBefore      = regexp.MustCompile(`(?:^|[\s(])(` + functionRE + `)(?:\s+\p{Lu}\p{Ll}+)?\s+$`)
	funcAfter       = regexp.MustCompile(`^(?:,\s+(?:tevens\s+|werkzaam als\s+)?|\s+(?:is|was|werkt als|werkte als)\s+)(` + functionRE + `)`)
	employerRE      = regexp.MustCompile(`^((?:\s+[\p{Ll}-]+){0,3}?)\s+(?:van|bij)\s+(?:de\s+|het\s+)?((?:[\p{Ll}-]+\s+)??((?:(?:gemeente|samenwerkingsverband|stichting|hogeschool)\s+)?` + capSeq + `))`)
	directOrg       = regexp.MustCompile(`^\s+((?:SWV|Samenwerkingsverband|Stichting|Gemeente)\s+` + capSeq + `)`)
	moreFunc        = regexp.MustCompile(`^\s+(?:en|,)\s+(` + functionRE + `)`)
	headingRE       = regexp.MustCompile(`^(\d{1,2})\.\s+(.+)$`)
)

// sectorOf guesses an organisation's sector from its name; "" when nothing says.
func sectorOf(name string) string {
	for _, o := range orgPrefixes {
		if strings.HasPrefix(name, o.Word+" ") {
			return o.Sector
		}
	}
	for _, w := range orgSectorWords {
		for _, word := range strings.Fields(name) {
			if strings.HasSuffix(word, w.Suffix) {
				return w.Sector
			}
		}
	}
	return ""
}

func (p *proposer) organisations(s sentence) {
	for _, m := range orgListRE.FindAllStringSubmatch(s.text, -1) {
		sector := "school"
		for _, c := range orgListCues {
			if c.Word == m[1] {
				sector = c.Sector
			}
		}
		for _, item := range listSplit.Split(m[2], -1) {
			p.add(model.LabelOrganisation, item, s.text, ruleOrgList, func(n *Node) { n.Sector = sector })
		}
	}
	for _, m := range orgPrefixRE.FindAllStringSubmatch(s.text, -1) {
		prefix, rest := m[1], m[2]
		name := prefix + " " + rest
		org := p.add(model.LabelOrganisation, name, s.text, ruleOrgPrefix, func(n *Node) { n.Sector = sectorOf(name) })
		if strings.EqualFold(prefix, "gemeente") {
			reg := p.add(model.LabelRegion, rest, s.text, ruleGemeente, func(n *Node) { n.Kind = "gemeente" })
			p.relate("LOCATED_IN", org, reg, "", s.text, ruleGemeenteIn)
		}
	}
	for _, m := range capSeqRE.FindAllString(s.text, -1) {
		words := strings.Fields(m)
		if len(words) < 2 {
			continue
		}
		last := words[len(words)-1]
		for _, w := range orgSectorWords {
			if strings.HasSuffix(last, w.Suffix) && last != strings.ToUpper(last) {
				sector := w.Sector
				p.add(model.LabelOrganisation, m, s.text, ruleOrgSectorWord, func(n *Node) { n.Sector = sector })
				break
			}
		}
	}
}

func isPlace(name string) bool {
	first := strings.Fields(name)[0]
	return !slices.Contains(notPlaces, first) && !slices.Contains(notPlaces, name)
}

func (p *proposer) regions(s sentence) {
	for _, m := range aroundRE.FindAllStringSubmatch(s.text, -1) {
		if f := strings.Fields(m[1]); len(f) > 1 && slices.Contains(notPlaces, f[0]) {
			m[1] = strings.Join(f[1:], " ")
		}
		if !isPlace(m[1]) {
			continue
		}
		area := p.add(model.LabelRegion, m[1], s.text, ruleRegionCue, func(n *Node) { n.Kind = "regio" })
		town := p.add(model.LabelRegion, m[2], s.text, ruleRegionCue, func(n *Node) { n.Kind = "gemeente" })
		p.relate("PART_OF", town, area, "", s.text, ruleRegionCue)
	}
	for _, m := range regionCueRE.FindAllStringSubmatch(s.text, -1) {
		if !isPlace(m[2]) {
			continue
		}
		kind := "regio"
		for _, c := range regionCues {
			if c.Word == m[1] {
				kind = c.Kind
			}
		}
		p.add(model.LabelRegion, m[2], s.text, ruleRegionCue, func(n *Node) { n.Kind = kind })
	}
	if m := inStartRE.FindStringSubmatch(s.text); m != nil && isPlace(m[1]) {
		p.add(model.LabelRegion, m[1], s.text, ruleRegionIn, func(n *Node) { n.Kind = "gemeente" })
	}
	for _, m := range regionList.FindAllStringSubmatch(s.text, -1) {
		for _, item := range listSplit.Split(m[1], -1) {
			if isPlace(item) {
				p.add(model.LabelRegion, item, s.text, ruleRegionList, func(n *Node) { n.Kind = "gemeente" })
			}
		}
	}
	// "in het Westland.", "in de Achterhoek,": a landscape region named with its article; one
	// capitalised word that ends the phrase, so "in het Voortgezet Onderwijs" is not one.
	for _, m := range articleRegionRE.FindAllStringSubmatch(s.text, -1) {
		if isPlace(m[1]) {
			p.add(model.LabelRegion, m[1], s.text, ruleRegionArticle, func(n *Node) { n.Kind = "regio" })
		}
	}
	for _, m := range inMidRE.FindAllStringSubmatch(s.text, -1) {
		if isPlace(m[1]) && !strings.Contains(m[1], " ") {
			if _, known := p.lookupAny(m[1]); !known {
				p.add(model.LabelRegion, m[1], s.text, ruleRegionInSentence, func(n *Node) { n.Kind = "gemeente" })
			}
		}
	}
}

// nameStop ends the lowercase tail of a name ("het programma Samenwerking passend onderwijs en
// jeugdhulp in Den Haag" stops at "in").
var nameStop = []string{"in", "op", "met", "voor", "van", "vanuit", "die", "dat", "is", "was", "werd", "wordt",
	"heeft", "hebben", "om", "te", "zijn", "door", "bij", "naar", "als", "de", "het", "een", "waar", "dit",
	"opgezet", "loopt", "kan", "en", "of", "ook", "al", "nu", "zo", "er", "aan", "uit", "tot", "wat"}

var wordRE = regexp.MustCompile(`^\s+([\p{Ll}][\p{L}-]*)`)

// nameAt reads a name that starts at s: a run of capitalised words, then at most four lowercase
// words that end before a stop word (or a connecting "en" followed by more).
func nameAt(s string, tailWords bool) string {
	m := capSeqRE.FindStringIndex(s)
	if m == nil || m[0] != 0 {
		return ""
	}
	end := m[1]
	tail, words := end, 0
	for tailWords && words < 5 {
		w := wordRE.FindStringSubmatchIndex(s[tail:])
		if w == nil {
			break
		}
		word := s[tail+w[2] : tail+w[3]]
		if word == "en" && words > 0 {
			if n := wordRE.FindStringSubmatchIndex(s[tail+w[1]:]); n != nil {
				tail += w[1]
				words++
				continue
			}
		}
		if slices.Contains(nameStop, word) {
			break
		}
		tail += w[1]
		words++
		end = tail
	}
	return strings.TrimRight(s[:end], " ")
}

// isProgramme reports whether a name has a programme word.
func isProgramme(name string) bool {
	for _, w := range strings.Fields(name) {
		if slices.Contains(programmeWords, w) {
			return true
		}
	}
	return false
}

// programme proposes a programme; a programme word that starts a longer name is left out of it.
func (p *proposer) programme(name, quote string) *Node {
	full := name
	if f := strings.Fields(name); len(f) > 2 && slices.Contains(programmeWords, f[0]) {
		name = strings.Join(f[1:], " ")
	}
	return p.add(model.LabelProgramme, name, quote, ruleProgramme, func(n *Node) {
		if full != name {
			n.Aliases = []string{full}
		}
	})
}

var programmeRE = regexp.MustCompile(capSeq)

// programmes proposes every capitalised name with a programme word.
// hasOrgWord reports whether a name holds a word that starts an organisation's or programme's
// name ("Samenwerkingsverband"), so it is no person's name.
func hasOrgWord(name string) bool {
	for _, w := range strings.Fields(name) {
		for _, o := range orgPrefixes {
			if w == o.Word {
				return true
			}
		}
		if slices.Contains(programmeWords, w) {
			return true
		}
	}
	return false
}

var leadingSmallWord = regexp.MustCompile(`^.*\s(?:de|het|van|voor|der|den)\s`)

func (p *proposer) programmes(s sentence) {
	for _, m := range programmeRE.FindAllString(s.text, -1) {
		if i := strings.Index(m, " van "); i > 0 {
			m = m[:i]
		}
		// "Over de Lerende Praktijken": the name starts after the last small word.
		m = leadingSmallWord.ReplaceAllString(m, "")
		for f := strings.Fields(m); len(f) > 2 && slices.Contains(documentWords, f[0]); f = f[1:] {
			m = strings.Join(f[1:], " ")
		}
		if len(strings.Fields(m)) >= 2 && isProgramme(m) {
			p.programme(m, s.text)
		}
	}
}

// placeApproachRE finds an approach named after a place: "de Haagse aanwezigheidsaanpak",
// "de Utrechtse aanpak" (an adjective of a place, ending in -se, before a word ending in aanpak).
var placeApproachRE = regexp.MustCompile(`\b(?:de|De)\s+(\p{Lu}\p{Ll}+se\s+\p{Ll}*aanpak)\b`)

func (p *proposer) initiatives(s sentence) {
	for _, m := range placeApproachRE.FindAllStringSubmatch(s.text, -1) {
		p.add(model.LabelInitiative, m[1], s.text, ruleInitiativePlaceApproach, func(n *Node) { n.Kind = "aanpak" })
	}
	for _, c := range initiativeCues {
		for from := 0; ; {
			i := strings.Index(s.text[from:], c.Word+" ")
			if i < 0 {
				break
			}
			i += from
			from = i + len(c.Word)
			if wordBefore(s.text, i) {
				continue
			}
			name := nameAt(s.text[from+1:], !c.InName)
			if name == "" || !isPlace(name) {
				continue
			}
			place := ""
			if c.InName {
				place, name = name, c.Word+" "+name
			}
			// "Lerende Praktijken van Met Andere Ogen": the part after "van" is what it belongs to.
			parent := ""
			if i := strings.Index(name, " van "); i > 0 && i+5 < len(name) && unicode.IsUpper([]rune(name[i+5:])[0]) {
				name, parent = name[:i], name[i+5:]
			}
			kind := c.Kind
			var n *Node
			// A name the text already gives another label ("het programma Met Andere Ogen") is that.
			if e, ok := p.lookupAny(name); ok && e.Label != model.LabelInitiative && e.Label != model.LabelTheme {
				if e.Label != model.LabelProgramme && e.Label != model.LabelOrganisation {
					continue
				}
				n = p.add(e.Label, e.Name, s.text, ruleInitiativeCue, nil)
			} else if isProgramme(name) {
				n = p.programme(name, s.text)
			} else {
				n = p.add(model.LabelInitiative, name, s.text, ruleInitiativeCue, func(n *Node) { n.Kind = kind })
			}
			if place != "" && isPlace(place) {
				reg := p.add(model.LabelRegion, place, s.text, ruleRegionOfPractice, func(n *Node) { n.Kind = "gemeente" })
				p.relate("LOCATED_IN", n, reg, "", s.text, ruleRegionOfPractice)
			}
			if parent != "" {
				par, ok := p.lookupAny(parent)
				if !ok {
					par = p.programme(parent, s.text)
				} else if p.byID[par.ID] == nil {
					par = p.add(par.Label, par.Name, s.text, rulePartOfVan, nil)
				}
				p.relate("PART_OF", n, par, "", s.text, rulePartOfVan)
			}
		}
	}
}

// lookupAny finds a name among the proposals and the graph, whatever its label.
func (p *proposer) lookupAny(name string) (*Node, bool) {
	for _, l := range model.Labels {
		if n := p.byKey[l+"|"+norm(name)]; n != nil {
			return n, true
		}
		if e, ok := p.g.Lookup(l, name); ok {
			return &Node{ID: e.ID, Label: e.Label, Name: e.Name, Existing: true}, true
		}
	}
	return nil, false
}

// headingCut ends an initiative's name in a numbered heading: what follows names its place.
var headingCut = regexp.MustCompile(`\s+(?:in de regio|in de gemeente|in regio|in|regio|bij)\s+`)

// headings proposes an initiative for every numbered heading (a short numbered line without a
// final full stop, followed by running text).
func (p *proposer) headings() {
	var open *section
	for i, l := range p.lines {
		if open != nil && i+1 < len(p.lines) && bouwItemRE.MatchString(p.lines[i+1]) && p.inBouwsteenList(i+1) {
			open.toLine, open = i-1, nil // the list of principles ends the last section
		}
		m := headingRE.FindStringSubmatch(l)
		if m == nil || strings.HasSuffix(l, ".") || len(l) > 90 || p.inBouwsteenList(i) {
			continue
		}
		name := m[2]
		if loc := headingCut.FindStringIndex(name); loc != nil {
			name = name[:loc[0]]
		}
		kind := "aanpak"
		low := strings.ToLower(m[2])
		for _, k := range []string{"project", "pilot", "arrangement", "programma", "netwerk"} {
			if strings.Contains(low, k) {
				kind = k
			}
		}
		n := p.add(model.LabelInitiative, name, l, ruleInitiativeHead, func(n *Node) { n.Kind = kind })
		if open != nil {
			open.toLine = i - 1
		}
		p.sections = append(p.sections, section{fromLine: i, toLine: len(p.lines) - 1, node: n})
		open = &p.sections[len(p.sections)-1]
	}
}

// inBouwsteenList reports whether line i is an item of a numbered list of principles.
func (p *proposer) inBouwsteenList(i int) bool {
	for j := i; j >= 0 && j > i-12; j-- {
		if headingRE.MatchString(p.lines[j]) || strings.TrimSpace(p.lines[j]) == "" {
			continue
		}
		low := strings.ToLower(p.lines[j])
		_, k := containsAny(low, bouwsteenHeadings)
		return k >= 0 && len(low) < 160
	}
	return false
}

var eventNameRE = func() *regexp.Regexp {
	words := make([]string, len(eventWords))
	for i, e := range eventWords {
		words[i] = e.Word
	}
	return regexp.MustCompile(`(?i:\b(` + strings.Join(words, "|") + `))((?:\s+#\d+)|(?:\s+\p{Lu}\p{Ll}+)+)?`)
}()

var articleRegionRE = regexp.MustCompile(`\bin (?:het|de) (\p{Lu}\p{Ll}{3,})(?:[.,;:!?]|$)`)

var placeAfterRE = regexp.MustCompile(`^\s*(?:,|vanuit|in|te)\s+(` + capSeq + `)`)

// events proposes the document's event: the first sentence that names an event word and a date.
func (p *proposer) events() {
	for _, s := range p.sents {
		em := eventNameRE.FindStringSubmatchIndex(s.text)
		if em == nil {
			continue
		}
		dm := datePattern.FindStringSubmatchIndex(s.text)
		if dm == nil {
			continue
		}
		word := strings.ToLower(s.text[em[2]:em[3]])
		kind := word
		for _, e := range eventWords {
			if e.Word == word {
				kind = e.Kind
			}
		}
		date := parseDate([]string{s.text[dm[0]:dm[1]], s.text[dm[2]:dm[3]], s.text[dm[4]:dm[5]], s.text[dm[6]:dm[7]]})
		place := ""
		if pm := placeAfterRE.FindStringSubmatch(s.text[dm[1]:]); pm != nil {
			place = pm[1]
		}
		// The best name: one with a number ("Dialoogsessie #6"), else the longest the text gives.
		name, alias := "", s.text[em[0]:em[1]]
		for _, m := range eventNameRE.FindAllStringSubmatch(p.text, -1) {
			if strings.HasPrefix(strings.TrimSpace(m[2]), "#") {
				name = m[0]
				break
			}
			if len(m[0]) > len(name) && m[2] != "" && strings.ToUpper(m[0]) != m[0] {
				name = m[0]
			}
		}
		if name == "" {
			name = alias
		}
		name = strings.ToUpper(name[:1]) + name[1:]
		if place == "" {
			// "Netwerkbijeenkomst Veenendaal": a region of the graph that ends the name is its place.
			if _, rest, ok := strings.Cut(name, " "); ok {
				if _, known := p.byKey[model.LabelRegion+"|"+norm(rest)]; known {
					place = rest
				}
			}
		}
		n := p.add(model.LabelEvent, name, s.text, ruleEvent, func(n *Node) {
			n.Kind, n.Date, n.Place = kind, date, place
			if !strings.EqualFold(alias, name) {
				n.Aliases = []string{alias}
			}
		})
		if n != nil && n.Date != "" {
			p.event = n
		}
		return
	}
}

var bouwItemRE = regexp.MustCompile(`^(\d{1,2})\.\s+(.+)\.$`)

// bouwstenen proposes every item of a numbered list of principles under a line that announces
// them ("bouwstenen voor …").
func (p *proposer) bouwstenen() {
	for i, l := range p.lines {
		m := bouwItemRE.FindStringSubmatch(l)
		if m == nil || !p.inBouwsteenList(i) {
			continue
		}
		num, _ := strconv.Atoi(m[1])
		series := p.series(i)
		n := p.add(model.LabelBouwsteen, m[2], l, ruleBouwsteen, func(n *Node) {
			n.Series, n.Number = series, num
			n.ID = p.unique("bouwsteen-" + slug(series, 4) + "-" + m[1])
		})
		if n != nil && !n.Existing {
			p.bouw = append(p.bouw, n)
		}
	}
}

var seriesNumberRE = regexp.MustCompile(`#\d+`)

// series names a list of principles by the document title up to its number ("MAO DIALOOG #6"),
// else by the title.
func (p *proposer) series(line int) string {
	title := p.draft.Document.Title
	for j := line; j >= 0; j-- {
		if num := seriesNumberRE.FindString(p.lines[j]); num != "" {
			if k := strings.Index(title, num); k >= 0 {
				title = title[:k+len(num)]
			}
			break
		}
	}
	return strings.TrimSpace(title)
}

// people finds a person with a function ("projectleider X", "X, directeur van Y", "X is
// adviseur bij Y") and their employer.
func (p *proposer) people(s sentence) {
	for _, all := range personFunc.FindAllStringSubmatchIndex(s.text, -1) {
		if hasOrgWord(s.text[all[4]:all[5]]) {
			plain := personFuncPlain.FindStringSubmatchIndex(s.text[all[0]:])
			if plain == nil {
				continue
			}
			for i := range plain {
				if plain[i] >= 0 {
					plain[i] += all[0]
				}
			}
			all = plain
			if hasOrgWord(s.text[all[4]:all[5]]) {
				continue
			}
		}
		loc := all[4:6]
		name := s.text[loc[0]:loc[1]]
		if n, ok := p.lookupAny(name); ok && n.Label != model.LabelPerson {
			continue // a name of an organisation, initiative or place
		}
		var functions []string
		if all[2] >= 0 {
			functions = append(functions, s.text[all[2]:all[3]])
		} else if m := funcBefore.FindStringSubmatch(s.text[:loc[0]]); m != nil {
			functions = append(functions, m[1])
		}
		rest := s.text[loc[1]:]
		var employers []string
		if m := funcAfter.FindStringSubmatchIndex(rest); m != nil {
			functions = append(functions, rest[m[2]:m[3]])
			rest = rest[m[1]:]
			for {
				if e := employerRE.FindStringSubmatchIndex(rest); e != nil {
					functions[len(functions)-1] += rest[e[2]:e[3]]
					employers = append(employers, p.employerName(rest[e[4]:e[5]], rest[e[6]:e[7]]))
					rest = rest[e[1]:]
				} else if e := directOrg.FindStringSubmatchIndex(rest); e != nil {
					employers = append(employers, rest[e[2]:e[3]])
					rest = rest[e[1]:]
				} else {
					break
				}
				if f := moreFunc.FindStringSubmatchIndex(rest); f != nil {
					functions = append(functions, rest[f[2]:f[3]])
					rest = rest[f[1]:]
					continue
				}
				break
			}
		} else if len(functions) == 1 {
			if e := employerRE.FindStringSubmatchIndex(rest); e != nil && e[2] == e[3] {
				employers = append(employers, p.employerName(rest[e[4]:e[5]], rest[e[6]:e[7]]))
			}
		}
		if len(functions) == 0 {
			continue
		}
		fs := functions
		person := p.add(model.LabelPerson, name, s.text, rulePersonFunction, func(n *Node) { n.Functions = fs })
		if person == nil {
			continue
		}
		p.speakers = append(p.speakers, person)
		for i, emp := range employers {
			fn := functions[min(i, len(functions)-1)]
			p.employ(person, fn, emp, s.text)
		}
	}
}

// employerName prefers the employer's name with the word before it when that is a known
// name ("buurtteam VO&SO" is the initiative Buurtteam VO&SO).
func (p *proposer) employerName(withWord, name string) string {
	if _, ok := p.lookupAny(withWord); ok {
		return withWord
	}
	return name
}

// employ relates a person to the organisation or initiative their function is at.
func (p *proposer) employ(person *Node, function, employer, quote string) {
	role := strings.ToLower(strings.Fields(function)[0])
	target, ok := p.lookupAny(employer)
	if !ok {
		sector := sectorOf(employer)
		if sector == "" {
			sector = "onderwijs"
		}
		target = p.add(model.LabelOrganisation, employer, quote, ruleEmployer, func(n *Node) { n.Sector = sector })
	} else if !target.Existing || p.byID[target.ID] == nil {
		target = p.add(target.Label, target.Name, quote, ruleEmployer, nil)
	}
	if target == nil {
		return
	}
	leading := false
	for _, f := range leadingFunctions {
		if strings.Contains(role, f) {
			leading = true
		}
	}
	orgLead := false
	for _, f := range orgLeadingFunctions {
		if strings.Contains(role, f) {
			orgLead = true
		}
	}
	switch {
	case target.Label == model.LabelOrganisation && orgLead:
		// A director leads the organisation and works for it.
		p.relate("LEADS", person, target, role, quote, ruleLeadsOrg)
		p.relate("WORKS_FOR", person, target, role, quote, ruleWorksFor)
	case target.Label == model.LabelOrganisation:
		p.relate("WORKS_FOR", person, target, role, quote, ruleWorksFor)
	case leading:
		p.relate("LEADS", person, target, role, quote, ruleLeadsFunction)
	default:
		p.relate("INVOLVED_IN", person, target, role, quote, ruleLeadsFunction)
	}
}

var bylineRE = regexp.MustCompile(`^(?:(?:Tekst|Door|Auteurs?|Geschreven door):\s*)?(` + personRE + `)((?:\s*(?:,|en)\s+` + personRE + `)*)$`)

// byline proposes the authors named on a line of their own near the start or end.
func (p *proposer) byline() {
	var nonEmpty []int
	for i, l := range p.lines {
		if strings.TrimSpace(l) != "" {
			nonEmpty = append(nonEmpty, i)
		}
	}
	for k, i := range nonEmpty {
		if k > 3 && k < len(nonEmpty)-4 {
			continue
		}
		l := p.lines[i]
		if !bylineRE.MatchString(l) {
			continue
		}
		for _, name := range personAtRE.FindAllString(l, -1) {
			if n := p.add(model.LabelPerson, name, l, ruleByline, nil); n != nil {
				p.authors = append(p.authors, n)
			}
		}
	}
}

// themes proposes every theme of the lexicon the text names, with the graph's id when the
// graph has it.
func (p *proposer) themes() {
	p.themeHit = map[*Node][]int{}
	if p.lower == "" {
		return
	}
	for _, t := range themeLexicon {
		var hits []int
		for _, cue := range t.Cues {
			for from := 0; ; {
				i := strings.Index(p.lower[from:], cue)
				if i < 0 {
					break
				}
				i += from
				from = i + len(cue)
				if !wordBefore(p.lower, i) {
					hits = append(hits, i)
				}
			}
		}
		if len(hits) == 0 {
			continue
		}
		sort.Ints(hits)
		n := p.add(model.LabelTheme, t.Name, p.sentenceAt(hits[0]).text, ruleTheme, nil)
		if n != nil {
			p.themeHit[n] = append(p.themeHit[n], hits...)
		}
	}
}

// findMentions finds every name and alias of every proposed entity in the text.
func (p *proposer) findMentions() {
	for _, n := range p.order {
		names := append([]string{n.Name}, n.Aliases...)
		if n.Existing {
			if e, ok := p.g.ids[n.ID]; ok {
				names = e.Names
			}
		}
		for _, name := range names {
			if len([]rune(name)) < 3 {
				continue
			}
			fold := strings.Contains(name, " ") && p.lower != ""
			for _, h := range findName(p.text, p.lower, name, fold) {
				p.mentions = append(p.mentions, mention{h[0], h[1], n})
			}
		}
		for _, h := range p.themeHit[n] {
			p.mentions = append(p.mentions, mention{h, h + 1, n})
		}
	}
	sort.Slice(p.mentions, func(i, j int) bool {
		if p.mentions[i].start != p.mentions[j].start {
			return p.mentions[i].start < p.mentions[j].start
		}
		return p.mentions[i].end > p.mentions[j].end
	})
	// Drop mentions inside a longer one ("Den Haag" inside "Gemeente Den Haag").
	var kept []mention
	for _, m := range p.mentions {
		if len(kept) > 0 && m.start < kept[len(kept)-1].end && m.node.Label != model.LabelTheme {
			continue
		}
		kept = append(kept, m)
	}
	p.mentions = kept
}

// in returns the mentions within a sentence, in text order.
func (p *proposer) in(s sentence) []mention {
	var out []mention
	for _, m := range p.mentions {
		if m.start >= s.start && m.end <= s.end {
			out = append(out, m)
		}
	}
	return out
}
