package loader

import (
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"unicode"
)

// CoverageReport says, per document, how much of it backs a fact, and which sentences holding
// a number, a date or a proper name back none and are not consciously left out.
type CoverageReport struct {
	Documents []*DocumentCoverage
}

// DocumentCoverage is the coverage of one document.
type DocumentCoverage struct {
	ID, File, SeedFile string
	Sentences          int
	Covered            int
	LeftOut            []LeftOutSentence
	// Unlisted are the sentences that hold a number, date or proper name, back no fact and
	// are not in the seed file's leftOut list: each is work still to do.
	Unlisted []string
}

// LeftOutSentence is a sentence the seed file leaves without a fact, and why.
type LeftOutSentence struct{ Sentence, Reason string }

// Share is the fraction of the document's sentences that back at least one fact.
func (d *DocumentCoverage) Share() float64 {
	if d.Sentences == 0 {
		return 0
	}
	return float64(d.Covered) / float64(d.Sentences)
}

// Unlisted counts the unlisted sentences of every document.
func (r *CoverageReport) Unlisted() int {
	n := 0
	for _, d := range r.Documents {
		n += len(d.Unlisted)
	}
	return n
}

// Coverage parses the seeds and measures each document's coverage: a sentence is covered
// when a quote of the seed file (the title, a date quote, a node's quote or description, a
// relation's or a fact's quote) overlaps it.
func Coverage(fsys fs.FS) (*CoverageReport, error) {
	p, files, err := parse(fsys)
	if err != nil {
		return nil, err
	}
	rep := &CoverageReport{}
	for _, f := range files {
		d := f.Document
		doc := p.docs[d.ID]
		var quotes []string
		quotes = append(quotes, d.Title, d.DateQuote)
		for _, n := range f.Nodes {
			quotes = append(quotes, n.Quotes...)
			quotes = append(quotes, n.Description)
		}
		for _, r := range f.Relations {
			quotes = append(quotes, r.Quote)
		}
		for _, fa := range f.Facts {
			quotes = append(quotes, fa.Quote)
		}
		var covered [][2]int
		for _, q := range quotes {
			covered = append(covered, doc.spans(q)...)
		}
		type leftOut struct {
			span   [2]int
			reason string
		}
		var left []leftOut
		for _, lo := range f.LeftOut {
			for _, sp := range doc.spans(lo.Quote) {
				left = append(left, leftOut{sp, lo.Reason})
			}
		}
		dc := &DocumentCoverage{ID: d.ID, File: d.File, SeedFile: f.name}
		for _, s := range sentences(doc.orig) {
			dc.Sentences++
			if overlapsAny(s, covered) {
				dc.Covered++
				continue
			}
			text := oneLine(string(doc.orig[s[0]:s[1]]))
			reason, listed := "", false
			for _, lo := range left {
				if overlaps(s, lo.span) {
					reason, listed = lo.reason, true
					break
				}
			}
			switch {
			case listed:
				dc.LeftOut = append(dc.LeftOut, LeftOutSentence{text, reason})
			case holdsFact(text):
				dc.Unlisted = append(dc.Unlisted, text)
			}
		}
		rep.Documents = append(rep.Documents, dc)
	}
	return rep, nil
}

func overlaps(a, b [2]int) bool { return a[0] < b[1] && b[0] < a[1] }

func overlapsAny(s [2]int, spans [][2]int) bool {
	for _, sp := range spans {
		if overlaps(s, sp) {
			return true
		}
	}
	return false
}

// sentences splits a text into sentences as [start, end) rune offsets: at line breaks and
// after . ! ? (with any closing quotes) followed by a space. Pieces without a letter or digit
// (rules, bullets, blank lines) are not sentences.
func sentences(text []rune) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && unicode.IsSpace(text[s]) {
			s++
		}
		for e > s && unicode.IsSpace(text[e-1]) {
			e--
		}
		for i := s; i < e; i++ {
			if unicode.IsLetter(text[i]) || unicode.IsDigit(text[i]) {
				out = append(out, [2]int{s, e})
				break
			}
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch r := text[i]; {
		case r == '\n':
			emit(i + 1)
		case r == '.' || r == '!' || r == '?':
			j := i + 1
			for j < len(text) && strings.ContainsRune(`"'”’)`, text[j]) {
				j++
			}
			if j == len(text) || text[j] == ' ' || text[j] == '\t' {
				emit(j)
				i = j - 1
			}
		}
	}
	emit(len(text))
	return out
}

var (
	monthWord = regexp.MustCompile(`(?i)\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\b`)
	// openers are what may stand before a capital that starts a phrase rather than a name.
	openers = "\"'“‘„(–-:•*"
)

// holdsFact reports whether a sentence holds a number, a date or a proper name: a digit, a
// Dutch number word other than "een", a month, or a capitalised word that does not start the
// sentence or a quoted phrase.
func holdsFact(s string) bool {
	if strings.IndexFunc(s, unicode.IsDigit) >= 0 || monthWord.MatchString(s) {
		return true
	}
	words := strings.Fields(s)
	for i, w := range words {
		lw := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
		for nw := range numberWords {
			if nw != "een" && nw != "half" && (lw == nw || (len(nw) > 3 && strings.HasPrefix(lw, nw) && nw != "acht" && nw != "tien")) {
				return true
			}
		}
		if i == 0 {
			continue
		}
		first, _ := firstRune(w)
		if unicode.IsUpper(first) && !strings.ContainsRune(openers, first) {
			prev := words[i-1]
			if last := []rune(prev)[len([]rune(prev))-1]; strings.ContainsRune(".!?:", last) {
				continue // a new sentence or phrase after a colon
			}
			return true
		}
	}
	return false
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// WriteMarkdown writes the report as seeds/COVERAGE.md holds it.
func (r *CoverageReport) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Coverage of the source documents\n\n")
	b.WriteString("Generated by `mao-graph coverage` (loader.Coverage); `go test ./loader -run TestCoverage -update` refreshes it.\n")
	b.WriteString("A sentence is covered when a quote of its seed file (title, node, relation or fact) overlaps it.\n")
	b.WriteString("Every uncovered sentence holding a number, a date or a proper name must be listed in the seed\n")
	b.WriteString("file's `leftOut` with a reason; the test fails on any that is not.\n\n")
	b.WriteString("| document | seed file | sentences | covered | share | left out | unlisted |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, d := range r.Documents {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %.0f %% | %d | %d |\n", d.ID, d.SeedFile, d.Sentences, d.Covered, 100*d.Share(), len(d.LeftOut), len(d.Unlisted))
	}
	for _, d := range r.Documents {
		fmt.Fprintf(&b, "\n## %s\n\n", d.ID)
		if len(d.Unlisted) > 0 {
			b.WriteString("Uncovered, not listed (to do):\n\n")
			for _, s := range d.Unlisted {
				fmt.Fprintf(&b, "- %s\n", s)
			}
			b.WriteString("\n")
		}
		if len(d.LeftOut) == 0 {
			b.WriteString("Nothing left out.\n")
			continue
		}
		b.WriteString("Consciously left out:\n\n")
		for _, lo := range d.LeftOut {
			fmt.Fprintf(&b, "- %s — *%s*\n", lo.Sentence, lo.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
