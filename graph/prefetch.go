package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/metandereogen/maograph/graph/model"
)

// relationQueryOf returns the query behind a relation field of an entity type, given the
// field's arguments; false when the field is not a relation field.
func relationQueryOf(typeName string, f graphql.CollectedField, args map[string]any) (model.RelQuery, bool) {
	if f.Name == "relations" {
		var types []model.RelationType
		if list, ok := args["types"].([]any); ok {
			for _, t := range list {
				s, ok := t.(string)
				if !ok {
					return model.RelQuery{}, false
				}
				types = append(types, model.RelationType(s))
			}
		}
		var dir *model.Direction
		if s, ok := args["direction"].(string); ok {
			d := model.Direction(s)
			dir = &d
		}
		return genericQ(types, dir), true
	}
	q, ok := relationFields[typeName][f.Name]
	return q, ok
}

// prefetchTarget is a set of entities and the selection asked of each of them.
type prefetchTarget struct {
	entities []model.Entity
	sel      ast.SelectionSet
}

// maxPrefetchLevels bounds the walk; the depth limit refuses deeper queries before this.
const maxPrefetchLevels = 12

// prefetch walks the selection asked of entities level by level and loads, for each level and
// each relation or member field, the pages of every entity of that level in one query, priming
// the request's loaders. The field resolvers then find their pages ready: a nested query costs
// one round trip per level and field, as with the dataloaders, but without their batch wait,
// and without depending on how the scheduler spreads sibling resolvers over time. Failures are
// left to the resolvers, which ask again and report them where they belong.
func (r *Resolver) prefetch(ctx context.Context, entities []model.Entity, sel ast.SelectionSet) {
	if len(entities) == 0 || len(sel) == 0 || !graphql.HasOperationContext(ctx) {
		return
	}
	op := graphql.GetOperationContext(ctx)
	l := r.loadersFor(ctx)
	level := []prefetchTarget{{entities, sel}}
	for depth := 0; len(level) > 0 && depth < maxPrefetchLevels; depth++ {
		jobs := collectJobs(op, l, level)
		level = r.runJobs(ctx, op, l, jobs)
	}
}

// prefetchJob is one query of a level: one relation query or member set and page, for the ids
// of every entity that asks for it, with what is asked of the far nodes.
type prefetchJob struct {
	q        model.RelQuery // a relation field's query and window, or
	w        model.RelWindow
	set      *model.MemberSet // a member field's set (without its key) and page
	start, n int
	ids      []string
	seen     map[string]bool
	sels     []ast.SelectionSet // what is asked of the far nodes, once per field and type
	asked    map[askedKey]bool
}

// fieldJob returns the job a collected field of an entity type asks for: its query and page;
// false when the field loads nothing or its arguments are invalid (the resolver reports them).
func fieldJob(op *graphql.OperationContext, l *loaders, typeName string, f graphql.CollectedField) (string, *prefetchJob, bool) {
	args := f.ArgumentMap(op.Variables)
	p, ok := prefetchPage(args)
	if !ok || args["where"] != nil {
		// A filtered page is its resolver's own query (and loader): the filter is read by
		// the schema's input type, not here.
		return "", nil, false
	}
	j := &prefetchJob{seen: map[string]bool{}, asked: map[askedKey]bool{}}
	if mf, ok := memberFields[typeName][f.Name]; ok {
		scope := model.ScopeAll
		if v, ok := args["scope"].(string); ok {
			scope = model.Scope(v)
		}
		// A page from the end needs the total first: the resolver loads it alone.
		if !scope.IsValid() || p.last != nil || deref(p.before) != "" {
			return "", nil, false
		}
		start, n, err := p.memberBounds(defaultMemberFieldPage)
		if err != nil {
			return "", nil, false
		}
		j.set, j.start, j.n = &model.MemberSet{Label: mf.Label, Dimension: mf.Dimension, Scope: scope}, start, n
		l.memberRead(op, f, j.set)
		return fmt.Sprintf("members %s %s %s %d %d %t %t", mf.Label, mf.Dimension, scope, start, n, j.set.Light, j.set.NoPaths), j, true
	}
	q, ok := relationQueryOf(typeName, f, args)
	if !ok {
		return "", nil, false
	}
	w, err := p.relWindow()
	if err != nil {
		return "", nil, false
	}
	l.relationRead(op, f, &q)
	j.q, j.w = q, w
	return fmt.Sprintf("relations %s %s", q.Key(), w.Key()), j, true
}

// collectJobs gathers the jobs of one level: per field of every entity, merged by query.
func collectJobs(op *graphql.OperationContext, l *loaders, level []prefetchTarget) []*prefetchJob {
	jobs := map[string]*prefetchJob{}
	var order []*prefetchJob
	// The job of a field depends on its type and selection only, not on the entity: work it
	// out once per level, not once per entity (a hundred initiatives asking for their partners
	// ask the same).
	type fieldJobOf struct {
		key string
		ok  bool
	}
	keyOf := map[askedKey]fieldJobOf{}
	for _, t := range level {
		fieldsOf := map[string][]graphql.CollectedField{} // per type, for this selection
		for _, e := range t.entities {
			typeName := e.Base().Label
			fields, ok := fieldsOf[typeName]
			if !ok {
				fields = graphql.CollectFields(op, t.sel, []string{typeName, "Node", "Entity"})
				fieldsOf[typeName] = fields
			}
			for _, f := range fields {
				fk, known := keyOf[askedKey{typeName, f.Field}]
				if !known {
					key, fresh, ok := fieldJob(op, l, typeName, f)
					fk = fieldJobOf{key, ok}
					keyOf[askedKey{typeName, f.Field}] = fk
					if ok {
						if jobs[key] == nil {
							jobs[key] = fresh
							order = append(order, fresh)
						}
						l.prime(askedKey{typeName, f.Field})
					}
				}
				if !fk.ok {
					continue
				}
				j := jobs[fk.key]
				if id := e.GetID(); !j.seen[id] {
					j.seen[id] = true
					j.ids = append(j.ids, id)
				}
				// Every entity of a type shares its collected fields; keep each selection once.
				if k := (askedKey{typeName, f.Field}); !j.asked[k] && len(f.Selections) > 0 {
					j.asked[k] = true
					j.sels = append(j.sels, f.Selections)
				}
			}
		}
	}
	return order
}

// runJobs runs each job's query, primes the loader its resolver will ask, and returns the next
// level: the far nodes with what is asked of them.
func (r *Resolver) runJobs(ctx context.Context, op *graphql.OperationContext, l *loaders, jobs []*prefetchJob) []prefetchTarget {
	var next []prefetchTarget
	for _, j := range jobs {
		far, ok := r.runJob(ctx, l, j)
		if !ok {
			return nil
		}
		if len(far) == 0 {
			continue
		}
		for _, s := range j.sels {
			for _, ns := range nodeSelections(op, s) {
				next = append(next, prefetchTarget{far, ns})
			}
		}
	}
	return next
}

// runJob loads one job's pages and primes its loader; it returns the far nodes, and false when
// the query failed.
func (r *Resolver) runJob(ctx context.Context, l *loaders, j *prefetchJob) ([]model.Entity, bool) {
	var far []model.Entity
	if j.set != nil {
		pages, err := r.Store.Members(ctx, *j.set, j.ids, nil, j.start, j.n)
		if err != nil {
			return nil, false
		}
		ld := l.memberLoader(*j.set, j.start, j.n)
		for _, id := range j.ids {
			p := pages[id]
			if p == nil {
				p = &model.MemberPage{Members: []*model.Member{}}
			}
			ld.Prime(ctx, id, p)
			for _, m := range p.Members {
				far = append(far, m.Node)
			}
		}
		return far, true
	}
	pages, err := r.Store.Relations(ctx, j.q, j.ids, j.w)
	if err != nil {
		return nil, false
	}
	ld := l.relationLoader(j.q, j.w)
	for _, id := range j.ids {
		p := pages[id]
		if p == nil {
			p = &model.RelPage{Edges: []*model.RelationEdge{}}
		}
		ld.Prime(ctx, id, p)
		for _, e := range p.Edges {
			far = append(far, e.Node)
		}
	}
	return far, true
}

// prefetchPage reads first/after/last/before as the resolver will; false when they are not
// of their types, so that the resolver reports the error.
func prefetchPage(args map[string]any) (pageReq, bool) {
	var p pageReq
	for name, dst := range map[string]**int{"first": &p.first, "last": &p.last} {
		if v, present := args[name]; present && v != nil {
			i, err := graphql.UnmarshalInt(v)
			if err != nil {
				return pageReq{}, false
			}
			*dst = &i
		}
	}
	for name, dst := range map[string]**string{"after": &p.after, "before": &p.before} {
		if v, present := args[name]; present && v != nil {
			s, isString := v.(string)
			if !isString {
				return pageReq{}, false
			}
			*dst = &s
		}
	}
	return p, true
}

// askedKey identifies a relation field as collected for one entity type: the same field node
// can carry a different merged selection for another type.
type askedKey struct {
	typeName string
	field    *ast.Field
}

// prefetchField prefetches the entities a root field returns, for the selection under the
// connection's sub-field (e.g. "nodes"), or directly under the field when sub is "".
func (r *Resolver) prefetchField(ctx context.Context, entities []model.Entity, sub string) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) || len(entities) == 0 {
		return
	}
	if sub == "" {
		r.prefetch(ctx, entities, fc.Field.Selections)
		return
	}
	op := graphql.GetOperationContext(ctx)
	typeName := ""
	if fc.Field.Definition != nil && fc.Field.Definition.Type != nil {
		typeName = fc.Field.Definition.Type.Name()
	}
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, []string{typeName}) {
		if f.Name == sub {
			r.prefetch(ctx, entities, f.Selections)
		}
	}
}

// connectionTypes and edgeTypes name the relation and member connections and their edges,
// generic and typed by their far end's label (schema/relations.graphqls).
var connectionTypes, edgeTypes = func() (conns, edges []string) {
	conns, edges = []string{"RelationConnection", "MemberConnection"}, []string{"RelationEdge", "Member"}
	for _, l := range model.Labels {
		conns = append(conns, l+"RelationConnection", l+"MemberConnection")
		edges = append(edges, l+"RelationEdge", l+"Member")
	}
	return conns, edges
}()

// nodeSelections returns what a relation field's selection asks of the far nodes (under
// edges { node }).
func nodeSelections(op *graphql.OperationContext, sel ast.SelectionSet) []ast.SelectionSet {
	var out []ast.SelectionSet
	for _, ef := range graphql.CollectFields(op, sel, connectionTypes) {
		if ef.Name == "nodes" && len(ef.Selections) > 0 {
			out = append(out, ef.Selections)
		}
		if ef.Name != "edges" {
			continue
		}
		for _, nf := range graphql.CollectFields(op, ef.Selections, edgeTypes) {
			if nf.Name == "node" && len(nf.Selections) > 0 {
				out = append(out, nf.Selections)
			}
		}
	}
	return out
}

// lightFields are the entity fields a light read holds; byIDFields the entity fields that,
// like relation and member fields, load their own data by the entity's id.
var (
	lightFields = map[string]bool{"id": true, "name": true, "__typename": true}
	byIDFields  = map[string]bool{"relations": true, "mentions": true, "parent": true}
)

// loadsByID reports whether a field of an entity of label loads its own data by the entity's
// id (a relation or member field, or one of byIDFields), so that it asks nothing of the
// entity's properties.
func loadsByID(label, field string) bool {
	_, rel := relationFields[label][field]
	_, member := memberFields[label][field]
	return rel || member || byIDFields[field]
}

// fieldRead is what a relation or member field reads of its far nodes: only id, name and
// fields that load by id (light), so that the store may leave their other properties out;
// and, for a member field, whether an edge asks for the paths that make each a member.
type fieldRead struct{ light, paths bool }

// prime records that the prefetch serves a field of a type at one place of the query: its
// resolvers find their pages in the loaders without waiting (served).
func (l *loaders) prime(k askedKey) {
	l.mu.Lock()
	l.primed[k] = true
	l.mu.Unlock()
}

// served tells whether the prefetch has served field f of typeName (prime).
func (l *loaders) served(typeName string, f *ast.Field) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.primed[askedKey{typeName, f}]
}

// relationRead sets what a relation field reads: of its far nodes (RelQuery.Light), and
// whether the count of all of them (RelQuery.Total).
func (l *loaders) relationRead(op *graphql.OperationContext, f graphql.CollectedField, q *model.RelQuery) {
	q.Light = l.readOf(op, f, func() []string { return farLabels(*q) }).light
	q.Total = selectsIn(op, f.Selections, "totalCount")
}

// memberRead sets what a member field reads of its members (MemberSet.Light, NoPaths).
func (l *loaders) memberRead(op *graphql.OperationContext, f graphql.CollectedField, set *model.MemberSet) {
	r := l.readOf(op, f, func() []string { return []string{set.Label} })
	set.Light, set.NoPaths = r.light, !r.paths
}

// asksLight reports whether a selection of nodes of these labels asks only for what a light
// read holds (lightFields) and for fields that load by id on their own (loadsByID).
func asksLight(op *graphql.OperationContext, ns ast.SelectionSet, labels []string) bool {
	for _, label := range labels {
		for _, nf := range graphql.CollectFields(op, ns, []string{label, "Node", "Entity"}) {
			if !lightFields[nf.Name] && !loadsByID(label, nf.Name) {
				return false
			}
		}
	}
	return true
}

// readOf works out what a field reads of its far nodes, whose labels are farLabels. The
// answer is kept per field of the request: every row of a level asks the same, and asks
// before its labels are worked out.
func (l *loaders) readOf(op *graphql.OperationContext, f graphql.CollectedField, farLabels func() []string) fieldRead {
	l.mu.Lock()
	r, ok := l.reads[f.Field]
	l.mu.Unlock()
	if ok {
		return r
	}
	r.light = true
	for _, ns := range nodeSelections(op, f.Selections) {
		if !asksLight(op, ns, farLabels()) {
			r.light = false
			break
		}
	}
	for _, ef := range graphql.CollectFields(op, f.Selections, connectionTypes) {
		if ef.Name == "edges" && selectsIn(op, ef.Selections, "paths") {
			r.paths = true
		}
	}
	l.mu.Lock()
	l.reads[f.Field] = r
	l.mu.Unlock()
	return r
}
