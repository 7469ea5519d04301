package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// Store implements graph.Store.

const nodesByIDsQuery = `UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN n`

// NodesByIDs returns the entities with these ids, keyed by id; missing ids are absent.
func (s *Store) NodesByIDs(ctx context.Context, ids []string) (map[string]model.Entity, error) {
	res, err := s.read(ctx, "nodes by ids", nodesByIDsQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]model.Entity, len(res.Records))
	for _, rec := range res.Records {
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "n")
		if err != nil {
			return nil, fmt.Errorf("nodes by ids: %w", err)
		}
		e := entityOf(n.Labels, n.Props)
		out[e.GetID()] = e
	}
	return out, nil
}

// entityOf builds the typed entity for a node's labels and properties.
func entityOf(labels []string, p map[string]any) model.Entity {
	c := model.Common{
		ID:             str(p, "id"),
		Name:           str(p, "name"),
		Aliases:        strs(p, "aliases"),
		Description:    strPtr(p, "description"),
		Quotes:         strs(p, "quotes"),
		QuoteOffsets:   ints(p, "quoteOffsets"),
		SourceDocument: str(p, "sourceDocument"),
		MentionCount:   num(p, "mentionCount"),
		Facts:          factsOf(p),
	}
	for _, l := range labels {
		e := model.NewEntity(l, c)
		if e == nil {
			continue // Node, or a label outside the vocabulary
		}
		switch e := e.(type) { // each type's own fields; Theme, Programme, MeetingFormat have none
		case *model.Region:
			e.Kind = str(p, "kind")
		case *model.Initiative:
			e.Kind, e.TargetGroups = str(p, "kind"), strs(p, "targetGroups")
		case *model.Organisation:
			e.Sector = str(p, "sector")
		case *model.Person:
			e.Functions = strs(p, "functions")
		case *model.Bouwsteen:
			e.Series, e.Number = str(p, "series"), num(p, "number")
		case *model.Event:
			e.Kind, e.Date, e.Place = str(p, "kind"), str(p, "date"), strPtr(p, "place")
			e.Planned, _ = p["planned"].(bool)
		case *model.Publication:
			e.Kind = str(p, "kind")
		case *model.Document:
			e.Title, e.Kind, e.Date, e.File, e.Text = str(p, "title"), str(p, "kind"), strPtr(p, "date"), str(p, "file"), str(p, "text")
		}
		return e
	}
	// A node without a known label cannot be written by Seed; show it as a theme-less entity
	// rather than failing the whole request.
	c.Label = model.LabelTheme
	return &model.Theme{Common: c}
}

// fieldProps are the properties entityOf reads for each field an entity answers itself, so
// that a request asking few of them reads only those (propsOf). A field not listed here reads
// the whole node.
var fieldProps = map[string][]string{
	"__typename": nil, "id": {"id"}, "name": {"name"}, "aliases": {"aliases"}, "description": {"description"},
	"evidence": {"quotes", "quoteOffsets", "sourceDocument"}, "mentionCount": {"mentionCount"},
	"kind": {"kind"}, "targetGroups": {"targetGroups"}, "sector": {"sector"}, "functions": {"functions"},
	"series": {"series"}, "number": {"number"}, "date": {"date"}, "place": {"place"}, "planned": {"planned"},
	"title": {"title"}, "file": {"file"}, "text": {"text"},
}

// propsOf returns the properties behind fields (fieldProps), id and name always; nil, for
// every property, when fields is nil or asks a field fieldProps does not list.
func propsOf(fields []string) []string {
	if fields == nil {
		return nil
	}
	props := []string{"id", "name"}
	for _, f := range fields {
		ps, ok := fieldProps[f]
		if !ok {
			return nil
		}
		for _, p := range ps {
			if !slices.Contains(props, p) {
				props = append(props, p)
			}
		}
	}
	return props
}

// factsOf decodes the node's facts (written by the loader as JSON); a node without facts, or
// with facts this build cannot read, has none.
func factsOf(p map[string]any) *model.Facts {
	f := &model.Facts{}
	if s, ok := p["facts"].(string); ok && s != "" {
		if err := json.Unmarshal([]byte(s), f); err != nil {
			return &model.Facts{}
		}
	}
	return f
}

func str(p map[string]any, k string) string {
	s, _ := p[k].(string)
	return s
}

func strPtr(p map[string]any, k string) *string {
	if s, ok := p[k].(string); ok && s != "" {
		return &s
	}
	return nil
}

func strs(p map[string]any, k string) []string {
	raw, _ := p[k].([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func ints(p map[string]any, k string) []int {
	raw, _ := p[k].([]any)
	out := make([]int, 0, len(raw))
	for _, v := range raw {
		if i, ok := v.(int64); ok {
			out = append(out, int(i))
		}
	}
	return out
}

func num(p map[string]any, k string) int {
	i, _ := p[k].(int64)
	return int(i)
}
