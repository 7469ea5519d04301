package graph

import (
	"context"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/metandereogen/maograph/timing"
)

// Observer is told about every executed GraphQL operation; server.go turns it into metrics.
type Observer interface {
	// Operation reports an operation's name (or "anonymous"/"other"), how long it took, and
	// the extensions.code of each error in its response.
	Operation(name string, took time.Duration, codes []string)
}

// maxOperationNames bounds the distinct names reported: operation names come from clients, and
// an unbounded set would let any client blow up the metrics' cardinality.
const maxOperationNames = 200

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

type observe struct {
	obs   Observer
	mu    sync.Mutex
	names map[string]bool
}

func (o *observe) ExtensionName() string                   { return "MaoObserver" }
func (o *observe) Validate(graphql.ExecutableSchema) error { return nil }

func (o *observe) name(ctx context.Context) string {
	if !graphql.HasOperationContext(ctx) {
		return "anonymous"
	}
	n := graphql.GetOperationContext(ctx).OperationName
	if n == "" {
		return "anonymous"
	}
	if !operationName.MatchString(n) {
		return "other"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.names[n] {
		if len(o.names) >= maxOperationNames {
			return "other"
		}
		o.names[n] = true
	}
	return n
}

func (o *observe) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	began := time.Now()
	resp := next(ctx)
	var codes []string
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			codes = append(codes, code)
		}
	}
	o.obs.Operation(o.name(ctx), time.Since(began), codes)
	return resp
}

// phases reports the GraphQL phases of each request to its timing.Recorder (the
// Server-Timing header): read (body and JSON), parse, validate, limits (depth, complexity),
// resolve (until the last root field has its whole tree) and marshal (the tree to JSON).
// Without a recorder in the context it only passes requests on.
type phases struct{}

type resolvedKey struct{}

// resolved holds when the last root field of a response finished, in nanoseconds on the
// monotonic clock relative to the response's start; root fields run concurrently.
type resolved struct {
	began time.Time
	last  atomic.Int64
}

func (phases) ExtensionName() string                   { return "MaoPhases" }
func (phases) Validate(graphql.ExecutableSchema) error { return nil }

func (phases) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if rec := timing.FromContext(ctx); rec != nil && graphql.HasOperationContext(ctx) {
		now := time.Now()
		s := graphql.GetOperationContext(ctx).Stats
		rec.Phase("read", s.Read.End.Sub(s.Read.Start))
		rec.Phase("parse", s.Parsing.End.Sub(s.Parsing.Start))
		rec.Phase("validate", s.Validation.End.Sub(s.Validation.Start))
		if !s.Validation.End.IsZero() {
			rec.Phase("limits", now.Sub(s.Validation.End))
		}
	}
	return next(ctx)
}

func (phases) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	m := next(ctx)
	rootResolved(ctx)
	return m
}

// rootResolved records that a root field has its value (gqlgen's executor and the direct
// writer both tell it): what comes after is marshalling.
func rootResolved(ctx context.Context) {
	if r, ok := ctx.Value(resolvedKey{}).(*resolved); ok {
		end := int64(time.Since(r.began))
		for {
			last := r.last.Load()
			if end <= last || r.last.CompareAndSwap(last, end) {
				break
			}
		}
	}
}

func (phases) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	rec := timing.FromContext(ctx)
	if rec == nil {
		return next(ctx)
	}
	r := &resolved{began: time.Now()}
	resp := next(context.WithValue(ctx, resolvedKey{}, r))
	took := time.Since(r.began)
	if last := time.Duration(r.last.Load()); last > 0 {
		rec.Phase("resolve", last)
		rec.Phase("marshal", took-last)
	} else {
		rec.Phase("resolve", took)
	}
	rec.Ready()
	return resp
}
