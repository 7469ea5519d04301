package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// Count templates per dimension; %s is a label from the fixed vocabulary. They follow the same
// rules as the list filters, so a bar's count equals the totalCount of the filtered list.
const (
	countByRegionTemplate = `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:LOCATED_IN|PART_OF*0..6]->(r:Region) RETURN r
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|ORGANISED|PRESENTED_AT]->()-[:LOCATED_IN|PART_OF*1..6]->(r:Region) RETURN r
}
RETURN r.id AS key, r.name AS name, count(DISTINCT n) AS count
ORDER BY count DESC, name`

	countByThemeTemplate = `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:ABOUT]->(t:Theme) RETURN t
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]->()-[:ABOUT]->(t:Theme) RETURN t
}
RETURN t.id AS key, t.name AS name, count(DISTINCT n) AS count
ORDER BY count DESC, name`

	countByBouwsteenTemplate = `MATCH (n:%s)
CALL (n) {
  MATCH (n)-[:EMBODIES]->(b:Bouwsteen) RETURN b
  UNION
  MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]->()-[:EMBODIES]->(b:Bouwsteen) RETURN b
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

var countQueriesBy = map[model.Dimension]map[string]string{}

func init() {
	templates := map[model.Dimension]string{
		model.DimensionRegion: countByRegionTemplate, model.DimensionTheme: countByThemeTemplate,
		model.DimensionBouwsteen: countByBouwsteenTemplate, model.DimensionSector: countBySectorTemplate,
	}
	for dim, t := range templates {
		countQueriesBy[dim] = map[string]string{}
		for _, l := range model.Labels {
			countQueriesBy[dim][l] = fmt.Sprintf(t, l)
		}
	}
}

// Counts returns how many entities of label there are per region, theme, bouwsteen or sector.
func (s *Store) Counts(ctx context.Context, label string, by model.Dimension) ([]*model.Bucket, error) {
	q, ok := countQueriesBy[by][label]
	if !ok {
		return nil, model.Errorf(model.EINVALID, "cannot count %s by %s.", label, by)
	}
	res, err := s.read(ctx, "counts", q, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Bucket, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		b := &model.Bucket{Key: str(m, "key"), Name: str(m, "name"), Count: num(m, "count")}
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
			st.Mentions = num(m, "count")
			continue
		}
		st.Relations = append(st.Relations, &model.TypeCount{Type: model.RelationType(str(m, "key")), Count: num(m, "count")})
	}
	return st, nil
}
