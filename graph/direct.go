package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The direct writer answers a query by walking its selection once and writing the JSON as it
// goes, calling the same resolvers, struct fields and marshallers as gqlgen's executor (through
// directFields, generated from the same binding: graph/gen). gqlgen's executor builds a field
// set, a field context, a path and a goroutine for every list element and resolver field; for a
// nested answer of ~1 700 objects that was most of the server's CPU per request (bench/PROFILE.md,
// "ninth session"). The writer covers what answers need in the ordinary case; everything else
// (mutations, introspection, a field it does not know) is answered by gqlgen's executor, and so
// is every answer with an error: the attempt is dropped where it meets one, and gqlgen answers,
// from the root fields' results the attempt kept. The writer either produces the whole answer
// without an error, or nothing, so the two never differ in what a client sees.

// errNotDirect says that the direct writer leaves this operation to gqlgen's executor.
var errNotDirect = errors.New("graph: not answered directly")

// notBound is the error of a value that is not the Go type its object type is bound to.
func notBound(v any, typeName string) error {
	return fmt.Errorf("%w: %T is not bound to %s", errNotDirect, v, typeName)
}

// directField is one field as the direct writer serves it (see directFields).
type directField struct {
	// args coerces the field's arguments as gqlgen does; nil when it has none.
	args func(ec *executionContext, ctx context.Context, raw map[string]any) (map[string]any, error)
	// value reads the field off its parent (the parent's Go reference; nil for Query).
	value func(ec *executionContext, ctx context.Context, obj any) (any, error)
	// leaf marshals a scalar or enum value (or a list of them); nil for objects.
	leaf func(ec *executionContext, ctx context.Context, sel ast.SelectionSet, v any) graphql.Marshaler
	// context: value needs a field context (a resolver, or a method that takes ctx or
	// arguments); resolver: it is a resolver.
	context, resolver bool
}

// directSchema is the executable schema with the direct writer in front of gqlgen's executor.
type directSchema struct {
	graphql.ExecutableSchema
	es *executableSchema
	// compare, in tests, runs gqlgen's executor after every direct answer, in the context it
	// returns (which counts nothing against the request), and reports a difference as an error
	// (export_test.go); nil in the server.
	compare func(context.Context) context.Context
}

func withDirectWriter(es graphql.ExecutableSchema) graphql.ExecutableSchema {
	inner, ok := es.(*executableSchema)
	if !ok {
		return es
	}
	return &directSchema{ExecutableSchema: es, es: inner, compare: compareExecutors}
}

// compareExecutors is set by the package's tests (export_test.go).
var compareExecutors func(context.Context) context.Context

// Exec answers directly when it can. The work is done when the response is asked for, inside
// the response interceptors (Server-Timing's resolve and marshal phases), as gqlgen's is.
func (d *directSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	var fallback graphql.ResponseHandler
	done := false
	return func(rctx context.Context) *graphql.Response {
		if fallback != nil {
			return fallback(rctx)
		}
		if done {
			return nil
		}
		done = true
		memo := &rootMemo{results: map[*ast.Field]rootResult{}}
		data, err := d.direct(rctx, graphql.GetOperationContext(rctx), memo)
		if err != nil {
			fallback = d.ExecutableSchema.Exec(ctx)
			return fallback(context.WithValue(rctx, rootMemoKey{}, memo))
		}
		if d.compare != nil {
			if msg := d.differs(rctx, data); msg != "" {
				return graphql.ErrorResponse(rctx, "%s", msg)
			}
		}
		directAnswers.Add(1)
		return &graphql.Response{Data: data}
	}
}

// directAnswers counts the operations the direct writer answered (export_test.go).
var directAnswers atomic.Int64

// direct writes the answer to a query operation, or fails with errNotDirect (or the error
// that stopped it) when gqlgen's executor must answer. Errors the resolvers add to the
// response are caught in a response context of its own and discarded with the attempt.
func (d *directSchema) direct(ctx context.Context, op *graphql.OperationContext, memo *rootMemo) (data []byte, err error) {
	if op == nil || op.Operation == nil || op.Operation.Operation != ast.Query {
		return nil, errNotDirect
	}
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("%w: panic: %v", errNotDirect, r)
		}
	}()
	dctx := graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	w := &directWriter{
		ec:    newExecutionContext(op, d.es, nil),
		op:    op,
		l:     loadersIn(ctx),
		waits: map[waitKey]bool{},
		memo:  memo,
	}
	buf := &bytes.Buffer{}
	if err := w.object(dctx, buf, "Query", nil, op.Operation.SelectionSet, true); err != nil {
		return nil, err
	}
	if len(graphql.GetErrors(dctx)) > 0 {
		return nil, fmt.Errorf("%w: %v", errNotDirect, graphql.GetErrors(dctx))
	}
	return buf.Bytes(), nil
}

// differs runs gqlgen's executor on the same operation, without counting its statements
// against the request, and describes how its data differs from the direct answer.
func (d *directSchema) differs(ctx context.Context, direct []byte) string {
	uctx := d.compare(ctx)
	resp := d.ExecutableSchema.Exec(uctx)(uctx)
	if resp == nil || len(resp.Errors) > 0 {
		return fmt.Sprintf("direct writer answered where gqlgen's executor failed: %v", resp)
	}
	if !bytes.Equal(resp.Data, direct) {
		return fmt.Sprintf("direct writer differs from gqlgen's executor:\ndirect: %s\ngqlgen: %s", direct, resp.Data)
	}
	return ""
}

// directWriter is one request's walk.
type directWriter struct {
	ec *executionContext
	op *graphql.OperationContext
	l  *loaders

	mu    sync.Mutex
	waits map[waitKey]bool // mayWait's answers
	memo  *rootMemo
}

// rootMemo keeps what each root field's resolver returned in a direct attempt, error included,
// so that gqlgen's executor, answering after a failed attempt, does not ask the store again
// (one statement per answer, however it is written): withRootMemo serves them.
type rootMemo struct {
	mu      sync.Mutex
	results map[*ast.Field]rootResult
}

type rootResult struct {
	v   any
	err error
}

type rootMemoKey struct{}

func (m *rootMemo) keep(f *ast.Field, v any, err error) {
	m.mu.Lock()
	m.results[f] = rootResult{v, err}
	m.mu.Unlock()
}

// withRootMemo is the field middleware that answers a root field from the direct attempt's
// memo when there is one. Only root fields are kept, by their node in the query.
func withRootMemo(ctx context.Context, next graphql.Resolver) (any, error) {
	m, ok := ctx.Value(rootMemoKey{}).(*rootMemo)
	if !ok {
		return next(ctx)
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Object == "Query" {
		m.mu.Lock()
		r, ok := m.results[fc.Field.Field]
		m.mu.Unlock()
		if ok {
			return r.v, r.err
		}
	}
	return next(ctx)
}

var bufPool = sync.Pool{New: func() any { return &bytes.Buffer{} }}

// object writes obj, an object of typeName, with the fields sel asks of it. Root fields may run
// side by side (concurrent, at the root only), as gqlgen runs them.
func (w *directWriter) object(ctx context.Context, buf *bytes.Buffer, typeName string, obj any, sel ast.SelectionSet, root bool) error {
	table, ok := directFields[typeName]
	if !ok {
		return fmt.Errorf("%w: no fields of %s", errNotDirect, typeName)
	}
	fields := graphql.CollectFields(w.op, sel, directImplementors[typeName])
	if root && len(fields) > 1 {
		return w.rootFields(ctx, buf, fields, table)
	}
	buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := w.field(ctx, buf, typeName, obj, f, table, root); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// rootFields writes the root fields side by side, as gqlgen runs them.
func (w *directWriter) rootFields(ctx context.Context, buf *bytes.Buffer, fields []graphql.CollectedField, table map[string]directField) error {
	buf.WriteByte('{')
	err := sideBySide(buf, len(fields), func(i int, part *bytes.Buffer) error {
		return w.field(ctx, part, "Query", nil, fields[i], table, true)
	})
	buf.WriteByte('}')
	return err
}

// sideBySide runs write for 0…n-1 at once, each into a buffer of its own, and appends what
// they wrote to buf in order, separated by commas.
func sideBySide(buf *bytes.Buffer, n int, write func(i int, part *bytes.Buffer) error) error {
	parts := make([]*bytes.Buffer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		parts[i] = bufPool.Get().(*bytes.Buffer)
		parts[i].Reset()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("%w: panic: %v", errNotDirect, r)
				}
			}()
			errs[i] = write(i, parts[i])
		}()
	}
	wg.Wait()
	for i, p := range parts {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(p.Bytes())
		bufPool.Put(p)
	}
	return errors.Join(errs...)
}

// field writes "alias":value for one collected field of obj.
func (w *directWriter) field(ctx context.Context, buf *bytes.Buffer, typeName string, obj any, f graphql.CollectedField, table map[string]directField, root bool) error {
	if len(f.Deferrables) > 0 {
		return fmt.Errorf("%w: %s is deferred", errNotDirect, f.Alias)
	}
	graphql.MarshalString(f.Alias).MarshalGQL(buf)
	buf.WriteByte(':')
	if f.Name == "__typename" {
		graphql.MarshalString(typeName).MarshalGQL(buf)
		return nil
	}
	df, ok := table[f.Name]
	if !ok || f.Definition == nil {
		return fmt.Errorf("%w: %s.%s", errNotDirect, typeName, f.Name)
	}
	if df.context {
		// Resolvers read their selection and arguments here; its parent is the field context
		// in ctx (the nearest resolver or method above).
		fc := &graphql.FieldContext{Object: typeName, Field: f, IsMethod: true, IsResolver: df.resolver}
		if df.args != nil {
			args, err := df.args(w.ec, ctx, f.ArgumentMap(w.op.Variables))
			if err != nil {
				return err
			}
			fc.Args = args
		}
		ctx = graphql.WithFieldContext(ctx, fc)
	}
	v, err := df.value(w.ec, ctx, obj)
	if root && df.resolver {
		w.memo.keep(f.Field, v, err)
		rootResolved(ctx)
	}
	if err != nil {
		return err
	}
	if df.leaf != nil {
		df.leaf(w.ec, ctx, f.Selections, v).MarshalGQL(buf)
		return nil
	}
	return w.value(ctx, buf, f, f.Definition.Type, reflect.ValueOf(v))
}

// value writes an object, or a list of them, of GraphQL type t.
func (w *directWriter) value(ctx context.Context, buf *bytes.Buffer, f graphql.CollectedField, t *ast.Type, v reflect.Value) error {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if t.Elem != nil && v.Kind() == reflect.Slice && v.IsNil() && t.NonNull {
		buf.WriteString("[]") // as gqlgen writes a nil slice of a non-null list
		return nil
	}
	if !v.IsValid() || (nillable(v.Kind()) && v.IsNil()) {
		if t.NonNull {
			return fmt.Errorf("%w: %s is null", errNotDirect, f.Alias) // gqlgen reports it, with its path
		}
		buf.WriteString("null")
		return nil
	}
	if t.Elem != nil {
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return fmt.Errorf("%w: %s is a %s, not a list", errNotDirect, f.Name, v.Kind())
		}
		return w.list(ctx, buf, f, t.Elem, v)
	}
	if v.Kind() == reflect.Struct {
		if !v.CanAddr() {
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			v = p
		} else {
			v = v.Addr()
		}
	}
	name := t.NamedType
	def := parsedSchema.Types[name]
	if def == nil {
		return fmt.Errorf("%w: no type %s", errNotDirect, name)
	}
	obj := v.Interface()
	switch def.Kind {
	case ast.Object:
	case ast.Interface, ast.Union:
		concrete := directConcrete[name]
		if concrete == nil {
			return fmt.Errorf("%w: %s is not bound", errNotDirect, name)
		}
		if name, obj = concrete(obj); name == "" {
			if t.NonNull {
				return fmt.Errorf("%w: %s of %s is %T", errNotDirect, f.Name, t.NamedType, v.Interface())
			}
			buf.WriteString("null")
			return nil
		}
	default:
		return fmt.Errorf("%w: %s is a %s", errNotDirect, name, def.Kind)
	}
	return w.object(ctx, buf, name, obj, f.Selections, false)
}

// list writes the elements of v, in order. When writing an element may wait on a dataloader
// (a resolver below it that the prefetch has not served), the elements are written side by
// side, as gqlgen would run them, so that their loads meet in one batch; otherwise in turn.
func (w *directWriter) list(ctx context.Context, buf *bytes.Buffer, f graphql.CollectedField, elem *ast.Type, v reflect.Value) error {
	n := v.Len()
	buf.WriteByte('[')
	if n > 1 && w.listWaits(elem.Name(), f) {
		err := sideBySide(buf, n, func(i int, part *bytes.Buffer) error {
			return w.value(ctx, part, f, elem, v.Index(i))
		})
		if err != nil {
			return err
		}
	} else {
		for i := range n {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := w.value(ctx, buf, f, elem, v.Index(i)); err != nil {
				return err
			}
		}
	}
	buf.WriteByte(']')
	return nil
}

type waitKey struct {
	typeName string
	field    *ast.Field
}

// listWaits is mayWait for the elements of a list field, asked once per request.
func (w *directWriter) listWaits(typeName string, f graphql.CollectedField) bool {
	k := waitKey{typeName, f.Field}
	w.mu.Lock()
	defer w.mu.Unlock()
	if v, ok := w.waits[k]; ok {
		return v
	}
	v := w.mayWait(typeName, f.Selections, 0)
	w.waits[k] = v
	return v
}

// mayWait tells whether writing an object of typeName with selection sel may call a resolver
// that waits on a dataloader: any resolver below it, except the relation and member fields the
// prefetch has served at this place of the query (loaders.served) and the typed views that read
// their node off the page (readsOffPage). Abstract types count as waiting.
func (w *directWriter) mayWait(typeName string, sel ast.SelectionSet, depth int) bool {
	if len(sel) == 0 {
		return false
	}
	def := parsedSchema.Types[typeName]
	if def == nil || def.Kind != ast.Object || w.l == nil || depth > maxPrefetchLevels {
		return true
	}
	for _, f := range graphql.CollectFields(w.op, sel, directImplementors[typeName]) {
		if f.Name == "__typename" || f.Definition == nil {
			continue
		}
		df := directFields[typeName][f.Name]
		if df.resolver && !readsOffPage(typeName, f.Name) && !w.l.served(typeName, f.Field) {
			return true
		}
		if df.leaf == nil && w.mayWait(f.Definition.Type.Name(), f.Selections, depth+1) {
			return true
		}
	}
	return false
}

// readsOffPage tells whether a resolver field is one of the typed views of a page that return
// the far node already on it (farNode, farNodes): the node of a member or relation edge and
// the nodes of their connections (edgeTypes, connectionTypes). They never load anything.
func readsOffPage(typeName, field string) bool {
	switch field {
	case "node":
		return slices.Contains(edgeTypes, typeName)
	case "nodes":
		return slices.Contains(connectionTypes, typeName)
	}
	return false
}

func nillable(k reflect.Kind) bool {
	switch k {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return true
	}
	return false
}
