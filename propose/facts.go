package propose

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
)

// Fact is a proposed typed fact (seeds/FORMAT.md "Facts"): about a node, of one type, with the
// fields of that type, a verbatim quote and the rule that proposed it.
type Fact struct {
	Type      string  `json:"type"`
	About     string  `json:"about"`
	Value     float64 `json:"value,omitempty"`
	Unit      string  `json:"unit,omitempty"`
	Counted   string  `json:"counted,omitempty"`
	Qualifier string  `json:"qualifier,omitempty"`
	Start     string  `json:"start,omitempty"`
	End       string  `json:"end,omitempty"`
	Duration  string  `json:"duration,omitempty"`
	Source    string  `json:"source,omitempty"`
	Share     float64 `json:"share,omitempty"`
	Amount    float64 `json:"amount,omitempty"`
	Role      string  `json:"role,omitempty"`
	In        string  `json:"in,omitempty"`
	Text      string  `json:"text,omitempty"` // a goal or result shorter than its quote, as a curator writes it
	Quote     string  `json:"quote"`
	Rule      Rule    `json:"rule"`
	Decision  string  `json:"decision,omitempty"`
}

// Active reports whether the fact is written uncommented.
func (f *Fact) Active() bool {
	switch f.Decision {
	case Accept:
		return true
	case Reject:
		return false
	}
	return f.Rule.Confidence >= Threshold
}

// nodes lists the ids the fact refers to.
func (f *Fact) nodes() []string {
	out := []string{f.About}
	for _, id := range []string{f.Source, f.In} {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// key tells two facts apart: the same statement proposed twice is kept once.
func (f *Fact) key() string {
	return fmt.Sprintf("%s|%s|%v|%s|%s|%s|%s|%s|%s|%s", f.Type, f.About, f.Value, f.Unit, f.Start, f.End, f.Duration, f.Source, f.In, f.Quote)
}

// addFact keeps a fact whose subject may carry it (model.FactTypes) and whose numbers stand in
// its quote as the loader requires.
func (p *proposer) addFact(f *Fact) {
	if f.About == "" || f.Quote == "" {
		return
	}
	n := p.byID[f.About]
	if n == nil || !slices.Contains(model.FactTypes[f.Type], n.Label) {
		return
	}
	for _, v := range []float64{f.Value, f.Share, f.Amount} {
		if v != 0 && !loader.MentionsNumber(f.Quote, v) {
			return
		}
	}
	if f.Duration != "" {
		v, _ := strconv.ParseFloat(strings.Fields(f.Duration)[0], 64)
		if !loader.MentionsNumber(f.Quote, v) {
			return
		}
	}
	for _, d := range []string{f.Start, f.End} {
		if d != "" && !strings.Contains(f.Quote, d[:4]) {
			return
		}
	}
	k := f.key()
	if p.factKeys[k] {
		return
	}
	p.factKeys[k] = true
	p.draft.Facts = append(p.draft.Facts, f)
}

// How far a fact's subject was found from the sentence.
const (
	inSentence = iota // named in the sentence
	inSection         // the initiative of the sentence's numbered section
	ofEvent           // the document's event
	nearBy            // the initiative just named
)

// factSubject is what a sentence's fact is about: the first node of one of the labels in the
// sentence (labels in order of preference), else the initiative of its section, else the document's event, else the
// initiative just named; how far says which.
func (p *proposer) factSubject(s sentence, ms []mention, labels ...string) (n *Node, how int) {
	for _, l := range labels { // in the order of preference
		for _, m := range ms {
			if m.node.Label == l {
				return m.node, inSentence
			}
		}
	}
	if n := p.sectionOf(s.line); n != nil && labelIs(n, labels...) {
		return n, inSection
	}
	// An initiative named in the sentences just before is nearer than the document's event: a
	// report of a meeting tells of the initiatives presented there paragraph by paragraph.
	if n := p.recentInitiative(s.start); n != nil && labelIs(n, labels...) {
		return n, nearBy
	}
	// "Het project is net begonnen": the project is the initiative last named, however far back.
	if containsAnyWord(strings.ToLower(s.text), initiativeAnaphors) {
		if n := p.lastInitiative(s.start); n != nil && labelIs(n, labels...) {
			return n, nearBy
		}
	}
	if p.event != nil && labelIs(p.event, labels...) {
		return p.event, ofEvent
	}
	return nil, nearBy
}

// lastInitiative is the initiative named last before offset i.
func (p *proposer) lastInitiative(i int) *Node {
	var last *Node
	for _, m := range p.mentions {
		if m.start < i && m.node.Label == model.LabelInitiative {
			last = m.node
		}
	}
	return last
}

// farther lowers a rule's confidence by how far its subject was found from the sentence.
func farther(r Rule, how int) Rule {
	r.Confidence -= subjectDistancePenalty[how]
	if how > inSentence {
		r.Name += "-far"
	}
	return r
}

var (
	tokenRE      = regexp.MustCompile(`[\p{L}\d][\p{L}\d.'’-]*`)
	digitsRE     = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$|^\d+$`)
	schoolYearRE = regexp.MustCompile(`\b(20\d\d)[-–/](20\d\d)\b`)
	sinceRE      = regexp.MustCompile(`(?i)\b(?:` + strings.Join(sinceCues, "|") + `)\s+(?:(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+)?((?:19|20)\d\d)\b`)
	jarigRE      = regexp.MustCompile(`(?i)\b(\p{L}+)jarige?\b`)
	yearsLongRE  = regexp.MustCompile(`(?i)\b(\p{L}+|\d+)\s+(jaar|maanden|weken|schooljaren)\s+lang\b|\bkomende\s+(\p{L}+|\d+)\s+(jaar|maanden|weken|schooljaren)\b`)
	amountRE     = regexp.MustCompile(`€\s?(\d{1,3}(?:\.\d{3})+|\d+)`)
)

// number reads a whole word as a number: digits ("11.000") or a Dutch number word. "een" is
// left out: it is mostly the article.
func number(w string) (float64, bool) {
	w = strings.ToLower(strings.TrimRight(w, ".,"))
	if digitsRE.MatchString(w) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(w, ".", ""), 64)
		return v, err == nil && v > 0
	}
	if w == "een" {
		return 0, false
	}
	return loader.NumberWord(w)
}

// unitOf returns the unit of Units a word (or words) counts: its singular, its plural, or a
// compound ending in one of them ("kernscholen", "inspiratietafels").
func unitOf(words string) string {
	words = strings.ToLower(words)
	type form struct{ text, unit string }
	var forms []form
	for u, plural := range model.Units {
		forms = append(forms, form{u, u}, form{plural, u})
	}
	for f, u := range unitForms {
		forms = append(forms, form{f, u})
	}
	sort.Slice(forms, func(i, j int) bool { return len(forms[i].text) > len(forms[j].text) })
	for _, f := range forms {
		if strings.Contains(f.text, " ") {
			if strings.HasPrefix(words, f.text) {
				return f.unit
			}
			continue
		}
		first := strings.FieldsFunc(words, func(r rune) bool { return !unicode.IsLetter(r) })
		if len(first) > 0 && strings.HasSuffix(first[0], f.text) && len(f.text) >= 4 {
			return f.unit
		}
	}
	return ""
}

// facts proposes the typed facts of every sentence.
func (p *proposer) facts() {
	for _, s := range p.sents {
		ms := p.in(s)
		low := strings.ToLower(s.text)
		p.quantities(s, ms)
		p.periods(s, ms, low)
		p.purposes(s, ms, low)
		p.funding(s, ms, low)
		p.roles(s, ms, low)
		p.usesFormat(s, ms)
	}
}

// quantities: a number followed, within two words, by a word that counts a unit.
func (p *proposer) quantities(s sentence, ms []mention) {
	words := tokenRE.FindAllStringIndex(s.text, -1)
	for i, w := range words {
		tok := s.text[w[0]:w[1]]
		v, ok := number(tok)
		if !ok || i+1 >= len(words) {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			rest := s.text[words[j][0]:]
			unit := unitOf(rest)
			if unit == "" {
				continue
			}
			end := words[j][1]
			if strings.Contains(unit, " per ") {
				end = words[min(j+2, len(words)-1)][1]
			} else if _, isNum := number(s.text[words[min(j+2, len(words)-1)][0]:words[min(j+2, len(words)-1)][1]]); !isNum && j+2 < len(words) && strings.ToLower(s.text[words[j+1][0]:words[j+1][1]]) == "voor" {
				end = words[j+2][1] // "scholen voor primair onderwijs"
				if j+3 < len(words) {
					end = words[j+3][1]
				}
			}
			about, how := p.factSubject(s, ms, model.LabelInitiative, model.LabelEvent, model.LabelProgramme)
			if about == nil {
				break
			}
			r := farther(ruleQuantity, how)
			f := &Fact{Type: model.FactQuantity, About: about.ID, Value: v, Unit: unit,
				Counted: strings.TrimRight(s.text[words[j][0]:end], ".,;:"), Quote: s.text, Rule: r}
			before := strings.ToLower(s.text[:w[0]])
			for _, q := range quantityQualifiers {
				if strings.HasSuffix(strings.TrimSpace(before), q.Words) {
					f.Qualifier = q.Qualifier
				}
			}
			if strings.HasSuffix(strings.ToLower(tok), approxSuffix) {
				f.Qualifier = "approx"
			}
			p.addFact(f)
			break
		}
	}
}

// durationWords maps a duration word of the text to the unit of a period's duration.
var durationWords = map[string]string{"jaar": "jaar", "maanden": "maand", "weken": "week", "schooljaren": "schooljaar"}

// periods: school years, "sinds 2019", "tweejarig", "drie jaar lang".
func (p *proposer) periods(s sentence, ms []mention, low string) {
	about, how := p.factSubject(s, ms, model.LabelInitiative, model.LabelEvent, model.LabelProgramme)
	if about == nil {
		return
	}
	rule := func(r Rule) Rule { return farther(r, how) }
	for _, m := range schoolYearRE.FindAllStringSubmatch(s.text, -1) {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if b != a+1 {
			continue
		}
		f := &Fact{Type: model.FactPeriod, About: about.ID, Quote: s.text, Rule: rule(ruleSchoolYear)}
		if _, i := containsAny(low, periodStartCues); i >= 0 {
			f.Start = m[1] + "-" + m[2]
		} else if _, i := containsAny(low, periodEndCues); i >= 0 {
			f.End = m[1] + "-" + m[2]
		} else {
			f.Start = m[1] + "-" + m[2]
		}
		p.addFact(f)
	}
	for _, m := range sinceRE.FindAllStringSubmatch(s.text, -1) {
		start := m[2]
		if m[1] != "" {
			start = fmt.Sprintf("%s-%02d", m[2], months[strings.ToLower(m[1])])
		}
		p.addFact(&Fact{Type: model.FactPeriod, About: about.ID, Start: start, Quote: s.text, Rule: rule(ruleSince)})
	}
	for _, m := range jarigRE.FindAllStringSubmatch(s.text, -1) {
		if v, ok := number(m[1]); ok {
			p.addFact(&Fact{Type: model.FactPeriod, About: about.ID, Duration: fmt.Sprintf("%v jaar", v), Quote: s.text, Rule: rule(ruleDuration)})
		}
	}
	for _, m := range yearsLongRE.FindAllStringSubmatch(s.text, -1) {
		n, unit := m[1], m[2]
		if n == "" {
			n, unit = m[3], m[4]
		}
		if v, ok := number(n); ok {
			p.addFact(&Fact{Type: model.FactPeriod, About: about.ID, Duration: fmt.Sprintf("%v %s", v, durationWords[strings.ToLower(unit)]), Quote: s.text, Rule: rule(ruleDuration)})
		}
	}
}

// purposes: goals and results by their cue words.
func (p *proposer) purposes(s sentence, ms []mention, low string) {
	done := map[string]bool{}
	for _, c := range []struct {
		typ  string
		cues []string
		r    Rule
	}{
		{model.FactGoal, goalCues, ruleGoal}, {model.FactGoal, weakGoalCues, ruleGoalWeak},
		{model.FactResult, resultCues, ruleResult}, {model.FactResult, weakResultCues, ruleResultWeak},
	} {
		if _, i := containsAny(low, c.cues); i < 0 {
			continue
		}
		about, how := p.factSubject(s, ms, model.LabelInitiative, model.LabelEvent, model.LabelProgramme)
		if about == nil {
			continue
		}
		if done[c.typ] {
			continue
		}
		done[c.typ] = true // one goal and one result per sentence, by its surest cue
		p.addFact(&Fact{Type: c.typ, About: about.ID, Quote: s.text, Rule: farther(c.r, how)})
	}
}

// funding: "met middelen van Y" (or "Y maakte geld vrij") makes a funding fact about the
// sentence's initiative, with the share or amount the sentence states.
func (p *proposer) funding(s sentence, ms []mention, low string) {
	_, ci := containsAny(low, fundingCues)
	_, bi := containsAny(low, fundingCuesBefore)
	if ci < 0 && bi < 0 {
		return
	}
	subject, how := p.factSubject(s, ms, model.LabelInitiative, model.LabelProgramme)
	if subject == nil {
		return
	}
	cands := slices.Clone(ms)
	if ci < 0 { // the source comes before the cue: the nearest one before it
		ci = -1
		cands = nil
		for _, m := range slices.Backward(ms) {
			if m.start-s.start < bi {
				cands = append(cands, m)
			}
		}
	}
	for _, m := range cands {
		if m.start-s.start <= ci || !labelIs(m.node, model.RelationRules[model.FundedBy].To...) || m.node == subject {
			continue
		}
		f := &Fact{Type: model.FactFunding, About: subject.ID, Source: m.node.ID, Quote: s.text, Rule: farther(ruleFunded, how)}
		for w, v := range shareWords {
			if strings.Contains(low, w) {
				f.Share = v
			}
		}
		if a := amountRE.FindStringSubmatch(s.text); a != nil {
			f.Amount, _ = number(a[1])
		}
		p.addFact(f)
		return
	}
}

// roles: the organisations of a sentence that names a role cue ("kernscholen") have that role
// in the sentence's (or section's) initiative.
func (p *proposer) roles(s sentence, ms []mention, low string) {
	for _, c := range roleCues {
		if !containsWord(low, c.Word) {
			continue
		}
		group, _ := p.factSubject(s, ms, model.LabelInitiative, model.LabelProgramme)
		if group == nil {
			return
		}
		for _, m := range ms {
			if m.node.Label == model.LabelOrganisation {
				p.addFact(&Fact{Type: model.FactRole, About: m.node.ID, Role: c.Role, In: group.ID, Quote: s.text, Rule: ruleGroupRole})
			}
		}
		return
	}
}

// containsWord reports whether w stands in s as a whole word.
func containsWord(s, w string) bool {
	for i := strings.Index(s, w); i >= 0; {
		before := i == 0 || !unicode.IsLetter(rune(s[i-1]))
		after := i+len(w) >= len(s) || !unicode.IsLetter(rune(s[i+len(w)]))
		if before && after {
			return true
		}
		j := strings.Index(s[i+1:], w)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// formats proposes the meeting formats a document names (formatWords) and who uses them: the
// event of the sentence or document, else the initiative or programme the sentence names.
func (p *proposer) formats() {
	for _, s := range p.sents {
		low := strings.ToLower(s.text)
		for _, w := range formatWords {
			for from := 0; ; {
				i := strings.Index(low[from:], w)
				if i < 0 {
					break
				}
				i += from
				from = i + len(w)
				if wordBefore(low, i) {
					continue
				}
				end := i + len(w)
				for end < len(s.text) {
					r, size := utf8.DecodeRuneInString(s.text[end:])
					if !unicode.IsLetter(r) {
						break
					}
					end += size
				}
				p.add(model.LabelMeetingFormat, s.text[i:end], s.text, ruleFormat, nil)
			}
		}
	}
}

// usesFormat relates each sentence's meeting formats to who meets in them.
func (p *proposer) usesFormat(s sentence, ms []mention) {
	for _, m := range ms {
		if m.node.Label != model.LabelMeetingFormat {
			continue
		}
		user, _ := p.factSubject(s, ms, model.LabelEvent, model.LabelInitiative, model.LabelProgramme)
		r := ruleUsesFormat
		if user == nil {
			// Nothing nearer: what the document is about works with it.
			user, r = p.subject(), ruleUsesFormatSubject
		}
		p.relate("USES_FORMAT", user, m.node, "", s.text, r)
	}
}

// publications proposes the publications a document names (publicationKinds) and relates the
// document to each: PUBLISHED_IN or REFERS_TO by the sentence's cue.
func (p *proposer) publications() {
	doc := p.docNode()
	for _, s := range p.sents {
		low := strings.ToLower(s.text)
		var found []*Node
		parts := false
		for _, k := range publicationKinds {
			for _, m := range publicationRE(k.Word).FindAllStringSubmatchIndex(s.text, -1) {
				var name string
				r := rulePublicationName
				switch {
				case m[2] >= 0: // a quoted title after the kind word
					name, r = s.text[m[2]:m[3]], rulePublicationTitle
					if part := partRE.FindStringIndex(name); part != nil {
						// "Drieluik 'Lerende Praktijken: Deel 1'": the document is a part of the
						// series, whose name is the kind word and the title.
						name = strings.ToUpper(k.Word[:1]) + k.Word[1:] + " " + name[:part[0]]
						parts = true
					}
				case m[4] >= 0: // a capitalised name starting with the kind word
					name = s.text[m[0]:m[1]]
				case m[6] >= 0: // a compound ending in the kind word
					name = s.text[m[6]:m[7]]
				}
				if name == "" {
					continue
				}
				note := ""
				if parts {
					note = seriesNameNote
				}
				if n := p.add(model.LabelPublication, name, s.text, r, func(n *Node) { n.Kind, n.NameNote = k.Kind, note }); n != nil {
					found = append(found, n)
				}
			}
		}
		for _, n := range found {
			switch {
			case parts || containsAnyWord(low, publishedInCues):
				p.relate("PUBLISHED_IN", doc, n, "", s.text, rulePublishedIn)
			case containsAnyWord(low, referCues):
				p.relate("REFERS_TO", doc, n, "", s.text, ruleRefersTo)
			default:
				p.relate("REFERS_TO", doc, n, "", s.text, ruleRefersToWeak)
			}
		}
	}
}

func containsAnyWord(s string, cues []string) bool {
	_, i := containsAny(s, cues)
	return i >= 0
}

var (
	publicationREs = map[string]*regexp.Regexp{}
	partRE         = regexp.MustCompile(`(?i)[:,]?\s*\bdeel\s+\d+$`)
)

// publicationRE matches, for one kind word: the word and a title in quotes (group 1), the word
// capitalised and followed by capitalised words (group 2), or a compound ending in the word
// (group 3).
func publicationRE(word string) *regexp.Regexp {
	if re, ok := publicationREs[word]; ok {
		return re
	}
	cap := strings.ToUpper(word[:1]) + word[1:]
	re := regexp.MustCompile(`(?i:\b` + word + `)\s*\[?[‘'"“]([^’'"”]{3,80})[’'"”]` +
		`|\b` + cap + `((?:\s+\p{Lu}[\p{L}-]*)+)` +
		`|\b(\p{Ll}+-` + word + `)\b`)
	publicationREs[word] = re
	return re
}
