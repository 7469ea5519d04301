package store

import "context"

const graphVersionQuery = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN m.hash AS hash`

// Version returns the version of the graph: the hash of the seed Seed last wrote, which
// changes in the same transaction as the data (an in-place load's one transaction, or a
// shadow load's switch), so per-version caches refresh exactly when readers see the new
// graph; "" when the graph was not written by Seed.
func (s *Store) Version(ctx context.Context) (string, error) {
	res, err := s.read(ctx, "graph version", graphVersionQuery, nil)
	if err != nil {
		return "", err
	}
	if len(res.Records) == 0 {
		return "", nil
	}
	return str(res.Records[0].AsMap(), "hash"), nil
}
