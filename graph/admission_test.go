package graph

import (
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

func TestScanQuery(t *testing.T) {
	o := Options{}
	o.defaults()
	tests := []struct {
		name  string
		query string
		want  queryShape
	}{
		{"flat", `{ stats { mentions } }`, queryShape{tokens: 6, depth: 2, fields: 2}},
		{"alias and argument", `{ a: people(first: 5, where: {nameContains: "x"}) { nodes { id } } }`,
			queryShape{tokens: 23, depth: 3, fields: 3, aliases: 1, longestName: 12, longestString: 1}},
		{"fragments", `query Q { ...F ... on Query { stats { mentions } } } fragment F on Query { regions { totalCount } }`,
			queryShape{tokens: 25, depth: 2, fields: 4, fragments: 1, spreads: 1, longestName: 10}},
		{"introspection", `{ __schema { types { name } } t: __typename }`,
			queryShape{tokens: 12, depth: 3, fields: 4, aliases: 1, introspectionOnly: true, longestName: 10}},
		{"mixed", `{ __typename stats { mentions } }`, queryShape{tokens: 7, depth: 2, fields: 3, longestName: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanQuery(tt.query, o)
			if tt.want.longestName == 0 {
				tt.want.longestName = got.longestName
			}
			if got != tt.want {
				t.Errorf("scanQuery(%q) = %+v, want %+v", tt.query, got, tt.want)
			}
		})
	}
}

// TestStandardIntrospectionQueriesFitTheirBudget: the introspection queries of graphql-js
// (what GraphQL Code Generator, graphql-inspector and Apollo's tools send) and of GraphiQL
// (graphql-js with every option) pass the token pass and the parsed-operation limits, while a
// data query as deep is refused.
func TestStandardIntrospectionQueriesFitTheirBudget(t *testing.T) {
	o := Options{}
	o.defaults()
	for _, f := range []string{"graphql-js-default.graphql", "graphql-js-all-options.graphql"} {
		b, err := os.ReadFile("testdata/introspection/" + f)
		if err != nil {
			t.Fatal(err)
		}
		s := scanQuery(string(b), o)
		if !s.introspectionOnly {
			t.Errorf("%s: not recognised as introspection-only", f)
		}
		if err := s.check(o); err != nil {
			t.Errorf("%s: refused by the token pass: %v (shape %+v)", f, err, s)
		}
		if s.depth <= o.MaxDepth && f == "graphql-js-all-options.graphql" {
			t.Logf("%s: %d levels before fragment expansion", f, s.depth)
		}
	}
	deep := "{ node(id: \"x\") { ... on Region { " + strings.Repeat("parent { ", 15) + "id" + strings.Repeat(" }", 15) + " } } }"
	if err := scanQuery(deep, o).check(o); err == nil {
		t.Errorf("a data query 17 levels deep passed the token pass")
	}
}

func TestScanQueryRefusesHostileShapesCheaply(t *testing.T) {
	o := Options{}
	o.defaults()
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 100 {
		aliases.WriteString(" a")
		aliases.WriteString(strings.Repeat("x", i%7))
		aliases.WriteString(": initiatives(first: 3) { totalCount }")
	}
	aliases.WriteString("}")
	tests := []struct {
		name, query, want string
	}{
		{"100 aliases", aliases.String(), "aliases"},
		{"5000 ids", "{ regions { nodes { " + strings.Repeat("id ", 5000) + "} } }", "tokens"},
		{"1200 ids", "{ regions { nodes { " + strings.Repeat("id ", 1200) + "} } }", "fields"},
		{"deep", strings.Repeat("{ a ", 30) + strings.Repeat("}", 30), "levels"},
		{"many fragments", strings.Repeat("fragment F on Query { stats { mentions } } ", 40) + "{ ...F }", "fragments"},
		{"long name", "{ " + strings.Repeat("n", 500) + " }", "name"},
		{"long string", `{ search(query: "` + strings.Repeat("s", 1100) + `") { score } }`, "string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scanQuery(tt.query, o).check(o)
			if err == nil || !strings.Contains(err.Message, tt.want) {
				t.Errorf("check(%s) = %v, want an error about %s", tt.name, err, tt.want)
			}
			if err != nil && len(err.Message) > 200 {
				t.Errorf("check(%s) message is %d bytes long", tt.name, len(err.Message))
			}
		})
	}
}

func TestQueryCacheIsBoundedInBytes(t *testing.T) {
	c := newQueryCache(8000)
	doc := &ast.QueryDocument{}
	for i := range 100 {
		c.admit(strings.Repeat("x", 900)+string(rune('a'+i%26))+strings.Repeat("y", i), doc)
	}
	entries, bytes := c.size()
	if bytes > 8000 || entries == 0 {
		t.Errorf("cache holds %d entries, %d bytes; want at most 8000 bytes", entries, bytes)
	}
	c.admit(strings.Repeat("z", 1001), doc) // over an eighth of the budget: never kept
	if _, ok := c.queryByHash(queryHash(strings.Repeat("z", 1001))); ok {
		t.Errorf("a query over an eighth of the budget was cached")
	}
	c.Add(t.Context(), "{ never }", doc)
	if _, ok := c.Get(t.Context(), "{ never }"); ok {
		t.Errorf("Add (the executor's, before the limits) cached a query")
	}
}
