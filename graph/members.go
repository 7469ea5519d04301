package graph

import (
	"cmp"
	"context"
	"slices"

	"github.com/metandereogen/maograph/graph/model"
)

// maxMemberPage caps a page of members: each carries its paths.
const maxMemberPage = 100

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

// memberList resolves an entity page's member field from its row in memberFields.
func (r *Resolver) memberList(ctx context.Context, typeName, field, id string, scope *model.Scope, first *int, after *string) (*model.MemberConnection, error) {
	f, ok := memberFields[typeName][field]
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "%s.%s is not wired as a member list.", typeName, field)
	}
	return r.members(ctx, model.MemberSet{Label: f.Label, Dimension: f.Dimension, Key: id, Scope: scopeArg(scope)}, first, after)
}

// scopeArg reads a scope argument, ALL when absent.
func scopeArg(s *model.Scope) model.Scope {
	if s == nil {
		return model.ScopeAll
	}
	return *s
}

// members pages the members of a set, batched over the request's sets of the same kind.
func (r *Resolver) members(ctx context.Context, set model.MemberSet, first *int, after *string) (*model.MemberConnection, error) {
	n, start, err := pageArgs(first, after, maxMemberPage)
	if err != nil {
		return nil, err
	}
	page, err := r.loadersFor(ctx).memberLoader(set, start, n).Load(ctx, set.Key)()
	if err != nil {
		return nil, err
	}
	return memberConnection(page, start), nil
}

// memberConnection turns a store page into a connection with cursors from offset start.
func memberConnection(page *model.MemberPage, start int) *model.MemberConnection {
	c := &model.MemberConnection{Edges: make([]*model.Member, len(page.Members)), Nodes: make([]model.Entity, len(page.Members)),
		PageInfo: &model.PageInfo{HasNextPage: start+len(page.Members) < page.Total}, Counter: countOf(page.Total)}
	for i, m := range page.Members {
		e := *m
		e.Cursor = offsetCursor(start + i)
		c.Edges[i], c.Nodes[i] = &e, e.Node
	}
	if len(c.Edges) > 0 {
		c.PageInfo.EndCursor = &c.Edges[len(c.Edges)-1].Cursor
	}
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
// dimension and scope, its cells come from the store.
func (r *Resolver) coverage(ctx context.Context, label string, rows, columns model.Dimension, scope model.Scope) (*model.Coverage, error) {
	rb, err := r.counts(ctx, label, rows)
	if err != nil {
		return nil, err
	}
	cb, err := r.counts(ctx, label, columns)
	if err != nil {
		return nil, err
	}
	cells, err := r.Store.Coverage(ctx, label, rows, columns, scope)
	if err != nil {
		return nil, err
	}
	return &model.Coverage{Rows: bucketsIn(rb, scope), Columns: bucketsIn(cb, scope), Cells: cells}, nil
}

// cellMembers pages the members of a coverage cell: the row's members that are also the
// column's, each with its paths to both. The cells of a matrix are loaded together, one query
// for the rows' side and one for the columns' (the same order on both).
func (r *Resolver) cellMembers(ctx context.Context, cell *model.CoverageCell, first *int, after *string) (*model.MemberConnection, error) {
	n, start, err := pageArgs(first, after, maxMemberPage)
	if err != nil {
		return nil, err
	}
	l := r.loadersFor(ctx)
	rowKey, colKey := cell.Set.Key+"|"+cell.Also.Key, cell.Also.Key+"|"+cell.Set.Key
	rowThunk := l.cellLoader(cell.Set, cell.Also, start, n).Load(ctx, rowKey)
	colThunk := l.cellLoader(cell.Also, cell.Set, start, n).Load(ctx, colKey)
	page, err := rowThunk()
	if err != nil {
		return nil, err
	}
	other, err := colThunk()
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
	return memberConnection(merged, start), nil
}
