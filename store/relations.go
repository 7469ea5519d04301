package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/metandereogen/maograph/graph/model"
)

// relationsTemplate returns, for each node, one page of its relationships matching a
// RelQuery, ordered by type, the far node's name and id, the direction and the relationship's
// id, and (RelQuery.Total) how many there are
// in all. %[1]s is the union of one MATCH per direction, with the relationship types and
// far-node labels written literally (relationsBranch): a dynamic $any($types) expands every
// relationship of the node and filters afterwards, while a literal type follows only that
// type's chain; a municipality at size L has far more mentions than initiatives. The page is
// cut in the database with a top-k sort (one more row than asked says whether another page
// follows) and keyset cursors (sortKey): a cursor names its edge, not a position in one list, so
// the same edge has the same cursor in every list it is in, and a page costs what the first one
// does. Only its far nodes are read and sent; the total is a separate count, made only
// when asked for. The document text is left out of the far node: a relation list never shows
// it and it is the largest property in the graph. The answer is one row per node: a list is
// cheaper to send and decode than a row per relation. The near node is a, the far node n, so
// that %[5]s, a list filter on the far node (RelQuery.Where), is the very predicate the
// top-level list of its label uses (filter.cond, membership.go's checks).
const relationsTemplate = `UNWIND $ids AS id
MATCH (a:Node {id: id})
CALL (a) {
  CALL (a) {
%[1]s
  }
  WITH r, n, dir, type(r) + $sep + coalesce(n.name, '') + $sep + n.id + $sep + dir + $sep + coalesce(r.id, '') AS k
  WHERE ($after IS NULL OR k > $after) AND ($before IS NULL OR k < $before)%[5]s
  WITH r, n, dir, k ORDER BY k %[4]s LIMIT $limit
  RETURN collect([type(r), dir, r.id, r.role, r.quote, r.document, r.offset, labels(n), %[3]s, k]) AS page
}
%[2]s
RETURN id, total, page`

// The columns of a relationsTemplate page row.
const (
	relType = iota
	relDir
	relID
	relRole
	relQuote
	relDocument
	relOffset
	relLabels
	relProps
	relKey
	relColumns
)

// sortKeySep joins the parts of a relation's sort key. It sorts before every character a
// name or id can hold, so comparing joined keys compares the parts in order.
const sortKeySep = "\x01"

// relCursorPrefix marks a relation cursor (base64 of the prefix and the edge's sort key).
const relCursorPrefix = "r:"

func encodeRelCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(relCursorPrefix + key))
}

// decodeRelCursor returns the sort key a relation cursor names, or nil for no cursor.
func decodeRelCursor(arg, c string) (any, error) {
	if c == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	key, ok := strings.CutPrefix(string(raw), relCursorPrefix)
	if err != nil || !ok || strings.Count(key, sortKeySep) != 4 || !utf8.ValidString(key) {
		return nil, model.Errorf(model.EINVALID, "%s: %q is not a cursor of a relation list.", arg, c)
	}
	return key, nil
}

// The total of relationsTemplate: counted (%[1]s is the same union, %[2]s the same filter),
// or unknown (-1).
const (
	relationsCounted = `CALL (a) {
  CALL (a) {
%[1]s
  }%[2]s
  RETURN count(*) AS total
}`
	relationsUncounted = `WITH id, page, -1 AS total`
)

// The far node's properties: all but the text, or (RelQuery.Light) only what a list of names
// shows.
const (
	farNodeFull  = `n {.*, text: null}`
	farNodeLight = `n {.id, .name}`
)

// relationsBranch is one direction of relationsTemplate: the arrow's ends, the types, the far
// node's labels, the direction's name and an extra condition.
const relationsBranch = `    MATCH (a)%s[r:%s]%s(n:%s)%s
    RETURN r, n, '%s' AS dir`

// relationsQueries caches the query text of each RelQuery, up to maxRelationsQueries texts:
// the fields of the schema ask a few dozen combinations; beyond the bound (a client trying
// every subset of relations(types:)) texts are built per request and not kept.
var (
	relationsQueries      sync.Map // RelQuery.Key() -> string
	relationsQueriesCount atomic.Int64
)

const maxRelationsQueries = 512

// relationsQueryFor builds the query for q from the fixed vocabulary: every type must be a
// curated relation type and every label a node label, so no text from a request reaches it.
// A filter (q.Where) adds its values as parameters, returned with the text (nil without one);
// its text is not kept, as it varies with the filter's shape.
func relationsQueryFor(q model.RelQuery, fromEnd bool) (string, map[string]any, error) {
	key := q.Key() + fmt.Sprint(fromEnd)
	if q.Where == nil {
		if v, ok := relationsQueries.Load(key); ok {
			return v.(string), nil, nil
		}
	}
	byDir := map[string][]string{}
	for _, p := range q.Pairs {
		if _, ok := model.RelationRules[p.Type]; !ok {
			return "", nil, model.Errorf(model.EINVALID, "%q is not a relation type.", p.Type)
		}
		switch p.Dir {
		case "OUT", "IN":
			byDir[p.Dir] = appendNew(byDir[p.Dir], p.Type)
		case "BOTH":
			byDir["OUT"] = appendNew(byDir["OUT"], p.Type)
			byDir["IN"] = appendNew(byDir["IN"], p.Type)
		default:
			return "", nil, model.Errorf(model.EINVALID, "%q is not a direction.", p.Dir)
		}
	}
	labels := "Node"
	if len(q.Labels) > 0 {
		for _, l := range q.Labels {
			if _, ok := model.IDPrefix[l]; !ok {
				return "", nil, model.Errorf(model.EINVALID, "%q is not a node label.", l)
			}
		}
		labels = strings.Join(q.Labels, "|")
	}
	var branches []string
	if ts := byDir["OUT"]; len(ts) > 0 {
		branches = append(branches, fmt.Sprintf(relationsBranch, "-", strings.Join(ts, "|"), "->", labels, "", "OUT"))
	}
	if ts := byDir["IN"]; len(ts) > 0 {
		// A loop is already listed as OUT when its type is asked for both ways.
		cond := ""
		if slices.ContainsFunc(ts, func(t string) bool { return slices.Contains(byDir["OUT"], t) }) {
			cond = " WHERE n <> a"
		}
		branches = append(branches, fmt.Sprintf(relationsBranch, "<-", strings.Join(ts, "|"), "-", labels, cond, "IN"))
	}
	if len(branches) == 0 {
		return "", nil, model.Errorf(model.EINVALID, "a relation query needs at least one type.")
	}
	far := farNodeFull
	if q.Light {
		far = farNodeLight
	}
	where, params, err := farFilter(q)
	if err != nil {
		return "", nil, err
	}
	union := strings.Join(branches, "\n    UNION ALL\n")
	total := relationsUncounted
	if q.Total {
		counted := ""
		if where != "" {
			counted = "\n  WITH n WHERE " + where
		}
		total = fmt.Sprintf(relationsCounted, union, counted)
	}
	order := "ASC"
	if fromEnd {
		order = "DESC"
	}
	filtered := ""
	if where != "" {
		filtered = "\n    AND " + where
	}
	text := fmt.Sprintf(relationsTemplate, union, total, far, order, filtered)
	if where != "" {
		return text, params, nil
	}
	if relationsQueriesCount.Load() < maxRelationsQueries {
		if _, loaded := relationsQueries.LoadOrStore(key, text); !loaded {
			relationsQueriesCount.Add(1)
		}
	}
	return text, nil, nil
}

// farFilter renders q.Where as a predicate on the far node n, with its parameters: the list
// filter of q's one far label, as the top-level list renders it. Errors: EINVALID when q has
// not exactly one far label, or names a filter that cannot apply to it.
func farFilter(q model.RelQuery) (string, map[string]any, error) {
	if q.Where == nil {
		return "", nil, nil
	}
	if len(q.Labels) != 1 {
		return "", nil, model.Errorf(model.EINVALID, "a relation filter needs one far label, not %d.", len(q.Labels))
	}
	f := &filter{label: q.Labels[0], params: map[string]any{}}
	c, err := f.cond(q.Where, "where", "")
	return c, f.params, err
}

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// Relations returns one page (the window's n, plus one more if there is one, to tell that
// another page follows) of the relations q selects of each node, keyed by node id, in order
// (with w.FromEnd the page is the last n, and the extra one comes first), each edge with its
// cursor; with the total when q.Total asks for it (-1 otherwise). Every id gets a page, empty
// when it has no such relations. A malformed cursor is BAD_USER_INPUT.
func (s *Store) Relations(ctx context.Context, q model.RelQuery, ids []string, w model.RelWindow) (map[string]*model.RelPage, error) {
	if w.N < 0 {
		return nil, model.Errorf(model.EINVALID, "relation page of size %d: it must be at least 0.", w.N)
	}
	after, err := decodeRelCursor("after", w.After)
	if err != nil {
		return nil, err
	}
	before, err := decodeRelCursor("before", w.Before)
	if err != nil {
		return nil, err
	}
	query, params, err := relationsQueryFor(q, w.FromEnd)
	if err != nil {
		return nil, err
	}
	if params == nil {
		params = map[string]any{}
	}
	if err := s.documentsOfDates(ctx, params); err != nil { // a filter's asOf
		return nil, err
	}
	maps.Copy(params, map[string]any{"ids": ids, "limit": int64(w.N) + 1, "sep": sortKeySep, "after": after, "before": before})
	res, err := s.read(ctx, "relations", query, params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*model.RelPage, len(ids))
	for _, id := range ids {
		out[id] = &model.RelPage{Edges: []*model.RelationEdge{}, Total: -1}
	}
	for _, rec := range res.Records {
		if len(rec.Values) != 3 {
			return nil, fmt.Errorf("relations: row of %d columns", len(rec.Values))
		}
		id, _ := rec.Values[0].(string)
		total, _ := rec.Values[1].(int64)
		rows, _ := rec.Values[2].([]any)
		p := &model.RelPage{Edges: make([]*model.RelationEdge, 0, len(rows)), Total: int(total)}
		for _, row := range rows {
			cols, _ := row.([]any)
			if len(cols) != relColumns {
				return nil, fmt.Errorf("relations of %s: page row of %d columns", id, len(cols))
			}
			p.Edges = append(p.Edges, edgeOf(cols))
		}
		if w.FromEnd { // fetched from the end: put the page back in order
			slices.Reverse(p.Edges)
		}
		out[id] = p
	}
	return out, nil
}

// edgeOf builds an edge from a page row of relationsTemplate.
func edgeOf(cols []any) *model.RelationEdge {
	text := func(i int) string { v, _ := cols[i].(string); return v }
	props, _ := cols[relProps].(map[string]any)
	rawLabels, _ := cols[relLabels].([]any)
	labels := make([]string, 0, len(rawLabels))
	for _, l := range rawLabels {
		if s, ok := l.(string); ok {
			labels = append(labels, s)
		}
	}
	var role *string
	if r, ok := cols[relRole].(string); ok && r != "" {
		role = &r
	}
	offset, _ := cols[relOffset].(int64)
	return &model.RelationEdge{
		Cursor:    encodeRelCursor(text(relKey)),
		ID:        text(relID),
		Node:      entityOf(labels, props),
		Type:      model.RelationType(text(relType)),
		Direction: model.Direction(text(relDir)),
		Role:      role,
		Evidence:  &model.Evidence{Quote: text(relQuote), DocumentID: text(relDocument), Offset: int(offset), Backs: text(relID)},
	}
}
