// Package passage cuts the passage of a text around a span: the snippet a mention shows. The
// loader finds mentions and the store keeps only their offsets; the store cuts each snippet
// when it is read, from a window of the document's text, by this one rule.
package passage

import (
	"strings"
	"unicode"
)

const (
	// Context is how many runes of text a passage shows on each side of its span.
	Context = 90
	// slack is how much further a passage may reach to end on a word boundary.
	slack = 20
	// Reach is how far from its span Around may look: Context, then slack to reach a word
	// boundary, then one rune to see that it is one. A window of the text from start-Reach to
	// end+Reach (clipped to the text) is all Around needs.
	Reach = Context + slack + 1
)

// Around returns the passage around the runes [start, end) of a text n runes long, folded to
// one line, with "…" where the text goes on. It widens the passage to word boundaries, so it
// never starts or ends mid-word. window holds the text's runes from offset from on; it must
// cover [start-Reach, end+Reach) clipped to [0, n). A span outside the text, or a window too
// short for it, gives "".
func Around(window []rune, from, n, start, end int) string {
	if start < 0 || end < start || end > n || from > max(0, start-Reach) || from+len(window) < min(n, end+Reach) {
		return ""
	}
	at := func(i int) rune { return window[i-from] }
	lo, hi := max(0, start-Context), min(n, end+Context)
	for lo > 0 && !unicode.IsSpace(at(lo-1)) && start-lo < Context+slack {
		lo--
	}
	for hi < n && !unicode.IsSpace(at(hi)) && hi-end < Context+slack {
		hi++
	}
	s := strings.Join(strings.Fields(string(window[lo-from:hi-from])), " ")
	if lo > 0 {
		s = "…" + s
	}
	if hi < n {
		s += "…"
	}
	return s
}
