package graph

import (
	"context"

	"encoding/base64"
	"github.com/99designs/gqlgen/graphql"
	"sort"
	"strconv"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// Page size caps: a client asking for more gets BAD_USER_INPUT rather than a silent cut.
const (
	maxPage         = 100
	maxRelationPage = 200
	maxCursorOffset = 1 << 30
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

// relationField resolves a typed relation field from its row in relationFields.
func (r *Resolver) relationField(ctx context.Context, typeName, field, id string, first *int, after *string) (*model.RelationConnection, error) {
	q, ok := relationFields[typeName][field]
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "%s.%s is not wired as a relation field.", typeName, field)
	}
	return r.related(ctx, id, q, first, after)
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

// pageArgs validates first/after for an in-memory page and returns size and start offset.
func pageArgs(first *int, after *string, limit int) (int, int, error) {
	n := 20
	if first != nil {
		n = *first
	}
	if n < 0 || n > limit {
		return 0, 0, model.Errorf(model.EINVALID, "first must be between 0 and %d, got %d.", limit, n)
	}
	start := 0
	if after != nil && *after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(*after)
		rest, ok := strings.CutPrefix(string(raw), "o:")
		i, convErr := strconv.Atoi(rest)
		// A cursor points into a list of at most a few thousand relations; anything larger was
		// not handed out by us (and i+1 must not overflow).
		if err != nil || !ok || convErr != nil || i < 0 || i > maxCursorOffset {
			return 0, 0, model.Errorf(model.EINVALID, "after: %q is not a cursor this list gave out.", *after)
		}
		start = i + 1
	}
	return n, start, nil
}

func offsetCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(i)))
}

// window cuts one page out of an in-memory list.
func window[T any](all []T, n, start int) ([]T, *model.PageInfo, []int) {
	start = min(start, len(all))
	end := min(start+n, len(all))
	info := &model.PageInfo{HasNextPage: end < len(all)}
	idx := make([]int, 0, end-start)
	for i := start; i < end; i++ {
		idx = append(idx, i)
	}
	if end > start {
		c := offsetCursor(end - 1)
		info.EndCursor = &c
	}
	return all[start:end], info, idx
}

func countOf(n int) model.Counter {
	return model.Counter{Count: func(context.Context) (int, error) { return n, nil }}
}

// related resolves a relation field: the store cuts the page, one batched query per field and
// level (or none, when prefetch already loaded it for the whole level).
func (r *Resolver) related(ctx context.Context, id string, q model.RelQuery, first *int, after *string) (*model.RelationConnection, error) {
	n, start, err := pageArgs(first, after, maxRelationPage)
	if err != nil {
		return nil, err
	}
	l := r.loadersFor(ctx)
	if graphql.HasOperationContext(ctx) {
		if fc := graphql.GetFieldContext(ctx); fc != nil {
			op := graphql.GetOperationContext(ctx)
			q.Light, q.Total = l.lightField(op, fc.Field), selectsIn(op, fc.Field.Selections, "totalCount")
		}
	}
	page, err := l.relationLoader(q, start, n).Load(ctx, id)()
	if err != nil {
		return nil, err
	}
	rows := page.Edges
	info := &model.PageInfo{HasNextPage: len(rows) > n}
	rows = rows[:min(n, len(rows))]
	edges := make([]*model.RelationEdge, len(rows))
	for i, e := range rows {
		c := *e
		c.Cursor = offsetCursor(start + i)
		edges[i] = &c
	}
	if len(edges) > 0 {
		info.EndCursor = &edges[len(edges)-1].Cursor
	}
	counter := countOf(page.Total)
	if page.Total < 0 { // not selected, so not counted; count if asked all the same
		counted := q
		counted.Total = true
		counter = model.Counter{Count: func(ctx context.Context) (int, error) {
			p, err := l.relationLoader(counted, start, n).Load(ctx, id)()
			if err != nil {
				return 0, err
			}
			return p.Total, nil
		}}
	}
	return &model.RelationConnection{Edges: edges, PageInfo: info, Counter: counter}, nil
}

// mentionsOf resolves Entity.mentions.
func (r *Resolver) mentionsOf(ctx context.Context, id string, first *int, after *string) (*model.MentionConnection, error) {
	return r.mentionPage(ctx, r.loadersFor(ctx).mentions.Load(ctx, id), first, after)
}

// mentionPage pages a loaded list of mentions.
func (r *Resolver) mentionPage(ctx context.Context, thunk func() ([]*model.Mention, error), first *int, after *string) (*model.MentionConnection, error) {
	n, start, err := pageArgs(first, after, maxRelationPage)
	if err != nil {
		return nil, err
	}
	all, err := thunk()
	if err != nil {
		return nil, err
	}
	page, info, _ := window(all, n, start)
	return &model.MentionConnection{Nodes: page, PageInfo: info, Counter: countOf(len(all))}, nil
}
