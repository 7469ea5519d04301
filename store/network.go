package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/metandereogen/maograph/graph/model"
)

// networkExpandTemplate takes one breadth-first step from the frontier over the types in %s,
// written literally (networkQueryFor) so that each node follows only those relationships'
// chains instead of expanding all of them and filtering.
const networkExpandTemplate = `UNWIND $frontier AS id
MATCH (n:Node {id: id})-[r:%s]-(m:Node)
WHERE size($labels) = 0 OR any(l IN labels(m) WHERE l IN $labels)
RETURN r.id AS rid, startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       r.role AS role, r.quote AS quote, r.document AS document, r.offset AS offset, m.id AS mid`

// networkAllTemplate returns every relationship of the types in %s (the whole learning network).
const networkAllTemplate = `MATCH (a:Node)-[r:%s]->(b:Node)
WHERE size($labels) = 0 OR (any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels))
RETURN r.id AS rid, a.id AS source, b.id AS target, type(r) AS type,
       r.role AS role, r.quote AS quote, r.document AS document, r.offset AS offset, null AS mid
ORDER BY rid
LIMIT $limit`

var networkQueries sync.Map // template + types -> query text

// networkQueryFor fills a network template with relationship types, each checked against the
// vocabulary, so that nothing a request sends becomes query text.
func networkQueryFor(template string, types []string) (string, error) {
	if len(types) == 0 {
		return "", model.Errorf(model.EINVALID, "a network needs at least one relation type.")
	}
	sorted := slices.Sorted(slices.Values(types))
	key := template + strings.Join(sorted, "|")
	if q, ok := networkQueries.Load(key); ok {
		return q.(string), nil
	}
	for _, t := range sorted {
		if _, ok := model.RelationRules[t]; !ok {
			return "", model.Errorf(model.EINVALID, "%q is not a relation type.", t)
		}
	}
	q := fmt.Sprintf(template, strings.Join(slices.Compact(sorted), "|"))
	networkQueries.Store(key, q)
	return q, nil
}

// maxNetworkEdges bounds a picture: more edges than this cannot be read on a screen.
const maxNetworkEdges = 2000

// Network returns the relations of the given types within depth steps of focus, or all of
// them when focus is nil. It costs depth+1 round trips: one per step and one for the nodes.
func (s *Store) Network(ctx context.Context, focus *string, depth int, labels, types []string) (*model.Network, error) {
	if labels == nil {
		labels = []string{}
	}
	edges := map[string]*model.NetworkEdge{}
	nodeIDs := map[string]bool{}
	add := func(m map[string]any) {
		e := &model.NetworkEdge{
			ID: str(m, "rid"), Source: str(m, "source"), Target: str(m, "target"),
			Type: model.RelationType(str(m, "type")), Role: strPtr(m, "role"),
			Evidence: &model.Evidence{Quote: str(m, "quote"), DocumentID: str(m, "document"), Offset: num(m, "offset"), Backs: str(m, "rid")},
		}
		edges[e.ID] = e
		nodeIDs[e.Source], nodeIDs[e.Target] = true, true
	}
	expandQuery, err := networkQueryFor(networkExpandTemplate, types)
	if err != nil {
		return nil, err
	}
	if focus == nil {
		allQuery, err := networkQueryFor(networkAllTemplate, types)
		if err != nil {
			return nil, err
		}
		res, err := s.read(ctx, "network", allQuery, map[string]any{"labels": labels, "limit": maxNetworkEdges})
		if err != nil {
			return nil, err
		}
		for _, rec := range res.Records {
			add(rec.AsMap())
		}
	} else {
		nodeIDs[*focus] = true
		frontier := []string{*focus}
		for step := 0; step < depth && len(frontier) > 0 && len(edges) < maxNetworkEdges; step++ {
			res, err := s.read(ctx, "network", expandQuery, map[string]any{"frontier": frontier, "labels": labels})
			if err != nil {
				return nil, err
			}
			var next []string
			for _, rec := range res.Records {
				m := rec.AsMap()
				if mid := str(m, "mid"); !nodeIDs[mid] {
					next = append(next, mid)
				}
				add(m)
			}
			sort.Strings(next)
			frontier = next
		}
	}
	ids := make([]string, 0, len(nodeIDs))
	for id := range nodeIDs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	nodes, err := s.NodesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	net := &model.Network{Nodes: []model.Entity{}, Edges: []*model.NetworkEdge{}}
	for _, id := range ids {
		if e, ok := nodes[id]; ok {
			net.Nodes = append(net.Nodes, e)
		}
	}
	for _, e := range edges {
		net.Edges = append(net.Edges, e)
	}
	sort.Slice(net.Edges, func(i, j int) bool { return net.Edges[i].ID < net.Edges[j].ID })
	return net, nil
}

// pathsTemplate finds the shortest paths over curated relations (mentions would connect
// everything named in the same document). %s is every curated type, written literally from
// the vocabulary, so that the search never expands a mention at all (rather than expanding
// and discarding them: at size L they outnumber the curated relations). The bound 6 is the
// API's maximum; shorter limits are applied as a filter.
const pathsTemplate = `MATCH (a:Node {id: $from}), (b:Node {id: $to})
MATCH p = allShortestPaths((a)-[:%s*..6]-(b))
WHERE length(p) <= $maxLength
RETURN [n IN nodes(p) | {labels: labels(n), props: n {.*, text: null}}] AS ns,
       [r IN relationships(p) | {rid: r.id, type: type(r), source: startNode(r).id, role: r.role,
         quote: r.quote, document: r.document, offset: r.offset}] AS rs
LIMIT $first`

var pathsQuery = func() string {
	types := make([]string, 0, len(model.RelationRules))
	for t := range model.RelationRules {
		types = append(types, t)
	}
	sort.Strings(types)
	return fmt.Sprintf(pathsTemplate, strings.Join(types, "|"))
}()

// Paths returns the shortest paths between two entities with the evidence of every step.
func (s *Store) Paths(ctx context.Context, from, to string, maxLength, first int) ([]*model.Path, error) {
	res, err := s.read(ctx, "paths", pathsQuery, map[string]any{"from": from, "to": to, "maxLength": maxLength, "first": first})
	if err != nil {
		return nil, err
	}
	paths := make([]*model.Path, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		rawNodes, _ := m["ns"].([]any)
		rawRels, _ := m["rs"].([]any)
		p := &model.Path{Length: len(rawRels)}
		for _, rn := range rawNodes {
			nm, _ := rn.(map[string]any)
			props, _ := nm["props"].(map[string]any)
			p.Nodes = append(p.Nodes, entityOf(strs(nm, "labels"), props))
		}
		if len(p.Nodes) != len(rawRels)+1 {
			return nil, fmt.Errorf("paths: %d nodes for %d steps", len(p.Nodes), len(rawRels))
		}
		for i, rr := range rawRels {
			rm, _ := rr.(map[string]any)
			from := p.Nodes[i]
			p.Steps = append(p.Steps, &model.PathStep{
				From: from, To: p.Nodes[i+1], Type: model.RelationType(str(rm, "type")),
				Forward: str(rm, "source") == from.GetID(), Role: strPtr(rm, "role"),
				Evidence: &model.Evidence{Quote: str(rm, "quote"), DocumentID: str(rm, "document"), Offset: num(rm, "offset"), Backs: str(rm, "rid")},
			})
		}
		paths = append(paths, p)
	}
	return paths, nil
}

const initiativeFeaturesQuery = `MATCH (i:Initiative)
RETURN i.id AS id, i.name AS name, coalesce(i.targetGroups, []) AS targetGroups,
       coalesce(i.description, '') + ' ' + coalesce(i.quoteText, '') AS text,
       COLLECT { MATCH (i)-[:EMBODIES]->(b:Bouwsteen) RETURN DISTINCT b.id } AS bouwstenen,
       COLLECT { MATCH (i)-[:ABOUT]->(t:Theme) RETURN DISTINCT t.id } AS themes,
       COLLECT { MATCH (i)<-[:PARTNER_IN|LEADS|COORDINATES]-(o:Organisation) RETURN DISTINCT o.sector } AS sectors,
       COLLECT { MATCH (i)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(r:Region) RETURN DISTINCT r.id } AS regions
ORDER BY id`

const featureNamesQuery = `MATCH (n:Bouwsteen|Theme|Region) RETURN n.id AS id, n.name AS name`

// InitiativeFeatures returns what similarity is computed from, for every initiative, with the
// names of the bouwstenen, themes and regions the features refer to, and the version of the
// graph (the hash of the seed it holds; "" when it was not written by Seed). When the graph is
// still at version since, it returns the version alone: one small query instead of reading
// every initiative, so that callers can keep what they built from the features.
func (s *Store) InitiativeFeatures(ctx context.Context, since string) (string, []model.InitiativeFeatures, map[string]string, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return "", nil, nil, err
	}
	if version != "" && version == since {
		return version, nil, nil, nil
	}
	res, err := s.read(ctx, "initiative features", initiativeFeaturesQuery, nil)
	if err != nil {
		return "", nil, nil, err
	}
	out := make([]model.InitiativeFeatures, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		out = append(out, model.InitiativeFeatures{
			ID: str(m, "id"), Name: str(m, "name"), TargetGroups: strs(m, "targetGroups"), Text: str(m, "text"),
			Bouwstenen: strs(m, "bouwstenen"), Themes: strs(m, "themes"), Sectors: strs(m, "sectors"), Regions: strs(m, "regions"),
		})
	}
	res, err = s.read(ctx, "feature names", featureNamesQuery, nil)
	if err != nil {
		return "", nil, nil, err
	}
	names := make(map[string]string, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		names[str(m, "id")] = str(m, "name")
	}
	return version, out, names, nil
}

const (
	skeletonNodesQuery = `MATCH (n:Node) RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label`
	skeletonEdgesQuery = `MATCH (a:Node)-[r]->(b:Node) WHERE NOT r:MENTIONED_IN RETURN a.id AS a, b.id AS b`
)

// Skeleton returns the curated graph without properties, for graph algorithms.
func (s *Store) Skeleton(ctx context.Context) (*model.Skeleton, error) {
	res, err := s.read(ctx, "skeleton nodes", skeletonNodesQuery, nil)
	if err != nil {
		return nil, err
	}
	sk := &model.Skeleton{Labels: make(map[string]string, len(res.Records))}
	for _, rec := range res.Records {
		m := rec.AsMap()
		sk.Labels[str(m, "id")] = str(m, "label")
	}
	res, err = s.read(ctx, "skeleton edges", skeletonEdgesQuery, nil)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		sk.Edges = append(sk.Edges, model.GraphEdge{From: str(m, "a"), To: str(m, "b")})
	}
	return sk, nil
}
