package graph

import (
	"context"

	"github.com/metandereogen/maograph/graph/model"
)

// MemberFieldFor returns the entity-page field of typeName that lists the members of label
// in dimension d, from the wiring table; false when there is none.
func MemberFieldFor(typeName, label string, d model.Dimension) (string, bool) {
	for field, f := range memberFields[typeName] {
		if f.Label == label && f.Dimension == d {
			return field, true
		}
	}
	return "", false
}

// CompareExecutors makes every handler built after it check each direct answer against gqlgen's
// executor, run in the context uncounted returns (so that statement counts stay the request's).
func CompareExecutors(uncounted func(context.Context) context.Context) {
	compareExecutors = uncounted
}

// DirectAnswers is the number of operations the direct writer has answered in this process.
func DirectAnswers() int64 { return directAnswers.Load() }
