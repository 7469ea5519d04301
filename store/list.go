package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// A list query is built for the filters a request uses (from fixed fragments, never from
// request text; values travel as parameters) so that the planner can start from an index:
// the most selective filter given becomes the anchor, an index seek on its node followed by a
// walk to the listed nodes, and the others are checked on what the anchor yields. Without an
// anchor the list walks the label's index on the sort key, in order, and stops at the page.
// Region filters follow PART_OF upward, so a region includes its sub-regions.

// A filter is a tree (model.Where: conditions, AND, OR, NOT) rendered into one predicate on
// n, every value a numbered parameter ($f0, $f1, …). The membership conditions (region, theme,
// bouwsteen, sector, event, document) are written from the membership table (membership.go);
// the others are properties of n.

// kindLabels have a kind property and an index on it; dateLabels a date.
var (
	kindLabels = map[string]bool{model.LabelRegion: true, model.LabelInitiative: true, model.LabelEvent: true, model.LabelDocument: true}
	dateLabels = map[string]bool{model.LabelEvent: true, model.LabelDocument: true}
)

// anchorOrder lists the membership filters that can start a list from an index, most
// selective first.
var anchorOrder = []string{"event", "document", "bouwsteen", "theme", "region"}

// memberships lists a where's membership conditions by filter name.
func memberships(w *model.Where) map[string]*string {
	return map[string]*string{"region": w.Region, "theme": w.Theme, "bouwsteen": w.Bouwsteen,
		"sector": w.Sector, "event": w.Event, "document": w.Document}
}

// filterNames lists the membership filters in a fixed order (the order of the predicate).
var filterNames = []string{"sector", "region", "theme", "bouwsteen", "document", "event"}

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

// asOfDate is a filter parameter that stands for a date (where.asOf) until the query runs:
// documentsOfDates replaces it by the ids of the documents dated on or before it, the list
// the membership checks take (membership.go).
type asOfDate string

// documentsOfDates replaces every asOfDate among params by the documents dated by then.
func (s *Store) documentsOfDates(ctx context.Context, params map[string]any) error {
	for k, v := range params {
		if d, ok := v.(asOfDate); ok {
			docs, err := s.documentsAsOf(ctx, string(d))
			if err != nil {
				return err
			}
			params[k] = docs
		}
	}
	return nil
}

// filter renders a Where for the list of one label.
type filter struct {
	label  string
	params map[string]any
}

func (f *filter) param(v any) string {
	name := fmt.Sprintf("f%d", len(f.params))
	f.params[name] = v
	return name
}

// cond renders w as a predicate on n ("" when it has no condition), skipping the filter skip
// (the anchor's: a membership, or kind's eq); at names where w stands (where, where.AND[0], …)
// for errors.
// Errors: EINVALID naming a filter that cannot apply to the label.
func (f *filter) cond(w *model.Where, at, skip string) (string, error) {
	if w == nil {
		return "", nil
	}
	var conds []string
	if w.NameContains != nil {
		p := f.param(strings.ToLower(*w.NameContains))
		conds = append(conds, fmt.Sprintf(`(toLower(n.name) CONTAINS $%[1]s OR toLower(coalesce(n.aliasText, '')) CONTAINS $%[1]s)`, p))
	}
	conds = append(conds, f.text("n.name", w.Name)...)
	if w.Kind != nil {
		if !kindLabels[f.label] {
			return "", model.Errorf(model.EINVALID, "%s.kind cannot apply to %s: they have no kind.", at, plural(f.label))
		}
		kind := w.Kind
		if skip == "kind" {
			// The anchor's MATCH already holds n.kind = eq; the rest of the filter still applies.
			rest := *kind
			rest.Eq = nil
			kind = &rest
		}
		conds = append(conds, f.text("n.kind", kind)...)
	}
	if w.Date != nil {
		if !dateLabels[f.label] {
			return "", model.Errorf(model.EINVALID, "%s.date cannot apply to %s: they have no date.", at, plural(f.label))
		}
		if w.Date.From != nil {
			conds = append(conds, "n.date >= $"+f.param(*w.Date.From))
		}
		if w.Date.To != nil {
			conds = append(conds, "n.date <= $"+f.param(*w.Date.To))
		}
	}
	scope, asOf := scopeOf(w.Scope), ""
	ms := memberships(w)
	if w.AsOf != nil {
		if err := model.CheckAsOf(*w.AsOf); err != nil {
			return "", model.Errorf(model.EINVALID, "%s.asOf: %s", at, model.ErrorMessage(err))
		}
		if !slices.ContainsFunc(filterNames, func(name string) bool { return ms[name] != nil }) {
			return "", model.Errorf(model.EINVALID, "%s.asOf dates the memberships beside it: give region, theme, bouwsteen, sector, event or document with it.", at)
		}
		asOf = f.param(asOfDate(*w.AsOf))
	}
	for _, name := range filterNames {
		v := ms[name]
		if v == nil || name == skip {
			continue
		}
		d, _ := model.DimensionOfFilter(name)
		if !model.HasMembers(f.label, d) {
			return "", model.Errorf(model.EINVALID, "%s.%s cannot apply to %s: no %s is ever a member of a %s (dimension %s).",
				at, name, plural(f.label), strings.ToLower(f.label), name, d)
		}
		conds = append(conds, membershipCheck(f.label, d, scope, f.param(*v), asOf))
	}
	for i, sub := range w.And {
		c, err := f.cond(sub, fmt.Sprintf("%s.AND[%d]", at, i), "")
		if err != nil {
			return "", err
		}
		if c != "" {
			conds = append(conds, c)
		}
	}
	if len(w.Or) > 0 {
		var alts []string
		for i, sub := range w.Or {
			c, err := f.cond(sub, fmt.Sprintf("%s.OR[%d]", at, i), "")
			if err != nil {
				return "", err
			}
			if c == "" {
				c = "true"
			}
			alts = append(alts, c)
		}
		conds = append(conds, "("+strings.Join(alts, " OR ")+")")
	}
	if w.Not != nil {
		c, err := f.cond(w.Not, at+".NOT", "")
		if err != nil {
			return "", err
		}
		if c != "" {
			conds = append(conds, "NOT "+c)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "(" + strings.Join(conds, "\n  AND ") + ")", nil
}

// text renders a StringFilter on a property.
func (f *filter) text(prop string, sf *model.StringFilter) []string {
	if sf == nil {
		return nil
	}
	var out []string
	if sf.Eq != nil {
		out = append(out, prop+" = $"+f.param(*sf.Eq))
	}
	if sf.In != nil {
		out = append(out, prop+" IN $"+f.param(sf.In))
	}
	if sf.StartsWith != nil {
		out = append(out, prop+" STARTS WITH $"+f.param(*sf.StartsWith))
	}
	if sf.Contains != nil {
		out = append(out, "toLower("+prop+") CONTAINS $"+f.param(strings.ToLower(*sf.Contains)))
	}
	return out
}

// matchFiltered returns the MATCH of the nodes of label that pass w, with its parameters;
// anchored says whether it starts from a filter's index (else from the label), hasWhere
// whether it ends in a WHERE that more conditions can join with AND. The anchor is the most
// selective membership condition at the top level of w, else an exact kind.
func matchFiltered(label string, w *model.Where) (q string, params map[string]any, anchored, hasWhere bool, err error) {
	f := &filter{label: label, params: map[string]any{}}
	anchor, head := "", ""
	if w != nil {
		ms := memberships(w)
		for _, a := range anchorOrder {
			d, _ := model.DimensionOfFilter(a)
			if ms[a] != nil && model.HasMembers(label, d) {
				asOf := ""
				if w.AsOf != nil {
					asOf = f.param(asOfDate(*w.AsOf))
				}
				scope := scopeOf(w.Scope)
				anchor, head = a, membershipAnchor(label, d, scope, f.param(string(scope)), f.param(*ms[a]), asOf)
				break
			}
		}
		if anchor == "" && kindLabels[label] && w.Kind != nil && w.Kind.Eq != nil {
			anchor, head = "kind", "MATCH (n:"+label+") WHERE n.kind = $"+f.param(*w.Kind.Eq)
		}
	}
	c, err := f.cond(w, "where", anchor)
	if err != nil {
		return "", nil, false, false, err
	}
	switch anchor {
	case "":
		q = "MATCH (n:" + label + ")"
		if c != "" {
			q += "\nWHERE " + c
		}
		return q, f.params, false, c != "", nil
	case "kind":
		if c != "" {
			head += "\n  AND " + c
		}
		return head, f.params, true, true, nil
	}
	if c != "" {
		head += " WHERE " + c
	}
	return head, f.params, true, c != "", nil
}

// sortKeys are the properties lists sort by.
var sortKeys = map[model.EntityOrderField]string{
	model.EntityOrderFieldName:     "name",
	model.EntityOrderFieldMentions: "mentionCount",
}

// listRow is how a list statement returns a row: the node when $props is null, else only the
// values of the properties $props names, in its order (ORDER BY still sorts on n's keys: a
// RETURN without aggregation keeps the variables before it in scope for its ORDER BY).
const listRow = "CASE WHEN $props IS NULL THEN n END AS node, [k IN coalesce($props, []) | n[k]] AS vals"

// listQuery returns the page query for a label, match and sort keys. Keyset pagination: the
// page continues strictly after the last row's (keys…, id), the first key written so that the
// planner can seek its index from there: deep pages cost what the first does (no SKIP). The
// id breaks ties in the last key's direction. Before bounds the page from the other side the
// same way; fromEnd reads the order backwards from the end (or from before), for the last
// rows, which List puts back in order.
//
// With withTotal the statement counts the whole list too and returns the total beside every
// row, so that a page with its total is one statement: an anchored list by collecting what
// its anchor finds, any other by counting first (countQueryFor in a subquery).
func listQuery(match string, anchored, hasWhere bool, order []model.EntityOrder, after, before, fromEnd, withTotal bool) string {
	first := sortKeys[order[0].Field]
	var conds []string
	if !anchored {
		// Lets the planner walk the label's index on the first sort key in order.
		conds = append(conds, fmt.Sprintf("n.%s IS NOT NULL", first))
	}
	if after {
		conds = append(conds, fmt.Sprintf("n.%s %s= $afterKey0", first, cmpOf(order[0], false)), keyset(order, 0, "after", false))
	}
	if before {
		conds = append(conds, fmt.Sprintf("n.%s %s= $beforeKey0", first, cmpOf(order[0], true)), keyset(order, 0, "before", true))
	}
	var keys, sorts []string
	dir := func(o model.EntityOrder) model.OrderDirection {
		if fromEnd {
			return map[model.OrderDirection]model.OrderDirection{model.OrderDirectionAsc: model.OrderDirectionDesc, model.OrderDirectionDesc: model.OrderDirectionAsc}[o.Direction]
		}
		return o.Direction
	}
	for _, o := range order {
		keys = append(keys, fmt.Sprintf("n.%s", sortKeys[o.Field]))
		sorts = append(sorts, fmt.Sprintf("n.%s %s", sortKeys[o.Field], dir(o)))
	}
	sorts = append(sorts, "n.id "+string(dir(order[len(order)-1])))
	// pageOf returns row (n inside a subquery; listRow where the rows leave the statement,
	// the node or only the properties $props names) with its sort key, for one page.
	pageOf := func(row string) string {
		return fmt.Sprintf("RETURN %s, [%s] AS key\nORDER BY %s\nLIMIT $limit", row, strings.Join(keys, ", "), strings.Join(sorts, ", "))
	}
	if anchored && withTotal {
		// An anchored list is a bounded set found from an index: it is found once, counted,
		// and its page cut from what was found. Counting in a subquery of its own found it
		// twice, half of the list query's Neo4j time (bench/PROFILE.md).
		where := ""
		if len(conds) > 0 {
			where = " WHERE " + strings.Join(conds, " AND ")
		}
		return fmt.Sprintf("%s\nWITH collect(DISTINCT n) AS found\nCALL (found) {\n  UNWIND found AS n\n  WITH n%s\n  %s\n}\nRETURN size(found) AS total, %s, key\nORDER BY %s",
			match, where, strings.ReplaceAll(pageOf("n"), "\n", "\n  "), listRow, strings.Join(sorts, ", "))
	}
	var b strings.Builder
	b.WriteString(match)
	if len(conds) > 0 {
		if hasWhere {
			b.WriteString("\n  AND ")
		} else {
			b.WriteString(" WHERE ")
		}
		b.WriteString(strings.Join(conds, " AND "))
	}
	if !withTotal {
		return b.String() + "\n" + pageOf(listRow)
	}
	b.WriteString("\n" + pageOf("n"))
	// The match may end its variables' scope (WITH), so the count and the page are each a
	// subquery; the page's few rows are put in order again outside.
	return fmt.Sprintf("CALL () {\n%s\n}\nCALL () {\n%s\n}\nRETURN total, %s, key\nORDER BY %s", countQueryFor(match), b.String(), listRow, strings.Join(sorts, ", "))
}

// cmpOf is the comparison that puts a row after another in o's direction (before it with back).
func cmpOf(o model.EntityOrder, back bool) string {
	if (o.Direction == model.OrderDirectionDesc) != back {
		return "<"
	}
	return ">"
}

// keyset is the condition "after the cursor" (with back: "before the cursor") from sort key i
// on; the cursor's keys and id are the parameters $<param>Key<i> and $<param>ID.
func keyset(order []model.EntityOrder, i int, param string, back bool) string {
	if i == len(order) {
		return fmt.Sprintf("n.id %s $%sID", cmpOf(order[len(order)-1], back), param)
	}
	k := sortKeys[order[i].Field]
	return fmt.Sprintf("(n.%[1]s %[2]s $%[5]sKey%[3]d OR (n.%[1]s = $%[5]sKey%[3]d AND %[4]s))", k, cmpOf(order[i], back), i, keyset(order, i+1, param, back), param)
}

// countQueryFor returns the total query for a match.
func countQueryFor(match string) string {
	return match + "\nRETURN count(DISTINCT n) AS total"
}

type cursor struct {
	Key any    `json:"k"`
	ID  string `json:"i"`
}

// encodeCursor writes a cursor: the last row's sort key (a list of them for several keys)
// and id.
func encodeCursor(key any, id string) string {
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor of a list sorted by one field, given as argument arg.
func decodeCursor(arg, s string, field model.EntityOrderField) (any, string, error) {
	keys, id, err := decodeCursorKeys(arg, s, []model.EntityOrder{{Field: field}})
	if err != nil {
		return nil, "", err
	}
	return keys[0], id, nil
}

// decodeCursorKeys reads a cursor of a list sorted by order: one key per sort field, of its
// type; arg names the argument it was given as (after or before). Errors: EINVALID for anything
// this list did not give out.
func decodeCursorKeys(arg, s string, order []model.EntityOrder) ([]any, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, "", model.Errorf(model.EINVALID, "%s: %q is not a cursor this list gave out.", arg, s)
	}
	raw := []any{c.Key}
	if len(order) > 1 {
		raw, _ = c.Key.([]any)
	}
	if len(raw) != len(order) {
		return nil, "", model.Errorf(model.EINVALID, "%s: cursor %q belongs to a list sorted differently.", arg, s)
	}
	keys := make([]any, len(order))
	for i, o := range order {
		switch k := raw[i].(type) {
		case string:
			if o.Field == model.EntityOrderFieldName {
				keys[i] = k
				continue
			}
		case float64:
			if o.Field == model.EntityOrderFieldMentions {
				keys[i] = int64(k)
				continue
			}
		}
		return nil, "", model.Errorf(model.EINVALID, "%s: cursor %q belongs to a list sorted differently.", arg, s)
	}
	return keys, c.ID, nil
}

// checkOrder validates a list's sort keys. Errors: EINVALID naming the bad key.
func checkOrder(label string, order []model.EntityOrder) error {
	if !slices.Contains(model.Labels, label) {
		return model.Errorf(model.EINVALID, "%q is not a node label.", label)
	}
	if len(order) == 0 {
		return model.Errorf(model.EINVALID, "orderBy needs at least one key.")
	}
	seen := map[model.EntityOrderField]bool{}
	for i, o := range order {
		if _, ok := sortKeys[o.Field]; !ok || (o.Direction != model.OrderDirectionAsc && o.Direction != model.OrderDirectionDesc) {
			return model.Errorf(model.EINVALID, "orderBy[%d]: cannot sort %s by %s %s.", i, plural(label), o.Field, o.Direction)
		}
		if seen[o.Field] {
			return model.Errorf(model.EINVALID, "orderBy[%d]: %s is given twice.", i, o.Field)
		}
		seen[o.Field] = true
	}
	return nil
}

// List returns a page of entities of a label; the total is counted only when asked for.
func (s *Store) List(ctx context.Context, label string, args model.ListArgs) (*model.Page, error) {
	if err := checkOrder(label, args.Order); err != nil {
		return nil, err
	}
	match, countParams, anchored, hasWhere, err := matchFiltered(label, args.Where)
	if err != nil {
		return nil, err
	}
	if err := s.documentsOfDates(ctx, countParams); err != nil {
		return nil, err
	}
	after := args.After != nil && *args.After != ""
	before := args.Before != nil && *args.Before != ""
	q := listQuery(match, anchored, hasWhere, args.Order, after, before, args.FromEnd, args.WithTotal)
	params := maps.Clone(countParams)
	for _, c := range []struct {
		arg string
		on  bool
		val *string
	}{{"after", after, args.After}, {"before", before, args.Before}} {
		if !c.on {
			continue
		}
		keys, id, err := decodeCursorKeys(c.arg, *c.val, args.Order)
		if err != nil {
			return nil, err
		}
		for i, k := range keys {
			params[fmt.Sprintf("%sKey%d", c.arg, i)] = k
		}
		params[c.arg+"ID"] = id
	}
	params["limit"] = args.First + 1 // one more tells whether a next page exists
	props := propsOf(args.Fields)
	params["props"] = nil // null, not an empty list: read whole nodes
	if props != nil {
		params["props"] = props
	}
	cq := countQueryFor(match)
	res, err := s.read(ctx, "list "+label, q, params)
	if err != nil {
		return nil, err
	}
	count := func(ctx context.Context) (int, error) {
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
	if args.WithTotal && len(res.Records) > 0 {
		// The page's statement counted: every row carries the total. (An empty page has no
		// row to carry it: see below.)
		total, _, err := neo4j.GetRecordValue[int64](res.Records[0], "total")
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", label, err)
		}
		count = func(context.Context) (int, error) { return int(total), nil }
	} else if len(res.Records) == 0 && !after && !before {
		// An empty page read from either end of the list, no cursor given: the list is empty.
		// (Filters in a scope that has no member, VIA most often, ask this a lot; counting
		// them cost a statement each, and a first visit its planning.)
		count = func(context.Context) (int, error) { return 0, nil }
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
		e, err := listEntity(rec, label, props)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", label, err)
		}
		page.Nodes = append(page.Nodes, e)
		key, _ := rec.Get("key")
		if ks, ok := key.([]any); ok && len(args.Order) == 1 && len(ks) == 1 {
			key = ks[0]
		}
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

// listEntity reads a row of listRow: the whole node, or the properties props names.
func listEntity(rec *neo4j.Record, label string, props []string) (model.Entity, error) {
	if props == nil {
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "node")
		if err != nil {
			return nil, err
		}
		return entityOf(n.Labels, n.Props), nil
	}
	vals, _, err := neo4j.GetRecordValue[[]any](rec, "vals")
	if err != nil {
		return nil, err
	}
	if len(vals) != len(props) {
		return nil, fmt.Errorf("%d values for %d properties", len(vals), len(props))
	}
	p := make(map[string]any, len(props))
	for i, k := range props {
		if vals[i] != nil {
			p[k] = vals[i]
		}
	}
	return entityOf([]string{label}, p), nil
}
