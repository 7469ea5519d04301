package graph

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Options are the limits and switches of the GraphQL endpoint. Zero values take defaults.
type Options struct {
	MaxDepth       int   // deepest selection allowed (default 12)
	MaxComplexity  int   // summed field cost, lists weighted by page size (default 5000)
	MaxAliases     int   // aliased fields per operation (default 40)
	MaxFields      int   // fields per operation after fragment expansion (default 1000)
	MaxQueryLength int   // bytes of query text (default 20000)
	MaxTokens      int   // lexical tokens of the query text (default 4000)
	MaxFragments   int   // fragment definitions (default 30)
	MaxSpreads     int   // fragment spreads (default 100)
	MaxNameLength  int   // bytes of one name in the query (default 100)
	MaxStringArg   int   // bytes of one string argument or string in a variable (default 1000)
	MaxListArg     int   // items of one list argument or list in a variable (default 100)
	MaxErrors      int   // validation errors reported before validation stops reporting (default 10)
	MaxBodyBytes   int64 // bytes of a request body (default 1 MiB)
	CacheBytes     int   // bytes of accepted query text kept parsed (default 4 MiB)
	// Introspection-only operations (every root field a __ field) have their own budget:
	// standard tools send introspection queries 13-15 levels deep.
	IntrospectionMaxDepth   int           // default 20
	IntrospectionMaxFields  int           // default 500, after fragment expansion
	IntrospectionMaxAliases int           // default 10
	Timeout                 time.Duration // per request, handed to Neo4j as the transaction timeout (default 10 s)
	Introspection           bool          // allow __schema/__type queries
	Log                     *slog.Logger
	Observer                Observer // told about every operation (metrics); nil for none
}

func (o *Options) defaults() {
	if o.MaxDepth == 0 {
		o.MaxDepth = 12
	}
	if o.MaxComplexity == 0 {
		o.MaxComplexity = 5000
	}
	if o.MaxAliases == 0 {
		o.MaxAliases = 40
	}
	if o.MaxFields == 0 {
		o.MaxFields = 1000
	}
	if o.MaxQueryLength == 0 {
		o.MaxQueryLength = 20000
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MaxTokens, 4000)
	def(&o.MaxFragments, 30)
	def(&o.MaxSpreads, 100)
	def(&o.MaxNameLength, 100)
	def(&o.MaxStringArg, 1000)
	def(&o.MaxListArg, 100)
	def(&o.MaxErrors, 10)
	def(&o.CacheBytes, 4<<20)
	def(&o.IntrospectionMaxDepth, 20)
	def(&o.IntrospectionMaxFields, 500)
	def(&o.IntrospectionMaxAliases, 10)
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// The schema does not advertise @defer, which gqlgen's prelude declares: this endpoint answers
// every operation with one response (no multipart incremental delivery), so a client that sent
// @defer would wait for the whole answer while believing parts of it stream. Without the
// declaration, such an operation is refused as GRAPHQL_VALIDATION_FAILED instead.
//
// @deprecated is declared on DIRECTIVE_DEFINITION too, a location of the spec's working draft
// that graphql-js 16 (GraphQL Code Generator, graphql-inspector, GraphiQL) cannot parse back
// from introspection; nothing here deprecates a directive, so the schema leaves it out.
func init() {
	delete(parsedSchema.Directives, "defer")
	if d := parsedSchema.Directives["deprecated"]; d != nil {
		d.Locations = slices.DeleteFunc(d.Locations, func(l ast.DirectiveLocation) bool { return l == ast.LocationDirectiveDefinition })
	}
}

// NewHandler returns the GraphQL endpoint (POST and GET) with its limits, persisted queries,
// error presentation and per-request dataloaders. Tests and server.go share it.
//
// The checks run cheapest first: the body's bytes and shape (httpTransport), then one pass
// over the query's tokens (admission), then gqlgen's parse and validation (which stops
// reporting after MaxErrors), then the limits on the parsed operation and its arguments.
// Only a query that passes all of them enters the query cache.
func NewHandler(r *Resolver, opts Options) http.Handler {
	opts.defaults()
	es := NewExecutableSchema(Config{Resolvers: r, Complexity: pageWeightedComplexity()})
	srv := handler.New(withDirectWriter(es))
	srv.AddTransport(httpTransport{maxBody: opts.MaxBodyBytes, maxErrors: opts.MaxErrors})
	cache := newQueryCache(opts.CacheBytes)
	srv.SetQueryCache(cache)
	srv.SetValidationRulesFn(cappedRules(opts.MaxErrors))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Dashboards send a hash instead of the query text after the first request (admission).
	srv.Use(&admission{opts: opts, cache: cache})
	srv.Use(&limits{opts: opts, es: es, cache: cache})
	srv.Use(phases{}) // Server-Timing: see timing.Handler
	if opts.Observer != nil {
		srv.Use(&observe{obs: opts.Observer, names: map[string]bool{}})
	}
	srv.AroundFields(withRootMemo)
	srv.SetErrorPresenter(presentError(opts.Log))
	srv.SetRecoverFunc(recoverPanic(opts.Log))
	return withTimeout(opts.Timeout, withLoaders(r.Store, srv))
}

// withTimeout gives each request a deadline; the store turns it into Neo4j's transaction
// timeout, so a slow query is cancelled in the database too.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// cappedRules returns gqlparser's default validation rules sharing one error budget per
// document: once max errors are reported, the rules report nothing more, so a query built to
// fail every rule on every field answers with a handful of errors, not hundreds of thousands.
func cappedRules(max int) func() *rules.Rules {
	return func() *rules.Rules {
		rs := rules.NewDefaultRules()
		reported := 0
		for name, f := range rs.GetInner() {
			rs.ReplaceRule(name, func(obs *core.Events, addError core.AddErrFunc) {
				f(obs, func(opts ...core.ErrorOption) {
					if reported < max {
						reported++
						addError(opts...)
					}
				})
			})
		}
		return rs
	}
}

var intPtrType = reflect.TypeOf((*int)(nil))

// pageWeightedComplexity fills every complexity function of the schema with one rule: a field
// costs 1 plus its children times a tenth of its page size (at least 1). The page size is the
// largest Int argument given (first or last, in every list of this schema; depth for
// learningNetwork), or the field's default page size when none is given. A tenth, because
// nested lists are fetched in one batch per level, not one query per row: cost grows with
// page size, but an ordinary dashboard query stays far below the limit while nested pages of
// thousands do not. Writing ~90 functions by hand would hide that they are all the same rule.
func pageWeightedComplexity() ComplexityRoot {
	var root ComplexityRoot
	types := reflect.ValueOf(&root).Elem()
	for i := 0; i < types.NumField(); i++ {
		fields := types.Field(i)
		for j := 0; j < fields.NumField(); j++ {
			f := fields.Field(j)
			ft := f.Type()
			if ft.Kind() != reflect.Func || ft.NumIn() < 2 {
				continue
			}
			var ints []int
			for k := 1; k < ft.NumIn(); k++ {
				if ft.In(k) == intPtrType {
					ints = append(ints, k)
				}
			}
			if len(ints) == 0 {
				continue
			}
			def := defaultPageOf(types.Type().Field(i).Name, fields.Type().Field(j).Name)
			f.Set(reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
				child, n := int(args[0].Int()), -1
				for _, k := range ints {
					if p := args[k]; !p.IsNil() {
						n = max(n, int(p.Elem().Int()))
					}
				}
				if n < 0 {
					n = def
				}
				return []reflect.Value{reflect.ValueOf(1 + max(child, 1)*max((n+9)/10, 1))}
			}))
		}
	}
	return root
}

// defaultPageOf is the page size a field returns when a client gives no first or last.
func defaultPageOf(typeName, field string) int {
	switch {
	case typeName == "Query":
		return defaultListPage
	case field == "Mentions":
		return defaultMentionPage
	case field == "Mentioned":
		return defaultDocumentPage
	}
	return defaultRelationPage
}

var _ graphql.HandlerExtension = (*limits)(nil)
