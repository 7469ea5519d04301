package graph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestSchemaDocumentsEveryArgument checks that every argument of the schema has a description,
// so that a client finds the limits in GraphiQL rather than by hitting them.
func TestSchemaDocumentsEveryArgument(t *testing.T) {
	s := NewExecutableSchema(Config{}).Schema()
	for _, def := range s.Types {
		if def.BuiltIn || strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					t.Errorf("%s.%s(%s) has no description", def.Name, f.Name, a.Name)
				}
			}
		}
	}
}

// TestSchemaStatesLimits checks that the schema states each argument's limit and default page
// size as the Go constants enforce them: the limits live in Go, the schema text follows.
func TestSchemaStatesLimits(t *testing.T) {
	s := NewExecutableSchema(Config{}).Schema()
	type want struct{ field, arg, text string }
	var tests []want
	for _, def := range s.Types {
		if def.Kind != ast.Object && def.Kind != ast.Interface {
			continue
		}
		for _, f := range def.Fields {
			typ := f.Type.Name()
			switch {
			case def.Name == "Query" && strings.HasSuffix(typ, "Connection"):
				tests = append(tests,
					want{def.Name + "." + f.Name, "first", fmt.Sprintf("0 to %d (default %d)", maxPage, defaultListPage)},
					want{def.Name + "." + f.Name, "last", fmt.Sprintf("0 to %d", maxPage)})
			case strings.HasSuffix(typ, "RelationConnection"):
				tests = append(tests,
					want{def.Name + "." + f.Name, "first", fmt.Sprintf("0 to %d (default %d)", maxRelationPage, defaultRelationPage)},
					want{def.Name + "." + f.Name, "last", fmt.Sprintf("0 to %d", maxRelationPage)})
			case strings.HasSuffix(typ, "MemberConnection"):
				size := defaultMemberFieldPage // an entity page's member list
				if def.Name == "Query" || def.Name == "Bucket" || def.Name == "CoverageCell" {
					size = defaultMemberPage
				}
				tests = append(tests,
					want{def.Name + "." + f.Name, "first", fmt.Sprintf("0 to %d (default %d)", maxMemberPage, size)},
					want{def.Name + "." + f.Name, "last", fmt.Sprintf("0 to %d", maxMemberPage)})
			case typ == "MentionConnection":
				def := defaultMentionPage
				if f.Name == "mentioned" {
					def = defaultDocumentPage
				}
				tests = append(tests,
					want{"." + f.Name, "first", fmt.Sprintf("0 to %d (default %d)", maxRelationPage, def)},
					want{"." + f.Name, "last", fmt.Sprintf("0 to %d", maxRelationPage)})
			}
		}
	}
	tests = append(tests,
		want{"Query.search", "first", fmt.Sprintf("1 to %d", maxPage)},
		want{"Query.search", "query", fmt.Sprintf("1 to %d characters", maxSearchLength)},
		want{"Query.learningNetwork", "depth", fmt.Sprintf("1 to %d", maxNetworkDepth)},
		want{"Query.paths", "maxLength", fmt.Sprintf("1 to %d", maxPathLength)},
		want{"Query.paths", "first", fmt.Sprintf("1 to %d", maxPaths)},
		want{"Query.similarInitiatives", "first", fmt.Sprintf("1 to %d", maxSimilar)},
		want{"Query.brokers", "first", fmt.Sprintf("1 to %d", maxPage)},
	)
	if len(tests) < 100 {
		t.Fatalf("found %d limited arguments; the schema has far more (is the walk broken?)", len(tests))
	}
	for _, tt := range tests {
		for _, def := range s.Types {
			for _, f := range def.Fields {
				if def.Name+"."+f.Name != tt.field && !(strings.HasPrefix(tt.field, ".") && "."+f.Name == tt.field && strings.HasSuffix(f.Type.Name(), "MentionConnection")) {
					continue
				}
				a := f.Arguments.ForName(tt.arg)
				if a == nil {
					t.Errorf("%s.%s has no argument %s", def.Name, f.Name, tt.arg)
				} else if !strings.Contains(a.Description, tt.text) {
					t.Errorf("%s.%s(%s) description = %q, want it to state %q", def.Name, f.Name, tt.arg, a.Description, tt.text)
				}
			}
		}
	}
}

// TestConnectionsAreRelay checks that every connection type of the schema has Relay's shape:
// edges (each with cursor and node), nodes, pageInfo and totalCount, and that every field
// returning one takes first/after/last/before.
func TestConnectionsAreRelay(t *testing.T) {
	s := NewExecutableSchema(Config{}).Schema()
	for _, def := range s.Types {
		if def.Kind != ast.Object || !strings.HasSuffix(def.Name, "Connection") {
			continue
		}
		for _, name := range []string{"edges", "nodes", "pageInfo", "totalCount"} {
			if def.Fields.ForName(name) == nil {
				t.Errorf("%s has no field %s", def.Name, name)
			}
		}
		if f := def.Fields.ForName("edges"); f != nil {
			edge := s.Types[f.Type.Name()]
			if edge == nil || edge.Fields.ForName("cursor") == nil || edge.Fields.ForName("node") == nil {
				t.Errorf("%s.edges: %s has no cursor or node", def.Name, f.Type.Name())
			}
		}
	}
	for _, def := range s.Types {
		if def.Kind != ast.Object && def.Kind != ast.Interface {
			continue
		}
		for _, f := range def.Fields {
			if !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			for _, arg := range []string{"first", "after", "last", "before"} {
				if f.Arguments.ForName(arg) == nil {
					t.Errorf("%s.%s: %s has no argument %s", def.Name, f.Name, f.Type.Name(), arg)
				}
			}
		}
	}
}
