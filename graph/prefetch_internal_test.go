package graph

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// TestWiringCoversEverySchemaField: every relation field of every entity type in the schema
// has its row in relationFields (or is the generic relations field), every member list its row
// in memberFields, and no row is left without its schema field: resolvers and prefetch read the
// same rows, so a field is wired once. Each member row's label can be a member in its dimension.
func TestWiringCoversEverySchemaField(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	var missing []string
	inSchema := map[string]bool{}
	checked := 0
	for _, def := range schema.Types {
		if !slices.Contains(def.Interfaces, "Entity") {
			continue
		}
		for _, f := range def.Fields {
			key := def.Name + "." + f.Name
			switch {
			case strings.HasSuffix(f.Type.Name(), "RelationConnection") && f.Name != "relations":
				checked++
				inSchema[key] = true
				if _, ok := relationFields[def.Name][f.Name]; !ok {
					missing = append(missing, key+" (relationFields)")
				}
			case strings.HasSuffix(f.Type.Name(), "MemberConnection"):
				checked++
				inSchema[key] = true
				row, ok := memberFields[def.Name][f.Name]
				if !ok {
					missing = append(missing, key+" (memberFields)")
				} else if !model.HasMembers(row.Label, row.Dimension) {
					t.Errorf("%s lists %s by %s, which the membership table never admits", key, row.Label, row.Dimension)
				}
			}
		}
	}
	sort.Strings(missing)
	if checked < 40 {
		t.Fatalf("found only %d relation and member fields in the schema; the walk is broken", checked)
	}
	if len(missing) > 0 {
		t.Errorf("schema fields without a row in the wiring table: %v", missing)
	}
	for _, table := range []map[string][]string{keysOf(relationFields), keysOf(memberFields)} {
		for typeName, fields := range table {
			for _, f := range fields {
				if !inSchema[typeName+"."+f] {
					t.Errorf("wiring row %s.%s has no such field in the schema", typeName, f)
				}
			}
		}
	}
}

func keysOf[V any](m map[string]map[string]V) map[string][]string {
	out := map[string][]string{}
	for t, fields := range m {
		for f := range fields {
			out[t] = append(out[t], f)
		}
	}
	return out
}
