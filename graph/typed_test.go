package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestTypedFieldsNeedNoFragments: a relation field whose far end is one label, and an entity
// page's member list, give nodes of that type: their type's own fields are asked without a
// fragment, on edges and nodes alike, over every entity of the seeds.
func TestTypedFieldsNeedNoFragments(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name   string
		list   string // the top-level list of the entities that have the field
		field  string // the field with what it asks of the far type, without fragments
		far    string // the far type
		ownKey string // a field only the far type has (non-null), read from each node
	}{
		{"Initiative.regions", "initiatives", "regions { edges { id node { __typename id kind } } nodes { __typename id kind } }", "Region", "kind"},
		{"Initiative.partners", "initiatives", "partners { edges { id node { __typename id sector } } nodes { __typename id sector } }", "Organisation", "sector"},
		{"Initiative.people", "initiatives", "people { edges { id node { __typename id functions } } nodes { __typename id functions } }", "Person", "functions"},
		{"Initiative.bouwstenen", "initiatives", "bouwstenen { edges { id node { __typename id series } } nodes { __typename id series } }", "Bouwsteen", "series"},
		{"Initiative.events", "initiatives", "events { edges { id node { __typename id date } } nodes { __typename id date } }", "Event", "date"},
		{"Initiative.themes", "initiatives", "themes { edges { id node { __typename id initiatives(first: 0) { totalCount } } } nodes { __typename id initiatives(first: 0) { totalCount } } }", "Theme", "initiatives"},
		{"Event.speakers", "events", "speakers { edges { id node { __typename id functions } } nodes { __typename id functions } }", "Person", "functions"},
		{"Organisation.regions", "organisations", "regions { edges { id node { __typename id kind } } nodes { __typename id kind } }", "Region", "kind"},
		{"Region.initiatives", "regions", "initiatives { edges { id scope node { __typename id kind } } nodes { __typename id kind } }", "Initiative", "kind"},
		{"Theme.documents", "themes", "documents { edges { id scope node { __typename id title } } nodes { __typename id title } }", "Document", "title"},
		{"Bouwsteen.organisations", "bouwstenen", "organisations { edges { id scope node { __typename id sector } } nodes { __typename id sector } }", "Organisation", "sector"},
	}
	// No subtests: the api's must fails the test it was made for.
	for _, tt := range tests {
		field, _, _ := strings.Cut(tt.field, " ")
		var data map[string]struct {
			Nodes []map[string]any `json:"nodes"`
		}
		a.must(fmt.Sprintf("{ %s(first: 100) { nodes { id %s } } }", tt.list, tt.field), nil, &data)
		seen := 0
		for _, parent := range data[tt.list].Nodes {
			conn := decode[struct {
				Edges []struct {
					ID   string         `json:"id"`
					Node map[string]any `json:"node"`
				} `json:"edges"`
				Nodes []map[string]any `json:"nodes"`
			}](t, parent[field])
			if len(conn.Edges) != len(conn.Nodes) {
				t.Fatalf("%s of %s: %d edges, %d nodes", tt.name, parent["id"], len(conn.Edges), len(conn.Nodes))
			}
			for i, e := range conn.Edges {
				for _, n := range []map[string]any{e.Node, conn.Nodes[i]} {
					seen++
					if n["__typename"] != tt.far || n[tt.ownKey] == nil || n["id"] != e.Node["id"] {
						t.Errorf("%s of %s: node %v, want a %s with its %s", tt.name, parent["id"], n, tt.far, tt.ownKey)
					}
				}
			}
		}
		if seen == 0 {
			t.Errorf("%s: no entity of the seeds has one; the case proves nothing", tt.name)
		}
	}
}

// TestNestedWhereIsTheListFilter: a typed field's where keeps exactly the far entities that
// the top-level list with the same where gives, among those the field gives without it; its
// totalCount is the number of distinct ids over all its pages, and it pages both ways.
func TestNestedWhereIsTheListFilter(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name   string
		list   string // the top-level list of the entities that have the field
		typ    string // their type
		field  string
		far    string // the top-level list of the far type
		where  string
		limits string // extra arguments of the field besides where and the page
	}{
		{"Region.initiatives by theme", "regions", "Region", "initiatives", "initiatives", `{theme: "theme-ouderbetrokkenheid"}`, ""},
		{"Region.initiatives by kind or theme, DIRECT", "regions", "Region", "initiatives", "initiatives", `{OR: [{kind: {eq: "lerende praktijk"}}, {theme: "theme-thuiszitters"}]}`, "scope: DIRECT"},
		{"Theme.initiatives by region", "themes", "Theme", "initiatives", "initiatives", `{region: "region-veenendaal"}`, ""},
		{"Theme.organisations not in a region", "themes", "Theme", "organisations", "organisations", `{NOT: {region: "region-veenendaal"}}`, ""},
		{"Initiative.regions by kind", "initiatives", "Initiative", "regions", "regions", `{kind: {eq: "gemeente"}}`, ""},
		{"Initiative.partners by region", "initiatives", "Initiative", "partners", "organisations", `{region: "region-veenendaal"}`, ""},
		{"Initiative.partners by name", "initiatives", "Initiative", "partners", "organisations", `{nameContains: "gemeente"}`, ""},
		{"Initiative.themes by name", "initiatives", "Initiative", "themes", "themes", `{OR: [{name: {contains: "ouder"}}, {name: {contains: "thuis"}}]}`, ""},
		{"Organisation.people by initiative theme", "organisations", "Organisation", "people", "people", `{theme: "theme-ouderbetrokkenheid"}`, ""},
		{"Event.speakers by name", "events", "Event", "speakers", "people", `{NOT: {name: {startsWith: "A"}}}`, ""},
	}
	for _, tt := range tests {
		// Each case only reads the seeds: they run in parallel subtests.
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := a.on(t)
			// The top-level list with the filter.
			_, inList := a.walk(t, tt.far, fmt.Sprintf(`query($after: String) { %s(where: %s, first: 100, after: $after) {
				totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }`, tt.far, tt.where), nil,
				func(d map[string]any) idPage { return decode[idPage](t, d[tt.far]) })
			// The field without it, for every entity of the list.
			args := "first: 100"
			if tt.limits != "" {
				args += ", " + tt.limits
			}
			var data map[string]struct {
				Nodes []struct {
					ID    string `json:"id"`
					Field idPage `json:"field"`
				} `json:"nodes"`
			}
			a.must(fmt.Sprintf("{ %s(first: 100) { nodes { id field: %s(%s) { totalCount nodes { id } pageInfo { hasNextPage } } } } }", tt.list, tt.field, args), nil, &data)
			kept, dropped := 0, 0 // entities whose field the filter keeps something of, drops something of
			for _, parent := range data[tt.list].Nodes {
				if parent.Field.PageInfo.HasNextPage || len(parent.Field.Nodes) == 0 {
					continue // larger than one page, or nothing to filter
				}
				var want []string
				for _, n := range parent.Field.Nodes {
					if inList[n.ID] && !slices.Contains(want, n.ID) {
						want = append(want, n.ID)
					}
				}
				sort.Strings(want)
				if len(want) > 0 {
					kept++
				}
				if len(want) < len(parent.Field.Nodes) {
					dropped++
				}
				what := fmt.Sprintf("%s(%s).%s(where: %s)", tt.typ, parent.ID, tt.field, tt.where)
				fetch := func(page string) connPage {
					extra := page
					if tt.limits != "" {
						extra += ", " + tt.limits
					}
					var d struct {
						Node struct {
							Field connPage `json:"field"`
						} `json:"node"`
					}
					a.must(fmt.Sprintf(`{ node(id: %q) { ... on %s { field: %s(where: %s, %s) {
						totalCount edges { id cursor node { id } } nodes { id }
						pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`, parent.ID, tt.typ, tt.field, tt.where, extra), nil, &d)
					return d.Node.Field
				}
				all := fetch("first: 100")
				got := map[string]bool{}
				for _, n := range all.Nodes {
					got[n.ID] = true
				}
				if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, want) {
					t.Errorf("%s = %v, want the list filter's among the field's: %v", what, ids, want)
				}
				if all.TotalCount != len(all.Nodes) {
					t.Errorf("%s: totalCount %d, %d on the one page", what, all.TotalCount, len(all.Nodes))
				}
				checkBothWays(t, what, fetch)
			}
			if kept == 0 || dropped == 0 {
				t.Errorf("%s: the filter keeps something of %d fields and drops something of %d; the case proves nothing unless both", tt.name, kept, dropped)
			}
		})
	}
}

// TestNestedWhereOffersOnlyWhatApplies: a typed field's where is its far type's filter input,
// so a filter that cannot apply to the far type is a validation error naming it.
func TestNestedWhereOffersOnlyWhatApplies(t *testing.T) {
	a := newAPI(t)
	tests := []struct{ query, field, input string }{
		{`{ initiatives(first: 1) { nodes { regions(where: {sector: "school"}) { totalCount } } } }`, "sector", "RegionWhere"},
		{`{ initiatives(first: 1) { nodes { people(where: {kind: {eq: "x"}}) { totalCount } } } }`, "kind", "PersonWhere"},
		{`{ regions(first: 1) { nodes { initiatives(where: {date: {from: "2024-01-01"}}) { totalCount } } } }`, "date", "InitiativeWhere"},
		{`{ initiatives(first: 1) { nodes { themes(where: {region: "region-veenendaal"}) { totalCount } } } }`, "region", "ThemeWhere"},
	}
	for _, tt := range tests {
		errs := a.do(tt.query, nil, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, `"`+tt.field+`"`) || !strings.Contains(errs[0].Message, tt.input) ||
			errs[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%s = %+v, want one validation error naming %s of %s", tt.query, errs, tt.field, tt.input)
		}
	}
	// A field whose far end has several labels has no filter at all.
	if errs := a.do(`{ initiatives(first: 1) { nodes { programmes(where: {}) { totalCount } } } }`, nil, nil); len(errs) != 1 ||
		!strings.Contains(errs[0].Message, `"where"`) {
		t.Errorf("Initiative.programmes(where:) = %+v, want an error: the field has no where", errs)
	}
}

// readmeTypedQuery is the README's example of typed, filtered nested connections; its answer
// is testdata/readme-typed.golden.json, so the README shows what the API really answers.
const readmeTypedQuery = `{ node(id: "region-veenendaal") { ... on Region { name
    initiatives(where: {theme: "theme-ouderbetrokkenheid"}) { totalCount
      nodes { name kind targetGroups regions { nodes { name kind } } } } } } }`

func TestReadmeTypedExample(t *testing.T) {
	a := newAPI(t)
	var got json.RawMessage
	a.must(readmeTypedQuery, nil, &got)
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/readme-typed.golden.json"
	if *updateGolden {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s: %v (run with -update-facts)", golden, err)
	}
	if pretty.String() != string(want) {
		t.Errorf("README example answer changed:\n%s\nwant (%s):\n%s", pretty.String(), golden, want)
	}
}
