package propose

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is a span of the cleaned text: a line, or part of one between sentence ends.
type sentence struct {
	start, end int // byte offsets in the cleaned text
	line       int // index of the line it is on
	text       string
}

// clean folds every run of spaces within a line to one space and trims each line, keeping
// line breaks. A substring of a cleaned line is a verbatim quote: the loader folds whitespace
// the same way before it compares.
func clean(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	raw := strings.Split(s, "\n")
	lines := make([]string, len(raw))
	for i, l := range raw {
		lines[i] = strings.Join(strings.FieldsFunc(l, unicode.IsSpace), " ")
	}
	return lines
}

var sentenceEnd = regexp.MustCompile(`[.!?][”"’']?\s+[\p{Lu}“"‘'0-9]`)

// splitSentences cuts the cleaned text into sentences; a sentence never crosses a line break.
func splitSentences(text string) []sentence {
	var out []sentence
	off := 0
	for i, line := range strings.Split(text, "\n") {
		from := 0
		for _, m := range sentenceEnd.FindAllStringIndex(line, -1) {
			// The match ends with the next sentence's first rune; the sentence ends before the space.
			end := m[0] + 1
			for end < len(line) && strings.ContainsRune("”\"’'", rune(line[end])) {
				end++
			}
			if r, size := utf8.DecodeRuneInString(line[end:]); r == '”' || r == '’' {
				end += size
			}
			if s := strings.TrimSpace(line[from:end]); s != "" {
				out = append(out, sentence{start: off + from, end: off + end, line: i, text: line[from:end]})
			}
			from = end
			for from < len(line) && line[from] == ' ' {
				from++
			}
		}
		if s := strings.TrimSpace(line[from:]); s != "" {
			out = append(out, sentence{start: off + from, end: off + len(line), line: i, text: line[from:]})
		}
		off += len(line) + 1
	}
	return out
}

// slug makes the kebab-case tail of an id from a name: lowercase ASCII letters and digits,
// accents dropped, everything else a single dash, at most maxWords words.
func slug(name string, maxWords int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		r = unaccent(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		if r == '\'' || r == '’' {
			continue // "IKC's" is ikcs
		}
		dash = true
	}
	words := strings.Split(b.String(), "-")
	if maxWords > 0 && len(words) > maxWords {
		words = words[:maxWords]
	}
	return strings.Join(words, "-")
}

func unaccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return r
}

// norm is the form names are compared in: lowercase, curly quotes straight, spaces folded.
func norm(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func isWordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && i > 0 {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordBefore reports whether the byte before i is part of a word.
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-'
}

// inflections are what may follow a name in running Dutch text: the possessive and the
// plural/genitive s, and the adjective e ("Haagse" is not found: that form changes the stem).
var inflections = []string{"’s", "'s", "s", "e", ""}

// findName returns the byte spans of every occurrence of name in text as a whole word,
// possibly inflected. With fold, case is ignored (for names of more than one word and all-caps
// headings); otherwise the name must appear as written.
func findName(text, lower, name string, fold bool) [][2]int {
	hay, needle := text, name
	if fold {
		hay, needle = lower, strings.ToLower(name)
	}
	if needle == "" {
		return nil
	}
	var out [][2]int
	for from := 0; from < len(hay); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		i += from
		end := i + len(needle)
		from = end
		if wordBefore(hay, i) {
			continue
		}
		ok := false
		for _, inf := range inflections {
			if strings.HasPrefix(hay[end:], inf) && !isWordByte(hay, end+len(inf)) {
				end += len(inf)
				ok = true
				break
			}
		}
		if ok {
			out = append(out, [2]int{i, end})
		}
	}
	return out
}

// lowerSameLength lowercases s when that keeps every byte offset, as it does for Dutch text;
// otherwise it returns "", and callers then match case-sensitively.
func lowerSameLength(s string) string {
	l := strings.ToLower(s)
	if len(l) != len(s) {
		return ""
	}
	return l
}

func containsAny(s string, words []string) (string, int) {
	for _, w := range words {
		if i := strings.Index(s, w); i >= 0 {
			return w, i
		}
	}
	return "", -1
}

// Clean returns the text as the proposer reads it: each line trimmed, spaces folded. Every
// quote of a draft is a substring of it, so a review page can find and highlight them.
func Clean(text string) string { return strings.Join(clean(text), "\n") }
