package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

const (
	learningNodesQuery = `MATCH (n:Node) WHERE NOT n:Document
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, n.name AS name,
       coalesce(n.aliases, []) AS aliases, coalesce(n.targetGroups, []) AS targetGroups,
       coalesce(n.quotes, []) AS quotes, coalesce(n.quoteOffsets, []) AS offsets, n.sourceDocument AS document
ORDER BY id`
	documentDatesQuery = `MATCH (d:Document) RETURN d.id AS id, coalesce(d.date, '') AS date`
)

// learningRelationsQuery reads every curated relationship. It names their types (the
// vocabulary's relation types): a pattern without them would step over every MENTIONED_IN
// too, 1.6 million of them on the L network against 0.8 million curated ones.
var learningRelationsQuery = fmt.Sprintf(`MATCH (a:Node)-[r:%s]->(b:Node)
RETURN r.id AS id, type(r) AS type, a.id AS source, b.id AS target, coalesce(r.role, '') AS role,
       r.quote AS quote, r.document AS document, r.offset AS offset
ORDER BY id`, strings.Join(slices.Sorted(maps.Keys(model.RelationRules)), "|"))

// LearningGraph returns the curated graph with its evidence and the documents' dates, and
// the graph's version, read before the graph. Whether a caller needs to read it again is its
// own check (graph.built).
func (s *Store) LearningGraph(ctx context.Context) (string, *model.LearningGraph, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return "", nil, err
	}
	g := &model.LearningGraph{DocumentDates: map[string]string{}}
	res, err := s.read(ctx, "learning graph nodes", learningNodesQuery, nil)
	if err != nil {
		return "", nil, err
	}
	g.Nodes = make([]model.GraphNode, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		n := model.GraphNode{ID: str(m, "id"), Label: str(m, "label"), Name: str(m, "name"), Aliases: strs(m, "aliases"),
			TargetGroups: strs(m, "targetGroups"), Document: str(m, "document")}
		offsets := ints(m, "offsets")
		for i, q := range strs(m, "quotes") {
			off := 0
			if i < len(offsets) {
				off = offsets[i]
			}
			n.Evidence = append(n.Evidence, model.Evidence{Quote: q, DocumentID: n.Document, Offset: off})
		}
		g.Nodes = append(g.Nodes, n)
	}
	res, err = s.read(ctx, "learning graph relations", learningRelationsQuery, nil)
	if err != nil {
		return "", nil, err
	}
	g.Relations = make([]model.GraphRelation, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		g.Relations = append(g.Relations, model.GraphRelation{ID: str(m, "id"), Type: str(m, "type"),
			From: str(m, "source"), To: str(m, "target"), Role: str(m, "role"),
			Evidence: model.Evidence{Quote: str(m, "quote"), DocumentID: str(m, "document"), Offset: num(m, "offset")}})
	}
	res, err = s.read(ctx, "document dates", documentDatesQuery, nil)
	if err != nil {
		return "", nil, err
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		g.DocumentDates[str(m, "id")] = str(m, "date")
	}
	return version, g, nil
}
