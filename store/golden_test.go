package store

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGeneratedCypherGolden prints every membership statement the store generates from the
// membership table (per label and dimension: the count, the member page and the list
// filter's index anchor of DIRECT and of ALL and VIA, and the list filter of each scope) into
// testdata/membership.cypher.golden, so that grepping a relationship type finds every query
// that follows it, and a change to the table shows in review as a change of Cypher. Refresh
// with go test ./store -run Golden -update.
func TestGeneratedCypherGolden(t *testing.T) {
	// ALL and VIA share the text of a member page and of an anchor; DIRECT has its own.
	scopeText := map[model.Scope]string{model.ScopeDirect: "DIRECT", model.ScopeAll: "ALL and VIA"}
	var b strings.Builder
	for _, d := range model.Dimensions {
		for _, label := range model.Labels {
			if !model.HasMembers(label, d) {
				fmt.Fprintf(&b, "// %s by %s: no route (a filter on it is an error)\n\n", label, d)
				continue
			}
			filter := model.Memberships[d].Filter
			fmt.Fprintf(&b, "// %s by %s: counts\n%s\n\n", label, d, countQueriesBy[d][label])
			for _, scope := range []model.Scope{model.ScopeDirect, model.ScopeAll} {
				fmt.Fprintf(&b, "// %s by %s, %s: member page\n%s\n\n", label, d, scopeText[scope], membersQuery(model.MemberSet{Label: label, Dimension: d, Scope: scope}, nil))
				fmt.Fprintf(&b, "// %s where %s, %s: anchor\n%s\n\n", label, filter, scopeText[scope], membershipAnchor(label, d, scope, "scope", filter, ""))
			}
			for _, scope := range model.AllScope {
				fmt.Fprintf(&b, "// %s where %s, %s: check\n%s\n\n", label, filter, scope, membershipCheck(label, d, scope, filter, ""))
			}
			// As of a date the same routes, every step checked against its document's date.
			fmt.Fprintf(&b, "// %s by %s as of: counts\n%s\n\n", label, d, countQueriesAsOf[d][label])
			fmt.Fprintf(&b, "// %s by %s, ALL as of: member page\n%s\n\n", label, d, membersQuery(model.MemberSet{Label: label, Dimension: d, Scope: model.ScopeAll, AsOf: "2024-01-01"}, nil))
			fmt.Fprintf(&b, "// %s where %s, ALL as of: check\n%s\n\n", label, filter, membershipCheck(label, d, model.ScopeAll, filter, "asOf"))
		}
	}
	golden(t, "membership.cypher.golden", b.String())
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./store -run Golden -update)", err)
	}
	if string(want) != got {
		t.Errorf("generated Cypher differs from %s; review and run go test ./store -run Golden -update", path)
	}
}

// TestRelationsCypherGolden prints the relation page statements of a few relation queries into
// testdata/relations.cypher.golden: a typed field's, the same with a filter on its far node (the
// list filter of the far label, as the top-level list renders it, every value a parameter),
// counted and paged from the end, and a field whose far end has several labels. Refresh with
// go test ./store -run Golden -update.
func TestRelationsCypherGolden(t *testing.T) {
	str := func(s string) *string { return &s }
	partners := model.RelQuery{Pairs: []model.RelPair{{Type: "PARTNER_IN", Dir: "IN"}, {Type: "LEADS", Dir: "IN"}}, Labels: []string{model.LabelOrganisation}}
	filtered := partners
	filtered.Total = true
	filtered.Where = &model.Where{Region: str("region-x"), Name: &model.StringFilter{StartsWith: str("G")},
		Or: []*model.Where{{Theme: str("theme-x")}, {Not: &model.Where{Sector: str("school")}}}}
	tests := []struct {
		name    string
		q       model.RelQuery
		fromEnd bool
	}{
		{"Initiative.partners", partners, false},
		{"Initiative.partners(where: {region, name, OR: [theme, NOT sector]}), counted, from the end", filtered, true},
		{"learnsFrom: several far labels", model.RelQuery{Pairs: []model.RelPair{{Type: "LEARNS_FROM", Dir: "OUT"}, {Type: "INSPIRES", Dir: "IN"}}, Light: true}, false},
	}
	var b strings.Builder
	for _, tt := range tests {
		text, params, err := relationsQueryFor(tt.q, tt.fromEnd)
		if err != nil {
			t.Fatalf("relationsQueryFor(%s): %v", tt.name, err)
		}
		keys := slices.Sorted(maps.Keys(params))
		var ps []string
		for _, k := range keys {
			ps = append(ps, fmt.Sprintf("$%s = %v", k, params[k]))
		}
		fmt.Fprintf(&b, "// %s\n// parameters of the filter: %s\n%s\n\n", tt.name, strings.Join(ps, ", "), text)
	}
	golden(t, "relations.cypher.golden", b.String())
}
