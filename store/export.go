package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// exportNodesTemplate reads every node of one label (%s, from model.Labels) in id order
// (the label's id index gives the order), without the document text and the search and
// bookkeeping properties derived from others.
const exportNodesTemplate = `MATCH (n:%s)
RETURN n {.*, text: null, quoteText: null, aliasText: null, seedHash: null, seedOutHash: null} AS props
ORDER BY n.id`

const exportRelationsQuery = `MATCH (a:Node)-[r]->(b:Node) WHERE NOT r:MENTIONED_IN
RETURN r.id AS id, type(r) AS type, a.id AS source, b.id AS target, coalesce(r.role, '') AS role,
       r.quote AS quote, r.document AS document, r.offset AS offset`

// exportFetchSize is how many records the driver holds at a time while streaming.
const exportFetchSize = 500

// ExportNodes calls fn for every node of label, in id order, streaming: only a batch of
// records is held at a time, so memory does not grow with the graph. It stops at fn's first
// error and returns it. BAD_USER_INPUT when label is not a node label.
func (s *Store) ExportNodes(ctx context.Context, label string, fn func(model.ExportNode) error) error {
	if !slices.Contains(model.Labels, label) {
		return model.Errorf(model.EINVALID, "%q is not a node label.", label)
	}
	return s.stream(ctx, "export nodes", fmt.Sprintf(exportNodesTemplate, label), nil, func(rec *neo4j.Record) error {
		props, _, err := neo4j.GetRecordValue[map[string]any](rec, "props")
		if err != nil {
			return fmt.Errorf("export nodes: %w", err)
		}
		for k, v := range props {
			if v == nil {
				delete(props, k)
			}
		}
		return fn(model.ExportNode{ID: str(props, "id"), Label: label, Props: props})
	})
}

// ExportRelations calls fn for every curated relationship (mentions left out), streaming as
// ExportNodes does.
func (s *Store) ExportRelations(ctx context.Context, fn func(model.GraphRelation) error) error {
	return s.stream(ctx, "export relations", exportRelationsQuery, nil, func(rec *neo4j.Record) error {
		m := rec.AsMap()
		return fn(model.GraphRelation{ID: str(m, "id"), Type: str(m, "type"), From: str(m, "source"), To: str(m, "target"),
			Role: str(m, "role"), Evidence: model.Evidence{Quote: str(m, "quote"), DocumentID: str(m, "document"), Offset: num(m, "offset")}})
	})
}

// stream runs a read query in an auto-commit transaction and hands each record to fn as it
// arrives. It does not retry: fn's effects (bytes already written) cannot be taken back.
func (s *Store) stream(ctx context.Context, op, cypher string, params map[string]any, fn func(*neo4j.Record) error) error {
	countQuery(ctx)
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead, FetchSize: exportFetchSize})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, params)
	if err != nil {
		return classify(ctx, op, err)
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	if err := res.Err(); err != nil {
		return classify(ctx, op, err)
	}
	return nil
}
