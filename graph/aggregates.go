package graph

import (
	"context"
	"sync"

	"github.com/metandereogen/maograph/graph/model"
)

// aggregateCache keeps the dashboard aggregates (counts, stats) of one graph version. They
// scan a whole label and only change when a load changes the graph, which moves the version
// in the same transaction: a request then costs one small version query instead of the scan
// (at size M the count of initiatives per bouwsteen reads every initiative). A graph not
// written by Seed has no version and is counted afresh every time. Counts as of a date are
// kept too, keyed by the date, but at most maxAsOfCounts of them (the oldest kept goes first):
// a date slider asks many dates, and each count as of one is a scan of its own. Its zero value
// is an empty cache.
type aggregateCache struct {
	mu      sync.Mutex
	version string
	counts  map[countKey][]*model.Bucket
	dated   []countKey // the keys with a date, oldest first
	stats   *model.Stats
}

// maxAsOfCounts bounds the counts as of a date the cache keeps per graph version.
const maxAsOfCounts = 256

type countKey struct {
	label string
	by    model.Dimension
	asOf  string
}

// at returns the cache for version, emptied when the version moved on; nil for no version.
func (c *aggregateCache) at(version string) *aggregateCache {
	if version == "" {
		return nil
	}
	if c.version != version {
		c.version, c.counts, c.dated, c.stats = version, map[countKey][]*model.Bucket{}, nil, nil
	}
	return c
}

// keep stores a count, dropping the oldest count as of a date when there are too many.
func (c *aggregateCache) keep(key countKey, buckets []*model.Bucket) {
	if _, ok := c.counts[key]; !ok && key.asOf != "" {
		if len(c.dated) >= maxAsOfCounts {
			delete(c.counts, c.dated[0])
			c.dated = c.dated[1:]
		}
		c.dated = append(c.dated, key)
	}
	c.counts[key] = buckets
}

func (r *Resolver) counts(ctx context.Context, label string, by model.Dimension, asOf string) ([]*model.Bucket, error) {
	version, err := r.Store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c, key := &r.aggregates, countKey{label, by, asOf}
	c.mu.Lock()
	if hit := c.at(version); hit != nil && hit.counts[key] != nil {
		defer c.mu.Unlock()
		return hit.counts[key], nil
	}
	c.mu.Unlock()
	buckets, err := r.Store.Counts(ctx, label, by, asOf)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if hit := c.at(version); hit != nil {
		hit.keep(key, buckets)
	}
	c.mu.Unlock()
	return buckets, nil
}

// countsIn returns the buckets of a count in scope (as of asOf, "" for none), largest first.
func (r *Resolver) countsIn(ctx context.Context, label string, by model.Dimension, scope model.Scope, asOf string) ([]*model.Bucket, error) {
	all, err := r.counts(ctx, label, by, asOf)
	if err != nil {
		return nil, err
	}
	return bucketsIn(all, scope), nil
}

func (r *Resolver) stats(ctx context.Context) (*model.Stats, error) {
	version, err := r.Store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c := &r.aggregates
	c.mu.Lock()
	if hit := c.at(version); hit != nil && hit.stats != nil {
		defer c.mu.Unlock()
		return hit.stats, nil
	}
	c.mu.Unlock()
	st, err := r.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if hit := c.at(version); hit != nil {
		hit.stats = st
	}
	c.mu.Unlock()
	return st, nil
}
