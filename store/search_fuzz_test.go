package store

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// luceneSpecials are the characters Lucene's query parser gives a meaning to.
const luceneSpecials = `+-&|!(){}[]^"~*?:\/`

// FuzzLuceneQuery checks that no user text survives LuceneQuery as Lucene syntax: the output
// is at most maxTerms words of letters and digits, single-spaced, with no operator words, and
// cleaning it again changes nothing.
func FuzzLuceneQuery(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		got := LuceneQuery(text)
		if !utf8.ValidString(got) {
			t.Fatalf("LuceneQuery(%q) = %q, want valid UTF-8", text, got)
		}
		if strings.ContainsAny(got, luceneSpecials) {
			t.Errorf("LuceneQuery(%q) = %q, want no Lucene special character", text, got)
		}
		for _, r := range got {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Errorf("LuceneQuery(%q) = %q, contains %U, want only letters, digits and spaces", text, got, r)
				break
			}
		}
		if got != "" && (strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ")) {
			t.Errorf("LuceneQuery(%q) = %q, want single spaces between words only", text, got)
		}
		words := strings.Split(got, " ")
		if len(words) > maxTerms {
			t.Errorf("LuceneQuery(%q) has %d terms, want at most %d", text, len(words), maxTerms)
		}
		for _, w := range words {
			switch w {
			case "AND", "OR", "NOT", "TO":
				t.Errorf("LuceneQuery(%q) = %q, contains the operator %s", text, got, w)
			}
		}
		if again := LuceneQuery(got); again != got {
			t.Errorf("LuceneQuery(%q) = %q, but LuceneQuery of that = %q; want idempotent", text, got, again)
		}
	})
}

// FuzzSnippet checks that Snippet escapes everything but its own <mark> tags, whatever the
// node's text and the query.
func FuzzSnippet(f *testing.F) {
	f.Fuzz(func(t *testing.T, name, description, text, query string) {
		props := map[string]any{"name": name, "description": description, "text": text}
		got := Snippet(props, terms(query))
		// Neo4j strings are valid UTF-8; from invalid input, a name may come back unchanged.
		valid := utf8.ValidString(name) && utf8.ValidString(description) && utf8.ValidString(text)
		if valid && !utf8.ValidString(got) {
			t.Fatalf("Snippet(%q) = %q, want valid UTF-8", query, got)
		}
		// Marks are balanced and never nested.
		open := false
		for rest := got; ; {
			i := strings.Index(rest, "<mark>")
			j := strings.Index(rest, "</mark>")
			switch {
			case i < 0 && j < 0:
				if open {
					t.Fatalf("Snippet(%q) = %q, has an unclosed <mark>", query, got)
				}
			case j < 0 || (i >= 0 && i < j):
				if open {
					t.Fatalf("Snippet(%q) = %q, has a nested <mark>", query, got)
				}
				open, rest = true, rest[i+len("<mark>"):]
				continue
			default:
				if !open {
					t.Fatalf("Snippet(%q) = %q, has a </mark> without <mark>", query, got)
				}
				open, rest = false, rest[j+len("</mark>"):]
				continue
			}
			break
		}
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got)
		if strings.ContainsAny(plain, "<>") {
			t.Errorf("Snippet(%q) = %q, has < or > outside its marks", query, got)
		}
		for rest := plain; ; {
			i := strings.IndexByte(rest, '&')
			if i < 0 {
				break
			}
			rest = rest[i:]
			if !hasEntity(rest) {
				t.Errorf("Snippet(%q) = %q, has an unescaped & at %q", query, got, rest[:min(len(rest), 12)])
				break
			}
			rest = rest[1:]
		}
	})
}

// hasEntity reports whether s starts with one of the entities html.EscapeString writes.
func hasEntity(s string) bool {
	for _, e := range []string{"&amp;", "&lt;", "&gt;", "&#39;", "&#34;"} {
		if strings.HasPrefix(s, e) {
			return true
		}
	}
	return false
}
