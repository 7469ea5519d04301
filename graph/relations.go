package graph

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// Page size caps: a client asking for more gets BAD_USER_INPUT rather than a silent cut. The
// schema states them in its argument descriptions (TestSchemaStatesLimits checks it).
const (
	maxPage         = 100
	maxRelationPage = 200
	maxCursorOffset = 1 << 30
)

// Default page sizes, when a client gives neither first nor last.
const (
	defaultListPage     = 20
	defaultRelationPage = 50
	defaultMentionPage  = 20
	defaultDocumentPage = 100 // Document.mentioned: every mention in one document
)

func pairs(dir string, types ...string) []model.RelPair {
	ps := make([]model.RelPair, len(types))
	for i, t := range types {
		ps[i] = model.RelPair{Type: t, Dir: dir}
	}
	return ps
}

func rel(ps []model.RelPair, labels ...string) model.RelQuery {
	return model.RelQuery{Pairs: ps, Labels: labels}
}

func join(ps ...[]model.RelPair) []model.RelPair {
	var out []model.RelPair
	for _, p := range ps {
		out = append(out, p...)
	}
	return out
}

const (
	out = "OUT"
	in  = "IN"
)

// relationField resolves a typed relation field from its row in relationFields; where (nil
// for none) keeps the far nodes that pass the list filter of their one label.
func (r *Resolver) relationField(ctx context.Context, typeName, field, id string, where *model.Where, p pageReq) (*model.RelationConnection, error) {
	q, ok := relationFields[typeName][field]
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "%s.%s is not wired as a relation field.", typeName, field)
	}
	if where != nil {
		q = filtered(q, where)
	}
	return r.related(ctx, id, q, p)
}

// filtered returns q keeping only the far nodes that pass where: a filter is written for one
// label, the field's far label, which the query then names.
func filtered(q model.RelQuery, where *model.Where) model.RelQuery {
	q.Where = where
	if l := farLabel(q); l != "" {
		q.Labels = []string{l}
	}
	return q
}

// curatedTypes lists every curated relation type, sorted, for relations() without types.
var curatedTypes = func() []string {
	ts := make([]string, 0, len(model.RelationRules))
	for t := range model.RelationRules {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}()

// genericQ is the query behind Entity.relations(types, direction).
func genericQ(types []model.RelationType, direction *model.Direction) model.RelQuery {
	dir := string(model.DirectionBoth)
	if direction != nil {
		dir = string(*direction)
	}
	names := curatedTypes
	if len(types) > 0 {
		names = make([]string, len(types))
		for i, t := range types {
			names[i] = string(t)
		}
		sort.Strings(names)
	}
	return rel(pairs(dir, names...))
}

// pageReq is what a client asks of a connection: the first n after a cursor, or the last n
// before one (Relay's first/after and last/before; after and before may also go together).
type pageReq struct {
	first, last   *int
	after, before *string
}

func pageOf(first *int, after *string, last *int, before *string) pageReq {
	return pageReq{first: first, last: last, after: after, before: before}
}

// size validates the page size against a connection's limit: n, and whether it counts from
// the end (last). Without first and last the page is the first def.
func (p pageReq) size(limit, def int) (n int, fromEnd bool, err error) {
	name := "first"
	switch {
	case p.first != nil && p.last != nil:
		return 0, false, model.Errorf(model.EINVALID, "give first or last, not both.")
	case p.last != nil:
		n, fromEnd, name = *p.last, true, "last"
	case p.first != nil:
		n = *p.first
	default:
		n = def
	}
	if n < 0 || n > limit {
		return 0, false, model.Errorf(model.EINVALID, "%s must be between 0 and %d, got %d.", name, limit, n)
	}
	return n, fromEnd, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// relWindow validates a relation page request.
func (p pageReq) relWindow() (model.RelWindow, error) {
	n, fromEnd, err := p.size(maxRelationPage, defaultRelationPage)
	return model.RelWindow{After: deref(p.after), Before: deref(p.before), N: n, FromEnd: fromEnd}, err
}

// offsetCursor names row i of an in-memory list (mentions): such a cursor is a position in
// its list, which is why mention edges carry no id of their own.
func offsetCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(i)))
}

// decodeOffset reads an offset cursor given as argument arg.
func decodeOffset(arg, c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	rest, ok := strings.CutPrefix(string(raw), "o:")
	i, convErr := strconv.Atoi(rest)
	// A cursor points into a list of at most a few thousand mentions; anything larger was
	// not handed out by us (and i+1 must not overflow).
	if err != nil || !ok || convErr != nil || i < 0 || i > maxCursorOffset {
		return 0, model.Errorf(model.EINVALID, "%s: %q is not a cursor this list gave out.", arg, c)
	}
	return i, nil
}

// bounds validates a page request over an in-memory list of length total and returns the
// rows [start, end) it asks for.
func (p pageReq) bounds(total, limit, def int) (start, end int, err error) {
	n, fromEnd, err := p.size(limit, def)
	if err != nil {
		return 0, 0, err
	}
	lo, hi := 0, total
	if c := deref(p.after); c != "" {
		i, err := decodeOffset("after", c)
		if err != nil {
			return 0, 0, err
		}
		lo = min(i+1, total)
	}
	if c := deref(p.before); c != "" {
		i, err := decodeOffset("before", c)
		if err != nil {
			return 0, 0, err
		}
		hi = min(i, total)
	}
	hi = max(lo, hi)
	if fromEnd {
		return max(lo, hi-n), hi, nil
	}
	return lo, min(lo+n, hi), nil
}

// window cuts one page out of an in-memory list: the rows, their cursors and the page's info.
func window[T any](all []T, p pageReq, limit, def int) ([]T, []string, *model.PageInfo, error) {
	start, end, err := p.bounds(len(all), limit, def)
	if err != nil {
		return nil, nil, nil, err
	}
	cursors := make([]string, 0, end-start)
	for i := start; i < end; i++ {
		cursors = append(cursors, offsetCursor(i))
	}
	return all[start:end], cursors, pageInfoOf(cursors, start > 0, end < len(all)), nil
}

// pageInfoOf builds a page's info from its cursors.
func pageInfoOf(cursors []string, hasPrevious, hasNext bool) *model.PageInfo {
	info := &model.PageInfo{HasPreviousPage: hasPrevious, HasNextPage: hasNext}
	if n := len(cursors); n > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[n-1]
	}
	return info
}

func countOf(n int) model.Counter {
	return model.Counter{Count: func(context.Context) (int, error) { return n, nil }}
}

// related resolves a relation field: the store cuts the page, one batched query per field and
// level (or none, when prefetch already loaded it for the whole level).
func (r *Resolver) related(ctx context.Context, id string, q model.RelQuery, p pageReq) (*model.RelationConnection, error) {
	w, err := p.relWindow()
	if err != nil {
		return nil, err
	}
	l := r.loadersFor(ctx)
	if op, f, ok := resolving(ctx); ok {
		l.relationRead(op, f, &q)
	}
	page, err := l.relationLoader(q, w).Load(ctx, id)()
	if err != nil {
		return nil, err
	}
	edges := page.Edges
	more := len(edges) > w.N
	if more && w.FromEnd {
		edges = edges[len(edges)-w.N:]
	} else if more {
		edges = edges[:w.N]
	}
	cursors := make([]string, len(edges))
	for i, e := range edges {
		cursors[i] = e.Cursor
	}
	// Paging forward, after stands for an edge before the page; backward, before stands for
	// one after it. The extra edge the store fetched tells the other side.
	info := pageInfoOf(cursors, (more && w.FromEnd) || (w.After != "" && !w.FromEnd), (more && !w.FromEnd) || (w.Before != "" && w.FromEnd))
	counter := countOf(page.Total)
	if page.Total < 0 { // not selected, so not counted; count if asked all the same
		counted := q
		counted.Total = true
		counter = model.Counter{Count: func(ctx context.Context) (int, error) {
			p, err := l.relationLoader(counted, w).Load(ctx, id)()
			if err != nil {
				return 0, err
			}
			return p.Total, nil
		}}
	}
	return &model.RelationConnection{Edges: edges, PageInfo: info, Counter: counter}, nil
}

// mentionsOf resolves Entity.mentions.
func (r *Resolver) mentionsOf(ctx context.Context, id string, p pageReq) (*model.MentionConnection, error) {
	return r.mentionPage(ctx, r.loadersFor(ctx).mentions.Load(ctx, id), p, defaultMentionPage)
}

// mentionPage pages a loaded list of mentions.
func (r *Resolver) mentionPage(ctx context.Context, thunk func() ([]*model.Mention, error), p pageReq, def int) (*model.MentionConnection, error) {
	all, err := thunk()
	if err != nil {
		return nil, err
	}
	page, cursors, info, err := window(all, p, maxRelationPage, def)
	if err != nil {
		return nil, err
	}
	return &model.MentionConnection{Nodes: page, Cursors: cursors, PageInfo: info, Counter: countOf(len(all))}, nil
}

// farNode returns the far node of a typed edge as its type. The wiring table and the endpoint
// rules decide the type (TestTypedRelationFields), so another type is an internal error.
func farNode[T model.Entity](e model.Entity) (T, error) {
	t, ok := e.(T)
	if !ok {
		var zero T
		return zero, model.Errorf(model.EINTERNAL, "far node %s is a %T, not a %T.", e.GetID(), e, zero)
	}
	return t, nil
}

// farNodes returns the far nodes of a typed connection as their type (see farNode).
func farNodes[T model.Entity](es []model.Entity) ([]T, error) {
	out := make([]T, len(es))
	for i, e := range es {
		t, err := farNode[T](e)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}
