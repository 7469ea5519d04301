package graph

import "github.com/metandereogen/maograph/graph/model"

// MemberFieldFor returns the entity-page field of typeName that lists the members of label
// in dimension d, from the wiring table; false when there is none.
func MemberFieldFor(typeName, label string, d model.Dimension) (string, bool) {
	for field, f := range memberFields[typeName] {
		if f.Label == label && f.Dimension == d {
			return field, true
		}
	}
	return "", false
}

// MemberFieldRows lists the wiring table's member fields as type.field -> label/dimension.
func MemberFieldRows() map[string]string {
	out := map[string]string{}
	for typeName, fields := range memberFields {
		for field, f := range fields {
			out[typeName+"."+field] = f.Label + "/" + string(f.Dimension)
		}
	}
	return out
}
