package graph

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestTypedRelationFields holds the schema to the wiring: a relation field whose far end the
// wiring table and the endpoint rules (farLabels) narrow to one label L returns
// LRelationConnection, whose edges' and nodes' type is L, and takes where: LWhere; a field
// whose far end can be several labels returns RelationConnection and takes no where; an entity
// page's member list of label L returns LMemberConnection and takes where: LWhere.
func TestTypedRelationFields(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	type want struct {
		conn, edge, node, where string // where "" for none
	}
	tests := map[string]want{}
	for typeName, fields := range relationFields {
		for field, q := range fields {
			w := want{"RelationConnection", "RelationEdge", "Entity", ""}
			if l := farLabel(q); l != "" {
				w = want{l + "RelationConnection", l + "RelationEdge", l, l + "Where"}
			}
			tests[typeName+"."+field] = w
		}
	}
	for typeName, fields := range memberFields {
		for field, f := range fields {
			tests[typeName+"."+field] = want{f.Label + "MemberConnection", f.Label + "Member", f.Label, f.Label + "Where"}
		}
	}
	typed := 0
	for key, w := range tests {
		typeName, field, _ := strings.Cut(key, ".")
		def := schema.Types[typeName]
		if def == nil || def.Fields.ForName(field) == nil {
			t.Errorf("%s: no such field in the schema", key)
			continue
		}
		f := def.Fields.ForName(field)
		if got := f.Type.Name(); got != w.conn {
			t.Errorf("%s returns %s, want %s (by the wiring table and the endpoint rules)", key, got, w.conn)
			continue
		}
		if w.where != "" {
			typed++
		}
		where := ""
		if a := f.Arguments.ForName("where"); a != nil {
			where = a.Type.Name()
		}
		if where != w.where {
			t.Errorf("%s(where: %q), want %q", key, where, w.where)
		}
		conn := schema.Types[w.conn]
		edges, nodes := conn.Fields.ForName("edges"), conn.Fields.ForName("nodes")
		if edges == nil || nodes == nil || edges.Type.Name() != w.edge || nodes.Type.Name() != w.node {
			t.Errorf("%s: edges %v, nodes %v; want [%s!]! and [%s!]!", w.conn, edges.Type, nodes.Type, w.edge, w.node)
			continue
		}
		if n := schema.Types[w.edge].Fields.ForName("node"); n == nil || n.Type.Name() != w.node || !n.Type.NonNull {
			t.Errorf("%s.node is %v, want %s!", w.edge, n, w.node)
		}
	}
	if typed < 25 {
		t.Errorf("only %d typed fields; the wiring gives far more (is farLabels broken?)", typed)
	}
	// No typed connection is left without a field: each names a label the wiring gives.
	for name, def := range schema.Types {
		if def.Kind != ast.Object {
			continue
		}
		for _, suffix := range []string{"RelationConnection", "MemberConnection"} {
			if strings.HasSuffix(name, suffix) && name != suffix && !slices.ContainsFunc(slices.Collect(maps.Values(tests)), func(w want) bool { return w.conn == name }) {
				t.Errorf("%s is in the schema, but no wired field returns it", name)
			}
		}
	}
}
