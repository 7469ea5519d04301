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
