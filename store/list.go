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

// The membership filters (region, theme, bouwsteen, sector, event, document) are written
// from the membership table (membership.go); nameContains and kind are properties of n.

// propertyChecks are the filters on n's own properties.
var propertyChecks = map[string]string{
	"nameContains": `(toLower(n.name) CONTAINS $nameContains OR toLower(coalesce(n.aliasText, '')) CONTAINS $nameContains)`,
	"kind":         `n.kind = $kind`,
}

// anchorOrder lists the filters that can start a list from an index, most selective first.
var anchorOrder = []string{"event", "document", "bouwsteen", "theme", "region", "kind"}

// filterNames lists every filter in a fixed order.
var filterNames = []string{"nameContains", "kind", "sector", "region", "theme", "bouwsteen", "document", "event"}

// kindLabels have a kind property and an index on it.
var kindLabels = map[string]bool{model.LabelRegion: true, model.LabelInitiative: true, model.LabelEvent: true, model.LabelDocument: true}

// filterCheck is a filter as a predicate on n.
func filterCheck(label, f string, scope model.Scope) string {
	if d, ok := model.DimensionOfFilter(f); ok {
		return membershipCheck(label, d, scope, f)
	}
	return propertyChecks[f]
}

// checkFilters refuses filters that cannot apply to label, naming them: a silent empty list
// would read as "none".
func checkFilters(label string, active map[string]bool) error {
	for _, f := range filterNames {
		if !active[f] {
			continue
		}
		if d, ok := model.DimensionOfFilter(f); ok && !model.HasMembers(label, d) {
			return model.Errorf(model.EINVALID, "where.%s cannot apply to %s: no %s is ever a member of a %s (dimension %s).",
				f, plural(label), strings.ToLower(label), f, d)
		}
		if f == "kind" && !kindLabels[label] {
			return model.Errorf(model.EINVALID, "where.kind cannot apply to %s: they have no kind.", plural(label))
		}
	}
	return nil
}

// plural names a label's list ("initiatives").
func plural(label string) string {
	switch label {
	case model.LabelPerson:
		return "people"
	case model.LabelBouwsteen:
		return "bouwstenen"
	}
	return strings.ToLower(label) + "s"
}

// matchFiltered returns the MATCH of the nodes of label that pass the active filters; anchored
// says whether it starts from a filter's index (else from the label), hasWhere whether it ends
// in a WHERE that more conditions can join with AND.
func matchFiltered(label string, active map[string]bool, scope model.Scope) (q string, anchored, hasWhere bool) {
	anchor := ""
	for _, a := range anchorOrder {
		if !active[a] {
			continue
		}
		if d, ok := model.DimensionOfFilter(a); ok && model.HasMembers(label, d) {
			anchor, q = a, membershipAnchor(label, d, scope, a)
			break
		}
		if a == "kind" && kindLabels[label] {
			anchor, q = a, "MATCH (n:"+label+") WHERE n.kind = $kind"
			break
		}
	}
	var conds []string
	for _, f := range filterNames {
		if active[f] && f != anchor {
			conds = append(conds, filterCheck(label, f, scope))
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
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, "\n  AND ")
	}
	return q, true, len(conds) > 0
}

type listKey struct {
	label, field, dir, scope string
	filters                  string // active filter names, comma-separated
	after                    bool
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
// does (no SKIP).
func listQuery(k listKey, active map[string]bool) string {
	if q, ok := listQueries.Load(k); ok {
		return q.(string)
	}
	prop, cmp := sortKeys[model.EntityOrderField(k.field)], ">"
	if k.dir == "DESC" {
		cmp = "<"
	}
	match, anchored, hasWhere := matchFiltered(k.label, active, model.Scope(k.scope))
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
	if len(conds) > 0 {
		if hasWhere {
			b.WriteString("\n  AND ")
		} else {
			b.WriteString(" WHERE ")
		}
		b.WriteString(strings.Join(conds, " AND "))
	}
	fmt.Fprintf(&b, "\nRETURN n, n.%[1]s AS key\nORDER BY n.%[1]s %[2]s, n.id %[2]s\nLIMIT $limit", prop, k.dir)
	q := b.String()
	listQueries.Store(k, q)
	return q
}

// countQueryFor returns the total query for a label, set of active filters and scope.
func countQueryFor(label string, active map[string]bool, scope model.Scope) string {
	match, _, _ := matchFiltered(label, active, scope)
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

func decodeCursor(s string, field model.EntityOrderField) (any, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, "", model.Errorf(model.EINVALID, "after: %q is not a cursor this list gave out.", s)
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
	return nil, "", model.Errorf(model.EINVALID, "after: cursor %q belongs to a list sorted differently.", s)
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
	if err := checkFilters(label, active); err != nil {
		return nil, err
	}
	scope := model.ScopeAll
	if args.Where != nil {
		scope = scopeOf(args.Where.Scope)
	}
	after := args.After != nil && *args.After != ""
	q := listQuery(listKey{label, string(args.Order.Field), string(args.Order.Direction), string(scope), names, after}, active)
	if after {
		key, id, err := decodeCursor(*args.After, args.Order.Field)
		if err != nil {
			return nil, err
		}
		params["afterKey"], params["afterID"] = key, id
	}
	params["limit"] = args.First + 1 // one more tells whether a next page exists
	countParams := filterParams(args.Where)
	cq := countQueryFor(label, active, scope)
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
	page := &model.Page{PageInfo: &model.PageInfo{}}
	for i, rec := range res.Records {
		if i == args.First {
			page.PageInfo.HasNextPage = true
			break
		}
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "n")
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", label, err)
		}
		e := entityOf(n.Labels, n.Props)
		page.Nodes = append(page.Nodes, e)
		key, _ := rec.Get("key")
		c := encodeCursor(key, e.GetID())
		page.PageInfo.EndCursor = &c
	}
	page.Counter = model.Counter{Count: count}
	return page, nil
}
