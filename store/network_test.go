package store_test

import (
	"context"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestNetworkReadsNodesLightWhenAsked: a network read light has the same nodes, relations
// and names as the full read, and its nodes carry nothing but id and name; so do paths. Its
// edges read bare have the same ids, ends and types, and no evidence.
func TestNetworkReadsNodesLightWhenAsked(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	focus := "region-almere"
	types := []string{model.LearnsFrom, model.Inspires}
	full, err := s.Network(ctx, &focus, 2, nil, types, "", model.NetworkRead{})
	if err != nil {
		t.Fatal(err)
	}
	light, err := s.Network(ctx, &focus, 2, nil, types, "", model.NetworkRead{LightNodes: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Nodes) < 2 || len(light.Nodes) != len(full.Nodes) || len(light.Edges) != len(full.Edges) {
		t.Fatalf("light read: %d nodes, %d edges; full read: %d nodes, %d edges; want the same, more than the focus",
			len(light.Nodes), len(light.Edges), len(full.Nodes), len(full.Edges))
	}
	kinds := 0
	for i, f := range full.Nodes {
		l := light.Nodes[i]
		if l.GetID() != f.GetID() || l.GetName() != f.GetName() {
			t.Errorf("node %d: light %s %q, full %s %q", i, l.GetID(), l.GetName(), f.GetID(), f.GetName())
		}
		if r, ok := f.(*model.Region); ok && r.Kind != "" {
			kinds++
			if lr, ok := l.(*model.Region); !ok {
				t.Errorf("node %s read light is a %T, want a region", l.GetID(), l)
			} else if lr.Kind != "" {
				t.Errorf("node %s read light has kind %q, want none", l.GetID(), lr.Kind)
			}
		}
	}
	if kinds == 0 {
		t.Error("no region of the full read has a kind: the comparison proves nothing")
	}
	for i, e := range full.Edges {
		if light.Edges[i].ID != e.ID {
			t.Errorf("edge %d: light %s, full %s", i, light.Edges[i].ID, e.ID)
		}
	}
	bare, err := s.Network(ctx, &focus, 2, nil, types, "", model.NetworkRead{BareEdges: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(bare.Edges) != len(full.Edges) || len(bare.Nodes) != len(full.Nodes) {
		t.Fatalf("bare read: %d nodes, %d edges; full read: %d nodes, %d edges", len(bare.Nodes), len(bare.Edges), len(full.Nodes), len(full.Edges))
	}
	for i, e := range full.Edges {
		b := bare.Edges[i]
		if b.ID != e.ID || b.Source != e.Source || b.Target != e.Target || b.Type != e.Type {
			t.Errorf("edge %d: bare %s %s-%s->%s, full %s %s-%s->%s", i, b.ID, b.Source, b.Type, b.Target, e.ID, e.Source, e.Type, e.Target)
		}
		if e.Evidence.Quote == "" {
			t.Errorf("edge %s read full has no quote", e.ID)
		}
		if b.Evidence.Quote != "" || b.Role != nil {
			t.Errorf("edge %s read bare has a quote or a role", b.ID)
		}
	}
	fullPaths, err := s.Paths(ctx, "person-peet-de-graaf", "person-bas-wijnen", 5, 5, "", model.NetworkRead{})
	if err != nil {
		t.Fatal(err)
	}
	lightPaths, err := s.Paths(ctx, "person-peet-de-graaf", "person-bas-wijnen", 5, 5, "", model.NetworkRead{LightNodes: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(fullPaths) == 0 || len(lightPaths) != len(fullPaths) {
		t.Fatalf("%d paths read light, %d read full; want the same, more than none", len(lightPaths), len(fullPaths))
	}
	described := 0
	for i, f := range fullPaths {
		l := lightPaths[i]
		if len(l.Nodes) != len(f.Nodes) {
			t.Fatalf("path %d: %d nodes read light, %d read full", i, len(l.Nodes), len(f.Nodes))
		}
		for j, fn := range f.Nodes {
			ln := l.Nodes[j]
			if ln.GetID() != fn.GetID() || ln.GetName() != fn.GetName() {
				t.Errorf("path %d node %d: light %s %q, full %s %q", i, j, ln.GetID(), ln.GetName(), fn.GetID(), fn.GetName())
			}
			if fn.GetDescription() != nil {
				described++
				if ln.GetDescription() != nil {
					t.Errorf("path %d node %s read light has a description", i, ln.GetID())
				}
			}
		}
	}
	if described == 0 {
		t.Error("no node on the paths read full has a description: the comparison proves nothing")
	}
}
