package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/passage"
)

// Mentions are stored as one MENTIONED_IN relationship per entity and document, holding the
// rune offset and length of every occurrence in the lists offsets and lengths (seed format 2).
// Neither a mention's text nor its snippet is stored: each query below cuts the text from the
// document's text and returns a window of it around the occurrence (substring counts code
// points in Cypher, as offsets do), and mentionsOf cuts the snippet from the window by the
// rule the loader used to apply (package passage). A relationship of format 1 (one per
// occurrence: offset, text) reads as a list of one, so a new server answers from an old graph
// until the next load rewrites it.

const mentionsQuery = `UNWIND $ids AS id
MATCH (:Node {id: id})-[m:MENTIONED_IN]->(d:Document)
WITH id, d.id AS document, d.text AS doc, size(d.text) AS len,
     coalesce(m.offsets, [m.offset]) AS offsets, coalesce(m.lengths, [size(m.text)]) AS lengths
UNWIND range(0, size(offsets) - 1) AS i
WITH id, document, doc, len, offsets[i] AS offset, lengths[i] AS length
WITH id, document, doc, len, offset, length, CASE WHEN offset > $reach THEN offset - $reach ELSE 0 END AS from
RETURN id, document, offset, substring(doc, offset, length) AS text, len, from,
       substring(doc, from, offset + length + $reach - from) AS window
ORDER BY id, document, offset`

// Mentions returns where the documents name each entity, keyed by entity id, by document and
// offset.
func (s *Store) Mentions(ctx context.Context, ids []string) (map[string][]*model.Mention, error) {
	res, err := s.read(ctx, "mentions", mentionsQuery, map[string]any{"ids": ids, "reach": passage.Reach})
	if err != nil {
		return nil, err
	}
	return mentionsOf(res, "document")
}

// The document's text is read once per document, not once per mention.
const mentionsInQuery = `UNWIND $ids AS id
MATCH (d:Document {id: id})
WITH id, d, d.text AS doc, size(d.text) AS len
MATCH (n:Node)-[m:MENTIONED_IN]->(d)
WITH id, n.id AS node, doc, len,
     coalesce(m.offsets, [m.offset]) AS offsets, coalesce(m.lengths, [size(m.text)]) AS lengths
UNWIND range(0, size(offsets) - 1) AS i
WITH id, node, doc, len, offsets[i] AS offset, lengths[i] AS length
WITH id, node, doc, len, offset, length, CASE WHEN offset > $reach THEN offset - $reach ELSE 0 END AS from
RETURN id, node, offset, substring(doc, offset, length) AS text, len, from,
       substring(doc, from, offset + length + $reach - from) AS window
ORDER BY id, offset, node`

// MentionsIn returns every mention in each document, keyed by document id, in text order.
func (s *Store) MentionsIn(ctx context.Context, docIDs []string) (map[string][]*model.Mention, error) {
	res, err := s.read(ctx, "mentions in documents", mentionsInQuery, map[string]any{"ids": docIDs, "reach": passage.Reach})
	if err != nil {
		return nil, err
	}
	return mentionsOf(res, "node")
}

// mentionsOf groups mention rows by their id column and cuts each snippet from its window;
// other names the column of the far end: "document" when the ids are entities, "node" when
// they are documents.
func mentionsOf(res *neo4j.EagerResult, other string) (map[string][]*model.Mention, error) {
	out := map[string][]*model.Mention{}
	for _, rec := range res.Records {
		m := rec.AsMap()
		k := str(m, "id")
		if k == "" {
			return nil, fmt.Errorf("mentions: row without id")
		}
		mention := &model.Mention{Offset: num(m, "offset"), Text: str(m, "text")}
		start := mention.Offset
		end := start + len([]rune(mention.Text))
		mention.Snippet = passage.Around([]rune(str(m, "window")), num(m, "from"), num(m, "len"), start, end)
		if other == "node" {
			mention.NodeID, mention.DocumentID = str(m, "node"), k
		} else {
			mention.NodeID, mention.DocumentID = k, str(m, "document")
		}
		out[k] = append(out[k], mention)
	}
	return out, nil
}

// mentionOccurrencesQuery counts occurrences, not relationships: a relationship holds every
// occurrence of one entity in one document (a format-1 one holds one).
const mentionOccurrencesQuery = `MATCH (:Node)-[m:MENTIONED_IN]->(:Node)
RETURN sum(size(coalesce(m.offsets, [m.offset]))) AS count`

// mentionOccurrences returns how many times the documents name an entity, in all.
func (s *Store) mentionOccurrences(ctx context.Context) (int, error) {
	res, err := s.read(ctx, "stats", mentionOccurrencesQuery, nil)
	if err != nil {
		return 0, err
	}
	if len(res.Records) == 0 {
		return 0, nil
	}
	return num(res.Records[0].AsMap(), "count"), nil
}
