package graph

import (
	"sort"
	"testing"
)

// TestPrefetchCoversEveryRelationField: every relation field of every entity type in the
// schema has its query in relationFields (or is the generic relations field), so that prefetch
// serves it; TestPrefetchServesEveryRelationField checks the queries are the resolvers' own.
func TestPrefetchCoversEveryRelationField(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	var missing []string
	checked := 0
	for _, def := range schema.Types {
		if len(def.Interfaces) == 0 || !contains(def.Interfaces, "Entity") {
			continue
		}
		for _, f := range def.Fields {
			if f.Type.Name() != "RelationConnection" || f.Name == "relations" {
				continue
			}
			checked++
			if _, ok := relationFields[def.Name][f.Name]; !ok {
				missing = append(missing, def.Name+"."+f.Name)
			}
		}
	}
	sort.Strings(missing)
	if checked < 40 {
		t.Fatalf("found only %d relation fields in the schema; the walk is broken", checked)
	}
	if len(missing) > 0 {
		t.Errorf("relation fields without a prefetch query: %v", missing)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
