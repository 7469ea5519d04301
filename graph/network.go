package graph

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/graph/model"
)

// Bounds of the analyst queries: beyond them a query costs more than any picture can show.
const (
	maxSearchLength  = 200
	maxSuggestions   = 10
	maxNetworkDepth  = 3
	maxPathLength    = 6
	maxPaths         = 20
	maxSimilar       = 50
	defaultBrokerCut = 10
)

func (r *Resolver) search(ctx context.Context, query string, types []model.NodeType, first *int) ([]*model.SearchHit, error) {
	n := intOr(first, 10)
	switch {
	case n < 1 || n > maxPage:
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxPage, n)
	case strings.TrimSpace(query) == "":
		return nil, model.Errorf(model.EINVALID, "query is empty: type one or more words.")
	case utf8.RuneCountInString(query) > maxSearchLength:
		return nil, model.Errorf(model.EINVALID, "query is longer than %d characters.", maxSearchLength)
	}
	return r.Store.Search(ctx, query, labelsOf(types), n)
}

func (r *Resolver) searchSuggestions(ctx context.Context, query string, first *int) ([]string, error) {
	n := intOr(first, 3)
	switch {
	case n < 1 || n > maxSuggestions:
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxSuggestions, n)
	case utf8.RuneCountInString(query) > maxSearchLength:
		return nil, model.Errorf(model.EINVALID, "query is longer than %d characters.", maxSearchLength)
	}
	return r.Store.Suggest(ctx, query, n)
}

func (r *Resolver) learningNetwork(ctx context.Context, focus *string, depth *int, types []model.NodeType, relations []model.RelationType, asOf *string) (*model.Network, error) {
	d := intOr(depth, 2)
	if d < 1 || d > maxNetworkDepth {
		return nil, model.Errorf(model.EINVALID, "depth must be between 1 and %d, got %d.", maxNetworkDepth, d)
	}
	if err := checkDate(asOf); err != nil {
		return nil, err
	}
	rels := []string{model.LearnsFrom, model.Inspires}
	if len(relations) > 0 {
		rels = typeNames(relations)
	}
	// The store answers NOT_FOUND for a missing focus in the same statement.
	return r.Store.Network(ctx, focus, d, labelsOf(types), rels, stringOr(asOf, ""), networkRead(ctx))
}

// networkRead works out what the network's nodes and edges are asked: nodes asked only what
// a light read holds (asksLight) are read light, as a picture usually names its nodes and no
// more; edges asked for neither role nor evidence are read bare.
func networkRead(ctx context.Context) model.NetworkRead {
	op, f, ok := resolving(ctx)
	if !ok {
		return model.NetworkRead{}
	}
	read := model.NetworkRead{LightNodes: true, BareEdges: true}
	for _, nf := range graphql.CollectFields(op, f.Selections, []string{"Network"}) {
		switch nf.Name {
		case "nodes":
			read.LightNodes = read.LightNodes && asksLight(op, nf.Selections, model.Labels)
		case "edges":
			for _, ef := range graphql.CollectFields(op, nf.Selections, []string{"NetworkEdge"}) {
				if !bareEdgeFields[ef.Name] {
					read.BareEdges = false
				}
			}
		}
	}
	return read
}

// bareEdgeFields are the NetworkEdge fields a bare read of a relation holds.
var bareEdgeFields = map[string]bool{"id": true, "source": true, "target": true, "type": true, "__typename": true}

func (r *Resolver) paths(ctx context.Context, from, to string, maxLength, first *int, asOf *string) ([]*model.Path, error) {
	l, n := intOr(maxLength, 4), intOr(first, 5)
	if err := checkDate(asOf); err != nil {
		return nil, err
	}
	switch {
	case l < 1 || l > maxPathLength:
		return nil, model.Errorf(model.EINVALID, "maxLength must be between 1 and %d, got %d.", maxPathLength, l)
	case n < 1 || n > maxPaths:
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxPaths, n)
	case from == to:
		return nil, model.Errorf(model.EINVALID, "from and to are the same node %q.", from)
	}
	// The store answers NOT_FOUND for a missing end in the same statement.
	return r.Store.Paths(ctx, from, to, l, n, stringOr(asOf, ""), model.NetworkRead{LightNodes: pathsLight(ctx)})
}

// pathsLight reports whether the entities along the paths (their nodes, and the ends of each
// step) are asked only what a light read holds (asksLight).
func pathsLight(ctx context.Context) bool {
	op, f, ok := resolving(ctx)
	if !ok {
		return false
	}
	for _, pf := range graphql.CollectFields(op, f.Selections, []string{"Path"}) {
		switch pf.Name {
		case "nodes":
			if !asksLight(op, pf.Selections, model.Labels) {
				return false
			}
		case "steps":
			for _, sf := range graphql.CollectFields(op, pf.Selections, []string{"PathStep"}) {
				if (sf.Name == "from" || sf.Name == "to") && !asksLight(op, sf.Selections, model.Labels) {
					return false
				}
			}
		}
	}
	return true
}

func (r *Resolver) similarInitiatives(ctx context.Context, id string, first *int) ([]*model.SimilarInitiative, error) {
	n := intOr(first, 5)
	if n < 1 || n > maxSimilar {
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxSimilar, n)
	}
	ix, err := r.similarityIndex(ctx)
	if err != nil {
		return nil, err
	}
	similar, ok := ix.Similar(id, n)
	if !ok {
		return nil, model.Errorf(model.ENOTFOUND, "Initiative %q not found.", id)
	}
	return similar, nil
}

func (r *Resolver) initiativeFamily(ctx context.Context, id string) ([]*model.FamilyMember, error) {
	ix, err := r.similarityIndex(ctx)
	if err != nil {
		return nil, err
	}
	family, ok := ix.Family(id)
	if !ok {
		return nil, model.Errorf(model.ENOTFOUND, "Initiative %q not found.", id)
	}
	return family, nil
}

// initiative loads an initiative by id (nil when the id is another kind of entity).
func (r *Resolver) initiative(ctx context.Context, id string) (*model.Initiative, error) {
	e, err := r.entity(ctx, id)
	if err != nil {
		return nil, err
	}
	i, _ := e.(*model.Initiative)
	return i, nil
}

// similarityCache keeps the similarity index of the graph version it was built from: reading
// and indexing every initiative costs seconds on a large graph, checking the version one small
// query. Its zero value is an empty cache, so a Resolver literal needs no set-up.
type similarityCache struct{ built[*analysis.Index] }

// name returns the name of an initiative in the cached index's version; false when nothing
// is cached (a graph Seed did not write) or the id is not an initiative of it.
func (c *similarityCache) name(id string) (string, bool) {
	ix, ok := c.current()
	if !ok {
		return "", false
	}
	return ix.Name(id)
}

func (r *Resolver) similarityIndex(ctx context.Context) (*analysis.Index, error) {
	return r.similar.get(ctx, r.Store.Version, "similarity index", func(ctx context.Context) (string, *analysis.Index, error) {
		version, features, names, err := r.Store.InitiativeFeatures(ctx)
		if err != nil {
			return "", nil, err
		}
		return version, analysis.NewIndex(features, names), nil
	})
}

// similarInitiative returns an initiative of a similarity answer. When its selection reads
// nothing but id and name, which the similarity index already holds, it is built from the
// index without a statement; otherwise it is loaded.
func (r *Resolver) similarInitiative(ctx context.Context, id string) (*model.Initiative, error) {
	if asksOnlyIDAndName(ctx, model.LabelInitiative) {
		if name, ok := r.similar.name(id); ok {
			return &model.Initiative{Common: model.Common{ID: id, Label: model.LabelInitiative, Name: name}}, nil
		}
	}
	return r.initiative(ctx, id)
}

// asksOnlyIDAndName reports whether the field being resolved selects nothing of an entity of
// label but id, name and __typename.
func asksOnlyIDAndName(ctx context.Context, label string) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(fc.Field.Selections) == 0 {
		return false
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, []string{label, "Node", "Entity"}) {
		if f.Name != "id" && f.Name != "name" && f.Name != "__typename" {
			return false
		}
	}
	return true
}

// brokerSkip are labels left out of the centrality graph: every initiative is about some theme
// and named in some document, so through them everything would be one step from everything.
var brokerSkip = map[string]bool{model.LabelTheme: true, model.LabelDocument: true}

func (r *Resolver) brokers(ctx context.Context, types []model.NodeType, first *int) ([]*model.Broker, error) {
	n := intOr(first, defaultBrokerCut)
	if n < 1 || n > maxPage {
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxPage, n)
	}
	want := map[string]bool{model.LabelPerson: true, model.LabelOrganisation: true}
	if len(types) > 0 {
		want = map[string]bool{}
		for _, l := range labelsOf(types) {
			want[l] = true
		}
	}
	sk, err := r.Store.Skeleton(ctx)
	if err != nil {
		return nil, err
	}
	edges := make([][2]string, len(sk.Edges))
	bridges := map[string][]string{}
	for i, e := range sk.Edges {
		edges[i] = [2]string{e.From, e.To}
		for _, p := range [][2]string{{e.From, e.To}, {e.To, e.From}} {
			if l := sk.Labels[p[1]]; l == model.LabelRegion || l == model.LabelInitiative {
				bridges[p[0]] = appendUnique(bridges[p[0]], p[1])
			}
		}
	}
	var out []*model.Broker
	for _, c := range analysis.Betweenness(sk.Labels, edges, brokerSkip) {
		if !want[sk.Labels[c.ID]] || c.Score == 0 {
			continue
		}
		out = append(out, &model.Broker{NodeID: c.ID, Score: c.Score, BridgeIDs: nonNil(bridges[c.ID])})
		if len(out) == n {
			break
		}
	}
	return out, nil
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func stringOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}
