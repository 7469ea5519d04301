package graph_test

import (
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph"
)

// TestDirectWriterAnswersOrdinaryQueries: the shapes dashboards and analysts send are written
// by the direct writer (graph/direct.go), not handed back to gqlgen's executor, and every
// answer equals the executor's byte for byte (TestMain turns the comparison on for the whole
// package). Operations the writer leaves alone still get gqlgen's answer, errors included.
func TestDirectWriterAnswersOrdinaryQueries(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name, query string
		direct      bool   // answered by the direct writer
		errPart     string // an error message must contain this; "" for none
	}{
		{"the benchmark's nested query", `{ regions(first: 10) { nodes { id name initiatives(scope: DIRECT, first: 10) { edges { node { id name ... on Initiative {
		  partners(first: 5) { edges { role evidence { quote } node { id name } } } } } } } } } }`, true, ""},
		{"a list page with its cursors and total", `{ initiatives(first: 3, orderBy: [{field: NAME, direction: DESC}]) { totalCount pageInfo { hasNextPage endCursor }
		  edges { cursor node { id name kind targetGroups } } } }`, true, ""},
		{"evidence documents through the nodes loader", `{ regions(first: 5) { nodes { name initiatives { edges { node { name
		  ... on Initiative { partners { edges { node { name } evidence { quote document { title } } } } } } } } } } }`, true, ""},
		{"an interface with fragments and __typename", `{ node(id: "initiative-buurtteam-vo-so") { __typename id ... on Initiative { name themes { nodes { name } } }
		  ... on Entity { mentionCount } } }`, true, ""},
		{"search hits of several types", `{ search(query: "ouder", first: 10) { score snippet node { __typename id ... on Theme { name } } } }`, true, ""},
		{"aliased root fields side by side", `{ __typename a: regions(first: 2) { nodes { id } } b: themes(first: 2) { totalCount nodes { name } } }`, true, ""},
		{"a network around a focus", `{ learningNetwork(focus: "region-almere", depth: 2) { nodes { __typename id name } edges { type source target evidence { quote document { title } } } } }`, true, ""},
		{"a missing node is null", `{ node(id: "person-niemand") { id } }`, true, ""},
		{"an error is gqlgen's", `{ learningNetwork(focus: "region-atlantis", depth: 2) { nodes { id } } }`, false, "not found"},
		{"introspection is gqlgen's", `{ __schema { queryType { name } } }`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := graph.DirectAnswers()
			errs := a.on(t).do(tt.query, nil, nil)
			answered := graph.DirectAnswers() > before
			switch {
			case tt.errPart == "" && len(errs) > 0:
				t.Fatalf("query failed: %+v", errs)
			case tt.errPart != "" && (len(errs) == 0 || !strings.Contains(errs[0].Message, tt.errPart)):
				t.Fatalf("errors = %+v, want one with %q", errs, tt.errPart)
			}
			if answered != tt.direct {
				t.Errorf("answered by the direct writer = %t, want %t", answered, tt.direct)
			}
		})
	}
}
