package graph

import (
	"context"

	"github.com/metandereogen/maograph/graph/model"
)

// entityAs loads an entity and checks its type, as NOT_FOUND when it is missing or another type.
func entityAs[T model.Entity](ctx context.Context, r *Resolver, id string) (T, error) {
	var zero T
	e, err := r.entity(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := e.(T)
	if !ok {
		return zero, model.Errorf(model.ENOTFOUND, "Node %q not found.", id)
	}
	return t, nil
}
