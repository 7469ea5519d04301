package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// A count follows the same paths as the list filters, so that a bar's count equals the
// totalCount of the filtered list: the entity's own relation to the bucket, or one through a
// related entity (a person through the organisation it works for). Each path is written for
// one label and kept only when the vocabulary (model.RelationRules) allows it for that label:
// an initiative never WORKS_FOR anything, and planning that branch anyway cost the count of
// initiatives per bouwsteen five times its direct work at size M (bench/RESULTS.md).
type countDim struct {
	bucket   string                  // the bucket's label, bound to b
	direct   string                  // the path from n to b
	ok       func(label string) bool // whether n of a label can take the direct path
	via      []string                // relation types through which n reaches an entity that may take it
	indirect string                  // the path from n through the via-types (%s) to b
	reach    func(label string) bool // whether a via-type's target can continue to b
}

var countDims = map[model.Dimension]countDim{
	model.DimensionRegion: {
		bucket:   model.LabelRegion,
		direct:   `(n)-[:LOCATED_IN|PART_OF*0..6]->(b:Region)`,
		via:      []string{"WORKS_FOR", "LEADS", "COORDINATES", "INVOLVED_IN", "PARTNER_IN", "ORGANISED", "PRESENTED_AT"},
		indirect: `(n)-[:%s]->()-[:LOCATED_IN|PART_OF*1..6]->(b:Region)`,
		ok:       func(l string) bool { return l == model.LabelRegion || from("LOCATED_IN", l) || from("PART_OF", l) },
		reach:    func(l string) bool { return from("LOCATED_IN", l) || from("PART_OF", l) },
	},
	model.DimensionTheme: {
		bucket:   model.LabelTheme,
		direct:   `(n)-[:ABOUT]->(b:Theme)`,
		via:      []string{"WORKS_FOR", "LEADS", "COORDINATES", "INVOLVED_IN", "PARTNER_IN", "PART_OF", "PRESENTED_AT"},
		indirect: `(n)-[:%s]->()-[:ABOUT]->(b:Theme)`,
		ok:       func(l string) bool { return from("ABOUT", l) },
		reach:    func(l string) bool { return from("ABOUT", l) },
	},
	model.DimensionBouwsteen: {
		bucket:   model.LabelBouwsteen,
		direct:   `(n)-[:EMBODIES]->(b:Bouwsteen)`,
		via:      []string{"WORKS_FOR", "LEADS", "COORDINATES", "INVOLVED_IN", "PARTNER_IN"},
		indirect: `(n)-[:%s]->()-[:EMBODIES]->(b:Bouwsteen)`,
		ok:       func(l string) bool { return from("EMBODIES", l) },
		reach:    func(l string) bool { return from("EMBODIES", l) },
	},
}

// from reports whether the vocabulary lets label start a relation of type t.
func from(t, label string) bool { return slices.Contains(model.RelationRules[t].From, label) }

// countPaths returns the paths a count of label by d follows, pruned by the vocabulary.
func countPaths(d countDim, label string) []string {
	var paths []string
	if d.ok(label) {
		paths = append(paths, d.direct)
	}
	var via []string
	for _, t := range d.via {
		rule := model.RelationRules[t]
		if slices.Contains(rule.From, label) && slices.ContainsFunc(rule.To, d.reach) {
			via = append(via, t)
		}
	}
	if len(via) > 0 {
		paths = append(paths, fmt.Sprintf(d.indirect, strings.Join(via, "|")))
	}
	return paths
}

const (
	// countOnePathTemplate: label, path.
	countOnePathTemplate = `MATCH (n:%s)
MATCH %s
RETURN b.id AS key, b.name AS name, count(DISTINCT n) AS count
ORDER BY count DESC, name`
	// countTwoPathsTemplate: label, path, path.
	countTwoPathsTemplate = `MATCH (n:%s)
CALL (n) {
  MATCH %s RETURN b
  UNION
  MATCH %s RETURN b
}
RETURN b.id AS key, b.name AS name, count(DISTINCT n) AS count
ORDER BY count DESC, name`

	countBySectorTemplate = `MATCH (n:%s)
CALL (n) {
  WITH n WHERE n:Organisation RETURN n.sector AS sector
  UNION
  WITH n WHERE NOT n:Organisation
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|PARTNER_IN]-(o:Organisation) RETURN o.sector AS sector
}
WITH n, sector WHERE sector IS NOT NULL
RETURN sector AS key, sector AS name, count(DISTINCT n) AS count
ORDER BY count DESC, name`
)

// countQueriesBy holds the count query of every dimension and label; "" where the vocabulary
// allows no path (the count is empty without asking).
var countQueriesBy = map[model.Dimension]map[string]string{}

func init() {
	for dim, d := range countDims {
		countQueriesBy[dim] = map[string]string{}
		for _, l := range model.Labels {
			q := ""
			switch ps := countPaths(d, l); len(ps) {
			case 1:
				q = fmt.Sprintf(countOnePathTemplate, l, ps[0])
			case 2:
				q = fmt.Sprintf(countTwoPathsTemplate, l, ps[0], ps[1])
			}
			countQueriesBy[dim][l] = q
		}
	}
	countQueriesBy[model.DimensionSector] = map[string]string{}
	for _, l := range model.Labels {
		countQueriesBy[model.DimensionSector][l] = fmt.Sprintf(countBySectorTemplate, l)
	}
}

// Counts returns how many entities of label there are per region, theme, bouwsteen or sector.
func (s *Store) Counts(ctx context.Context, label string, by model.Dimension) ([]*model.Bucket, error) {
	q, ok := countQueriesBy[by][label]
	if !ok {
		return nil, model.Errorf(model.EINVALID, "cannot count %s by %s.", label, by)
	}
	if q == "" {
		return []*model.Bucket{}, nil // no path in the vocabulary leads there
	}
	res, err := s.read(ctx, "counts", q, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Bucket, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		b := &model.Bucket{Scope: label + "/" + string(by), Key: str(m, "key"), Name: str(m, "name"), Count: num(m, "count")}
		if by != model.DimensionSector {
			id := b.Key
			b.NodeID = &id
		}
		out = append(out, b)
	}
	return out, nil
}

const (
	statsLabelsQuery = `MATCH (n:Node) UNWIND labels(n) AS l WITH l WHERE l <> 'Node' RETURN l AS key, count(*) AS count ORDER BY key`
	statsTypesQuery  = `MATCH (:Node)-[r]->(:Node) RETURN type(r) AS key, count(*) AS count ORDER BY key`
)

// Stats returns totals for the whole graph.
func (s *Store) Stats(ctx context.Context) (*model.Stats, error) {
	st := &model.Stats{Nodes: []*model.LabelCount{}, Relations: []*model.TypeCount{}}
	res, err := s.read(ctx, "stats", statsLabelsQuery, nil)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		st.Nodes = append(st.Nodes, &model.LabelCount{Label: model.NodeType(strings.ToUpper(str(m, "key"))), Count: num(m, "count")})
	}
	res, err = s.read(ctx, "stats", statsTypesQuery, nil)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		if str(m, "key") == model.MentionedIn {
			continue // one per entity and document; the occurrences are counted below
		}
		st.Relations = append(st.Relations, &model.TypeCount{Type: model.RelationType(str(m, "key")), Count: num(m, "count")})
	}
	if st.Mentions, err = s.mentionOccurrences(ctx); err != nil {
		return nil, err
	}
	return st, nil
}
