package graph_test

import (
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/graph/model"
)

// TestWhereInputsOfferTheMemberships: each list's filter input offers exactly the dimensions the
// membership table gives its label, so a filter that cannot apply is a validation error and one
// that can is never missing (the table is the one home of the rule; the schema is checked against it).
func TestWhereInputsOfferTheMemberships(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, label := range model.Labels {
		in := s.Types[label+"Where"]
		if in == nil {
			t.Errorf("no input %sWhere in the schema", label)
			continue
		}
		for _, d := range model.AllDimension {
			name := strings.ToLower(string(d))
			offered := in.Fields.ForName(name) != nil
			if want := model.HasMembers(label, d); offered != want {
				t.Errorf("%sWhere.%s offered = %v, the membership table says %v", label, name, offered, want)
			}
		}
	}
}
