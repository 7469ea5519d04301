package store

import (
	"context"
	"maps"
	"slices"
)

// ReadForTest runs a read query through the same path as every store method (deadline,
// transaction timeout, error classification), for tests that need a query of their own.
func (s *Store) ReadForTest(ctx context.Context, cypher string) error {
	_, err := s.read(ctx, "test", cypher, nil)
	return err
}

// IsNetworkError exposes isNetworkError to the tests.
var IsNetworkError = isNetworkError

// AfterShadowBatch calls f after each committed batch of a shadow generation.
func AfterShadowBatch(f func()) SeedOption { return func(c *seedConfig) { c.afterBatch = f } }

// EntityFields are the fields an entity answers from the properties entityOf reads.
func EntityFields() []string { return slices.Sorted(maps.Keys(fieldProps)) }
