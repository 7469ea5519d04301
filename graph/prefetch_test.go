package graph_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// listFields names the top-level list of each entity type.
var listFields = map[string]string{
	"Region": "regions", "Initiative": "initiatives", "Organisation": "organisations", "Person": "people",
	"Bouwsteen": "bouwstenen", "Event": "events", "Theme": "themes", "Programme": "programmes", "Document": "documents",
	"Publication": "publications", "MeetingFormat": "meetingFormats",
}

// TestPrefetchServesEveryRelationField: a list with one relation field under its nodes costs two
// round trips, the list and one for the field over every row. Were the prefetch query of a
// field not the resolver's own, the resolver would miss the primed page and ask again (three).
func TestPrefetchServesEveryRelationField(t *testing.T) {
	a := newAPI(t)
	var schema struct {
		Schema struct {
			Types []struct {
				Name       string
				Interfaces []struct{ Name string }
				Fields     []struct {
					Name string
					Type struct {
						Name, Kind string
						OfType     *struct{ Name string }
					}
				}
			}
		} `json:"__schema"`
	}
	a.must(`{ __schema { types { name interfaces { name } fields { name type { name kind ofType { name } } } } } }`, nil, &schema)
	tested := 0
	for _, ty := range schema.Schema.Types {
		list, ok := listFields[ty.Name]
		if !ok {
			continue
		}
		for _, f := range ty.Fields {
			// Generic and typed (RegionRelationConnection, InitiativeMemberConnection) alike.
			if f.Type.OfType == nil || !strings.HasSuffix(f.Type.OfType.Name, "RelationConnection") && !strings.HasSuffix(f.Type.OfType.Name, "MemberConnection") {
				continue
			}
			tested++
			t.Run(ty.Name+"."+f.Name, func(t *testing.T) {
				t.Parallel() // read-only; each subtest counts its own round trips (a.on)
				a := a.on(t)
				q := fmt.Sprintf(`{ %s(first: 20) { nodes { id %s(first: 3) { totalCount edges { node { id name } } } } } }`, list, f.Name)
				var got map[string]struct {
					Nodes []map[string]any
				}
				a.must(q, nil, &got)
				if len(got[list].Nodes) == 0 {
					t.Skipf("no %s in the seeds", list)
				}
				if n := a.queries.Load(); n != 2 {
					t.Errorf("%s cost %d round trips, want 2 (the list, then the field for every row)", q, n)
				}
			})
		}
	}
	if tested < 40 {
		t.Fatalf("tested %d relation fields; the schema walk is broken", tested)
	}
}

// TestRelationPagesAreCutByTheStore: walking a relation list page by page gives exactly the
// full list, in order, with the total on every page, and the nested form over several regions
// costs one round trip per level.
func TestRelationPagesAreCutByTheStore(t *testing.T) {
	a := newAPI(t)
	type conn struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Type string
			Node struct{ ID string }
		}
	}
	// The busiest event or organisation of the seeds.
	var busiest struct {
		Events, Organisations struct {
			Nodes []struct {
				ID        string
				Relations struct{ TotalCount int }
			}
		}
	}
	a.must(`{ events(first: 100) { nodes { id relations(first: 0) { totalCount } } }
	  organisations(first: 100) { nodes { id relations(first: 0) { totalCount } } } }`, nil, &busiest)
	id, most := "", 0
	for _, n := range append(busiest.Events.Nodes, busiest.Organisations.Nodes...) {
		if n.Relations.TotalCount > most {
			id, most = n.ID, n.Relations.TotalCount
		}
	}
	var full struct {
		Node struct{ Relations conn }
	}
	a.must(fmt.Sprintf(`{ node(id: %q) { ... on Entity { relations(first: 200) { totalCount edges { type node { id } } } } } }`, id), nil, &full)
	all := full.Node.Relations.Edges
	if len(all) < 5 || full.Node.Relations.TotalCount != len(all) || most != len(all) {
		t.Fatalf("%s has %d relations, totalCount %d (%d with first: 0); the test needs at least 5", id, len(all), full.Node.Relations.TotalCount, most)
	}
	var want []string
	for _, e := range all {
		want = append(want, e.Type+" "+e.Node.ID)
	}
	// With totalCount the store counts as well; without, it tells the next page by one more row.
	for _, total := range []string{"totalCount", ""} {
		var walked []string
		var after *string
		for pages := 0; ; pages++ {
			if pages > len(all) {
				t.Fatal("paging does not end")
			}
			var got struct {
				Node struct{ Relations conn }
			}
			a.must(`query($id: ID!, $after: String) { node(id: $id) { ... on Entity { relations(first: 2, after: $after) {
			  `+total+` pageInfo { hasNextPage endCursor } edges { type node { id } } } } } }`, map[string]any{"id": id, "after": after}, &got)
			r := got.Node.Relations
			if total != "" && r.TotalCount != len(all) {
				t.Fatalf("page %d says totalCount %d, want %d", pages, r.TotalCount, len(all))
			}
			for _, e := range r.Edges {
				walked = append(walked, e.Type+" "+e.Node.ID)
			}
			if !r.PageInfo.HasNextPage {
				break
			}
			after = r.PageInfo.EndCursor
		}
		if fmt.Sprint(walked) != fmt.Sprint(want) {
			t.Errorf("paged walk (%q)\n %v\nwant\n %v", total, walked, want)
		}
	}
	sorted := append([]string(nil), want...)
	sort.SliceStable(sorted, func(i, j int) bool { return all[i].Type < all[j].Type })
	if fmt.Sprint(sorted) != fmt.Sprint(want) {
		t.Errorf("relations are not grouped by type: %v", want)
	}
}
