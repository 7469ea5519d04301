package store

import (
	"slices"

	"github.com/metandereogen/maograph/graph/model"
)

// CountQueryText exposes the pruned count query of a label and dimension to the tests.
func CountQueryText(dim model.Dimension, label string) string { return countQueriesBy[dim][label] }

// UnprunedCountQuery is the count query of a label and dimension with every route of the
// membership table as written, not pruned by the vocabulary.
func UnprunedCountQuery(dim model.Dimension, label string) string {
	rule := model.Memberships[dim]
	var routes []model.Route
	for _, r := range rule.Routes {
		if len(r.Labels) > 0 && !slices.Contains(r.Labels, label) {
			continue
		}
		if len(r.Hops) == 0 && label != rule.Bucket {
			continue
		}
		routes = append(routes, r)
	}
	return countsQuery(label, dim, routes, "")
}
