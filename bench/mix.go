package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/store"
)

// A query of the mix, as each contender asks it. Every form must return the same answer on a
// synthetic network; canon reduces an answer to a string so that they can be compared.
type query struct {
	name, what string
	// MAO Graph: GraphQL text and variables, and the canonical answer from its data.
	mao      string
	maoVars  func(*synth.Stats) map[string]any
	maoCanon func(json.RawMessage) (string, error)
	// Raw Cypher over Bolt: one hand-written statement (or the few a hand-written client
	// needs), and the canonical answer from its records. compare says whether the answer
	// must equal MAO's (false where the raw form computes less, as for similarity).
	cypher  func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error)
	compare bool
	// The Neo4j GraphQL Library: "" where it cannot express the query (why says why).
	gql      string
	gqlVars  func(*synth.Stats) map[string]any
	gqlCanon func(json.RawMessage) (string, error)
	why      string
}

func decode[T any](raw json.RawMessage) (T, error) {
	var v T
	err := json.Unmarshal(raw, &v)
	return v, err
}

func cypherRows(ctx context.Context, d neo4j.DriverWithContext, q string, params map[string]any) ([]map[string]any, error) {
	res, err := neo4j.ExecuteQuery(ctx, d, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out, nil
}

func s(v any) string { x, _ := v.(string); return x }
func n(v any) int64  { x, _ := v.(int64); return x }
func l(v any) []any  { x, _ := v.([]any); return x }
func mp(v any) map[string]any {
	x, _ := v.(map[string]any)
	return x
}

// The Cypher of the raw floor: what a developer who knows the model writes by hand, each
// answer in one round trip.
const (
	rawList = `MATCH (t:Theme {id: $theme})
CALL (t) {
  MATCH (t)<-[:ABOUT]-(n:Initiative) RETURN n
  UNION
  MATCH (t)<-[:ABOUT]-()<-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]-(n:Initiative) RETURN n
}
WITH n WHERE n.kind = $kind
WITH n ORDER BY n.name, n.id
WITH collect(n {.id, .name, .kind, .targetGroups}) AS found
RETURN size(found) AS total, found[0..20] AS page`

	rawNested = `MATCH (r:Region) WHERE r.kind = $kind
WITH r ORDER BY r.name, r.id LIMIT 10
CALL (r) {
  OPTIONAL MATCH (r)<-[:LOCATED_IN]-(i:Initiative)
  WITH i ORDER BY i.name, i.id LIMIT 10
  CALL (i) {
    OPTIONAL MATCH (i)<-[p:PARTNER_IN]-(o:Organisation)
    WITH p, o ORDER BY o.name, o.id LIMIT 5
    RETURN collect({role: p.role, quote: p.quote, id: o.id, name: o.name}) AS partners
  }
  RETURN collect({id: i.id, name: i.name, partners: partners}) AS inits
}
RETURN r.id AS id, r.name AS name, inits`

	// The structural part of similarity only: Cypher cannot compute the TF-IDF text reason.
	rawSimilar = `MATCH (f:Initiative {id: $id})
CALL (f) {
  MATCH (f)-[:EMBODIES]->(:Bouwsteen)<-[:EMBODIES]-(o:Initiative) RETURN o, 3.0 AS w
  UNION ALL
  MATCH (f)-[:ABOUT]->(:Theme)<-[:ABOUT]-(o:Initiative) RETURN o, 1.5 AS w
  UNION ALL
  MATCH (f)-[:LOCATED_IN]->(:Region)<-[:LOCATED_IN]-(o:Initiative) RETURN o, 1.0 AS w
}
WITH f, o, sum(w) AS score WHERE o <> f
RETURN o.id AS id, score ORDER BY score DESC, id LIMIT 5`

	// The structural part of learning partners only: shared bouwstenen and themes with
	// initiatives not yet learning with the focus (no derived features, named problems,
	// Adamic–Adar proximity or quotes).
	rawPartners = `MATCH (f:Initiative {id: $id})
CALL (f) {
  MATCH (f)-[:EMBODIES]->(:Bouwsteen)<-[:EMBODIES]-(o:Initiative) RETURN o, 3.0 AS w
  UNION ALL
  MATCH (f)-[:ABOUT]->(:Theme)<-[:ABOUT]-(o:Initiative) RETURN o, 1.5 AS w
}
WITH f, o, sum(w) AS score WHERE o <> f AND NOT (f)-[:LEARNS_FROM|INSPIRES]-(o)
RETURN o.id AS id, score ORDER BY score DESC, id LIMIT 5`

	rawNetwork = `MATCH (f:Node {id: $id})
CALL (f) {
  RETURN f AS m
  UNION
  MATCH (f)-[:LEARNS_FROM|INSPIRES]-(m:Node) RETURN m
}
MATCH (m)-[r:LEARNS_FROM|INSPIRES]-(x:Node)
WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
RETURN r.id AS rid, a.id AS source, b.id AS target, type(r) AS type, a.name AS aname, b.name AS bname`

	rawPaths = `MATCH (a:Node {id: $from}), (b:Node {id: $to})
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE none(r IN relationships(p) WHERE type(r) = 'MENTIONED_IN')
RETURN [n IN nodes(p) | n {.id, .name}] AS ns,
       [r IN relationships(p) | {type: type(r), quote: r.quote}] AS rs
LIMIT 5`

	rawCounts = `MATCH (b:Bouwsteen)
CALL (b) {
  MATCH (b)<-[:EMBODIES]-(n:Initiative) RETURN n
  UNION
  MATCH (b)<-[:EMBODIES]-()<-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]-(n:Initiative) RETURN n
}
RETURN b.id AS key, b.name AS name, count(n) AS count
ORDER BY count DESC, name`
)

func sortedJoin(xs []string) string {
	sort.Strings(xs)
	return strings.Join(xs, ",")
}

var mix = []query{
	{
		name: "list", what: "initiatives filtered by theme and kind, first 20 by name, with totalCount",
		mao: `query($theme: ID!, $kind: String!) { initiatives(where: {theme: $theme, kind: {eq: $kind}}, first: 20) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id name kind targetGroups } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"theme": st.Theme, "kind": st.Kind} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				Initiatives struct {
					TotalCount int
					Nodes      []struct{ ID string }
				}
			}](raw)
			ids := []string{}
			for _, x := range v.Initiatives.Nodes {
				ids = append(ids, x.ID)
			}
			return fmt.Sprintf("total=%d ids=%s", v.Initiatives.TotalCount, strings.Join(ids, ",")), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawList, map[string]any{"theme": st.Theme, "kind": st.Kind})
			if err != nil || len(rows) == 0 {
				return "", err
			}
			ids := []string{}
			for _, x := range l(rows[0]["page"]) {
				ids = append(ids, s(mp(x)["id"]))
			}
			return fmt.Sprintf("total=%d ids=%s", n(rows[0]["total"]), strings.Join(ids, ",")), nil
		},
		compare: true,
		gql: `query($theme: ID!, $kind: String!) { initiativesConnection(first: 20, sort: [{name: ASC}], where: {kind: {eq: $kind}, OR: [
  {themes: {some: {id: {eq: $theme}}}}, {programmes: {some: {themes: {some: {id: {eq: $theme}}}}}},
  {events: {some: {themes: {some: {id: {eq: $theme}}}}}}]}) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id name kind targetGroups } } } }`,
		gqlVars: func(st *synth.Stats) map[string]any { return map[string]any{"theme": st.Theme, "kind": st.Kind} },
		gqlCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				InitiativesConnection struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
				}
			}](raw)
			ids := []string{}
			for _, x := range v.InitiativesConnection.Edges {
				ids = append(ids, x.Node.ID)
			}
			return fmt.Sprintf("total=%d ids=%s", v.InitiativesConnection.TotalCount, strings.Join(ids, ",")), err
		},
	},
	{
		name: "nested", what: "10 municipalities > 10 initiatives each > 5 partners each with role and evidence (3 levels)",
		mao: `query($kind: String!) { regions(where: {kind: {eq: $kind}}, first: 10) { nodes { id name
  initiatives(scope: DIRECT, first: 10) { edges { node { id name
    partners(first: 5) { edges { role evidence { quote } node { id name } } } } } } } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"kind": "gemeente"} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				Regions struct {
					Nodes []struct {
						ID          string
						Initiatives struct {
							Edges []struct {
								Node struct {
									ID       string
									Partners struct {
										Edges []struct {
											Role string
											Node struct{ ID string }
										}
									}
								}
							}
						}
					}
				}
			}](raw)
			var b strings.Builder
			for _, r := range v.Regions.Nodes {
				b.WriteString(r.ID + "[")
				for _, i := range r.Initiatives.Edges {
					b.WriteString(i.Node.ID + "(")
					for _, p := range i.Node.Partners.Edges {
						b.WriteString(p.Node.ID + ":" + p.Role + " ")
					}
					b.WriteString(")")
				}
				b.WriteString("]")
			}
			return b.String(), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawNested, map[string]any{"kind": "gemeente"})
			var b strings.Builder
			for _, r := range rows {
				b.WriteString(s(r["id"]) + "[")
				for _, i := range l(r["inits"]) {
					if s(mp(i)["id"]) == "" {
						continue
					}
					b.WriteString(s(mp(i)["id"]) + "(")
					for _, p := range l(mp(i)["partners"]) {
						if s(mp(p)["id"]) != "" {
							b.WriteString(s(mp(p)["id"]) + ":" + s(mp(p)["role"]) + " ")
						}
					}
					b.WriteString(")")
				}
				b.WriteString("]")
			}
			return b.String(), err
		},
		compare: true,
		gql: `query($kind: String!) { regionsConnection(first: 10, sort: [{name: ASC}], where: {kind: {eq: $kind}}) { edges { node { id name
  initiativesConnection(first: 10, sort: [{node: {name: ASC}}]) { edges { node { id name
    partnersConnection(first: 5, sort: [{node: {name: ASC}}]) { edges { properties { role quote } node { id name } } } } } } } } } }`,
		gqlVars: func(st *synth.Stats) map[string]any { return map[string]any{"kind": "gemeente"} },
		gqlCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				RegionsConnection struct {
					Edges []struct {
						Node struct {
							ID                    string
							InitiativesConnection struct {
								Edges []struct {
									Node struct {
										ID                 string
										PartnersConnection struct {
											Edges []struct {
												Properties struct{ Role string }
												Node       struct{ ID string }
											}
										}
									}
								}
							}
						}
					}
				}
			}](raw)
			var b strings.Builder
			for _, r := range v.RegionsConnection.Edges {
				b.WriteString(r.Node.ID + "[")
				for _, i := range r.Node.InitiativesConnection.Edges {
					b.WriteString(i.Node.ID + "(")
					for _, p := range i.Node.PartnersConnection.Edges {
						b.WriteString(p.Node.ID + ":" + p.Properties.Role + " ")
					}
					b.WriteString(")")
				}
				b.WriteString("]")
			}
			return b.String(), err
		},
	},
	{
		name: "search", what: "full-text search for an initiative's name, initiatives only, top 10",
		mao:     `query($q: String!) { search(query: $q, types: [INITIATIVE], first: 10) { score snippet node { id name } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"q": st.SearchText} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				Search []struct{ Node struct{ ID string } }
			}](raw)
			ids := []string{}
			for _, x := range v.Search {
				ids = append(ids, x.Node.ID)
			}
			return sortedJoin(ids), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			q, params := store.SearchStatement(st.SearchText, []string{"Initiative"}, 10)
			rows, err := cypherRows(ctx, d, q, params)
			ids := []string{}
			for _, r := range rows {
				if node, ok := r["node"].(neo4j.Node); ok {
					ids = append(ids, s(node.Props["id"]))
				}
			}
			return sortedJoin(ids), err
		},
		compare: true,
		gql:     `query($q: String!) { initiativesFulltext(phrase: $q, first: 10, sort: [{score: DESC}]) { edges { score node { id name } } } }`,
		gqlVars: func(st *synth.Stats) map[string]any { return map[string]any{"q": luceneQuery(st.SearchText)} },
		gqlCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				InitiativesFulltext struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}](raw)
			ids := []string{}
			for _, x := range v.InitiativesFulltext.Edges {
				ids = append(ids, x.Node.ID)
			}
			return sortedJoin(ids), err
		},
	},
	{
		name: "similar", what: "similarInitiatives: top 5 with reasons (bouwsteen, theme, target group, sector, region, TF-IDF text)",
		mao:     `query($id: ID!) { similarInitiatives(id: $id, first: 5) { score initiative { id name } reasons { kind weight description } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"id": st.Initiative} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				SimilarInitiatives []struct {
					Score      float64
					Initiative struct{ ID string }
				}
			}](raw)
			var parts []string
			for _, x := range v.SimilarInitiatives {
				parts = append(parts, fmt.Sprintf("%s=%.3f", x.Initiative.ID, x.Score))
			}
			return strings.Join(parts, ","), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawSimilar, map[string]any{"id": st.Initiative})
			var parts []string
			for _, r := range rows {
				parts = append(parts, s(r["id"]))
			}
			return strings.Join(parts, ","), err
		},
		why: "needs scoring outside Cypher (TF-IDF over descriptions, explained reasons); only a @cypher escape hatch could, which is raw Cypher again",
	},
	{
		name: "partners", what: "learningPartners: top 5 with reasons and the quotes on both sides",
		mao: `query($id: ID!) { learningPartners(id: $id, first: 5) { score node { id name }
		  reasons { kind weight description focusEvidence { quote offset } peerEvidence { quote offset } } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"id": st.LearningFocus} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				LearningPartners []struct {
					Score float64
					Node  struct{ ID string }
				}
			}](raw)
			var parts []string
			for _, x := range v.LearningPartners {
				parts = append(parts, fmt.Sprintf("%s=%.3f", x.Node.ID, x.Score))
			}
			return strings.Join(parts, ","), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawPartners, map[string]any{"id": st.LearningFocus})
			var parts []string
			for _, r := range rows {
				parts = append(parts, s(r["id"]))
			}
			return strings.Join(parts, ","), err
		},
		why: "needs scoring outside Cypher (Adamic–Adar, derived features, explained reasons with quotes); only a @cypher escape hatch could, which is raw Cypher again",
	},
	{
		name: "network", what: "learningNetwork around an initiative, depth 2",
		mao:     `query($id: ID!) { learningNetwork(focus: $id, depth: 2) { nodes { id name } edges { id source target type } } }`,
		maoVars: func(st *synth.Stats) map[string]any { return map[string]any{"id": st.LearningFocus} },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				LearningNetwork struct {
					Nodes []struct{ ID string }
					Edges []struct{ ID string }
				}
			}](raw)
			var ns, es []string
			for _, x := range v.LearningNetwork.Nodes {
				ns = append(ns, x.ID)
			}
			for _, x := range v.LearningNetwork.Edges {
				es = append(es, x.ID)
			}
			return "nodes=" + sortedJoin(ns) + " edges=" + sortedJoin(es), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawNetwork, map[string]any{"id": st.LearningFocus})
			nodes := map[string]bool{st.LearningFocus: true}
			var es []string
			for _, r := range rows {
				es = append(es, s(r["rid"]))
				nodes[s(r["source"])], nodes[s(r["target"])] = true, true
			}
			var ns []string
			for id := range nodes {
				ns = append(ns, id)
			}
			return "nodes=" + sortedJoin(ns) + " edges=" + sortedJoin(es), err
		},
		compare: true,
		why:     "no variable-depth traversal: nesting learnsFrom/inspires twice returns a tree with repeats, not the deduplicated network",
	},
	{
		name: "paths", what: "shortest paths (≤ 4 steps, first 5) between two initiatives with evidence",
		mao: `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxLength: 4, first: 5) { length nodes { id name }
  steps { type forward evidence { quote } } } }`,
		maoVars: func(st *synth.Stats) map[string]any {
			return map[string]any{"from": st.Initiative, "to": st.OtherInitiative}
		},
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct{ Paths []struct{ Length int } }](raw)
			ls := []string{}
			for _, p := range v.Paths {
				ls = append(ls, fmt.Sprint(p.Length))
			}
			return "lengths=" + strings.Join(ls, ","), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawPaths, map[string]any{"from": st.Initiative, "to": st.OtherInitiative})
			ls := []string{}
			for _, r := range rows {
				ls = append(ls, fmt.Sprint(len(l(r["rs"]))))
			}
			return "lengths=" + strings.Join(ls, ","), err
		},
		compare: true,
		why:     "no shortest-path query",
	},
	{
		name: "counts", what: "dashboard counts: initiatives per bouwsteen",
		mao:     `{ counts(label: INITIATIVE, by: BOUWSTEEN) { key name count } }`,
		maoVars: func(st *synth.Stats) map[string]any { return nil },
		maoCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				Counts []struct {
					Key   string
					Count int
				}
			}](raw)
			var parts []string
			for _, b := range v.Counts {
				parts = append(parts, fmt.Sprintf("%s:%d", b.Key, b.Count))
			}
			return sortedJoin(parts), err
		},
		cypher: func(ctx context.Context, d neo4j.DriverWithContext, st *synth.Stats) (string, error) {
			rows, err := cypherRows(ctx, d, rawCounts, nil)
			var parts []string
			for _, r := range rows {
				parts = append(parts, fmt.Sprintf("%s:%d", s(r["key"]), n(r["count"])))
			}
			return sortedJoin(parts), err
		},
		compare: true,
		gql:     `{ bouwstenen { id name initiativesConnection { aggregate { count { nodes } } } } }`,
		gqlVars: func(st *synth.Stats) map[string]any { return nil },
		gqlCanon: func(raw json.RawMessage) (string, error) {
			v, err := decode[struct {
				Bouwstenen []struct {
					ID                    string
					InitiativesConnection struct {
						Aggregate struct{ Count struct{ Nodes int } }
					}
				}
			}](raw)
			var parts []string
			for _, b := range v.Bouwstenen {
				if c := b.InitiativesConnection.Aggregate.Count.Nodes; c > 0 {
					parts = append(parts, fmt.Sprintf("%s:%d", b.ID, c))
				}
			}
			return sortedJoin(parts), err
		},
	},
}

// luceneQuery is the Lucene text MAO's search sends to the index (words, stems, compounds):
// the library gets the same.
func luceneQuery(text string) string { return store.ExpandedQuery(text) }
