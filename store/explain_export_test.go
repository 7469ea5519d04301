package store

import (
	"context"
	"maps"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/passage"
)

// PlanOperators returns the operators of the plan Neo4j makes for q (EXPLAIN: nothing runs).
func (s *Store) PlanOperators(ctx context.Context, q string, params map[string]any) ([]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "EXPLAIN "+q, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	var ops []string
	var walk func(p neo4j.Plan)
	walk = func(p neo4j.Plan) {
		ops = append(ops, p.Operator())
		for _, c := range p.Children() {
			walk(c)
		}
	}
	if p := res.Summary.Plan(); p != nil {
		walk(p)
	}
	return ops, nil
}

// KeyQuery is a request-path query and parameters that bind every parameter it takes.
type KeyQuery struct {
	Name   string
	Cypher string
	Params map[string]any
}

// KeyQueries are the queries requests run that an index can start: lists under every filter
// and with none, pages after a cursor, lookups by id, relations, mentions, search, network
// steps and paths. Whole-graph aggregates (counts, stats, features, skeleton) read every node
// of a label by design and are left out.
func KeyQueries() []KeyQuery {
	str := func(s string) *string { return &s }
	where := map[string]*model.Where{
		"none": nil, "nameContains": {NameContains: str("kans")}, "kind": {Kind: &model.StringFilter{Eq: str("pilot")}},
		"region": {Region: str("region-x")}, "theme": {Theme: str("theme-x")}, "bouwsteen": {Bouwsteen: str("bouwsteen-x")},
		"document": {Document: str("doc-x")}, "event": {Event: str("event-x")},
		"theme+kind":    {Theme: str("theme-x"), Kind: &model.StringFilter{Eq: str("pilot")}},
		"region+sector": {Region: str("region-x"), Sector: str("school")},
		"sector":        {Sector: str("school")},
		"region OR theme AND NOT event": {Region: str("region-x"), And: []*model.Where{{Or: []*model.Where{{Theme: str("theme-x")}, {Bouwsteen: str("bouwsteen-x")}}}},
			Not: &model.Where{Event: str("event-x")}},
	}
	orders := map[string][]model.EntityOrder{
		"name":                {{Field: model.EntityOrderFieldName, Direction: model.OrderDirectionAsc}},
		"mentions desc, name": {{Field: model.EntityOrderFieldMentions, Direction: model.OrderDirectionDesc}, {Field: model.EntityOrderFieldName, Direction: model.OrderDirectionAsc}},
	}
	var out []KeyQuery
	for name, w := range where {
		for _, label := range []string{model.LabelInitiative, model.LabelOrganisation, model.LabelRegion, model.LabelPerson} {
			for _, scope := range model.AllScope {
				if scope != model.ScopeAll && (w == nil || w.NameContains != nil || (w.Kind != nil && w.Theme == nil)) {
					continue // the scope only changes membership conditions
				}
				var sw *model.Where
				if w != nil {
					c := *w
					c.Scope = &scope
					sw = &c
				}
				match, params, anchored, hasWhere, err := matchFiltered(label, sw)
				if err != nil {
					continue // refused before any query runs
				}
				sc := " " + string(scope)
				for oname, order := range orders {
					if oname != "name" && name != "none" && name != "region" {
						continue // a second sort key changes only the end of the query
					}
					for _, after := range []bool{false, true} {
						q := listQuery(match, anchored, hasWhere, order, after, false, false, false)
						p := maps.Clone(params)
						p["limit"], p["afterKey0"], p["afterKey1"], p["afterID"], p["props"] = 21, "m", "m", "initiative-x", []string{"id", "name"}
						if order[0].Field == model.EntityOrderFieldMentions {
							p["afterKey0"] = 3
						}
						out = append(out, KeyQuery{"list " + label + " where " + name + sc + " by " + oname + map[bool]string{true: " after"}[after], q, p})
					}
				}
				if anchored && scope == model.ScopeAll {
					// A first page with its total: what the anchor finds, collected once.
					p := maps.Clone(params)
					p["limit"], p["props"] = 21, nil
					out = append(out, KeyQuery{"list " + label + " where " + name + sc + " with total", listQuery(match, anchored, hasWhere, orders["name"], false, false, false, true), p})
				}
				if name != "none" && name != "nameContains" {
					out = append(out, KeyQuery{"count " + label + " where " + name + sc, countQueryFor(match), params})
				}
			}
		}
	}
	// The member pages of every label, dimension and scope start from the bucket's index.
	for _, d := range model.Dimensions {
		for _, label := range model.Labels {
			// ALL and VIA share a text, and a DIRECT page follows a subset of its routes: ALL, with
			// paths, stands for them.
			set := model.MemberSet{Label: label, Dimension: d, Scope: model.ScopeAll}
			if q := membersQuery(set, nil); q != "" {
				params := map[string]any{"keys": []string{"x"}, "start": 0, "limit": 20, "maxPaths": 20}
				memberPageParams(set, params)
				out = append(out, KeyQuery{"members " + label + " by " + string(d), q, params})
			}
		}
	}
	also := &model.MemberSet{Label: model.LabelInitiative, Dimension: model.DimensionTheme, Scope: model.ScopeAll}
	cell := model.MemberSet{Label: model.LabelInitiative, Dimension: model.DimensionRegion, Scope: model.ScopeAll}
	cellParams := map[string]any{"keys": [][]string{{"x", "theme-x"}}, "start": 0, "limit": 20, "maxPaths": 20}
	memberPageParams(cell, cellParams)
	out = append(out, KeyQuery{"coverage cell members", membersQuery(cell, also), cellParams})
	ids := map[string]any{"ids": []string{"initiative-x"}}
	out = append(out,
		KeyQuery{"nodes by ids", nodesByIDsQuery, ids},
		KeyQuery{"mentions", mentionsQuery, map[string]any{"ids": []string{"initiative-x"}, "reach": passage.Reach}},
		KeyQuery{"mentions in", mentionsInQuery, map[string]any{"ids": []string{"doc-x"}, "reach": passage.Reach}},
		KeyQuery{"search", searchQuery, searchParams("kans", nil, 10)},
		KeyQuery{"paths", pathsQuery, map[string]any{"from": "initiative-x", "to": "initiative-y", "maxLength": 4, "first": 5, "light": true}},
		KeyQuery{"graph version", graphVersionQuery, nil},
		KeyQuery{"seed: nodes of the buckets that differ", seedBucketNodesQuery, map[string]any{"ranges": [][]int64{bucketRange(3, 16)}}},
		KeyQuery{"seed: ends by id", seedNodeEidsQuery, map[string]any{"ids": []string{"initiative-x"}}},
	)
	around, err := networkQueryFor([]string{"LEARNS_FROM", "INSPIRES"}, 2)
	if err != nil {
		panic(err)
	}
	out = append(out, KeyQuery{"network around a focus", around, map[string]any{"focus": "initiative-x", "labels": []string{}, "limit": maxNetworkEdges, "docs": nil, "light": true, "bare": true}})
	page := map[string]any{"ids": []string{"initiative-x"}, "limit": 6, "sep": sortKeySep, "after": nil, "before": nil}
	for _, q := range []model.RelQuery{
		{Pairs: []model.RelPair{{Type: "PARTNER_IN", Dir: "IN"}, {Type: "LEADS", Dir: "IN"}}, Labels: []string{model.LabelOrganisation}},
		{Pairs: []model.RelPair{{Type: "LEARNS_FROM", Dir: "OUT"}, {Type: "INSPIRES", Dir: "IN"}}},
		{Pairs: []model.RelPair{{Type: "ABOUT", Dir: "BOTH"}, {Type: "LOCATED_IN", Dir: "BOTH"}}},
		// A typed field's filter: the far nodes' list filter, a membership and a name.
		{Pairs: []model.RelPair{{Type: "PARTNER_IN", Dir: "IN"}}, Labels: []string{model.LabelOrganisation}, Total: true,
			Where: &model.Where{Region: str("region-x"), Name: &model.StringFilter{StartsWith: str("G")}}},
	} {
		text, params, err := relationsQueryFor(q, false)
		if err != nil {
			panic(err)
		}
		p := maps.Clone(page)
		maps.Copy(p, params)
		out = append(out, KeyQuery{"relations " + q.Key(), text, p})
	}
	return out
}
