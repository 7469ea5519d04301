package store

import (
	"context"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
)

// countQueriesBy holds the count query of every dimension and label (membership.go); ""
// where the membership table, pruned by the vocabulary, has no route (the count is empty
// without asking). countQueriesAsOf holds the same counts as of a date: only what the
// documents in $asOfDocs state.
var countQueriesBy, countQueriesAsOf = map[model.Dimension]map[string]string{}, map[model.Dimension]map[string]string{}

func init() {
	for _, d := range model.Dimensions {
		countQueriesBy[d], countQueriesAsOf[d] = map[string]string{}, map[string]string{}
		for _, l := range model.Labels {
			countQueriesBy[d][l] = countsQuery(l, d, model.MemberRoutes(l, d), "")
			countQueriesAsOf[d][l] = countsQuery(l, d, model.MemberRoutes(l, d), "asOfDocs")
		}
	}
}

// Counts returns how many entities of label are members of each region, theme, bouwsteen,
// sector, event or document: direct, via and in total, largest total first (Count is the
// total, Scope ALL). With asOf (yyyy-mm-dd, "" for none) only the memberships documents dated
// on or before it state count. Errors: EINVALID for an unknown label or dimension, or a date
// that is not yyyy-mm-dd.
func (s *Store) Counts(ctx context.Context, label string, by model.Dimension, asOf string) ([]*model.Bucket, error) {
	if err := model.CheckAsOf(asOf); err != nil {
		return nil, err
	}
	queries, params := countQueriesBy, map[string]any(nil)
	if asOf != "" {
		queries = countQueriesAsOf
	}
	q, ok := queries[by][label]
	if !ok {
		return nil, model.Errorf(model.EINVALID, "cannot count %s by %s.", label, by)
	}
	if q == "" {
		return []*model.Bucket{}, nil // no route in the membership table leads there
	}
	if asOf != "" {
		docs, err := s.documentsAsOf(ctx, asOf)
		if err != nil {
			return nil, err
		}
		params = map[string]any{"asOfDocs": docs}
	}
	res, err := s.read(ctx, "counts", q, params)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Bucket, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		b := &model.Bucket{Key: str(m, "key"), Name: str(m, "name"), Total: num(m, "total"), Direct: num(m, "direct"),
			Label: label, Dimension: by, Scope: model.ScopeAll, AsOf: asOf}
		b.Via, b.Count = b.Total-b.Direct, b.Total
		if model.Memberships[by].NodeBucket() {
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
