package graph

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/metandereogen/maograph/graph/model"
)

// batchWait is how long a loader gathers keys before it queries. Sibling fields start within
// microseconds of each other on a quiet machine, but a busy one schedules them later: 1 ms
// split levels into two batches under load (TestRoundTripsBoundedByDepth), 3 ms keeps one batch
// per level. It is paid once per level of a nested query (bench/RESULTS.md).
const batchWait = 3 * time.Millisecond

type ctxKey struct{ name string }

var loadersKey = ctxKey{"loaders"}

// loaders batch the nested fields of one request: each level of a query costs one query per
// kind of field, however many rows it has.
type loaders struct {
	store      Store
	nodes      *dataloader.Loader[string, model.Entity]
	mentions   *dataloader.Loader[string, []*model.Mention]
	mentionsIn *dataloader.Loader[string, []*model.Mention]

	mu        sync.Mutex
	relations map[relKey]*dataloader.Loader[string, *model.RelPage]
	members   map[memberKey]*dataloader.Loader[string, *model.MemberPage]
	cells     map[cellKey]*dataloader.Loader[string, *model.MemberPage]
	reads     map[*ast.Field]fieldRead // readOf's answers
	primed    map[askedKey]bool        // fields the prefetch has served, per type (served)
}

// relKey names one relation loader: a query and the page every node asks for.
type relKey struct {
	query, window string
}

func newLoaders(s Store) *loaders {
	return &loaders{
		store: s,
		nodes: newLoader(func(ctx context.Context, ids []string) (map[string]model.Entity, error) {
			return s.NodesByIDs(ctx, ids)
		}, nil),
		mentions:   newLoader(s.Mentions, []*model.Mention{}),
		mentionsIn: newLoader(s.MentionsIn, []*model.Mention{}),
		relations:  map[relKey]*dataloader.Loader[string, *model.RelPage]{},
		members:    map[memberKey]*dataloader.Loader[string, *model.MemberPage]{},
		cells:      map[cellKey]*dataloader.Loader[string, *model.MemberPage]{},
		reads:      map[*ast.Field]fieldRead{},
		primed:     map[askedKey]bool{},
	}
}

// newLoader adapts a keyed batch call to a dataloader; keys the batch does not return get zero.
func newLoader[V any](batch func(context.Context, []string) (map[string]V, error), zero V) *dataloader.Loader[string, V] {
	fn := func(ctx context.Context, keys []string) []*dataloader.Result[V] {
		got, err := batch(ctx, keys)
		out := make([]*dataloader.Result[V], len(keys))
		for i, k := range keys {
			if err != nil {
				out[i] = &dataloader.Result[V]{Error: err}
				continue
			}
			v, ok := got[k]
			if !ok {
				v = zero
			}
			out[i] = &dataloader.Result[V]{Data: v}
		}
		return out
	}
	return dataloader.NewBatchedLoader(fn, dataloader.WithWait[string, V](batchWait), dataloader.WithBatchCapacity[string, V](1000))
}

// relationLoader returns the loader for one relation query and page window, creating it on
// first use.
func (l *loaders) relationLoader(q model.RelQuery, w model.RelWindow) *dataloader.Loader[string, *model.RelPage] {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := relKey{q.Key(), w.Key()}
	if ld, ok := l.relations[key]; ok {
		return ld
	}
	ld := newLoader(func(ctx context.Context, ids []string) (map[string]*model.RelPage, error) {
		return l.store.Relations(ctx, q, ids, w)
	}, &model.RelPage{Edges: []*model.RelationEdge{}})
	l.relations[key] = ld
	return ld
}

// memberKey names one member loader: a member set (without its key) and a page.
type memberKey struct {
	label     string
	dimension model.Dimension
	scope     model.Scope
	asOf      string
	start, n  int
	where     string // the filter with its values (model.Where.Key)
	light     bool   // what is read of each member (model.MemberSet.Light, NoPaths)
	noPaths   bool
}

// memberLoader returns the loader of the members of set's label, dimension and scope (keyed
// by bucket key) for one page, creating it on first use.
func (l *loaders) memberLoader(set model.MemberSet, start, n int) *dataloader.Loader[string, *model.MemberPage] {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := memberKey{set.Label, set.Dimension, set.Scope, set.AsOf, start, n, set.Where.Key(), set.Light, set.NoPaths}
	if ld, ok := l.members[key]; ok {
		return ld
	}
	ld := newLoader(func(ctx context.Context, keys []string) (map[string]*model.MemberPage, error) {
		return l.store.Members(ctx, set, keys, nil, start, n)
	}, &model.MemberPage{Members: []*model.Member{}})
	l.members[key] = ld
	return ld
}

// cellKey names one loader of coverage cells: the two member sets (without keys) and a page.
type cellKey struct {
	set, also memberKey
}

// cellLoader returns the loader of the members of set that are also members of also, keyed by
// "setKey|alsoKey", for one page, creating it on first use.
func (l *loaders) cellLoader(set, also model.MemberSet, start, n int) *dataloader.Loader[string, *model.MemberPage] {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := cellKey{memberKey{set.Label, set.Dimension, set.Scope, set.AsOf, start, n, set.Where.Key(), set.Light, set.NoPaths}, memberKey{also.Label, also.Dimension, also.Scope, also.AsOf, 0, 0, "", false, false}}
	if ld, ok := l.cells[key]; ok {
		return ld
	}
	ld := newLoader(func(ctx context.Context, keys []string) (map[string]*model.MemberPage, error) {
		return l.store.Members(ctx, set, keys, &also, start, n)
	}, &model.MemberPage{Members: []*model.Member{}})
	l.cells[key] = ld
	return ld
}

// withLoaders gives every request its own loaders, so nothing is cached across requests.
func withLoaders(s Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey, newLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loadersIn returns the request's loaders; nil outside a request.
func loadersIn(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey).(*loaders)
	return l
}

// loadersFor returns the request's loaders; outside a request (tests calling resolvers
// directly) it returns fresh ones so resolvers still work, without batching across calls.
func (r *Resolver) loadersFor(ctx context.Context) *loaders {
	if l := loadersIn(ctx); l != nil {
		return l
	}
	return newLoaders(r.Store)
}

// entity loads one entity by id, as NOT_FOUND when it does not exist.
func (r *Resolver) entity(ctx context.Context, id string) (model.Entity, error) {
	e, err := r.loadersFor(ctx).nodes.Load(ctx, id)()
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, model.Errorf(model.ENOTFOUND, "Node %q not found.", id)
	}
	return e, nil
}

// entities loads entities by id, skipping ids that no longer exist.
func (r *Resolver) entities(ctx context.Context, ids []string) ([]model.Entity, error) {
	got, errs := r.loadersFor(ctx).nodes.LoadMany(ctx, ids)()
	out := make([]model.Entity, 0, len(got))
	for i, e := range got {
		if i < len(errs) && errs[i] != nil {
			return nil, errs[i]
		}
		if e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// document loads a document by id.
func (r *Resolver) document(ctx context.Context, id string) (*model.Document, error) {
	e, err := r.entity(ctx, id)
	if err != nil {
		return nil, err
	}
	d, ok := e.(*model.Document)
	if !ok {
		return nil, model.Errorf(model.ENOTFOUND, "Document %q not found.", id)
	}
	return d, nil
}
