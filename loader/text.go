package loader

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// folded is a text with whitespace runs folded to one space and typographic quotes made
// straight, remembering for every folded rune where it stood in the original, so that a match
// in the folded text can be reported at its real offset.
type folded struct {
	orig  []rune
	text  []rune
	index []int32 // index[i] is the original rune offset of text[i]
	str   string  // text as a string, for fast substring search
}

func foldRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`':
		return '\''
	case '“', '”', '„', '‟', '″':
		return '"'
	}
	return r
}

func fold(s string) folded {
	f := folded{orig: []rune(s)}
	f.text = make([]rune, 0, len(f.orig))
	f.index = make([]int32, 0, len(f.orig))
	space := false
	for i, r := range f.orig {
		if unicode.IsSpace(r) {
			if !space && len(f.text) > 0 {
				f.text = append(f.text, ' ')
				f.index = append(f.index, int32(i))
			}
			space = true
			continue
		}
		space = false
		f.text = append(f.text, foldRune(r))
		f.index = append(f.index, int32(i))
	}
	if n := len(f.text); n > 0 && f.text[n-1] == ' ' {
		f.text, f.index = f.text[:n-1], f.index[:n-1]
	}
	f.str = string(f.text)
	return f
}

// find returns the original rune offset of the first occurrence of quote, or -1. It searches
// the UTF-8 string (strings.Index is vectorised): UTF-8 is self-synchronising, so the first
// byte match is the first rune match.
func (f folded) find(quote string) int {
	q := fold(quote).str
	if len(q) == 0 {
		return -1
	}
	b := strings.Index(f.str, q)
	if b < 0 {
		return -1
	}
	return int(f.index[utf8.RuneCountInString(f.str[:b])])
}

func indexRunes(hay, needle []rune, from int) int {
	n := len(needle)
	for i := from; i+n <= len(hay); i++ {
		if hay[i] != needle[0] {
			continue
		}
		match := true
		for j := 1; j < n; j++ {
			if hay[i+j] != needle[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// QuoteIn reports whether quote stands verbatim in text by the rule every seed quote must
// meet: whitespace runs fold to one space and typographic quotes to straight ones, every other
// character must be there. The proposer checks its drafts with it.
func QuoteIn(text, quote string) bool { return fold(text).find(quote) >= 0 }

// spans returns every occurrence of quote as [start, end) original rune offsets.
func (f folded) spans(quote string) [][2]int {
	q := fold(quote).str
	if len(q) == 0 {
		return nil
	}
	var out [][2]int
	for from := 0; from < len(f.str); {
		b := strings.Index(f.str[from:], q)
		if b < 0 {
			break
		}
		b += from
		start := utf8.RuneCountInString(f.str[:b])
		end := start + utf8.RuneCountInString(q) - 1
		out = append(out, [2]int{int(f.index[start]), int(f.index[end]) + 1})
		from = b + len(q)
	}
	return out
}
