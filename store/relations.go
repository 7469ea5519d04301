package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// relationsQuery returns, for each node, the relationships matching any (type, direction)
// pair, to nodes with any of the labels. The document text is left out of the far node: a
// relation list never shows it and it is the largest property in the graph.
const relationsQuery = `UNWIND $ids AS id
MATCH (n:Node {id: id})-[r:$any($types)]-(m:Node)
WITH id, r, m, CASE WHEN startNode(r) = m AND endNode(r) = m THEN 'OUT'
                    WHEN startNode(r).id = id THEN 'OUT' ELSE 'IN' END AS dir
WHERE any(p IN $pairs WHERE p.type = type(r) AND (p.dir = 'BOTH' OR p.dir = dir))
  AND (size($labels) = 0 OR any(l IN labels(m) WHERE l IN $labels))
RETURN id, type(r) AS type, dir, r.id AS rid, r.role AS role, r.quote AS quote,
       r.document AS document, r.offset AS offset, labels(m) AS labels, m {.*, text: null} AS props
ORDER BY id, type, props.name, props.id`

// Relations returns the relations q selects of each node, keyed by node id, ordered by type
// and the far node's name.
func (s *Store) Relations(ctx context.Context, q model.RelQuery, ids []string) (map[string][]*model.RelationEdge, error) {
	types := map[string]bool{}
	pairs := make([]map[string]any, len(q.Pairs))
	for i, p := range q.Pairs {
		pairs[i] = map[string]any{"type": p.Type, "dir": p.Dir}
		types[p.Type] = true
	}
	typeList := make([]string, 0, len(types))
	for t := range types {
		typeList = append(typeList, t)
	}
	labels := q.Labels
	if labels == nil {
		labels = []string{}
	}
	res, err := s.read(ctx, "relations", relationsQuery, map[string]any{
		"ids": ids, "types": typeList, "pairs": pairs, "labels": labels,
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*model.RelationEdge, len(ids))
	for _, rec := range res.Records {
		m := rec.AsMap()
		id, _ := m["id"].(string)
		out[id] = append(out[id], edgeOf(m))
	}
	return out, nil
}

func edgeOf(m map[string]any) *model.RelationEdge {
	props, _ := m["props"].(map[string]any)
	labels := strs(m, "labels")
	e := &model.RelationEdge{
		ID:        str(m, "rid"),
		Node:      entityOf(labels, props),
		Type:      model.RelationType(str(m, "type")),
		Direction: model.Direction(str(m, "dir")),
		Role:      strPtr(m, "role"),
		Evidence:  &model.Evidence{Quote: str(m, "quote"), DocumentID: str(m, "document"), Offset: num(m, "offset")},
	}
	return e
}

const mentionsQuery = `UNWIND $ids AS id
MATCH (n:Node {id: id})-[m:MENTIONED_IN]->(d:Document)
RETURN id, d.id AS document, m.offset AS offset, m.text AS text, m.snippet AS snippet
ORDER BY id, document, offset`

// Mentions returns where the documents name each entity, keyed by entity id.
func (s *Store) Mentions(ctx context.Context, ids []string) (map[string][]*model.Mention, error) {
	res, err := s.read(ctx, "mentions", mentionsQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	return mentionsOf(res, "document")
}

const mentionsInQuery = `UNWIND $ids AS id
MATCH (n:Node)-[m:MENTIONED_IN]->(d:Document {id: id})
RETURN id, n.id AS node, m.offset AS offset, m.text AS text, m.snippet AS snippet
ORDER BY id, offset, node`

// MentionsIn returns every mention in each document, keyed by document id, in text order.
func (s *Store) MentionsIn(ctx context.Context, docIDs []string) (map[string][]*model.Mention, error) {
	res, err := s.read(ctx, "mentions in documents", mentionsInQuery, map[string]any{"ids": docIDs})
	if err != nil {
		return nil, err
	}
	return mentionsOf(res, "node")
}

// mentionsOf groups mention rows by their id column; other names the column of the far end:
// "document" when the ids are entities, "node" when they are documents.
func mentionsOf(res *neo4j.EagerResult, other string) (map[string][]*model.Mention, error) {
	out := map[string][]*model.Mention{}
	for _, rec := range res.Records {
		m := rec.AsMap()
		k := str(m, "id")
		if k == "" {
			return nil, fmt.Errorf("mentions: row without id")
		}
		mention := &model.Mention{Offset: num(m, "offset"), Text: str(m, "text"), Snippet: str(m, "snippet")}
		if other == "node" {
			mention.NodeID, mention.DocumentID = str(m, "node"), k
		} else {
			mention.NodeID, mention.DocumentID = k, str(m, "document")
		}
		out[k] = append(out[k], mention)
	}
	return out, nil
}
