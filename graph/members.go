package graph

import (
	"cmp"
	"context"
	"slices"

	"github.com/metandereogen/maograph/graph/model"
)

// maxMemberPage caps a page of members: each carries its paths. The schema states it and the
// defaults in its argument descriptions (TestSchemaStatesLimits checks it).
const (
	maxMemberPage          = 100
	defaultMemberFieldPage = 50 // an entity page's member list (Theme.initiatives)
	defaultMemberPage      = 20 // Query.members, Bucket.members, CoverageCell.members
)

// memberField is an entity page's list of the members of that entity (Theme.initiatives):
// entities of Label that belong to it in Dimension, by the membership table.
type memberField struct {
	Label     string
	Dimension model.Dimension
}

// memberFields wires the entity pages' member lists: the type, the field, and which members
// it lists. A resolver reads its row here (memberList); TestMemberFieldsWired checks that
// every schema field returning MemberConnection has a row and that each row's label can be a
// member in its dimension.
var memberFields = map[string]map[string]memberField{
	model.LabelRegion: {
		"subRegions":    {model.LabelRegion, model.DimensionRegion},
		"initiatives":   {model.LabelInitiative, model.DimensionRegion},
		"organisations": {model.LabelOrganisation, model.DimensionRegion},
		"events":        {model.LabelEvent, model.DimensionRegion},
	},
	model.LabelTheme: {
		"initiatives":   {model.LabelInitiative, model.DimensionTheme},
		"events":        {model.LabelEvent, model.DimensionTheme},
		"bouwstenen":    {model.LabelBouwsteen, model.DimensionTheme},
		"documents":     {model.LabelDocument, model.DimensionTheme},
		"organisations": {model.LabelOrganisation, model.DimensionTheme},
	},
	model.LabelBouwsteen: {
		"initiatives":   {model.LabelInitiative, model.DimensionBouwsteen},
		"regions":       {model.LabelRegion, model.DimensionBouwsteen},
		"organisations": {model.LabelOrganisation, model.DimensionBouwsteen},
	},
	model.LabelEvent: {
		"initiatives":   {model.LabelInitiative, model.DimensionEvent},
		"organisations": {model.LabelOrganisation, model.DimensionEvent},
	},
}

// memberList resolves an entity page's member field from its row in memberFields; where (nil
// for none) keeps the members that pass the list filter of their label.
func (r *Resolver) memberList(ctx context.Context, typeName, field, id string, scope *model.Scope, where *model.Where, p pageReq) (*model.MemberConnection, error) {
	f, ok := memberFields[typeName][field]
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "%s.%s is not wired as a member list.", typeName, field)
	}
	return r.members(ctx, model.MemberSet{Label: f.Label, Dimension: f.Dimension, Key: id, Scope: scopeArg(scope), Where: where}, p, defaultMemberFieldPage)
}

// scopeArg reads a scope argument, ALL when absent.
func scopeArg(s *model.Scope) model.Scope {
	if s == nil {
		return model.ScopeAll
	}
	return *s
}

// memberBounds validates a forward member page request (first/after, and before when given)
// and returns the offset of its first member and how many to load. Member cursors are offsets
// in the set's order (name, id), which the store always counts in full.
func (p pageReq) memberBounds(def int) (start, n int, err error) {
	n, _, err = p.size(maxMemberPage, def)
	if err != nil {
		return 0, 0, err
	}
	if c := deref(p.after); c != "" {
		i, err := decodeOffset("after", c)
		if err != nil {
			return 0, 0, err
		}
		start = i + 1
	}
	if c := deref(p.before); c != "" {
		i, err := decodeOffset("before", c)
		if err != nil {
			return 0, 0, err
		}
		n = min(n, max(0, i-start))
	}
	return start, n, nil
}

// memberPage loads the page p asks of a set through load (start, n): forward from after, or
// with last the final members before `before` (or of the whole set, which needs its total
// first). It returns the page and the offset of its first member.
func memberPage(p pageReq, def int, load func(start, n int) (*model.MemberPage, error)) (*model.MemberPage, int, error) {
	if p.last == nil {
		start, n, err := p.memberBounds(def)
		if err != nil {
			return nil, 0, err
		}
		page, err := load(start, n)
		return page, start, err
	}
	n, _, err := p.size(maxMemberPage, def)
	if err != nil {
		return nil, 0, err
	}
	lo, hi := 0, -1
	if c := deref(p.after); c != "" {
		i, err := decodeOffset("after", c)
		if err != nil {
			return nil, 0, err
		}
		lo = i + 1
	}
	if c := deref(p.before); c != "" {
		if hi, err = decodeOffset("before", c); err != nil {
			return nil, 0, err
		}
	} else {
		all, err := load(0, 0)
		if err != nil {
			return nil, 0, err
		}
		hi = all.Total
	}
	hi = max(lo, hi)
	start := max(lo, hi-n)
	page, err := load(start, hi-start)
	return page, start, err
}

// members pages the members of a set, batched over the request's sets of the same kind.
func (r *Resolver) members(ctx context.Context, set model.MemberSet, p pageReq, def int) (*model.MemberConnection, error) {
	l := r.loadersFor(ctx)
	if op, f, ok := resolving(ctx); ok {
		l.memberRead(op, f, &set)
	}
	page, start, err := memberPage(p, def, func(start, n int) (*model.MemberPage, error) {
		return l.memberLoader(set, start, n).Load(ctx, set.Key)()
	})
	if err != nil {
		return nil, err
	}
	return memberConnection(page, start, set.ID()), nil
}

// memberConnection turns a store page into a connection with cursors from offset start; of
// names the set(s) its members belong to (their ids).
func memberConnection(page *model.MemberPage, start int, of string) *model.MemberConnection {
	c := &model.MemberConnection{Edges: make([]*model.Member, len(page.Members)), Nodes: make([]model.Entity, len(page.Members)), Counter: countOf(page.Total)}
	cursors := make([]string, len(page.Members))
	for i, m := range page.Members {
		e := *m
		e.Cursor, e.Of = offsetCursor(start+i), of
		c.Edges[i], c.Nodes[i], cursors[i] = &e, e.Node, e.Cursor
	}
	c.PageInfo = pageInfoOf(cursors, start > 0, start+len(page.Members) < page.Total)
	return c
}

// bucketsIn returns the buckets of a count in scope: each with Count and Scope set, the empty
// ones left out, largest first. The cached buckets are not changed.
func bucketsIn(all []*model.Bucket, scope model.Scope) []*model.Bucket {
	out := make([]*model.Bucket, 0, len(all))
	for _, b := range all {
		c := *b
		c.Scope, c.Count = scope, b.InScope(scope)
		if c.Count > 0 {
			out = append(out, &c)
		}
	}
	slices.SortStableFunc(out, func(a, b *model.Bucket) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// coverage builds a coverage matrix: its rows and columns are the counts of the same label,
// dimension, scope and date, its cells come from the store.
func (r *Resolver) coverage(ctx context.Context, label string, rows, columns model.Dimension, scope model.Scope, asOf string) (*model.Coverage, error) {
	rb, err := r.counts(ctx, label, rows, asOf)
	if err != nil {
		return nil, err
	}
	cb, err := r.counts(ctx, label, columns, asOf)
	if err != nil {
		return nil, err
	}
	cells, err := r.Store.Coverage(ctx, label, rows, columns, scope, asOf)
	if err != nil {
		return nil, err
	}
	return &model.Coverage{Rows: bucketsIn(rb, scope), Columns: bucketsIn(cb, scope), Cells: cells}, nil
}

// cellMembers pages the members of a coverage cell: the row's members that are also the
// column's, each with its paths to both. The cells of a matrix are loaded together, one query
// for the rows' side and one for the columns' (the same order on both).
func (r *Resolver) cellMembers(ctx context.Context, cell *model.CoverageCell, p pageReq) (*model.MemberConnection, error) {
	var other *model.MemberPage
	l := r.loadersFor(ctx)
	rowKey, colKey := cell.Set.Key+"|"+cell.Also.Key, cell.Also.Key+"|"+cell.Set.Key
	page, start, err := memberPage(p, defaultMemberPage, func(start, n int) (*model.MemberPage, error) {
		rowThunk := l.cellLoader(cell.Set, cell.Also, start, n).Load(ctx, rowKey)
		colThunk := l.cellLoader(cell.Also, cell.Set, start, n).Load(ctx, colKey)
		page, err := rowThunk()
		if err != nil {
			return nil, err
		}
		if other, err = colThunk(); err != nil {
			return nil, err
		}
		return page, nil
	})
	if err != nil {
		return nil, err
	}
	paths := map[string][]*model.Path{}
	for _, m := range other.Members {
		paths[m.Node.GetID()] = m.Paths
	}
	merged := &model.MemberPage{Total: page.Total}
	for _, m := range page.Members {
		c := *m
		c.Paths = append(slices.Clone(m.Paths), paths[m.Node.GetID()]...)
		merged.Members = append(merged.Members, &c)
	}
	return memberConnection(merged, start, cell.ID()), nil
}
