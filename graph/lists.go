package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/metandereogen/maograph/graph/model"
)

// list validates a list's arguments and asks the store for the page.
func (r *Resolver) list(ctx context.Context, label string, where *model.Where, orderBy []*model.EntityOrder, pg pageReq) (*model.Page, error) {
	n, fromEnd, err := pg.size(maxPage, defaultListPage)
	if err != nil {
		return nil, err
	}
	order := []model.EntityOrder{{Field: model.EntityOrderFieldName, Direction: model.OrderDirectionAsc}}
	if len(orderBy) > 0 {
		order = order[:0]
		for _, o := range orderBy {
			order = append(order, *o)
		}
	}
	p, err := r.Store.List(ctx, label, model.ListArgs{Where: where, Order: order, First: n, After: pg.after, Before: pg.before, FromEnd: fromEnd, WithTotal: selects(ctx, "totalCount"), Fields: nodeFields(ctx, label)})
	if err != nil {
		return nil, err
	}
	r.prefetchField(ctx, p.Nodes, "nodes")
	return p, nil
}

// nodeFields returns the fields a list's nodes are asked that the node itself answers, leaving
// out those that load by id on their own (loadsByID); nil outside a request's field, which
// reads every property.
func nodeFields(ctx context.Context, label string) []string {
	op, f, ok := resolving(ctx)
	if !ok {
		return nil
	}
	fields := []string{}
	for _, ns := range nodeSelections(op, f.Selections) {
		for _, nf := range graphql.CollectFields(op, ns, []string{label, "Node", "Entity"}) {
			if loadsByID(label, nf.Name) {
				continue
			}
			fields = append(fields, nf.Name)
		}
	}
	return fields
}

// selects reports whether the field being resolved selects a sub-field of that name.
func selects(ctx context.Context, name string) bool {
	op, f, ok := resolving(ctx)
	return ok && selectsIn(op, f.Selections, name)
}

// resolving returns the operation and the field being resolved; false outside a request's
// field (a resolver called on its own).
func resolving(ctx context.Context) (*graphql.OperationContext, graphql.CollectedField, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return nil, graphql.CollectedField{}, false
	}
	return graphql.GetOperationContext(ctx), fc.Field, true
}

// selectsIn reports whether a selection set selects a field of that name.
func selectsIn(op *graphql.OperationContext, sel ast.SelectionSet, name string) bool {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// typed narrows a page's entities to the label's type.
func typed[T model.Entity](es []model.Entity) []T {
	out := make([]T, 0, len(es))
	for _, e := range es {
		if t, ok := e.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// labelsOf maps NodeType values to graph labels.
func labelsOf(types []model.NodeType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = labelOf(t)
	}
	return out
}

func labelOf(t model.NodeType) string {
	for _, l := range model.Labels {
		if model.NodeType(upper(l)) == t {
			return l
		}
	}
	return string(t)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func typeNames(types []model.RelationType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
