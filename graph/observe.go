package graph

import (
	"context"
	"regexp"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
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
