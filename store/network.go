package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/metandereogen/maograph/graph/model"
)

// networkFocusStep is one breadth-first step of networkFocusTemplate, from the frontier over
// the types in %[1]s (written literally, so that each node follows only those relationships'
// chains instead of expanding all of them and filtering). A step starts only while fewer
// than $limit relationships are found; the relationships and nodes it reaches are added to
// what earlier steps found, each once, and the nodes not seen before are the next frontier.
const networkFocusStep = `CALL (seen, frontier, rels) {
  UNWIND CASE WHEN size(rels) < $limit THEN frontier ELSE [] END AS n
  MATCH (n)-[r:%[1]s]-(m:Node)
  WHERE (size($labels) = 0 OR any(l IN labels(m) WHERE l IN $labels)) AND ($docs IS NULL OR r.document IN $docs)
  RETURN collect(DISTINCT r) AS found, collect(DISTINCT m) AS reached
}
WITH f, seen, rels + [r IN found WHERE NOT r IN rels] AS rels, [m IN reached WHERE NOT m IN seen] AS frontier
WITH f, seen + frontier AS seen, frontier, rels
`

// networkFocusTemplate answers a network around a focus in one statement: the focus, %[1]s
// steps of networkFocusStep, and every node reached with its properties, or with its id and
// name only when $light (what a picture of names needs); each relationship with its role and
// evidence, or only its id, ends and type when $bare. No row means no focus.
const networkFocusTemplate = `MATCH (f:Node {id: $focus})
WITH f, [f] AS seen, [f] AS frontier, [] AS rels
%[1]sRETURN [n IN seen | {labels: labels(n), props: CASE WHEN $light THEN n {.id, .name} ELSE properties(n) END}] AS nodes,
       [r IN rels | CASE WHEN $bare THEN {rid: r.id, source: startNode(r).id, target: endNode(r).id, type: type(r)}
         ELSE {rid: r.id, source: startNode(r).id, target: endNode(r).id, type: type(r),
           role: r.role, quote: r.quote, document: r.document, offset: r.offset} END] AS edges`

// networkAllTemplate returns every relationship of the types in %s (the whole learning network).
const networkAllTemplate = `MATCH (a:Node)-[r:%s]->(b:Node)
WHERE (size($labels) = 0 OR (any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)))
  AND ($docs IS NULL OR r.document IN $docs)
RETURN r.id AS rid, a.id AS source, b.id AS target, type(r) AS type,
       r.role AS role, r.quote AS quote, r.document AS document, r.offset AS offset, null AS mid
ORDER BY rid
LIMIT $limit`

var networkQueries sync.Map // kind + types -> query text

// networkQueryFor returns a network query for relationship types, each checked against the
// vocabulary, so that nothing a request sends becomes query text: every relationship of the
// types (depth 0), or the steps around a focus (depth 1 or more).
func networkQueryFor(types []string, depth int) (string, error) {
	if len(types) == 0 {
		return "", model.Errorf(model.EINVALID, "a network needs at least one relation type.")
	}
	sorted := slices.Sorted(slices.Values(types))
	key := strconv.Itoa(depth) + " " + strings.Join(sorted, "|")
	if q, ok := networkQueries.Load(key); ok {
		return q.(string), nil
	}
	for _, t := range sorted {
		if _, ok := model.RelationRules[t]; !ok {
			return "", model.Errorf(model.EINVALID, "%q is not a relation type.", t)
		}
	}
	joined := strings.Join(slices.Compact(sorted), "|")
	q := fmt.Sprintf(networkAllTemplate, joined)
	if depth > 0 {
		q = fmt.Sprintf(networkFocusTemplate, strings.Repeat(fmt.Sprintf(networkFocusStep, joined), depth))
	}
	networkQueries.Store(key, q)
	return q, nil
}

// maxNetworkEdges bounds a picture: more edges than this cannot be read on a screen.
const maxNetworkEdges = 2000

// Network returns the relations of the given types within depth steps of focus, or all of
// them when focus is nil; with asOf (yyyy-mm-dd, "" for none) only relations stated by
// documents dated on or before it. Around a focus it is one statement, steps and nodes
// included (one more for the documents with asOf); the whole network costs two (relations,
// then their nodes). Around a focus, read says what is read of the nodes and relations. It
// returns ENOTFOUND when the focus does not exist.
func (s *Store) Network(ctx context.Context, focus *string, depth int, labels, types []string, asOf string, read model.NetworkRead) (*model.Network, error) {
	if labels == nil {
		labels = []string{}
	}
	if focus != nil && depth < 1 {
		return nil, model.Errorf(model.EINVALID, "depth must be at least 1, got %d.", depth)
	}
	d := 0
	if focus != nil {
		d = depth
	}
	q, err := networkQueryFor(types, d)
	if err != nil {
		return nil, err
	}
	docs, err := s.documentsAsOf(ctx, asOf)
	if err != nil {
		return nil, err
	}
	net := &model.Network{Nodes: []model.Entity{}, Edges: []*model.NetworkEdge{}}
	edgeOf := func(m map[string]any) *model.NetworkEdge {
		return &model.NetworkEdge{
			ID: str(m, "rid"), Source: str(m, "source"), Target: str(m, "target"),
			Type: model.RelationType(str(m, "type")), Role: strPtr(m, "role"),
			Evidence: &model.Evidence{Quote: str(m, "quote"), DocumentID: str(m, "document"), Offset: num(m, "offset"), Backs: str(m, "rid")},
		}
	}
	if focus != nil {
		res, err := s.read(ctx, "network", q, map[string]any{"focus": *focus, "labels": labels, "limit": maxNetworkEdges, "docs": docsParam(docs), "light": read.LightNodes, "bare": read.BareEdges})
		if err != nil {
			return nil, err
		}
		if len(res.Records) == 0 {
			return nil, model.Errorf(model.ENOTFOUND, "Node %q not found.", *focus)
		}
		m := res.Records[0].AsMap()
		rawEdges, _ := m["edges"].([]any)
		if docs != nil && len(rawEdges) == 0 {
			// Nothing stated by then: not even the focus is part of the picture.
			return net, nil
		}
		for _, re := range rawEdges {
			em, _ := re.(map[string]any)
			net.Edges = append(net.Edges, edgeOf(em))
		}
		rawNodes, _ := m["nodes"].([]any)
		for _, rn := range rawNodes {
			nm, _ := rn.(map[string]any)
			props, _ := nm["props"].(map[string]any)
			net.Nodes = append(net.Nodes, entityOf(strs(nm, "labels"), props))
		}
		sort.Slice(net.Nodes, func(i, j int) bool { return net.Nodes[i].GetID() < net.Nodes[j].GetID() })
		sort.Slice(net.Edges, func(i, j int) bool { return net.Edges[i].ID < net.Edges[j].ID })
		return net, nil
	}
	res, err := s.read(ctx, "network", q, map[string]any{"labels": labels, "limit": maxNetworkEdges, "docs": docsParam(docs)})
	if err != nil {
		return nil, err
	}
	nodeIDs := map[string]bool{}
	for _, rec := range res.Records {
		e := edgeOf(rec.AsMap())
		net.Edges = append(net.Edges, e)
		nodeIDs[e.Source], nodeIDs[e.Target] = true, true
	}
	if len(net.Edges) == 0 {
		return net, nil
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
	for _, id := range ids {
		if e, ok := nodes[id]; ok {
			net.Nodes = append(net.Nodes, e)
		}
	}
	sort.Slice(net.Edges, func(i, j int) bool { return net.Edges[i].ID < net.Edges[j].ID })
	return net, nil
}

// pathsTemplate finds the shortest paths over curated relations (mentions would connect
// everything named in the same document). %s is every curated type, written literally from
// the vocabulary, so that the search never expands a mention at all (rather than expanding
// and discarding them: at size L they outnumber the curated relations). The bound 6 is the
// API's maximum; shorter limits are applied as a filter.
const pathsTemplate = `OPTIONAL MATCH (a:Node {id: $from})
OPTIONAL MATCH (b:Node {id: $to})
CALL (a, b) {
  MATCH p = allShortestPaths((a)-[:%s*..6]-(b))
  WHERE length(p) <= $maxLength AND ($docs IS NULL OR all(r IN relationships(p) WHERE r.document IN $docs))
  WITH p LIMIT $first
  RETURN collect({
    ns: [n IN nodes(p) | {labels: labels(n), props: CASE WHEN $light THEN n {.id, .name} ELSE n {.*, text: null} END}],
    rs: [r IN relationships(p) | {rid: r.id, type: type(r), source: startNode(r).id, role: r.role,
      quote: r.quote, document: r.document, offset: r.offset}]}) AS paths
}
RETURN a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo, paths`

var pathsQuery = func() string {
	types := make([]string, 0, len(model.RelationRules))
	for t := range model.RelationRules {
		types = append(types, t)
	}
	sort.Strings(types)
	return fmt.Sprintf(pathsTemplate, strings.Join(types, "|"))
}()

// Paths returns the shortest paths between two entities with the evidence of every step;
// with asOf (yyyy-mm-dd, "" for none) over relations stated by documents dated on or before it.
// With read.LightNodes, the entities along them are read for their id and name only.
func (s *Store) Paths(ctx context.Context, from, to string, maxLength, first int, asOf string, read model.NetworkRead) ([]*model.Path, error) {
	docs, err := s.documentsAsOf(ctx, asOf)
	if err != nil {
		return nil, err
	}
	res, err := s.read(ctx, "paths", pathsQuery, map[string]any{"from": from, "to": to, "maxLength": maxLength, "first": first, "docs": docsParam(docs), "light": read.LightNodes})
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, fmt.Errorf("paths: %d rows, want 1", len(res.Records))
	}
	row := res.Records[0].AsMap()
	for _, end := range []struct {
		key, id string
	}{{"hasFrom", from}, {"hasTo", to}} {
		if ok, _ := row[end.key].(bool); !ok {
			return nil, model.Errorf(model.ENOTFOUND, "Node %q not found.", end.id)
		}
	}
	found, _ := row["paths"].([]any)
	paths := make([]*model.Path, 0, len(found))
	for _, raw := range found {
		m, _ := raw.(map[string]any)
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
       COLLECT { MATCH (i)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..6]->(r:Region) RETURN DISTINCT r.id } AS regions,
       COLLECT { MATCH (i)<-[:PART_OF*1..3]-(p:Initiative) RETURN DISTINCT p.id } AS parts,
       COLLECT { MATCH (i)-[:PART_OF*1..3]->(w:Initiative) RETURN DISTINCT w.id } AS wholes,
       COLLECT { MATCH (i)-[:PART_OF]->(w:Initiative|Programme) RETURN DISTINCT w.id } AS parents,
       COLLECT { MATCH (i)-[:LEARNS_FROM|INSPIRES]-(o:Initiative)
                 WHERE o <> i AND EXISTS { MATCH (i)<-[:LEADS|COORDINATES]-()-[:LEADS|COORDINATES]->(o) }
                 RETURN DISTINCT o.id } AS lineage
ORDER BY id`

// featureNamesQuery reads the names similarity refers to (bouwstenen, themes, regions) and
// the names of people and organisations, whose words are never a reason (see analysis).
const featureNamesQuery = `MATCH (n:Bouwsteen|Theme|Region|Person|Organisation) RETURN n.id AS id, n.name AS name`

// InitiativeFeatures returns what similarity is computed from, for every initiative, with the
// names of the bouwstenen, themes and regions the features refer to, and the version of the
// graph (the hash of the seed it holds; "" when it was not written by Seed), read before the
// features. Whether a caller needs to read them again is its own check (graph.built).
func (s *Store) InitiativeFeatures(ctx context.Context) (string, []model.InitiativeFeatures, map[string]string, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return "", nil, nil, err
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
			Family: family(m), Parents: strs(m, "parents"),
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

// family reads an initiative's family from its features row, siblings aside (they follow from
// the parents, see model.InitiativeFeatures): each member once, by the closest tie (a part
// before a whole before a lineage).
func family(m map[string]any) []*model.FamilyMember {
	var out []*model.FamilyMember
	seen := map[string]bool{}
	for _, col := range []struct {
		key string
		tie model.FamilyTieKind
	}{{"parts", model.FamilyTieKindPart}, {"wholes", model.FamilyTieKindWhole}, {"lineage", model.FamilyTieKindLineage}} {
		for _, id := range strs(m, col.key) {
			if !seen[id] && id != str(m, "id") {
				seen[id] = true
				out = append(out, &model.FamilyMember{InitiativeID: id, Tie: col.tie})
			}
		}
	}
	return out
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

const documentsAsOfQuery = `MATCH (d:Document) WHERE d.date <= $asOf RETURN d.id AS id ORDER BY id`

// documentsAsOf returns the ids of the documents dated on or before asOf (undated documents
// are never among them), or nil (no filter) when asOf is "".
func (s *Store) documentsAsOf(ctx context.Context, asOf string) ([]string, error) {
	if asOf == "" {
		return nil, nil
	}
	res, err := s.read(ctx, "documents as of", documentsAsOfQuery, map[string]any{"asOf": asOf})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(res.Records))
	for _, rec := range res.Records {
		ids = append(ids, str(rec.AsMap(), "id"))
	}
	return ids, nil
}

// docsParam is the $docs parameter: null (no filter) for nil, since the driver sends a nil
// slice as an empty list, which would filter out everything.
func docsParam(docs []string) any {
	if docs == nil {
		return nil
	}
	return docs
}
