package graph

import (
	"context"
	"sync"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/graph/model"
)

// maxPartners bounds learningPartners' first.
const maxPartners = 50

func (r *Resolver) learningPartners(ctx context.Context, id string, first *int, asOf *string) ([]*model.LearningPartner, error) {
	n := intOr(first, 5)
	if n < 1 || n > maxPartners {
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxPartners, n)
	}
	if err := checkDate(asOf); err != nil {
		return nil, err
	}
	ix, err := r.partnerIndex(ctx, asOf)
	if err != nil {
		return nil, err
	}
	out, ok := ix.Partners(id, n)
	if !ok {
		if _, err := r.entity(ctx, id); err != nil {
			return nil, err
		}
		if asOf != nil {
			return []*model.LearningPartner{}, nil // the entity is not known yet on that date
		}
		return nil, model.Errorf(model.EINVALID, "%q is not an entity that learns: give a region, initiative, organisation, person, programme or event.", id)
	}
	return out, nil
}

// checkDate checks an optional asOf argument (model.CheckAsOf). The Date scalar checks it
// already for requests; resolvers called directly are checked here.
func checkDate(d *string) error {
	if d == nil {
		return nil
	}
	return model.CheckAsOf(*d)
}

// partnerCache keeps the learning graph and its partner index of the graph version they were
// built from, and the index of the last asOf date asked (an explorer's date slider asks the
// same date many times). Its zero value is an empty cache.
type partnerCache struct {
	mu      sync.Mutex // guards the fields; held while the first build runs
	version string
	graph   *model.LearningGraph
	ix      *analysis.PartnerIndex
	asOf    string
	asOfIx  *analysis.PartnerIndex
}

// partnerState returns the learning graph and its index for the graph's current version.
// Checking the version is one small query, made without holding the lock; reading and
// indexing the graph happens when the version moved (or, the first time, once while other
// requests wait). A graph without a version (not written by a load) is read every time.
func (r *Resolver) partnerState(ctx context.Context) (*model.LearningGraph, *analysis.PartnerIndex, error) {
	c := &r.partners
	c.mu.Lock()
	since, g, ix := c.version, c.graph, c.ix
	if ix == nil {
		defer c.mu.Unlock() // first build: the others wait for it
	} else {
		c.mu.Unlock()
	}
	if ix == nil {
		since = ""
	}
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), indexBuildTime)
	defer cancel()
	version, fresh, err := r.Store.LearningGraph(bctx, since)
	if err != nil {
		return nil, nil, err
	}
	if fresh == nil {
		return g, ix, nil
	}
	nix := analysis.NewPartnerIndex(fresh)
	if ix != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	c.version, c.graph, c.ix, c.asOf, c.asOfIx = version, fresh, nix, "", nil
	return fresh, nix, nil
}

func (r *Resolver) partnerIndex(ctx context.Context, asOf *string) (*analysis.PartnerIndex, error) {
	g, ix, err := r.partnerState(ctx)
	if err != nil || asOf == nil {
		return ix, err
	}
	c := &r.partners
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.graph == g && c.asOfIx != nil && c.asOf == *asOf {
		return c.asOfIx, nil
	}
	aix := analysis.NewPartnerIndex(analysis.AsOf(g, *asOf))
	if c.graph == g {
		c.asOf, c.asOfIx = *asOf, aix
	}
	return aix, nil
}

// learningGraph returns the current learning graph, as of a date when asOf is set.
func (r *Resolver) learningGraph(ctx context.Context, asOf *string) (*model.LearningGraph, error) {
	g, _, err := r.partnerState(ctx)
	if err != nil {
		return nil, err
	}
	if asOf != nil {
		return analysis.AsOf(g, *asOf), nil
	}
	return g, nil
}
