package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// A list query is built for the filters a request uses (from fixed fragments, never from
// request text; values travel as parameters) so that the planner can start from an index:
// the most selective filter given becomes the anchor, an index seek on its node followed by a
// walk to the listed nodes, and the others are checked on what the anchor yields. Without an
// anchor the list walks the label's index on the sort key, in order, and stops at the page.
// Region filters follow PART_OF upward, so a region includes its sub-regions.

// filterChecks are the filters as predicates on n.
var filterChecks = map[string]string{
	"nameContains": `(toLower(n.name) CONTAINS $nameContains OR toLower(coalesce(n.aliasText, '')) CONTAINS $nameContains)`,
	"kind":         `n.kind = $kind`,
	"sector": `(n.sector = $sector
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|PARTNER_IN]-(:Organisation {sector: $sector}) })`,
	"region": `(EXISTS { MATCH (n)-[:LOCATED_IN|PART_OF*0..6]->(:Region {id: $region}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|ORGANISED|PRESENTED_AT]->()
                         -[:LOCATED_IN|PART_OF*1..6]->(:Region {id: $region}) })`,
	"theme": `(EXISTS { MATCH (n)-[:ABOUT]->(:Theme {id: $theme}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]->()
                         -[:ABOUT]->(:Theme {id: $theme}) })`,
	"bouwsteen": `(n.id = $bouwsteen
       OR EXISTS { MATCH (n)-[:EMBODIES]->(:Bouwsteen {id: $bouwsteen}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]->()-[:EMBODIES]->(:Bouwsteen {id: $bouwsteen}) })`,
	"document": `(n.id = $document OR EXISTS { MATCH (n)-[:MENTIONED_IN]->(:Document {id: $document}) })`,
	"event":    `(n.id = $event OR EXISTS { MATCH (n)-[]-(:Event {id: $event}) })`,
}

// filterAnchors yield exactly the nodes of label %[1]s the filter admits, starting from an
// index seek on the filter's node; in order of preference (most selective first).
var filterAnchors = []struct{ filter, cypher string }{
	{"event", `MATCH (a:Event {id: $event})
CALL (a) {
  MATCH (n:%[1]s) WHERE n.id = a.id RETURN n
  UNION
  MATCH (a)--(n:%[1]s) RETURN n
}`},
	{"document", `MATCH (a:Document {id: $document})
CALL (a) {
  MATCH (n:%[1]s) WHERE n.id = a.id RETURN n
  UNION
  MATCH (a)<-[:MENTIONED_IN]-(n:%[1]s) RETURN n
}`},
	{"bouwsteen", `MATCH (a:Bouwsteen {id: $bouwsteen})
CALL (a) {
  MATCH (n:%[1]s) WHERE n.id = a.id RETURN n
  UNION
  MATCH (a)<-[:EMBODIES]-(n:%[1]s) RETURN n
  UNION
  MATCH (a)<-[:EMBODIES]-()<-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]-(n:%[1]s) RETURN n
}`},
	{"theme", `MATCH (a:Theme {id: $theme})
CALL (a) {
  MATCH (a)<-[:ABOUT]-(n:%[1]s) RETURN n
  UNION
  MATCH (a)<-[:ABOUT]-()<-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]-(n:%[1]s) RETURN n
}`},
	{"region", `MATCH (a:Region {id: $region})
CALL (a) {
  MATCH (a)<-[:LOCATED_IN|PART_OF*0..6]-(n:%[1]s) RETURN n
  UNION
  MATCH (a)<-[:LOCATED_IN|PART_OF*1..6]-()<-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|ORGANISED|PRESENTED_AT]-(n:%[1]s) RETURN n
}`},
	{"kind", `MATCH (n:%[1]s) WHERE n.kind = $kind`},
}

// filterNames lists every filter in a fixed order.
var filterNames = []string{"nameContains", "kind", "sector", "region", "theme", "bouwsteen", "document", "event"}

// kindLabels have a kind property and an index on it.
var kindLabels = map[string]bool{model.LabelRegion: true, model.LabelInitiative: true, model.LabelEvent: true, model.LabelDocument: true}

// matchFiltered returns the MATCH of the nodes of label that pass the active filters; anchored
// says whether it starts from a filter's index (else from the label), hasWhere whether it ends
// in a WHERE that more conditions can join with AND.
func matchFiltered(label string, active map[string]bool) (q string, anchored, hasWhere bool) {
	anchor := ""
	for _, a := range filterAnchors {
		if active[a.filter] && (a.filter != "kind" || kindLabels[label]) {
			anchor = a.filter
			q = fmt.Sprintf(a.cypher, label)
			break
		}
	}
	var conds []string
	for _, f := range filterNames {
		if active[f] && f != anchor {
			conds = append(conds, filterChecks[f])
		}
	}
	switch anchor {
	case "":
		q = "MATCH (n:" + label + ")"
		if len(conds) > 0 {
			q += "\nWHERE " + strings.Join(conds, "\n  AND ")
		}
		return q, false, len(conds) > 0
	case "kind":
		if len(conds) > 0 {
			q += "\n  AND " + strings.Join(conds, "\n  AND ")
		}
		return q, true, true
	}
	q += "\nWITH n"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, "\n  AND ")
	}
	return q, true, len(conds) > 0
}

type listKey struct {
	label, field, dir string
	filters           string // active filter names, comma-separated
	after, before     bool
	fromEnd           bool
}

var (
	listQueries sync.Map // listKey -> string
	sortKeys    = map[model.EntityOrderField]string{
		model.EntityOrderFieldName:     "name",
		model.EntityOrderFieldMentions: "mentionCount",
	}
)

// listQuery returns the page query for a label, sort, direction and set of active filters.
// Keyset pagination: the page continues strictly after the last row's (key, id), written so
// that the planner can seek the sort key's index from there: deep pages cost what the first
// does (no SKIP). Before bounds the page from the other side the same way; fromEnd reads the
// order backwards from the end (or from before), for the last rows, which List puts back in order.
func listQuery(k listKey, active map[string]bool) string {
	if q, ok := listQueries.Load(k); ok {
		return q.(string)
	}
	prop, cmp, back := sortKeys[model.EntityOrderField(k.field)], ">", "<"
	if k.dir == "DESC" {
		cmp, back = "<", ">"
	}
	dir := k.dir
	if k.fromEnd {
		dir = map[string]string{"ASC": "DESC", "DESC": "ASC"}[k.dir]
	}
	match, anchored, hasWhere := matchFiltered(k.label, active)
	var b strings.Builder
	b.WriteString(match)
	var conds []string
	if !anchored {
		// Lets the planner walk the label's index on the sort key in order.
		conds = append(conds, fmt.Sprintf("n.%s IS NOT NULL", prop))
	}
	if k.after {
		conds = append(conds, fmt.Sprintf("n.%[1]s %[2]s= $afterKey AND (n.%[1]s %[2]s $afterKey OR n.id %[2]s $afterID)", prop, cmp))
	}
	if k.before {
		conds = append(conds, fmt.Sprintf("n.%[1]s %[2]s= $beforeKey AND (n.%[1]s %[2]s $beforeKey OR n.id %[2]s $beforeID)", prop, back))
	}
	if len(conds) > 0 {
		if hasWhere {
			b.WriteString("\n  AND ")
		} else {
			b.WriteString(" WHERE ")
		}
		b.WriteString(strings.Join(conds, " AND "))
	}
	fmt.Fprintf(&b, "\nRETURN n, n.%[1]s AS key\nORDER BY n.%[1]s %[2]s, n.id %[2]s\nLIMIT $limit", prop, dir)
	q := b.String()
	listQueries.Store(k, q)
	return q
}

// countQueryFor returns the total query for a label and set of active filters.
func countQueryFor(label string, active map[string]bool) string {
	match, _, _ := matchFiltered(label, active)
	return match + "\nRETURN count(DISTINCT n) AS total"
}

type cursor struct {
	Key any    `json:"k"`
	ID  string `json:"i"`
}

func encodeCursor(key any, id string) string {
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads the cursor given as argument arg (after or before).
func decodeCursor(arg, s string, field model.EntityOrderField) (any, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, "", model.Errorf(model.EINVALID, "%s: %q is not a cursor this list gave out.", arg, s)
	}
	switch k := c.Key.(type) {
	case string:
		if field == model.EntityOrderFieldName {
			return k, c.ID, nil
		}
	case float64:
		if field == model.EntityOrderFieldMentions {
			return int64(k), c.ID, nil
		}
	}
	return nil, "", model.Errorf(model.EINVALID, "%s: cursor %q belongs to a list sorted differently.", arg, s)
}

// filterParams turns an EntityWhere into query parameters (nil for unused filters).
func filterParams(w *model.EntityWhere) map[string]any {
	p := map[string]any{"nameContains": nil, "kind": nil, "sector": nil, "region": nil, "theme": nil,
		"bouwsteen": nil, "document": nil, "event": nil}
	if w == nil {
		return p
	}
	opt := func(k string, v *string) {
		if v != nil {
			p[k] = *v
		}
	}
	if w.NameContains != nil {
		p["nameContains"] = strings.ToLower(*w.NameContains)
	}
	opt("kind", w.Kind)
	opt("sector", w.Sector)
	opt("region", w.Region)
	opt("theme", w.Theme)
	opt("bouwsteen", w.Bouwsteen)
	opt("document", w.Document)
	opt("event", w.Event)
	return p
}

// activeFilters names the filters a where uses.
func activeFilters(p map[string]any) (map[string]bool, string) {
	active := map[string]bool{}
	var names []string
	for _, f := range filterNames {
		if p[f] != nil {
			active[f] = true
			names = append(names, f)
		}
	}
	return active, strings.Join(names, ",")
}

// List returns a page of entities of a label; the total is counted only when asked for.
func (s *Store) List(ctx context.Context, label string, args model.ListArgs) (*model.Page, error) {
	if _, ok := sortKeys[args.Order.Field]; !ok || !slices.Contains(model.Labels, label) ||
		(args.Order.Direction != model.OrderDirectionAsc && args.Order.Direction != model.OrderDirectionDesc) {
		return nil, model.Errorf(model.EINVALID, "cannot list %s sorted by %s %s.", label, args.Order.Field, args.Order.Direction)
	}
	params := filterParams(args.Where)
	active, names := activeFilters(params)
	after := args.After != nil && *args.After != ""
	before := args.Before != nil && *args.Before != ""
	q := listQuery(listKey{label, string(args.Order.Field), string(args.Order.Direction), names, after, before, args.FromEnd}, active)
	if after {
		key, id, err := decodeCursor("after", *args.After, args.Order.Field)
		if err != nil {
			return nil, err
		}
		params["afterKey"], params["afterID"] = key, id
	}
	if before {
		key, id, err := decodeCursor("before", *args.Before, args.Order.Field)
		if err != nil {
			return nil, err
		}
		params["beforeKey"], params["beforeID"] = key, id
	}
	params["limit"] = args.First + 1 // one more tells whether a next page exists
	countParams := filterParams(args.Where)
	cq := countQueryFor(label, active)
	countNow := func(ctx context.Context) (int, error) {
		res, err := s.read(ctx, "count "+label, cq, countParams)
		if err != nil {
			return 0, err
		}
		total, _, err := neo4j.GetRecordValue[int64](res.Records[0], "total")
		if err != nil {
			return 0, fmt.Errorf("count %s: %w", label, err)
		}
		return int(total), nil
	}
	count := countNow
	if args.WithTotal {
		// The total is wanted: count beside the page query rather than after it, so that the
		// request waits for one round trip, not two.
		type counted struct {
			n   int
			err error
		}
		ch := make(chan counted, 1)
		go func() {
			n, err := countNow(ctx)
			ch <- counted{n, err}
		}()
		var once sync.Once
		var got counted
		count = func(context.Context) (int, error) {
			once.Do(func() { got = <-ch })
			return got.n, got.err
		}
	}
	res, err := s.read(ctx, "list "+label, q, params)
	if err != nil {
		return nil, err
	}
	// Paging forward, a cursor given as after stands for a row before the page; backward, one
	// given as before stands for a row after it. The extra row tells the other side.
	page := &model.Page{PageInfo: &model.PageInfo{HasPreviousPage: after && !args.FromEnd, HasNextPage: before && args.FromEnd}}
	for i, rec := range res.Records {
		if i == args.First {
			if args.FromEnd {
				page.PageInfo.HasPreviousPage = true
			} else {
				page.PageInfo.HasNextPage = true
			}
			break
		}
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "n")
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", label, err)
		}
		e := entityOf(n.Labels, n.Props)
		key, _ := rec.Get("key")
		page.Nodes = append(page.Nodes, e)
		page.Cursors = append(page.Cursors, encodeCursor(key, e.GetID()))
	}
	if args.FromEnd {
		slices.Reverse(page.Nodes)
		slices.Reverse(page.Cursors)
	}
	if n := len(page.Cursors); n > 0 {
		page.PageInfo.StartCursor, page.PageInfo.EndCursor = &page.Cursors[0], &page.Cursors[n-1]
	}
	page.Counter = model.Counter{Count: count}
	return page, nil
}
