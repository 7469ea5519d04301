package store

import (
	"context"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// searchQuery finds the nodes whose own text matches, then the nodes linked to a match whose
// name or alias holds a word's stem, through one of searchLinks (an initiative ABOUT the
// theme "thuiszitters" answers "thuiszitters"; a theme whose quote merely uses the word does
// not pass it on). A node's
// score is its own score plus linkWeight times the best score of a match it is linked to; via
// is that match, when it is linked to one.
//
// The link is expanded over the types of searchLinks only, written literally from it:
// expanding every relationship of a match, mentions included, and filtering after was two
// thirds of the statement's database hits. The pool's ties in score are broken by element id,
// which needs no property read of every match (the answer's own ties are broken by id).
var searchQuery = fmt.Sprintf(`CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WITH node, score ORDER BY score DESC, elementId(node) LIMIT $pool
CALL (node, score) {
  RETURN node AS hit, score AS own, 0.0 AS linked, null AS via
  UNION ALL
  MATCH (node)<-[r:%s]-(hit:Node)
  WHERE any(l IN $links WHERE l[0] IN labels(node) AND l[1] = type(r))
    AND any(st IN $stems WHERE toLower(node.name) CONTAINS st OR toLower(coalesce(node.aliasText, '')) CONTAINS st)
  RETURN hit, 0.0 AS own, score * $linkWeight AS linked, node AS via
}
WITH hit, own, linked, via
WHERE size($labels) = 0 OR any(l IN labels(hit) WHERE l IN $labels)
WITH hit, max(own) AS own, linked, via ORDER BY linked DESC, via.id
WITH hit, max(own) AS own, collect({linked: linked, via: via})[0] AS best
RETURN hit AS node, own + best.linked AS score, CASE WHEN own > 0 THEN null ELSE best.via END AS via
ORDER BY score DESC, node.id
LIMIT $first`, linkTypes())

// linkTypes returns the relationship types of searchLinks, as a Cypher type alternation.
func linkTypes() string {
	var types []string
	for _, l := range searchLinks {
		if !slices.Contains(types, l[1]) {
			types = append(types, l[1])
		}
	}
	return strings.Join(types, "|")
}

// searchLinks are the links search follows from a node whose text matches to the nodes that
// point at it, as (label of the match, relationship type) pairs: what is about a theme, what
// puts a bouwsteen into practice, what is located in a region, what is part of a programme.
var searchLinks = [][]string{
	{model.LabelTheme, "ABOUT"},
	{model.LabelBouwsteen, "EMBODIES"},
	{model.LabelRegion, "LOCATED_IN"},
	{model.LabelProgramme, "PART_OF"},
}

// linkPhrase says in Dutch how a hit found through a link relates to the match, by the
// match's label (one phrase per row of searchLinks).
var linkPhrase = map[string]string{
	model.LabelTheme:     "Gaat over het thema",
	model.LabelBouwsteen: "Brengt de bouwsteen in praktijk",
	model.LabelRegion:    "Actief in",
	model.LabelProgramme: "Onderdeel van",
}

const (
	// linkWeight scales the score of a match for the nodes linked to it: a direct match of
	// the same strength ranks first.
	linkWeight = 0.5
	// searchPool bounds the direct matches whose links are followed.
	searchPool = 200
)

// maxTerms bounds the words of one search; more only slow Lucene down without changing the top.
const maxTerms = 16

// LuceneQuery turns user text into a Lucene query that means "any of these words". Only
// letters and digits survive, lower-cased, so nothing the user types can be Lucene syntax:
// no field names, operators (AND/OR/NOT are lower-cased into plain words), wildcards, ranges,
// fuzziness, boosts or unbalanced brackets. It returns "" when no word remains.
func LuceneQuery(text string) string {
	return strings.Join(terms(text), " ")
}

// ExpandedQuery is LuceneQuery with Dutch inflections and compounds added: each word as typed
// (boosted, so exact words rank first), its stem as a prefix ("thuiszitters" also finds
// "thuiszittende") and, for long stems, as part of a compound ("betrokkenheid" finds
// "ouderbetrokkenheid"). The only syntax in it is what this function writes (^, *), around
// stems of letters and digits.
func ExpandedQuery(text string) string {
	var parts []string
	for _, w := range terms(text) {
		parts = append(parts, w+"^2")
		st := Stem(w)
		if utf8.RuneCountInString(st) >= minPrefixStem {
			parts = append(parts, st+"*")
		}
		if utf8.RuneCountInString(st) >= minCompoundStem {
			parts = append(parts, "*"+st+"*")
		}
	}
	return strings.Join(parts, " ")
}

// Stem lengths below which a prefix or infix query finds more noise than words.
const (
	minPrefixStem   = 4
	minCompoundStem = 6
)

// dutchEndings are inflection and derivation endings, longest first; Stem removes one.
var dutchEndings = []string{"heden", "ingen", "heid", "ende", "ing", "ers", "end", "en", "er", "es", "s", "e"}

// Stem strips up to two Dutch endings from a lower-case word, keeping at least four letters,
// and undoubles a final double consonant: "thuiszitters" and "thuiszittende" both give
// "thuiszit", "ouders" gives "ouder", "betrokkenheid" gives "betrok". The index holds
// Snowball stems, which strip the same endings or fewer, so the result works as their prefix.
func Stem(w string) string {
	rs := []rune(w)
	for range 2 {
		for _, e := range dutchEndings {
			er := []rune(e)
			if len(rs)-len(er) >= minPrefixStem && strings.HasSuffix(string(rs), e) {
				rs = rs[:len(rs)-len(er)]
				break
			}
		}
	}
	if n := len(rs); n > minPrefixStem && rs[n-1] == rs[n-2] && !strings.ContainsRune("aeiouy", rs[n-1]) {
		rs = rs[:n-1]
	}
	return string(rs)
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

// Search finds entities by Dutch full-text search, and the entities linked to what it finds
// (see searchLinks); query is plain user text.
func (s *Store) Search(ctx context.Context, query string, labels []string, first int) ([]*model.SearchHit, error) {
	params := searchParams(query, labels, first)
	if params["query"] == "" {
		return []*model.SearchHit{}, nil
	}
	words := terms(query)
	res, err := s.read(ctx, "search", searchQuery, params)
	if err != nil {
		return nil, err
	}
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
		via, isNil, err := neo4j.GetRecordValue[neo4j.Node](rec, "via")
		if err != nil && !isNil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hit := &model.SearchHit{Node: entityOf(n.Labels, n.Props), Score: score}
		if isNil {
			hit.Snippet = Snippet(n.Props, words)
		} else {
			hit.Via = entityOf(via.Labels, via.Props)
			hit.Snippet = linkSnippet(via.Labels, via.Props, words)
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

// SearchStatement is the statement Search sends for plain user text, with its parameters: the
// bench runs it over Bolt as the floor of search, since no shorter hand-written statement
// gives the same answer (matches and what is linked to them, in one ranking).
func SearchStatement(query string, labels []string, first int) (string, map[string]any) {
	return searchQuery, searchParams(query, labels, first)
}

// searchParams are searchQuery's parameters for plain user text; "query" is "" when no word
// remains.
func searchParams(query string, labels []string, first int) map[string]any {
	if labels == nil {
		labels = []string{}
	}
	links := make([]any, len(searchLinks))
	for i, l := range searchLinks {
		links[i] = []any{l[0], l[1]}
	}
	return map[string]any{
		"index": FulltextIndex, "query": ExpandedQuery(query), "labels": labels, "first": first,
		"pool": searchPool, "links": links, "linkWeight": linkWeight, "stems": prefixes(terms(query)),
	}
}

// linkSnippet explains a hit found through a link: "Gaat over het thema ‘<mark>thuiszitters</mark>’".
func linkSnippet(labels []string, props map[string]any, words []string) string {
	phrase := "Verbonden met"
	for _, l := range labels {
		if p, ok := linkPhrase[l]; ok {
			phrase = p
		}
	}
	name := str(props, "name")
	marked, ok := highlight(name, prefixes(words), len([]rune(name)))
	if !ok {
		marked = html.EscapeString(name)
	}
	return phrase + " ‘" + marked + "’"
}

// snippetFields are searched for a matching passage in this order.
var snippetFields = []string{"name", "aliasText", "description", "quoteText", "factText", "text"}

// Snippet returns a passage of the node's text that contains one of the words, HTML-escaped,
// with matching words wrapped in <mark>. Words match loosely (on their stem, see Stem), as
// the search does: "ouders" marks "ouder" and "ouderbetrokkenheid".
func Snippet(props map[string]any, words []string) string {
	ps := prefixes(words)
	for _, f := range snippetFields {
		text := str(props, f)
		if text == "" {
			continue
		}
		if s, ok := highlight(text, ps, 80); ok {
			return s
		}
	}
	return html.EscapeString(str(props, "name"))
}

// prefixes are what a word of the text must start with to be marked for one of words: the
// word's stem (Stem), so "thuiszitters" marks "thuiszittende".
func prefixes(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		out = append(out, Stem(w))
	}
	return out
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
			if strings.HasPrefix(w, p) || (utf8.RuneCountInString(p) >= minCompoundStem && strings.Contains(w, p)) {
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

// vocabularyQuery reads the words a user may mean: the names, aliases and target groups of
// every entity (documents' titles included, not their text).
const vocabularyQuery = `MATCH (n:Node)
RETURN coalesce(n.name, '') + ' ' + coalesce(n.aliasText, '') + ' ' +
       reduce(s = '', t IN coalesce(n.targetGroups, []) | s + ' ' + t) AS words`

// Suggest returns up to first corrections of query ("Bedoelde u …?"): each word that is not a
// word of the graph's names, aliases or target groups (nor a form of one, see Stem) is
// replaced by the nearest such word within a small edit distance. It returns none when every
// word is known or nothing is near.
func (s *Store) Suggest(ctx context.Context, query string, first int) ([]string, error) {
	words := terms(query)
	if len(words) == 0 || first < 1 {
		return []string{}, nil
	}
	vocab, err := s.vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	return Suggestions(words, vocab, first), nil
}

// vocabulary keeps the words of the graph version it was read from: reading them scans every
// node, checking the version is one small query. A graph Seed did not write is read every time.
type vocabulary struct {
	mu      sync.Mutex
	version string
	words   map[string]int
}

func (s *Store) vocabulary(ctx context.Context) (map[string]int, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return nil, err
	}
	s.vocab.mu.Lock()
	defer s.vocab.mu.Unlock()
	if version != "" && version == s.vocab.version && s.vocab.words != nil {
		return s.vocab.words, nil
	}
	res, err := s.read(ctx, "suggest", vocabularyQuery, nil)
	if err != nil {
		return nil, err
	}
	vocab := map[string]int{}
	for _, rec := range res.Records {
		text, _, err := neo4j.GetRecordValue[string](rec, "words")
		if err != nil {
			return nil, fmt.Errorf("suggest: %w", err)
		}
		for _, w := range terms(text) {
			if utf8.RuneCountInString(w) >= 3 {
				vocab[w]++
			}
		}
	}
	s.vocab.version, s.vocab.words = version, vocab
	return vocab, nil
}

// Suggestions corrects words against vocab (word -> how often it occurs); see Store.Suggest.
// The i-th suggestion takes the i-th nearest candidate of every unknown word (nearest first,
// then the more frequent, then alphabetical).
func Suggestions(words []string, vocab map[string]int, first int) []string {
	cands := make([][]string, len(words))
	unknown := false
	for i, w := range words {
		if known(w, vocab) {
			continue
		}
		cands[i] = nearest(w, vocab)
		if len(cands[i]) > 0 {
			unknown = true
		}
	}
	out := []string{}
	if !unknown {
		return out
	}
	seen := map[string]bool{}
	for k := 0; len(out) < first; k++ {
		more := false
		fixed := make([]string, len(words))
		for i, w := range words {
			fixed[i] = w
			if c := cands[i]; len(c) > 0 {
				fixed[i] = c[min(k, len(c)-1)]
				more = more || k < len(c)
			}
		}
		if !more {
			break
		}
		if s := strings.Join(fixed, " "); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// known reports whether w is a word of vocab or shares its stem with one.
func known(w string, vocab map[string]int) bool {
	if vocab[w] > 0 || utf8.RuneCountInString(w) < 3 {
		return true
	}
	st := Stem(w)
	for v := range vocab {
		if Stem(v) == st {
			return true
		}
	}
	return false
}

// maxEdits is how far a correction may be from what was typed: one edit in a short word, two
// in a longer one.
func maxEdits(w string) int {
	if utf8.RuneCountInString(w) <= 5 {
		return 1
	}
	return 2
}

// nearest returns vocab's words within maxEdits(w) of w, nearest first (at most three).
func nearest(w string, vocab map[string]int) []string {
	type cand struct {
		w    string
		d, n int
	}
	var cs []cand
	limit := maxEdits(w)
	for v, n := range vocab {
		if d := editDistance(w, v, limit); d <= limit {
			cs = append(cs, cand{v, d, n})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		if cs[i].n != cs[j].n {
			return cs[i].n > cs[j].n
		}
		return cs[i].w < cs[j].w
	})
	out := []string{}
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].w)
	}
	return out
}

// editDistance is the optimal-string-alignment distance of a and b (insert, delete, replace,
// swap two neighbours), or limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
