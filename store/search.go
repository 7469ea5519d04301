package store

import (
	"context"
	"fmt"
	"html"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

const searchQuery = `CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WHERE size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels)
RETURN node, score
ORDER BY score DESC, node.id
LIMIT $first`

// maxTerms bounds the words of one search; more only slow Lucene down without changing the top.
const maxTerms = 16

// LuceneQuery turns user text into a Lucene query that means "any of these words". Only
// letters and digits survive, lower-cased, so nothing the user types can be Lucene syntax:
// no field names, operators (AND/OR/NOT are lower-cased into plain words), wildcards, ranges,
// fuzziness, boosts or unbalanced brackets. It returns "" when no word remains.
func LuceneQuery(text string) string {
	return strings.Join(terms(text), " ")
}

func terms(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > maxTerms {
		words = words[:maxTerms]
	}
	return words
}

// Search finds entities by Dutch full-text search; query is plain user text.
func (s *Store) Search(ctx context.Context, query string, labels []string, first int) ([]*model.SearchHit, error) {
	lq := LuceneQuery(query)
	if lq == "" {
		return []*model.SearchHit{}, nil
	}
	if labels == nil {
		labels = []string{}
	}
	res, err := s.read(ctx, "search", searchQuery, map[string]any{
		"index": FulltextIndex, "query": lq, "labels": labels, "first": first,
	})
	if err != nil {
		return nil, err
	}
	words := terms(query)
	hits := make([]*model.SearchHit, 0, len(res.Records))
	for _, rec := range res.Records {
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "node")
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		score, _, err := neo4j.GetRecordValue[float64](rec, "score")
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, &model.SearchHit{Node: entityOf(n.Labels, n.Props), Score: score, Snippet: Snippet(n.Props, words)})
	}
	return hits, nil
}

// snippetFields are searched for a matching passage in this order.
var snippetFields = []string{"name", "aliasText", "description", "quoteText", "factText", "text"}

// Snippet returns a passage of the node's text that contains one of the words, HTML-escaped,
// with matching words wrapped in <mark>. Words match loosely (a shared stem-like prefix), as
// the Dutch analyzer does: "ouders" marks "ouder" and "ouderbetrokkenheid".
func Snippet(props map[string]any, words []string) string {
	prefixes := make([]string, 0, len(words))
	for _, w := range words {
		r := []rune(w)
		if n := len(r); n > 5 {
			r = r[:max(4, n-2)]
		}
		prefixes = append(prefixes, string(r))
	}
	for _, f := range snippetFields {
		text := str(props, f)
		if text == "" {
			continue
		}
		if s, ok := highlight(text, prefixes, 80); ok {
			return s
		}
	}
	return html.EscapeString(str(props, "name"))
}

type wordSpan struct{ start, end int } // rune offsets

// highlight finds the first word starting with one of prefixes and returns the text around it
// (context runes each side) with every such word marked.
func highlight(text string, prefixes []string, context int) (string, bool) {
	rs := []rune(text)
	var spans []wordSpan
	for i := 0; i < len(rs); {
		if !isWord(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWord(rs[j]) {
			j++
		}
		w := strings.ToLower(string(rs[i:j]))
		for _, p := range prefixes {
			if strings.HasPrefix(w, p) {
				spans = append(spans, wordSpan{i, j})
				break
			}
		}
		i = j
	}
	if len(spans) == 0 {
		return "", false
	}
	lo, hi := max(0, spans[0].start-context), min(len(rs), spans[0].end+context)
	for lo > 0 && isWord(rs[lo-1]) {
		lo--
	}
	for hi < len(rs) && isWord(rs[hi]) {
		hi++
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	pos := lo
	for _, sp := range spans {
		if sp.start < lo || sp.end > hi {
			continue
		}
		b.WriteString(html.EscapeString(string(rs[pos:sp.start])))
		b.WriteString("<mark>" + html.EscapeString(string(rs[sp.start:sp.end])) + "</mark>")
		pos = sp.end
	}
	b.WriteString(html.EscapeString(string(rs[pos:hi])))
	if hi < len(rs) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " "), true
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
