package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestListReadsTheFieldsAsked: a list asked for a few fields of its nodes returns the same
// nodes in the same order, with the same cursors and totals, as one that reads whole nodes;
// the fields asked carry the same values, and a field not asked is left out. Every label is
// read unfiltered, regions anchored on a kind and initiatives on a region, each with and
// without its total, so that every form of the list statement returns its rows the same way.
func TestListReadsTheFieldsAsked(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	order := []model.EntityOrder{{Field: model.EntityOrderFieldName, Direction: model.OrderDirectionAsc}}
	gemeente, almere := "gemeente", "region-almere"
	filtered := map[string]*model.Where{ // anchored on a kind, and on a membership
		model.LabelRegion:     {Kind: &model.StringFilter{Eq: &gemeente}},
		model.LabelInitiative: {Region: &almere},
	}
	described := 0
	for _, label := range model.Labels {
		wheres := []*model.Where{nil}
		if w := filtered[label]; w != nil {
			wheres = append(wheres, w)
		}
		for _, where := range wheres {
			for _, total := range []bool{false, true} {
				full, err := s.List(ctx, label, model.ListArgs{Where: where, Order: order, First: 5, WithTotal: total})
				if err != nil {
					t.Fatal(err)
				}
				some, err := s.List(ctx, label, model.ListArgs{Where: where, Order: order, First: 5, WithTotal: total, Fields: []string{"name", "mentionCount"}})
				if err != nil {
					t.Fatal(err)
				}
				what := label
				if where != nil {
					what += " filtered"
				}
				if len(full.Nodes) == 0 || len(some.Nodes) != len(full.Nodes) || !reflect.DeepEqual(some.Cursors, full.Cursors) {
					t.Fatalf("%s (total %v): %d nodes by field, %d whole; cursors %v and %v", what, total, len(some.Nodes), len(full.Nodes), some.Cursors, full.Cursors)
				}
				if total {
					a, _ := some.Count(ctx)
					b, _ := full.Count(ctx)
					if a != b {
						t.Errorf("%s: total %d by field, %d whole", what, a, b)
					}
				}
				for i, f := range full.Nodes {
					n := some.Nodes[i]
					if reflect.TypeOf(n) != reflect.TypeOf(f) || n.GetID() != f.GetID() || n.GetName() != f.GetName() || n.GetMentionCount() != f.GetMentionCount() {
						t.Errorf("%s node %d: %T %s %q %d by field, %T %s %q %d whole", what, i,
							n, n.GetID(), n.GetName(), n.GetMentionCount(), f, f.GetID(), f.GetName(), f.GetMentionCount())
					}
					if f.GetDescription() != nil {
						described++
						if n.GetDescription() != nil {
							t.Errorf("%s node %s read by field has a description it was not asked", what, n.GetID())
						}
					}
				}
			}
		}
	}
	if described == 0 {
		t.Error("no node read whole has a description: the comparison proves nothing")
	}

	// Every field the store reads from properties, asked at once, reads the node as a whole
	// read does (facts aside: they are their own field): the table of fields and properties
	// and entityOf agree.
	for _, label := range model.Labels {
		full, err := s.List(ctx, label, model.ListArgs{Order: order, First: 20})
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.List(ctx, label, model.ListArgs{Order: order, First: 20, Fields: store.EntityFields()})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Nodes) != len(full.Nodes) {
			t.Fatalf("%s: %d nodes by every field, %d whole", label, len(all.Nodes), len(full.Nodes))
		}
		for i, f := range full.Nodes {
			f.Base().Facts, all.Nodes[i].Base().Facts = nil, nil
			if !reflect.DeepEqual(all.Nodes[i], f) {
				t.Errorf("%s node %s: by every field %+v, whole %+v", label, f.GetID(), all.Nodes[i], f)
			}
		}
	}
}

// TestKindAnchorKeepsTheRestOfTheKindFilter: a list anchored on kind.eq leaves the equality
// to its MATCH and still applies what else the kind filter asks.
func TestKindAnchorKeepsTheRestOfTheKindFilter(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	gemeente, provincie, gem := "gemeente", "provincie", "gem"
	count := func(k model.StringFilter) int {
		t.Helper()
		order := []model.EntityOrder{{Field: model.EntityOrderFieldName, Direction: model.OrderDirectionAsc}}
		p, err := s.List(ctx, model.LabelRegion, model.ListArgs{Where: &model.Where{Kind: &k}, Order: order, First: 100, WithTotal: true})
		if err != nil {
			t.Fatal(err)
		}
		n, err := p.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	all := count(model.StringFilter{Eq: &gemeente})
	if all == 0 {
		t.Fatal("no gemeente among the seeded regions: the test proves nothing")
	}
	tests := []struct {
		name string
		k    model.StringFilter
		want int
	}{
		{"eq and a matching startsWith", model.StringFilter{Eq: &gemeente, StartsWith: &gem}, all},
		{"eq and an in holding it", model.StringFilter{Eq: &gemeente, In: []string{gemeente, provincie}}, all},
		{"eq and an in without it", model.StringFilter{Eq: &gemeente, In: []string{provincie}}, 0},
	}
	for _, tt := range tests {
		if got := count(tt.k); got != tt.want {
			t.Errorf("%s: %d regions, want %d", tt.name, got, tt.want)
		}
	}
}
