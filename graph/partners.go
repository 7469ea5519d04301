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

// partnerNode returns the node of a learning partner. When its selection reads nothing but id
// and name, which the learning graph already holds, it is built from the graph without a
// statement; otherwise it is loaded.
func (r *Resolver) partnerNode(ctx context.Context, id string) (model.Entity, error) {
	if p, ok := r.partners.current(); ok {
		if n, ok := p.graph.Node(id); ok && asksOnlyIDAndName(ctx, n.Label) {
			if e := model.NewEntity(n.Label, model.Common{ID: id, Name: n.Name}); e != nil {
				return e, nil
			}
		}
	}
	return r.entity(ctx, id)
}

// checkDate checks an optional asOf argument (model.CheckAsOf). The Date scalar checks it
// already for requests; resolvers called directly are checked here.
func checkDate(d *string) error {
	if d == nil {
		return nil
	}
	return model.CheckAsOf(*d)
}

// partners is the learning graph of one graph version and its partner index.
type partners struct {
	graph *model.LearningGraph
	ix    *analysis.PartnerIndex
}

// partnerCache keeps the learning graph and its partner index of the graph version they were
// built from, and the index of the last asOf date asked (an explorer's date slider asks the
// same date many times). Its zero value is an empty cache.
type partnerCache struct {
	built[partners]
	mu     sync.Mutex // guards the asOf index
	of     *model.LearningGraph
	asOf   string
	asOfIx *analysis.PartnerIndex
}

// partnerState returns the learning graph and its index for the graph's current version.
func (r *Resolver) partnerState(ctx context.Context) (*model.LearningGraph, *analysis.PartnerIndex, error) {
	p, err := r.partners.get(ctx, r.Store.Version, "learning-partner index", func(ctx context.Context) (string, partners, error) {
		version, g, err := r.Store.LearningGraph(ctx)
		if err != nil {
			return "", partners{}, err
		}
		return version, partners{g, analysis.NewPartnerIndex(g)}, nil
	})
	return p.graph, p.ix, err
}

func (r *Resolver) partnerIndex(ctx context.Context, asOf *string) (*analysis.PartnerIndex, error) {
	g, ix, err := r.partnerState(ctx)
	if err != nil || asOf == nil {
		return ix, err
	}
	c := &r.partners
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.of == g && c.asOfIx != nil && c.asOf == *asOf {
		return c.asOfIx, nil
	}
	aix := analysis.NewPartnerIndex(analysis.AsOf(g, *asOf))
	c.of, c.asOf, c.asOfIx = g, *asOf, aix
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
