package graph

import (
	"context"

	"github.com/metandereogen/maograph/graph/model"
)

var (
	// formatUsersQ: who uses a meeting format.
	formatUsersQ = rel(pairs(in, "USES_FORMAT"))
	// publicationDocumentsQ: documents that refer to a publication or appeared in it.
	publicationDocumentsQ = rel(pairs(in, "REFERS_TO", "PUBLISHED_IN"), model.LabelDocument, model.LabelPublication)
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
