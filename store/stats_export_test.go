package store

import "github.com/metandereogen/maograph/graph/model"

// CountQueryText exposes the pruned count query of a label and dimension to the tests.
func CountQueryText(dim model.Dimension, label string) string { return countQueriesBy[dim][label] }
