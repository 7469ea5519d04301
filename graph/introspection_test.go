package graph_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestStandardIntrospectionQueriesAnswer sends the introspection queries of graphql-js (what
// GraphQL Code Generator, graphql-inspector and Apollo's tooling send) and of GraphiQL
// (graphql-js with every option; 13 and 15 levels deep once expanded, over the data depth
// limit) through the real handler: they answer the schema without touching Neo4j, and with
// introspection turned off they are refused.
func TestStandardIntrospectionQueriesAnswer(t *testing.T) {
	files, _ := filepath.Glob("testdata/introspection/*.graphql")
	if len(files) == 0 {
		t.Fatal("no introspection queries in testdata/introspection")
	}
	a := newAPI(t)
	off := &api{t: t, h: graph.NewHandler(&graph.Resolver{Store: storetest.Seeded(t)}, graph.Options{Introspection: false})}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			q, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Schema struct {
					QueryType struct{ Name string }
					Types     []struct{ Name string }
				} `json:"__schema"`
			}
			if errs := a.do(string(q), nil, &got); len(errs) > 0 {
				t.Fatalf("introspection refused: %+v", errs)
			}
			if got.Schema.QueryType.Name != "Query" || len(got.Schema.Types) < 20 {
				t.Errorf("introspection answered query type %q and %d types", got.Schema.QueryType.Name, len(got.Schema.Types))
			}
			if n := a.queries.Load(); n != 0 {
				t.Errorf("introspection ran %d Cypher queries", n)
			}
			if errs := off.do(string(q), nil, nil); len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("with introspection off: errors %+v, want BAD_USER_INPUT", errs)
			}
		})
	}
}
