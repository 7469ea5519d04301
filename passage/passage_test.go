package passage

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// reference is the snippet rule as the format-1 loader applied it, over the whole text: the
// passages the store cuts now must be exactly the snippets it used to store.
func reference(orig []rune, start, end, context int) string {
	lo, hi := max(0, start-context), min(len(orig), end+context)
	for lo > 0 && !unicode.IsSpace(orig[lo-1]) && start-lo < context+20 {
		lo--
	}
	for hi < len(orig) && !unicode.IsSpace(orig[hi]) && hi-end < context+20 {
		hi++
	}
	s := strings.Join(strings.Fields(string(orig[lo:hi])), " ")
	if lo > 0 {
		s = "…" + s
	}
	if hi < len(orig) {
		s += "…"
	}
	return s
}

// window returns the smallest window Around accepts for [start, end) and where it starts.
func window(text []rune, start, end int) ([]rune, int) {
	from := max(0, start-Reach)
	return text[from:min(len(text), end+Reach)], from
}

func TestAround(t *testing.T) {
	long := strings.Repeat("woord ", 40) + "Emma Kager" + strings.Repeat(" en verder", 30)
	at := strings.Index(long, "Emma")
	tests := []struct {
		name       string
		text       string
		start, end int
		want       string
	}{
		{"whole short text", "Met Andere Ogen leert.", 0, 3, "Met Andere Ogen leert."},
		{"whitespace folded", "Hij  zei\n\ntegen   Emma:\tja", 17, 21, "Hij zei tegen Emma: ja"},
		{"cut on both sides at word boundaries", long, at, at + 10,
			"…" + strings.TrimSpace(strings.Repeat("woord ", 15)) + " Emma Kager" + strings.Repeat(" en verder", 9) + "…"},
		{"span at the very end", "aan het eind Ede", 13, 16, "aan het eind Ede"},
		{"empty span inside", "abc def", 3, 3, "abc def"},
		{"span past the end", "abc", 2, 4, ""},
		{"negative start", "abc", -1, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			got := Around(text, 0, len(text), tt.start, tt.end)
			if got != tt.want {
				t.Errorf("Around(%q, %d, %d) = %q, want %q", tt.text, tt.start, tt.end, got, tt.want)
			}
			if tt.want == "" {
				return
			}
			if ref := reference(text, tt.start, tt.end, Context); got != ref {
				t.Errorf("Around(%q, %d, %d) = %q, but the format-1 rule gives %q", tt.text, tt.start, tt.end, got, ref)
			}
		})
	}
}

// TestAroundWindowEqualsWholeText: cutting from the smallest window gives the passage the
// whole text gives, which is the format-1 loader's snippet, on random texts with long words,
// runs of spaces and non-ASCII runes, spans anywhere (at both ends too).
func TestAroundWindowEqualsWholeText(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2))
	pieces := []string{"a", "Ede", "’t", "Gooi", " ", "  ", "\n", "\t", "…", "ë", "😀", "Zuid-Limburg", strings.Repeat("x", 130), "de", "ouders"}
	for i := range 3000 {
		var b strings.Builder
		for range r.IntN(120) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := []rune(b.String())
		if len(text) == 0 {
			continue
		}
		start := r.IntN(len(text))
		end := start + r.IntN(min(30, len(text)-start)+1)
		want := reference(text, start, end, Context)
		if got := Around(text, 0, len(text), start, end); got != want {
			t.Fatalf("case %d: Around(whole text, %d, %d) = %q, want %q", i, start, end, got, want)
		}
		w, from := window(text, start, end)
		if got := Around(w, from, len(text), start, end); got != want {
			t.Fatalf("case %d: Around(window from %d, %d, %d) = %q, want %q", i, from, start, end, got, want)
		}
		// A window one rune short on either side is refused rather than cut wrong.
		if from > 0 {
			if got := Around(text[from+1:min(len(text), end+Reach)], from+1, len(text), start, end); got != "" {
				t.Fatalf("case %d: Around(window too short at the start) = %q, want \"\"", i, got)
			}
		}
		if end+Reach <= len(text) {
			if got := Around(text[from:end+Reach-1], from, len(text), start, end); got != "" {
				t.Fatalf("case %d: Around(window too short at the end) = %q, want \"\"", i, got)
			}
		}
	}
}
