package graph

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/metandereogen/maograph/graph/model"
)

// admission is the cheap front door of every operation. It runs before gqlgen parses and
// validates anything: it resolves automatic persisted queries, then reads the query's tokens
// once (no syntax tree) and rejects a query that is too long, has too many tokens, nests too
// deep, or selects too many fields, aliases or fragments. Only what passes here is parsed.
// Introspection-only operations (every root field a __ field) get their own budget, because
// standard tools send a fixed introspection query that is deeper than any data query needs.
type admission struct {
	opts  Options
	cache *queryCache
}

func (a *admission) ExtensionName() string                   { return "MaoAdmission" }
func (a *admission) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (a *admission) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := a.persisted(p); err != nil {
		return err
	}
	// Variables are bounded like arguments, before anything is parsed or coerced: a list of
	// 50,000 relation types costs nothing more than its JSON decoding.
	b := argBounds{a.opts.MaxStringArg, a.opts.MaxListArg}
	for name, v := range p.Variables {
		if err := b.goValue(v, "Variable $"+clip(name, 40)); err != nil {
			return err
		}
	}
	if strings.TrimSpace(p.Query) == "" {
		return requestError(model.EBADREQUEST, "The request has no query: send {\"query\": \"{ ... }\"}.")
	}
	if n := len(p.Query); n > a.opts.MaxQueryLength {
		return tooComplex("The query is %d bytes long; the limit is %d.", n, a.opts.MaxQueryLength)
	}
	s := scanQuery(p.Query, a.opts)
	return s.check(a.opts)
}

// persisted resolves the automatic persisted query protocol (Apollo's APQ): a hash alone is
// looked up; a hash with its query is checked against the query. A query enters the cache
// only once it has been accepted (queryCache.admit), never here.
func (a *admission) persisted(p *graphql.RawParams) *gqlerror.Error {
	raw, ok := p.Extensions["persistedQuery"]
	if !ok || raw == nil {
		return nil
	}
	pq, ok := raw.(map[string]any)
	if !ok {
		return requestError(model.EBADREQUEST, "extensions.persistedQuery must be an object with version and sha256Hash.")
	}
	if v := fmt.Sprint(pq["version"]); v != "1" {
		return requestError(model.EBADREQUEST, "extensions.persistedQuery.version must be 1.")
	}
	hash, _ := pq["sha256Hash"].(string)
	if !isSHA256Hex(hash) {
		return requestError(model.EBADREQUEST, "extensions.persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.")
	}
	if p.Query == "" {
		q, ok := a.cache.queryByHash(hash)
		if !ok {
			return requestError(model.EPQNOTFOUND, "PersistedQueryNotFound")
		}
		p.Query = q
		return nil
	}
	if queryHash(p.Query) != hash {
		return requestError(model.EBADREQUEST, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.")
	}
	return nil
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func queryHash(q string) string {
	h := sha256.Sum256([]byte(q))
	return hex.EncodeToString(h[:])
}

func requestError(code, format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": code}
	return e
}

// Kinds of open braces in scanQuery.
const (
	braceValue byte = iota
	braceSelection
	braceInline
)

// queryShape is what one pass over a query's tokens finds.
type queryShape struct {
	tokens, depth, fields, aliases, fragments, spreads int
	longestName, longestString                         int
	introspectionOnly                                  bool
	truncated                                          bool // stopped early: over the token budget
}

// scanQuery reads the query's tokens once. A lexical error ends the scan: the parser then
// reports it, with its position, as GRAPHQL_PARSE_FAILED.
func scanQuery(q string, o Options) queryShape {
	s := queryShape{introspectionOnly: true}
	lx := lexer.New(&ast.Source{Input: q})
	var (
		braces        []byte // per open brace: selection set, inline fragment or object value
		selDepth      int    // open selection sets
		parens        int    // inside arguments or variable definitions
		brackets      int    // inside a list value or type
		prev          lexer.Type
		inFragment    bool     // inside a fragment definition (not an operation)
		rootFields    []string // the operations' root field names
		afterSpreadOn bool
		inlineType    bool // the last token was an inline fragment's type condition
	)
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		s.tokens++
		if s.tokens > o.MaxTokens {
			s.truncated = true
			break
		}
		switch tok.Kind {
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			parens--
		case lexer.BracketL:
			brackets++
		case lexer.BracketR:
			brackets--
		case lexer.BraceL:
			switch {
			case parens > 0 || brackets > 0:
				braces = append(braces, braceValue)
			case selDepth > 0 && (prev == lexer.Spread || inlineType):
				braces = append(braces, braceInline) // its fields sit at the level around it
			default:
				braces = append(braces, braceSelection)
				selDepth++
				s.depth = max(s.depth, selDepth)
			}
			inlineType = false
		case lexer.BraceR:
			if n := len(braces); n > 0 {
				switch braces[n-1] {
				case braceSelection:
					selDepth--
					if selDepth == 0 {
						inFragment = false
					}
				}
				braces = braces[:n-1]
			}
		case lexer.String, lexer.BlockString:
			s.longestString = max(s.longestString, len(tok.Value))
		case lexer.Colon:
			if selDepth > 0 && parens == 0 && prev == lexer.Name {
				s.aliases++ // the name before was an alias; the field is the name after
				s.fields--
				if selDepth == 1 && !inFragment && len(rootFields) > 0 {
					rootFields = rootFields[:len(rootFields)-1]
				}
			}
		case lexer.Name:
			s.longestName = max(s.longestName, len(tok.Value))
			switch {
			case selDepth == 0:
				if tok.Value == "fragment" && prev != lexer.Name {
					s.fragments++
					inFragment = true
				}
			case parens > 0 || brackets > 0 || prev == lexer.At:
				// an argument, a value, a variable's type or a directive's name
			case prev == lexer.Spread && tok.Value == "on":
				afterSpreadOn = true
			case prev == lexer.Spread:
				s.spreads++
				if selDepth == 1 && !inFragment {
					s.introspectionOnly = false // a root spread: judge it as data
				}
			case afterSpreadOn:
				afterSpreadOn, inlineType = false, true // the type condition
			default:
				s.fields++
				if selDepth == 1 && !inFragment {
					rootFields = append(rootFields, tok.Value)
				}
			}
		}
		prev = tok.Kind
	}
	if len(rootFields) == 0 {
		s.introspectionOnly = false
	}
	for _, f := range rootFields {
		if !strings.HasPrefix(f, "__") {
			s.introspectionOnly = false
		}
	}
	return s
}

// check applies the budget that fits the operation.
func (s queryShape) check(o Options) *gqlerror.Error {
	maxDepth, maxFields, maxAliases := o.MaxDepth, o.MaxFields, o.MaxAliases
	if s.introspectionOnly {
		maxDepth, maxFields, maxAliases = o.IntrospectionMaxDepth, o.IntrospectionMaxFields, o.IntrospectionMaxAliases
	}
	switch {
	case s.truncated:
		return tooComplex("The query has more than %d tokens.", o.MaxTokens)
	case s.depth > maxDepth:
		return tooComplex("The query is %d levels deep; the limit is %d.", s.depth, maxDepth)
	case s.aliases > maxAliases:
		return tooComplex("The query uses %d aliases; the limit is %d.", s.aliases, maxAliases)
	case s.fields > maxFields:
		return tooComplex("The query selects %d fields; the limit is %d.", s.fields, maxFields)
	case s.fragments > o.MaxFragments:
		return tooComplex("The query defines %d fragments; the limit is %d.", s.fragments, o.MaxFragments)
	case s.spreads > o.MaxSpreads:
		return tooComplex("The query spreads fragments %d times; the limit is %d.", s.spreads, o.MaxSpreads)
	case s.longestName > o.MaxNameLength:
		return requestError(model.EINVALID, "A name in the query is %d bytes long; the limit is %d.", s.longestName, o.MaxNameLength)
	case s.longestString > o.MaxStringArg:
		return requestError(model.EINVALID, "A string in the query is %d bytes long; the limit is %d.", s.longestString, o.MaxStringArg)
	}
	return nil
}

// queryCache keeps the parsed and validated documents of accepted queries, bounded by the
// bytes of their text (a document takes a small multiple of its text). gqlgen's executor
// offers it every document that passes validation (Add); this cache ignores that and keeps
// only what the limits accepted (admit), so a rejected query never takes memory after its
// request. It also serves automatic persisted queries by hash.
type queryCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // front: most recently used
	byHash   map[string]*list.Element
}

type cacheEntry struct {
	hash, query string
	doc         *ast.QueryDocument
}

func newQueryCache(maxBytes int) *queryCache {
	return &queryCache{maxBytes: maxBytes, order: list.New(), byHash: map[string]*list.Element{}}
}

// Get implements graphql.Cache.
func (c *queryCache) Get(_ context.Context, query string) (*ast.QueryDocument, bool) {
	if len(query) > c.maxBytes {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byHash[queryHash(query)]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).doc, true
}

// Add implements graphql.Cache and does nothing: see admit.
func (c *queryCache) Add(context.Context, string, *ast.QueryDocument) {}

// admit keeps an accepted query's document, evicting the least recently used beyond the budget.
func (c *queryCache) admit(query string, doc *ast.QueryDocument) {
	if doc == nil || len(query) > c.maxBytes/8 {
		return
	}
	h := queryHash(query)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byHash[h]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.byHash[h] = c.order.PushFront(&cacheEntry{hash: h, query: query, doc: doc})
	c.bytes += len(query)
	for c.bytes > c.maxBytes {
		el := c.order.Back()
		e := el.Value.(*cacheEntry)
		c.order.Remove(el)
		delete(c.byHash, e.hash)
		c.bytes -= len(e.query)
	}
}

// queryByHash returns an accepted query's text by its SHA-256 (automatic persisted queries).
func (c *queryCache) queryByHash(hash string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byHash[hash]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).query, true
}

// size reports the entries and bytes held (for tests).
func (c *queryCache) size() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.bytes
}
